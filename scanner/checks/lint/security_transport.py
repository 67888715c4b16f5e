"""Transport: PY050 cleartext-transport (ast): requests over http:// or ftp:// to a fixed remote
host, and FTP/Telnet clients without TLS."""

from __future__ import annotations

import ast
import re

from scanner.checks.lint._pyast import AstIndex, PyRule, dotted, in_tests, last_assignment
from scanner.rule import Invalid, Valid

# functions whose first argument is a URL they fetch
_FETCH = {"urlopen", "urlretrieve", "Request"}
_HTTP_LIBS = {"requests", "httpx", "urllib3"}
_HTTP_VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "urlopen"}
# objects whose `.open(url)` / `.retrieve(url)` fetch a URL
_OPENERS = {"URLopener", "FancyURLopener", "build_opener", "OpenerDirector"}
_CLEAR_CLIENTS = {"ftplib.FTP": "FTP", "telnetlib.Telnet": "Telnet"}
_URL = re.compile(r"(?i)^(http|ftp)://([^/:?#\x00]*)")
# loopback and names that never leave the machine
_LOCAL = re.compile(r"(?i)^(?:localhost|127(?:\.\d+){3}|\[::1\]|0\.0\.0\.0|[\w.-]*\.localhost)$")


def _url_text(ix: AstIndex, node: ast.AST | None, at: ast.AST) -> str | None:
    """The literal start of a URL: a string, an f-string's leading text (placeholders as \\x00),
    the value last assigned to a local name, or a parameter's default."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(p.value if isinstance(p, ast.Constant) else "\x00" for p in node.values)
    if isinstance(node, ast.Name):
        assigned = last_assignment(ix, at, node.id)
        if assigned is not None:
            return _url_text(ix, assigned, assigned)
        scope = ix.enclosing_scope(at)
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = scope.args
            params = [*a.posonlyargs, *a.args]
            pairs = [*zip(params[len(params) - len(a.defaults):], a.defaults), *zip(a.kwonlyargs, a.kw_defaults)]
            for arg, default in pairs:
                if arg.arg == node.id and default is not None:
                    return _url_text(ix, default, default)
    return None


def _opener(ix: AstIndex, receiver: ast.AST, at: ast.AST) -> bool:
    if isinstance(receiver, ast.Name):
        assigned = last_assignment(ix, at, receiver.id)
        receiver = assigned if assigned is not None else receiver
    return isinstance(receiver, ast.Call) and dotted(receiver.func).rsplit(".", 1)[-1] in _OPENERS


class CleartextTransport(PyRule):
    """## What it does
    Reports requests sent in clear text to a fixed remote host: an `http://` or `ftp://` URL
    (written in the call, assigned to a local name before it, or a parameter's default) fetched
    with `urllib.request` (`urlopen`, `Request`, `urlretrieve`, `URLopener().open()`, an opener's
    `open()`), `requests`, `httpx` or `urllib3`; and `ftplib.FTP` / `telnetlib.Telnet` clients.

    Loopback hosts (`localhost`, `127.0.0.1`, `[::1]`) never cross a network and are quiet, and
    so is a URL whose host is computed (`f"http://{host}/"`: the host may be local or the scheme
    configurable). Test code is left out.

    ## Why is this bad?
    Anyone on the network path reads and changes plain HTTP/FTP/Telnet traffic: credentials,
    cookies, the downloaded code or data (CWE-319).

    ## Example
    ```python
    urllib.request.urlopen("http://updates.example.org/latest.json")
    ```

    ## Use instead
    ```python
    urllib.request.urlopen("https://updates.example.org/latest.json")
    ```
    """

    code = "PY050"
    name = "cleartext-transport"
    level = "warning"
    summary = "Request over http:// or ftp:// to a remote host, or an FTP/Telnet client"
    keywords = ("http://", "ftp://", "ftplib", "telnetlib")
    cwe = (319,)
    security_severity = 5.9
    tags = ("security",)
    equivalents = ("bandit:B321", "bandit:B312", "ruff:S321", "ruff:S312")
    VALID = [Valid("import urllib.request\nurllib.request.urlopen('https://example.com')\n"),
             Valid("import requests\nrequests.get('http://localhost:8000/health')\n"
                   "requests.get(f'http://{host}:{port}/')\n"),
             Valid("NS = 'http://www.w3.org/2000/svg'\nprint('see http://example.com')\n"),
             Valid("import webbrowser\nwebbrowser.open('http://example.com')\n"),
             Valid("import requests\nrequests.get('http://example.com')\n", path="tests/test_client.py")]
    INVALID = [Invalid("from urllib.request import urlopen\nurlopen('http://example.com/data')\n", 2),
               Invalid("from urllib.request import URLopener\ndef f():\n    od = URLopener()\n"
                       "    url = 'ftp://example.com/f'\n    od.open(url)\n", 5),
               Invalid("from urllib.request import Request\ndef f(url='http://example.com'):\n"
                       "    return Request(url)\n", 3),
               Invalid("import requests\nr = requests.post(f'http://api.example.com/{path}', data=d)\n", 2),
               Invalid("from ftplib import FTP\nftp = FTP('ftp.example.com')\n", 2)]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return
        text = self.ctx.source.text
        for call in ix.nodes(ast.Call):
            func = dotted(call.func)
            last = func.rsplit(".", 1)[-1] if func else getattr(call.func, "attr", "")
            for qual, proto in _CLEAR_CLIENTS.items():
                module, cls = qual.split(".")
                if func == qual or (func == cls and f"from {module} import" in text):
                    self.report(call, f"{proto} sends passwords and data in clear text; use "
                                      f"{'FTP_TLS' if proto == 'FTP' else 'SSH'} instead")
            fetches = last in _FETCH or (func.split(".", 1)[0] in _HTTP_LIBS and last in _HTTP_VERBS) or (
                last in ("open", "retrieve") and isinstance(call.func, ast.Attribute)
                and _opener(ix, call.func.value, call))
            if not fetches:
                continue
            target = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("url", "fullurl")), None)
            if func.split(".", 1)[0] in _HTTP_LIBS and last == "request" and len(call.args) > 1:
                target = call.args[1]  # requests.request("GET", url)
            url = _url_text(ix, target, call)
            m = _URL.match(url) if url else None
            if m and m[2] and "\x00" not in m[2] and not _LOCAL.match(m[2]):
                self.report(call, f"`{m[1].lower()}://{m[2]}` is fetched in clear text; use "
                                  f"{'https' if m[1].lower() == 'http' else 'sftp or ftps'}")
