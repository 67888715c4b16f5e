import os

from flask import Flask, request

app = Flask(__name__)


def remove_avatar(filename):
    os.remove(os.path.join("/srv/avatars", filename))


@app.route("/avatar", methods=["DELETE"])
def delete_avatar():
    remove_avatar(request.form["file"])
    return {"deleted": True}
