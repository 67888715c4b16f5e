# safe: uploaded YAML is parsed with yaml.safe_load and yaml.load(..., Loader=yaml.SafeLoader) only
import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


def parse_manifest(text):
    return yaml.safe_load(text) or {}


def parse_all(text):
    return list(yaml.load_all(text, Loader=yaml.SafeLoader))


@app.post("/deployments")
def create_deployment():
    text = request.files["manifest"].read().decode("utf-8")
    manifest = parse_manifest(text)
    docs = parse_all(text) if request.args.get("multi") else [manifest]
    single = yaml.load(text, Loader=yaml.SafeLoader)
    return jsonify({"documents": len(docs), "kind": (single or {}).get("kind")})
