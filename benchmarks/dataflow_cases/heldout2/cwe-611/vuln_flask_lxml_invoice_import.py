# Vulnerable: the raw request body is parsed by lxml with an XMLParser that resolves entities and loads DTDs over the network (XXE: file:///etc/passwd).
from decimal import Decimal

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
PARSER = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
NS = {"inv": "urn:example:invoice:1"}


def parse_invoice(xml_bytes: bytes) -> dict:
    root = etree.fromstring(xml_bytes, parser=PARSER)
    lines = [
        {"sku": l.findtext("inv:sku", namespaces=NS), "amount": str(Decimal(l.findtext("inv:amount", "0", namespaces=NS)))}
        for l in root.iterfind("inv:line", namespaces=NS)
    ]
    return {"number": root.get("number"), "customer": root.findtext("inv:customer", namespaces=NS), "lines": lines}


@app.post("/invoices/import")
def import_invoice():
    if request.mimetype not in ("application/xml", "text/xml"):
        return jsonify(error="send XML"), 415
    return jsonify(parse_invoice(request.get_data()))
