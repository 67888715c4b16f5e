"""DF017 trust-boundary-violation: untrusted data stored in the session (CWE-501)."""

from __future__ import annotations

import re

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid

# A session key assigned, or the session updated: the only sinks of this rule (not calls of the spec)
_WRITE = re.compile(r"\bsession\s*\[[^\]\n]+\]\s*=(?!=)|\bsession\.(?:update|setdefault)\(")


class TrustBoundaryViolation(DataflowRule):
    """## What it does
    Reports request data stored in the session without validation: an assignment to a key of
    Flask's `session` or of a request's `.session` (Django, Starlette: `request.session["k"] = v`),
    or `session.update(...)` / `setdefault(...)` with such a value.

    ## Why is this bad?
    Code that reads the session later trusts it as the server's own state (who is logged in,
    what was checked, which role was chosen). Mixing unvalidated client input into it lets a
    client plant values that later code treats as verified (CWE-501).

    ## Example
    ```python
    session["role"] = request.args["role"]
    ```

    ## Use instead
    Store what the server decided (`session["user_id"] = user.id` after authenticating), or
    validate the value first (`int()`, an allow-list check, a regular expression guard).

    ## Known limits
    - The check before the write is not read for meaning: a value stored after any unrelated
      check (a password comparison) is still reported; a guard of the value itself (`isdigit()`,
      `in ALLOWED`, `re.fullmatch`) or a conversion (`int()`) cleans it.
    - Only `session` globals of Flask/Quart and `.session` of request objects count; a session
      object passed around under another name is not followed.

    ## References
    - [CWE-501](https://cwe.mitre.org/data/definitions/501.html)
    """

    code = "DF017"
    name = "trust-boundary-violation"
    summary = "Untrusted data is stored in the session"
    level = "warning"
    cwe = (501,)
    security_severity = 4.3
    equivalents = ()
    sink_kind = "session"
    sink_keywords = ("session",)  # not calls: the reach check finds the writes (reach.Scan.visit_Assign)
    labels = frozenset({"user"})

    @classmethod
    def wants(cls, ctx) -> bool:
        return bool(_WRITE.search(ctx.source.text)) and super().wants(ctx)

    VALID = [
        Valid("""\
            from flask import request, session
            def login(user):
                session["user_id"] = user.id
                session["page"] = int(request.args["page"])
            """),
        Valid("""\
            from django.shortcuts import redirect
            THEMES = {"light", "dark"}
            def theme(request):
                choice = request.GET.get("theme", "light")
                if choice in THEMES:
                    request.session["theme"] = choice
                return redirect("/")
            """),
        Valid("""\
            from django.http import HttpResponse
            def keep_token(request):
                request.session["csrf"] = request.META["CSRF_COOKIE"]
                request.session["ip"] = request.META.get("REMOTE_ADDR")
                return HttpResponse("ok")
            """, path="app/views.py"),
        Valid("""\
            def remember(request, cache):
                cache["last"] = request.GET["q"]
                if request.session["q"] == request.GET["q"]:
                    return True
            """, path="app/views.py"),
    ]
    INVALID = [
        Invalid("""\
            from flask import Flask, request, session
            app = Flask(__name__)
            @app.route("/prefs")
            def prefs():
                role = request.args.get("role")
                session["role"] = role
                return "ok"
            """, 6),
        Invalid("""\
            from django.http import HttpResponse
            def choose(request):
                request.session.update({"next": request.GET["next"]})
                request.session["agent"] = request.META.get("HTTP_USER_AGENT")
            def store(request, value):
                request.session["value"] = value
                return HttpResponse("stored")
            """, 3, 4, 6, path="shop/views.py"),
    ]
