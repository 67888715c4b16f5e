"""CX001 nested-loops (first cut: loop nesting depth per function, via ``ast``)."""

from __future__ import annotations

import ast

from scanner.rule import Invalid, Rule, Valid

LOOPS = (ast.For, ast.AsyncFor, ast.While)
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _depth(node: ast.AST) -> tuple[int, ast.AST | None]:
    """Deepest loop nesting below node (not crossing into nested functions), and its outermost loop."""
    best, where = 0, None
    for child in ast.iter_child_nodes(node):
        if isinstance(child, SCOPES):
            continue
        d, _ = _depth(child)
        if isinstance(child, LOOPS):
            d += 1
            if d > best:
                best, where = d, child
        elif d > best:
            best, where = d, _depth(child)[1]
    return best, where


class NestedLoops(Rule):
    """## What it does
    Reports functions whose loops nest `threshold` (default 3) or more levels deep: O(n^3) or worse.

    ## Why is this bad?
    Cubic work is fine on ten items and a time-out on ten thousand.
    """

    code = "CX001"
    name = "nested-loops"
    family = "complexity"
    level = "warning"
    summary = "Function is O(n^k) with k at or above the threshold"
    languages = frozenset({"python"})
    keywords = ("for ", "while ")
    options = {"threshold": 3}
    VALID = [Valid("def f(a, b):\n    for x in a:\n        for y in b:\n            print(x, y)\n")]
    INVALID = [Invalid("def f(a):\n    for x in a:\n        for y in a:\n            for z in a:\n                print(x, y, z)\n", 2)]

    def check(self) -> None:
        tree = self.ctx.ast
        if tree is None:
            return
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                k, where = _depth(fn)
                if k >= self.opts["threshold"] and where is not None:
                    self.report(where, f"Function '{fn.name}' is O(n^{k}): {k} nested loops",
                                properties={"order": k, "bigO": f"O(n^{k})"})
