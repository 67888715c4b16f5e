# safe: the user text is parsed with ast.literal_eval (literals only), never eval/exec
import ast

from flask import Flask, jsonify, request

app = Flask(__name__)


def parse_value(text):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


@app.post("/settings/<key>")
def update_setting(key):
    raw = request.form.get("value", "")
    value = parse_value(raw)
    return jsonify({"key": key, "value": value, "type": type(value).__name__})
