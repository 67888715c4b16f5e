# Vulnerable: the `host` query parameter is interpolated into a shell command run with subprocess.run(shell=True) ("8.8.8.8; cat /etc/shadow").
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)
PING_COUNT = 3
TIMEOUT_S = 10


def build_ping(host: str, count: int = PING_COUNT) -> str:
    return f"ping -c {count} -W 2 {host}"


def run_diag(cmd: str) -> dict:
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=TIMEOUT_S)
    return {"rc": proc.returncode, "out": proc.stdout[-4000:], "err": proc.stderr[-1000:]}


@app.route("/admin/diag/ping")
def ping():
    host = request.args.get("host", "127.0.0.1").strip()
    if not host:
        return jsonify(error="host required"), 400
    return jsonify(run_diag(build_ping(host)))


@app.route("/admin/diag/uptime")
def uptime():
    return jsonify(run_diag("uptime"))
