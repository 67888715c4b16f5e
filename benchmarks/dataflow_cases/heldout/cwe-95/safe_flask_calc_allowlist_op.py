# safe: operands are int()-converted and the operator must be one of four constants before the "%d %s %d" string is eval()'d
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
OPERATORS = ("+", "-", "*", "//")


@app.get("/legacy/calc")
def legacy_calc():
    op = request.args.get("op", "+")
    if op not in OPERATORS:
        abort(400)
    try:
        a = int(request.args["a"])
        b = int(request.args["b"])
    except (KeyError, ValueError):
        abort(400)
    expression = "%d %s %d" % (a, op, b)
    return jsonify({"expression": expression, "value": eval(expression)})
