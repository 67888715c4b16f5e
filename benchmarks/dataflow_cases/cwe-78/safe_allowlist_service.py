import os
from flask import Flask, request, abort

app = Flask(__name__)
SERVICES = ("nginx", "postgresql", "redis")


@app.route("/restart", methods=["POST"])
def restart():
    name = request.form["service"]
    if name not in SERVICES:
        abort(400)
    os.system("systemctl restart " + name)
    return {"restarted": name}
