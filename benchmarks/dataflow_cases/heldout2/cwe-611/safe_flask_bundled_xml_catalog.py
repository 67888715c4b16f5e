# Safe: the XML parsed here is the application's own bundled catalog.xml (a fixed path next to this module); request data only filters the parsed result.
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from flask import Flask, jsonify, request

CATALOG_FILE = Path(__file__).with_name("catalog.xml")
app = Flask(__name__)


@lru_cache(maxsize=1)
def load_catalog() -> list[dict]:
    tree = ET.parse(CATALOG_FILE)
    return [
        {"id": item.get("id"), "title": item.findtext("title"), "category": item.findtext("category")}
        for item in tree.getroot().iter("item")
    ]


@app.get("/catalog")
def catalog():
    category = request.args.get("category")
    items = load_catalog()
    if category:
        items = [i for i in items if i["category"] == category]
    return jsonify(items)
