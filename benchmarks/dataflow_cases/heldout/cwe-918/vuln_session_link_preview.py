# vuln: request.args["url"] reaches self.session.get() on a shared requests.Session in LinkPreviewer.fetch()
import re

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.I | re.S)


class LinkPreviewer:
    def __init__(self):
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "example-preview-bot/1.0"

    def fetch(self, url):
        resp = self.session.get(url, timeout=4, allow_redirects=True)
        match = TITLE_RE.search(resp.text)
        return match.group(1).strip() if match else None


previewer = LinkPreviewer()


@app.get("/preview")
def preview():
    target = request.args["url"]
    return jsonify({"url": target, "title": previewer.fetch(target)})
