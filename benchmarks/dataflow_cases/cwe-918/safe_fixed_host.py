import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    uid = request.args["id"]
    r = requests.get(f"https://api.example.com/v1/users/{uid}", timeout=5)
    return r.json()
