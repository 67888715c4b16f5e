"""Where a request's session is written: the sink of DF017 (trust boundary violation, CWE-501).

Takes the walker of :mod:`scanner.checks.dataflow.taint` and an expression; answers whether it is a
session: Flask's (or Quart's) ``session`` global, or the ``.session`` of a request object
(Django/Starlette ``request.session``, ``self.request.session``). A session write is an assignment
to one of its keys (``session["user"] = x``), not a call, so the walker asks on each subscript
assignment (and on ``session.update(...)`` / ``setdefault(...)``).
"""

from __future__ import annotations

from typing import Any

import libcst as cst

SESSION_GLOBALS = frozenset({"flask.session", "quart.session"})
SESSION_WRITERS = frozenset({"update", "setdefault", "__setitem__"})
WHAT = "the session (trusted server-side state)"


def is_session(w: Any, node: cst.CSTNode) -> bool:
    if isinstance(node, cst.Name):
        return node.value == "session" and bool(w.fa.qnames(node) & SESSION_GLOBALS)
    if isinstance(node, cst.Attribute) and node.attr.value == "session":
        return w.is_request(node.value)
    return False
