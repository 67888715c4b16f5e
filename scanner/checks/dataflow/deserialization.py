"""DF004 unsafe-deserialization: untrusted bytes into pickle, marshal, shelve or unsafe YAML (CWE-502)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class UnsafeDeserialization(DataflowRule):
    """## What it does
    Reports untrusted input that reaches a deserializer that can build arbitrary objects:
    `pickle`/`dill`/`jsonpickle` loads, `marshal.loads`, `shelve.open`, `pandas.read_pickle`,
    `joblib.load`, `torch.load`, and `yaml.load()` without a safe loader (`yaml.unsafe_load`,
    `yaml.full_load`).

    ## Why is this bad?
    Unpickling runs code chosen by whoever wrote the bytes (`__reduce__`); so does YAML's
    `!!python/object` tags with the full loader.

    ## Example
    ```python
    obj = pickle.loads(request.data)
    ```

    ## Use instead
    A data-only format (`json.loads`), or `yaml.safe_load()` / `Loader=yaml.SafeLoader`.

    ## Known limits
    - A loader passed through a variable is judged by its name (`SafeLoader`, `CSafeLoader`,
      `BaseLoader` are safe).
    - Bytes read from a file whose *path* is untrusted count only when the path reaches the
      deserializer itself (`shelve.open(path)`), not through `open(path).read()`.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).

    ## References
    - [CWE-502](https://cwe.mitre.org/data/definitions/502.html)
    """

    code = "DF004"
    name = "unsafe-deserialization"
    summary = "Untrusted data reaches an unsafe deserializer"
    cwe = (502,)
    security_severity = 9.8
    equivalents = ("bandit:B301", "bandit:B506", "semgrep:python.lang.security.deserialization.avoid-pickle")
    sink_kind = "deserialization"

    VALID = [
        Valid("""\
            import yaml
            from flask import request
            def upload():
                return yaml.safe_load(request.data)
            """),
        Valid("""\
            import yaml
            from flask import request
            def upload():
                return yaml.load(request.get_data(), Loader=yaml.SafeLoader)
            """),
        Valid("""\
            import json
            from flask import request
            def upload():
                return json.loads(request.data)
            """),
        Valid("""\
            import pickle
            def load_cache():
                with open("/var/cache/app.pkl", "rb") as fh:
                    return pickle.load(fh)
            """),
    ]
    INVALID = [
        Invalid("""\
            import pickle
            from fastapi import FastAPI, UploadFile
            app = FastAPI()
            @app.post("/models")
            async def upload(file: UploadFile):
                blob = await file.read()
                return pickle.loads(blob)
            """, 7),
        Invalid("""\
            import pickle
            from flask import request
            def upload():
                return pickle.loads(request.data)
            """, 4),
        Invalid("""\
            import yaml
            def config(request):
                text = request.body.decode()
                return yaml.load(text, Loader=yaml.Loader)
            """, 4),
        Invalid("""\
            import marshal, socket
            def serve(sock: socket.socket):
                payload = sock.recv(4096)
                return marshal.loads(payload)
            """, 4),
        Invalid("""\
            import base64, pickle
            from flask import request
            def restore(blob):
                return pickle.loads(base64.b64decode(blob))
            def view():
                return restore(request.cookies.get("session"))
            """, 4),
        Invalid("""\
            import shelve
            from flask import request
            def open_db():
                return shelve.open("/data/" + request.args["db"])
            """, 4),
        Invalid("""\
            import yaml
            data = input()
            cfg = yaml.unsafe_load(data)
            """, 3),
        Invalid("""\
            import pickle
            def restore(request):
                state = request.FILES["state"].read()
                return pickle.loads(state)
            """, 4),
    ]
