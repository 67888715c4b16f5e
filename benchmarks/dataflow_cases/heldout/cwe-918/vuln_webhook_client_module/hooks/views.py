from flask import Flask, jsonify, request

from hooks.client import post_event

app = Flask(__name__)


@app.post("/webhooks/verify")
def verify():
    data = request.get_json()
    status = post_event(data["url"], {"event": "verify"})
    return jsonify({"status": status})
