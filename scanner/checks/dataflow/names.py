"""Which literal strings a key expression can be: a literal, or a loop variable over a constant
collection of strings (``for name in ("API_TOKEN", "QUEUE_URL"): os.environ[name]``).

Takes the walker (:mod:`scanner.checks.dataflow.taint`) and an expression; the engine asks when a
source or a lookup is keyed by a name (``os.environ.get(name)``, ``config[key]``), so that a key
that can be secret-named makes the value a secret. The collection is a tuple/list/set/frozenset
literal, inline or bound to a name anywhere in the file (``REQUIRED = (...)``), or the keys of a
dict literal.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

import libcst as cst

from scanner.checks.dataflow.guards import assigned_values
from scanner.checks.dataflow.guards import literal as _literal

_DEPTH = 3
_WRAPPERS = frozenset({"frozenset", "set", "tuple", "list", "sorted"})


def bound_values(fa: Any, node: cst.CSTNode) -> list[cst.BaseExpression]:
    """What a name is assigned anywhere in the file (``NAME = value``), as its scope resolves it."""
    if not isinstance(node, cst.Name):
        return []
    values = assigned_values(fa)
    return [values[id(n)] for n in fa.bound_nodes(node) if id(n) in values]


def collection_strings(fa: Any, node: cst.CSTNode | None, depth: int = 0) -> tuple[str, ...]:
    """The literal strings of a constant collection (or of what a name is bound to)."""
    if node is None or depth > _DEPTH:
        return ()
    inner = _wrapped(node)
    if inner is not None:
        return collection_strings(fa, inner, depth + 1)
    if isinstance(node, cst.Name):
        found = [collection_strings(fa, v, depth + 1) for v in bound_values(fa, node)]
        return tuple(chain.from_iterable(found))
    return tuple(s for s in map(_literal, _elements(node)) if s is not None)


def _wrapped(node: cst.CSTNode) -> cst.BaseExpression | None:
    """``frozenset((...))``, ``sorted([...])``: the collection inside."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in _WRAPPERS:
        return node.args[0].value if len(node.args) == 1 else None
    return None


def _elements(node: cst.CSTNode) -> list[cst.BaseExpression]:
    if isinstance(node, cst.Dict):
        return [el.key for el in node.elements if isinstance(el, cst.DictElement)]
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return [el.value for el in node.elements]
    return []


def bind_loop(w: Any, target: cst.CSTNode, iterable: cst.CSTNode) -> None:
    """``for name in REQUIRED:``: remember the strings ``name`` takes."""
    if isinstance(target, cst.Name):
        strings = collection_strings(w.fa, iterable)
        if strings:
            w.fa.key_strings[w.fa.key(target)] = strings


def key_strings(w: Any, node: cst.CSTNode) -> tuple[str, ...]:
    """The strings a lookup key can be: the literal, or a loop variable's constants."""
    text = _literal(node)
    if text is not None:
        return (text,)
    if isinstance(node, cst.Name):
        return w.fa.key_strings.get(w.fa.key(node), ())
    return ()


def secret_key(w: Any, node: cst.CSTNode) -> str | None:
    """A secret-named string the key can be (the first), else None."""
    return next((s for s in key_strings(w, node) if w.spec.is_secret_name(s)), None)
