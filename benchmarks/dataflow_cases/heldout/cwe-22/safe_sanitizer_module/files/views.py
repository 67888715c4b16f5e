from flask import Flask, Response, request

from . import store
from .security import clean_name

app = Flask(__name__)


@app.get("/files")
def download():
    name = clean_name(request.args.get("name", ""))
    return Response(store.read_file(name), mimetype="application/octet-stream")
