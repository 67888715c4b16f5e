# Vulnerable: PAYMENT_API_KEY read from the environment is written in full to the application log at start-up via logger.info.
import logging
import os

import requests
from flask import Flask, jsonify, request

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
logger = logging.getLogger("checkout")

PAYMENT_API_URL = os.environ.get("PAYMENT_API_URL", "https://payments.example.com/v1")
PAYMENT_API_KEY = os.environ["PAYMENT_API_KEY"]


def create_app() -> Flask:
    app = Flask(__name__)
    logger.info("payment client configured: url=%s key=%s", PAYMENT_API_URL, PAYMENT_API_KEY)

    @app.post("/checkout")
    def checkout():
        amount = int(request.json["amount_cents"])
        resp = requests.post(
            f"{PAYMENT_API_URL}/charges",
            json={"amount": amount, "currency": "eur"},
            headers={"Authorization": f"Bearer {PAYMENT_API_KEY}"},
            timeout=10,
        )
        return jsonify(status=resp.status_code)

    return app
