"""Reads of names that have no binding: PY004 undefined-name, PY005 used-before-assignment
(libcst ScopeProvider, each behind an ast prefilter)."""

from __future__ import annotations

import ast

import libcst
from libcst.metadata import ClassScope, FunctionScope, GlobalScope, PositionProvider, ScopeProvider

from scanner.checks.lint._pyast import (
    BUILTINS,
    AstIndex,
    ScopeRule,
    ast_start,
    cst_start,
    dotted,
    index,
)
from scanner.checks.lint._pyast import (
    COMPREHENSIONS as COMPREHENSION_NODES,
)
from scanner.checks.lint._pyast import (
    FUNCTIONS as FUNCTION_NODES,
)
from scanner.checks.lint.typing_forms import annotation_words, not_a_type, type_names, typing_aliases
from scanner.rule import Invalid, Valid


def _catches_name_error(t: ast.AST | None) -> bool:
    if isinstance(t, ast.Tuple):
        return any(_catches_name_error(e) for e in t.elts)
    return t is not None and dotted(t).rsplit(".", 1)[-1] == "NameError"


class UndefinedName(ScopeRule):
    """## What it does
    Reports names that are read but defined nowhere: not in the scope, an enclosing scope, the
    module or the builtins.

    ## Why is this bad?
    The line raises `NameError` when it runs: a typo, a missing import, or a name removed in a
    refactoring. Names in string annotations are checked too.

    ## Example
    ```python
    def area(r):
        return pi * r ** 2
    ```

    ## Use instead
    ```python
    from math import pi

    def area(r):
        return pi * r ** 2
    ```

    ## Known limits
    Not reported in files with a `from m import *` (every name may come from there). A module-level
    use before the definition is reported by `used-before-assignment` only inside functions.

    ## References
    - [pyflakes](https://github.com/PyCQA/pyflakes)
    """

    code = "PY004"
    name = "undefined-name"
    level = "error"
    summary = "Name is not defined"
    equivalents = ("ruff:F821", "pyflakes:UndefinedName")
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)
    VALID = [
        Valid("import os\ndef f():\n    return os.sep, len([]), __file__\n"),
        Valid("class A:\n    def m(self) -> 'A':\n        return __class__\n"),
        Valid("from m import *\nprint(anything)\n"),
        Valid("def f():\n    return g()\ndef g():\n    return 1\n"),
        # strings in Literal[...] are values, and Annotated's metadata is not a type
        Valid("import typing\nimport typing as t\nfrom typing import Annotated, Literal as L\n"
              "def f(a: typing.Literal['baz'], b: t.Literal['x'], c: L['q']) -> None:\n"
              "    pass\n"
              "def g(a: Annotated[int, 'more'], b: 'Annotated[str, \"meta\"]', c: t.Annotated[int, 'm2']) -> None:\n"
              "    pass\n"
              "x: 'typing.Optional[L[\"oo\"]]' = None\n"),
        # `try: name except NameError:` probes whether a name exists (IPython's get_ipython)
        Valid("def f():\n    try:\n        ip = get_ipython()\n    except (ImportError, NameError):\n        return None\n"
              "    return ip\n"),
        Valid("from typing import Annotated\nfrom m import Field, Url, Tag\n"
              "def f(a: Annotated[int, Field(description='descr', extra={'foobar': 'hello'})],\n"
              "      b: 'list[Annotated[Url, Tag(\"ws\")]]') -> None:\n    pass\n"),
    ]
    INVALID = [
        Invalid("def area(r):\n    return pi * r ** 2\n", 2),
        Invalid("try:\n    get_ipython\nexcept NameError:\n    pass\nip = get_ipython()\n", 5),
        Invalid("def f(x: 'Missing') -> None:\n    pass\n", 1),
        Invalid("from typing import Annotated\ndef f(x: Annotated['Missing', 'meta']) -> None:\n    pass\n", 2),
        Invalid("def f(x: 'list[Literal[\"a\"] | Gone]') -> None:\n    pass\n", 1),
        Invalid("class A:\n    y = 1\n    def m(self):\n        return x\n", 4),
    ]

    @classmethod
    def has_candidate(cls, ix: AstIndex) -> bool:
        if ix.has_star_import:
            return False
        bound = ix.bound_names
        if any(n not in bound and n not in BUILTINS for n in ix.loaded_names):
            return True
        return any(w not in bound and w not in BUILTINS for w in annotation_words(ix))

    def leave_Module(self, original_node: libcst.Module) -> None:
        scopes = {s for s in self.metadata[ScopeProvider].values() if s is not None}
        found = []
        for scope in scopes:
            # by name: an access inside a string annotation points at the whole string
            for name, accesses in scope._accesses_by_name.items():
                if name in BUILTINS or self._assigned_anywhere(scope, name):
                    continue
                for access in accesses:
                    if not access.referents and not self._in_string_but_not_a_type(access.node, name):
                        pos = self.get_metadata(PositionProvider, access.node).start
                        if not self._guarded_by_name_error(pos):
                            found.append((pos, access.node, name))
        for _, node, name in sorted(found, key=lambda t: (t[0].line, t[0].column)):
            self.report(node, f"Undefined name `{name}`")

    def _guarded_by_name_error(self, pos) -> bool:
        """Inside the body of a ``try`` with an ``except NameError`` (``try: get_ipython`` probes
        whether a name exists), as pyflakes and ruff treat it."""
        if not hasattr(self, "_probes"):
            ix = index(self.ctx)
            self._probes = []
            for t in (ix.nodes(ast.Try) if ix is not None else ()):
                if any(_catches_name_error(h.type) for h in t.handlers) and t.body:
                    first, last = t.body[0], t.body[-1]
                    self._probes.append(((first.lineno, first.col_offset), (last.end_lineno, last.end_col_offset)))
        here = (pos.line, pos.column)
        return any(a <= here < b for a, b in self._probes)

    def _in_string_but_not_a_type(self, node: libcst.CSTNode, name: str) -> bool:
        """libcst reads every string in an annotation as a forward reference, also the values of
        ``Literal["a"]`` (it only knows the bare name ``Literal``) and ``Annotated``'s metadata."""
        if not isinstance(node, (libcst.SimpleString, libcst.ConcatenatedString)):
            return False
        ix = index(self.ctx)
        if ix is None:
            return False
        if not hasattr(self, "_strings"):
            self._aliases = typing_aliases(ix)
            src = self.ctx.source
            self._strings = {}
            for c in ix.nodes(ast.Constant):
                if isinstance(c.value, str):
                    r = src.region_from_ast(c)
                    self._strings[(r.start_line, r.start_column)] = c
        r = self.ctx.region_of(self.get_metadata(PositionProvider, node))
        const = self._strings.get((r.start_line, r.start_column))
        if const is None:
            return False
        if not_a_type(const, ix.parent, self._aliases):
            return True
        names = type_names(const.value, self._aliases)
        return names is not None and name not in names

    @staticmethod
    def _assigned_anywhere(scope, name: str) -> bool:
        """True when the name is bound in the scope or an enclosing one (used-before-assignment's case)."""
        s = scope
        while True:
            if (s is scope or not isinstance(s, ClassScope)) and any(a.scope is s for a in s.assignments[name]):
                return True
            if s.parent is s or isinstance(s, GlobalScope):
                return False
            s = s.parent


def _effective(ix: AstIndex, n: ast.Name) -> tuple[int, int]:
    """Where a store takes effect: after the right-hand side of its assignment is evaluated."""
    p = ix.parent.get(n)
    while isinstance(p, (ast.Tuple, ast.List, ast.Starred)):
        p = ix.parent.get(p)
    if isinstance(p, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
        return p.end_lineno, p.end_col_offset
    return n.lineno, n.col_offset


def _walrus_targets(node: ast.AST) -> set[str]:
    return {n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr)}


def _evaluated_after_walrus(ix: AstIndex, n: ast.Name) -> bool:
    """A read that runs after a walrus that sits earlier in evaluation order but later in the
    text: ``y if (y := f()) else z`` (the test runs first), ``[y for x in xs if (y := g(x))]``."""
    child, p = n, ix.parent.get(n)
    while p is not None and not isinstance(p, (ast.stmt, *FUNCTION_NODES)):
        if isinstance(p, ast.IfExp) and child is not p.test and n.id in _walrus_targets(p.test):
            return True
        if isinstance(p, COMPREHENSION_NODES) and child in (getattr(p, "elt", None), getattr(p, "key", None),
                                                            getattr(p, "value", None)):
            if any(n.id in _walrus_targets(i) for g in p.generators for i in g.ifs):
                return True
        child, p = p, ix.parent.get(p)
    return False


class UsedBeforeAssignment(ScopeRule):
    """## What it does
    Reports a local variable read in a function before the function first assigns it.

    ## Why is this bad?
    Any assignment in a function makes the name local to the whole function, so the earlier read
    raises `UnboundLocalError`, even when a global of the same name exists. A read in a loop body
    before the assignment further down works from the second iteration on, and fails on the first.

    ## Example
    ```python
    counter = 0

    def bump():
        counter = counter + 1
    ```

    ## Use instead
    ```python
    counter = 0

    def bump():
        global counter
        counter = counter + 1
    ```

    ## References
    - [Python FAQ: UnboundLocalError](https://docs.python.org/3/faq/programming.html#why-am-i-getting-an-unboundlocalerror-when-the-variable-has-a-value)
    """

    code = "PY005"
    name = "used-before-assignment"
    level = "error"
    summary = "Local variable is read before it is assigned"
    equivalents = ("ruff:F823", "pyflakes:UndefinedLocal")
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)
    VALID = [
        Valid("c = 0\ndef f():\n    global c\n    c = c + 1\n"),
        Valid("def f(x):\n    x = x + 1\n    y = 1\n    return y\n"),
        Valid("def f():\n    def g():\n        return v\n    v = 1\n    return g\n"),
        # the test of a conditional expression runs before its branches
        Valid("def f(g, z):\n    return y if (y := g()) else z\n"),
        Valid("def f(d):\n    value = v if (v := d.get('a')) is not None else 0\n    return value\n"),
        Valid("def f(xs, g):\n    return [y for x in xs if (y := g(x))]\n"),
    ]
    INVALID = [
        Invalid("def f(g):\n    y = (y if g else 0)\n    return (y := 2) if y else 1\n", 2),
        Invalid("c = 0\ndef f():\n    c = c + 1\n", 3),
        Invalid("def f(items):\n    for i in items:\n        print(last)\n        last = i\n", 3),
    ]

    @classmethod
    def has_candidate(cls, ix: AstIndex) -> bool:
        for fn in ix.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
            names = ix.scope_names.get(fn, ())
            params = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
            first: dict[str, tuple[int, int]] = {}
            for n in names:
                if isinstance(n.ctx, ast.Store):
                    p = _effective(ix, n)
                    if n.id not in first or p < first[n.id]:
                        first[n.id] = p
            if any(isinstance(n.ctx, ast.Load) and n.id in first and n.id not in params
                   and (n.lineno, n.col_offset) < first[n.id] and not _evaluated_after_walrus(ix, n) for n in names):
                return True
        return False

    def leave_Module(self, original_node: libcst.Module) -> None:
        ix = index(self.ctx)
        after_walrus = {ast_start(self.ctx, n) for n in ix.nodes(ast.Name)
                        if isinstance(n.ctx, ast.Load) and _evaluated_after_walrus(ix, n)} if ix else set()
        scopes = {s for s in self.metadata[ScopeProvider].values() if isinstance(s, FunctionScope)}
        found = []
        for scope in scopes:
            for access in scope.accesses:
                node = access.node
                if not isinstance(node, libcst.Name):
                    continue
                local = [a for a in scope.assignments[node.value] if a.scope is scope]
                if not local or any(r.scope is scope for r in access.referents):
                    continue
                if any(isinstance(a.node, libcst.Param) or not isinstance(a.node, libcst.Name) for a in local):
                    continue
                if cst_start(self, node) in after_walrus:
                    continue
                found.append((self.get_metadata(PositionProvider, node).start, node))
        for _, node in sorted(found, key=lambda t: (t[0].line, t[0].column)):
            self.report(node, f"Local variable `{node.value}` is read before it is assigned")
