"""Data flows across the modules of the scanned project: imported functions' summaries.

Takes the file's context (its :class:`~scanner.project.ProjectIndex` says which modules are
scanned files) and gives the two DF stages what they need about the functions a file imports:

* Prefilter (:meth:`Session.sinks`, on ``ast``): for each call of an
  imported function, an over-approximation of what the callee can do (:class:`FuncFacts`, name
  based and flow-insensitive): the sink kinds a parameter-derived value may reach (in the callee,
  in the functions of its module it passes such a value to, and in the project functions *they*
  import, followed to any depth: a graph search over (module, function), so import cycles end),
  the source labels its result may carry, whether it sanitizes or guards a parameter, and whether
  it returns one. The caller's reach check then treats the call like a local sink,
  so a file whose only sink is in another module still reaches libcst, and a file that needs
  nothing still does not. Callees are only parsed with ``ast`` here (memoized per process).
* Engine (:meth:`Session.call`, on libcst): when the caller's analysis reaches such a call with a
  tainted argument (or the callee may return a source, or clean its input), the callee's module is
  parsed with libcst (memoized per process), analysed on demand (only the summaries that are asked
  for, callees of callees resolved the same way; a function still being analysed is a cut, as in
  one module) and its summary applied: a sink in the callee is reported *at the sink* in the
  callee's file, with a code flow whose steps carry their own files; a callee that returns
  ``shlex.quote(x)`` cleans.

What a file's result depended on is recorded in ``ctx.depends`` (module name -> file and SHA-256, or
nothing when the module did not resolve) so the result cache can tell when another file's edit
changes this file's findings. Analyses of other modules are built per analysed file (only their
parse is shared), so a result never depends on which file a worker process saw first.
"""

from __future__ import annotations

import ast
import re
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import libcst as cst

from scanner.checks.dataflow import reach, syntax
from scanner.checks.dataflow.cstwalk import blocks
from scanner.checks.dataflow.flow import join
from scanner.checks.dataflow.spec import Spec, load_spec
from scanner.model import Location, Notification
from scanner.source import Source

MAX_REEXPORT = 4  # ``from .db import f`` in an ``__init__.py``, followed this many times
PARSED_KEEP = 32  # libcst trees of other modules kept per process


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


@lru_cache(maxsize=8)
def _modelled(spec: Spec) -> frozenset[str]:
    return frozenset(n for group in (spec.sources, spec.sinks, spec.sanitizers, spec.guards) for x in group
                     for n in x.names)


def _cleaner_lasts(spec: Spec) -> tuple[frozenset[str], frozenset[str]]:
    """Last name parts of the spec's (sanitizers, guards)."""
    def lasts(group) -> frozenset[str]:
        return frozenset({n.rsplit(".", 1)[-1] for c in group for n in c.names} | {m for c in group for m in c.methods})

    return lasts(spec.sanitizers), lasts(spec.guards)


def _imports_of(index: Any, relpath: str, raw: dict[str, tuple[str, int, str | None]]) -> dict:
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


def _source_words(sc: reach.Scan) -> frozenset[str]:
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


def _tainted_calls(fn: ast.FunctionDef | ast.AsyncFunctionDef, words: frozenset[str], spec: Spec) -> set[str]:
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
    return ModFacts(relpath, funcs, methods, _imports_of(index, relpath, sc.imports))


class Memo:
    """Per process and per scan (one per ProjectIndex): module facts, call reaches, parsed modules."""

    def __init__(self) -> None:
        self.facts: dict[str, ModFacts] = {}
        self.reaches: dict[tuple[str, str], Reaches] = {}
        self.parsed: OrderedDict[str, tuple[Source, Any, ast.Module] | str] = OrderedDict()


_MEMOS: weakref.WeakKeyDictionary[Any, Memo] = weakref.WeakKeyDictionary()


def _memo(index: Any) -> Memo:
    m = _MEMOS.get(index)
    if m is None:
        m = _MEMOS[index] = Memo()
    return m


class Resolver:
    """Module names -> files and their facts, recording every resolution in ``deps``."""

    def __init__(self, index: Any, extra: tuple[str, ...], deps: dict[str, tuple[str, str]],
                 broken: dict[str, str]) -> None:
        self.index = index
        self.extra = extra
        self.memo = _memo(index)
        self.modelled = _modelled(load_spec(extra))
        self.deps = deps
        self.broken = broken  # file -> why, for the modules a call led into that do not parse

    def module(self, name: str) -> str | None:
        rel = self.index.resolve(name)
        self.deps[name] = (rel or "", self.index.sha(rel) if rel else "")
        return rel

    def facts(self, relpath: str) -> ModFacts:
        got = self.memo.facts.get(relpath)
        if got is None:
            got = self._facts(relpath)
            self.memo.facts[relpath] = got
        return got

    def _facts(self, relpath: str) -> ModFacts:
        from scanner import parsing

        data = self.index.read(relpath)
        if data is None:
            return ModFacts(relpath, {}, {}, {}, "cannot be read")
        source = Source.from_bytes(relpath, data)
        try:
            tree = parsing.parse_ast(source)
            return facts_from_ast(self.index, relpath, tree, source, self.extra)
        except parsing.ParseError as exc:
            return ModFacts(relpath, {}, {}, {}, exc.message)
        except RecursionError:
            return ModFacts(relpath, {}, {}, {}, "nested too deeply")

    def targets(self, imports: dict, dotted: str) -> list[tuple[str, str]]:
        """(module, function) pairs a call named ``dotted`` may run, by the calling module's imports."""
        root, _, rest = dotted.partition(".")
        imp = imports.get(root)
        if imp is None:
            return []
        modules, name = imp
        rest_parts = rest.split(".") if rest else []
        out = []
        for mod in modules:
            if name is None:  # import a.b [as m]: m.f(), a.b.f()
                parts = [*mod.split("."), *rest_parts]
                if len(parts) > 1 and rest_parts:
                    out.append((".".join(parts[:-1]), parts[-1]))
                if len(parts) > 2 and len(rest_parts) >= 2:  # m.Class.method()
                    out.append((".".join(parts[:-2]), ".".join(parts[-2:])))
            elif not rest_parts:  # from m import f: f()
                out.append((mod, name))
            elif len(rest_parts) == 1:  # from pkg import mod: mod.f(); from m import Class: Class.method()
                out.append((f"{mod}.{name}" if mod else name, rest_parts[0]))
                out.append((mod, f"{name}.{rest_parts[0]}"))
            elif len(rest_parts) == 2:  # from pkg import mod: mod.Class.method()
                out.append((f"{mod}.{name}" if mod else name, ".".join(rest_parts)))
        return out

    def locate(self, module: str, name: str, depth: int = 0) -> tuple[str, str] | None:
        """The (file, top-level function) that ``module.name`` is, following re-exports."""
        rel = self.module(module)
        if rel is None:
            return None
        facts = self.facts(rel)
        if facts.error:
            self.broken[rel] = facts.error
        if name in facts.funcs:
            return rel, name
        if depth < MAX_REEXPORT and name.split(".", 1)[0] in facts.imports:
            for mod, inner in self.targets(facts.imports, name):
                got = self.locate(mod, inner, depth + 1)
                if got is not None:
                    return got
        return None

    def resolve_call(self, imports: dict, dotted: str) -> tuple[str, str] | None:
        for module, name in self.targets(imports, dotted):
            if f"{module}.{name}" in self.modelled:
                return None  # a source, sink, sanitizer or guard of the spec: the engine never looks inside
            got = self.locate(module, name)
            if got is not None:
                return got
        return None

    def _callees(self, rel: str, facts: ModFacts, calls: frozenset[str]) -> list[tuple[str, str, bool]]:
        """(file, name, is a method) of the functions that calls named ``calls`` in ``rel`` may run."""
        out = []
        for dotted in sorted(calls):
            root, _, rest = dotted.partition(".")
            if root in ("self", "cls") and rest and "." not in rest:
                if rest in facts.methods:
                    out.append((rel, rest, True))
            elif not rest and dotted in facts.funcs and dotted not in facts.imports:
                out.append((rel, dotted, False))
            elif root in facts.imports:
                target = self.resolve_call(facts.imports, dotted)
                if target is not None:
                    out.append((*target, False))
        return out

    def _search(self, start: tuple[str, str, bool], attr: str) -> list[FuncFacts]:
        """The functions ``start`` may run, following the calls its facts list under ``attr``."""
        todo, seen, out = [start], {start}, []
        while todo:
            rel, name, method = todo.pop()
            facts = self.facts(rel)
            for ff in facts.methods.get(name, []) if method else [facts.funcs[name]]:
                out.append(ff)
                for key in self._callees(rel, facts, getattr(ff, attr)):
                    if key not in seen:
                        seen.add(key)
                        todo.append(key)
        return out

    def reaches(self, rel: str, name: str) -> Reaches:
        """What calling ``name`` of ``rel`` may do, across modules (graph searches, so cycles end)."""
        key = (rel, name)
        got = self.memo.reaches.get(key)
        if got is None:
            deps: dict[str, tuple[str, str]] = {}
            broken: dict[str, str] = {}
            inner = Resolver(self.index, self.extra, deps, broken)
            passed = inner._search((rel, name, False), "arg_calls")  # where a parameter's value goes
            returned = inner._search((rel, name, False), "ret_calls")  # where the result comes from
            got = Reaches(frozenset().union(*(f.sinks for f in passed)),
                          frozenset().union(*(f.labels for f in returned)),
                          any(f.cleans for f in passed), passed[0].returns_param,
                          tuple(sorted((m, r, s) for m, (r, s) in deps.items())), tuple(sorted(broken.items())))
            self.memo.reaches[key] = got
        self.deps.update({m: (r, s) for m, r, s in got.deps})
        self.broken.update(got.broken)
        return got


# ----- per analysed file -----------------------------------------------------------------------


class Foreign:
    """A node of another module's tree inside a taint path: knows its file and position."""

    __slots__ = ("mod", "node")

    def __init__(self, mod: Module, node: cst.CSTNode) -> None:
        self.mod, self.node = mod, node

    def location(self, message: str) -> Location:
        return Location(self.mod.source.path, self.mod.region(self.node), message)


class Pinned(Foreign):
    """A place in another module known from its ``ast`` only (a step through a function whose
    module is not parsed with libcst)."""

    __slots__ = ("check", "path", "region")

    def __init__(self, path: str, region: Any, check: tuple[str, str, str] | None = None) -> None:
        self.path, self.region = path, region  # no libcst node, so not Foreign.__init__
        self.check = check  # (file, function, parameter) whose summary may clean the value

    def location(self, message: str) -> Location:
        return Location(self.path, self.region, message)


@dataclass
class Module:
    """Another module of the project, analysed for one file's session."""

    source: Source
    wrapper: Any
    analysis: Any
    top: dict[str, cst.FunctionDef]
    wrapped: dict[int, Foreign] = field(default_factory=dict)
    positions: Any = None
    secrets: list[str] | None = None

    def wrap(self, node: Any) -> Any:
        if isinstance(node, Foreign):
            return node
        got = self.wrapped.get(id(node))
        if got is None:
            got = self.wrapped[id(node)] = Foreign(self, node)
        return got

    def region(self, node: cst.CSTNode):
        if self.positions is None:
            from libcst.metadata import PositionProvider

            self.positions = self.wrapper.resolve(PositionProvider)
        return self.source.region_from_cst(self.positions[node])


def _top_functions(body: Any, out: dict[str, cst.FunctionDef]) -> dict[str, cst.FunctionDef]:
    for stmt in body:
        if isinstance(stmt, cst.FunctionDef):
            out[stmt.name.value] = stmt
        elif isinstance(stmt, cst.ClassDef) and isinstance(stmt.body, cst.IndentedBlock):
            for item in stmt.body.body:  # Class.method
                if isinstance(item, cst.FunctionDef):
                    out.setdefault(f"{stmt.name.value}.{item.name.value}", item)
        elif isinstance(stmt, (cst.If, cst.Try)):
            for block in blocks(stmt):
                _top_functions(block, out)
    return out


class Session:
    """One analysed file's view of the project: its resolutions and the modules it loaded."""

    def __init__(self, ctx: Any) -> None:
        # A weak reference: the session is the value of a WeakKeyDictionary keyed by ctx, and a
        # strong one would keep every scanned file's context (and its trees) alive for the scan.
        self._ctx = weakref.ref(ctx)
        self.index = ctx.project
        self.extra = tuple(getattr(ctx.config, "dataflow_specs", ()))
        self.broken: dict[str, str] = {}
        self.resolver = Resolver(self.index, self.extra, ctx.depends, self.broken)
        self.modules: dict[str, Module | None] = {}
        self.reported: set[str] = set()
        self._own_imports: dict | None = None

    @property
    def ctx(self) -> Any:
        return self._ctx()

    # --- prefilter

    def own_imports(self) -> dict:
        if self._own_imports is None:  # the reach check did not run (it records them when it does)
            tree = self.ctx.ast
            self._own_imports = {}
            if tree is not None:
                spec = load_spec(self.extra)
                sc = reach.scan_module(tree, spec, reach.model(self.extra), self.ctx.source.text, self.ctx.source.path)
                self._own_imports = _imports_of(self.index, self.ctx.source.path, sc.imports)
        return self._own_imports

    def sinks(self, sc: reach.Scan, nodes: list[reach.Node]) -> None:
        """Adds to these nodes of the file's reach graph the sinks their imported calls may reach."""
        try:
            self._sinks(sc, nodes)
        except RecursionError:
            raise
        except Exception as exc:  # a bug here must not cost the file its own findings
            self.note(self.ctx.source.path, f"internal error ({type(exc).__name__})")

    def wraps_request(self, sc: reach.Scan, dotted: str) -> bool:
        """``dotted`` names a class of another scanned module one of whose methods returns request
        data (``Params(request)`` with ``def get_param(self, n): return self.req.args.get(n)``)."""
        try:
            imports = _imports_of(self.index, self.ctx.source.path, sc.imports)
            for module, name in self.resolver.targets(imports, dotted):
                rel = self.resolver.module(module)
                if rel is not None and any(key.startswith(name + ".") and "user" in ff.labels
                                           for key, ff in self.resolver.facts(rel).funcs.items()):
                    return True
        except RecursionError:
            raise
        except Exception as exc:  # a bug here must not cost the file its own findings
            self.note(self.ctx.source.path, f"internal error ({type(exc).__name__})")
        return False

    def _sinks(self, sc: reach.Scan, nodes: list[reach.Node]) -> None:
        imports = _imports_of(self.index, self.ctx.source.path, sc.imports)
        self._own_imports = imports
        words = _source_words(sc)
        for n in nodes:
            calls = n.dotted
            if n.tree is not None and n.outer is None and not sc.module.labels:
                calls = _tainted_calls(n.tree, words, sc.spec)
            for dotted in sorted(calls):
                if dotted.partition(".")[0] not in imports:
                    continue
                target = self.resolver.resolve_call(imports, dotted)
                if target is not None:
                    n.sinks |= self.resolver.reaches(*target).kinds
        self.report_broken()

    def report_broken(self) -> None:
        for rel, why in sorted(self.broken.items()):
            self.note(rel, why)

    # --- engine

    def module(self, rel: str) -> Module | None:
        if rel in self.modules:
            return self.modules[rel]
        self.modules[rel] = None  # a cycle back into a module being loaded: unknown calls
        got = self._load(rel)
        self.modules[rel] = got
        return got

    def _load(self, rel: str) -> Module | None:
        from scanner import parsing
        from scanner.checks.dataflow.taint import FileAnalysis

        memo = self.resolver.memo
        parsed = memo.parsed.get(rel)
        if parsed is None:
            data = self.index.read(rel)
            if data is None:
                parsed = "cannot be read"
            else:
                source = Source.from_bytes(rel, data)
                try:
                    tree = parsing.parse_ast(source)
                    parsed = (source, parsing.parse_cst(source, tree), tree)
                except parsing.ParseError as exc:
                    parsed = exc.message
            memo.parsed[rel] = parsed
            while len(memo.parsed) > PARSED_KEEP:
                memo.parsed.popitem(last=False)
        else:
            memo.parsed.move_to_end(rel)
        if isinstance(parsed, str):
            self.note(rel, parsed)
            return None
        source, wrapper, tree = parsed
        fa = FileAnalysis(wrapper, load_spec(self.extra), source.text, rel)
        fa.tree = tree
        fa.xmod = self
        fa.prepare()
        return Module(source, wrapper, fa, _top_functions(fa.module.body, {}))

    def note(self, rel: str, why: str) -> None:
        if rel in self.reported:
            return
        self.reported.add(rel)
        self.ctx.notifications.append(Notification(
            self.ctx.source.path, f"data flow into {rel} not followed: {why}", "note", "data-flow"))

    def imports_of(self, fa: Any) -> dict:
        if fa.path == self.ctx.source.path:
            return self.own_imports()
        return self.resolver.facts(fa.path).imports

    def target(self, fa: Any, func: cst.BaseExpression) -> tuple[str, str] | None:
        """(file, function) of another scanned module that ``func`` names through an import:
        ``f``, ``mod.f``, ``Class.method``, or a method of an instance of an imported class
        (``Student(conn).find(q)``, ``s = Student(conn)`` bound once, then ``s.find(q)``): then the
        function's name is ``"Class.method"``."""
        dotted = syntax.dotted(func)
        if isinstance(func, cst.Attribute):
            made = _instance_of(fa, func.value)
            if made is not None:
                dotted = f"{syntax.dotted(made.func)}.{func.attr.value}" if syntax.dotted(made.func) else ""
                func = made.func
        root = func
        while isinstance(root, cst.Attribute):
            root = root.value
        if not dotted or not _bound_by_import(fa, root):
            return None
        target = self.resolver.resolve_call(self.imports_of(fa), dotted)
        self.report_broken()
        return target

    def call(self, walker: Any, call: cst.Call, args: list) -> Any:
        """The call's value when it runs a function of another scanned module, else None."""
        try:
            return self._call(walker, call, args)
        except RecursionError:
            raise
        except Exception as exc:  # a bug here must not cost the file its own findings
            self.note(self.ctx.source.path, f"internal error ({type(exc).__name__})")
            return None

    def _call(self, walker: Any, call: cst.Call, args: list) -> Any:
        target = self.target(walker.fa, call.func)
        if target is None:
            return None
        facts = self.resolver.reaches(*target)
        if not (facts.labels or any(args)):
            return None  # nothing tainted goes in, and no source comes out
        if not (facts.kinds or facts.labels):
            # It reaches no sink and reads no source: what it returns is at most its arguments'
            # taint, as for any unknown call (with the steps its ast shows), and nothing when no
            # argument is returned. Its module is not parsed with libcst now; when it may clean
            # (a sanitizer, a guard), a finding whose path goes through it asks its summary
            # first (:func:`confirmed`), so the libcst work is paid only for a finding.
            if not facts.returns_param:
                return ()
            return self.passed_through(call, args, *target, check=facts.cleans)
        mod = self.module(target[0])
        fn = mod.top.get(target[1]) if mod is not None else None
        summ = mod.analysis.summary(fn) if fn is not None else None
        if summ is None:  # cannot be parsed, or being analysed (a recursion through modules)
            return None
        return walker.apply_summary(call, fn, _binds_first(fn, call), summ, args, wrap=mod.wrap)


    def passed_through(self, call: cst.Call, args: list, rel: str, name: str, check: bool = False) -> Any:
        """The arguments' taint, through the parameter and the return statement of ``name``
        (``check``: the return step remembers which function and parameter, for :func:`confirmed`)."""
        ff = self.resolver.facts(rel).funcs[name]
        positions = dict(ff.params)
        names = [p for p, _ in ff.params]
        out = []
        for i, (a, v) in enumerate(zip(call.args, args, strict=True)):
            if not v or a.star:
                continue
            p = a.keyword.value if a.keyword is not None else names[i] if i < len(names) else "?"
            for t in v:
                t = t.then(call, f"passed to {name}() as '{p}'")
                if p in positions:
                    t = t.then(Pinned(rel, positions[p]), f"parameter '{p}' of {name}()")
                back = Pinned(rel, ff.returned_at, (rel, name, p) if check and p in positions else None)
                out.append(t.then(back, f"returned from {name}()"))
        return join(tuple(out))


def _instance_of(fa: Any, node: cst.BaseExpression) -> cst.Call | None:
    """The call that made ``node``: ``Class(...)`` itself, or the one value of a name bound once."""
    if isinstance(node, cst.Name):
        from scanner.checks.dataflow.names import bound_values

        values = bound_values(fa, node)
        node = values[0] if len(values) == 1 else None
    if isinstance(node, cst.Call) and isinstance(node.func, (cst.Name, cst.Attribute)):
        last = node.func.value if isinstance(node.func, cst.Name) else node.func.attr.value
        return node if last[:1].isupper() else None  # a class, by convention
    return None


def _binds_first(fn: cst.FunctionDef, call: cst.Call) -> bool:
    """A method whose first parameter the call does not pass: a class method, or an instance
    method called on an instance (``obj.m(x)``; ``Class.m(obj, x)`` passes it)."""
    decorators = {d.decorator.value for d in fn.decorators if isinstance(d.decorator, cst.Name)}
    if "staticmethod" in decorators:
        return False
    params = [*fn.params.posonly_params, *fn.params.params]
    if not params or params[0].name.value not in ("self", "cls"):
        return False
    return "classmethod" in decorators or not (isinstance(call.func, cst.Attribute) and
                                               _starts_upper(call.func.value))


def _starts_upper(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.Name, cst.Attribute)) and (
        node.value if isinstance(node, cst.Name) else node.attr.value)[:1].isupper()


def _bound_by_import(fa: Any, name: cst.CSTNode) -> bool:
    if not isinstance(name, cst.Name):
        return False
    scope = fa.scopes.get(name)
    try:
        assignments = scope[name.value] if scope is not None else ()
    except Exception:
        return False
    return bool(assignments) and all(isinstance(getattr(a, "node", None), (cst.Import, cst.ImportFrom))
                                     for a in assignments)


def confirmed(ctx: Any, hit: Any) -> bool:
    """False when the hit's path goes through a function of another module (not parsed so far)
    whose summary shows that the value it returns is clean for the hit's sink kind."""
    s = session_for(ctx)
    if s is None:
        return True
    for node, _msg in hit.taint.steps:
        if not (isinstance(node, Pinned) and node.check):
            continue
        rel, name, param = node.check
        mod = s.module(rel)
        fn = mod.top.get(name) if mod is not None else None
        summ = mod.analysis.summary(fn) if fn is not None else None
        if summ is None or param not in summ.params:
            continue
        index = summ.params.index(param)
        if not any(rt.origin.param == index and rt.live_for(hit.kind) for rt in summ.returns):
            return False
    return True


_SESSIONS: weakref.WeakKeyDictionary[Any, Session] = weakref.WeakKeyDictionary()


def session_for(ctx: Any) -> Session | None:
    """The file's session, when the scan knows its project (``ctx.project``)."""
    if getattr(ctx, "project", None) is None:
        return None
    got = _SESSIONS.get(ctx)
    if got is None:
        got = _SESSIONS[ctx] = Session(ctx)
    return got


def report_foreign(ctx: Any, meta: Any, sink: Foreign, message: str, code_flows: tuple, properties: dict) -> None:
    """A finding at a sink in another module, found from this file: made exactly as that file's own
    scan would make it (location, snippet, fingerprint, ``scanner: ignore`` on the sink's line,
    secrets masked), then carried in this file's result."""
    from dataclasses import replace

    from scanner import suppress
    from scanner.context import FileContext
    from scanner.redact import redact_text

    mod = sink.mod
    there = FileContext(mod.source, ctx.config, ctx.enabled)
    there.report(meta, mod.region(sink.node), message, code_flows=code_flows, properties=properties)
    if not there.findings:
        return
    finding = suppress.apply(there.findings, mod.source.lines, {meta.id: meta.name})[0]
    secrets = _secrets_in(mod, ctx.config)
    if secrets is None:  # we cannot tell what to mask: show no source text
        finding = replace(finding, snippet="")
    elif secrets:
        finding = replace(finding, snippet=redact_text(finding.snippet, secrets),
                          message=redact_text(finding.message, secrets))
    ctx.findings.append(finding)


def _secrets_in(mod: Module, config: Any) -> list[str] | None:
    """The secrets the secret rules find in another module (to mask them in a finding's snippet)."""
    if mod.secrets is None:
        from scanner.context import FileContext
        from scanner.engine import _secrets_plan, run_rules

        plan = _secrets_plan(config.secret_packs)
        probe = FileContext(mod.source, config, plan.enabled)
        try:
            run_rules(probe, plan)
        except Exception:
            return None
        mod.secrets = probe.secrets
    return mod.secrets


_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import\b|import[ \t]+([\w.]+))", re.MULTILINE)


def imports_project(ctx: Any) -> bool:
    """Text check: does the file import a module (or package) of the scanned project?"""
    s = session_for(ctx)
    if s is None:
        return False
    found = False
    for name in _imported_names(s.index, ctx.source.path, ctx.source.text):
        found = s.resolver.module(name) is not None or name in s.index.packages or found
    return found


def _imported_names(index: Any, path: str, text: str) -> list[str]:
    """Absolute names of the modules (and packages) a file's import statements name."""
    out = []
    for dots, module, plain in _IMPORT.findall(text):
        out.extend(index.absolute(path, len(dots), module) if dots else [module or plain])
    return out
