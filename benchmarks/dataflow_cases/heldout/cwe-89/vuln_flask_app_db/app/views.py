from flask import Blueprint, jsonify, request

from .db import find_orders

bp = Blueprint("orders", __name__)


@bp.get("/orders")
def list_orders():
    customer = request.args["customer"]
    status = request.args.get("status", "open")
    return jsonify(find_orders(customer, status))
