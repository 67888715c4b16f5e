import sqlite3
import sys


def main():
    table = sys.argv[1]
    table = "metrics"
    conn = sqlite3.connect("metrics.db")
    print(conn.execute("SELECT count(*) FROM %s" % table).fetchone())
