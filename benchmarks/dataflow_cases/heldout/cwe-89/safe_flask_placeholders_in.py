# safe: the f-string only builds "?, ?, ?" placeholders from len(ids); the user values go as parameters to execute
import sqlite3

from flask import Flask, abort, jsonify, request

app = Flask(__name__)


def connect():
    return sqlite3.connect("/tmp/example-inventory.db")


@app.post("/items/lookup")
def lookup_items():
    payload = request.get_json(force=True)
    ids = payload.get("ids") or []
    if not isinstance(ids, list) or len(ids) > 100:
        abort(400)
    placeholders = ", ".join("?" for _ in ids)
    query = f"SELECT id, sku, qty FROM items WHERE id IN ({placeholders}) AND warehouse = ?"
    params = [*ids, payload.get("warehouse", "main")]
    with connect() as conn:
        rows = conn.execute(query, params).fetchall()
    return jsonify([{"id": r[0], "sku": r[1], "qty": r[2]} for r in rows])
