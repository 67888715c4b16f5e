# safe: the session cookie is verified with itsdangerous and decoded as JSON; no pickle/marshal/yaml on user data
import json

from flask import Flask, jsonify, make_response, request
from itsdangerous import BadSignature, URLSafeSerializer

app = Flask(__name__)
app.config["SECRET_KEY"] = "EXAMPLE-not-a-real-key"
serializer = URLSafeSerializer(app.config["SECRET_KEY"], salt="prefs")


def load_prefs(cookie):
    if not cookie:
        return {}
    try:
        return serializer.loads(cookie)
    except BadSignature:
        return {}


@app.post("/prefs")
def save_prefs():
    prefs = load_prefs(request.cookies.get("prefs"))
    prefs.update(json.loads(request.data or b"{}"))
    resp = make_response(jsonify(prefs))
    resp.set_cookie("prefs", serializer.dumps(prefs), httponly=True, secure=True)
    return resp
