# Vulnerable: the `formula` field of the JSON body is passed to eval() (empty __builtins__ does not stop "().__class__.__mro__" escapes).
import math

from flask import Flask, jsonify, request

app = Flask(__name__)
SAFE_NAMES = {"min": min, "max": max, "round": round, "ceil": math.ceil, "floor": math.floor}


class PricingRule:
    def __init__(self, formula: str):
        self.formula = formula

    def apply(self, base: float, qty: int) -> float:
        scope = dict(SAFE_NAMES, base=base, qty=qty)
        return float(eval(self.formula, {"__builtins__": {}}, scope))


@app.post("/pricing/preview")
def preview_price():
    payload = request.get_json(force=True)
    rule = PricingRule(payload.get("formula", "base * qty"))
    samples = [(10.0, 1), (10.0, 10), (10.0, 100)]
    return jsonify([{"base": b, "qty": q, "price": rule.apply(b, q)} for b, q in samples])
