# Vulnerable: the `name` query parameter is concatenated into the template source given to render_template_string, so it is rendered unescaped (and as Jinja code).
from flask import Flask, render_template_string, request

app = Flask(__name__)

LAYOUT_HEAD = "<!doctype html><html><head><title>Welcome</title></head><body>"
LAYOUT_FOOT = "</body></html>"


def greeting_block(name: str) -> str:
    return "<h1>Welcome back, " + name + "!</h1>"


@app.route("/welcome")
def welcome():
    name = request.args.get("name", "guest")
    page = LAYOUT_HEAD + greeting_block(name) + "<p>You have {{ count }} new messages.</p>" + LAYOUT_FOOT
    return render_template_string(page, count=3)


@app.route("/")
def index():
    return render_template_string(LAYOUT_HEAD + "<a href='/welcome?name=you'>hi</a>" + LAYOUT_FOOT)
