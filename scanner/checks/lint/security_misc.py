"""Security lint: PY036 tempfile-mktemp, PY037 bind-all-interfaces, PY038 subprocess-shell-true,
PY039 yaml-unsafe-load, PY040 xml-unsafe-parse, PY041 assert-for-access-control,
PY042 jinja2-autoescape-off, PY043 flask-debug-mode.

Call rules use libcst's QualifiedNameProvider (behind keyword prefilters); the rest use ast."""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

import libcst

from scanner.checks.lint._pyast import AstIndex, CallRule, PyRule, is_name, kwarg
from scanner.rule import Invalid, Valid


class TempfileMktemp(CallRule):
    """## What it does
    Reports `tempfile.mktemp()`.

    ## Why is this bad?
    It returns a name that does not exist *yet*; another process can create that file (or a
    symlink) before you open it (CWE-377, a time-of-check/time-of-use race).

    ## Example
    ```python
    path = tempfile.mktemp()
    ```

    ## Use instead
    ```python
    fd, path = tempfile.mkstemp()
    ```
    """

    code = "PY036"
    name = "tempfile-mktemp"
    level = "warning"
    summary = "Insecure temporary file name (tempfile.mktemp)"
    modules = ("tempfile",)
    keywords = ("mktemp",)
    cwe = (377,)
    security_severity = 5.5
    tags = ("security",)
    equivalents = ("ruff:S306", "bandit:B306")
    VALID = [Valid("import tempfile\nfd, p = tempfile.mkstemp()\n")]
    INVALID = [Invalid("import tempfile\np = tempfile.mktemp()\n", 2),
               Invalid("from tempfile import mktemp\np = mktemp('.txt')\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if "tempfile.mktemp" in names:
            self.report(node, "`tempfile.mktemp()` is racy; use `mkstemp()` or `NamedTemporaryFile()`")


class BindAllInterfaces(PyRule):
    """## What it does
    Reports the string `"0.0.0.0"` (and `"::"`) used as a host: a server listening on every
    network interface.

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
    Any such string literal is reported, as bandit does; containers that must listen on every
    interface suppress it on that line.
    """

    code = "PY037"
    name = "bind-all-interfaces"
    level = "note"
    summary = "Possible binding to all network interfaces"
    ALL_INTERFACES = ".".join("0" * 4)  # spelled out, so the rule does not flag itself
    keywords = (ALL_INTERFACES,)
    cwe = (605,)
    security_severity = 5.3
    tags = ("security",)
    equivalents = ("ruff:S104", "bandit:B104")
    VALID = [Valid("host = '127.0.0.1'\nmsg = 'listening on 0.0.0.0 is off'\n")]
    INVALID = [Invalid("app.run(host='0.0.0.0', port=80)\n", 1)]

    def run(self, ix: AstIndex) -> None:
        for c in ix.nodes(ast.Constant):
            if c.value == self.ALL_INTERFACES:
                self.report(c, "Possible binding to all interfaces (`0.0.0.0`)")


_SUBPROCESS = {f"subprocess.{f}" for f in ("call", "run", "Popen", "check_call", "check_output")}


class SubprocessShellTrue(CallRule):
    """## What it does
    Reports `subprocess` calls with `shell=True`.

    ## Why is this bad?
    The command goes through `/bin/sh`: any part of it that comes from input can run arbitrary
    commands (CWE-78). Even with constant commands the shell adds quoting pitfalls; this rule is a
    low-severity reminder (the data-flow rules report tainted commands with a path).

    ## Example
    ```python
    subprocess.run(f"convert {name} out.png", shell=True)
    ```

    ## Use instead
    ```python
    subprocess.run(["convert", name, "out.png"])
    ```
    """

    code = "PY038"
    name = "subprocess-shell-true"
    level = "note"
    summary = "subprocess call with shell=True"
    modules = ("subprocess",)
    keywords = ("shell=True",)
    cwe = ()  # a hardening note on every shell=True: the CWE-78 finding is DF002's, on tainted commands
    security_severity = 3.0
    precision = "medium"
    tags = ("security",)
    equivalents = ("ruff:S602", "bandit:B602")
    VALID = [Valid("import subprocess\nsubprocess.run(['ls', '-l'])\nsubprocess.run('ls', shell=False)\n")]
    INVALID = [Invalid("import subprocess as sp\nsp.check_output('ls ' + d, shell=True)\n", 2),
               # every module of `import a, b` counts, not only the first
               Invalid("import sys, os.path as p, subprocess\nsubprocess.call(sys.argv[1], shell=True)\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if names & _SUBPROCESS and is_name(kwarg(node, "shell"), "True"):
            self.report(node, "`subprocess` call with `shell=True`")


_SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}


class YamlUnsafeLoad(CallRule):
    """## What it does
    Reports `yaml.load()` without a `Loader`, or with a loader that can build arbitrary objects
    (`Loader`, `UnsafeLoader`, `FullLoader`), and `yaml.unsafe_load()`.

    ## Why is this bad?
    YAML tags like `!!python/object/apply:os.system` run code while loading (CWE-502).

    ## Example
    ```python
    config = yaml.load(text)
    ```

    ## Use instead
    ```python
    config = yaml.safe_load(text)
    ```
    """

    code = "PY039"
    name = "yaml-unsafe-load"
    level = "error"
    summary = "yaml.load without a safe Loader"
    modules = ("yaml",)
    keywords = ("yaml",)
    cwe = (502,)
    security_severity = 8.1
    tags = ("security",)
    equivalents = ("ruff:S506", "bandit:B506")
    VALID = [Valid("import yaml\nyaml.load(t, Loader=yaml.SafeLoader)\nyaml.safe_load(t)\n")]
    INVALID = [Invalid("import yaml\nyaml.load(t)\n", 2), Invalid("import yaml\nyaml.load(t, yaml.Loader)\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if "yaml.unsafe_load" in names or "yaml.unsafe_load_all" in names:
            self.report(node, "`yaml.unsafe_load()` can run code from the document")
            return
        if not names & {"yaml.load", "yaml.load_all"}:
            return
        loader = kwarg(node, "Loader")
        if loader is None and len(node.args) > 1 and node.args[1].keyword is None:
            loader = node.args[1].value
        name = loader.value if isinstance(loader, libcst.Name) else \
            loader.attr.value if isinstance(loader, libcst.Attribute) else None
        if loader is None or (name is not None and name not in _SAFE_LOADERS):
            self.report(node, "`yaml.load()` without `Loader=yaml.SafeLoader` can run code from the document")


_XML = {
    **{f"xml.etree.{m}.{f}": "S314" for m in ("ElementTree", "cElementTree")
       for f in ("parse", "iterparse", "fromstring", "XML", "XMLParser", "fromstringlist")},
    **{f"xml.dom.minidom.{f}": "S318" for f in ("parse", "parseString")},
    **{f"xml.dom.pulldom.{f}": "S319" for f in ("parse", "parseString")},
    **{f"xml.sax.{f}": "S317" for f in ("parse", "parseString", "make_parser")},
    **{f"xml.dom.expatbuilder.{f}": "S316" for f in ("parse", "parseString")},
    **{f"xml.etree.ElementTree.{f}": "S313" for f in ("XMLTreeBuilder",)},
}


class XmlUnsafeParse(CallRule):
    """## What it does
    Reports parsing with the standard library's XML modules (`xml.etree.ElementTree`,
    `xml.dom.minidom`, `xml.dom.pulldom`, `xml.sax`, `xml.dom.expatbuilder`).

    ## Why is this bad?
    On untrusted input they are exposed to entity expansion ("billion laughs") denial of service
    and, with some expat versions, external entities (CWE-776, CWE-611). `defusedxml` offers the
    same API without those features.

    ## Example
    ```python
    tree = ElementTree.fromstring(request.body)
    ```

    ## Use instead
    ```python
    from defusedxml import ElementTree
    tree = ElementTree.fromstring(request.body)
    ```

    ## Known limits
    The rule cannot tell trusted files (your own configuration) from untrusted input; it is a
    note, and `precision` is low.
    """

    code = "PY040"
    name = "xml-unsafe-parse"
    level = "note"
    summary = "XML parsed with a standard-library parser (use defusedxml for untrusted data)"
    modules = ("xml",)
    keywords = ("xml",)
    cwe = (776, 611)
    security_severity = 5.3
    precision = "low"
    tags = ("security",)
    equivalents = ("ruff:S313", "ruff:S314", "ruff:S316", "ruff:S317", "ruff:S318", "ruff:S319",
                   "bandit:B313", "bandit:B314", "bandit:B316", "bandit:B317", "bandit:B318", "bandit:B319")
    VALID = [Valid("from defusedxml import ElementTree\nElementTree.fromstring(body)\n")]
    INVALID = [Invalid("from xml.dom import minidom\ndoc = minidom.parseString(body)\n", 2),
               Invalid("import xml.etree.ElementTree as ET\nET.fromstring(body)\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        hit = sorted(n for n in names if n in _XML)
        if hit:
            self.report(node, f"`{hit[0]}` is unsafe on untrusted XML; use defusedxml",
                        properties={"bandit": "B" + _XML[hit[0]][1:]})


_ACCESS = re.compile(r"(?i)\b(is_authenticated|is_superuser|is_staff|is_admin|has_perm|has_perms|"
                     r"has_permission|is_authorized|authorized|permission|can_[a-z_]+|role)\b")


class AssertForAccessControl(PyRule):
    """## What it does
    Reports `assert` statements that check authentication, permissions or roles
    (`assert user.is_authenticated`, `assert request.user.has_perm(...)`), outside test files.

    ## Why is this bad?
    `python -O` removes every `assert`: the check silently disappears in optimized deployments,
    and everyone gets in (CWE-617, CWE-285).

    ## Example
    ```python
    assert request.user.is_staff
    ```

    ## Use instead
    ```python
    if not request.user.is_staff:
        raise PermissionDenied
    ```

    ## Known limits
    Judged by names in the asserted expression; bandit's B101 and ruff's S101 report every `assert`
    instead (so they are not claimed as equivalents: a project's `ignore = ["S101"]` does not turn
    this rule off).
    """

    code = "PY041"
    name = "assert-for-access-control"
    level = "error"
    summary = "assert used for an access-control check"
    keywords = ("assert",)
    cwe = (617, 285)
    security_severity = 7.5
    tags = ("security",)
    # No `equivalents`: ruff S101 / bandit B101 report every `assert` (56 on Django vs 1 here). Claiming
    # them would let the common `ignore = ["S101"]` or `# noqa: S101` silence an access-control check.
    VALID = [Valid("assert len(items) > 0\n", path="app/views.py"),
             Valid("assert user.is_staff\n", path="tests/test_views.py")]
    INVALID = [Invalid("def view(request):\n    assert request.user.is_authenticated\n", 2, path="app/views.py")]

    def run(self, ix: AstIndex) -> None:
        p = PurePosixPath(self.ctx.source.path)
        if any(part in ("tests", "test", "testing") for part in p.parts) or p.name.startswith("test") \
                or p.name.endswith("_test.py") or p.name == "conftest.py":
            return
        for node in ix.nodes(ast.Assert):
            if _ACCESS.search(ast.unparse(node.test)):
                self.report(node, "Access-control check in `assert` is removed by `python -O`")


class Jinja2AutoescapeOff(CallRule):
    """## What it does
    Reports `jinja2.Environment(...)` (and `jinja2.Template(...)`) created with
    `autoescape=False` or without `autoescape` (whose default is off).

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
    level = "error"
    summary = "Jinja2 environment without autoescaping"
    modules = ("jinja2",)
    keywords = ("jinja2",)
    cwe = (79,)
    security_severity = 6.1
    tags = ("security",)
    equivalents = ("ruff:S701", "bandit:B701")
    VALID = [Valid("import jinja2\nenv = jinja2.Environment(autoescape=True)\n"
                   "e2 = jinja2.Environment(autoescape=jinja2.select_autoescape())\n")]
    INVALID = [Invalid("from jinja2 import Environment\nenv = Environment(autoescape=False)\n", 2),
               Invalid("import jinja2\nenv = jinja2.Environment(loader=x)\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if not names & {"jinja2.Environment", "jinja2.Template", "jinja2.environment.Environment"}:
            return
        value = kwarg(node, "autoescape")
        if is_name(value, "False"):
            self.report(node, "`autoescape=False`: templates render unescaped HTML (XSS)")
        elif value is None and not any(a.star == "**" for a in node.args):
            self.report(node, "Jinja2 autoescaping is off by default; pass `autoescape=select_autoescape()`")


class FlaskDebugMode(PyRule):
    """## What it does
    Reports `app.run(debug=True)` in a module that imports Flask.

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
    keywords = ("debug=True",)
    cwe = (489, 94)
    security_severity = 8.8
    tags = ("security",)
    equivalents = ("ruff:S201", "bandit:B201")
    VALID = [Valid("from flask import Flask\napp = Flask(__name__)\napp.run()\n"),
             Valid("server.run(debug=True)\n")]
    INVALID = [Invalid("from flask import Flask\napp = Flask(__name__)\napp.run(host='h', debug=True)\n", 3)]

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
