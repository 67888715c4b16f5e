"""Small libcst helpers the data-flow modules share: statement walks over a tree, for facts that
live in statements (assignments, attribute writes; much cheaper than a ``CSTVisitor``, which visits
every expression node of the file), and a call's argument by keyword or position."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import libcst as cst


def statements(body: Any, into_defs: bool = False) -> Iterator[cst.CSTNode]:
    """Every statement of a block (small statements of a line one by one), into compound
    statements; into nested functions and classes only with ``into_defs``."""
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            yield from stmt.body
            continue
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) and not into_defs:
            continue
        yield stmt
        for block in blocks(stmt):
            yield from statements(block, into_defs)


def blocks(stmt: cst.CSTNode) -> Iterator[Any]:
    """The statement lists directly inside a compound statement (elif chains followed)."""
    for attr in ("body", "orelse", "finalbody"):
        part = getattr(stmt, attr, None)
        if isinstance(part, cst.If):  # elif
            yield from blocks(part)
        elif inner := _inner(part):
            yield inner
    for h in (*getattr(stmt, "handlers", ()), *getattr(stmt, "cases", ())):
        yield _inner(h.body)


def _inner(part: Any) -> Any:
    """The statements of an indented block / else / finally (a one-line suite's small statements)."""
    if isinstance(part, (cst.Else, cst.Finally)):
        part = part.body
    if isinstance(part, (cst.IndentedBlock, cst.SimpleStatementSuite)):
        return part.body
    return ()


def call_arg(call: cst.Call, keyword: str, pos: int | None = None) -> cst.BaseExpression | None:
    """The argument passed as ``keyword=``, else the ``pos``-th positional one (None: neither)."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value == keyword:
            return a.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if pos is not None and len(positional) > pos:
        return positional[pos].value
    return None
