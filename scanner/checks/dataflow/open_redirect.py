"""DF008 open-redirect: untrusted data chooses where a redirect goes (CWE-601)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class OpenRedirect(DataflowRule):
    """## What it does
    Reports untrusted input that becomes the target of a redirect: `flask.redirect`,
    `django.shortcuts.redirect`, `HttpResponseRedirect`, `RedirectResponse`. A literal prefix that
    fixes the host or the first path segment (`"/profile/" + name`), or puts the value after a `?`
    or `#` (`"%s?%s" % (url, query)`), is safe, as are `url_for()`,
    `reverse()` and a value checked with `url_has_allowed_host_and_scheme()`.

    ## Why is this bad?
    A link on your domain that forwards to the attacker's (`/login?next=https://evil.example`)
    makes phishing credible and can leak tokens in the URL.

    ## Example
    ```python
    return redirect(request.args["next"])
    ```

    ## Use instead
    ```python
    nxt = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = "/"
    return redirect(nxt)
    ```

    ## Known limits
    - Compound conditions are combined: `if (u or ajax) and not url_has_allowed_host_and_scheme(u):
      u = "/"` leaves u clean after the `if` (u is empty or allowed), but a guard on one side of
      an `or` alone cleans nothing.
    - Guards that clean a value: `url_has_allowed_host_and_scheme`/`is_safe_url`, `in` allow
      lists, a host check (`urlparse(u).netloc in ALLOWED`, also through `p = urlparse(u)`),
      `startswith` with a prefix that fixes the host or first path segment, and
      `startswith("/") and not startswith("//")` (over any number of `if`s). `startswith("/")` alone
      does not (`//evil.example` passes it); the `/\\evil.example` form (browsers read `\\` as `/`)
      is not required to be excluded as well. A regex `fullmatch` that rules out `/`, `\\`, `:`
      and `@`, or whose literal start fixes the host, counts too.
    - A URL with no host (`not urlparse(u).netloc`, `urlparse(u).netloc == ""`,
      `not yarl.URL(u).is_absolute()`) is a local path only once its backslashes are replaced
      (`u.replace("\\\\", "/")`, before or after the check): browsers read `/\\evil.example` as
      `//evil.example`. As CodeQL does, this does not also rule out `///evil.example` or
      `https:evil.example` (no netloc to `urlparse`, a host to a browser): prefer
      `url_has_allowed_host_and_scheme`.
    - `target = "https://example.com/"` then `target += x` keeps x after the fixed host when every
      assignment of `target` is such a literal.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).

    ## References
    - [CWE-601](https://cwe.mitre.org/data/definitions/601.html)
    """

    code = "DF008"
    name = "open-redirect"
    summary = "Untrusted data chooses the target of a redirect"
    cwe = (601,)
    security_severity = 6.1
    equivalents = ("semgrep:python.flask.security.open-redirect",)
    sink_kind = "redirect"

    VALID = [
        Valid("""\
            from django.contrib.contenttypes.models import ContentType
            from django.http import HttpResponseRedirect
            def shortcut(request, content_type_id, object_id):
                content_type = ContentType.objects.get_for_id(content_type_id)
                obj = content_type.get_object_for_this_type(pk=object_id)
                for site in obj.sites.all():
                    domain = site.domain
                    break
                return HttpResponseRedirect("https://%s/" % domain)
            """),
        Valid("""\
            from django.http import HttpResponseRedirect
            def keep_query(request, target_url):
                return HttpResponseRedirect("%s?%s" % (target_url, request.META.get("QUERY_STRING", "")))
            def moved(request):
                return keep_query(request, "/new-home/")
            """),
        Valid("""\
            from flask import request, redirect, url_for
            def login():
                return redirect(url_for("profile", user=request.args["user"]))
            """),
        Valid("""\
            from django.shortcuts import redirect
            from django.utils.http import url_has_allowed_host_and_scheme
            def done(request):
                nxt = request.GET.get("next", "/")
                if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
                    nxt = "/"
                return redirect(nxt)
            """),
        Valid("""\
            from flask import request, redirect
            def go():
                return redirect("/profile/" + request.args["user"])
            """),
        Valid("""\
            from flask import redirect, request
            def cont():
                nxt = request.args.get("next", "/")
                if nxt.startswith("/") and not nxt.startswith("//"):
                    return redirect(nxt)
                return redirect("/")
            """),
        Valid("""\
            from urllib.parse import urlparse
            from flask import abort, redirect, request
            ALLOWED = {"example.com", "www.example.com"}
            def cont():
                nxt = request.args["next"]
                parsed = urlparse(nxt)
                if parsed.netloc not in ALLOWED:
                    abort(400)
                return redirect(nxt)
            """),
        Valid("""\
            from flask import abort, redirect, request
            def cont():
                nxt = request.args["next"]
                if not nxt.startswith("/"):
                    abort(400)
                if nxt.startswith(("//", "/\\\\")):
                    abort(400)
                return redirect(nxt)
            """),
        Valid("""\
            from django.http import HttpResponseRedirect
            from django.utils.http import url_has_allowed_host_and_scheme
            def set_language(request):
                nxt = request.POST.get("next")
                if (nxt or request.accepts("text/html")) and not url_has_allowed_host_and_scheme(
                        url=nxt, allowed_hosts={request.get_host()}):
                    nxt = "/"
                return HttpResponseRedirect(nxt)
            """),
        Valid("""\
            import yarl
            from flask import redirect, request
            def cont():
                nxt = request.args.get("next", "").replace("\\\\", "/")
                if not yarl.URL(nxt).is_absolute():
                    return redirect(nxt)
                return redirect("/")
            """),
        Valid("""\
            from urllib.parse import urlparse
            from flask import redirect, request
            def cont():
                nxt = request.args.get("next", "")
                nxt = nxt.replace("\\\\", "/")
                if urlparse(nxt).netloc == "":
                    return redirect(nxt)
                return redirect("/")
            """),
        Valid("""\
            from flask import redirect, request
            def cont():
                target = "https://example.com/"
                target += request.args.get("page", "")
                return redirect(target)
            """),
    ]
    INVALID = [
        Invalid("""\
            from urllib.parse import urlparse
            from flask import redirect, request
            def cont():
                nxt = request.args.get("next", "")
                if not urlparse(nxt).netloc:
                    return redirect(nxt)
                return redirect("/")
            """, 6),
        Invalid("""\
            from urllib.parse import urlparse
            from flask import redirect, request
            def cont():
                nxt = request.args.get("next", "").replace("\\\\", "/")
                if urlparse(nxt).netloc != "":
                    return redirect(nxt)
                return redirect("/")
            """, 6),
        Invalid("""\
            from flask import redirect, request
            def cont():
                nxt = request.args.get("next", "/")
                if nxt.startswith("/"):
                    return redirect(nxt)
                return redirect("/")
            """, 5),
        Invalid("""\
            import re
            from flask import abort, redirect, request
            def cont():
                nxt = request.args["next"]
                if not re.fullmatch(r"[\\w/.-]+", nxt):
                    abort(400)
                return redirect(nxt)
            """, 7),
        Invalid("""\
            from flask import request, redirect
            def login():
                nxt = request.args.get("next")
                return redirect(nxt)
            """, 4),
        Invalid("""\
            from django.http import HttpResponseRedirect
            def logout(request):
                return HttpResponseRedirect(request.POST.get("return_to", "/"))
            """, 3),
        Invalid("""\
            from fastapi import FastAPI
            from fastapi.responses import RedirectResponse
            app = FastAPI()
            @app.get("/out")
            def out(url: str):
                return RedirectResponse(url=url)
            """, 6),
        Invalid("""\
            from flask import request, redirect
            def target():
                return request.args.get("to", "/")
            def jump():
                return redirect(target())
            """, 5),
        Invalid("""\
            from django.http import HttpResponseRedirect
            def back(request):
                return HttpResponseRedirect(request.COOKIES.get("last_page", "/"))
            """, 3),
    ]
