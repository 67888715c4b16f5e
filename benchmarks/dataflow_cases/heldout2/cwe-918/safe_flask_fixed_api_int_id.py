# Safe: requests always go to the fixed INVENTORY_API host; the user's product id is converted with int() and only fills a path segment.
import requests
from flask import Flask, abort, jsonify

app = Flask(__name__)
INVENTORY_API = "https://inventory.internal.example.com/api/v2"
session = requests.Session()


def stock_url(product_id: int) -> str:
    return f"{INVENTORY_API}/products/{product_id}/stock"


@app.get("/products/<pid>/stock")
def product_stock(pid):
    try:
        product_id = int(pid)
    except ValueError:
        abort(400)
    resp = session.get(stock_url(product_id), timeout=3)
    if resp.status_code == 404:
        abort(404)
    return jsonify(resp.json())
