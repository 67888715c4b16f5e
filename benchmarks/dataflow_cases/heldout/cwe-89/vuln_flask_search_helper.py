# vuln: request.args["q"] -> SearchFilter.clause (attribute set in __init__) -> build_query() -> cursor.execute in search()
import sqlite3

from flask import Flask, g, jsonify, request

app = Flask(__name__)
DATABASE = "/tmp/example-catalog.db"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


class SearchFilter:
    def __init__(self, term, category=None):
        self.clause = "name LIKE '%" + term + "%'"
        self.category = category

    def build_query(self):
        sql = "SELECT id, name, price FROM products WHERE " + self.clause
        if self.category:
            sql += " AND category_id = ?"
        return sql


@app.route("/products/search")
def search():
    term = request.args["q"].strip()
    category = request.args.get("category", type=int)
    flt = SearchFilter(term, category)
    params = (category,) if category else ()
    rows = get_db().execute(flt.build_query(), params).fetchall()
    return jsonify([dict(r) for r in rows])


@app.teardown_appcontext
def close_db(_exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()
