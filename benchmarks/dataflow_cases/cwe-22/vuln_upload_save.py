import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["document"]
    f.save(os.path.join("/srv/uploads", f.filename))
    return {"saved": f.filename}
