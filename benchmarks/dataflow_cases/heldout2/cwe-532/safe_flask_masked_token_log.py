# Safe: GITHUB_TOKEN is only logged through mask(), which prints a fixed run of asterisks and the last 4 characters.
import logging
import os

import requests
from flask import Flask, jsonify

log = logging.getLogger("release-bot")
GITHUB_TOKEN = os.environ.get("GITHUB_TOKEN", "")
API = "https://api.github.com"


def mask(secret: str) -> str:
    if len(secret) < 12:
        return "****"
    return "*" * 8 + secret[-4:]


def github_session() -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"token {GITHUB_TOKEN}"
    s.headers["Accept"] = "application/vnd.github+json"
    log.info("github session ready (token %s)", mask(GITHUB_TOKEN))
    return s


app = Flask(__name__)


@app.get("/releases/latest")
def latest():
    r = github_session().get(f"{API}/repos/example-org/example-repo/releases/latest", timeout=10)
    return jsonify(tag=r.json().get("tag_name"))
