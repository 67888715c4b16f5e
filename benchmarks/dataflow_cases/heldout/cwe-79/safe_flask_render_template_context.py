# safe: user values go to render_template as context variables of an .html file, which Jinja autoescapes
from flask import Flask, render_template, request

app = Flask(__name__)


def search_context(query, page):
    return {"query": query, "page": page, "title": "Search: " + query}


@app.get("/search")
def search():
    query = request.args.get("q", "")
    page = request.args.get("page", 1, type=int)
    return render_template("search.html", **search_context(query, page))
