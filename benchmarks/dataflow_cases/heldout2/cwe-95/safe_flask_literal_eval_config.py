# Safe: the user-supplied setting value is parsed with ast.literal_eval, which only accepts Python literals and never executes code.
import ast

from flask import Flask, jsonify, request

app = Flask(__name__)
USER_SETTINGS: dict[str, dict] = {}
ALLOWED_TYPES = (int, float, bool, str, list, tuple)


def parse_value(raw: str):
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    if not isinstance(value, ALLOWED_TYPES):
        raise ValueError("unsupported setting type")
    return value


@app.put("/users/<int:user_id>/settings/<key>")
def put_setting(user_id, key):
    raw = request.get_data(as_text=True)
    try:
        USER_SETTINGS.setdefault(str(user_id), {})[key] = parse_value(raw)
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(USER_SETTINGS[str(user_id)])
