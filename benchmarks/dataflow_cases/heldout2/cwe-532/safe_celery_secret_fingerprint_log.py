# Safe: the worker logs only a short SHA-256 fingerprint of WEBHOOK_SIGNING_SECRET and whether it is set, never the secret itself.
import hashlib
import hmac
import json
import logging
import os

from celery import Celery

app = Celery("webhooks", broker=os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/1"))
log = logging.getLogger(__name__)
WEBHOOK_SIGNING_SECRET = os.environ.get("WEBHOOK_SIGNING_SECRET", "")


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:8]


def sign(body: bytes) -> str:
    return hmac.new(WEBHOOK_SIGNING_SECRET.encode(), body, hashlib.sha256).hexdigest()


@app.on_after_configure.connect
def announce(sender, **kwargs):
    log.info("webhook signing secret set=%s fingerprint=%s", bool(WEBHOOK_SIGNING_SECRET), fingerprint(WEBHOOK_SIGNING_SECRET))


@app.task(bind=True)
def deliver(self, url: str, event: dict):
    body = json.dumps(event, separators=(",", ":")).encode()
    headers = {"X-Signature": sign(body), "Content-Type": "application/json"}
    log.info("delivering %s to %s", event.get("type"), url)
    return {"headers": list(headers), "bytes": len(body)}
