# Safe: the uploaded YAML contact list is parsed with yaml.safe_load, which only builds plain scalars, lists and dicts.
import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)
MAX_BYTES = 256 * 1024
CONTACTS: list[dict] = []


def parse_contacts(blob: bytes) -> list[dict]:
    doc = yaml.safe_load(blob.decode("utf-8"))
    if not isinstance(doc, list):
        raise ValueError("expected a list of contacts")
    return [{"name": str(c.get("name", "")), "email": str(c.get("email", ""))} for c in doc if isinstance(c, dict)]


@app.post("/contacts/import")
def import_contacts():
    upload = request.files.get("file")
    if upload is None:
        return jsonify(error="file required"), 400
    blob = upload.read(MAX_BYTES + 1)
    if len(blob) > MAX_BYTES:
        return jsonify(error="too large"), 413
    try:
        contacts = parse_contacts(blob)
    except (ValueError, yaml.YAMLError) as exc:
        return jsonify(error=str(exc)), 400
    CONTACTS.extend(contacts)
    return jsonify(imported=len(contacts))
