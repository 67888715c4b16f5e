"""Constant facts of one function: what stops a flow that only looks possible.

Takes a function (or module) node and gives the taint walker:

- the names bound exactly once, to a literal (``num = 106``), and the containers bound exactly once
  to a literal with literal keys (``m = {"a": "safe", "b": x}``, ``items = ["safe", x]``) and never
  changed afterwards (no ``m[k] = ...``, ``del m[k]``, no method or attribute use such as
  ``m.update(...)``, no augmented assignment);
- :func:`evaluate`: the value of an expression made of literals and those names (integer and string
  arithmetic, comparisons, ``and``/``or``/``not``), or :data:`UNKNOWN`.

So ``"safe" if 7 * 18 + num > 200 else param`` takes only the constant branch, ``if 2 > 1:`` only
its body, ``match "a":`` only the case that matches, and ``m["a"]`` reads the constant it holds.
Everything is read on the libcst tree the walker already has; nothing runs the analysed code.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

UNKNOWN: Any = object()
_MAX_STR = 10_000  # "a" * 10**9 is not worth computing: unknown
_BINOPS = {
    cst.Add: operator.add, cst.Subtract: operator.sub, cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv, cst.Modulo: operator.mod, cst.Divide: operator.truediv,
}
_COMPARE = {
    cst.LessThan: operator.lt, cst.GreaterThan: operator.gt, cst.LessThanEqual: operator.le,
    cst.GreaterThanEqual: operator.ge, cst.Equal: operator.eq, cst.NotEqual: operator.ne,
}
_MUTATED, _DICT, _LIST = "mutated", "dict", "list"


@dataclass
class Constants:
    values: dict[str, Any] = field(default_factory=dict)  # name -> int/str/float/bool
    containers: dict[str, cst.BaseExpression] = field(default_factory=dict)  # name -> its Dict/List literal
    # name -> the literal first element of the list it is bound to once, even if items are added
    # later (``cmd = ["sh", "-c"]; cmd.append(line)``): what program a list-form command runs
    heads: dict[str, str] = field(default_factory=dict)


class _Bindings(cst.CSTVisitor):
    """Counts every binding of every name in the node (nested functions included: conservative)."""

    def __init__(self) -> None:
        self.count: dict[str, int] = {}
        self.value: dict[str, cst.BaseExpression] = {}
        self.changed: set[str] = set()

    def _bind(self, target: cst.CSTNode, value: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            self.count[target.value] = self.count.get(target.value, 0) + 1
            if value is not None:
                self.value[target.value] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self._bind(el.value, None)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, None)
        elif isinstance(target, cst.Subscript | cst.Attribute) and isinstance(target.value, cst.Name):
            self.changed.add(target.value.value)  # m[k] = v / m.x = v

    def _unknown(self, target: cst.CSTNode) -> None:
        """Bound by something other than a single assignment: never a constant."""
        self._bind(target, None)
        self._bind(target, None)

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            self._bind(t.target, node.value if len(node.targets) == 1 else None)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._unknown(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._unknown(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._unknown(node.asname.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._unknown(node.target)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._unknown(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._bind(node.target, None)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name):
            self.changed.add(node.value.value)  # m.update(...), m.append(...)

    def visit_Global(self, node: cst.Global) -> None:
        for n in node.names:
            self.changed.add(n.name.value)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        for n in node.names:
            self.changed.add(n.name.value)

    def visit_Param(self, node: cst.Param) -> None:
        self._unknown(node.name)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._unknown(node.name.name)


def _literal_keys(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Dict):
        return all(isinstance(el, cst.DictElement) and evaluate(el.key, Constants()) is not UNKNOWN
                   for el in node.elements)
    return isinstance(node, (cst.List, cst.Tuple)) and all(isinstance(el, cst.Element) for el in node.elements)


def collect(node: cst.CSTNode) -> Constants:
    b = _Bindings()
    node.visit(b)
    out = Constants()
    for name, n in b.count.items():
        if n != 1 or name in b.changed or name not in b.value:
            continue
        value = b.value[name]
        if isinstance(value, (cst.Dict, cst.List, cst.Tuple)) and _literal_keys(value):
            out.containers[name] = value
    for name, n in b.count.items():
        value = b.value.get(name)
        if n == 1 and isinstance(value, (cst.List, cst.Tuple)) and value.elements:
            head = evaluate(value.elements[0].value, Constants()) if isinstance(value.elements[0], cst.Element) else None
            if isinstance(head, str):
                out.heads[name] = head
    for name, n in b.count.items():  # literals may refer to each other in any order
        if n == 1 and name not in b.changed and name in b.value:
            v = evaluate(b.value[name], out)
            if v is not UNKNOWN:
                out.values[name] = v
    return out


def evaluate(e: cst.BaseExpression, c: Constants) -> Any:
    """The constant value of ``e``, or UNKNOWN."""
    if isinstance(e, cst.Integer | cst.Float):
        return e.evaluated_value
    if isinstance(e, cst.SimpleString | cst.ConcatenatedString):
        v = e.evaluated_value
        return v if isinstance(v, str) else UNKNOWN
    if isinstance(e, cst.Name):
        if e.value in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[e.value]
        return c.values.get(e.value, UNKNOWN)
    if isinstance(e, cst.UnaryOperation):
        v = evaluate(e.expression, c)
        if v is UNKNOWN:
            return UNKNOWN
        if isinstance(e.operator, cst.Not):
            return not v
        if isinstance(e.operator, cst.Minus) and isinstance(v, int | float):
            return -v
        return UNKNOWN
    if isinstance(e, cst.BinaryOperation):
        op = _BINOPS.get(type(e.operator))
        left, right = evaluate(e.left, c), evaluate(e.right, c)
        if op is None or left is UNKNOWN or right is UNKNOWN or (isinstance(left, str) and op is operator.mod):
            return UNKNOWN
        if op is operator.mul and (isinstance(left, str) or isinstance(right, str)):
            n = right if isinstance(left, str) else left
            s = left if isinstance(left, str) else right
            if not isinstance(n, int) or len(s) * max(n, 0) > _MAX_STR:
                return UNKNOWN
        try:
            return op(left, right)
        except (TypeError, ZeroDivisionError, OverflowError, ValueError):
            return UNKNOWN
    if isinstance(e, cst.Comparison):
        left = evaluate(e.left, c)
        if left is UNKNOWN:
            return UNKNOWN
        for target in e.comparisons:
            op = _COMPARE.get(type(target.operator))
            right = evaluate(target.comparator, c)
            if op is None or right is UNKNOWN:
                return UNKNOWN
            try:
                if not op(left, right):
                    return False
            except TypeError:
                return UNKNOWN
            left = right
        return True
    if isinstance(e, cst.BooleanOperation):
        left = evaluate(e.left, c)
        if left is UNKNOWN:
            return UNKNOWN
        if isinstance(e.operator, cst.And):
            return left if not left else evaluate(e.right, c)
        return left if left else evaluate(e.right, c)
    return UNKNOWN


def element(container: cst.BaseExpression, key: Any) -> cst.BaseExpression | None:
    """The expression a constant container holds at a literal key or index, or None."""
    if isinstance(container, cst.Dict):
        found = None
        for el in container.elements:
            if isinstance(el, cst.DictElement) and evaluate(el.key, Constants()) == key:
                found = el.value  # the last one wins, as in Python
        return found
    if isinstance(key, int) and not isinstance(key, bool) and isinstance(container, (cst.List, cst.Tuple)):
        elements = container.elements
        if -len(elements) <= key < len(elements):
            return elements[key].value
    return None


def match_cases(subject: Any, cases: list[cst.MatchCase], c: Constants) -> list[cst.MatchCase]:
    """The cases that can run when the subject is the constant ``subject``: a literal pattern that
    differs is skipped; a guard-less literal that matches, or a bare capture / wildcard, ends the
    list (the cases after it cannot run)."""
    out = []
    for case in cases:
        p = case.pattern
        if isinstance(p, cst.MatchValue):
            v = evaluate(p.value, c)
            if v is not UNKNOWN and v != subject:
                continue
            out.append(case)
            if v is not UNKNOWN and case.guard is None:
                break
        else:
            out.append(case)
            if isinstance(p, cst.MatchAs) and p.pattern is None and case.guard is None:
                break
    return out
