from flask import Flask, request

app = Flask(__name__)


@app.route("/report", methods=["POST"])
def report():
    from .db import get_cursor
    cur = get_cursor()
    sql = "SELECT * FROM events WHERE 1=1"
    if "user" in request.form:
        sql += " AND user_name = '%s'" % request.form["user"]
    cur.execute(sql)
    return {"rows": cur.fetchall()}
