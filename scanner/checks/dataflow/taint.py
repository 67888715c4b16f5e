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
from typing import Any

import libcst as cst
from libcst.metadata import QualifiedNameProvider, ScopeProvider

from scanner.checks.dataflow import objects
from scanner.checks.dataflow.cstwalk import blocks
from scanner.checks.dataflow.django_views import TEST_MODULE, django_views
from scanner.checks.dataflow.flow import Hit, Summary
from scanner.checks.dataflow.spec import Spec
from scanner.checks.dataflow.walker import Walker

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
        # a request-handler class may be here: a base named ...RequestHandler, or a project's own
        # ...Handler class of another module (objects.handler_class)
        self.uses_handlers = "Handler" in text
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
                for block in blocks(stmt):
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
