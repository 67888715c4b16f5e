from flask import Flask, redirect, request

app = Flask(__name__)


def after_login_target():
    return request.args.get("continue") or "/home"


@app.route("/callback")
def callback():
    return redirect(after_login_target())
