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

This module holds the per-file :class:`Session`; the ``ast`` facts are in :mod:`.modfacts`, module
resolution in :mod:`.resolver`, nodes of other modules and findings there in :mod:`.foreign`.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

import libcst as cst

from scanner.checks.dataflow import reach, syntax
from scanner.checks.dataflow.cstwalk import blocks
from scanner.checks.dataflow.flow import join
from scanner.checks.dataflow.foreign import Module, Pinned
from scanner.checks.dataflow.modfacts import closed_bases, imports_of, source_words, tainted_calls
from scanner.checks.dataflow.resolver import Resolver
from scanner.checks.dataflow.spec import load_spec
from scanner.model import Notification
from scanner.source import Source

PARSED_KEEP = 32  # libcst trees of other modules kept per process


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
                self._own_imports = imports_of(self.index, self.ctx.source.path, sc.imports)
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
            imports = imports_of(self.index, self.ctx.source.path, sc.imports)
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

    def is_handler_base(self, fa: Any, base: cst.BaseExpression) -> bool:
        """``base`` (a class's base in the engine's file) is an imported request-handler class of
        the project (:meth:`Resolver.is_handler`)."""
        root = base
        while isinstance(root, cst.Attribute):
            root = root.value
        dotted = syntax.dotted(base)
        if not dotted or not _bound_by_import(fa, root):
            return False
        return self._is_handler(self.imports_of(fa), dotted)

    def handler_class(self, sc: reach.Scan, cls: str) -> bool:
        """The prefilter's question: a class of the scanned file derives, through its bases in the
        file, from an imported request-handler class of the project."""
        imports = imports_of(self.index, self.ctx.source.path, sc.imports)
        return any(base not in sc.class_bases and base.split(".", 1)[0] in imports and self._is_handler(imports, base)
                   for base in closed_bases(sc.class_bases, cls))

    def _is_handler(self, imports: dict, dotted: str) -> bool:
        try:
            return self.resolver.is_handler(imports, dotted)
        except RecursionError:
            raise
        except Exception as exc:  # a bug here must not cost the file its own findings
            self.note(self.ctx.source.path, f"internal error ({type(exc).__name__})")
            return False

    def _sinks(self, sc: reach.Scan, nodes: list[reach.Node]) -> None:
        imports = imports_of(self.index, self.ctx.source.path, sc.imports)
        self._own_imports = imports
        words = source_words(sc)
        for n in nodes:
            calls = n.dotted
            if n.tree is not None and n.outer is None and not sc.module.labels:
                calls = tainted_calls(n.tree, words, sc.spec)
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

