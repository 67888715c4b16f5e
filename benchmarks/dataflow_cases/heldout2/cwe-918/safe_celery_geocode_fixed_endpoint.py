# Safe: the address text submitted by users only goes into the `params` of a GET to the fixed GEOCODER_URL; the host is never user-controlled.
import logging

import requests
from celery import shared_task
from flask import Flask, jsonify, request

log = logging.getLogger(__name__)
GEOCODER_URL = "https://geocoder.example.com/v1/search"
app = Flask(__name__)


@shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True, max_retries=3)
def geocode_address(address_id: int, address: str) -> dict:
    resp = requests.get(GEOCODER_URL, params={"q": address, "limit": 1}, timeout=10)
    resp.raise_for_status()
    hits = resp.json().get("features", [])
    log.info("geocoded address %d: %d hits", address_id, len(hits))
    return hits[0]["geometry"] if hits else {}


@app.post("/addresses/<int:address_id>/geocode")
def queue_geocode(address_id):
    geocode_address.delay(address_id, request.form["address"])
    return jsonify(queued=True), 202
