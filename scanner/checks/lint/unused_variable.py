"""PY003 unused-variable (libcst ScopeProvider behind an ast prefilter)."""

from __future__ import annotations

import ast
import re

import libcst
from libcst.metadata import FunctionScope, PositionProvider, ScopeProvider

from scanner.checks.lint._pyast import AstIndex, ScopeRule, ast_start, cst_start, index
from scanner.rule import Invalid, Valid

_DUMMY = re.compile(r"^_")  # ruff's dummy-variable-rgx, simplified: leading underscore


_FRESH = (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Set, ast.Dict,
          ast.ListComp, ast.SetComp, ast.DictComp)


def _fresh_value(node: ast.AST | None) -> bool:
    """A value that is a new object nobody else holds: a literal, a display, a comprehension
    (and arithmetic on them)."""
    if isinstance(node, (ast.UnaryOp, ast.BinOp)):
        return all(_fresh_value(c) for c in ast.iter_child_nodes(node) if not isinstance(c, (ast.operator, ast.unaryop)))
    return isinstance(node, _FRESH)


def _augmented_is_dead(ix: AstIndex, fn: ast.AST, name: str) -> bool:
    """``name += ...`` is a dead store only when the object is the function's own: every other
    binding of ``name`` in ``fn`` is a fresh literal. On a parameter, or on a name bound to an
    object from elsewhere (``items = self.items``), ``+=`` mutates that object in place
    (``list.__iadd__``, a docutils node's ``+=``): the caller sees it."""
    a = fn.args
    if name in {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if p is not None}:
        return False
    for n in ix.scope_names.get(fn, ()):
        if n.id != name or not isinstance(n.ctx, ast.Store):
            continue
        p = ix.parent.get(n)
        if isinstance(p, ast.AugAssign):
            continue
        if not (isinstance(p, (ast.Assign, ast.AnnAssign)) and _fresh_value(p.value)):
            return False
    return True


def _reportable_names(ix: AstIndex):
    for fn in ix.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        augmented = {n.id for n in ix.scope_names.get(fn, ()) if isinstance(ix.parent.get(n), ast.AugAssign)}
        # an in-place `+=` reads the object: none of the name's stores is dead then
        shared = {name for name in augmented if not _augmented_is_dead(ix, fn, name)}
        for n in ix.scope_names.get(fn, ()):
            if not isinstance(n.ctx, ast.Store) or n.id in shared:
                continue
            p = ix.parent.get(n)
            ok = False
            if isinstance(p, ast.Assign):
                ok = True
            elif isinstance(p, (ast.Tuple, ast.List)) and isinstance(ix.parent.get(p), ast.Assign):
                ok = isinstance(ix.parent[p].value, (ast.Tuple, ast.List))
            elif isinstance(p, ast.AnnAssign):
                ok = p.value is not None
            elif isinstance(p, ast.AugAssign):
                # a counter only ever incremented is a dead store (ruff F841 keeps quiet there;
                # the real-world triage judged such findings true), an in-place `+=` on a
                # parameter or a shared object is not
                ok = True
            elif isinstance(p, (ast.NamedExpr, ast.withitem)):
                ok = True
            if ok:
                yield n


def _reportable_stores(ix: AstIndex, ctx) -> tuple[set[tuple[int, int]], set[tuple[int, str]]]:
    """Positions of function-local plain bindings ruff/pyflakes report when unused, and
    (line, name) of every except-handler name."""
    spots = {ast_start(ctx, n) for n in _reportable_names(ix)}
    handlers = {(h.lineno, h.name) for h in ix.nodes(ast.ExceptHandler) if h.name}
    return spots, handlers


class UnusedVariable(ScopeRule):
    """## What it does
    Reports local variables that are assigned but never read, and `except ... as name` names
    that are never used.

    ## Why is this bad?
    A dead store is either leftover code or a bug: the value was meant to be used (a typo in the
    name that reads it, a forgotten `return`).

    Names starting with `_` are exempt (`_ = f()`), so is a function that calls `locals()`, and
    tuple unpacking (`a, b = f()`) unless the right side is a literal tuple.

    ## Example
    ```python
    def total(items):
        result = sum(items)
        return sum(items)
    ```

    ## Use instead
    ```python
    def total(items):
        return sum(items)
    ```

    ## References
    - [pyflakes](https://github.com/PyCQA/pyflakes)
    """

    code = "PY003"
    name = "unused-variable"
    level = "warning"
    summary = "Local variable is assigned but never used"
    equivalents = ("ruff:F841", "pyflakes:UnusedVariable")
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)
    VALID = [
        Valid("def f():\n    x = 1\n    return x\n"),
        Valid("def f():\n    a, b = g()\n    _ = 1\n    return a\n"),
        Valid("def f():\n    x = 1\n    def g():\n        return x\n    return g\n"),
        Valid("def f():\n    x = 1\n    return locals()\n"),
        Valid("x = 1\n"),
        # `+=` on a parameter or on an object from elsewhere mutates it in place
        Valid("def add_name(sig, signode):\n    signode += make_node(sig)\n    return sig\n"),
        Valid("def f(self):\n    items = self.items\n    items += [1]\n"),
    ]
    INVALID = [
        Invalid("def f():\n    x = 1\n    return 2\n", 2),
        Invalid("def f():\n    try:\n        pass\n    except ValueError as e:\n        pass\n", 4),
        Invalid("def f():\n    with open('p') as fh:\n        pass\n    (n := 3)\n", 2, 4),
        Invalid("try:\n    pass\nexcept Exception as err:\n    pass\n", 3),
        Invalid("def f(items):\n    count = 0\n    for i in items:\n        count += 1\n    return items\n", 2, 4),
    ]

    @classmethod
    def has_candidate(cls, ix: AstIndex) -> bool:
        loaded = ix.loaded_names
        if any(h.name not in loaded for h in ix.nodes(ast.ExceptHandler) if h.name):
            return True
        return any(n.id not in loaded for n in _reportable_names(ix))

    def visit_Module(self, node: libcst.Module) -> None:
        self.spots, self.handlers = _reportable_stores(index(self.ctx), self.ctx)

    def leave_Module(self, original_node: libcst.Module) -> None:
        scopes = {s for s in self.metadata[ScopeProvider].values() if s is not None}
        found = []
        for scope in scopes:
            is_fn = isinstance(scope, FunctionScope)
            if is_fn and any(a.node.value == "locals" for a in scope.accesses if isinstance(a.node, libcst.Name)):
                continue
            by_name: dict[str, list] = {}
            for a in scope.assignments:
                if a.scope is scope and isinstance(a.node, libcst.Name):
                    by_name.setdefault(a.name, []).append(a)
            for name, assigns in by_name.items():
                if _DUMMY.match(name) or any(a.references for a in assigns):
                    continue
                for a in assigns:
                    pos = cst_start(self, a.node)
                    if (pos[0], name) in self.handlers or (is_fn and pos in self.spots):
                        found.append((pos, a.node, name))
        for _, node, name in sorted(found, key=lambda t: t[0]):
            self.report(node, f"Local variable `{name}` is assigned to but never used")
