"""DF014 insecure-cookie: a cookie set without the Secure or HttpOnly attribute (CWE-614, CWE-1004).

Not a taint rule: it reads the call's keywords on the file's shared ``ast`` (no libcst), in files that
mention ``set_cookie``.
"""

from __future__ import annotations

import ast
import re

from scanner.rule import Invalid, Rule, Valid, cwe_tags

# Test code sets cookies to exercise the framework, not to protect anyone's session.
TEST_PATH = re.compile(r"(^|/)(tests?|testing)/|(^|/)(test_[^/]*|[^/]*_tests?|tests|conftest)\.py$")
_SETTERS = frozenset({"set_cookie", "set_signed_cookie"})


def _literal(node: ast.AST | None):
    return node.value if isinstance(node, ast.Constant) else ...


_CWE = {"secure": 614, "httponly": 1004}
_MESSAGES = {
    ("secure", "httponly"): "Cookie set without secure=True and httponly=True",
    ("secure",): "Cookie set without secure=True",
    ("httponly",): "Cookie set without httponly=True",
}


def missing_flags(call: ast.Call) -> tuple[str, ...]:
    """The flags a ``set_cookie(...)`` call leaves off: absent or a literal false. A flag given by
    any expression (``secure=settings.SESSION_COOKIE_SECURE``) is the configuration's business; a
    call with ``**options`` or one that deletes the cookie (``max_age=0``, ``expires=0``) is left
    alone."""
    kws = {k.arg: k.value for k in call.keywords}
    if None in kws or (len(call.args) == 1 and not kws):
        return ()  # **options, or a cookie jar's set_cookie(cookie) (http.cookiejar, requests): no response
    if _literal(kws.get("max_age")) == 0 or _literal(kws.get("expires")) == 0:
        return ()
    return tuple(flag for flag in ("secure", "httponly")
                 if kws.get(flag) is None or _literal(kws[flag]) in (False, None, 0))


class InsecureCookie(Rule):
    """## What it does
    Reports `response.set_cookie(...)` / `set_signed_cookie(...)` (Flask, Werkzeug, Django,
    Starlette, FastAPI, Bottle) without `secure=True` or without `httponly=True`.

    ## Why is this bad?
    Without `Secure` the browser also sends the cookie over plain HTTP, where anyone on the
    network path reads it (CWE-614). Without `HttpOnly` any script on the page, including one
    injected through XSS, reads it from `document.cookie` (CWE-1004). Session and
    authentication cookies need both.

    ## Example
    ```python
    resp.set_cookie("session_id", sid)
    ```

    ## Use instead
    ```python
    resp.set_cookie("session_id", sid, secure=True, httponly=True, samesite="Lax")
    ```

    ## Known limits
    - A flag given by a variable or setting (`secure=settings.SESSION_COOKIE_SECURE`) is trusted,
      and so is a call with `**options`; a call that deletes the cookie (`max_age=0`,
      `expires=0`) is not reported.
    - Test code (`tests/`, `test_*.py`, `conftest.py`) is not checked, nor a call with a single
      argument (a cookie jar's `set_cookie(cookie)`).
    - A cookie that must be read by the page's own script (a CSRF token for an AJAX header) needs
      no `HttpOnly`: suppress it there with `# scanner: ignore[DF014]`.

    ## References
    - [CWE-614](https://cwe.mitre.org/data/definitions/614.html),
      [CWE-1004](https://cwe.mitre.org/data/definitions/1004.html)
    """

    code = "DF014"
    name = "insecure-cookie"
    family = "data-flow"
    level = "warning"
    summary = "Cookie set without Secure or HttpOnly"
    languages = frozenset({"python"})
    keywords = ("set_cookie", "set_signed_cookie")
    cwe = (614, 1004)
    security_severity = 5.3
    precision = "high"
    tags = ("security",)
    equivalents = ("semgrep:python.flask.security.audit.secure-set-cookie",)

    VALID = [
        Valid("""\
            from flask import make_response
            def login():
                resp = make_response("ok")
                resp.set_cookie("sid", "abc", secure=True, httponly=True, samesite="Lax")
                return resp
            """),
        Valid("""\
            from django.conf import settings
            def view(request, response):
                response.set_cookie("sid", "x", secure=settings.SESSION_COOKIE_SECURE, httponly=True)
                response.set_cookie("sid", "", max_age=0)
                response.set_cookie("theme", "dark", **settings.COOKIE_OPTIONS)
            """),
        Valid("""\
            import http.cookiejar
            def load(cookies):
                jar = http.cookiejar.CookieJar()
                for cookie in cookies:
                    jar.set_cookie(cookie)
                return jar
            """),
        Valid("""\
            def test_cookie(client):
                client.set_cookie("sid", "abc")
            """, path="tests/test_views.py"),
    ]
    INVALID = [
        Invalid("""\
            from flask import make_response
            def login():
                resp = make_response("ok")
                resp.set_cookie("sid", "abc")
                return resp
            """, 4),
        Invalid("""\
            def view(request, response):
                response.set_signed_cookie("sid", "x", secure=True)
                response.set_cookie("sid", "x", httponly=True, secure=False)
            """, 2, 3),
    ]

    def check(self) -> None:
        if TEST_PATH.search(self.ctx.source.path.replace("\\", "/")):
            return
        tree = self.ctx.ast
        if tree is None:
            return
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SETTERS):
                continue
            missing = missing_flags(node)
            if missing:
                # each result's own CWEs: Secure missing is CWE-614, HttpOnly missing CWE-1004
                cwe = tuple(_CWE[flag] for flag in missing)
                self.ctx.report(self.meta, self.ctx.region_of(node), _MESSAGES[missing],
                                properties={"tags": cwe_tags(cwe)})
