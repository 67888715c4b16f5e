# safe: the user chooses a key; redirect() gets url_for() of a constant endpoint name from DESTINATIONS
from flask import Flask, redirect, request, url_for

app = Flask(__name__)
DESTINATIONS = {"home": "index", "billing": "billing", "profile": "profile"}


@app.get("/go")
def go():
    endpoint = DESTINATIONS.get(request.args.get("to", "home"), "index")
    return redirect(url_for(endpoint))


@app.get("/")
def index():
    return "index"


@app.get("/billing")
def billing():
    return "billing"


@app.get("/profile")
def profile():
    return "profile"
