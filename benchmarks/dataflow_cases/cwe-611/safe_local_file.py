import xml.etree.ElementTree as ET

from flask import Flask, request

app = Flask(__name__)
CATALOG = ET.parse("/srv/app/catalog.xml")


@app.route("/item")
def item():
    sku = request.args["sku"]
    node = CATALOG.getroot().find(f"item[@sku='{int(sku)}']")
    return {"found": node is not None}
