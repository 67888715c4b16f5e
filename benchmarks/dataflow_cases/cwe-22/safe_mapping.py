from flask import Flask, abort, request, send_file

app = Flask(__name__)
FILES = {"terms": "/srv/static/terms.pdf", "privacy": "/srv/static/privacy.pdf"}


@app.route("/legal")
def legal():
    doc = request.args.get("doc", "terms")
    if doc not in FILES:
        abort(404)
    return send_file(FILES[doc])
