import os
import re

from flask import Flask, abort, request, send_file

app = Flask(__name__)
NAME = re.compile(r"^[\w-]+\.pdf$")


@app.route("/manual")
def manual():
    name = request.args["name"]
    if not NAME.match(name):
        abort(400)
    return send_file(os.path.join("/srv/manuals", name))
