"""Security lint: PY036 tempfile-mktemp, PY037 bind-all-interfaces, PY038 subprocess-shell-true,
PY039 yaml-unsafe-load, PY040 xml-unsafe-parse, PY044 xml-external-entities-enabled, PY041 assert-for-access-control,
PY042 jinja2-autoescape-off, PY043 flask-debug-mode.

Call rules use libcst's QualifiedNameProvider (behind keyword prefilters); the rest use ast."""

from __future__ import annotations

import ast
import re

import libcst

from scanner.checks.lint._pyast import AstIndex, CallRule, PyRule, dotted, in_tests, is_name, kwarg, string_value
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


_SUBPROCESS = {f"subprocess.{f}" for f in ("call", "run", "Popen", "check_call", "check_output")}


class SubprocessShellTrue(CallRule):
    """## What it does
    Reports `subprocess` calls with `shell=True`.

    ## Why is this bad?
    The command goes through `/bin/sh`: any part of it that comes from input can run arbitrary
    commands (CWE-78). A command built at run time (formatting, concatenation, a variable) is
    reported as a low-severity reminder of that (the data-flow rules report tainted commands
    with a path); a constant command string has nothing to inject and is quiet.

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
    VALID = [Valid("import subprocess\nsubprocess.run(['ls', '-l'])\nsubprocess.run('ls', shell=False)\n"),
             Valid("import subprocess\nout = subprocess.check_output(\n    'git log -1 --format=%ct HEAD', shell=True)\n")]
    INVALID = [Invalid("import subprocess as sp\nsp.check_output('ls ' + d, shell=True)\n", 2),
               # every module of `import a, b` counts, not only the first
               Invalid("import sys, os.path as p, subprocess\nsubprocess.call(sys.argv[1], shell=True)\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if names & _SUBPROCESS and is_name(kwarg(node, "shell"), "True"):
            command = kwarg(node, "args")
            if command is None and node.args and node.args[0].keyword is None:
                command = node.args[0].value
            if command is None or string_value(command) is None:  # a constant command has nothing to inject
                self.report(node, "`subprocess` call with `shell=True` on a command built at run time")


_SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}


_UNSAFE_LOADERS = {"Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}
_EXPLICIT_UNSAFE = {"yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"}


class YamlUnsafeLoad(CallRule):
    """## What it does
    Reports `yaml.load()` without a `Loader`, or with a loader that can build arbitrary objects
    (`Loader`, `UnsafeLoader`, `FullLoader`, their C versions, or a class of the same file built
    on one of them), outside test code. A loader the rule cannot see (a variable, a class imported
    from elsewhere) is not reported.

    A warning, like bandit's B506 (medium severity): the code runs only when the document comes
    from someone untrusted, and the rule cannot see where it comes from (most loads read the
    project's own configuration). Untrusted data reaching an unsafe loader is the data-flow
    family's finding, an error. `yaml.unsafe_load()` / `yaml.full_load()` are not reported here:
    their name is the author's explicit choice, not the accident of a bare `yaml.load()` (ruff
    S506 and bandit B506 do not report them either).

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
    level = "warning"
    summary = "yaml.load without a safe Loader"
    modules = ("yaml",)
    keywords = ("yaml",)
    cwe = (502,)
    security_severity = 8.1
    tags = ("security",)
    equivalents = ("ruff:S506", "bandit:B506")
    VALID = [Valid("import yaml\nyaml.load(t, Loader=yaml.SafeLoader)\nyaml.safe_load(t)\n"),
             # the explicit unsafe spelling (with a fallback for an old PyYAML) is a decision
             Valid("try:\n    from yaml import unsafe_load as yaml_load\nexcept ImportError:\n"
                   "    from yaml import load as yaml_load\nconfig = yaml_load(fp)\n")]
    VALID += [
        # a loader class of the file built on SafeLoader; a loader from elsewhere; test code
        Valid("import yaml\nclass _MarksLoader(yaml.SafeLoader):\n    pass\nyaml.load(blob, Loader=_MarksLoader)\n"),
        Valid("import yaml\ndef load(source, loader):\n    return yaml.load(source, Loader=loader)\n"),
        Valid("import yaml\nyaml.load(t, yaml.FullLoader)\n", path="tests/test_load.py")]
    INVALID = [Invalid("import yaml\nyaml.load(t)\n", 2), Invalid("import yaml\nyaml.load(t, yaml.Loader)\n", 2),
               Invalid("import yaml\nclass MyLoader(yaml.Loader):\n    pass\nyaml.load(t, Loader=MyLoader)\n", 4)]

    def visit_Module(self, node: libcst.Module) -> None:
        self._skip = in_tests(self.ctx)  # a test suite loads its own fixture documents
        self._bases: dict[str, list[str]] = {}  # the file's classes -> last names of their bases

    def visit_ClassDef(self, node: libcst.ClassDef) -> None:
        self._bases[node.name.value] = [n for n in (_last_name(a.value) for a in node.bases) if n]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if self._skip or names & _EXPLICIT_UNSAFE or not names & {"yaml.load", "yaml.load_all"}:
            return
        loader = kwarg(node, "Loader")
        if loader is None and len(node.args) > 1 and node.args[1].keyword is None:
            loader = node.args[1].value
        if loader is None:
            self.report(node, "`yaml.load()` without a `Loader` can run code from the document (PyYAML < 5.1)")
        elif self._unsafe(_last_name(loader), 0):
            self.report(node, "`yaml.load()` without `Loader=yaml.SafeLoader` can run code from the document")

    def _unsafe(self, name: str | None, depth: int) -> bool:
        """A loader known to build arbitrary objects: PyYAML's own unsafe ones, or a class of this
        file derived from one (and from no safe one). A loader from elsewhere (a variable, an
        imported class) is not known: quiet."""
        if name is None or depth > 8:
            return False
        if name in self._bases:
            bases = self._bases[name]
            return not any(b in _SAFE_LOADERS for b in bases) and any(self._unsafe(b, depth + 1) for b in bases)
        return name in _UNSAFE_LOADERS


def _last_name(node: libcst.BaseExpression) -> str | None:
    return node.value if isinstance(node, libcst.Name) else node.attr.value if isinstance(node, libcst.Attribute) else None


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
    `xml.dom.minidom`, `xml.dom.pulldom`, `xml.sax`, `xml.dom.expatbuilder`). Opt-in
    (`--extend-select PY040`), for projects that parse untrusted XML on old Expat builds or that
    want bandit's B313-B319 behaviour.

    ## Why is this bad?
    Mostly it is not, on a current Python. None of these parsers resolves external entities or
    fetches a DTD unless told to (`xml.sax` since Python 3.7.1; `etree` and `minidom` never did):
    that is what PY044 reports. What is left is denial of service on *untrusted* input when the
    interpreter links an old Expat: entity expansion ("billion laughs", fixed in Expat 2.4.1) and
    other blow-ups fixed in later Expat releases (check `pyexpat.EXPAT_VERSION`), CWE-776.
    `defusedxml` forbids entity declarations altogether, whatever the Expat version.

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
    The rule cannot tell trusted files (your own configuration, a test's own output) from
    untrusted input, and does not know the Expat version the code will run with: it is an opt-in
    note. On the real-world benchmark all 43 of its findings were on trusted data (tests parsing
    their own output, a parser already defused): that is why it is out of the default rule set.
    """

    code = "PY040"
    name = "xml-unsafe-parse"
    level = "note"
    enabled_by_default = False
    summary = "XML parsed with a standard-library parser (use defusedxml for untrusted data)"
    modules = ("xml",)
    keywords = ("xml",)
    cwe = (776,)  # external entities (CWE-611) are PY044's and DF009's: stdlib parsers do not resolve them
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
            self.report(node, f"`{hit[0]}` on untrusted XML can exhaust memory with an old Expat (entity "
                              "expansion); defusedxml forbids entity declarations",
                        properties={"bandit": "B" + _XML[hit[0]][1:]})


_EXTERNAL_FEATURES = {"xml.sax.handler.feature_external_ges", "xml.sax.handler.feature_external_pes"}
_EXTERNAL_URIS = {"http://xml.org/sax/features/external-general-entities",
                  "http://xml.org/sax/features/external-parameter-entities"}


class XmlExternalEntities(CallRule):
    """## What it does
    Reports XML parsers told to resolve external entities: `parser.setFeature(feature_external_ges,
    True)` (or `feature_external_pes`, or their feature URIs) on an `xml.sax` parser, and
    `lxml.etree.XMLParser(resolve_entities=True)`.

    ## Why is this bad?
    An external entity (`<!ENTITY x SYSTEM "file:///etc/passwd">`) in a document the parser reads
    makes it open local files or URLs and paste them into the result: XML external entity
    injection (CWE-611), file disclosure and server-side request forgery. The standard-library
    parsers do not do this unless the feature is switched on, so switching it on is the finding,
    whatever the input (DF009 reports untrusted input reaching a parser that is not hardened).

    ## Example
    ```python
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    ```

    ## Use instead
    ```python
    parser = xml.sax.make_parser()  # external entities stay off (the default)
    ```
    """

    code = "PY044"
    name = "xml-external-entities-enabled"
    level = "error"
    summary = "XML parser set to resolve external entities"
    modules = ("xml", "lxml")
    keywords = ("setFeature", "resolve_entities")
    cwe = (611,)
    security_severity = 7.5
    tags = ("security",)
    VALID = [Valid("import xml.sax\np = xml.sax.make_parser()\n"
                   "p.setFeature(xml.sax.handler.feature_external_ges, False)\n"),
             Valid("from lxml import etree\np = etree.XMLParser(resolve_entities=False)\n")]
    INVALID = [Invalid("import xml.sax\nfrom xml.sax.handler import feature_external_ges\n"
                       "p = xml.sax.make_parser()\np.setFeature(feature_external_ges, True)\n", 4),
               Invalid("import xml.sax\np = xml.sax.make_parser()\np.setFeature(\n"
                       "    'http://xml.org/sax/features/external-general-entities', 1)\n", 3),
               Invalid("from lxml import etree\np = etree.XMLParser(resolve_entities=True)\n", 2)]

    def visit_Call(self, node: libcst.Call) -> None:
        func = node.func
        if isinstance(func, libcst.Attribute) and func.attr.value == "setFeature" and len(node.args) >= 2:
            feature, on = node.args[0].value, node.args[1].value
            if (self.qualified(feature) & _EXTERNAL_FEATURES or string_value(feature) in _EXTERNAL_URIS) \
                    and _truthy(on):
                self.report(node, "XML parser set to resolve external entities (XXE); leave the feature off")
            return
        super().visit_Call(node)

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if "lxml.etree.XMLParser" in names and is_name(kwarg(node, "resolve_entities"), "True"):
            self.report(node, "`XMLParser(resolve_entities=True)` resolves external entities (XXE)")


def _truthy(node: libcst.BaseExpression) -> bool:
    return is_name(node, "True") or (isinstance(node, libcst.Integer) and node.value not in ("0",))


_ACCESS = re.compile(r"(?i)\b(is_authenticated|is_superuser|is_staff|is_admin|has_perm|has_perms|"
                     r"has_permission|is_authorized|authorized|permission|role)\b")
# `can_edit` is a permission only on (or about) a principal; `connection.features.can_return_rows`
# is a capability flag of a backend
_CAN = re.compile(r"\bcan_[a-z_]+")
_PRINCIPAL = re.compile(r"(?i)\b(user|users|request|principal|account|member|actor|viewer|owner|identity)\b")


def _access_check(text: str) -> bool:
    return bool(_ACCESS.search(text) or (_CAN.search(text) and _PRINCIPAL.search(text)))


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
             Valid("assert user.is_staff\n", path="tests/test_views.py"),
             # a backend's capability flag, not a permission
             Valid("assert not (fields and not self.connection.features.can_return_rows)\n", path="db/sql.py")]
    INVALID = [Invalid("def view(request):\n    assert request.user.is_authenticated\n", 2, path="app/views.py"),
               Invalid("def edit(user, doc):\n    assert user.can_edit(doc)\n", 2, path="app/docs.py")]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return
        for node in ix.nodes(ast.Assert):
            if _access_check(ast.unparse(node.test)):
                self.report(node, "Access-control check in `assert` is removed by `python -O`")


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
