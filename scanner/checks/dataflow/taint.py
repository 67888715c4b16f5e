"""The taint engine: one pass per Python file that finds untrusted values reaching dangerous calls.

Takes a libcst ``MetadataWrapper`` and a :class:`~scanner.checks.dataflow.spec.Spec`; returns a
:class:`FileAnalysis` whose ``hits`` are (sink kind, sink node, taint with its path). The DF rules
only filter and report them, so the analysis runs once per file for all of them
(:func:`analysis_for` caches it on the file's context).

How it works:

* Bindings come from libcst's ``ScopeProvider``: a variable is (the scope that assigns it, name),
  so comprehension variables, globals and closures resolve the way Python resolves them. Call
  targets and sources are matched on qualified names from the same scopes
  (``scope.get_qualified_names_for``, what ``QualifiedNameProvider`` computes), asked lazily only
  for the calls and attributes the engine looks at.
* Intraprocedural and flow-sensitive: statements run in order over a state {binding: taints};
  reassigning a constant clears a variable; ``if``/``else`` branches are joined, a branch that
  returns/raises/aborts does not flow on; loops run twice; guards (``if x in ALLOWED``,
  ``if not url_has_allowed_host_and_scheme(u): return``) clean a variable in the branch they protect.
* Interprocedural within the module: every function gets a summary (which parameters reach its
  return value, which reach a sink, through which steps); a call to a function of the same module
  (``helper(x)``, ``self.helper(x)``) applies the summary, so the code flow goes through the callee.
* A taint records its source, the steps that carried it (assignments, calls) for SARIF code flows,
  the sink kinds it was sanitized for, and a shape (an item of a list: ``subprocess`` list form).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, replace
from typing import Any

import libcst as cst
from libcst.metadata import QualifiedNameProvider, ScopeProvider

from scanner.checks.dataflow import constants, guards, names, objects, sessions, templates
from scanner.checks.dataflow.cstwalk import call_arg
from scanner.checks.dataflow.django_views import (
    HANDLER_CLASS_ATTRS,
    HANDLER_CLASS_METHODS,
    HTTP_METHODS,
    TEST_MODULE,
    VIEW_CLASS_ATTRS,
    django_views,
    view_key,
)
from scanner.checks.dataflow.guards import with_url_facts
from scanner.checks.dataflow.spec import SinkSpec, Spec
from scanner.checks.dataflow.xml_parsers import lxml_hardened, stdlib_safe

MAX_TAINTS = 4  # per value: enough for a useful path, bounded on generated code
MAX_STEPS = 40
Step = tuple[cst.CSTNode, str]


@dataclass(frozen=True, eq=False)
class Origin:
    """Where a taint starts: a source expression, or (``param >= 0``) a parameter in a summary."""

    what: str
    labels: frozenset[str]
    node: cst.CSTNode
    param: int = -1
    attr: tuple = ()  # (class family, name): a symbolic ``self.name`` (see objects.py)


@dataclass(frozen=True)
class Taint:
    origin: Origin
    steps: tuple[Step, ...] = ()
    cleared: frozenset[str] = frozenset()
    shape: str = ""  # "item": an element (not the first) of a list/tuple

    def then(self, node: cst.CSTNode, message: str) -> Taint:
        if len(self.steps) >= MAX_STEPS:
            return self
        return replace(self, steps=(*self.steps, (node, message)))

    def clear(self, kinds: frozenset[str]) -> Taint:
        return replace(self, cleared=with_url_facts(self.cleared | kinds)) if kinds else self

    def live_for(self, kind: str) -> bool:
        return "*" not in self.cleared and kind not in self.cleared

    @property
    def key(self) -> tuple:
        return (id(self.origin), self.cleared, self.shape)


Value = tuple[Taint, ...]


def join(*values: Value) -> Value:
    out: dict[tuple, Taint] = {}
    for v in values:
        for t in v:
            if t.key not in out and len(out) < MAX_TAINTS:
                out[t.key] = t
    return tuple(out.values())


def _map(v: Value, fn) -> Value:
    return tuple(fn(t) for t in v)


@dataclass(frozen=True)
class Hit:
    kind: str
    sink: cst.CSTNode
    what: str
    taint: Taint


@dataclass
class Summary:
    name: str
    params: list[str]
    returns: Value = ()
    sinks: list[Hit] = field(default_factory=list)


# A literal prefix that fixes the scheme+host of a URL ("https://api.example.com/...") or the
# first segment of a local path ("/profile/..."): what follows cannot change where it goes.
_SAFE_URL_PREFIX = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s{}%]+[/?#]|/[^/\\\s{}%])")
_URL_KINDS = frozenset({"ssrf", "redirect"})
# The request's own URL: user data in a page or a query, but a redirect to it (or a request to it)
# stays on this host.
SELF_URL_ATTRS = frozenset({"url", "full_path", "base_url", "uri"})
_TERMINATORS = {"abort", "exit", "_exit", "fail", "raise_for_status_and_abort", "PermissionDenied"}
# What a Flask view may return that is no HTML body made of its argument (the file's content, JSON,
# a redirect: each is its own rule's business).
_NOT_HTML = frozenset({"send_file", "send_from_directory", "jsonify", "redirect", "abort", "url_for"})
_SHELLS = {"sh", "bash", "/bin/sh", "/bin/bash", "zsh", "cmd", "cmd.exe", "powershell", "pwsh"}
# Methods that put their arguments into the object they are called on (`parts.append(x)`,
# `buf.write(chunk)`): the receiver variable carries the argument's taint afterwards.
_ELEMENT_MUTATORS = frozenset({"append", "appendleft", "extend", "extendleft", "insert", "add"})
# ``set``: configparser's ``config.set(section, key, value)`` (then ``config.get(section, key)``),
# caches and context variables: the receiver holds the value
_MUTATORS = _ELEMENT_MUTATORS | {"update", "setdefault", "write", "writelines", "set", "read_string", "read_dict"}
# Calls whose result holds their keyword arguments: a secret passed as `password=` stays in it.
_KEYWORD_DATA = frozenset({
    "dict", "format", "format_map", "substitute", "safe_substitute", "update", "setdefault", "replace",
    "copy", "partial", "SimpleNamespace", "Namespace", "namedtuple", "render", "render_template",
    "render_template_string", "render_to_string", "dumps", "urlencode", "encode", "join", "Markup",
    "mark_safe", "OrderedDict", "defaultdict", "Counter",
})
_LOGGER = re.compile(r"(?i)(^|[._])(log|logger|logging|_log|log_|\w*_logger|logger_\w*)$")


# `@mock.patch("pkg.f")` is a test double, not `@router.patch("/items/{id}")`.
NOT_ROUTES = frozenset({"mock", "unittest"})


_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\w+)|import[ \t]+([\w. \t,]+))", re.M)


def _imported_roots(text: str) -> frozenset[str]:
    """Top-level packages the file imports (``import a.b, c`` / ``from a.b import x``)."""
    out = set()
    for frm, imported in _IMPORT.findall(text):
        if frm:
            out.add(frm)
        else:
            out.update(n.split()[0].split(".", 1)[0] for n in imported.split(",") if n.strip())
    return frozenset(out)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[a-zA-Z%]")


def _url_fixed(prefix: str | None) -> bool:
    """Text before a value that fixes where a URL goes: scheme+host, a first path segment, or a
    ``?``/``#`` (the value is in the query or fragment)."""
    return prefix is not None and bool(_SAFE_URL_PREFIX.match(prefix) or "?" in prefix or "#" in prefix)


def _leading_text(node: cst.BaseExpression) -> str | None:
    """The literal text an expression is known to start with... or, for ``a + "?"``, to contain
    before its end: enough for :func:`_url_fixed`."""
    text = _literal(node)
    if text is not None:
        return text
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = _leading_text(node.left), _literal(node.right)
        if left is not None and _url_fixed(left):
            return left
        if right is not None and ("?" in right or "#" in right):
            return right
        return left
    return None


_literal = guards.literal  # the text of a string literal without expressions, else None
_RENDERERS = frozenset({"flask.render_template", "django.shortcuts.render", "django.template.loader.render_to_string"})
# WSGI environ keys whose value the client chooses (CGI variables from the request line and headers)
_CLIENT_ENVIRON = re.compile(r"HTTP_|(QUERY_STRING|PATH_INFO|SCRIPT_NAME|REQUEST_URI|RAW_URI|CONTENT_TYPE|"
                             r"SERVER_NAME|REMOTE_USER|wsgi\.input)$")


def _literal_int(node: cst.BaseExpression) -> int | None:
    return int(node.value) if isinstance(node, cst.Integer) and node.value.isdigit() else None


def _carried(call: cst.Call, args: list[Value], carrier: Any) -> list[Value]:
    out, pos = [], 0
    for a, v in zip(call.args, args, strict=True):
        if a.keyword is not None:
            if a.keyword.value in carrier.keywords:
                out.append(v)
        elif not a.star:
            if pos in carrier.args:
                out.append(v)
            pos += 1
        else:
            out.append(v)
    return out


def _is_false(node: cst.BaseExpression) -> bool:
    return (isinstance(node, cst.Name) and node.value in ("False", "None")) or (
        isinstance(node, cst.Integer) and node.value == "0"
    )


def _dotted(node: cst.CSTNode) -> str:
    """``a.b.c`` for names and attributes, '' otherwise."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr.value}" if base else ""
    return ""


class FileAnalysis:
    """Everything the DF rules need about one file; computed by :meth:`run`."""

    def __init__(self, wrapper: Any, spec: Spec, text: str, path: str = "") -> None:
        self.module: cst.Module = wrapper.module
        self.scopes = wrapper.resolve(ScopeProvider)
        # When another CST rule of this file declared QualifiedNameProvider, its table is already
        # there: read it instead of asking the scopes again.
        self._qn_table = getattr(wrapper, "_metadata", {}).get(QualifiedNameProvider)
        self.spec = spec
        self.uses_flask = "flask" in text
        self.uses_django = "django" in text
        self.uses_handlers = "RequestHandler" in text
        self.imports = _imported_roots(text)
        self.path, self.text = path, text
        self.test_module = bool(TEST_MODULE.search(path.replace("\\", "/")))
        self.tree: Any = None  # the file's ast, when the caller has it (django_views reads it)
        self._views: dict | None = None
        self.xmod: Any = None  # imports.Session: functions of other scanned modules
        self.hits: list[Hit] = []
        self.summaries: dict[cst.FunctionDef, Summary | None] = {}
        self.functions: list[tuple[cst.FunctionDef, cst.ClassDef | None]] = []
        self.methods: dict[cst.ClassDef, dict[str, cst.FunctionDef]] = {}
        self.class_of: dict[cst.FunctionDef, cst.ClassDef | None] = {}
        self.final_states: dict[int, dict] = {}
        self._qn: dict[int, frozenset[str]] = {}
        self._keys: dict[tuple[int, str], tuple[int, str]] = {}
        self.key_strings: dict[tuple[int, str], tuple[str, ...]] = {}  # loop variables over constants

    def django_views(self) -> dict:
        """Django views of the file and their URL parameters (see django_views.py)."""
        if self._views is None:
            self._views = {}
            if self.uses_django:
                import ast

                try:
                    tree = self.tree or ast.parse(self.text)
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    tree = None
                if tree is not None:
                    self._views = django_views(tree, self.text, self.path, self.spec.request_params,
                                               self.spec.request_annotations)
        return self._views

    # ----- libcst models ---------------------------------------------------------------------

    def qnames(self, node: cst.CSTNode) -> frozenset[str]:
        got = self._qn.get(id(node))
        if got is None and self._qn_table is not None:
            value = self._qn_table.get(node, ())
            value = value() if callable(value) else value  # libcst stores LazyValue entries
            got = self._qn[id(node)] = frozenset(q.name for q in value)
        if got is None:
            scope = self.scopes.get(node)
            try:
                got = frozenset(q.name for q in scope.get_qualified_names_for(node)) if scope else frozenset()
            except Exception:
                got = frozenset()
            self._qn[id(node)] = got
        return got

    def key(self, name: cst.Name) -> tuple[int, str]:
        """A variable's identity: the scope that binds it (per libcst's ScopeProvider) and its name."""
        scope = self.scopes.get(name)
        if scope is None:
            return (0, name.value)
        ck = (id(scope), name.value)
        got = self._keys.get(ck)
        if got is None:
            try:
                assignments = scope[name.value]
            except Exception:
                assignments = ()
            owner = next(iter(assignments)).scope if assignments else scope
            got = self._keys[ck] = (id(owner), name.value)
        return got

    def bound_nodes(self, name: cst.Name) -> list[cst.CSTNode]:
        """What binds ``name`` where it is used (assignment targets, defs, classes, imports), as
        libcst's scopes resolve it."""
        scope = self.scopes.get(name)
        try:
            return [a.node for a in scope[name.value]] if scope is not None else []
        except Exception:
            return []

    def scope_id(self, fn: cst.FunctionDef | None) -> int:
        return id(self.scopes.get(fn.body)) if fn is not None else id(self.scopes.get(self.module))

    def code(self, node: cst.CSTNode, limit: int = 48) -> str:
        text = " ".join(self.module.code_for_node(node).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    # ----- driver ----------------------------------------------------------------------------

    def _collect(self, body: Any, cls: cst.ClassDef | None) -> None:
        for stmt in body:
            if isinstance(stmt, cst.FunctionDef):
                self.functions.append((stmt, cls))
                self.class_of[stmt] = cls
                if cls is not None:
                    self.methods.setdefault(cls, {})[stmt.name.value] = stmt
                if isinstance(stmt.body, cst.IndentedBlock):
                    self._collect(stmt.body.body, None)
            elif isinstance(stmt, cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
                self._collect(stmt.body.body, stmt)
            elif isinstance(stmt, (cst.If, cst.Try, cst.With, cst.For, cst.While)):
                for block in _blocks(stmt):
                    self._collect(block, cls)

    def prepare(self) -> FileAnalysis:
        """Functions collected and the top level run: summaries can be asked for."""
        self._collect(self.module.body, None)
        walker = Walker(self, None)
        walker.block(self.module.body)
        self.final_states[self.scope_id(None)] = walker.state
        return self

    def run(self) -> FileAnalysis:
        self.prepare()
        for fn, _cls in self.functions:
            self.summary(fn)
        objects.finish(self)
        return self

    def summary(self, fn: cst.FunctionDef) -> Summary | None:
        if fn in self.summaries:
            return self.summaries[fn]  # None while it is being analysed (recursion)
        self.summaries[fn] = None
        walker = Walker(self, fn)
        walker.body()
        self.final_states[self.scope_id(fn)] = walker.state
        seen, sinks = set(), []
        for h in walker.param_hits:
            k = (id(h.sink), h.kind, h.taint.origin.param)
            if k not in seen:
                seen.add(k)
                sinks.append(h)
        summ = Summary(fn.name.value, walker.param_names, walker.returns, sinks)
        self.summaries[fn] = summ
        return summ


def _blocks(stmt: cst.CSTNode) -> list[list]:
    out = []
    for attr in ("body", "orelse", "finalbody"):
        part = getattr(stmt, attr, None)
        if isinstance(part, (cst.IndentedBlock, cst.Else, cst.Finally)):
            inner = part.body
            if isinstance(inner, cst.IndentedBlock):
                inner = inner.body
            if isinstance(inner, (list, tuple)):
                out.append(list(inner))
        elif isinstance(part, cst.If):
            out.extend(_blocks(part))
    for h in getattr(stmt, "handlers", ()) or ():
        if isinstance(h.body, cst.IndentedBlock):
            out.append(list(h.body.body))
    return out


def _suite(node: cst.BaseSuite) -> list:
    return list(node.body)


class Walker:
    """Runs one function body (or the module's top level) in statement order."""

    def __init__(self, fa: FileAnalysis, fn: cst.FunctionDef | None) -> None:
        self.fa = fa
        self.spec = fa.spec
        self.fn = fn
        self.cls = fa.class_of.get(fn) if fn is not None else None
        self.state: dict[Any, Value] = {}
        self.returns: Value = ()
        self.param_hits: list[Hit] = []
        self.param_names: list[str] = []
        self.request_keys: set[tuple[int, str]] = set()
        self.flask_view = False
        self._consts: constants.Constants | None = None
        self.breaks: list[list[dict]] = []  # per enclosing loop: the states at its `break`s

    @property
    def consts(self) -> constants.Constants:
        """Names and containers of this function that only ever hold literals (constants.py)."""
        if self._consts is None:
            self._consts = constants.collect(self.fn if self.fn is not None else self.fa.module)
        return self._consts

    def constant(self, e: cst.BaseExpression) -> Any:
        return constants.evaluate(e, self.consts)

    # ----- parameters ------------------------------------------------------------------------

    def body(self) -> None:
        fn = self.fn
        assert fn is not None
        params = [*fn.params.posonly_params, *fn.params.params, *fn.params.kwonly_params]
        route = self._route_info(fn)
        self.flask_view = route is not None and self.fa.uses_flask
        typed = route[1] if route else {}
        names = [p.name.value for p in params]
        url_params = self.fa.django_views().get(view_key(fn.name.value, names), frozenset())
        if fn.name.value in HTTP_METHODS and self.fa.uses_handlers and objects.handler_class(self):
            url_params = frozenset(names[1:])  # Tornado: def get(self, slug), the URL pattern's groups
        for i, p in enumerate(params):
            name = p.name.value
            self.param_names.append(name)
            key = self.fa.key(p.name)
            ann = _dotted(p.annotation.annotation) if p.annotation else ""
            ann_last = ann.rsplit(".", 1)[-1]
            if (name in self.spec.request_params or (ann and ann_last in self.spec.request_annotations)) and (
                    not self.fa.test_module or route is not None or url_params):
                # a test module's functions get the test's own requests (RequestFactory)
                self.request_keys.add(key)
                continue
            if name in ("self", "cls") and i == 0:
                continue
            injected = isinstance(p.default, cst.Call) and _dotted(p.default.func).rsplit(".", 1)[-1] in (
                self.spec.dependency_defaults)
            safe = ann_last in self.spec.safe_annotations or ann in self.spec.safe_annotations or typed.get(name)
            if (route is not None or name in url_params) and not injected and not safe:
                what = f"request parameter '{name}'"
                self.state[key] = (Taint(Origin(what, frozenset({"user"}), p.name)),)
            elif self.spec.is_secret_name(name) and ann_last not in ("bool", "int"):
                self.state[key] = (Taint(Origin(f"parameter '{name}'", frozenset({"secret"}), p.name)),
                                   Taint(Origin(f"parameter '{name}'", frozenset(), p.name, param=i)))
            else:
                self.state[key] = (Taint(Origin(f"parameter '{name}'", frozenset(), p.name, param=i)),)
        self.block(_suite(fn.body))

    def _route_info(self, fn: cst.FunctionDef) -> tuple[cst.CSTNode, dict[str, str]] | None:
        """(decorator, {param: converter}) when fn is a web handler (Flask/FastAPI/... route)."""
        for dec in fn.decorators:
            d = dec.decorator
            if isinstance(d, cst.Call) and isinstance(d.func, cst.Attribute) and (
                d.func.attr.value in self.spec.route_decorators
                and _dotted(d.func.value).split(".", 1)[0] not in NOT_ROUTES
            ):
                typed = {}
                if d.args:
                    path = _literal(d.args[0].value) or ""
                    for conv, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", path):
                        if conv in ("int", "float", "uuid"):
                            typed[name] = conv
                    for name, conv in re.findall(r"\{(\w+):(\w+)\}", path):
                        if conv in ("int", "float", "uuid"):
                            typed[name] = conv
                return d, typed
        return None

    # ----- state -----------------------------------------------------------------------------

    def read(self, name: cst.Name) -> Value:
        key = self.fa.key(name)
        if key in self.state:
            return self.state[key]
        outer = self.fa.final_states.get(key[0])
        return outer.get(key, ()) if outer else ()

    def record(self, hit: Hit) -> None:
        if hit.taint.origin.param >= 0:
            self.param_hits.append(hit)
        else:
            self.fa.hits.append(hit)

    def bind(self, target: cst.CSTNode, value: Value, verb: str = "assigned to") -> None:
        if isinstance(target, cst.Name):
            self.state[self.fa.key(target)] = _map(value, lambda t: t.then(target, f"{verb} '{target.value}'"))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.bind(el.value, value, verb)
        elif isinstance(target, cst.StarredElement):
            self.bind(target.value, value, verb)
        elif isinstance(target, cst.Attribute):
            if isinstance(target.value, cst.Name):
                k = (self.fa.key(target.value), target.attr.value)
                self.state[k] = _map(value, lambda t: t.then(target, f"{verb} '{self.fa.code(target)}'"))
                objects.write_attr(self, target, self.state[k])
            else:
                self.expr(target.value)
        elif isinstance(target, cst.Subscript):
            base = target.value
            for s in target.slice:
                if isinstance(s.slice, cst.Index):
                    self.expr(s.slice.value)
            if value and sessions.is_session(self, base):
                self.sink_value("session", target, f"{self.fa.code(target, 40)} ({sessions.WHAT})", value)
            while isinstance(base, cst.Subscript):  # config["section"]["key"] = value: config holds it
                base = base.value
            if value and isinstance(base, (cst.Name, cst.Attribute)):
                k = self._lvalue_key(base)
                if k is not None:
                    stepped = _map(value, lambda t: t.then(target, f"stored in '{self.fa.code(target)}'"))
                    self.state[k] = join(self._lvalue_read(base), stepped)

    def _lvalue_key(self, node: cst.CSTNode) -> Any:
        if isinstance(node, cst.Name):
            return self.fa.key(node)
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
            return (self.fa.key(node.value), node.attr.value)
        return None

    def _lvalue_read(self, node: cst.CSTNode) -> Value:
        if isinstance(node, cst.Name):
            return self.read(node)
        k = self._lvalue_key(node)
        return self.state.get(k, ()) if k is not None else ()

    def clean(self, cleans: list[tuple[Any, frozenset[str]]]) -> None:
        for key, kinds in cleans:
            v = self.state.get(key)
            if v is None and isinstance(key, tuple) and isinstance(key[0], int):
                outer = self.fa.final_states.get(key[0])
                v = outer.get(key) if outer else None
            if v:
                self.state[key] = _map(v, lambda t, k=kinds: t.clear(k))

    # ----- statements ------------------------------------------------------------------------

    def block(self, stmts: Any) -> bool:
        """Run statements in order; True when control cannot fall through the end."""
        for s in stmts:
            if self.stmt(s):
                return True
        return False

    def stmt(self, s: cst.CSTNode) -> bool:
        if isinstance(s, cst.SimpleStatementLine):
            return self.block(s.body)
        if isinstance(s, cst.Assign):
            v = self.expr(s.value)
            for t in s.targets:
                self.bind(t.target, v)
                objects.bind_type(self, t.target, s.value)
            self.clean(guards.lookup(self, s.value))
        elif isinstance(s, cst.AnnAssign):
            if s.value is not None:
                self.bind(s.target, self.expr(s.value))
        elif isinstance(s, cst.AugAssign):
            v = self.expr(s.value)
            if v and isinstance(s.operator, cst.AddAssign) and self._a_list(s.target):
                v = _map(v, lambda t: replace(t, shape="item"))  # args += sys.argv[1:]
            if v:
                cur = self._lvalue_read(s.target) if isinstance(s.target, (cst.Name, cst.Attribute)) else ()
                self.bind(s.target, join(cur, v), "appended to")
        elif isinstance(s, cst.Expr):
            self.expr(s.value)
            call = s.value.expression if isinstance(s.value, cst.Await) else s.value
            if isinstance(call, cst.Call):
                name = _dotted(call.func).rsplit(".", 1)[-1]
                return name in _TERMINATORS
        elif isinstance(s, cst.Return):
            if s.value is not None:
                self._return(s, self.expr(s.value))
            return True
        elif isinstance(s, cst.Raise):
            if s.exc is not None:
                self.expr(s.exc)
            return True
        elif isinstance(s, cst.Break):
            if self.breaks:
                self.breaks[-1].append(self.state)  # what the loop leaves behind
            return True
        elif isinstance(s, cst.Continue):
            return True
        elif isinstance(s, cst.Del):
            self._del(s.target)
        elif isinstance(s, cst.Assert):
            self.expr(s.test)
            self.clean(self.guard(s.test)[0])
        elif isinstance(s, cst.If):
            return self.if_(s)
        elif isinstance(s, (cst.For, cst.While)):
            self.loop(s)
        elif isinstance(s, cst.Try):
            return self.try_(s)
        elif isinstance(s, cst.With):
            for item in s.items:
                v = self.expr(item.item)
                if item.asname is not None:
                    self.bind(item.asname.name, v, "opened as")
                    objects.bind_type(self, item.asname.name, item.item)
            return self.block(_suite(s.body))
        elif isinstance(s, cst.FunctionDef):
            self.state[self.fa.key(s.name)] = ()
        elif isinstance(s, cst.Match):
            v = self.expr(s.subject)
            pre, outs = self.state, []
            subject = self.constant(s.subject)
            cases = list(s.cases) if subject is constants.UNKNOWN else constants.match_cases(subject, list(s.cases), self.consts)
            for case in cases:
                self.state = dict(pre)
                if case.pattern is not None and isinstance(case.pattern, cst.MatchAs) and case.pattern.name:
                    self.bind(case.pattern.name, v)
                if not self.block(_suite(case.body)):
                    outs.append(self.state)
            self.state = _join_states(pre, *outs)
        return False

    def _del(self, target: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            self.state[self.fa.key(target)] = ()
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self._del(el.value)

    def _return(self, node: cst.Return, v: Value) -> None:
        name = self.fn.name.value if self.fn is not None else "module"
        self.returns = join(self.returns, _map(v, lambda t: t.then(node, f"returned from {name}()")))
        if not self.flask_view or node.value is None:
            return
        body = node.value
        if isinstance(body, cst.Tuple) and body.elements:
            body = body.elements[0].value
            v = self.expr(body)
        if isinstance(body, (cst.Dict, cst.List, cst.DictComp, cst.ListComp)):
            return
        if isinstance(body, cst.Call) and _dotted(body.func).rsplit(".", 1)[-1] in _NOT_HTML:
            return  # send_file(...), jsonify(...): a file or JSON response, not an HTML body
        for t in v:
            if t.live_for("xss"):
                self.record(Hit("xss", node, "the HTML body returned by a Flask view", t))

    def if_(self, node: cst.If) -> bool:
        self.expr(node.test)
        known = self.constant(node.test)
        if known is not constants.UNKNOWN:  # if 2 > 1: only one branch ever runs
            if known:
                return self.block(_suite(node.body))
            if isinstance(node.orelse, cst.If):
                return self.if_(node.orelse)
            return self.block(_suite(node.orelse.body)) if isinstance(node.orelse, cst.Else) else False
        when_true, when_false = self.guard(node.test)
        pre = self.state
        self.state = dict(pre)
        self.clean(when_true)
        t_term = self.block(_suite(node.body))
        t_state = self.state
        self.state = dict(pre)
        self.clean(when_false)
        f_term = False
        if isinstance(node.orelse, cst.If):
            f_term = self.if_(node.orelse)
        elif isinstance(node.orelse, cst.Else):
            f_term = self.block(_suite(node.orelse.body))
        f_state = self.state
        if t_term and f_term:
            return True
        self.state = f_state if t_term else t_state if f_term else _join_states(t_state, f_state)
        return False

    def loop(self, node: cst.For | cst.While) -> None:
        pre = dict(self.state)
        self.breaks.append([])
        for _ in range(2):  # twice: a value assigned late in the body reaches its start
            if isinstance(node, cst.For):
                self.bind(node.target, self.expr(node.iter), "iterated into")
                names.bind_loop(self, node.target, node.iter)
            else:
                self.expr(node.test)
            start = self.state
            self.state = dict(start)
            if self.block(_suite(node.body)):
                self.state = start
            self.state = _join_states(pre, self.state)
        broken = self.breaks.pop()
        if node.orelse is not None:
            self.block(_suite(node.orelse.body))  # runs only when no break did
        if broken:
            self.state = _join_states(self.state, *broken)

    def try_(self, node: cst.Try) -> bool:
        pre = dict(self.state)
        body_term = self.block(_suite(node.body))
        if not body_term and node.orelse is not None:
            body_term = self.block(_suite(node.orelse.body))
        after_body = self.state
        outs = [] if body_term else [after_body]
        for h in node.handlers:
            self.state = _join_states(pre, after_body)
            if h.name is not None:
                self.bind(h.name.name, ())
            if not self.block(_suite(h.body)):
                outs.append(self.state)
        self.state = _join_states(*outs) if outs else after_body
        if node.finalbody is not None:
            if self.block(_suite(node.finalbody.body)):
                return True
        return not outs

    # ----- guards ----------------------------------------------------------------------------

    def guard(self, test: cst.BaseExpression) -> tuple[list, list]:
        """(cleanings valid when test is true, cleanings valid when it is false)."""
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            t, f = self.guard(test.expression)
            return f, t
        if isinstance(test, cst.BooleanOperation):
            lt, lf = self.guard(test.left)
            rt, rf = self.guard(test.right)
            if isinstance(test.operator, cst.And):  # false: one of them is false, which one is unknown
                return lt + rt, guards.either(lf, rf)
            return guards.either(lt, rt), lf + rf
        if isinstance(test, cst.Name) and test.value not in ("True", "False", "None"):
            return [], [(self.fa.key(test), frozenset({"*"}))]  # `if not x:` x is empty there
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.left, cst.Call):
            comp = test.comparisons[0]  # `if PATTERN.match(x) is None: abort(400)`
            if isinstance(comp.comparator, cst.Name) and comp.comparator.value == "None":
                if isinstance(comp.operator, cst.IsNot):
                    return self.guard(test.left)
                if isinstance(comp.operator, cst.Is):
                    t, f = self.guard(test.left)
                    return f, t
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
            comp = test.comparisons[0]
            op = comp.operator
            if isinstance(test.left, cst.Call) and isinstance(op, (cst.Equal, cst.NotEqual)):
                # `commonpath([BASE, p]) == BASE`: the guard call compared with the expected value.
                t, _ = self.guard(test.left)
                if t:
                    return (t, []) if isinstance(op, cst.Equal) else ([], t)
            everything = frozenset({"*"})
            key = guards.host_subject(self, test.left) if _literal(comp.comparator) != "" else None
            if key is not None:  # urlparse(u).netloc in ALLOWED: u's host is checked
                everything = guards.URL_KINDS
            else:
                key = self._guard_key(test.left)
            if key is None:
                return [], []
            if isinstance(op, cst.In):
                return [(key, everything)], []
            if isinstance(op, cst.NotIn):
                return [], [(key, everything)]
            if _literal(comp.comparator) is not None:
                if isinstance(op, cst.Equal):
                    return [(key, everything)], []
                if isinstance(op, cst.NotEqual):
                    return [], [(key, everything)]
            return [], []
        if isinstance(test, cst.Call):
            last = _dotted(test.func).rsplit(".", 1)[-1]
            qn = self.fa.qnames(test.func) if last in self.spec.call_lasts else frozenset()
            method = test.func.attr.value if isinstance(test.func, cst.Attribute) else None
            for g in self.spec.guards:
                if g.check:
                    if qn & g.names or (method and method in g.methods):
                        got = guards.CHECKS[g.check](self, test, g)
                        if got is not None:
                            return got
                    continue
                if qn & g.names:
                    arg = test.args[g.arg].value if len(test.args) > g.arg else None
                    if isinstance(arg, (cst.List, cst.Tuple)):  # commonpath([BASE, path])
                        listed = (arg.elements, g.clears)
                        break
                    key = self._guard_key(arg) if arg is not None else None
                elif method and method in g.methods and not (qn & {n for x in self.spec.guards for n in x.names}):
                    key = self._guard_key(test.func.value)
                    if (key is None or not self._lvalue_read_key(key)) and test.args:
                        key = self._guard_key(test.args[0].value) or key
                else:
                    continue
                if key is not None:
                    return [(key, g.clears)], []
            else:
                return [], []
            keys = [self._guard_key(e.value) for e in listed[0]]
            return [(k, listed[1]) for k in keys if k is not None], []
        return [], []

    def _lvalue_read_key(self, key: Any) -> Value:
        if key in self.state:
            return self.state[key]
        return ()

    def _guard_key(self, node: cst.CSTNode) -> Any:
        while isinstance(node, cst.Call) and node.args:
            node = node.args[0].value if not isinstance(node.func, cst.Attribute) or not self._lvalue_key(
                node.func.value) else node.func.value
        return self._lvalue_key(node)

    # ----- expressions -----------------------------------------------------------------------

    def is_request(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Name):
            if self.fa.key(node) in self.request_keys:
                return True
        elif isinstance(node, cst.Attribute):
            if isinstance(node.value, cst.Name) and node.value.value == "self" and (
                    node.attr.value == "request" or node.attr.value in objects.request_attrs(self)):
                return True
        else:
            return False
        last = node.value if isinstance(node, cst.Name) else node.attr.value
        return last in self.spec.value_lasts and bool(self.fa.qnames(node) & self.spec.request_objects)

    def expr(self, e: cst.CSTNode | None) -> Value:
        if e is None:
            return ()
        if isinstance(e, cst.Name):
            return self.read(e)
        if isinstance(e, cst.Attribute):
            return self.attribute(e)
        if isinstance(e, cst.Subscript):
            return self.subscript(e)
        if isinstance(e, cst.Call):
            return self.call(e)
        if isinstance(e, cst.BinaryOperation):
            if isinstance(e.operator, cst.Modulo) and _literal(e.left) is not None:
                return self.percent_format(_literal(e.left), e.right)
            left, right = self.expr(e.left), self.expr(e.right)
            if isinstance(e.operator, cst.Add) and _url_fixed(_leading_text(e.left)):
                right = _map(right, lambda t: t.clear(_URL_KINDS))
            if isinstance(e.operator, cst.Add) and self._a_list(e.left):
                right = _map(right, lambda t: replace(t, shape="item"))  # [sys.executable] + sys.argv
            return join(left, right)
        if isinstance(e, cst.FormattedString):
            return self.fstring(e)
        if isinstance(e, cst.ConcatenatedString):
            return join(self.expr(e.left), self.expr(e.right))
        if isinstance(e, (cst.List, cst.Tuple, cst.Set)):
            out: list[Value] = []
            for i, el in enumerate(e.elements):
                v = self.expr(el.value)
                if i or isinstance(el, cst.StarredElement):
                    v = _map(v, lambda t: replace(t, shape="item"))
                out.append(v)
            return join(*out)
        if isinstance(e, cst.Dict):
            vals = []
            for el in e.elements:
                if isinstance(el, cst.DictElement):
                    self.expr(el.key)
                vals.append(self.expr(el.value))
            return join(*vals)
        if isinstance(e, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
            return self.comprehension(e)
        if isinstance(e, cst.IfExp):
            self.expr(e.test)
            known = self.constant(e.test)
            if known is not constants.UNKNOWN:  # "safe" if 7 * 18 + num > 200 else param
                return self.expr(e.body if known else e.orelse)
            return join(self.expr(e.body), self.expr(e.orelse))
        if isinstance(e, cst.BooleanOperation):
            return join(self.expr(e.left), self.expr(e.right))
        if isinstance(e, cst.Comparison):
            self.expr(e.left)
            for c in e.comparisons:
                self.expr(c.comparator)
            return ()
        if isinstance(e, cst.UnaryOperation):
            v = self.expr(e.expression)
            return () if isinstance(e.operator, cst.Not) else v
        if isinstance(e, cst.Await):
            return self.expr(e.expression)
        if isinstance(e, cst.NamedExpr):
            v = self.expr(e.value)
            self.bind(e.target, v)
            return v
        if isinstance(e, (cst.StarredElement, cst.Element)):
            return self.expr(e.value)
        return ()

    def _a_list(self, e: cst.BaseExpression, depth: int = 0) -> bool:
        """A list or tuple with a first element: a literal, ``[a] + b``, or a name every assignment of
        which is one (what is added to it comes after its first item)."""
        if isinstance(e, (cst.List, cst.Tuple)):
            return bool(e.elements)
        if isinstance(e, cst.BinaryOperation) and isinstance(e.operator, cst.Add):
            return self._a_list(e.left, depth)
        if isinstance(e, cst.Name) and depth < 2:
            values = names.bound_values(self.fa, e)
            return bool(values) and all(self._a_list(v, depth + 1) for v in values)
        return False

    def fstring(self, e: cst.FormattedString) -> Value:
        prefix, out = "", []
        for part in e.parts:
            if isinstance(part, cst.FormattedStringText):
                prefix += part.value
            elif isinstance(part, cst.FormattedStringExpression):
                v = self.expr(part.expression)
                if _url_fixed(prefix):
                    v = _map(v, lambda t: t.clear(_URL_KINDS))
                out.append(v)
                prefix += "{}"
        return join(*out)

    def percent_format(self, fmt: str, args: cst.BaseExpression) -> Value:
        """``"https://h/%s?q=%s" % (a, b)``: each value's taint, cleared for URL sinks when the
        text before its placeholder fixes the host or puts it in the query or fragment."""
        prefixes = [fmt[: m.start()] for m in _PERCENT_SPEC.finditer(fmt) if m.group() != "%%"]
        elements = args.elements if isinstance(args, cst.Tuple) else None
        if elements is None or len(elements) != len(prefixes) or any(
                isinstance(el, cst.StarredElement) for el in elements):
            v = self.expr(args)
            return _map(v, lambda t: t.clear(_URL_KINDS)) if prefixes and _url_fixed(prefixes[0]) else v
        out = []
        for el, prefix in zip(elements, prefixes, strict=True):
            v = self.expr(el.value)
            out.append(_map(v, lambda t: t.clear(_URL_KINDS)) if _url_fixed(prefix) else v)
        return join(*out)

    def comprehension(self, e: Any) -> Value:
        node = e.for_in
        while node is not None:
            self.bind(node.target, self.expr(node.iter), "iterated into")
            names.bind_loop(self, node.target, node.iter)
            for cond in node.ifs:
                self.expr(cond.test)
            node = node.inner_for_in
        if isinstance(e, cst.DictComp):
            self.expr(e.key)
            return self.expr(e.value)
        return self.expr(e.elt)

    def _secret_origin(self, node: cst.CSTNode, key: str, base: Value, holder: cst.CSTNode) -> Value:
        """``os.environ["API_TOKEN"]``, ``settings.SECRET_KEY``, ``config.get("password")``."""
        if not self.spec.is_secret_name(key):
            return base
        what = self.fa.code(node)
        fresh = [t for t in base if not t.steps]
        if fresh or any(h in _dotted(holder).lower() for h in self.spec.secret_holders):
            labels = frozenset({"secret"}).union(*(t.origin.labels for t in fresh))
            return join((Taint(Origin(what, labels, node)),), tuple(t for t in base if t.steps))
        return base

    def attribute(self, e: cst.Attribute) -> Value:
        attr = e.attr.value
        if attr in self.spec.request_attributes and self.is_request(e.value):
            taint = Taint(Origin(self.fa.code(e), frozenset({"user"}), e))
            return (taint.clear(_URL_KINDS) if attr in SELF_URL_ATTRS else taint,)
        if attr in VIEW_CLASS_ATTRS and self.fa.uses_django and objects.url_kwargs(self, e):
            return (Taint(Origin(self.fa.code(e), frozenset({"user"}), e)),)
        if attr in HANDLER_CLASS_ATTRS and self.fa.uses_handlers and objects.handler_attr(self, e):
            return (Taint(Origin(self.fa.code(e), frozenset({"user"}), e)),)
        if attr in self.spec.value_lasts:
            qn = self.fa.qnames(e)
            for src in self.spec.sources:
                if src.how == "value" and qn & src.names:
                    # and what this function stored in it (os.environ["K"] = request.args["k"])
                    stored = self.state.get((self.fa.key(e.value), attr), ()) if isinstance(e.value, cst.Name) else ()
                    return join(stored, (Taint(Origin(self.fa.code(e), src.labels, e)),))
        if isinstance(e.value, cst.Name):
            k = (self.fa.key(e.value), attr)
            if k in self.state:
                return self.state[k]
            symbolic = objects.read_attr(self, e)
            if symbolic is not None:
                return symbolic
        base = self.expr(e.value)
        if attr.isupper():
            return self._secret_origin(e, attr, base, e.value)
        return base

    def subscript(self, e: cst.Subscript) -> Value:
        base = self.expr(e.value)
        key = None
        for s in e.slice:
            if isinstance(s.slice, cst.Index):
                self.expr(s.slice.value)
                key = names.secret_key(self, s.slice.value) or _literal(s.slice.value)
            else:
                for part in (s.slice.lower, s.slice.upper, s.slice.step):
                    self.expr(part)
        if base and len(e.slice) == 1 and isinstance(e.slice[0].slice, cst.Index) and (
                _literal_int(e.slice[0].slice.value) == 0 and "sys.argv" in self.fa.qnames(e.value)):
            return ()  # sys.argv[0]: the program's own path, as it was started
        if base and isinstance(e.value, cst.Name) and e.value.value in self.consts.containers and len(e.slice) == 1:
            index = e.slice[0].slice
            k = self.constant(index.value) if isinstance(index, cst.Index) else constants.UNKNOWN
            held = constants.element(self.consts.containers[e.value.value], k) if k is not constants.UNKNOWN else None
            if held is not None and self.constant(held) is not constants.UNKNOWN:
                return ()  # m["a"] of a container that holds a literal there
        if key is not None and self._server_set(e.value, key):
            return ()
        if key is not None:
            return self._secret_origin(e, key, base, e.value)
        return base

    def _server_set(self, holder: cst.BaseExpression, key: str) -> bool:
        """``request.META["CSRF_COOKIE"]``, ``environ["REMOTE_ADDR"]``: a key of the WSGI environ
        that the server or a middleware sets, not the client (``HTTP_*`` headers, the query, the
        path and the body's type are the client's)."""
        return (isinstance(holder, cst.Attribute) and holder.attr.value in ("META", "environ")
                and not _CLIENT_ENVIRON.match(key) and self.is_request(holder.value))

    # ----- calls -----------------------------------------------------------------------------

    def call(self, e: cst.Call) -> Value:
        func = e.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        recv: Value = self.expr(func.value) if isinstance(func, cst.Attribute) else ()
        if isinstance(func, (cst.Call, cst.Subscript)):
            recv = self.expr(func)
        args: list[Value] = [self.expr(a.value) for a in e.args]
        if method in _MUTATORS and any(args):
            self.mutate(func.value, method, args)
        last = method or (func.value if isinstance(func, cst.Name) else "")
        qn = self.fa.qnames(func) if last in self.spec.call_lasts else frozenset()

        result: Value | None = None
        if method and method in self.spec.request_attributes and self.is_request(func.value):
            result = (Taint(Origin(self.fa.code(e), frozenset({"user"}), e)),)
        elif method in HANDLER_CLASS_METHODS and self.fa.uses_handlers and objects.handler_attr(self, func):
            result = (Taint(Origin(self.fa.code(e), frozenset({"user"}), e)),)  # Tornado: self.get_argument("q")
        for src in self.spec.sources:
            if (src.how == "call" and qn & src.names) or (src.how == "method" and method in src.methods):
                what = self.fa.code(e)
                labels = src.labels
                first = names.secret_key(self, e.args[0].value) if e.args else None
                if first is not None and self.spec.is_secret_name(first):
                    labels = labels | {"secret"}
                result = (Taint(Origin(what, labels, e)),)
        if result is None and method == "get" and e.args:
            name = names.secret_key(self, e.args[0].value) or _literal(e.args[0].value)
            if name is not None and self._server_set(func.value, name):
                return ()
            if name is not None:
                result = self._secret_origin(e, name, recv, func.value)
                if result == recv:
                    result = None

        self.check_sinks(e, qn, method, recv, args)
        if qn & _RENDERERS:
            self.unsafe_template(e, args)
        if method in sessions.SESSION_WRITERS and any(args) and sessions.is_session(self, func.value):
            self.sink_value("session", e, f"{self.fa.code(func, 40)}() ({sessions.WHAT})", join(*args))

        for san in self.spec.sanitizers:
            if qn & san.names or (method and method in san.methods and not self._project_method(func)) or (
                    san.pattern is not None and isinstance(last, str) and san.pattern.search(last)):
                return _map(join(recv, *args), lambda t, k=san.clears: t.clear(k))
        if result is not None:
            return result

        local = self.resolve_local(func) or objects.resolve_method(self, func)
        if local is not None:
            summ = self.fa.summary(local[0])
            if summ is not None:
                out = self.apply_summary(e, local[0], local[1], summ, args)
                return out if local[0].name.value != "__init__" else join(recv, *args)

        if local is None and self.fa.xmod is not None:  # a function of another scanned module
            imported = self.fa.xmod.call(self, e, args)
            if imported is not None:
                return imported

        # What a sink returns (a cursor, a process result, a response) is not the data it consumed:
        # `return conn.execute(q).fetchall()` in a view is not the query echoed back as HTML.
        if any(not s.propagates and (qn & s.names or (method and method in s.methods and self.uses(s, e)))
               for s in self.spec.sinks):
            return recv if method else ()

        # connect(host=h, password=pw): a secret handed over as a credential is used, not returned
        # (the connection or client that comes back is not the password)
        if last not in _KEYWORD_DATA and objects.facts(self.fa).local_class(func) is None:
            args = [() if a.keyword is not None and self.spec.is_secret_name(a.keyword.value) else v
                    for a, v in zip(e.args, args, strict=True)]
        # d.get(key, default): the value comes from the mapping, not from the key
        out = join(recv, *args[1:]) if method == "get" else join(recv, *args)
        carrier = next((self.spec.carried_by[q] for q in qn if q in self.spec.carried_by), None)
        if carrier is not None:  # publish_parts(source, source_path=...): only the source is in the result
            out = join(*_carried(e, args, carrier))
        for sink in self.spec.sinks:
            if sink.propagates and qn & sink.names:
                out = _map(out, lambda t, k=frozenset({sink.kind}): t.clear(k))
        if method == "format":
            prefix = _literal(func.value)
            if prefix is not None and _SAFE_URL_PREFIX.match(prefix.split("{", 1)[0]):
                out = join(recv, *(_map(a, lambda t: t.clear(_URL_KINDS)) for a in args))
        if method in ("split", "rsplit", "splitlines", "join"):  # a whole string (or a new list)
            out = _map(out, lambda t: replace(t, shape=""))
        return out

    def unsafe_template(self, e: cst.Call, args: list[Value]) -> None:
        """``render_template("page.html", bio=x)`` / ``render(request, "page.html", {"bio": x})`` where
        the template prints ``bio`` unescaped (templates.py): an XSS sink for x."""
        session = self.fa.xmod
        root = getattr(getattr(session, "index", None), "root", None)
        positional = [(a, v) for a, v in zip(e.args, args, strict=True) if a.keyword is None and not a.star]
        django = _dotted(e.func).rsplit(".", 1)[-1] == "render"
        if not root or len(positional) < (2 if django else 1):
            return
        name = _literal(positional[1 if django else 0][0].value)
        found = templates.unsafe_names(root, self.fa.path, name or "")
        if not found or not found[0]:
            return
        unsafe, rel, sha = found
        context: dict[str, Value] = {a.keyword.value: v for a, v in zip(e.args, args, strict=True)
                                     if a.keyword is not None}
        ctx_arg = positional[2 if django else 1][0].value if len(positional) > (2 if django else 1) else None
        if ctx_arg is not None:
            for node in [ctx_arg, *names.bound_values(self.fa, ctx_arg)]:
                if isinstance(node, cst.Dict):
                    for el in node.elements:
                        if isinstance(el, cst.DictElement) and _literal(el.key) is not None:
                            context[_literal(el.key)] = join(context.get(_literal(el.key), ()), self.expr(el.value))
        session.ctx.depends[f"template:{rel}"] = (rel, sha)  # an edit of the template changes this result
        for var in sorted(unsafe & set(context)):
            self.sink_value("xss", e, f"{self.fa.code(e.func, 40)}() ('{var}' printed unescaped by {rel})",
                            context[var])

    def _project_method(self, func: cst.BaseExpression) -> bool:
        """A method the project defines (``Student.find``, not ``str.find``): its own summary
        decides, not the name of a sanitizer method."""
        if self.resolve_local(func) or objects.resolve_method(self, func):
            return True
        return self.fa.xmod is not None and self.fa.xmod.target(self.fa, func) is not None

    def mutate(self, receiver: cst.BaseExpression, method: str, args: list[Value]) -> None:
        """``parts.append(x)``, ``buf.write(chunk)``, ``d.update(x)``: the receiver now holds x (an
        element of a list is not its first item: see ``shape``)."""
        k = self._lvalue_key(receiver)
        if k is None:
            return
        name = self.fa.code(receiver)
        value = join(*args)
        if method in _ELEMENT_MUTATORS:
            value = _map(value, lambda t: replace(t, shape="item"))
        stepped = _map(value, lambda t: t.then(receiver, f"added to '{name}' by {method}()"))
        self.state[k] = join(self._lvalue_read(receiver), stepped)

    def resolve_local(self, func: cst.CSTNode) -> tuple[cst.FunctionDef, bool] | None:
        """A function of this module that ``func`` calls, and whether ``self`` is bound."""
        if isinstance(func, cst.Name):
            for node in self.fa.bound_nodes(func):
                if isinstance(node, cst.FunctionDef) and node in self.fa.class_of:
                    return node, False
        elif isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and self.cls is not None:
            if func.value.value in ("self", "cls"):
                fn = self.fa.methods.get(self.cls, {}).get(func.attr.value)
                if fn is not None:
                    return fn, True
        return None

    def apply_summary(self, call: cst.Call, fn: cst.FunctionDef, bound: bool, summ: Summary,
                      args: list[Value], wrap: Any = None) -> Value:
        """``wrap``: for a function of another module, turns its nodes into ``imports.Foreign``."""
        w = wrap or (lambda node: node)
        actual: dict[int, Value] = {}
        offset = 1 if bound else 0
        for i, (a, v) in enumerate(zip(call.args, args, strict=True)):
            if a.star:
                continue
            if a.keyword is not None:
                if a.keyword.value in summ.params:
                    actual[summ.params.index(a.keyword.value)] = v
            else:
                actual[i + offset] = v
        name = fn.name.value

        def through(t: Taint, inner: Taint) -> Taint:
            p = inner.origin.param
            pname = summ.params[p] if p < len(summ.params) else "?"
            out = t.then(call, f"passed to {name}() as '{pname}'").then(w(inner.origin.node),
                                                                        f"parameter '{pname}' of {name}()")
            for node, msg in inner.steps:
                out = out.then(w(node), msg)
            return replace(out, cleared=out.cleared | inner.cleared, shape=inner.shape or out.shape)

        objects.apply_writes(self, fn, actual, through)
        for hit in summ.sinks:
            for t in actual.get(hit.taint.origin.param, ()):
                combined = through(t, hit.taint)
                if combined.live_for(hit.kind):
                    self.record(replace(hit, sink=w(hit.sink), taint=combined))
        result: list[Taint] = []
        for rt in summ.returns:
            if rt.origin.param >= 0:
                result.extend(through(t, rt) for t in actual.get(rt.origin.param, ()))
            else:
                if wrap is not None:
                    rt = replace(rt, origin=replace(rt.origin, node=w(rt.origin.node)),
                                 steps=tuple((w(node), msg) for node, msg in rt.steps))
                result.append(rt.then(call, f"returned by {name}()"))
        return join(tuple(result))

    # ----- sinks -----------------------------------------------------------------------------

    def uses(self, sink: SinkSpec, call: cst.Call) -> bool:
        """A method sink tied to libraries (``modules``) counts only in files that import one; one
        declared on types (``types``) only on objects of those types (``d.get(k, default)`` is no
        session's request)."""
        return ((not sink.modules or not sink.modules.isdisjoint(self.fa.imports))
                and (not sink.types or objects.typed_sink_applies(self, call, sink)))

    def sink_value(self, kind: str, node: cst.CSTNode, what: str, value: Value) -> None:
        """A sink that is not a call of the spec (a session key assigned)."""
        for t in value:
            if t.live_for(kind):
                self.record(Hit(kind, node, what, t))

    def check_sinks(self, e: cst.Call, qn: frozenset[str], method: str | None, recv: Value,
                    args: list[Value]) -> None:
        for sink in self.spec.sinks:
            if sink.types:
                if not (method in self.spec.typed_methods and objects.typed_sink_applies(self, e, sink)):
                    continue
            elif not (qn & sink.names or (method and method in sink.methods and self.uses(sink, e))):
                continue
            vals: list[Value] = []
            pos = 0
            for a, v in zip(e.args, args, strict=True):
                if a.keyword is not None:
                    if a.keyword.value in sink.keywords:
                        vals.append(v)
                elif not a.star:
                    if pos in sink.args:
                        vals.append(v)
                    pos += 1
                elif pos in sink.args or a.star == "*":
                    vals.append(v)
            if sink.receiver:
                vals.append(recv)
            value = join(*vals)
            if not value:
                continue
            check = _CHECKS.get(sink.check)
            if check is not None:
                value = check(self, e, sink, value)
            self.sink_value(sink.kind, e, f"{self.fa.code(e.func, 40)}() ({sink.what})", value)


def _join_states(*states: dict) -> dict:
    if not states:
        return {}
    if len(states) == 1:
        return dict(states[0])
    out: dict = {}
    for s in states:
        for k, v in s.items():
            out[k] = join(out[k], v) if k in out else v
    return out


# ----- sink conditions, by registered name (spec.CHECKS) ----------------------------------------


def _check_subprocess(w: Walker, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    shell = call_arg(call, "shell")
    first = call_arg(call, "args", 0)
    if shell is not None and not _is_false(shell):
        # with a shell, a list's first element is the command line; the others become the shell's
        # own positional parameters ($0, $1...) and are not run
        return tuple(t for t in value if t.shape != "item") if isinstance(first, (cst.List, cst.Tuple)) else value
    if _list_head(w, first) in _SHELLS:
        return value  # ["sh", "-c", cmd], ["sh", "-c"] + [line], cmd = ["sh", "-c"]; cmd.append(line)
    return tuple(t for t in value if t.shape != "item")


def _list_head(w: Walker, node: cst.BaseExpression | None) -> str | None:
    """The literal first item of a list argument (``["sh", "-c"] + rest``; a name bound once)."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _list_head(w, node.left)
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
        return _literal(node.elements[0].value)
    return w.consts.heads.get(node.value) if isinstance(node, cst.Name) else None


def _check_yaml(w: Walker, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    loader = call_arg(call, "Loader", 1)
    if loader is not None and re.search(r"(Safe|Base)Loader$", _dotted(loader) or w.fa.code(loader)):
        return ()
    return value


def _check_path_receiver(w: Walker, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    """``Path(name).read_text()``; an uploaded file's own ``.open()`` is not a path."""
    return tuple(t for t in value if "files" not in t.origin.what.lower() and "upload" not in t.origin.what.lower())


def _check_upload_save(w: Walker, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    """``upload.save(dst)`` of an uploaded file (werkzeug FileStorage); a model field's
    ``save(name, content)`` cleans the name through its storage and is not a sink."""
    if call_arg(call, "dst", 0) is None or not isinstance(call.func, cst.Attribute):
        return ()
    receiver = w.expr(call.func.value)
    return value if any("files" in t.origin.what.lower() for t in receiver) else ()


def _check_html_response(w: Walker, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    ctype = call_arg(call, "content_type") or call_arg(call, "mimetype") or call_arg(call, "media_type")
    if ctype is not None:
        text = _media_type(ctype)
        if text is not None and "html" not in text:
            return ()
    return value


def _media_type(node: cst.BaseExpression) -> str | None:
    """The media type a content type expression fixes: a literal, or the literal text before a
    ``;`` that parameters are filled into (``"text/plain; charset=%s" % cs``, f-strings, ``+``)."""
    text = _literal(node)
    if text is not None:
        return text
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Modulo, cst.Add)):
        head = _literal(node.left)
    elif isinstance(node, cst.FormattedString) and node.parts and isinstance(node.parts[0], cst.FormattedStringText):
        head = node.parts[0].value
    else:
        head = None
    return head.split(";", 1)[0] if head is not None and ";" in head else None


def _check_xml(w: Walker, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    qn = w.fa.qnames(call.func)
    return () if stdlib_safe(w.fa.text, qn, bool(sink.types)) or lxml_hardened(w, call, qn) else value


def _check_logger(w: Walker, call: cst.Call, sink: SinkSpec, value: Value) -> Value:
    func = call.func
    if not isinstance(func, cst.Attribute):
        return ()
    receiver = _dotted(func.value)
    return value if receiver and _LOGGER.search(receiver) else ()


_CHECKS = {
    "subprocess": _check_subprocess,
    "yaml-loader": _check_yaml,
    "path-receiver": _check_path_receiver,
    "upload-save": _check_upload_save,
    "html-response": _check_html_response,
    "xml-parser": _check_xml,
    "logger-receiver": _check_logger,
}

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def analysis_for(ctx: Any) -> FileAnalysis | None:
    """The file's analysis, computed by the first DF rule that asks and shared by the others."""
    if ctx in _CACHE:
        return _CACHE[ctx]
    from scanner.checks.dataflow.spec import load_spec

    wrapper = ctx.cst
    result = None
    if wrapper is not None:
        spec = load_spec(tuple(getattr(ctx.config, "dataflow_specs", ())))
        from scanner.checks.dataflow.imports import session_for

        analysis = FileAnalysis(wrapper, spec, ctx.source.text, ctx.source.path)
        analysis.tree = ctx.ast
        analysis.xmod = session_for(ctx)
        result = analysis.run()
    _CACHE[ctx] = result
    return result
