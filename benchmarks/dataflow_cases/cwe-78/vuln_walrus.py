import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/debug")
def debug():
    if (cmd := request.args.get("cmd")) is not None:
        os.system(cmd)
    return {"ran": cmd is not None}
