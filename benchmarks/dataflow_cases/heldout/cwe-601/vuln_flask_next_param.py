# vuln: request.args["next"] (or the form field) is returned by next_url() and passed to redirect() after login
from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)
app.secret_key = "EXAMPLE-dev-only"


def next_url():
    return request.args.get("next") or request.form.get("next") or url_for("index")


def check_password(user, password):
    return user == "example" and password == "example-password"


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST" and check_password(request.form["user"], request.form["password"]):
        session["user"] = request.form["user"]
        return redirect(next_url())
    return "<form method=post><input name=user><input name=password type=password></form>"


@app.get("/")
def index():
    return "home"
