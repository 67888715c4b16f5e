from flask import Flask, request
from sqlalchemy import text

from .db import session

app = Flask(__name__)


@app.route("/search")
def search():
    term = request.args.get("q", "")
    rows = session.execute(text("SELECT title FROM posts WHERE title LIKE :t"), {"t": f"%{term}%"})
    return {"titles": [r.title for r in rows]}
