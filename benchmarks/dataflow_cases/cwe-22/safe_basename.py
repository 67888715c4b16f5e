import os

from flask import Flask, request, send_file

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/download")
def download():
    name = os.path.basename(request.args["name"])
    return send_file(os.path.join(UPLOADS, name))
