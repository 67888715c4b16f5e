# safe: the user URL's hostname must be in ALLOWED_HOSTS, and the fetched URL is rebuilt from https + that host + the quoted path
from urllib.parse import quote, urlsplit, urlunsplit

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ALLOWED_HOSTS = {"images.example.com", "cdn.example.com"}


def rebuild(url):
    parts = urlsplit(url)
    if parts.hostname not in ALLOWED_HOSTS:
        abort(400)
    return urlunsplit(("https", parts.hostname, quote(parts.path), "", ""))


@app.post("/images/import")
def import_image():
    url = rebuild(request.json["url"])
    resp = requests.get(url, timeout=5)
    return jsonify({"bytes": len(resp.content)})
