"""DF005 path-traversal: untrusted data in a file system path (CWE-22)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class PathTraversal(DataflowRule):
    """## What it does
    Reports untrusted input that reaches a file system path: `open()`, `io.open`, `os.remove`,
    `shutil.*`, `flask.send_file`, `FileResponse`, `Path(...).read_text()` and friends, and the
    `save()` of an uploaded file. `os.path.join()` carries the taint (it is a step in the code
    flow, not a sanitizer: `os.path.join("/srv", "../../etc/passwd")` escapes, and an absolute
    second part replaces the base).

    ## Why is this bad?
    `../` sequences and absolute paths let a client read or overwrite any file the process can.

    ## Example
    ```python
    return send_file(os.path.join(UPLOADS, request.args["name"]))
    ```

    ## Use instead
    `os.path.basename()` / `werkzeug.utils.secure_filename()`, `send_from_directory()`, or resolve
    the path and check it stays under the base:
    ```python
    path = os.path.realpath(os.path.join(UPLOADS, name))
    if not path.startswith(UPLOADS + os.sep):
        abort(404)
    ```

    ## Known limits
    - Command-line input (`sys.argv`, `input()`, stdin) does not count: a CLI's user names files
      on purpose. Web requests, sockets and uploads do.
    - Django URL parameters (`def detail(request, slug)`) count as sources when the function is a
      view: decorated as one (`@login_required`, `@api_view`...), named in a URLconf of the same
      file, a class-based view's `get`/`post`/..., or not called by other code of its module and
      either in a view module (`views.py`, `views/`, `urls.py`, `api.py`) or building a response
      itself. A function that another function of its module calls is a helper; a view called
      only from other modules (`django.views.debug.technical_500_response`) still counts as one.
      A parameter used as an object (`f.registration_required`) is not URL data. In a class-based
      view (a base named `...View`/`...ViewSet`), `self.kwargs` and `self.args` are URL data.
    - A regular expression counts as a guard when the whole value must match it (`fullmatch`, or
      `match`/`search` anchored with `$`/`\\Z`) and it allows no `/`, `\\` and no `..`
      (`[\\w-]+\\.pdf` does, `[\\w./]+` does not). Lookaheads are ignored.
    - A containment check counts when it is a `startswith`/`is_relative_to`/`commonpath` guard on
      the same variable (in an `if` that returns, raises or aborts, or around the use), also on
      the path normalized (`os.path.abspath(p).startswith(BASE)`). `os.path.commonprefix` compares
      characters, so it counts only on a normalized path (`realpath`, `abspath`, `normpath`):
      `BASE/../etc` has the prefix `BASE` too. `if ".." in p: abort(400)` counts for a value
      appended to text (`BASE + "/" + p`, `f"{BASE}/{p}"`), not for `os.path.join(BASE, p)`, which
      an absolute `p` replaces.
    - `send_from_directory`'s file name and `safe_join` are treated as safe; the directory given to
      `send_from_directory` is trusted by Flask as is, so a tainted directory is reported.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).

    ## References
    - [CWE-22](https://cwe.mitre.org/data/definitions/22.html)
    """

    code = "DF005"
    name = "path-traversal"
    summary = "Untrusted data reaches a file system path"
    cwe = (22,)
    security_severity = 7.5
    equivalents = ("semgrep:python.flask.security.injection.path-traversal-open",)
    sink_kind = "path"
    labels = frozenset({"user"})  # a command line names files on purpose: argv/input() do not count

    VALID = [
        Valid("""\
            from flask import Flask, request, send_from_directory
            app = Flask(__name__)
            STATIC_DIR = "/srv/static"
            @app.route("/files")
            def download():
                return send_from_directory(STATIC_DIR, request.args["name"])
            """),
        Valid("""\
            import shutil
            import sys
            shutil.rmtree(sys.argv[1])
            """),
        Valid("""\
            from django.http import FileResponse
            def invoice_response(request, name):
                return FileResponse(open(f"/srv/invoices/{name}", "rb"))
            def invoice(request, pk):
                return invoice_response(request, "invoice-%d.pdf" % int(pk))
            """, path="billing/helpers.py"),
        Valid("""\
            import os
            from flask import request, send_file
            def download():
                name = os.path.basename(request.args["name"])
                return send_file(os.path.join("/srv/files", name))
            """),
        Valid("""\
            import os
            from flask import request, abort
            BASE = "/srv/files"
            def download():
                path = os.path.realpath(os.path.join(BASE, request.args["name"]))
                if not path.startswith(BASE + os.sep):
                    abort(404)
                with open(path) as fh:
                    return fh.read()
            """),
        Valid("""\
            from flask import request
            from werkzeug.utils import secure_filename
            def upload():
                f = request.files["doc"]
                f.save("/srv/uploads/" + secure_filename(f.filename))
            """),
        Valid("""\
            from flask import request
            REPORTS = {"daily": "/srv/daily.csv", "weekly": "/srv/weekly.csv"}
            def report():
                kind = request.args["kind"]
                if kind in REPORTS:
                    return open(REPORTS[kind]).read()
            """),
        Valid("""\
            import os
            from flask import abort, request
            BASE = "/srv/files"
            def read():
                path = os.path.realpath(os.path.join(BASE, request.args["name"]))
                if os.path.commonpath([BASE, path]) != BASE:
                    abort(404)
                with open(path) as fh:
                    return fh.read()
            """),
        Valid("""\
            import re
            from flask import abort, request
            def avatar():
                name = request.args["user"]
                if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                    abort(400)
                return open("/srv/avatars/" + name + ".png", "rb").read()
            """),
        Valid("""\
            import re
            from flask import abort, request, send_file
            NAME = re.compile(r"^[a-z0-9_-]+\\.pdf$")
            def manual():
                name = request.args["name"]
                if not NAME.match(name):
                    abort(400)
                return send_file("/srv/manuals/" + name)
            """),
        Valid("""\
            import re
            from flask import request
            def show():
                name = request.args["name"]
                if re.fullmatch(r"[A-Za-z0-9]+", name) is None:
                    return "bad name", 400
                return open("/srv/notes/" + name).read()
            """),
        Valid("""\
            from pathlib import Path
            from flask import abort, request
            BASE = Path("/srv/files")
            def read():
                path = (BASE / request.args["name"]).resolve()
                if not path.is_relative_to(BASE):
                    abort(404)
                return path.read_text()
            """),
        Valid("""\
            class Exporter:
                def __init__(self, **kwargs):
                    self.kwargs = {"name": "report.csv"}
                def run(self):
                    return open("/srv/exports/" + self.kwargs["name"]).read()
            """, path="django_app/exporters.py"),
        Valid("""\
            import os
            from flask import request
            BASE = "/srv/files/"
            def read():
                path = os.path.join(BASE, request.args["name"])
                if os.path.abspath(path).startswith(BASE):
                    return open(path).read()
            """),
        Valid("""\
            import os
            from flask import request
            BASE = "/srv/files/"
            def read():
                path = os.path.join(BASE, request.args["name"])
                if os.path.commonprefix((os.path.realpath(path), BASE)) != BASE:
                    return "no"
                return open(path).read()
            """),
        Valid("""\
            from flask import abort, request
            BASE = "/srv/files"
            def read():
                name = request.args["name"]
                if ".." in name:
                    abort(400)
                return open(BASE + "/" + name).read()
            """),
    ]
    INVALID = [
        Invalid("""\
            import os
            from flask import abort, request
            BASE = "/srv/files"
            def read():
                name = request.args["name"]
                if ".." in name:
                    abort(400)
                return open(os.path.join(BASE, name)).read()
            """, 8),
        Invalid("""\
            import os
            from flask import request
            BASE = "/srv/files/"
            def read():
                path = os.path.join(BASE, request.args["name"])
                if os.path.commonprefix((path, BASE)) != BASE:
                    return "no"
                return open(path).read()
            """, 8),
        Invalid("""\
            from flask import Flask, request, send_from_directory
            app = Flask(__name__)
            @app.route("/files")
            def download():
                return send_from_directory(request.args["dir"], request.args["name"])
            """, 5),
        Invalid("""\
            from django.http import FileResponse
            from django.views import generic
            class Download(generic.View):
                def get(self, *args, **kwargs):
                    return FileResponse(open("/srv/files/" + self.kwargs["name"], "rb"))
            """, 5),
        Invalid("""\
            from django.http import FileResponse
            def attachment(request, name):
                return FileResponse(open(f"/srv/attachments/{name}", "rb"))
            """, 3, path="handlers.py"),
        Invalid("""\
            from django.http import FileResponse
            from django.urls import path
            def download(request, name):
                return serve_file(name)
            def serve_file(name):
                return FileResponse(open("/srv/files/" + name, "rb"))
            urlpatterns = [path("files/<name>", download)]
            """, 6, path="files/handlers.py"),
        Invalid("""\
            import re
            from flask import abort, request, send_file
            NAME = re.compile(r"^[\\w./-]+$")
            def manual():
                name = request.args["name"]
                if not NAME.match(name):
                    abort(400)
                return send_file("/srv/manuals/" + name)
            """, 8),
        Invalid("""\
            import re
            from flask import abort, request, send_file
            NAME = re.compile(r"[a-z]+\\.pdf")
            def manual():
                name = request.args["name"]
                if not NAME.match(name):
                    abort(400)
                return send_file("/srv/manuals/" + name)
            """, 8),
        Invalid("""\
            from django.http import FileResponse
            def invoice(request, name):
                return FileResponse(open(f"/srv/invoices/{name}", "rb"))
            """, 3, path="billing/views.py"),
        Invalid("""\
            import os
            from flask import request, send_file
            def download():
                name = request.args["name"]
                path = os.path.join("/srv/files", name)
                return send_file(path)
            """, 6),
        Invalid("""\
            def read_log(request):
                name = request.GET["log"]
                with open("/var/log/app/" + name) as fh:
                    return fh.read()
            """, 3),
        Invalid("""\
            from flask import request
            def upload():
                f = request.files["doc"]
                f.save("/srv/uploads/" + f.filename)
            """, 4),
        Invalid("""\
            from pathlib import Path
            from fastapi import FastAPI
            app = FastAPI()
            @app.get("/files/{name}")
            def read(name: str):
                return Path("/srv/files", name).read_text()
            """, 6),
        Invalid("""\
            from flask import request
            def load(name):
                return open(name).read()
            def view():
                return load(request.args["f"])
            """, 3),
        Invalid("""\
            from flask import request, send_file
            def download():
                return send_file("/srv/files/" + request.view_args["name"])
            """, 3),
        Invalid("""\
            from starlette.requests import Request
            from starlette.responses import FileResponse
            async def asset(request: Request):
                return FileResponse("static/" + request.path_params["name"])
            """, 4),
    ]
