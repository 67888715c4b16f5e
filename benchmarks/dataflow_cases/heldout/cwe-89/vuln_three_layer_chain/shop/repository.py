import sqlite3

DB_PATH = "/tmp/example-shop.db"


def products_matching(term):
    conn = sqlite3.connect(DB_PATH)
    try:
        cursor = conn.cursor()
        cursor.execute("SELECT sku, name FROM products WHERE lower(name) LIKE '%" + term + "%'")
        return cursor.fetchall()
    finally:
        conn.close()
