# safe: the table name is composed with psycopg2.sql.Identifier (quoted) and must be in ALLOWED_TABLES; the value is a %s parameter
import psycopg2
from psycopg2 import sql
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ALLOWED_TABLES = {"customers", "suppliers"}


def count_by_country(table, country):
    query = sql.SQL("SELECT count(*) FROM {} WHERE country = %s").format(sql.Identifier(table))
    with psycopg2.connect("dbname=example_crm user=example") as conn, conn.cursor() as cur:
        cur.execute(query, (country,))
        return cur.fetchone()[0]


@app.get("/stats/<table>")
def stats(table):
    if table not in ALLOWED_TABLES:
        abort(404)
    return jsonify({"table": table, "count": count_by_country(table, request.args.get("country", "FR"))})
