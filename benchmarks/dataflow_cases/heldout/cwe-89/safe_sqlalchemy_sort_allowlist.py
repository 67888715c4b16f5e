# safe: the ORDER BY column comes from a constant dict looked up by the user key (default on miss); the search term is a bound parameter
from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:////tmp/example-people.db"
db = SQLAlchemy(app)

SORT_COLUMNS = {
    "name": "last_name",
    "joined": "created_at",
    "email": "email",
}


@app.get("/people")
def people():
    column = SORT_COLUMNS.get(request.args.get("sort", ""), "created_at")
    direction = "DESC" if request.args.get("desc") == "1" else "ASC"
    term = request.args.get("q", "")
    stmt = text(f"SELECT id, first_name, last_name FROM people WHERE last_name LIKE :term ORDER BY {column} {direction}")
    rows = db.session.execute(stmt, {"term": term + "%"}).all()
    return jsonify([{"id": r.id, "name": f"{r.first_name} {r.last_name}"} for r in rows])
