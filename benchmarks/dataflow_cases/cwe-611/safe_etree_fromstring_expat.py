# safe (relabeled): ElementTree (expat) never fetches external entities; expat 2.4.1+ limits expansion.
# https://docs.python.org/3/library/xml.html#xml-vulnerabilities
import xml.etree.ElementTree as ET

from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_xml():
    root = ET.fromstring(request.data)
    return {"items": len(root)}
