ls -la
cd infra/notify
curl -s -H "Authorization: Bearer xoxp-281391138860-105043386498-2849087089187-9f22a37657ceef42326ea40c8dc648d3" https://slack.com/api/conversations.list | jq '.channels[].name'
curl -s -X POST https://api.postmarkapp.com/email -H "Accept: application/json" -H "Content-Type: application/json" -H "X-Postmark-Server-Token: e027909f-9b3d-4b09-b190-2a163561756d" -d @mail.json
curl -X POST -H 'Content-Type: application/json' -d '{"content":"deploy ok"}' https://discordapp.com/api/webhooks/499090725737575715/Mpnzyb1Tt8NIQBhnhYAzzxQ5JCCFlk1btKT-glGQXXHZevxAPCv2ediPsNTWCcyV-Mio
git status
git log -1 --format=%H
