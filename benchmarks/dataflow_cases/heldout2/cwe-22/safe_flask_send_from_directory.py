# Safe: the user-chosen report name goes through flask.send_from_directory, which joins it with werkzeug's safe_join and 404s on anything escaping REPORT_DIR.
import os

from flask import Blueprint, Flask, abort, current_app, request, send_from_directory

reports = Blueprint("reports", __name__, url_prefix="/reports")


def report_dir() -> str:
    return current_app.config.get("REPORT_DIR", "/srv/analytics/reports")


def wants_download() -> bool:
    return request.args.get("download") in ("1", "true", "yes")


@reports.route("/<path:filename>")
def get_report(filename):
    if not filename.endswith((".csv", ".pdf", ".xlsx")):
        abort(400)
    return send_from_directory(report_dir(), filename, as_attachment=wants_download())


@reports.route("/")
def list_reports():
    names = sorted(n for n in os.listdir(report_dir()) if not n.startswith("."))
    return {"reports": names}


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["REPORT_DIR"] = os.environ.get("REPORT_DIR", "/srv/analytics/reports")
    app.register_blueprint(reports)
    return app
