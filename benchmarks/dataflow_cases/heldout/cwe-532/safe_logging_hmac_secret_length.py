# safe: WEBHOOK_SECRET is used only as the HMAC key; the log lines show its length and the delivery id, never the secret
import hashlib
import hmac
import logging
import os

logger = logging.getLogger("example.webhooks")
SECRET = os.environ["WEBHOOK_SECRET"].encode()
logger.debug("webhook secret loaded (%d bytes)", len(SECRET))


def sign(body, delivery_id):
    signature = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    logger.info("signed delivery %s", delivery_id)
    return {"X-Example-Signature": signature, "X-Delivery": delivery_id}
