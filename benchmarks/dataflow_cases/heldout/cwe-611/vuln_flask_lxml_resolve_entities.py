# vuln: request.data is parsed by lxml.etree.fromstring with a parser built with resolve_entities=True and no_network=False
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)


def make_parser():
    return etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)


def parse_invoice(payload):
    root = etree.fromstring(payload, parser=make_parser())
    return {
        "number": root.findtext("number"),
        "total": float(root.findtext("total") or 0),
    }


@app.post("/invoices/import")
def import_invoice():
    invoice = parse_invoice(request.data)
    return jsonify(invoice)
