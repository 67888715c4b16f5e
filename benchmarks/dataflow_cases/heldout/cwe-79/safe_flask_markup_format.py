# safe: Markup("...").format() and markupsafe.escape() escape the user text before it is marked safe
from flask import Flask, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)


def comment_html(author, body):
    lines = Markup("<br>").join(escape(line) for line in body.splitlines())
    return Markup("<p class='author'>{}</p><p>{}</p>").format(author, lines)


@app.post("/comments/preview")
def preview_comment():
    html = comment_html(request.form["author"], request.form["body"])
    return render_template("comment_preview.html", comment=html)
