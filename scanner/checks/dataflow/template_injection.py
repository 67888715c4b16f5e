"""DF013 template-injection: untrusted data becomes a template's source (CWE-1336, CWE-94)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class TemplateInjection(DataflowRule):
    """## What it does
    Reports untrusted input used as the *source* of a server-side template: Flask's
    `render_template_string()`, `jinja2.Template()`, `Environment().from_string()`,
    `django.template.Template()`, Mako's and Tornado's `Template()`.

    ## Why is this bad?
    The template language runs on the server. In Jinja2 an expression such as
    `{{ cycler.__init__.__globals__.os.popen('id').read() }}` reaches Python objects and runs
    commands; in any engine the attacker reads the context (settings, secrets) and writes
    unescaped HTML. The same call is also reported by DF007 (XSS) when the value is HTML.

    ## Example
    ```python
    return render_template_string("<h1>Hello " + request.args["name"] + "</h1>")
    ```

    ## Use instead
    A constant template with the value passed as a variable:
    `render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])`. Only the
    template source (the first argument) is a sink; context variables are data.

    ## Known limits
    - `from_string` counts on an `Environment` bound to a variable in the function or module
      (`env = Environment(); env.from_string(src)`), not one passed in.
    - `SandboxedEnvironment` limits what a template can reach but still lets it read the context:
      it is reported too.

    ## References
    - [CWE-1336](https://cwe.mitre.org/data/definitions/1336.html), [CWE-94](https://cwe.mitre.org/data/definitions/94.html)
    - [Jinja: sandbox](https://jinja.palletsprojects.com/en/stable/sandbox/)
    """

    code = "DF013"
    name = "template-injection"
    summary = "Untrusted data is used as a template's source"
    cwe = (1336, 94)
    security_severity = 9.0
    equivalents = ("semgrep:python.flask.security.audit.render-template-string",)
    sink_kind = "template"

    VALID = [
        Valid("""\
            from flask import render_template_string, request
            def hello():
                return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])
            """),
        Valid("""\
            from jinja2 import Environment
            from flask import request
            env = Environment(autoescape=True)
            PAGE = env.from_string("<p>{{ q }}</p>")
            def search():
                return PAGE.render(q=request.args["q"])
            """),
        Valid("""\
            from jinja2 import Template
            from django.template import Template as DjangoTemplate, Context
            def greet(request):
                html = Template("Hello {{ name }}").render(name=request.GET["name"])
                return html + DjangoTemplate("{{ x }}").render(Context({"x": request.GET["x"]}))
            """),
    ]
    INVALID = [
        Invalid("""\
            from flask import render_template_string, request
            def hello():
                page = "<h1>Hello " + request.args["name"] + "</h1>"
                return render_template_string(page)
            """, 4),
        Invalid("""\
            from jinja2 import Template
            def preview(request):
                t = Template(request.GET["template"])
                return t.render()
            """, 3),
        Invalid("""\
            from jinja2 import Environment
            from flask import request
            def preview():
                env = Environment()
                return env.from_string(request.form["body"]).render()
            """, 5),
        Invalid("""\
            from django.template import Template, Context
            def preview(request):
                return Template(request.POST["tpl"]).render(Context({}))
            """, 3),
    ]
