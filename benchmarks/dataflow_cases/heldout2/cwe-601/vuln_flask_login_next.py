# Vulnerable: after login the `next` query parameter is passed to redirect() unchecked, sending users to any external site.
from flask import Flask, flash, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash

app = Flask(__name__)
app.secret_key = "dev-EXAMPLE-not-a-secret"
USERS = {"alice": "pbkdf2:sha256:600000$FAKEsalt$EXAMPLEhash"}


def authenticate(username: str, password: str) -> bool:
    stored = USERS.get(username)
    return bool(stored) and check_password_hash(stored, password)


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    if not authenticate(request.form["username"], request.form["password"]):
        flash("Invalid credentials")
        return redirect(url_for("login"))
    session["user"] = request.form["username"]
    target = request.args.get("next") or url_for("dashboard")
    return redirect(target)


@app.route("/dashboard")
def dashboard():
    return f"hello {session.get('user', 'nobody')}"
