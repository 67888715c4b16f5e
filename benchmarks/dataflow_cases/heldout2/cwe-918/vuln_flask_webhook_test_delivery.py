# Vulnerable: the "send test event" endpoint POSTs to the `url` from the JSON body with requests, so callers can reach internal hosts (169.254.169.254).
import time
import uuid

import requests
from flask import Blueprint, Flask, jsonify, request

webhooks = Blueprint("webhooks", __name__, url_prefix="/api/webhooks")
USER_AGENT = "ExampleHooks/2.1"


class WebhookClient:
    def __init__(self, timeout: float = 5.0):
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.timeout = timeout

    def deliver(self, target: str, event: dict) -> int:
        resp = self.session.post(target, json=event, timeout=self.timeout, allow_redirects=False)
        return resp.status_code


client = WebhookClient()


@webhooks.post("/test")
def send_test_event():
    body = request.get_json(silent=True) or {}
    target = body.get("url", "")
    event = {"id": str(uuid.uuid4()), "type": "ping", "created": int(time.time())}
    status = client.deliver(target, event)
    return jsonify(delivered=status < 400, status=status)


def create_app():
    app = Flask(__name__)
    app.register_blueprint(webhooks)
    return app
