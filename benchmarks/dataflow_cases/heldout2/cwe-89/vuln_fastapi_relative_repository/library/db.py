import sqlite3
from contextlib import contextmanager

DB_FILE = "/var/lib/library/catalog.sqlite3"


@contextmanager
def connection():
    conn = sqlite3.connect(DB_FILE)
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()
