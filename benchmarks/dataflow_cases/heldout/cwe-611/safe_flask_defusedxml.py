# safe: the request body is parsed with defusedxml.ElementTree.fromstring (entities and DTDs refused)
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from flask import Flask, jsonify, request

app = Flask(__name__)


def parse_order(payload):
    root = SafeET.fromstring(payload)
    return {"id": root.get("id"), "lines": len(root.findall("line"))}


@app.post("/orders/xml")
def order_xml():
    try:
        return jsonify(parse_order(request.data))
    except DefusedXmlException:
        return jsonify({"error": "forbidden XML construct"}), 400
