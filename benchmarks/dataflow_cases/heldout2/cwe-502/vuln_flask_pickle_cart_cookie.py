# Vulnerable: the `cart` cookie is base64-decoded and passed to pickle.loads, so a crafted cookie executes code on the server.
import base64
import pickle

from flask import Flask, jsonify, make_response, request

app = Flask(__name__)
COOKIE = "cart"


def load_cart(raw: str | None) -> dict:
    if not raw:
        return {"items": []}
    return pickle.loads(base64.urlsafe_b64decode(raw.encode()))


def dump_cart(cart: dict) -> str:
    return base64.urlsafe_b64encode(pickle.dumps(cart)).decode()


@app.post("/cart/items")
def add_item():
    cart = load_cart(request.cookies.get(COOKIE))
    cart["items"].append({"sku": request.form["sku"], "qty": int(request.form.get("qty", 1))})
    resp = make_response(jsonify(cart))
    resp.set_cookie(COOKIE, dump_cart(cart), httponly=True, samesite="Lax")
    return resp


@app.get("/cart")
def show_cart():
    return jsonify(load_cart(request.cookies.get(COOKIE)))
