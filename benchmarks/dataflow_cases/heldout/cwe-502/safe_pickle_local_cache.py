# safe: pickle.load only reads a cache file the service itself wrote under a constant path; no untrusted input reaches it
import hashlib
import os
import pickle

from flask import Flask, jsonify, request

app = Flask(__name__)
CACHE_PATH = "/var/cache/example-app/model.pkl"


def expensive_model():
    return {"weights": [0.1, 0.2, 0.3], "version": 3}


def cached_model():
    if os.path.exists(CACHE_PATH):
        with open(CACHE_PATH, "rb") as fh:
            return pickle.load(fh)
    model = expensive_model()
    os.makedirs(os.path.dirname(CACHE_PATH), exist_ok=True)
    with open(CACHE_PATH, "wb") as fh:
        pickle.dump(model, fh)
    return model


@app.get("/predict")
def predict():
    x = float(request.args.get("x", "0"))
    model = cached_model()
    score = sum(w * x for w in model["weights"])
    return jsonify({"score": score, "digest": hashlib.sha256(str(score).encode()).hexdigest()[:8]})
