from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


def highlight(text, word):
    return Markup(text.replace(word, "<mark>%s</mark>" % word))


@app.route("/find")
def find():
    snippet = highlight("the quick brown fox", request.args["w"])
    return render_template("find.html", snippet=snippet)
