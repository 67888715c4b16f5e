from flask import Flask, jsonify, request

from .engine import evaluate

app = Flask(__name__)
SAMPLE_EVENTS = [{"level": "error", "code": 500}, {"level": "info", "code": 200}]


@app.post("/rules/dry-run")
def dry_run():
    body = request.get_json()
    hits = evaluate(body.get("name", "rule"), body["condition"], SAMPLE_EVENTS)
    return jsonify({"matches": len(hits)})
