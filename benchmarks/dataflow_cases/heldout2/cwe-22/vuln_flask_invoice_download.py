# Vulnerable: the <path:name> URL parameter is joined onto INVOICE_DIR with os.path.join and passed to send_file unchecked ("../../etc/passwd").
import logging
import os
from functools import wraps

from flask import Flask, abort, g, request, send_file, session

app = Flask(__name__)
app.config.from_mapping(SECRET_KEY="dev-EXAMPLE-not-secret", INVOICE_ROOT="/srv/billing/invoices")
log = logging.getLogger("billing.download")


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if "user_id" not in session:
            abort(401)
        g.user_id = session["user_id"]
        return view(*args, **kwargs)
    return wrapper


def invoice_dir() -> str:
    return app.config["INVOICE_ROOT"]


def audit(user_id, what):
    log.info("user %s downloaded %s", user_id, what)


@app.route("/invoices/<path:name>")
@login_required
def download_invoice(name):
    as_attachment = request.args.get("attach", "1") == "1"
    full_path = os.path.join(invoice_dir(), name)
    if not os.path.isfile(full_path):
        abort(404)
    audit(g.user_id, name)
    return send_file(full_path, as_attachment=as_attachment, mimetype="application/pdf")


@app.get("/healthz")
def healthz():
    return {"ok": True}
