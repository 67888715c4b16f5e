"""DF007 cross-site-scripting: untrusted data in HTML that is not escaped (CWE-79)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class CrossSiteScripting(DataflowRule):
    """## What it does
    Reports untrusted input that ends up in HTML without escaping: a template *source* built from
    it (`render_template_string`, `jinja2.Template`, `django.template.Template`), a string marked
    safe (`Markup`, `mark_safe`, `SafeString`), an HTML response body (`HttpResponse`,
    `HTMLResponse`, `make_response`, a Tornado handler's `self.write()`/`self.finish()` of a
    string), a string returned by a Flask view, or a context value that
    a template file prints unescaped (`{{ bio|safe }}`, or inside `{% autoescape false %}` /
    `{% autoescape off %}`) passed to `render_template`, `render` or `render_to_string`.

    ## Why is this bad?
    The browser runs `<script>` the client sent, in your origin: sessions, CSRF tokens and the
    page itself belong to the attacker.

    ## Example
    ```python
    return f"<h1>Hello {request.args['name']}</h1>"
    ```

    ## Use instead
    Render a template file with autoescaping (`render_template("hello.html", name=name)`), or
    escape with `markupsafe.escape()`/`html.escape()`/`format_html()`.

    ## Known limits
    - A response whose content type is set to something other than HTML with a literal (or a
      literal media type with parameters filled in: `"text/plain; charset=%s" % cs`) is not
      reported; one set through a variable is.
    - FastAPI handlers that return strings are JSON-encoded and not reported. JSON text made with
      `json.dumps` keeps `<` and `>`: it counts in an HTML response unless the response's content
      type is a non-HTML literal (`jsonify` and `JsonResponse` set one themselves).
    - Tornado: `self.write(chunk)` is HTML (Tornado's default content type) unless the chunk is a
      dict (sent as JSON) or a method of the handler sets a Content-Type that is not HTML with a
      literal (`self.set_header("Content-Type", "text/plain")`); `xhtml_escape` cleans. Only
      classes with a base named `...RequestHandler` in the file count (an app's own `BaseHandler`
      defined in another module is not followed, for the sources either).
    - A Django function-based view is recognised by a view decorator, a URLconf in its file, a
      view module (`views.py`, `views/`, `urls.py`, `api.py`) or a response it builds, when no
      code of its module calls it; a test module's functions get the tests' own requests (only
      its URLconf makes views).
    - A template's `render(context)` is trusted to escape the context's values, as Django's and
      Flask's templates do; a bare `jinja2.Environment()` (autoescape off) does not.
    - Template files are found in a `templates/` directory next to the module or in one of its
      parent directories (not through the app's configured loaders); a literal template name and
      a context given as keywords or as a dict literal (inline or bound once) are read; templates
      it includes or extends with a literal name are read too (up to 16 per call), without telling
      a child's overriding blocks from its parent's. The result cache re-scans a file whose finding came from
      a template; a template newly edited to print a value unescaped is seen on the next full
      scan (`--no-cache`).
    - Stored data is out of scope: a row looked up by a request value
      (`get_object_or_404(Page, url=url).content`) is not that value.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).

    ## References
    - [CWE-79](https://cwe.mitre.org/data/definitions/79.html)
    """

    code = "DF007"
    name = "cross-site-scripting"
    summary = "Untrusted data reaches HTML output unescaped"
    cwe = (79,)
    security_severity = 6.1
    equivalents = ("bandit:B703", "bandit:B704", "semgrep:python.flask.security.xss")
    sink_kind = "xss"
    # a Flask view that returns HTML; a template rendered with a context by Flask's or Django's
    # shortcut (the template may print a value unescaped: templates.py). Not `.render(` or
    # `engine.render_to_string(` methods: Django's template tests call them thousands of times.
    sink_keywords = ("route(", "render(request", "render_template(", " render_to_string(", "(render_to_string(",
                     "=render_to_string(")

    VALID = [
        Valid("""\
            from django.apps import apps
            from django.http import HttpResponse
            def model_doc(request, app_label, model_name):
                model = apps.get_app_config(app_label).get_model(model_name)
                return HttpResponse(model.__doc__)
            """, path="docs/views.py"),
        Valid("""\
            from docutils.core import publish_parts
            from django.utils.safestring import mark_safe
            DOC = "Some *text*."
            def render_doc(request):
                parts = publish_parts(DOC, source_path="<%s>" % request.GET["name"], writer_name="html")
                return mark_safe(parts["fragment"])
            """),
        Valid("""\
            from flask import Flask, request
            from myapp.text import escape_html
            app = Flask(__name__)
            @app.route("/hello")
            def hello():
                return "<h1>Hello " + escape_html(request.args["name"]) + "</h1>"
            """),
        Valid("""\
            from django.http import HttpResponse
            def hello_view(request, value):
                return HttpResponse("Hello %s" % value)
            def echo_view(request):
                return HttpResponse(request.body)
            """, path="myapp/tests.py"),
        Valid("""\
            from flask import Flask, request, send_from_directory, jsonify
            app = Flask(__name__)
            @app.route("/files")
            def download():
                return send_from_directory("/srv/static", request.args["name"])
            @app.route("/echo")
            def echo():
                return jsonify(request.args["q"])
            """),
        Valid("""\
            from django.http import HttpResponse
            from django.template import Engine
            PAGE = Engine().from_string("<h1>{{ title }}</h1>")
            def page(request):
                context = {}
                context.update({"title": request.GET["title"]})
                return HttpResponse(PAGE.render(context))
            """),
        Valid("""\
            import html
            from fastapi import FastAPI
            from fastapi.responses import HTMLResponse
            app = FastAPI()
            @app.get("/greet")
            def greet(name: str):
                return HTMLResponse(f"<p>Hi {html.escape(name)}</p>")
            """),
        Valid("""\
            from flask import Flask, request, render_template
            app = Flask(__name__)
            @app.route("/hello")
            def hello():
                return render_template("hello.html", name=request.args["name"])
            """),
        Valid("""\
            from flask import Flask, request
            from markupsafe import escape
            app = Flask(__name__)
            @app.route("/hello")
            def hello():
                return f"<h1>Hello {escape(request.args['name'])}</h1>"
            """),
        Valid("""\
            from django.http import HttpResponse
            import json
            def api(request):
                return HttpResponse(json.dumps({"q": request.GET["q"]}), content_type="application/json")
            """),
        Valid("""\
            from django.http import HttpResponse
            def echo_text(request, charset="utf-8"):
                return HttpResponse(request.body, content_type="text/plain; charset=%s" % charset)
            def echo_csv(request):
                return HttpResponse(request.body, content_type=f"text/csv; charset={request.encoding}")
            """),
        Valid("""\
            from flask import Flask, request, jsonify
            app = Flask(__name__)
            @app.route("/echo")
            def echo():
                return {"echo": request.args["q"]}
            """),
        Valid("""\
            from django.http import HttpResponse
            from django.shortcuts import get_object_or_404
            from django.utils.safestring import mark_safe
            from pages.models import Page
            def page(request, url):
                p = get_object_or_404(Page, url=url)
                return HttpResponse(mark_safe(p.content))
            """, path="pages/views.py"),
        Valid("""\
            import tornado.web
            from tornado.escape import xhtml_escape
            class Hello(tornado.web.RequestHandler):
                def get(self):
                    self.write("<h1>Hello " + xhtml_escape(self.get_argument("name")) + "</h1>")
            class Echo(tornado.web.RequestHandler):
                def get(self):
                    data = {"q": self.get_argument("q")}
                    self.write(data)
            class Text(tornado.web.RequestHandler):
                def set_default_headers(self):
                    self.set_header("Content-Type", "text/plain; charset=UTF-8")
                def get(self):
                    self.write(self.get_argument("q"))
            """),
        Valid("""\
            import json
            from flask import Flask, make_response, request
            app = Flask(__name__)
            @app.route("/echo")
            def echo():
                data = json.loads(request.data)
                return make_response(json.dumps(data), 200, {"Content-Type": "application/json"})
            """),
    ]
    INVALID = [
        Invalid("""\
            from docutils.core import publish_parts
            from django.utils.safestring import mark_safe
            def render_doc(request):
                parts = publish_parts(request.POST["text"], writer_name="html")
                return mark_safe(parts["fragment"])
            """, 5),
        Invalid("""\
            from django.http import HttpResponse
            def echo(request, charset="utf-8"):
                return HttpResponse(request.body, content_type="text/html; charset=%s" % charset)
            """, 3),
        Invalid("""\
            from flask import Flask, request
            app = Flask(__name__)
            @app.route("/hello")
            def hello():
                name = request.args.get("name", "")
                return f"<h1>Hello {name}</h1>"
            """, 6),
        Invalid("""\
            from flask import request, render_template_string
            def page():
                tpl = "<p>" + request.form["bio"] + "</p>"
                return render_template_string(tpl)
            """, 4),
        Invalid("""\
            from django.http import HttpResponse
            def search(request):
                q = request.GET.get("q", "")
                return HttpResponse("<p>Results for %s</p>" % q)
            """, 4),
        Invalid("""\
            from django.utils.safestring import mark_safe
            def banner(request):
                return mark_safe("<b>" + request.GET["msg"] + "</b>")
            """, 3),
        Invalid("""\
            from markupsafe import Markup
            from flask import Flask
            app = Flask(__name__)
            def greet(name):
                return Markup("<i>%s</i>" % name)
            @app.route("/u/<name>")
            def user(name):
                return greet(name)
            """, 5),
        Invalid("""\
            from django.http import HttpResponse
            def came_from(request):
                ref = request.META.get("HTTP_REFERER", "")
                return HttpResponse("<a href='" + ref + "'>back</a>")
            """, 4),
        Invalid("""\
            import json
            from flask import Flask, make_response, request
            app = Flask(__name__)
            @app.route("/echo")
            def echo():
                data = json.loads(request.data)
                return make_response(json.dumps(data))
            """, 7),
        Invalid("""\
            from flask import Flask, make_response, request
            app = Flask(__name__)
            @app.route("/hi")
            def hi():
                return make_response("<p>" + request.args["name"] + "</p>", 200, {"X-Frame-Options": "DENY"})
            """, 5),
        Invalid("""\
            import tornado.web
            class Hello(tornado.web.RequestHandler):
                def get(self):
                    name = self.get_argument("name")
                    self.write("<h1>Hello " + name + "</h1>")
            """, 5),
        Invalid("""\
            from tornado import web
            class Page(web.RequestHandler):
                def get(self, slug):
                    self.finish("<p>%s</p>" % slug)
            """, 4),
        Invalid("""\
            from django.http import HttpResponse
            def missing(request):
                return HttpResponse("<h1>No page at %s</h1>" % request.path)
            """, 3),
    ]
