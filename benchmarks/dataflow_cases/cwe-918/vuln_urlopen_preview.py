from urllib.request import urlopen

from flask import Flask, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    link = request.args.get("link")
    html = urlopen(link, timeout=5).read(2048)
    return {"size": len(html)}
