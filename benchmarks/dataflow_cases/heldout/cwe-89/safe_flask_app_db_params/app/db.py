import sqlite3

from flask import current_app

ORDERS_SQL = "SELECT id, total FROM orders WHERE customer = ? AND status = ?"


def connect():
    return sqlite3.connect(current_app.config["DATABASE"])


def find_orders(customer, status):
    with connect() as conn:
        cur = conn.cursor()
        cur.execute(ORDERS_SQL, (customer, status))
        return [{"id": i, "total": t} for i, t in cur.fetchall()]
