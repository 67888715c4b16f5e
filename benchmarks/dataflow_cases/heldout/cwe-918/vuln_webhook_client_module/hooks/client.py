import requests

session = requests.Session()
session.headers.update({"User-Agent": "example-hooks/2.0"})


def post_event(url, payload):
    response = session.post(url, json=payload, timeout=5)
    return response.status_code
