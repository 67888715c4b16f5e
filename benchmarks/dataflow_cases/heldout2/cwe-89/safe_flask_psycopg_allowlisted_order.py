# Safe: the ORDER BY column comes from a fixed allow-list dict (unknown keys fall back to "created_at") and the search term is a %s parameter.
import psycopg2
import psycopg2.extras
from flask import Flask, jsonify, request

app = Flask(__name__)
SORTABLE = {"name": "full_name", "joined": "created_at", "karma": "karma"}


def connect():
    return psycopg2.connect(dbname="forum", user="forum", host="localhost")


def search_members(term: str, sort_key: str, descending: bool):
    column = SORTABLE.get(sort_key, "created_at")
    direction = "DESC" if descending else "ASC"
    sql = f"SELECT id, full_name, karma FROM members WHERE full_name ILIKE %s ORDER BY {column} {direction} LIMIT 100"
    with connect() as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(sql, ("%" + term + "%",))
        return cur.fetchall()


@app.get("/members")
def members():
    rows = search_members(request.args.get("q", ""), request.args.get("sort", "joined"), request.args.get("desc") == "1")
    return jsonify(rows)
