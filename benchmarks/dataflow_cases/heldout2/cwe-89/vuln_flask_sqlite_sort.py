# Vulnerable: the `sort` and `dir` query parameters are interpolated into the ORDER BY clause of an f-string SQL query run with cursor.execute.
import sqlite3

from flask import Flask, g, jsonify, request

app = Flask(__name__)
DATABASE = "/var/lib/inventory/inventory.db"


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


class ProductQuery:
    def __init__(self, sort_by: str, direction: str):
        self.sort_by = sort_by
        self.direction = direction

    def sql(self) -> str:
        return f"SELECT id, sku, name, price FROM products WHERE active = 1 ORDER BY {self.sort_by} {self.direction} LIMIT 100"


@app.get("/products")
def list_products():
    query = ProductQuery(request.args.get("sort", "name"), request.args.get("dir", "ASC"))
    cur = get_db().cursor()
    cur.execute(query.sql())
    return jsonify([dict(r) for r in cur.fetchall()])
