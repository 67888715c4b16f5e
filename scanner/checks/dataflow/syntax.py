"""Small questions about libcst expressions that the taint engine asks everywhere: a dotted name,
the literal text an expression starts with, and whether that text fixes where a URL goes."""

from __future__ import annotations

import re

import libcst as cst

from scanner.checks.dataflow.guards import literal

# A literal prefix that fixes the scheme+host of a URL ("https://api.example.com/...") or the
# first segment of a local path ("/profile/..."): what follows cannot change where it goes.
SAFE_URL_PREFIX = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s{}%]+[/?#]|/[^/\\\s{}%])")
URL_KINDS = frozenset({"ssrf", "redirect"})

# `@mock.patch("pkg.f")` is a test double, not `@router.patch("/items/{id}")`.
NOT_ROUTES = frozenset({"mock", "unittest"})


def url_fixed(prefix: str | None) -> bool:
    """Text before a value that fixes where a URL goes: scheme+host, a first path segment, or a
    ``?``/``#`` (the value is in the query or fragment)."""
    return prefix is not None and bool(SAFE_URL_PREFIX.match(prefix) or "?" in prefix or "#" in prefix)


def leading_text(node: cst.BaseExpression) -> str | None:
    """The literal text an expression is known to start with... or, for ``a + "?"``, to contain
    before its end: enough for :func:`_url_fixed`."""
    text = literal(node)
    if text is not None:
        return text
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = leading_text(node.left), literal(node.right)
        if left is not None and url_fixed(left):
            return left
        if right is not None and ("?" in right or "#" in right):
            return right
        return left
    return None



def dotted(node: cst.CSTNode) -> str:
    """``a.b.c`` for names and attributes, '' otherwise."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else ""
    return ""
