import hashlib
import hmac
import json

from flask import Flask, abort, request

app = Flask(__name__)
KEY = b"server-side-key-from-config"


@app.route("/state", methods=["POST"])
def state():
    body = request.get_data()
    sig = request.headers.get("X-Signature", "")
    if not hmac.compare_digest(sig, hmac.new(KEY, body, hashlib.sha256).hexdigest()):
        abort(403)
    return json.loads(body)
