"""DF006 server-side-request-forgery: untrusted data chooses where an outbound request goes (CWE-918)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class ServerSideRequestForgery(DataflowRule):
    """## What it does
    Reports untrusted input that reaches the URL or host of an outbound request: `requests.*`,
    `httpx.*`, `urllib.request.urlopen`/`Request`, `http.client.HTTPConnection`, `aiohttp.request`.
    A literal prefix that fixes the scheme and host (`f"https://api.example.com/users/{uid}"`)
    makes the rest safe for this rule.

    ## Why is this bad?
    The server fetches whatever the client names: cloud metadata endpoints
    (`http://169.254.169.254/`), internal admin services, `file://` URLs.

    ## Example
    ```python
    return requests.get(request.args["url"]).text
    ```

    ## Use instead
    Fix the host and let the client choose only a path component (quoted with
    `urllib.parse.quote`), or check the parsed host against an allow list.

    Methods of client objects count too: `requests.Session()`, `httpx.Client()`/`AsyncClient()`,
    `aiohttp.ClientSession()`, `urllib3.PoolManager()` (`get`/`post`/..., `request(method, url)`),
    whether the object is a variable, a `with ... as` name, a `self.` attribute set in another
    method, or a chained call (`requests.Session().get(url)`).

    ## Known limits
    - A client object's type is known only when it is built in the same file by a declared
      constructor (`[[constructor]]` in the spec); one passed in as a parameter or returned by a
      factory of another module is unknown, and its methods are not sinks.
    - A client's `base_url` is not taken into account.
    - An allow-list check must be an `in` test or a declared guard on the same variable.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).

    ## References
    - [CWE-918](https://cwe.mitre.org/data/definitions/918.html)
    """

    code = "DF006"
    name = "server-side-request-forgery"
    summary = "Untrusted data chooses the target of an outbound request"
    cwe = (918,)
    security_severity = 8.6
    equivalents = ("semgrep:python.flask.security.injection.ssrf-requests",)
    sink_kind = "ssrf"

    VALID = [
        Valid("""\
            from urllib.parse import quote
            from urllib.request import urlopen
            from flask import request
            def wiki():
                return urlopen("https://en.wikipedia.org/wiki/" + quote(request.args["title"]))
            """),
        Valid("""\
            import requests
            from flask import request
            def user():
                uid = request.args["id"]
                return requests.get(f"https://api.example.com/users/{uid}").json()
            """),
        Valid("""\
            import requests
            from flask import request
            ALLOWED = {"https://a.example.com/feed", "https://b.example.com/feed"}
            def feed():
                url = request.args["url"]
                if url not in ALLOWED:
                    return "no", 400
                return requests.get(url).text
            """),
        Valid("""\
            import requests
            def fetch():
                url = input("url: ")
                url = "https://status.example.com"
                return requests.get(url, timeout=5).status_code
            """),
        Valid("""\
            import requests
            from flask import request
            cache = {}
            session = requests.Session()
            def feed():
                url = cache.get(request.args["feed"])
                return session.get("https://feeds.example.com/" + request.args["feed"]).text
            """),
    ]
    INVALID = [
        Invalid("""\
            import requests
            from flask import request
            session = requests.Session()
            def feed():
                return session.get(request.args["feed_url"], timeout=5).text
            """, 5),
        Invalid("""\
            import httpx
            from fastapi import FastAPI
            app = FastAPI()
            @app.get("/proxy")
            async def proxy(url: str):
                async with httpx.AsyncClient() as client:
                    r = await client.request("GET", url)
                return r.text
            """, 7),
        Invalid("""\
            import urllib3
            from flask import request
            class Fetcher:
                def __init__(self):
                    self.http = urllib3.PoolManager()
                def fetch(self, url):
                    return self.http.request("GET", url).data
            def view():
                return Fetcher().fetch(request.args["u"])
            """, 7),
        Invalid("""\
            import requests
            from flask import request
            def proxy():
                url = request.args.get("url")
                return requests.get(url, timeout=5).text
            """, 5),
        Invalid("""\
            from urllib.request import urlopen
            def preview(request):
                target = request.POST["link"]
                return urlopen(target).read()
            """, 4),
        Invalid("""\
            import httpx
            from fastapi import FastAPI
            app = FastAPI()
            @app.get("/hook")
            async def hook(host: str):
                async with httpx.AsyncClient() as c:
                    pass
                return httpx.get("http://" + host + "/status").text
            """, 8),
        Invalid("""\
            import requests
            from flask import request
            def fetch(url):
                return requests.post(url, json={"ping": 1})
            def view():
                return fetch(request.json["callback"]).text
            """, 4),
        Invalid("""\
            import requests
            from flask import request
            def ping_webhook():
                target = request.headers.get("X-Callback-Url")
                requests.post(target, json={"status": "done"}, timeout=5)
            """, 5),
        Invalid("""\
            import httpx
            from starlette.requests import Request
            async def preview(request: Request):
                link = request.query_params["link"]
                return httpx.get(link).text
            """, 5),
    ]
