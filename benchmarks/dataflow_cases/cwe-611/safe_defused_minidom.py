from defusedxml import minidom
from flask import Flask, request

app = Flask(__name__)


@app.route("/count", methods=["POST"])
def count():
    return {"n": len(minidom.parseString(request.get_data()).getElementsByTagName("item"))}
