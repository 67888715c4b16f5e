"""Servers and web apps: PY037 bind-all-interfaces (ast), PY042 jinja2-autoescape-off (libcst +
QualifiedNameProvider), PY043 flask-debug-mode (ast)."""

from __future__ import annotations

import ast
import re

import libcst

from scanner.checks.lint._pyast import AstIndex, CallRule, PyRule, dotted, in_tests, is_name, kwarg, last_assignment
from scanner.rule import Invalid, Valid


_HOSTISH = re.compile(r"(?i)(?:^|_)(?:host|bind|listen)(?:_|$)")
_SERVE_CALLS = {"bind", "run", "run_simple", "make_server", "create_server", "serve", "start_server",
                "listen", "run_app", "HTTPServer", "ThreadingHTTPServer", "TCPServer", "UDPServer"}


def _host_role(ix: AstIndex, node: ast.AST) -> str | None:
    """Where a string sits, if that place is a server's listening host: the name it is given to."""
    child, p = node, ix.parent.get(node)
    while isinstance(p, (ast.IfExp, ast.BoolOp)):  # `host or "0.0.0.0"`, `a if c else "0.0.0.0"`
        child, p = p, ix.parent.get(p)
    if isinstance(p, ast.Tuple) and p.elts and p.elts[0] is child:  # (host, port)
        child, p = p, ix.parent.get(p)
    if isinstance(p, ast.keyword):
        if p.arg and _HOSTISH.search(p.arg):
            return p.arg
        call = ix.parent.get(p)
        if p.arg == "default" and isinstance(call, ast.Call):  # add_argument("--host", default=...)
            opts = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if any(_HOSTISH.search(o.lstrip("-").replace("-", "_")) for o in opts):
                return opts[0]
        return None
    if isinstance(p, ast.Call) and p.args and p.args[0] is child:
        name = dotted(p.func).rsplit(".", 1)[-1]
        return f"{name}()" if name in _SERVE_CALLS else None
    if isinstance(p, (ast.Assign, ast.AnnAssign)):
        targets = p.targets if isinstance(p, ast.Assign) else [p.target]
        for t in targets:
            name = t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else \
                t.slice.value if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) else None
            if isinstance(name, str) and _HOSTISH.search(name):
                return name
        return None
    if isinstance(p, ast.Dict):
        for k, v in zip(p.keys, p.values):
            if v is child and isinstance(k, ast.Constant) and isinstance(k.value, str) and _HOSTISH.search(k.value):
                return k.value
        return None
    if isinstance(p, ast.arguments):  # def serve(host="0.0.0.0")
        params = [*p.posonlyargs, *p.args]
        pairs = [*zip(params[len(params) - len(p.defaults):], p.defaults), *zip(p.kwonlyargs, p.kw_defaults)]
        for arg, default in pairs:
            if default is child and _HOSTISH.search(arg.arg):
                return arg.arg
    return None


class BindAllInterfaces(PyRule):
    """## What it does
    Reports the address `"0.0.0.0"` (or `"::"`) given as the host a server listens on: a
    `host=`/`bind=`/`listen=` argument, a parameter default, a variable, attribute or dict key
    named like a host (`HOST`, `bind_host`, `self.listen_host`, `{"host": ...}`), the first
    argument of `bind()`, `run()`, `make_server()`, `HTTPServer((...))`, ..., or the default of a
    `--host` command-line option. Test code is left out.

    ## Why is this bad?
    A development server or admin endpoint bound to all interfaces is reachable from the whole
    network, not just this machine (CWE-605, CWE-200).

    ## Example
    ```python
    app.run(host="0.0.0.0")
    ```

    ## Use instead
    ```python
    app.run(host="127.0.0.1")
    ```

    ## Known limits
    Bandit and ruff report every such string; this rule reports it only where it is a listening
    host, so the address as data (a validator's test vector, a stored IP field, a message) is
    quiet. A host built elsewhere and passed through other names is not followed. Containers that
    must listen on every interface suppress the finding on that line.
    """

    code = "PY037"
    name = "bind-all-interfaces"
    level = "note"
    summary = "Server bound to all network interfaces"
    ALL_INTERFACES = ".".join("0" * 4)  # spelled out, so the rule does not flag itself
    keywords = (ALL_INTERFACES, "'::'", '"::"')
    cwe = (605,)
    security_severity = 5.3
    tags = ("security",)
    equivalents = ("ruff:S104", "bandit:B104")
    VALID = [Valid("host = '127.0.0.1'\nmsg = 'listening on 0.0.0.0 is off'\n"),
             # the address as data, not as a listening host
             Valid("validate_ipv4_address('0.0.0.0')\nrow = Model(ip_address='0.0.0.0')\n"),
             Valid("addr = '0.0.0.0' if raw == '0' else raw\nprint(f'Starting at http://{addr}/')\n"),
             Valid("cmd = ['app', 'serve', '--host', '0.0.0.0']\n"),
             Valid("def test_bind():\n    server.run(host='0.0.0.0')\n", path="tests/test_server.py")]
    INVALID = [Invalid("app.run(host='0.0.0.0', port=80)\n", 1),
               Invalid("HOST = '0.0.0.0'\n", 1),
               Invalid("sock.bind(('::', 8080))\n", 1),
               Invalid("def serve(app, listen_host='0.0.0.0'):\n    pass\n", 1),
               Invalid("parser.add_argument('--host', default='0.0.0.0')\n", 1),
               Invalid("config = {'bind_host': os.environ.get('H') or '0.0.0.0'}\n", 1)]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return
        for c in ix.nodes(ast.Constant):
            if c.value in (self.ALL_INTERFACES, "::"):
                role = _host_role(ix, c)
                if role:
                    self.report(c, f"`{c.value}` as `{role}` listens on every network interface")


class Jinja2AutoescapeOff(CallRule):
    """## What it does
    Reports `jinja2.Environment(...)` (and `jinja2.Template(...)`) created with
    `autoescape=False` or without `autoescape` (whose default is off), outside test code.

    A warning (bandit rates B701 high): Jinja2 renders much that is not HTML (configuration,
    code, e-mail text, a static site from the author's own pages), where autoescaping would be
    wrong, and the rule cannot see what the templates produce nor who writes the values.

    ## Why is this bad?
    Variables are inserted into HTML unescaped: any user-controlled value becomes cross-site
    scripting (CWE-79).

    ## Example
    ```python
    env = jinja2.Environment(loader=loader)
    ```

    ## Use instead
    ```python
    env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape())
    ```
    """

    code = "PY042"
    name = "jinja2-autoescape-off"
    level = "warning"
    summary = "Jinja2 environment without autoescaping"
    modules = ("jinja2",)
    keywords = ("jinja2",)
    cwe = (79,)
    security_severity = 6.1
    tags = ("security",)
    equivalents = ("ruff:S701", "bandit:B701")
    VALID = [Valid("import jinja2\nenv = jinja2.Environment(autoescape=True)\n"
                   "e2 = jinja2.Environment(autoescape=jinja2.select_autoescape())\n")]
    VALID += [Valid("import jinja2\nenv = jinja2.Environment()\n", path="tests/test_templates.py")]
    INVALID = [Invalid("from jinja2 import Environment\nenv = Environment(autoescape=False)\n", 2),
               Invalid("import jinja2\nenv = jinja2.Environment(loader=x)\n", 2)]

    @classmethod
    def wants(cls, ctx) -> bool:
        return super().wants(ctx) and not in_tests(ctx)  # on_call reports nothing in tests

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if not names & {"jinja2.Environment", "jinja2.Template", "jinja2.environment.Environment"}:
            return
        if in_tests(self.ctx):
            return  # a test suite's environment renders the test's own templates to no browser
        value = kwarg(node, "autoescape")
        if is_name(value, "False"):
            self.report(node, "`autoescape=False`: templates render unescaped HTML (XSS)")
        elif value is None and not any(a.star == "**" for a in node.args):
            self.report(node, "Jinja2 autoescaping is off by default; pass `autoescape=select_autoescape()`")


class FlaskDebugMode(PyRule):
    """## What it does
    Reports `app.run(debug=True)` in a module that imports Flask, and, as a warning, debug mode
    set in the configuration (`app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)`,
    `app.debug = True`) outside test code: it turns the debugger on when the app is started with
    `app.run()`.

    ## Why is this bad?
    The Werkzeug debugger lets anyone who can reach the server run Python code in it (CWE-94,
    CWE-489).

    ## Example
    ```python
    app.run(debug=True)
    ```

    ## Use instead
    ```python
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    ```
    """

    code = "PY043"
    name = "flask-debug-mode"
    level = "error"
    summary = "Flask app run with debug=True"
    keywords = ("debug=True", "DEBUG", "debug = True")
    cwe = (489, 94)
    security_severity = 8.8
    tags = ("security",)
    equivalents = ("ruff:S201", "bandit:B201")
    VALID = [Valid("from flask import Flask\napp = Flask(__name__)\napp.run()\n"),
             Valid("server.run(debug=True)\n")]
    VALID += [Valid("from flask import Flask\napp.config['DEBUG'] = os.environ.get('DEBUG') == '1'\n"
                    "app.config['DEBUG'] = False\n"),
              Valid("from flask import Flask\napp.config['DEBUG'] = True\n", path="tests/conftest.py")]
    INVALID = [Invalid("from flask import Flask\napp = Flask(__name__)\napp.run(host='h', debug=True)\n", 3),
               Invalid("import flask\napp.config['DEBUG'] = True\napp.config.update(DEBUG=True)\napp.debug = True\n",
                       2, 3, 4)]

    def run(self, ix: AstIndex) -> None:
        if not any((isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "flask")
                   or (isinstance(n, ast.Import) and any(a.name.split(".")[0] == "flask" for a in n.names))
                   for n in ix.nodes(ast.Import, ast.ImportFrom)):
            return
        for call in ix.nodes(ast.Call):
            if isinstance(call.func, ast.Attribute) and call.func.attr == "run" and any(
                    k.arg == "debug" and isinstance(k.value, ast.Constant) and k.value.value is True
                    for k in call.keywords):
                self.report(call, "Flask debug mode exposes the Werkzeug debugger (remote code execution)")
        if in_tests(self.ctx):
            return
        message = "Debug mode set in the configuration: `app.run()` then serves the Werkzeug debugger"
        for node in ix.nodes(ast.Assign):
            if _is_true(node.value) and any(_key_name(t) == "DEBUG" and isinstance(t, ast.Subscript)
                                            or isinstance(t, ast.Attribute) and t.attr == "debug" for t in node.targets):
                self.report(node, message, level="warning")
        for call in ix.nodes(ast.Call):
            if isinstance(call.func, ast.Attribute) and call.func.attr in ("update", "from_mapping"):
                for k in call.keywords:
                    if k.arg == "DEBUG" and _is_true(k.value):
                        self.report(k.value, message, level="warning")


_CSRF_SETTINGS = {"WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT"}
_TESTING = re.compile(r"(?i)test")


def _key_name(target: ast.AST) -> str:
    """``X`` of ``X = ...``, ``obj.X = ...``, ``config["X"] = ...``."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str):
        return target.slice.value
    return ""


def _is_false(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


class CsrfProtectionDisabled(PyRule):
    """## What it does
    Reports cross-site request forgery protection turned off: Flask-WTF's `WTF_CSRF_ENABLED =
    False` (or `WTF_CSRF_CHECK_DEFAULT = False`) set as a module or class setting, in
    `app.config[...]`, or passed to `config.update()` / `from_mapping()`, and Django's
    `@csrf_exempt` on a view (or `csrf_exempt(view)` in a URL list).

    Configuration for tests is left out: test files, a class whose name says it is for tests
    (`class TestingConfig`), and a call or class that also sets `TESTING = True`. `@csrf_exempt`
    is a note: webhooks and token-authenticated APIs exempt views on purpose; check that the view
    authenticates each request some other way or changes nothing.

    ## Why is this bad?
    Without the CSRF token, any web page a logged-in user visits can submit forms to the
    application in the user's name: change the e-mail address, transfer money (CWE-352).

    ## Example
    ```python
    app.config["WTF_CSRF_ENABLED"] = False
    ```

    ## Use instead
    ```python
    app.config["WTF_CSRF_ENABLED"] = True  # the default; for an API, exempt only token-authenticated views
    ```
    """

    code = "PY049"
    name = "csrf-protection-disabled"
    level = "warning"
    summary = "CSRF protection turned off (WTF_CSRF_ENABLED = False, @csrf_exempt)"
    keywords = ("WTF_CSRF_", "csrf_exempt")
    cwe = (352,)
    security_severity = 6.5
    tags = ("security",)
    VALID = [Valid("app.config['WTF_CSRF_ENABLED'] = True\napp.config['SESSION_COOKIE_SECURE'] = False\n"),
             Valid("app.config.update(SECRET_KEY=k, WTF_CSRF_ENABLED=False, TESTING=True)\n"),
             Valid("class TestingConfig(Config):\n    TESTING = True\n    WTF_CSRF_ENABLED = False\n"),
             Valid("app.config['WTF_CSRF_ENABLED'] = False\n", path="tests/conftest.py"),
             Valid("if getattr(callback, 'csrf_exempt', False):\n    pass\n")]
    INVALID = [Invalid("app.config['WTF_CSRF_ENABLED'] = False\n", 1),
               Invalid("WTF_CSRF_ENABLED = False\n", 1),
               Invalid("app.config.from_mapping(\n    SECRET_KEY=k,\n    WTF_CSRF_ENABLED=False,\n)\n", 3),
               Invalid("from django.views.decorators.csrf import csrf_exempt\n@csrf_exempt\n"
                       "def hook(request):\n    pass\n", 2),
               Invalid("from django.views.decorators.csrf import csrf_exempt\n"
                       "urlpatterns = [path('api/', csrf_exempt(ApiView.as_view()))]\n", 2)]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return
        for node in ix.nodes(ast.Assign):
            if _is_false(node.value) and any(_key_name(t) in _CSRF_SETTINGS for t in node.targets) \
                    and not self._test_config(ix, node):
                self.report(node, "CSRF protection is turned off for the whole application")
        for call in ix.nodes(ast.Call):
            name = dotted(call.func).rsplit(".", 1)[-1]
            if name == "csrf_exempt" and call.args:
                self._exempt(call)
            off = [k for k in call.keywords if k.arg in _CSRF_SETTINGS and _is_false(k.value)]
            testing = any(o.arg == "TESTING" and isinstance(o.value, ast.Constant) and o.value.value is True
                          for o in call.keywords)
            for k in off if not testing else ():
                self.report(k.value, "CSRF protection is turned off for the whole application")
        for fn in ix.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            for d in fn.decorator_list:
                if dotted(d).rsplit(".", 1)[-1] == "csrf_exempt":
                    self._exempt(d)

    def _exempt(self, node: ast.AST) -> None:
        self.report(node, "`csrf_exempt`: this view accepts cross-site requests; make sure it authenticates "
                          "each request otherwise (a token, a signature) or changes nothing", level="note")

    def _test_config(self, ix: AstIndex, node: ast.AST) -> bool:
        """The setting belongs to a configuration for tests: a class named so or setting TESTING = True."""
        scope = ix.enclosing_scope(node)
        if not isinstance(scope, ast.ClassDef):
            return False
        return bool(_TESTING.search(scope.name)) or any(
            isinstance(s, ast.Assign) and any(_key_name(t) == "TESTING" for t in s.targets)
            and isinstance(s.value, ast.Constant) and s.value.value is True for s in scope.body)


def _preformatted(node: ast.AST) -> ast.AST | None:
    """The first value formatted into a string before it reaches ``format_html``: an f-string
    placeholder, the right side of ``%``, an argument of ``.format()``, a non-literal ``+`` part."""
    if isinstance(node, ast.JoinedStr):
        return next((v.value for v in node.values if isinstance(v, ast.FormattedValue)), None)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        return node.right
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for side in (node.left, node.right):
            if not (isinstance(side, ast.Constant) and isinstance(side.value, str)):
                return _preformatted(side) if isinstance(side, (ast.BinOp, ast.JoinedStr, ast.Call)) else side
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
            and isinstance(node.func.value, ast.Constant):
        return next(iter([*node.args, *(k.value for k in node.keywords)]), None)
    return None


class FormatHtmlPreformatted(PyRule):
    """## What it does
    Reports Django's `format_html()` whose format string is itself built by formatting: an
    f-string with placeholders, `"..." % x`, `"...".format(x)` or a concatenation with a
    non-literal part. Constants (also through a local name assigned one) and UPPER_CASE module
    constants in those places are quiet, and so is test code.

    ## Why is this bad?
    `format_html` escapes only its *arguments*; whatever was formatted into the format string
    beforehand is treated as trusted HTML and reaches the page unescaped (CWE-79). It is the
    same mistake as `mark_safe(f"...")`, hidden behind a function whose name promises safety.

    ## Example
    ```python
    format_html(f"<b>{user.name}</b>")
    ```

    ## Use instead
    ```python
    format_html("<b>{}</b>", user.name)
    ```
    """

    code = "PY051"
    name = "format-html-preformatted"
    level = "warning"
    summary = "format_html() with a format string built by formatting (its values are not escaped)"
    keywords = ("format_html",)
    cwe = (79,)
    security_severity = 6.1
    tags = ("security",)
    VALID = [Valid("from django.utils.html import format_html\nformat_html('<b>{}</b>', name)\n"
                   "format_html('<b>{}</b>', f'<i>{name}</i>')\nformat_html('<b>' '{}</b>', name)\n"),
             Valid("from django.utils.html import format_html\nformat_html(f'<a class=\"{CSS_CLASS}\">{{}}</a>', url)\n")]
    INVALID = [Invalid("from django.utils.html import format_html\nformat_html(f'<b>{name}</b>')\n", 2),
               Invalid("from django.utils.html import format_html\nformat_html('<b>%s</b> {}' % name, x)\n", 2),
               Invalid("from django.utils import html\nhtml.format_html('<b>{}</b>'.format(name))\n", 2)]
    VALID += [Valid("from django.utils.html import format_html\nname = 'Adam'\nformat_html(f'<i>{name}</i>')\n"),
              Valid("from django.utils.html import format_html\nformat_html(f'<i>{name}</i>')\n", path="tests/test_html.py")]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return  # a test's format strings render the test's own values
        for call in ix.nodes(ast.Call):
            if dotted(call.func).rsplit(".", 1)[-1] != "format_html" or not call.args:
                continue
            value = _preformatted(call.args[0])
            if isinstance(value, ast.Name):  # a local name holding a constant is that constant
                value = last_assignment(ix, call, value.id) or value
            if value is None or isinstance(value, ast.Constant) or (
                    isinstance(value, (ast.Name, ast.Attribute)) and dotted(value).rsplit(".", 1)[-1].isupper()):
                continue
            self.report(call, f"`{ast.unparse(value)[:40]}` is formatted into the format string of `format_html` "
                              "and is not escaped; pass it as an argument")
