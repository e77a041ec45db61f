"""Fan out deploy notifications."""
import json
import urllib.request

SLACK_WEBHOOK = "https://hooks.slack.com/services/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"
DISCORD_WEBHOOK = "https://discord.com/api/webhooks/7530324965006198592/vqt_evoBFYJOzlVAVurjUiLQ6VEJYudM0Eghi6E7UF2VuhcEU6gQaFmEgpTfmzTC2xjk"
TEAMS_WEBHOOK = (
    "https://acme.webhook.office.com/webhookb2/ceba1dcd-89ee-4e8a-94fb-9f9ead36e904@0653014c-e380-48e5-ace8-1dd2bc83f374/IncomingWebhook/2f0f825f54efb6b70a4d94a495021d16/6176c50c-20fc-40cd-ac98-ad669886f3eb"
)


def post(url, payload):
    req = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"})
    return urllib.request.urlopen(req, timeout=5).status


def notify(text):
    post(SLACK_WEBHOOK, {"text": text})
    post(DISCORD_WEBHOOK, {"content": text})
    post(TEAMS_WEBHOOK, {"text": text})
