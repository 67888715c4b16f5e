from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/to-profile")
def to_profile():
    return redirect("/profile/" + request.args["user"])
