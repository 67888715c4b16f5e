import sqlite3

from flask import current_app


def connect():
    return sqlite3.connect(current_app.config["DATABASE"])


def find_orders(customer, status):
    sql = f"SELECT id, total FROM orders WHERE customer = '{customer}' AND status = '{status}'"
    with connect() as conn:
        cur = conn.cursor()
        cur.execute(sql)
        return [{"id": i, "total": t} for i, t in cur.fetchall()]
