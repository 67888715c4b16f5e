import pickle
from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
CACHE = Path("/var/cache/app/model.pkl")


@app.route("/predict")
def predict():
    model = pickle.loads(CACHE.read_bytes())
    return {"score": model.score(float(request.args["x"]))}
