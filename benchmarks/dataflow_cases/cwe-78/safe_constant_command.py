import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/status")
def status():
    verbose = request.args.get("verbose")
    out = subprocess.check_output("systemctl status nginx --no-pager", shell=True)
    return {"verbose": bool(verbose), "status": out.decode()}
