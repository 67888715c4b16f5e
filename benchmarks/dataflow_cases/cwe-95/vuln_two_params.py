from flask import Flask, request

app = Flask(__name__)


@app.route("/add")
def add():
    a = request.args.get("a", "0")
    b = request.args.get("b", "0")
    return {"sum": eval(a + "+" + b)}
