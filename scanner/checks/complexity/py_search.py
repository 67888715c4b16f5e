"""Python loops that *look for* an element: the inner level of a join a reader would replace.

A quadratic is worth a reader's time when the inner level searches: a loop that stops at the
element it looks for (``for c in cols: if c.name == name: return c``), a ``for``-``else``, a
generator handed to ``any`` / ``all`` / ``next``, a comprehension that keeps the elements equal to
a value from outside it (``[m for m in migrations if m[0] == app]``). A dict or a set does that
lookup in O(1). An inner loop that uses every element for the outer item (apply each converter
to a row, each field to an object) has the shape of the data (rows x columns): its collection is
usually a small, configured or per-item list, and there is nothing to replace it with.

Pure functions over ``ast`` nodes; ``py_order`` marks the steps (``Step.finds``) and
``order.actionable`` reads them.
"""

from __future__ import annotations

import ast

_SEARCHERS = frozenset({"any", "all", "next"})
_MATCH_OPS = (ast.Eq, ast.Is)
_RELATIONS = frozenset({"startswith", "endswith", "issubset", "issuperset", "isdisjoint"})
_TYPE_TESTS = frozenset({"isinstance", "issubclass", "hasattr", "getattr", "callable", "len"})


def searching_comprehensions(tree: ast.AST) -> set[int]:
    """The ids of comprehensions and generators passed to ``any`` / ``all`` / ``next``: each
    stops at the first element that decides, a linear search."""
    out: set[int] = set()
    for n in ast.walk(tree):
        if (type(n) is ast.Call and type(n.func) is ast.Name and n.func.id in _SEARCHERS and n.args
                and type(n.args[0]) in (ast.GeneratorExp, ast.ListComp)):
            out.add(id(n.args[0]))
    return out


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if type(n) is ast.Name}


def _outside(node: ast.AST, target: set[str]) -> bool:
    """``node`` reads a value from outside the loop (a name, not the element) and not the element."""
    names = _names(node)
    return bool(names) and not names & target


def _outside_receiver(func: ast.expr, target: set[str]) -> bool:
    """``name.startswith(prefix)`` with the element as argument: a method of an outside value (not
    ``self``) relating it to the element."""
    return (type(func) is ast.Attribute and func.attr in _RELATIONS and type(func.value) is ast.Name
            and func.value.id not in ("self", "cls") and func.value.id not in target)


def _matches(test: ast.expr, target: set[str]) -> bool:
    """``test`` relates the element to a value from outside the loop that is not a constant: ``==``
    / ``is`` (``c.name == name``), the outside value found in the element (``node in
    m.dependencies``), or a predicate called with both (``self.check_dependency(x, dep)``,
    ``name.startswith(prefix)``). A match under ``not`` picks out the elements that are *not* the
    one (``if not (field == pk): ...``): the loop works on every other element, it does not look."""
    for n in _unnegated(test):
        if type(n) is ast.Compare:
            sides = [n.left, *n.comparators]
            for op, left, right in zip(n.ops, sides, sides[1:]):
                if isinstance(op, _MATCH_OPS):
                    if any(_names(a) & target and _outside(b, target) for a, b in ((left, right), (right, left))):
                        return True
                elif isinstance(op, ast.In) and _names(right) & target and _outside(left, target):
                    return True
        elif (type(n) is ast.Call and not (type(n.func) is ast.Name and n.func.id in _TYPE_TESTS)
              and any(_names(a) & target for a in n.args)
              and (any(_outside(a, target) for a in n.args) or _outside_receiver(n.func, target))):
            return True
    return False


def _unnegated(test: ast.expr):
    """The nodes of a test, not into the operand of a ``not``."""
    stack: list[ast.AST] = [test]
    while stack:
        n = stack.pop()
        if type(n) is ast.UnaryOp and type(n.op) is ast.Not:
            continue
        yield n
        stack.extend(ast.iter_child_nodes(n))


def _own(stmts: list[ast.stmt]):
    """The statements and expressions of a loop body, not into nested loops or defs."""
    stack: list[ast.AST] = list(stmts)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.For,
                          ast.AsyncFor, ast.While)):
            continue
        yield n
        stack.extend(ast.iter_child_nodes(n))


def for_searches(loop: ast.For | ast.AsyncFor) -> bool:
    """The ``for`` loop looks for an element: a ``for``-``else``, or an ``if`` that compares the
    element with an outside value (``if user.id == order.user_id``, ``if fnmatch(path, pattern)``).
    An ``if`` that asks each element (``if backend.has_perm(user): return True``) walks a chain of
    handlers, not a table."""
    if loop.orelse:
        return True
    target = _names(loop.target)
    return any(type(n) is ast.If and _matches(n.test, target) for n in _own(loop.body))


def clause_searches(comp: ast.AST, clause: ast.comprehension, searching: set[int]) -> bool:
    """A comprehension clause looks for elements: the comprehension is passed to ``any`` / ``all``
    / ``next``, or one of the clause's conditions matches the element against an outside value."""
    if id(comp) in searching:
        return True
    target = _names(clause.target)
    if type(comp) is ast.GeneratorExp and type(comp.elt) is ast.Compare and _matches(comp.elt, target):
        return True  # sum(v == dest for v in values): counts the matches
    return any(_matches(test, target) for test in clause.ifs)


_GROWS = frozenset({"append", "extend", "insert", "appendleft"})


def accumulates(loop: ast.AST, collection: ast.expr) -> bool:
    """``loop`` grows ``collection`` and never empties it (no ``x = []``, no ``x.clear()``): a
    collection that accumulates over the passes, not a per-pass buffer."""
    if not grows(loop, collection):
        return False
    want = ast.dump(collection)
    for n in ast.walk(loop):
        if type(n) is ast.Assign and any(ast.dump(t) == want for t in n.targets):
            return False
        if (type(n) is ast.Call and type(n.func) is ast.Attribute and n.func.attr == "clear"
                and ast.dump(n.func.value) == want):
            return False
    return True


def grows(loop: ast.AST, recv: ast.expr) -> bool:
    """``loop`` adds to the list ``recv`` that it shifts (``pop(0)`` / ``insert(0, x)``): a queue, the
    quadratic a ``collections.deque`` removes. Shifting a list built before the loop (draining a
    few tokens) is a memmove per element, cheap until the list is very long."""
    want = ast.dump(recv)
    for n in ast.walk(loop):
        if (type(n) is ast.Call and type(n.func) is ast.Attribute and n.func.attr in _GROWS
                and ast.dump(n.func.value) == want):
            if n.func.attr == "insert" and n.args and type(n.args[0]) is ast.Constant and n.args[0].value == 0:
                continue  # the shift itself
            return True
    return False


def grown_collection(it: ast.expr) -> ast.expr:
    """The collection a loop walks, through a copy or a wrapper: ``xs[:]``, ``list(xs)``, ``sorted(xs)``."""
    while True:
        if type(it) is ast.Subscript and type(it.slice) is ast.Slice:
            it = it.value
        elif type(it) is ast.Call and type(it.func) is ast.Name and it.func.id in ("list", "sorted", "tuple") and it.args:
            it = it.args[0]
        else:
            return it
