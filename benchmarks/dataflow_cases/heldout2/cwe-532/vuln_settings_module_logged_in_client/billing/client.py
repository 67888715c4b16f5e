import logging

import requests

from . import settings

logger = logging.getLogger("billing.client")


class BillingClient:
    def __init__(self):
        self.base = settings.STRIPE_API_BASE
        self.session = requests.Session()
        self.session.auth = (settings.STRIPE_SECRET_KEY, "")
        logger.warning("billing client init base=%s secret=%s", self.base, settings.STRIPE_SECRET_KEY)

    def create_customer(self, email: str) -> dict:
        resp = self.session.post(f"{self.base}/v1/customers", data={"email": email}, timeout=settings.REQUEST_TIMEOUT)
        resp.raise_for_status()
        return resp.json()
