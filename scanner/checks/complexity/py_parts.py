"""What a Python expression is made of: the names a loop's collection derives from.

The dependent-iteration rule (``order.Lineage``) needs, for each collection a loop walks, the names
it is built on: ``f`` in ``f.flows[0].steps()``, the keyed element ``groups[k]`` under ``for k``,
the item a worklist ``pop()`` binds. Pure functions over ``ast`` nodes, used by ``py_order``.
"""

from __future__ import annotations

import ast

from scanner.checks.complexity.py_recursion import dotted as _dotted, dotted_tail as _dotted_tail

RANGES = ("range", "xrange")  # xrange: Python 2 code is scanned too
DEF_TYPES = {ast.FunctionDef, ast.AsyncFunctionDef}
_LEAF_STATEMENTS = {ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Pass, ast.Break,
                    ast.Continue, ast.Import, ast.ImportFrom, ast.Raise, ast.Delete, ast.Global,
                    ast.Nonlocal, ast.Assert}
PASS_THROUGH = {"enumerate", "reversed", "sorted", "list", "tuple", "set", "frozenset", "iter", "zip"}


def statements(stmts: list[ast.stmt]):
    """Every statement of a body, through compound statements, not into defs and classes.

    Statements are about a tenth of a tree's nodes: indexing at this level keeps the analysis to
    one full walk per function (the cost walk)."""
    stack = list(reversed(stmts))
    while stack:
        node = stack.pop()
        yield node
        t = type(node)
        if t in _LEAF_STATEMENTS or t is ast.ClassDef or t in DEF_TYPES:
            continue
        for name in ("finalbody", "orelse", "body"):
            sub = getattr(node, name, None)
            if sub:
                stack.extend(reversed(sub))
        for h in getattr(node, "handlers", ()):
            stack.extend(reversed(h.body))
        for c in getattr(node, "cases", ()):
            stack.extend(reversed(c.body))


def names(target: ast.expr) -> set[str]:
    """The names a loop target (or assignment target) binds: not ``x`` in ``x.attr = ...``."""
    if type(target) is ast.Name:
        return {target.id}
    if type(target) is ast.Starred:
        return names(target.value)
    if type(target) is ast.Tuple or type(target) is ast.List:
        return {n for e in target.elts for n in names(e)}
    return set()


def keyed(target: ast.expr, it: ast.expr) -> set[str]:
    """``for k in d`` / ``for i in range(len(rows))``: the element ``d[k]`` / ``rows[i]`` is the item's too."""
    if type(target) is not ast.Name:
        return set()
    if type(it) is ast.Call and not it.keywords and len(it.args) <= 1:
        f = it.func
        if type(f) is ast.Attribute and f.attr == "keys" and not it.args:
            it = f.value
        elif (type(f) is ast.Name and f.id in ("range", "xrange", "sorted", "list", "reversed") and it.args
              and (f.id not in RANGES or type(it.args[0]) is ast.Call and _dotted_tail(it.args[0].func) == "len"
                   and len(it.args[0].args) == 1)):
            it = it.args[0].args[0] if f.id in RANGES else it.args[0]
    elif type(it) is ast.Call and type(it.func) is ast.Name and it.func.id in RANGES and len(it.args) == 3:
        stop = it.args[1]  # range(0, len(xs), k): chunk starts; xs[i:i + k] is the chunk's part of xs
        if type(stop) is ast.Call and _dotted_tail(stop.func) == "len" and len(stop.args) == 1:
            coll = _dotted(stop.args[0])
            if coll is not None:
                return {f"{coll}[{target.id}:]"}
        return set()
    coll = _dotted(it)
    return {f"{coll}[{target.id}]"} if coll is not None else set()


def base_of(node: ast.expr) -> tuple[str, ...]:
    """The names an expression is a chain on: ``f`` in ``f.flows[0].steps()``, ``sorted(f.items)``,
    ``range(len(f.items))``, and the keyed element ``d[k]`` in ``d[k].items``; empty for anything
    else (``range(i)`` and ``table[i]`` are not on ``i``)."""
    keyed: tuple[str, ...] = ()
    while True:
        t = type(node)
        if t is ast.Name:
            return (*keyed, node.id)
        if t is ast.Subscript:
            coll = _dotted(node.value)
            if coll is not None and type(node.slice) is ast.Name:
                keyed = (*keyed, f"{coll}[{node.slice.id}]")
            elif coll is not None and type(node.slice) is ast.Slice and type(node.slice.lower) is ast.Name:
                keyed = (*keyed, f"{coll}[{node.slice.lower.id}:]")  # a chunk starting at the item
            keyed = (*keyed, *keys_of(node.slice))  # models[app_label, name]: the element the item selects
            node = node.value
        elif t is ast.Attribute or t is ast.Starred:
            node = node.value
        elif t is ast.List or t is ast.Tuple or t is ast.Set:  # `values = [values]`: the item, wrapped
            return (*keyed, *(b for e in node.elts for b in base_of(e)))
        elif t is ast.Dict:  # `error = {field: error}`
            return (*keyed, *(b for e in (*node.keys, *node.values) if e is not None for b in base_of(e)))
        elif t is ast.BoolOp:  # `frame.code_context or []`: one of the values, each on the item
            return (*keyed, *(b for e in node.values for b in base_of(e)))
        elif t is ast.IfExp:  # `row.values() if hasattr(row, "values") else row`
            return (*keyed, *base_of(node.body), *base_of(node.orelse))
        elif t in _COMP_TYPES:  # [ct for ct in content_types if ...]: a selection of the same parts
            node = node.generators[0].iter
        elif t is ast.Call:
            f, args = node.func, node.args
            if type(f) is ast.Attribute:
                # get_app_config(label), os.path.join(app_config.path, "management"): made from the
                # item; a lookup (`table.get(dep.app_label)`) selects by a key as `table[k]` does:
                # the item's element only when the key is the item itself
                keyed = (*keyed, *((a.id for a in args if type(a) is ast.Name) if f.attr in _LOOKUPS
                                   else (b for a in args for b in base_of(a))))
                node = f.value
            elif type(f) is not ast.Name:
                return keyed
            elif not args:
                return (*keyed, f.id)  # `v()`: calling the item
            elif f.id in RANGES and len(args) in (1, 2, 3) and type(args[len(args) > 1]) is ast.Call and _dotted_tail(
                    args[len(args) > 1].func) == "len":  # range(len(x)), range(1, len(x)): positions in x
                stop = args[len(args) > 1]
                if len(stop.args) != 1:
                    return keyed
                node = stop.args[0]
            elif f.id in PASS_THROUGH:
                return (*keyed, *(b for a in args for b in base_of(a)))  # zip(p1, p2): both the item's
            elif f.id in RANGES and args and count_of(args[len(args) > 1]) is not None:
                node = count_of(args[len(args) > 1])  # range(2, site.num_pages + 1): the item's own count
            elif f.id[:1].isupper() and not f.id.isupper():  # Geometry(item.wkt): a wrapper of the item
                node = args[0]
            elif f.id not in RANGES and f.id not in _NOT_PARTS:
                # split_cookies(value), vars(model), fields_of(model._meta): what a function returns
                # from the item is taken as the item's part (PyOrder._source checks callees of the file)
                return (*keyed, *(b for a in args for b in base_of(a)))
            else:
                return keyed
        else:
            return keyed


_COMP_TYPES = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_LOOKUPS = frozenset({"get", "pop", "setdefault", "__getitem__"})
_NOT_PARTS = frozenset({"len", "abs", "int", "float", "min", "max", "sum", "round", "divmod", "pow", "ord", "chr",
                        "hash", "id", "bool", "isinstance", "issubclass", "callable", "hasattr"})


def fixed_literal(node: ast.expr) -> bool:
    """``{True}``, ``("a", "b")``: a non-empty display of constants (not ``[]``, not ``[node]``)."""
    return (type(node) in (ast.List, ast.Tuple, ast.Set) and bool(node.elts)
            and all(type(e) is ast.Constant for e in node.elts))


def count_of(stop: ast.expr) -> ast.expr | None:
    """``site.paginator.num_pages`` in ``range(site.paginator.num_pages + 1)``: an attribute of a
    name (not ``range(i)``, a bare index: a triangle, not the item's own count)."""
    if type(stop) is ast.BinOp and isinstance(stop.op, (ast.Add, ast.Sub)) and type(stop.right) is ast.Constant:
        stop = stop.left
    return stop if type(stop) is ast.Attribute and _dotted(stop) is not None else None


def keys_of(key: ast.expr) -> tuple[str, ...]:
    """The names a subscript selects by: ``d[k]`` -> k, ``models[app, name]`` -> app, name; not
    slices or arithmetic (``a[i:]`` and ``a[i + 1]`` are ranges, not an item's own element)."""
    if type(key) is ast.Name:
        return (key.id,)
    if type(key) is ast.Tuple:
        return tuple(e.id for e in key.elts if type(e) is ast.Name)
    return ()


def worklist_items(loop: ast.While) -> set[str]:
    """``while stack: node = stack.pop()``: the names bound to items popped from the loop's worklist.

    A traversal visits each item once, so loops over an item's children add up to the size of the
    whole structure over all passes: they are amortised into the worklist's own level."""
    test = loop.test
    if type(test) is ast.Call and _dotted_tail(test.func) == "len" and len(test.args) == 1:
        test = test.args[0]
    if type(test) is not ast.Name:
        return set()
    names = set()
    for stmt in statements(loop.body):  # also `try: key, member = next(members[-1])`
        if type(stmt) is ast.Assign and type(stmt.value) is ast.Call:
            f, args = stmt.value.func, stmt.value.args
            if (type(f) is ast.Attribute and f.attr in ("pop", "popleft") and type(f.value) is ast.Name
                    and f.value.id == test.id) or (_dotted_tail(f) == "heappop" and args
                                                   and type(args[0]) is ast.Name
                                                   and args[0].id == test.id) or (
                    type(f) is ast.Name and f.id == "next" and args and type(args[0]) is ast.Subscript
                    and type(args[0].value) is ast.Name and args[0].value.id == test.id):
                for t in stmt.targets:
                    for n in ast.walk(t):
                        if type(n) is ast.Name:
                            names.add(n.id)
    return names


_EMPTY_CALLS = frozenset({"list", "set", "dict", "deque", "OrderedDict", "defaultdict", "Counter"})
_ONE_AT_A_TIME = frozenset({"append", "add", "appendleft", "insert", "setdefault"})
_READS = frozenset({"len", "sorted", "list", "tuple", "set", "frozenset", "any", "all", "sum", "min", "max",
                    "enumerate", "reversed", "join", "print", "bool"})


def empty_collection(node: ast.expr) -> bool:
    """``[]``, ``{}``, ``set()``, ``defaultdict(list)``: a new empty collection."""
    if type(node) in (ast.List, ast.Set, ast.Tuple):
        return not node.elts
    if type(node) is ast.Dict:
        return not node.keys
    if type(node) is ast.Call:
        f = node.func
        name = f.id if type(f) is ast.Name else f.attr if type(f) is ast.Attribute else ""
        return name in _EMPTY_CALLS and (not node.args or name == "defaultdict") and not node.keywords
    return False


def filled_singly(body: list[ast.stmt], name: str) -> bool:
    """Whether a block grows ``name`` one element at a time only (``append``, ``add``, ``x[k] = v``):
    no ``extend`` / ``update`` / ``+=`` of a whole collection, and no call it is handed to (that
    might fill it)."""
    for n in _own(body):
        t = type(n)
        if t is ast.AugAssign and type(n.target) is ast.Name and n.target.id == name:
            return False
        if t is ast.Call:
            f = n.func
            if type(f) is ast.Attribute and type(f.value) is ast.Name and f.value.id == name:
                if f.attr not in _ONE_AT_A_TIME and f.attr not in ("get", "index", "count", "remove", "pop",
                                                                    "items", "keys", "values", "copy", "clear"):
                    return False
            callee = f.id if type(f) is ast.Name else f.attr if type(f) is ast.Attribute else ""
            if callee not in _READS and any(type(a) is ast.Name and a.id == name
                                            for a in (*n.args, *(k.value for k in n.keywords))):
                return False
    return True


def _own(stmts: list[ast.stmt]):
    stack: list[ast.AST] = list(stmts)
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield n
        stack.extend(ast.iter_child_nodes(n))
