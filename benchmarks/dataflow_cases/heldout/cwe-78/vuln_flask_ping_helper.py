# vuln: request.form["host"] returned by _target() reaches subprocess.run(f"ping ...", shell=True) in diagnose()
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)
PING_COUNT = 3


def _target():
    host = request.form["host"].strip()
    return host


def run_ping(host, count=PING_COUNT):
    cmd = f"ping -c {count} -W 2 {host}"
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=15)
    return proc.returncode, proc.stdout


@app.route("/admin/diagnose", methods=["POST"])
def diagnose():
    code, out = run_ping(_target())
    return jsonify({"ok": code == 0, "output": out.splitlines()[-3:]})
