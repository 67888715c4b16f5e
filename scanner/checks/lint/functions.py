"""Functions: PY016 mutable-default-argument, PY017 late-binding-closure (ast)."""

from __future__ import annotations

import ast

from scanner.checks.lint._pyast import COMPREHENSIONS, FUNCTIONS, AstIndex, PyRule, dotted
from scanner.rule import Invalid, Valid

_MUTABLE_CALLS = {"list", "dict", "set", "bytearray", "collections.defaultdict", "defaultdict",
                  "collections.OrderedDict", "OrderedDict", "collections.deque", "deque",
                  "collections.Counter", "Counter"}


def _is_mutable(node: ast.AST) -> bool:
    if isinstance(node, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    return isinstance(node, ast.Call) and dotted(node.func) in _MUTABLE_CALLS


class MutableDefaultArgument(PyRule):
    """## What it does
    Reports function parameters whose default is a mutable value: a list, dict or set display or
    comprehension, or a call such as `list()`, `dict()` or `collections.defaultdict(...)`.

    ## Why is this bad?
    The default is evaluated once, when the `def` runs, and shared by every call: appending to it
    in one call leaks into the next.

    ## Example
    ```python
    def add(item, into=[]):
        into.append(item)
        return into
    ```

    ## Use instead
    ```python
    def add(item, into=None):
        if into is None:
            into = []
        into.append(item)
        return into
    ```

    ## References
    - [Python tutorial: default argument values](https://docs.python.org/3/tutorial/controlflow.html#default-argument-values)
    """

    code = "PY016"
    name = "mutable-default-argument"
    level = "warning"
    summary = "Mutable default argument"
    keywords = ("def ",)
    equivalents = ("ruff:B006", "flake8-bugbear:B006")
    VALID = [Valid("def f(a=None, b=(), c=frozenset(), d='x'):\n    pass\n")]
    INVALID = [Invalid("def f(a=[], *, b={}):\n    pass\n", 1),
               Invalid("async def g(\n    a=dict(),\n):\n    pass\n", 2)]

    def run(self, ix: AstIndex) -> None:
        for fn in ix.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
            for d in [*fn.args.defaults, *fn.args.kw_defaults]:
                if d is not None and _is_mutable(d):
                    self.report(d, f"Do not use mutable data structures for argument defaults (in `{fn.name}`)")


# functions that call a callable argument right away: a lambda passed to them cannot outlive the loop
_IMMEDIATE = {"filter", "map", "sorted", "min", "max", "reduce", "functools.reduce", "any", "all", "sum",
              "list", "tuple", "set", "dict", "itertools.filterfalse", "itertools.takewhile",
              "itertools.dropwhile", "re.sub", "sub"}


def _loop_names(loop: ast.AST) -> set[str]:
    out: set[str] = set()
    if isinstance(loop, (ast.For, ast.AsyncFor)):
        targets = [loop.target]
        body = loop.body
    elif isinstance(loop, ast.While):
        targets, body = [], loop.body
    else:  # comprehension
        targets, body = [g.target for g in loop.generators], []
    for t in targets:
        out.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, FUNCTIONS + (ast.ClassDef,)):
                continue
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                out.add(n.id)
    return out


def _own_names(fn: ast.AST) -> set[str]:
    """Parameters and locals of fn (including names bound in its nested scopes, conservatively)."""
    out = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
    body = fn.body if isinstance(fn.body, list) else [fn.body]
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                out.add(n.id)
    return out


class LateBindingClosure(PyRule):
    """## What it does
    Reports a function or lambda defined inside a loop that reads a loop variable without binding
    it (as a default argument or parameter).

    ## Why is this bad?
    Closures capture variables, not values: every function made in the loop sees the variable's
    value when it is *called*, i.e. usually the last iteration's.

    ## Example
    ```python
    handlers = []
    for name in names:
        handlers.append(lambda: greet(name))
    ```

    ## Use instead
    ```python
    handlers = []
    for name in names:
        handlers.append(lambda name=name: greet(name))
    ```

    Lambdas passed straight to `filter`, `map`, `sorted`, `min`, `max`, `reduce`, ... (which call
    them before the loop moves on) are exempt.

    ## References
    - [Python FAQ: lambdas defined in a loop](https://docs.python.org/3/faq/programming.html#why-do-lambdas-defined-in-a-loop-with-different-values-all-return-the-same-result)
    """

    code = "PY017"
    name = "late-binding-closure"
    level = "warning"
    summary = "Function defined in a loop uses the loop variable late"
    keywords = ("for ", "while ")
    equivalents = ("ruff:B023", "flake8-bugbear:B023")
    VALID = [
        Valid("fs = []\nfor i in range(3):\n    fs.append(lambda i=i: i)\n"),
        Valid("for xs in data:\n    ys = sorted(xs, key=lambda v: v * xs[0])\n"),
        Valid("def f():\n    for i in range(3):\n        pass\n    return lambda: i\n"),
    ]
    INVALID = [
        Invalid("fs = []\nfor i in range(3):\n    fs.append(lambda: i)\n", 3),
        Invalid("fs = [lambda: i for i in range(3)]\n", 1),
        Invalid("for i in range(3):\n    def g():\n        return i\n", 3),
    ]

    def run(self, ix: AstIndex) -> None:
        found: dict[tuple[int, int], ast.Name] = {}
        for loop in ix.nodes(ast.For, ast.AsyncFor, ast.While, *COMPREHENSIONS):
            names = _loop_names(loop)
            if not names:
                continue
            parts = loop.body if isinstance(loop, (ast.For, ast.AsyncFor, ast.While)) else \
                [getattr(loop, "elt", None) or loop.key, getattr(loop, "value", None)] + \
                [c for g in loop.generators for c in g.ifs]
            for part in parts:
                if part is None:
                    continue
                for fn in ast.walk(part):
                    if not isinstance(fn, FUNCTIONS) or self._immediate(ix, fn):
                        continue
                    own = _own_names(fn)
                    body = fn.body if isinstance(fn.body, list) else [fn.body]
                    for stmt in body:
                        for n in ast.walk(stmt):
                            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in names \
                                    and n.id not in own:
                                found[(n.lineno, n.col_offset)] = n
        for _, n in sorted(found.items()):
            self.report(n, f"Function definition does not bind loop variable `{n.id}`")

    @staticmethod
    def _immediate(ix: AstIndex, fn: ast.AST) -> bool:
        p = ix.parent.get(fn)
        if isinstance(p, ast.keyword):
            return p.arg == "key"
        if isinstance(p, ast.Call):
            return p.func is fn or dotted(p.func) in _IMMEDIATE or dotted(p.func).rsplit(".", 1)[-1] in _IMMEDIATE
        return False
