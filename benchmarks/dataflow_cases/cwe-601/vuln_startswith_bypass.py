from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/continue")
def cont():
    next_url = request.args.get("next", "/")
    if next_url.startswith("/"):
        return redirect(next_url)
    return redirect("/")
