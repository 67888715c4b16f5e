# vuln: request.args["name"] goes through resolve_upload() (os.path.join under UPLOAD_DIR, no check) into send_file
import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
UPLOAD_DIR = "/srv/example-uploads"


def resolve_upload(user_id, name):
    return os.path.join(UPLOAD_DIR, str(user_id), name)


@app.get("/users/<int:user_id>/download")
def download(user_id):
    name = request.args.get("name")
    if not name:
        abort(400)
    path = resolve_upload(user_id, name)
    if not os.path.isfile(path):
        abort(404)
    return send_file(path, as_attachment=True)
