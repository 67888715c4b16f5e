import requests
from flask import Flask, request

app = Flask(__name__)
session = requests.Session()


@app.route("/feed")
def feed():
    return session.get(request.args["feed_url"], timeout=5).text
