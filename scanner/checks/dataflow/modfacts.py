"""What the functions of another module can do, from its ``ast`` only (the cross-module prefilter's
facts): for each function, the sink kinds a parameter-derived value may reach, the source labels its
result may carry, whether it cleans or returns a parameter, and the project functions it calls with
such a value (:class:`FuncFacts`, name based and flow-insensitive; :func:`facts_from_ast`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from scanner.checks.dataflow import reach
from scanner.checks.dataflow.spec import Spec, load_spec
from scanner.source import Source


@dataclass(frozen=True)
class Reaches:
    """What calling a function can do, over-approximated (prefilter facts)."""

    kinds: frozenset[str] = frozenset()  # sink kinds a parameter may reach
    labels: frozenset[str] = frozenset()  # source labels the result may carry
    cleans: bool = False  # calls a sanitizer or guard: the summary may differ from "taint passes"
    returns_param: bool = False  # its result may carry an argument's taint
    # module -> (file, sha) resolutions made on the way: what the answer depends on
    deps: tuple[tuple[str, str, str], ...] = ()
    broken: tuple[tuple[str, str], ...] = ()  # (file, why) of modules on the way that do not parse

    @property
    def matters(self) -> bool:
        return bool(self.kinds or self.labels or self.cleans)


@dataclass(frozen=True)
class FuncFacts:
    """One function, name-based and flow-insensitive (an over-approximation of its summary)."""

    sinks: frozenset[str]  # sink kinds of calls that get a value derived from a parameter
    labels: frozenset[str]  # source labels read in it, when it returns a value
    cleans: bool  # calls a sanitizer or a guard
    returns_param: bool  # returns a value derived from a parameter
    arg_calls: frozenset[str]  # dotted names of the calls that get a parameter-derived value
    ret_calls: frozenset[str]  # dotted names of the calls in its return values
    params: tuple[tuple[str, Any], ...] = ()  # (name, Region) of its positional and keyword parameters
    returned_at: Any = None  # Region of a return of a parameter-derived value (for code flows)


@dataclass
class ModFacts:
    """One module's prefilter facts, from its ``ast``."""

    relpath: str
    funcs: dict[str, FuncFacts]  # top-level functions
    methods: dict[str, list[FuncFacts]]  # methods by name (``self.m(...)`` may run any of them)
    # bound name -> (absolute module names, imported name or None for ``import a.b``)
    imports: dict[str, tuple[tuple[str, ...], str | None]]
    error: str = ""
    # top-level class -> the dotted names of its bases and of their bases in this module
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)


@lru_cache(maxsize=8)
def modelled(spec: Spec) -> frozenset[str]:
    return frozenset(n for group in (spec.sources, spec.sinks, spec.sanitizers, spec.guards) for x in group
                     for n in x.names)


def _cleaner_lasts(spec: Spec) -> tuple[frozenset[str], frozenset[str]]:
    """Last name parts of the spec's (sanitizers, guards)."""
    def lasts(group) -> frozenset[str]:
        return frozenset({n.rsplit(".", 1)[-1] for c in group for n in c.names} | {m for c in group for m in c.methods})

    return lasts(spec.sanitizers), lasts(spec.guards)


def imports_of(index: Any, relpath: str, raw: dict[str, tuple[str, int, str | None]]) -> dict:
    return {name: (tuple(index.absolute(relpath, level, module)), imported)
            for name, (module, level, imported) in raw.items()}


def _names(node: ast.AST | None) -> frozenset[str]:
    if node is None:
        return frozenset()
    return frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name))


def _bound(target: ast.AST) -> set[str]:
    """The variables an assignment target (re)binds or mutates: ``x``, ``x.a``, ``x[k]`` -> x."""
    out = set()
    for n in ast.walk(target):
        if isinstance(n, ast.Name):
            out.add(n.id)
    return out


def _flows(fn: ast.FunctionDef | ast.AsyncFunctionDef, values: bool = False) -> list[tuple]:
    """(bound names, names read[, value expression]) of every binding in the function, nested
    code included."""
    out = []
    for n in ast.walk(fn):
        if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            read = _names(n.value) | (_names(n.target) if isinstance(n, ast.AugAssign) else frozenset())
            bound, value = set().union(*(_bound(t) for t in targets)), n.value
        elif isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)):
            bound, read, value = _bound(n.target), _names(n.iter), n.iter
        elif isinstance(n, ast.withitem) and n.optional_vars is not None:
            bound, read, value = _bound(n.optional_vars), _names(n.context_expr), n.context_expr
        else:
            continue
        out.append((bound, read, value) if values else (bound, read))
    return out


_GUARD_OPS = (ast.In, ast.NotIn, ast.Eq, ast.NotEq)


def _is_guard(test: ast.AST, tainted: set[str], guards: frozenset[str]) -> bool:
    """``x in ALLOWED``, ``x == "literal"``, ``is_safe(x)`` on a parameter-derived value (what the
    engine takes for a guard), anywhere in an ``if``/``while``/``assert`` test."""
    for c in ast.walk(test):
        if isinstance(c, ast.Compare) and _names(c.left) & tainted and any(isinstance(op, _GUARD_OPS) for op in c.ops):
            return True
        if isinstance(c, ast.Call) and reach._last(c.func) in guards and _names(c) & tainted:
            return True
    return False


def _decides(node: ast.If) -> bool:
    """An ``if`` whose branches return or raise: a guard there can change what is returned."""
    return any(isinstance(s, (ast.Return, ast.Raise)) for s in (*node.body, *node.orelse))


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.arg]:
    args = fn.args
    return [a for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a is not None]


def _tainted(fn: ast.FunctionDef | ast.AsyncFunctionDef, also: frozenset[str] = frozenset(),
             flows: list | None = None) -> set[str]:
    """The function's variables that may hold a value derived from a parameter (or from ``also``)."""
    tainted = ({a.arg for a in _params(fn)} - {"self", "cls"}) | also
    flows = _flows(fn) if flows is None else flows
    grown = True
    while grown:  # to a fixed point: a few rounds
        grown = False
        for bound, read in flows:
            if read & tainted and not bound <= tainted:
                tainted |= bound
                grown = True
    return tainted


def source_words(sc: reach.Scan) -> frozenset[str]:
    """Last name parts of what the reach check takes for a source (``GET``, ``argv``, ``getenv``)."""
    m = sc.m
    return frozenset(m.request_attrs | m.value_sources.keys() | m.method_sources.keys()
                     | (m.call_sources.keys() - {"get"}) | {"environ"})


def _word(n: ast.AST) -> str | None:
    if isinstance(n, ast.Attribute):
        return n.attr
    if isinstance(n, ast.Name):
        return n.id
    if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) < 64:
        return n.value  # a key: config["api_key"]
    return None


def _sourced(expr: ast.AST, words: frozenset[str], spec: Spec) -> bool:
    """Does the expression name a source (``request.GET``, ``sys.argv``, a secret-named value)?"""
    return any(w is not None and (w in words or spec.is_secret_name(w)) for w in map(_word, ast.walk(expr)))


def tainted_calls(fn: ast.FunctionDef | ast.AsyncFunctionDef, words: frozenset[str], spec: Spec) -> set[str]:
    """Dotted names of the calls in ``fn`` that may get a tainted value: one derived from a
    parameter (``self`` too: its attributes), or from an expression that names a source."""
    flows = _flows(fn, True)
    sourced = frozenset(x for bound, _read, value in flows if value is not None
                        and _sourced(value, words, spec) for x in bound)
    tainted = _tainted(fn, sourced, [f[:2] for f in flows]) | {"self", "cls"}
    calls = [c for c in ast.walk(fn) if isinstance(c, ast.Call)]
    return {reach._dotted(c.func) for c in calls
            if any(_names(a) & tainted or _sourced(a, words, spec) for a in [*c.args, *(k.value for k in c.keywords)])
            } - {""}


class _Uses:
    """What a function does with its parameter-derived values (one walk)."""

    def __init__(self, sc: reach.Scan, tainted: set[str], cleaners: tuple[frozenset[str], frozenset[str]]) -> None:
        self.sc, self.tainted = sc, tainted
        self.sanitizers, self.guards = cleaners
        self.sinks: set[str] = set()
        self.arg_calls: set[str] = set()
        self.ret_calls: set[str] = set()
        self.returns = self.returns_param = self.cleans = False
        self.returned_at: ast.Return | None = None

    def walk(self, fn: ast.AST) -> _Uses:
        for n in ast.walk(fn):
            if isinstance(n, ast.Call):
                self.call(n)
            elif isinstance(n, (ast.Assert, ast.IfExp)) or (isinstance(n, ast.If) and _decides(n)):
                self.cleans = self.cleans or _is_guard(n.test, self.tainted, self.guards)
            elif isinstance(n, (ast.Return, ast.Assign, ast.AnnAssign, ast.AugAssign)) and n.value is not None:
                self.kept(n)
        return self

    def call(self, n: ast.Call) -> None:
        passed = frozenset().union(*(_names(a) for a in n.args), *(_names(k.value) for k in n.keywords))
        receiver = _names(n.func.value) if isinstance(n.func, ast.Attribute) else frozenset()
        if (passed | receiver) & self.tainted:
            self.sinks |= self.sc.sink_kinds(n)
            for entry in self.sc.m.typed_sinks.get(reach._last(n.func), ()):  # session.post(url)
                if reach.typed_applies(self.sc, entry):
                    self.sinks.add(entry[-1])
        dotted = reach._dotted(n.func)
        if dotted and passed & self.tainted:
            self.arg_calls.add(dotted)

    def kept(self, n: ast.Return | ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        value = n.value
        # a sanitized value kept or returned: `return shlex.quote(x)`, `q = int(x)`
        calls = [c for c in ast.walk(value) if isinstance(c, ast.Call)]
        self.cleans = self.cleans or any(reach._last(c.func) in self.sanitizers and _names(c) & self.tainted
                                         for c in calls)
        if isinstance(n, ast.Return):
            self.returns = self.returns or not isinstance(value, ast.Constant)
            if self.returned_at is None and _names(value) & self.tainted:
                self.returns_param, self.returned_at = True, n
            self.ret_calls.update(filter(None, (reach._dotted(c.func) for c in calls)))


def _function_facts(sc: reach.Scan, node: reach.Node, cleaners: tuple[frozenset[str], frozenset[str]],
                    source: Source) -> FuncFacts:
    fn = node.tree
    u = _Uses(sc, _tainted(fn), cleaners).walk(fn)
    labels = frozenset(node.labels | sc.module.labels) if u.returns else frozenset()
    args = fn.args
    params = tuple((a.arg, source.region_from_ast(a)) for a in (*args.posonlyargs, *args.args, *args.kwonlyargs))
    return FuncFacts(frozenset(u.sinks), labels, u.cleans, u.returns_param, frozenset(u.arg_calls),
                     frozenset(u.ret_calls), params,
                     source.region_from_ast(u.returned_at) if u.returned_at is not None else None)


def _dotted(node: ast.AST) -> str:
    """``a.b.C`` of a class's base (empty for anything but names and attributes)."""
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return node.id if isinstance(node, ast.Name) else ""


def closed_bases(direct: dict[str, list[str]], name: str) -> tuple[str, ...]:
    """The bases of class ``name`` and of its bases defined in the same module."""
    out, todo = [], list(direct.get(name, ()))
    while todo:
        base = todo.pop()
        if base not in out:
            out.append(base)
            todo.extend(direct.get(base, ()))
    return tuple(out)


def facts_from_ast(index: Any, relpath: str, tree: ast.Module, source: Source, extra: tuple[str, ...]) -> ModFacts:
    spec = load_spec(extra)
    sc = reach.scan_module(tree, spec, reach.model(extra), source.text, relpath)
    cleaners = _cleaner_lasts(spec)
    funcs: dict[str, FuncFacts] = {}
    methods: dict[str, list[FuncFacts]] = {}
    for n in sc.nodes[1:]:
        if n.outer is not None:
            continue  # a nested function is part of the function it is defined in
        if n.cls:
            ff = _function_facts(sc, n, cleaners, source)
            methods.setdefault(n.name, []).append(ff)
            funcs.setdefault(f"{n.cls}.{n.name}", ff)  # Class.method, called from other modules
        elif n.home is sc.module:
            funcs[n.name] = _function_facts(sc, n, cleaners, source)
    direct = {c.name: [_dotted(b) for b in c.bases] for c in tree.body if isinstance(c, ast.ClassDef)}
    classes = {name: closed_bases(direct, name) for name in direct}
    return ModFacts(relpath, funcs, methods, imports_of(index, relpath, sc.imports), classes=classes)
