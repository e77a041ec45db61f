import requests

TOKEN = "bkua_68963f6fc3a8b31f7fe5e21aa2819061be0b4062"
ORG = "acme"

def failed_builds(pipeline):
    r = requests.get(f"https://api.buildkite.com/v2/organizations/{ORG}/pipelines/{pipeline}/builds",
                     params={"state": "failed"}, headers={"Authorization": f"Bearer {TOKEN}"})
    r.raise_for_status()
    return r.json()
