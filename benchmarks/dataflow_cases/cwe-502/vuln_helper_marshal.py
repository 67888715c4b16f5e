import marshal

from flask import Flask, request

app = Flask(__name__)


def load_code(payload):
    return marshal.loads(payload)


@app.route("/code", methods=["POST"])
def code():
    obj = load_code(request.files["blob"].read())
    return {"name": obj.co_name}
