import psycopg2
from flask import Flask, request

app = Flask(__name__)


def find_products(category):
    conn = psycopg2.connect("dbname=shop")
    cur = conn.cursor()
    query = "SELECT * FROM products WHERE category = '" + category + "' ORDER BY price"
    cur.execute(query)
    return cur.fetchall()


@app.route("/products")
def products():
    return {"items": find_products(request.args["category"])}
