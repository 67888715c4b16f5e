import os

from flask import Flask, request

app = Flask(__name__)


class SyncJob:
    def __init__(self, destination):
        self.destination = destination

    def run(self):
        return os.system("rsync -a /srv/data/ " + self.destination)


@app.route("/sync", methods=["POST"])
def sync():
    return {"status": SyncJob(request.form["dest"]).run()}
