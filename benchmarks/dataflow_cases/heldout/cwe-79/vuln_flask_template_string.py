# vuln: request.args["name"] is concatenated into the template source given to render_template_string (XSS and template injection)
from flask import Flask, render_template_string, request

app = Flask(__name__)

BASE = """<!doctype html><title>{{ title }}</title><body>{}</body>"""


def greeting_template(name):
    return BASE.replace("{}", "<h1>Hello " + name + "!</h1>")


@app.get("/hello")
def hello():
    name = request.args.get("name", "guest")
    return render_template_string(greeting_template(name), title="Welcome")
