"""The sharp prefilter of the DF rules: can a source reach a sink in this file at all?

Takes the file's shared ``ast`` (``ctx.ast``, parsed once per file and shared with the lint family)
and the taint spec; answers, per rule, whether libcst and the taint engine could find anything.
It runs only on files that pass the text prefilter (a source word and a sink mention), and it
over-approximates the engine (:mod:`scanner.checks.dataflow.taint`) so that it never skips a file
the engine would report on:

* Each function, and the module's top level, is a node. A node *has a source* (with its labels)
  when it reads one the way the engine recognises them: a request attribute on a request object
  (a parameter named or annotated as one, ``self.request``, an imported ``flask.request``), a
  route or Django view's parameters, a spec source (``input()``, ``sys.argv``, ``os.getenv()``,
  ``.recv()``...), or, for the secret label, a secret-named key, attribute or parameter. A node
  *has a sink* of a kind when it calls a function or method whose last name part is a sink of that
  kind in the spec (a sink name's module must be the receiver: ``requests.get``, not
  ``self.client.get``), with an argument that is not a literal (or a receiver, for sinks that
  take it), or when it is a Flask view (its return is an XSS sink).
* Taint moves only where the engine carries it: both ways along a call to a function of the module
  by name (as Python scopes resolve it) or through ``self.``/``cls.`` (summaries: arguments in,
  return values out); from a function into the functions nested in it (they read its variables);
  from the top level into every function (module variables).
* A rule wants the file when a source with one of its labels reaches a sink of its kind. Measured
  on Django 5.2.19, see docs/data-flow.md ("Performance").
"""

from __future__ import annotations

import ast
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from scanner.checks.dataflow import templates
from scanner.checks.dataflow.spec import Spec, load_spec
from scanner.checks.dataflow.django_views import (
    HANDLER_CLASS_ATTRS,
    HANDLER_CLASS_METHODS,
    HTTP_METHODS,
    TEST_MODULE,
    VIEW_CLASS_ATTRS,
    django_views,
    is_handler_class,
    is_view_class,
    view_key,
)
from scanner.checks.dataflow.syntax import NOT_ROUTES

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
RENDER_CALLS = frozenset({"render_template", "render", "render_to_string"})


@dataclass(frozen=True)
class Model:
    """What the prefilter reads from the spec, by last name part."""

    request_globals: frozenset[str]  # flask.request -> "request": a request object once imported
    request_roots: frozenset[str]  # flask.request -> "flask"
    request_attrs: frozenset[str]
    value_sources: dict[str, frozenset[str]]  # sys.argv -> "argv": labels
    call_sources: dict[str, tuple[tuple[str, frozenset[str]], ...]]  # "get": (("environ", labels),)
    method_sources: dict[str, frozenset[str]]
    sink_calls: dict[str, frozenset[str]]  # last part of a sink name -> kinds
    # last part -> (the part before it, kind): ``requests.get`` is a sink as ``requests.get(...)``
    # or ``get(...)``, not as ``self.client.get(...)`` (the engine matches qualified names)
    sink_receivers: dict[str, frozenset[tuple[str, str]]]
    sink_methods: dict[str, frozenset[str]]
    # last part -> kinds of the sinks that take the receiver (``path.read_text()``): the others
    # need a non-literal argument to receive taint
    receiver_sinks: dict[str, frozenset[str]]
    # method last part -> ((constructor last part, its module's last part, its package, kind), ...): a
    # sink on objects a constructor returns (``requests.Session().get``), counted only in a file
    # that calls the constructor
    typed_sinks: dict[str, tuple[tuple[str, str, str, str], ...]]


def _add(d: dict, key: str, values) -> None:
    d[key] = d.get(key, frozenset()) | frozenset(values)


@lru_cache(maxsize=8)
def model(extra: tuple[str, ...]) -> Model:
    spec: Spec = load_spec(extra)
    value_sources: dict[str, frozenset[str]] = {}
    call_sources: dict[str, list] = {}
    method_sources: dict[str, frozenset[str]] = {}
    for src in spec.sources:
        for name in src.names:
            parts = name.split(".")
            if src.how == "value":
                _add(value_sources, parts[-1], src.labels)
            elif src.how == "call":
                # os.environ.get: the receiver's last part must be "environ"; os.getenv: any receiver
                recv = parts[-2] if len(parts) > 2 else ""
                call_sources.setdefault(parts[-1], []).append((recv, src.labels))
        for m in src.methods:
            _add(method_sources, m, src.labels)
    sink_calls: dict[str, frozenset[str]] = {}
    sink_receivers: dict[str, frozenset[tuple[str, str]]] = {}
    sink_methods: dict[str, frozenset[str]] = {}
    receiver_sinks: dict[str, frozenset[str]] = {}
    typed: dict[str, set[tuple[str, str, str]]] = {}
    for sink in spec.sinks:
        if sink.types:
            for c in spec.constructors:
                if c.type in sink.types:
                    for name in c.names:
                        parts = name.split(".")
                        for meth in sink.methods:
                            typed.setdefault(meth, set()).add((parts[-1], parts[-2] if len(parts) > 1 else "", parts[0],
                                                               sink.kind))
            continue
        if sink.receiver:
            for last in [*(n.rsplit(".", 1)[-1] for n in sink.names), *sink.methods]:
                _add(receiver_sinks, last, {sink.kind})
        for name in sink.names:
            parts = name.split(".")
            _add(sink_calls, parts[-1], {sink.kind})
            if len(parts) > 1:
                _add(sink_receivers, parts[-1], {(parts[-2], sink.kind)})
        for m in sink.methods:
            _add(sink_methods, m, {sink.kind})
    return Model(frozenset(n.rsplit(".", 1)[-1] for n in spec.request_objects),
                 frozenset(n.split(".", 1)[0] for n in spec.request_objects), spec.request_attributes, value_sources,
                 {k: tuple(v) for k, v in call_sources.items()}, method_sources, sink_calls, sink_receivers,
                 sink_methods, receiver_sinks, {k: tuple(sorted(v)) for k, v in typed.items()})


@dataclass
class Node:
    """A function (or the module's top level) with what it reads and calls."""

    name: str
    labels: set[str] = field(default_factory=set)
    sinks: set[str] = field(default_factory=set)
    calls: set[str] = field(default_factory=set)  # f(...)
    self_calls: set[str] = field(default_factory=set)  # self.f(...), cls.f(...)
    home: Node | None = None  # where the def statement runs: the enclosing function or the top level
    outer: Node | None = None  # the enclosing function of a nested function
    request_params: set[str] = field(default_factory=set)  # its parameters that are request objects
    # what request attributes are read on: a name, "self.request" or "?.request"; resolved at the end
    request_reads: set[str] = field(default_factory=set)
    cls: str = ""  # the class a method belongs to
    method_calls: set[str] = field(default_factory=set)  # x.f(...) on another object
    typed: set[tuple[str, str, str, str]] = field(default_factory=set)  # candidate typed sinks
    me: str = ""  # a method's instance parameter
    attr_writes: set[str] = field(default_factory=set)  # self.x = ...
    attr_reads: set[str] = field(default_factory=set)  # ... self.x ...
    # for flows across modules (scanner.checks.dataflow.imports): the dotted names of its calls
    # (``find_user``, ``db.find_user``) and its ast.FunctionDef
    dotted: set[str] = field(default_factory=set)
    tree: Any = None


def _last(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def _str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class Scan(ast.NodeVisitor):
    """One walk over the module: the nodes and their facts."""

    def __init__(self, spec: Spec, m: Model, text: str, path: str) -> None:
        self.spec, self.m = spec, m
        self.uses_flask = "flask" in text
        self.uses_django = "django" in text
        self.uses_handlers = "Handler" in text  # ...RequestHandler, or a project's own ...Handler base
        self.test_module = bool(TEST_MODULE.search(path.replace("\\", "/")))  # no entry points (the engine's rule)
        self.views: dict = {}  # Django views: (name, parameters) -> URL parameters
        self.module = Node("<module>")
        self.nodes: list[Node] = [self.module]
        self.cur = self.module
        self.aliases: dict[str, str] = {}  # import asname -> the imported name's last part
        self.roots: set[str] = set()  # top-level packages imported
        # bound name -> (module, relative level, imported name or None for a module)
        self.imports: dict[str, tuple[str, int, str | None]] = {}
        self.cls = ""  # the class whose body is being visited
        self.classes: dict[str, list[str]] = {}  # class -> the names of its bases
        self.class_bases: dict[str, list[str]] = {}  # class -> its bases' dotted names
        # (node, class): a read that is a source if the class is a request handler through a base
        # of another module (asked of it in analyse())
        self.handler_reads: list[tuple[Node, str]] = []
        self.calls: set[tuple[str, str]] = set()  # (last part, receiver last part) of every call
        self.keyed: list[Node] = []  # nodes that read the environment by a variable key
        self.request_holders: set[str] = set()  # self.x = request (a method's request parameter)
        self.renders: list[tuple[Node, str]] = []  # render_template("page.html", ...): (node, template)
        self.wrappers: list[tuple[Node, str]] = []  # Params(request): (node, the class's dotted name)
        # (class, __init__ parameter) -> the attributes it is stored in; (class, parameter or position)
        # that a call of the class passes a request to (Wrapper(request), Wrapper(r=self.request))
        self.param_holders: dict[tuple[str, str], set[str]] = {}
        self.built_with_request: set[tuple[str, str | int]] = set()
        self.init_params: dict[str, list[str]] = {}  # class -> its __init__'s parameters after self
        self.session_writes: set[int] = set()  # ids of the nodes that write a session key

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Subscript) and _last(t.value) == "session" for t in node.targets):
            self.cur.sinks.add("session")  # session["k"] = v, request.session["k"] = v (DF017)
        if isinstance(node.value, ast.Name) and self.cur.me:
            held = {t.attr for t in node.targets if isinstance(t, ast.Attribute)
                    and isinstance(t.value, ast.Name) and t.value.id == self.cur.me}
            if node.value.id in self.cur.request_params:
                self.request_holders |= held
            elif held and self.cur.name == "__init__":  # self.r = r: a request when built with one
                self.param_holders.setdefault((self.cur.cls, node.value.id), set()).update(held)
        self.generic_visit(node)

    # ----- functions ---------------------------------------------------------------------------

    def visit_FunctionDef(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for d in fn.decorator_list:
            self.visit(d)
        for default in [*fn.args.defaults, *fn.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        node = Node(fn.name, home=self.cur, outer=self.cur if self.cur is not self.module else None, cls=self.cls)
        positional = [*fn.args.posonlyargs, *fn.args.args]
        if self.cls and positional:
            node.me = positional[0].arg
        node.tree = fn
        if self.cls and fn.name == "__init__":
            self.init_params[self.cls] = [p.arg for p in positional[1:]]
        self.nodes.append(node)
        self._params(fn, node)
        outer, self.cur, cls = self.cur, node, self.cls
        self.cls = ""
        for stmt in fn.body:
            self.visit(stmt)
        self.cur, self.cls = outer, cls

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes[node.name] = [_last(b) for b in node.bases]
        self.class_bases[node.name] = [_dotted(b) for b in node.bases]
        cls, self.cls = self.cls, node.name
        self.generic_visit(node)
        self.cls = cls

    def _in_view_class(self, cls: str, kind=is_view_class) -> bool:
        """cls or one of its bases in this module is a class-based view (``kind``: or a request
        handler; over-approximates the engine, which follows the same in-module bases)."""
        todo, seen = [cls], set()
        while todo:
            c = todo.pop()
            if c in seen or c not in self.classes:
                continue
            seen.add(c)
            if kind(self.classes[c]):
                return True
            todo.extend(self.classes[c])
        return False

    def _params(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, node: Node) -> None:
        spec = self.spec
        params = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
        names = [p.arg for p in params]
        route = any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                    and d.func.attr in spec.route_decorators
                    and _dotted(d.func.value).split(".", 1)[0] not in NOT_ROUTES for d in fn.decorator_list)
        if route and self.uses_flask:
            node.sinks.add("xss")  # a Flask view's returned body
        url_params = self.views.get(view_key(fn.name, names), frozenset())
        if self.cls and fn.name in HTTP_METHODS and self.uses_handlers and len(names) > 1:
            if self._in_view_class(self.cls, is_handler_class):
                url_params = frozenset(names[1:])  # Tornado: def get(self, slug)
            else:
                self.handler_reads.append((node, self.cls))
        positional = [p.arg for p in [*fn.args.posonlyargs, *fn.args.args]]
        if self.cls and positional and not any(_last(d) == "staticmethod" for d in fn.decorator_list):
            positional = positional[1:]
        if not self.test_module and not fn.args.kwonlyargs and spec.entry_point(positional) is not None:
            node.labels.add("user")  # def handler(event, context): an entry point's input
        for i, p in enumerate(params):
            ann = _dotted(p.annotation) if p.annotation is not None else ""
            ann_last = ann.rsplit(".", 1)[-1]
            if p.arg in spec.request_params or (ann and ann_last in spec.request_annotations):
                node.request_params.add(p.arg)
                continue
            if p.arg in ("self", "cls") and i == 0:
                continue
            if route or p.arg in url_params:
                node.labels.add("user")  # a URL/query parameter (unless typed or injected: still a candidate)
            elif spec.is_secret_name(p.arg) and ann_last not in ("bool", "int"):
                node.labels.add("secret")

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.generic_visit(node)  # part of the enclosing function, as in the engine

    # ----- imports -----------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for a in node.names:
            self.roots.add(a.name.split(".", 1)[0])
            if a.asname:
                self.aliases[a.asname] = a.name.rsplit(".", 1)[-1]
            bound = a.asname or a.name.split(".", 1)[0]
            self.imports[bound] = (a.name if a.asname else bound, 0, None)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self.roots.add(node.module.split(".", 1)[0])
        for a in node.names:
            if a.asname:
                self.aliases[a.asname] = a.name
            if a.name != "*":
                self.imports[a.asname or a.name] = (node.module or "", node.level, a.name)

    # ----- expressions -------------------------------------------------------------------------

    def visit_Name(self, node: ast.Name) -> None:
        labels = self.m.value_sources.get(node.id)
        if labels:
            self.cur.labels |= labels

    def visit_Attribute(self, node: ast.Attribute) -> None:
        attr, cur = node.attr, self.cur
        if attr in self.m.request_attrs:
            base = node.value
            if isinstance(base, ast.Name):
                cur.request_reads.add(base.id)
            elif isinstance(base, ast.Attribute) and base.attr in self.m.request_globals:
                self_ = isinstance(base.value, ast.Name) and base.value.id == "self"
                cur.request_reads.add("self.request" if self_ else "?.request")
            elif isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name) and base.value.id == cur.me:
                cur.request_reads.add("self." + base.attr)  # a request kept by a wrapper: self.req.args
        labels = self.m.value_sources.get(attr)
        if labels:
            cur.labels |= labels
        if isinstance(node.value, ast.Name):  # self.x read; self.x = / job.x = (any object) written
            if isinstance(node.ctx, ast.Store):
                cur.attr_writes.add(attr)
            elif node.value.id == cur.me:
                cur.attr_reads.add(attr)
                if attr in VIEW_CLASS_ATTRS and self.uses_django and self._in_view_class(cur.cls, is_view_class):
                    cur.labels.add("user")  # self.kwargs of a class-based view: URL parameters
                if (attr in HANDLER_CLASS_ATTRS or attr in HANDLER_CLASS_METHODS) and self.uses_handlers:
                    if self._in_view_class(cur.cls, is_handler_class):
                        cur.labels.add("user")  # self.path of a request handler: what the client sent
                    else:
                        self.handler_reads.append((cur, cur.cls))
        if attr.isupper() and self.spec.is_secret_name(attr):
            cur.labels.add("secret")
        self.visit(node.value)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        key = _str(node.slice)
        if key is not None and self.spec.is_secret_name(key):
            self.cur.labels.add("secret")
        elif isinstance(node.slice, ast.Name) and _last(node.value) in self.m.value_sources:
            self.keyed.append(self.cur)  # os.environ[name]
        self.generic_visit(node)

    def sink_kinds(self, node: ast.Call) -> frozenset[str]:
        """The sink kinds a call may be (by last name part; a module function only on its module)."""
        m, func = self.m, node.func
        if isinstance(func, ast.Attribute):
            last = func.attr
            recv = _last(func.value)
            recv = self.aliases.get(recv, recv) if isinstance(func.value, ast.Name) else recv
            kinds = m.sink_methods.get(last, frozenset()).union(
                k for want_recv, k in m.sink_receivers.get(last, ()) if want_recv == recv)
        elif isinstance(func, ast.Name):
            last = func.id
            kinds = m.sink_calls.get(last, frozenset()) | m.sink_calls.get(self.aliases.get(last, ""), frozenset())
        else:
            return frozenset()
        if kinds and all(isinstance(a, ast.Constant) for a in node.args) and all(
                isinstance(k.value, ast.Constant) for k in node.keywords):
            # only literal arguments: only the receiver can carry taint
            return kinds & m.receiver_sinks.get(last, frozenset()) if isinstance(func, ast.Attribute) else frozenset()
        return kinds

    def visit_Call(self, node: ast.Call) -> None:
        m, cur, func = self.m, self.cur, node.func
        first = _str(node.args[0]) if node.args else None
        kinds = self.sink_kinds(node)
        dotted = _dotted(func)
        if dotted:
            cur.dotted.add(dotted)
        if isinstance(func, ast.Attribute):
            last = func.attr
            recv = _last(func.value)
            recv = self.aliases.get(recv, recv) if isinstance(func.value, ast.Name) else recv
            labels = m.method_sources.get(last)
            if labels:
                cur.labels |= labels
            if isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
                cur.self_calls.add(last)
            else:
                cur.method_calls.add(last)
            for entry in m.typed_sinks.get(last, ()):
                cur.typed.add(entry)
            if last == "get" and first is not None and self.spec.is_secret_name(first):
                cur.labels.add("secret")
        elif isinstance(func, ast.Name):
            last, recv = func.id, None
            cur.calls.add(last)
        else:
            last, recv = "", None
        self.calls.add((self.aliases.get(last, last) if recv is None else last, recv or ""))
        if last[:1].isupper() and dotted and dotted.split(".", 1)[0] in self.imports and any(
                isinstance(a, ast.Name) and (a.id in cur.request_params or a.id in m.request_globals) for a in node.args):
            # an imported class built with the request: an application's own wrapper of it when one of
            # its methods reads the request (asked of the other module in analyse())
            self.wrappers.append((cur, dotted))
        if isinstance(func, ast.Name) and last[:1].isupper():
            for i, a in enumerate(node.args):
                if _a_request(a, cur, m):
                    self.built_with_request.add((last, i))
            for k in node.keywords:
                if k.arg and _a_request(k.value, cur, m):
                    self.built_with_request.add((last, k.arg))
        if kinds:
            cur.sinks |= kinds
        if last in ("update", "setdefault") and recv == "session":
            cur.sinks.add("session")
        if last in RENDER_CALLS:
            name = next((_str(a) for a in node.args[:2] if _str(a) is not None), None)
            if name is not None:
                self.renders.append((cur, name))
        for want_recv, labels in m.call_sources.get(last, ()):
            if not want_recv or recv == want_recv:
                cur.labels |= labels
                if first is not None and self.spec.is_secret_name(first):
                    cur.labels.add("secret")
                elif node.args and isinstance(node.args[0], ast.Name):
                    self.keyed.append(cur)  # os.getenv(name)
        self.generic_visit(node)


def _a_request(a: ast.AST, cur: Node, m: Model) -> bool:
    """A request object passed to a constructor: a parameter, an imported global, ``self.request``."""
    if isinstance(a, ast.Name):
        return a.id in cur.request_params or a.id in m.request_globals
    return isinstance(a, ast.Attribute) and a.attr == "request" and isinstance(a.value, ast.Name) and a.value.id == "self"


def _wrapped_requests(scan: Scan) -> None:
    """``Wrapper(request)`` with ``def __init__(self, r): self.r = r``: ``self.r`` holds a request
    (objects.request_attrs in the engine; over-approximated by attribute name)."""
    for cls, where in scan.built_with_request:
        params = scan.init_params.get(cls, [])
        name = where if isinstance(where, str) else params[where] if where < len(params) else None
        scan.request_holders |= scan.param_holders.get((cls, name), set()) if name else set()


@dataclass
class Reach:
    """For each source label, the sink kinds its taint can reach somewhere in the file."""

    kinds: dict[str, frozenset[str]]

    def wants(self, labels: frozenset[str], kind: str) -> bool:
        return any(kind in self.kinds.get(label, ()) for label in labels)


def typed_applies(scan: Scan, entry: tuple[str, str, str, str]) -> bool:
    """A typed sink (constructor, its module, its package, kind) counts where the file calls the
    constructor."""
    ctor, mod, root, _kind = entry
    return (ctor, mod) in scan.calls or ((ctor, "") in scan.calls and root in scan.roots)


def _object_edges(scan: Scan, nodes: list[Node], by_name: dict[str, list[int]], edges: list[set[int]]) -> None:
    """Where objects carry taint (objects.py in the engine): from a function that writes ``self.x``
    (or ``obj.x``) to every method (of any class here) that reads ``self.x``; from ``C(...)`` into the
    ``__init__`` of C or of its bases; both ways between ``x.m(...)`` and the methods named m of
    the module's classes. A typed sink (``session.get``) counts where the file calls one of its
    type's constructors."""
    hubs: dict[str, int] = {}  # attribute name -> a node standing for it
    for i, n in enumerate(list(nodes)):
        for entry in n.typed:
            if typed_applies(scan, entry):
                n.sinks.add(entry[-1])
        for attr in n.attr_writes | n.attr_reads:
            if attr not in hubs:
                hubs[attr] = len(nodes)
                nodes.append(Node(f"<self.{attr}>"))
                edges.append(set())
            if attr in n.attr_writes:
                edges[i].add(hubs[attr])
            if attr in n.attr_reads:
                edges[hubs[attr]].add(i)
    inits: dict[str, list[int]] = {}
    for j in by_name.get("__init__", ()):
        inits.setdefault(nodes[j].cls, []).append(j)
    for i, n in enumerate(nodes):
        for name in n.calls & scan.classes.keys():
            todo, seen = [name], set()
            while todo:
                c = todo.pop()
                if c in seen:
                    continue
                seen.add(c)
                edges[i].update(inits.get(c, ()))
                todo.extend(b for b in scan.classes.get(c, ()) if b in scan.classes)
        for name in n.method_calls:
            for j in by_name.get(name, ()):
                if nodes[j].cls:
                    edges[i].add(j)
                    edges[j].add(i)


def _label_keyed(scan: Scan, tree: ast.Module, spec: Spec) -> None:
    """``for name in ("API_TOKEN", ...): os.getenv(name)`` reads a secret (names.py in the engine):
    environment reads by a variable key count as secret when a string of the file is secret-named."""
    if scan.keyed and any(isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 80
                          and spec.is_secret_name(node.value) for node in ast.walk(tree)):
        for n in scan.keyed:
            n.labels.add("secret")


def scan_module(tree: ast.Module, spec: Spec, m: Model, text: str, path: str) -> Scan:
    """The module's nodes with their facts (request reads resolved into the ``user`` label)."""
    scan = Scan(spec, m, text, path)
    if scan.uses_django:
        scan.views = django_views(tree, text, path, spec.request_params, spec.request_annotations)
    scan.visit(tree)
    _label_keyed(scan, tree, spec)
    _wrapped_requests(scan)
    # A request object, as the engine sees one: a parameter of the function that reads it,
    # ``self.request``, or an imported global (flask.request).
    imported = scan.roots & m.request_roots
    for n in scan.nodes:
        reads = n.request_reads
        if reads and (reads & n.request_params or "self.request" in reads
                      or any(r[5:] in scan.request_holders for r in reads if r.startswith("self."))
                      or (imported and (reads & m.request_globals or "?.request" in reads))):
            n.labels.add("user")
    return scan


def analyse(tree: ast.Module, spec: Spec, m: Model, text: str, path: str, external: Any = None) -> Reach:
    """``external`` (:class:`scanner.checks.dataflow.imports.Session`) knows other modules:
    ``external.sinks(scan, nodes)`` adds to those nodes the sinks their calls of other modules'
    functions may reach (asked only for the nodes a source reaches)."""
    scan = scan_module(tree, spec, m, text, path)
    nodes = scan.nodes
    if external is not None:
        for node, dotted in scan.wrappers:
            if external.wraps_request(scan, dotted):
                node.labels.add("user")
        handlers: dict[str, bool] = {}
        for node, cls in scan.handler_reads:
            if cls not in handlers:
                handlers[cls] = external.handler_class(scan, cls)
            if handlers[cls]:
                node.labels.add("user")
    if not any(n.labels for n in nodes):
        return Reach({})
    # Where taint can go from each node: into and back from the functions it calls (both ways:
    # arguments and return values), and into the functions nested in it (they read its variables).
    # The top level reaches every function (module variables); it is node 0.
    index = {id(n): i for i, n in enumerate(nodes)}
    by_name: dict[str, list[int]] = {}
    for i, n in enumerate(nodes[1:], 1):
        by_name.setdefault(n.name, []).append(i)
    edges: list[set[int]] = [set() for _ in nodes]
    for i, n in enumerate(nodes):
        if n.outer is not None:
            edges[index[id(n.outer)]].add(i)
        # f(...) reaches a function defined here, in an enclosing function or at the top level (a
        # class body counts as where the class statement runs); self.m(...) any function named m
        visible = {id(scan.module)}
        o: Node | None = n
        while o is not None:
            visible.add(id(o))
            o = o.outer
        for name in n.calls:
            for j in by_name.get(name, ()):
                if id(nodes[j].home) in visible:
                    edges[i].add(j)
                    edges[j].add(i)
        for name in n.self_calls:
            for j in by_name.get(name, ()):
                edges[i].add(j)
                edges[j].add(i)
    _object_edges(scan, nodes, by_name, edges)
    root = getattr(getattr(external, "index", None), "root", None)
    for node, name in scan.renders if root else ():
        found = templates.unsafe_names(root, path, name)
        if found and found[0]:
            node.sinks.add("xss")  # the template prints a context variable unescaped
    seen_by: dict[str, set[int]] = {}
    for label in set().union(*(n.labels for n in nodes)):
        todo = [i for i, n in enumerate(nodes) if label in n.labels]
        seen = seen_by[label] = set(todo)
        while todo:
            i = todo.pop()
            for j in edges[i]:
                if j not in seen:
                    seen.add(j)
                    todo.append(j)
    anywhere = frozenset().union(*(n.sinks for n in nodes))
    kinds = {label: anywhere if 0 in seen else frozenset().union(*(nodes[i].sinks for i in seen))
             for label, seen in seen_by.items()}
    if external is not None:
        # Sinks in other modules, through the calls of the nodes a source reaches (all nodes for a
        # source read at the top level: module variables reach every function). A node reached
        # only because the top level calls it does not open every function here: that would ask
        # about every import of most files for a value that rarely goes back into a global.
        wide = {label for label, seen in seen_by.items() if label in nodes[0].labels}
        reached = set().union(*(seen_by[label] for label in seen_by if label not in wide))
        ask = nodes if wide else [nodes[i] for i in sorted(reached)]
        before = {id(n): frozenset(n.sinks) for n in ask}
        external.sinks(scan, ask)
        for label, seen in seen_by.items():
            extra = ask if label in wide else [nodes[i] for i in seen]
            kinds[label] = kinds[label].union(*(n.sinks - before.get(id(n), frozenset()) for n in extra))
    return Reach(kinds)


_CACHE: weakref.WeakKeyDictionary[Any, Reach | None] = weakref.WeakKeyDictionary()


def reach_for(ctx: Any) -> Reach | None:
    """The file's reach facts (computed once per file), or None when ``ast`` cannot parse it."""
    if ctx in _CACHE:
        return _CACHE[ctx]
    tree = ctx.ast
    result = None
    if tree is not None:
        extra = tuple(getattr(ctx.config, "dataflow_specs", ()))
        from scanner.checks.dataflow.imports import session_for

        try:
            result = analyse(tree, load_spec(extra), model(extra), ctx.source.text, ctx.source.path,
                             session_for(ctx))
        except RecursionError:
            result = None
    _CACHE[ctx] = result
    return result
