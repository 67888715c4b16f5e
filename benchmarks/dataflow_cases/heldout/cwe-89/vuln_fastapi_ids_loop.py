# vuln: query parameter `ids` is split and each piece appended in a loop into `clauses`, joined into the SQL passed to cursor.execute
import psycopg2
from fastapi import Depends, FastAPI, Query

app = FastAPI()


def get_conn():
    conn = psycopg2.connect(dbname="example_shop", user="example", host="localhost")
    try:
        yield conn
    finally:
        conn.close()


def id_clauses(raw_ids):
    clauses = []
    for piece in raw_ids.split(","):
        piece = piece.strip()
        if piece:
            clauses.append("order_id = " + piece)
    return clauses


@app.get("/orders/bulk")
def bulk_orders(ids: str = Query(..., description="comma separated order ids"), conn=Depends(get_conn)):
    clauses = id_clauses(ids)
    where = " OR ".join(clauses) or "FALSE"
    with conn.cursor() as cur:
        cur.execute("SELECT order_id, status, total FROM orders WHERE " + where)
        rows = cur.fetchall()
    return [{"id": r[0], "status": r[1], "total": float(r[2])} for r in rows]
