import requests

# Paperspace API client for the render farm
PAPERSPACE_API_KEY = ("60d733fb13701de"
                      "2b07c3ca34c239d")
BASE = "https://api.paperspace.com/v1"

def machines():
    r = requests.get(f"{BASE}/machines", headers={"Authorization": f"Bearer {PAPERSPACE_API_KEY}"})
    r.raise_for_status()
    return r.json()
