# vuln (package): webapp.py does `import storage.paths as paths` and passes request.args["doc"] to paths.read_document(), which joins and open()s it
from flask import Flask, Response, request

import storage.paths as paths

app = Flask(__name__)


@app.get("/docs")
def get_doc():
    doc = request.args["doc"]
    return Response(paths.read_document(doc), mimetype="text/plain")
