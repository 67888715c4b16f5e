import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/integrations/test", methods=["POST"])
def test_integration():
    config = {"url": request.json["url"], "timeout": 5}
    r = requests.get(config["url"], timeout=config["timeout"])
    return {"status": r.status_code}
