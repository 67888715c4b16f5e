import sqlite3
import sys


def main():
    table = sys.argv[1]
    conn = sqlite3.connect("metrics.db")
    count = conn.execute("SELECT count(*) FROM %s" % table).fetchone()[0]
    print(table, count)


if __name__ == "__main__":
    main()
