# safe: the user host is one element of an argument list (no shell), after "--", so it cannot inject a command
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


def traceroute(host):
    args = ["traceroute", "-m", "15", "--", host]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    return proc.stdout


@app.post("/tools/traceroute")
def traceroute_view():
    host = request.json.get("host", "")
    if not host:
        return jsonify({"error": "host required"}), 400
    return jsonify({"hops": traceroute(host).splitlines()})
