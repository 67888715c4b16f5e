"""Control flow: PY013 unreachable-code, PY014 return-outside-function, PY015
yield-outside-function, PY020 assert-on-tuple (ast)."""

from __future__ import annotations

import ast

from scanner.checks.lint._pyast import FUNCTIONS, AstIndex, PyRule
from scanner.rule import Invalid, Valid

_TERMINAL = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_BLOCK_FIELDS = ("body", "orelse", "finalbody")


class UnreachableCode(PyRule):
    """## What it does
    Reports the first statement after a `return`, `raise`, `continue` or `break` in the same block.

    ## Why is this bad?
    The statement can never run: leftover code after an early return, or a misindented line that
    was meant to be inside the `if` above.

    ## Example
    ```python
    def f(x):
        return x * 2
        print("done")
    ```

    ## Use instead
    Delete the dead code, or move it before the `return`.

    ## Known limits
    Only straight-line code in one block; code after an `if` whose branches all return is not
    reported.
    """

    code = "PY013"
    name = "unreachable-code"
    level = "warning"
    summary = "Code after return, raise, continue or break never runs"
    equivalents = ("ruff:PLW0101", "pylint:W0101")
    VALID = [Valid("def f(x):\n    if x:\n        return 1\n    return 2\n"),
             # `raise ...; yield` / `return; yield`: the yield only makes the function a generator
             Valid("def gen():\n    raise NotImplementedError\n    yield\n"),
             Valid("async def agen():\n    return\n    yield None\n")]
    INVALID = [Invalid("def f(x):\n    return x\n    print(x)\n    y = 1\n", 3),
               Invalid("def f():\n    raise ValueError\n    yield\n    print(1)\n", 3),
               Invalid("for i in x:\n    continue\n    print(i)\n", 3)]

    def run(self, ix: AstIndex) -> None:
        blocks = []
        for t in _TERMINAL:
            for stmt in ix.nodes(t):
                parent = ix.parent.get(stmt)
                for field in _BLOCK_FIELDS:
                    block = getattr(parent, field, None)
                    if isinstance(block, list):
                        for i, s in enumerate(block):
                            if s is stmt and i + 1 < len(block) and not _marks_generator(block[i + 1:]):
                                blocks.append((block[i + 1].lineno, block[i + 1], type(stmt).__name__.lower()))
        done = set()
        for _, stmt, kind in sorted(blocks, key=lambda t: t[0]):
            if id(stmt) not in done:
                done.add(id(stmt))
                self.report(stmt, f"Unreachable code after `{kind}`")


def _marks_generator(rest: list[ast.stmt]) -> bool:
    """The unreachable rest is one bare ``yield`` (or ``yield from``) statement: the idiom that makes
    a function that only raises a generator."""
    return len(rest) == 1 and isinstance(rest[0], ast.Expr) and isinstance(rest[0].value, (ast.Yield, ast.YieldFrom))


def _outside_function(ix: AstIndex, node: ast.AST) -> bool:
    for a in ix.ancestors(node):
        if isinstance(a, FUNCTIONS):
            return False
        if isinstance(a, (ast.ClassDef, ast.Module)):
            return True
    return True


class ReturnOutsideFunction(PyRule):
    """## What it does
    Reports `return` at module or class level.

    ## Why is this bad?
    It is a `SyntaxError` when the module is compiled (the parser alone accepts it).

    ## Example
    ```python
    class A:
        return 1
    ```
    """

    code = "PY014"
    name = "return-outside-function"
    level = "error"
    summary = "return outside a function"
    keywords = ("return",)
    equivalents = ("ruff:F706", "pyflakes:ReturnOutsideFunction")
    VALID = [Valid("def f():\n    return 1\n")]
    INVALID = [Invalid("x = 1\nreturn x\n", 2), Invalid("class A:\n    return 1\n", 2)]

    def run(self, ix: AstIndex) -> None:
        for node in ix.nodes(ast.Return):
            if _outside_function(ix, node):
                self.report(node, "`return` outside a function")


class YieldOutsideFunction(PyRule):
    """## What it does
    Reports `yield`, `yield from` and `await` at module or class level.

    ## Why is this bad?
    It is a `SyntaxError` when the module is compiled (outside the asyncio REPL for `await`).

    ## Example
    ```python
    yield 1
    ```
    """

    code = "PY015"
    name = "yield-outside-function"
    level = "error"
    summary = "yield or await outside a function"
    keywords = ("yield", "await")
    equivalents = ("ruff:F704", "pyflakes:YieldOutsideFunction")
    VALID = [Valid("def f():\n    yield 1\n    x = yield\n")]
    INVALID = [Invalid("yield 1\n", 1), Invalid("class A:\n    x = yield from g()\n", 2)]

    def run(self, ix: AstIndex) -> None:
        for node in ix.nodes(ast.Yield, ast.YieldFrom, ast.Await):
            if _outside_function(ix, node):
                word = {"Yield": "yield", "YieldFrom": "yield from", "Await": "await"}[type(node).__name__]
                self.report(node, f"`{word}` outside a function")


class AssertOnTuple(PyRule):
    """## What it does
    Reports `assert (condition, "message")`: an assert on a non-empty tuple.

    ## Why is this bad?
    A non-empty tuple is always true, so the assert never fails. The parentheses were meant for
    line continuation: write `assert condition, "message"`.

    ## Example
    ```python
    assert (x > 0, "x must be positive")
    ```

    ## Use instead
    ```python
    assert x > 0, "x must be positive"
    ```
    """

    code = "PY020"
    name = "assert-on-tuple"
    level = "error"
    summary = "assert on a non-empty tuple is always true"
    keywords = ("assert",)
    equivalents = ("ruff:F631", "pyflakes:AssertTuple")
    VALID = [Valid("assert x > 0, 'message'\nassert ()\n")]
    INVALID = [Invalid("assert (x > 0, 'x must be positive')\n", 1)]

    def run(self, ix: AstIndex) -> None:
        for node in ix.nodes(ast.Assert):
            if isinstance(node.test, ast.Tuple) and node.test.elts:
                self.report(node, "Assert on a non-empty tuple is always true")
