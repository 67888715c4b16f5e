# safe: lxml parser built with resolve_entities=False, no_network=True, load_dtd=False before parsing the uploaded file
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
HARDENED = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def svg_size(data):
    root = etree.fromstring(data, HARDENED)
    return root.get("width"), root.get("height")


@app.post("/svg/inspect")
def inspect_svg():
    width, height = svg_size(request.files["svg"].read())
    return jsonify({"width": width, "height": height})
