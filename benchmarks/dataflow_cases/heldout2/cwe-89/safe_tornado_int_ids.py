# Safe: the order id from the URL and the `limit` argument are converted with int() before being formatted into the SQL string.
import sqlite3

import tornado.web

DB_PATH = "/var/lib/orders/orders.db"


class OrderLinesHandler(tornado.web.RequestHandler):
    def initialize(self, db_path=DB_PATH):
        self.conn = sqlite3.connect(db_path)

    def on_finish(self):
        self.conn.close()

    def get(self, order_id):
        try:
            oid = int(order_id)
            limit = int(self.get_argument("limit", "100"))
        except ValueError:
            raise tornado.web.HTTPError(400)
        sql = "SELECT sku, qty, unit_price FROM order_lines WHERE order_id = %d LIMIT %d" % (oid, limit)
        rows = self.conn.execute(sql).fetchall()
        self.write({"order": oid, "lines": [list(r) for r in rows]})


def make_app():
    return tornado.web.Application([(r"/orders/([0-9]+)/lines", OrderLinesHandler)])
