from flask import Flask, request

app = Flask(__name__)
FORMULAS = {"double": "x * 2", "square": "x ** 2"}


@app.route("/calc")
def calc():
    x = float(request.args["x"])
    return {"result": eval(FORMULAS["double"], {}, {"x": x})}
