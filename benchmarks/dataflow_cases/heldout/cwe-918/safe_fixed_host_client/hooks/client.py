from urllib.parse import quote

import requests

BASE = "https://hooks.example.com/api"
session = requests.Session()


def post_event(account, payload):
    url = f"{BASE}/accounts/{quote(account, safe='')}/events"
    response = session.post(url, json=payload, timeout=5)
    return response.status_code
