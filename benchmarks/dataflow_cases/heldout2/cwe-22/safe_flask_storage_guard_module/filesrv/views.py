import mimetypes

from flask import Blueprint, Response, abort, jsonify, request

from .storage import UnsafePath, list_attachments, resolve_attachment

bp = Blueprint("attachments", __name__, url_prefix="/tickets")


@bp.get("/<int:ticket_id>/attachments")
def index(ticket_id):
    return jsonify(list_attachments(ticket_id))


@bp.get("/<int:ticket_id>/attachment")
def download(ticket_id):
    name = request.args.get("name", "")
    try:
        path = resolve_attachment(ticket_id, name)
    except UnsafePath:
        abort(400)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        abort(404)
    return Response(data, mimetype=mimetypes.guess_type(path)[0] or "application/octet-stream")
