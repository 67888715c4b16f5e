# vuln: request.json["formula"] is rewritten by normalize() and passed to eval() in evaluate()
import math

from flask import Flask, jsonify, request

app = Flask(__name__)
SAFE_NAMES = {"sqrt": math.sqrt, "pi": math.pi}


def normalize(formula):
    return formula.replace("^", "**").replace("\u00d7", "*").strip()


def evaluate(expression, variables):
    scope = dict(SAFE_NAMES)
    scope.update(variables)
    return eval(expression, {"__builtins__": {}}, scope)


@app.post("/sheets/compute")
def compute():
    body = request.get_json()
    expression = normalize(body["formula"])
    variables = {k: float(v) for k, v in body.get("vars", {}).items()}
    return jsonify({"result": evaluate(expression, variables)})
