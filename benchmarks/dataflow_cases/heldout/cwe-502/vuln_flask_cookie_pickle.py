# vuln: the "cart" cookie (request.cookies) is base64-decoded in load_cart() and passed to pickle.loads
import base64
import pickle

from flask import Flask, jsonify, make_response, request

app = Flask(__name__)


def load_cart(cookie_value):
    if not cookie_value:
        return []
    blob = base64.urlsafe_b64decode(cookie_value.encode())
    return pickle.loads(blob)


def dump_cart(items):
    return base64.urlsafe_b64encode(pickle.dumps(items)).decode()


@app.route("/cart/add/<int:item_id>", methods=["POST"])
def add_to_cart(item_id):
    cart = load_cart(request.cookies.get("cart"))
    cart.append(item_id)
    resp = make_response(jsonify({"items": cart}))
    resp.set_cookie("cart", dump_cart(cart), httponly=True)
    return resp
