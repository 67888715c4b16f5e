# Safe: the comment author and body from the form are inserted with Markup(...).format(), which escapes the arguments.
from datetime import datetime, timezone

from flask import Flask, request
from markupsafe import Markup

app = Flask(__name__)
COMMENTS: list[dict] = []


def render_comment(c: dict) -> Markup:
    return Markup('<li class="comment"><b>{}</b> <time>{}</time><p>{}</p></li>').format(
        c["author"], c["at"].strftime("%Y-%m-%d %H:%M"), c["body"]
    )


@app.post("/comments")
def add_comment():
    COMMENTS.append({
        "author": request.form.get("author", "anonymous"),
        "body": request.form["body"],
        "at": datetime.now(timezone.utc),
    })
    return list_comments()


@app.get("/comments")
def list_comments():
    items = Markup("").join(render_comment(c) for c in COMMENTS[-50:])
    return Markup("<ul>{}</ul>").format(items)
