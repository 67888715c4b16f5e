# safe: the next URL is kept only if urlparse shows no scheme and no netloc and it starts with a single "/" (no backslash, no control characters); otherwise a constant
from urllib.parse import urlparse

from flask import Flask, redirect, request, url_for

app = Flask(__name__)


def is_local(target):
    parts = urlparse(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") and "\\" not in target and target.isprintable()


@app.post("/settings")
def save_settings():
    target = request.form.get("next", "")
    if not is_local(target):
        target = url_for("dashboard")
    return redirect(target)


@app.get("/dashboard")
def dashboard():
    return "dashboard"
