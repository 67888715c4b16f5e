"""Calls of methods whose class the engine does not know, decided by the classes of a module.

* **Class-hierarchy dispatch** (:func:`overriders`): ``f.where_clause(...)`` on a receiver of
  unknown type, where a class hierarchy of the module defines ``where_clause`` in a base and
  overrides it in subclasses (``Filter`` -> ``TemplatedFilter``, ``InFilter``): the call runs one
  of those methods, so its value is the join of what each returns. Not for the method names of
  ``str``/``dict``/``list``/``set``/``bytes`` (``x.get`` is a dict's get far more often than a
  module's), nor on a receiver bound by an import (``json.loads``).
* **The receiver's own data** (:func:`receiver_returns`): a method of another module's class
  called on an object the engine only knows as tainted (``Filters(pairs).build_where_clauses(t)``:
  the constructor's arguments made it): what the method returns from ``self.<attr>`` of its class
  is the receiver's taint, and what it returns from elsewhere is its summary's, instead of the
  whole receiver (the unknown call's default).
"""

from __future__ import annotations

import weakref
from dataclasses import replace
from typing import Any

import libcst as cst

from scanner.checks.dataflow import objects
from scanner.checks.dataflow.flow import Summary, Taint, Value, join

_BUILTIN_METHODS = frozenset(name for t in (str, dict, list, set, bytes, tuple, frozenset) for name in dir(t))


def _imported(fa: Any, node: cst.BaseExpression) -> bool:
    while isinstance(node, (cst.Attribute, cst.Call, cst.Subscript)):
        node = node.value if not isinstance(node, cst.Call) else node.func
    if not isinstance(node, cst.Name):
        return False
    return any(isinstance(n, (cst.Import, cst.ImportFrom)) for n in fa.bound_nodes(node))


def overriders(w: Any, func: cst.BaseExpression) -> list[cst.FunctionDef]:
    """The methods named like the call that a class hierarchy of the module defines in a base and
    overrides in a subclass (empty when the name is not such a method)."""
    if not isinstance(func, cst.Attribute) or func.attr.value in _BUILTIN_METHODS:
        return []
    name = func.attr.value
    if isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
        return []
    found = _overridden(w.fa).get(name, [])
    return found if found and not _imported(w.fa, func.value) else []


_BY_NAME: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _overridden(fa: Any) -> dict[str, list[cst.FunctionDef]]:
    """{method name: the methods of that name} for the names that a class of the module overrides
    from a base of the module (computed once per file)."""
    got = _BY_NAME.get(fa)
    if got is None:
        of = objects.facts(fa)
        defining: dict[str, list[cst.ClassDef]] = {}
        for cls, methods in fa.methods.items():
            for name in methods:
                if name not in _BUILTIN_METHODS:
                    defining.setdefault(name, []).append(cls)
        got = {}
        for name, classes in defining.items():
            if len(classes) > 1 and any(name in fa.methods.get(b, {}) for cls in classes for b in of.bases(cls)[1:]):
                got[name] = [fa.methods[cls][name] for cls in classes]
        _BY_NAME[fa] = got
    return got


def dispatched(w: Any, call: cst.Call, fns: list[cst.FunctionDef], args: list[Value]) -> Value | None:
    """The join of the methods' summaries applied to the call (None when one is being analysed)."""
    out = []
    for fn in fns:
        summ = w.fa.summary(fn)
        if summ is None:
            return None
        out.append(w.apply_summary(call, fn, True, summ, args))
    return join(*out)


def receiver_returns(summ: Summary, family: int, recv: Value, call: cst.Call, name: str, wrap: Any) -> Value:
    """The receiver's taints for what the method returns from its own class's attributes."""
    out: list[Taint] = []
    mine = [rt for rt in summ.returns if rt.origin.attr and rt.origin.attr[0] == family]
    for t in recv:  # each receiver taint with every returned attribute: no return is crowded out
        for rt in mine:
            got = t.then(call, f"the object whose {name}() is called").then(
                wrap(rt.origin.node), f"read as '{rt.origin.what}'")
            for node, msg in rt.steps:
                got = got.then(wrap(node), msg)
            out.append(replace(got, cleared=got.cleared | rt.cleared, shape=rt.shape or got.shape,
                               spliced=got.spliced or rt.spliced, slot=rt.slot))
    return join(tuple(out))


def without_attrs(v: Value) -> Value:
    """The value without symbolic ``self.<attr>`` taints of another module's analysis."""
    return tuple(t for t in v if not t.origin.attr)
