import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/proxy")
def proxy():
    url = request.args["url"]
    resp = requests.get(url, timeout=5)
    return resp.content, resp.status_code
