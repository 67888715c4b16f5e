# safe: the uploaded filename is reduced with os.path.basename and its extension checked against an allow list before os.path.join/open
import os

from flask import Flask, abort, request

app = Flask(__name__)
AVATAR_DIR = "/srv/example-avatars"
ALLOWED_EXT = {".png", ".jpg", ".gif"}


def avatar_path(filename):
    name = os.path.basename(filename)
    if os.path.splitext(name)[1].lower() not in ALLOWED_EXT:
        abort(400)
    return os.path.join(AVATAR_DIR, name)


@app.post("/avatar")
def upload_avatar():
    upload = request.files["avatar"]
    path = avatar_path(upload.filename)
    with open(path, "wb") as fh:
        fh.write(upload.read())
    return {"saved": os.path.basename(path)}
