# safe: the user picks a region key; the URL host comes only from the constant REGION_HOSTS (unknown keys rejected)
import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
REGION_HOSTS = {
    "eu": "status.eu.example.com",
    "us": "status.us.example.com",
}


@app.get("/status")
def region_status():
    region = request.args.get("region", "eu")
    if region not in REGION_HOSTS:
        abort(400)
    host = REGION_HOSTS[region]
    resp = requests.get(f"https://{host}/api/v1/health", timeout=3)
    return jsonify({"region": region, "healthy": resp.ok})
