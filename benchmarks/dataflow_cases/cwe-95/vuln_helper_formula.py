from flask import Flask, request

app = Flask(__name__)


def apply_formula(formula, x):
    return eval(formula, {"__builtins__": {}}, {"x": x})


@app.route("/plot")
def plot():
    f = request.args["f"]
    return {"points": [apply_formula(f, x) for x in range(10)]}
