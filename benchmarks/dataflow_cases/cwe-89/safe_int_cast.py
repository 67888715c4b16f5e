from flask import Flask, request

from .db import get_cursor

app = Flask(__name__)


@app.route("/invoice")
def invoice():
    invoice_id = int(request.args["id"])
    cur = get_cursor()
    cur.execute(f"SELECT * FROM invoices WHERE id = {invoice_id}")
    return {"invoice": cur.fetchone()}
