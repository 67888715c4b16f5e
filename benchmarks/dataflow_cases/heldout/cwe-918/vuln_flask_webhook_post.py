# vuln: request.json["callback_url"] is stored in a Webhook object and requests.post() is sent to it in deliver()
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)


class Webhook:
    def __init__(self, url, secret_header):
        self.url = url
        self.headers = {"X-Example-Signature": secret_header}

    def deliver(self, event):
        resp = requests.post(self.url, json=event, headers=self.headers, timeout=5)
        return resp.status_code


@app.post("/hooks/test")
def test_hook():
    body = request.get_json()
    hook = Webhook(body["callback_url"], "example-signature")
    status = hook.deliver({"type": "ping"})
    return jsonify({"delivered": status < 400, "status": status})
