import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/run", methods=["POST"])
def run_task():
    script = request.json["script"]
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    return {"stdout": proc.stdout}
