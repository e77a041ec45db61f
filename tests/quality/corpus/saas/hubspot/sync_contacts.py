import requests

HUBSPOT_TOKEN = "pat-na1-4460059f-270c-499e-ac00-fb2e29e9f973"
session = requests.Session()
session.headers["Authorization"] = f"Bearer {HUBSPOT_TOKEN}"

def contacts(after=None):
    params = {"limit": 100, "after": after} if after else {"limit": 100}
    return session.get("https://api.hubapi.com/crm/v3/objects/contacts", params=params).json()
