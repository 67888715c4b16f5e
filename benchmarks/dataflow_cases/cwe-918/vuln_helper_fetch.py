import requests
from flask import Flask, request

app = Flask(__name__)


def fetch_avatar(url):
    return requests.get(url, timeout=5).content


@app.route("/avatar", methods=["POST"])
def avatar():
    data = fetch_avatar(request.json["avatar_url"])
    return {"bytes": len(data)}
