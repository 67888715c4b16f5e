from urllib.parse import quote
from urllib.request import urlopen

from flask import Flask, request

app = Flask(__name__)


@app.route("/wiki")
def wiki():
    title = quote(request.args["title"])
    return urlopen("https://en.wikipedia.org/wiki/" + title, timeout=5).read()
