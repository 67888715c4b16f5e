"""PY008 none-comparison, PY009 bool-comparison, PY010 is-literal (ast; fixes via libcst)."""

from __future__ import annotations

import ast

import libcst

from scanner.checks.lint._pyast import AstIndex, PyRule, is_literal
from scanner.rule import Invalid, Valid

_SWAP = {libcst.Equal: libcst.Is, libcst.NotEqual: libcst.IsNot, libcst.Is: libcst.Equal,
         libcst.IsNot: libcst.NotEqual}


def _swap_operator(target: int, literal_check):
    """A libcst ``Comparison`` rewriter: swap the operator of comparison number ``target``."""

    def make(cmp: libcst.Comparison) -> libcst.Comparison:
        targets = list(cmp.comparisons)
        if target >= len(targets):
            return cmp
        t = targets[target]
        left = cmp.left if target == 0 else targets[target - 1].comparator
        if not (literal_check(t.comparator) or literal_check(left)):
            return cmp
        new_cls = _SWAP.get(type(t.operator))
        if new_cls is None:
            return cmp
        op = t.operator
        targets[target] = t.with_changes(operator=new_cls(whitespace_before=op.whitespace_before,
                                                          whitespace_after=op.whitespace_after))
        return cmp.with_changes(comparisons=targets)

    return make


def _cst_is_name(value: str):
    return lambda n: isinstance(n, libcst.Name) and n.value == value


def _pairs(cmp: ast.Compare):
    left = cmp.left
    for i, (op, right) in enumerate(zip(cmp.ops, cmp.comparators)):
        yield i, left, op, right
        left = right


class NoneComparison(PyRule):
    """## What it does
    Reports `== None` and `!= None`.

    ## Why is this bad?
    `None` is a singleton: compare with `is` / `is not`. `==` calls `__eq__`, which a class may
    override (NumPy arrays, ORMs' query expressions) to return something that is not a bool.

    ## Example
    ```python
    if value == None:
        ...
    ```

    ## Use instead
    ```python
    if value is None:
        ...
    ```

    ## Known limits
    Where `==` is overloaded on purpose (SQLAlchemy's `column == None` builds SQL), the finding and
    its fix are wrong: suppress the rule there (`# scanner: ignore[PY008]`). The rule cannot tell
    that use from the harmful one, and on plain values the two spellings behave the same: it is a
    note (on the real-world benchmark, 5 of 5 findings were style-only).

    ## References
    - [PEP 8, programming recommendations](https://peps.python.org/pep-0008/#programming-recommendations)
    """

    code = "PY008"
    name = "none-comparison"
    level = "note"  # a style rule (E711): where `==` is overloaded on purpose (ORMs) the "fix" is wrong
    summary = "Comparison to None with == or !="
    keywords = ("None",)
    fixable = True
    equivalents = ("ruff:E711", "pycodestyle:E711")
    VALID = [Valid("if x is None:\n    pass\nif x is not None:\n    pass\n"), Valid("y = x == 'None'\n")]
    INVALID = [Invalid("if x == None:\n    pass\n", 1), Invalid("ok = None != x\nz = a < b != None\n", 1, 2)]

    def run(self, ix: AstIndex) -> None:
        for cmp in ix.nodes(ast.Compare):
            for i, left, op, right in _pairs(cmp):
                if isinstance(op, (ast.Eq, ast.NotEq)) and any(
                        isinstance(s, ast.Constant) and s.value is None for s in (left, right)):
                    new = "is" if isinstance(op, ast.Eq) else "is not"
                    fix = self.fix_node(cmp, libcst.Comparison, _swap_operator(i, _cst_is_name("None")),
                                        f"Use `{new}` to compare with None")
                    self.report(cmp, f"Comparison to None should be `{new} None`", fix=fix)


class BoolComparison(PyRule):
    """## What it does
    Reports `== True`, `== False`, `!= True` and `!= False`.

    ## Why is this bad?
    Comparing with a bool literal is redundant (`if flag:`) or subtly wrong: `1 == True` holds, so
    `x == True` accepts values that are not `True`. When you mean identity, use `is`.

    ## Example
    ```python
    if enabled == True:
        ...
    ```

    ## Use instead
    ```python
    if enabled:
        ...
    ```

    No automatic fix: `x == True` and `x is True` (or `x`) differ for non-bool values such as `1`.

    ## References
    - [PEP 8, programming recommendations](https://peps.python.org/pep-0008/#programming-recommendations)
    """

    code = "PY009"
    name = "bool-comparison"
    level = "note"
    summary = "Comparison to True or False with == or !="
    keywords = ("True", "False")
    equivalents = ("ruff:E712", "pycodestyle:E712")
    VALID = [Valid("if flag:\n    pass\nif flag is False:\n    pass\n")]
    INVALID = [Invalid("if flag == True:\n    pass\n", 1), Invalid("x = [\n  a != False\n]\n", 2)]

    def run(self, ix: AstIndex) -> None:
        for cmp in ix.nodes(ast.Compare):
            for i, left, op, right in _pairs(cmp):
                if not isinstance(op, (ast.Eq, ast.NotEq)):
                    continue
                lit = next((s for s in (right, left) if isinstance(s, ast.Constant) and isinstance(s.value, bool)),
                           None)
                if lit is None:
                    continue
                new = "is" if isinstance(op, ast.Eq) else "is not"
                word = str(lit.value)
                self.report(cmp, f"Comparison to {word} with `{'==' if new == 'is' else '!='}`; use `{new} {word}`"
                                 f" or the truth value")


def _cst_literal(node: libcst.CSTNode) -> bool:
    return isinstance(node, (libcst.Integer, libcst.Float, libcst.Imaginary, libcst.SimpleString,
                             libcst.ConcatenatedString, libcst.FormattedString, libcst.Tuple, libcst.List,
                             libcst.Dict, libcst.Set))


class IsLiteral(PyRule):
    """## What it does
    Reports `is` / `is not` comparisons with a str, bytes, number, tuple, list, dict or set literal.

    ## Why is this bad?
    `is` compares identity. Whether two equal literals are the same object is a CPython
    implementation detail (small-int and string interning), so `x is "abc"` may be true today and
    false after an upgrade. Python itself warns (`SyntaxWarning: "is" with a literal`).

    ## Example
    ```python
    if status is "ok":
        ...
    ```

    ## Use instead
    ```python
    if status == "ok":
        ...
    ```

    ## References
    - [Python docs: identity comparisons](https://docs.python.org/3/reference/expressions.html#is-not)
    """

    code = "PY010"
    name = "is-literal"
    level = "error"
    summary = "Identity comparison (is / is not) with a literal"
    keywords = (" is ",)
    fixable = True
    equivalents = ("ruff:F632", "pyflakes:IsLiteral")
    VALID = [Valid("if x is None or x is True or x is ...:\n    pass\n"), Valid("y = x == 'ok'\n")]
    INVALID = [Invalid("if x is 'ok':\n    pass\n", 1), Invalid("y = 1 is not x\n", 1), Invalid("y = x is ()\n", 1)]

    def run(self, ix: AstIndex) -> None:
        for cmp in ix.nodes(ast.Compare):
            for i, left, op, right in _pairs(cmp):
                if isinstance(op, (ast.Is, ast.IsNot)) and (is_literal(left) or is_literal(right)):
                    new = "==" if isinstance(op, ast.Is) else "!="
                    fix = self.fix_node(cmp, libcst.Comparison, _swap_operator(i, _cst_literal),
                                        f"Use `{new}`")
                    self.report(cmp, f"Use `{new}` to compare with a literal, not `is`", fix=fix)
