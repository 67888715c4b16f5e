import os
from flask import Flask, request

app = Flask(__name__)


def disk_usage(path):
    return os.popen("du -sh %s" % path).read()


@app.route("/du")
def du():
    return {"usage": disk_usage(request.args["path"])}
