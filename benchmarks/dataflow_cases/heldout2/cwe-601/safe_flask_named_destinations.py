# Safe: the `dest` parameter is a key into a fixed map of endpoint names, and the redirect URL is always built by url_for from that map.
from flask import Flask, redirect, request, url_for

app = Flask(__name__)
DESTINATIONS = {
    "billing": "billing_overview",
    "profile": "edit_profile",
    "home": "index",
}


def destination_url(key: str) -> str:
    endpoint = DESTINATIONS.get(key, "index")
    return url_for(endpoint)


@app.route("/")
def index():
    return "home"


@app.route("/billing")
def billing_overview():
    return "billing"


@app.route("/profile")
def edit_profile():
    return "profile"


@app.route("/go")
def go():
    return redirect(destination_url(request.args.get("dest", "home")), code=302)
