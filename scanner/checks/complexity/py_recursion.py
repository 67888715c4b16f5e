"""Python recursion and memoisation: what a function that calls itself costs.

Pure functions over ``ast``; ``py_order`` asks :func:`recursion` about a function whose text names
itself in a call, walks the body as usual (a self-call counts 0 there), then lets the result
:class:`Recursion` add its levels on top of the body's worst path. The recurrence decides:

* one self-call per path on a smaller input (``f(n - 1)``, ``f(s[1:])``): the body runs n times, one
  level (``T(n) = T(n-1) + O(n^k)`` is O(n^(k+1)));
* self-calls on a part of a parameter (``node.left``, ``child`` of ``node.children``, ``v`` of
  ``adj[u]``): a traversal visits each part once, one level, and loops over the parameter's own parts
  are amortised into it (``parts``);
* self-calls on halves (``f(lo, mid)``, ``f(nums[:mid])``): with two or more, divide and conquer is
  n log n at least, counted as one level as sorting is; a single one is a binary search, no level;
* memoised (``functools.cache`` / ``lru_cache``, a mapping or table outside the call that it reads
  back and stores into) or marking what it visited without undoing it (``grid[i][j] = 0``,
  ``seen.add(u)``): states x work per state, one level per parameter that changes between calls;
* two or more self-calls on a path (or one in a loop) that do none of the above (``f(n-1) +
  f(n-2)``, backtracking that undoes its marks): exponential, reported by CX005 and never as O(n^k).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_MEMO_DECORATORS = frozenset({"cache", "lru_cache", "memoize", "memoized", "cached"})


def memoized(fn: ast.AST) -> bool:
    """A function that remembers its results: ``@functools.cache``/``@lru_cache(...)``, or a body
    that looks a key up in a mapping that outlives the call (an attribute such as ``self._cache``,
    or a module global), stores into the same mapping and returns what it read from it.
    A dict the function makes for itself (de-duplication inside one call) does not count."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    if any(dotted_tail(d.func if isinstance(d, ast.Call) else d) in _MEMO_DECORATORS for d in fn.decorator_list):
        return True
    memo = _MemoFacts()
    for n in ast.walk(fn):
        memo.see(n)
    return bool((memo.looked & memo.stored & memo.returned()) - memo.local)


class _MemoFacts:
    """What a function body does with mappings, as ``ast.dump`` keys of the mapping expression."""

    def __init__(self) -> None:
        self.looked: set[str] = set()  # m.get(k), k in m
        self.stored: set[str] = set()  # m[k] = ...
        self.local: set[str] = set()  # names bound in the function (parameters included)
        self.read_into: dict[str, str | None] = {}  # got = m.get(k) / m[k]
        self.results: list[ast.expr] = []

    def see(self, n: ast.AST) -> None:
        if isinstance(n, (ast.Call, ast.Compare)):
            self._lookup(n)
        elif isinstance(n, ast.Assign):
            self._assign(n)
        elif isinstance(n, ast.Return) and n.value is not None:
            self.results.append(n.value)
        elif isinstance(n, ast.arg):
            self.local.add(ast.dump(ast.Name(n.arg, ast.Load())))
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            self.local.add(ast.dump(ast.Name(n.id, ast.Load())))

    def _assign(self, n: ast.Assign) -> None:
        self.stored.update(ast.dump(t.value) for t in n.targets if isinstance(t, ast.Subscript))
        if len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            self.read_into[n.targets[0].id] = _mapping_read(n.value)

    def _lookup(self, n: ast.Call | ast.Compare) -> None:
        if isinstance(n, ast.Call):
            if isinstance(n.func, ast.Attribute) and n.func.attr == "get":
                self.looked.add(ast.dump(n.func.value))
        elif len(n.ops) == 1 and isinstance(n.ops[0], (ast.In, ast.NotIn)):
            self.looked.add(ast.dump(n.comparators[0]))

    def returned(self) -> set[str | None]:
        """The mappings whose values the function returns."""
        return {self.read_into.get(r.id) if isinstance(r, ast.Name) else _mapping_read(r) for r in self.results}


def _mapping_read(node: ast.expr) -> str | None:
    """The mapping ``m`` of ``m[k]`` or ``m.get(k)``, dumped; None for anything else."""
    if isinstance(node, ast.Subscript):
        return ast.dump(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        return ast.dump(node.func.value)
    return None



def dotted_tail(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    if type(node) is ast.Name:
        return node.id
    if type(node) is ast.Attribute:
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner is not None else None
    return None


_DEF_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_EXIT = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_UNDO = frozenset({"pop", "remove", "discard", "popleft"})


@dataclass(frozen=True)
class Recursion:
    kind: str  # chain | traversal | divide | search | states | exponential | reentry
    weight: int  # levels the recursion adds to the body's worst path (exponential: see order.EXPONENTIAL)
    site: ast.Call  # the first self-call
    why: str
    parts: frozenset[str] = frozenset()  # traversal: names whose loops are amortised into the recursion


def _own(node: ast.AST):
    """The nodes of a function body, not into nested definitions."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        if isinstance(n, _DEF_NODES):
            continue
        yield n
        stack.extend(ast.iter_child_nodes(n))


def _is_self_call(n: ast.AST, name: str, me: str | None) -> bool:
    if type(n) is not ast.Call:
        return False
    f = n.func
    if type(f) is ast.Name:
        return me is None and f.id == name  # in a method, `tuple(...)` is the builtin, not `self.tuple`
    return type(f) is ast.Attribute and f.attr == name and type(f.value) is ast.Name and f.value.id in (me, "self", "cls")


class _Paths:
    """How many self-calls one call makes on its worst path (a self-call in a loop: many)."""

    MANY = 99

    def __init__(self, name: str, me: str | None) -> None:
        self.name, self.me = name, me

    def expr(self, node: ast.AST | None) -> int:
        if node is None:
            return 0
        count = 0
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, _DEF_NODES):
                continue
            if isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                if any(_is_self_call(m, self.name, self.me) for m in _own(n)):
                    return self.MANY
                continue
            if type(n) is ast.IfExp:
                count += self.expr(n.test) + max(self.expr(n.body), self.expr(n.orelse))
                continue
            if _is_self_call(n, self.name, self.me):
                count += 1
            stack.extend(ast.iter_child_nodes(n))
        return count

    def _only_returned(self, stmts: list[ast.stmt]) -> bool:
        """Every self-call of the block is the value of a ``return`` (so the loop stops there)."""
        returned = other = 0
        for n in _own(ast.Module(body=stmts, type_ignores=[])):
            if type(n) is ast.Return and n.value is not None:
                returned += sum(_is_self_call(m, self.name, self.me) for m in ast.walk(n.value))
            elif _is_self_call(n, self.name, self.me):
                other += 1
        return other == returned  # each call inside a return is seen once as a Return and once itself

    def block(self, stmts: list[ast.stmt]) -> int:
        total = 0
        for i, s in enumerate(stmts):
            t = type(s)
            if t is ast.If:
                test, body, orelse = self.expr(s.test), self.block(s.body), self.block(s.orelse)
                if s.body and type(s.body[-1]) in _EXIT:  # `if c: return f(a)` then the rest: alternatives
                    return total + test + max(body, orelse + self.block(stmts[i + 1:]))
                total += test + max(body, orelse)
            elif isinstance(s, _LOOPS):
                inner = self.block(s.body) + self.expr(getattr(s, "test", None)) + self.expr(getattr(s, "iter", None))
                if inner and self._only_returned(s.body):
                    total += 1  # `for x in xs: ... return f(...)`: the loop ends with the call, it runs once
                elif inner:
                    total += self.MANY
            elif t in (ast.Try, getattr(ast, "TryStar", ast.Try)):
                total += self.block(s.body) + max([self.block(h.body) for h in s.handlers] or [0])
                total += self.block(s.orelse) + self.block(s.finalbody)
            elif t in (ast.With, ast.AsyncWith):
                total += self.block(s.body) + sum(self.expr(it.context_expr) for it in s.items)
            elif t is ast.Match:
                total += self.expr(s.subject) + max([self.block(c.body) for c in s.cases] or [0])
            elif isinstance(s, _DEF_NODES):
                continue
            else:
                total += self.expr(s)
            if type(s) in _EXIT:
                break
        return total


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> list[str]:
    a = fn.args
    names = [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
    return names[1:] if method and names else names


def _halving_names(fn: ast.AST) -> set[str]:
    """Locals assigned a midpoint: ``mid = (lo + hi) // 2``."""
    out = set()
    for n in _own(fn):
        if type(n) is ast.Assign and _halves(n.value):
            for t in n.targets:
                if type(t) is ast.Name:
                    out.add(t.id)
    return out


def _halves(node: ast.AST) -> bool:
    return any(type(n) is ast.BinOp and isinstance(n.op, (ast.FloorDiv, ast.RShift, ast.Div)) for n in ast.walk(node))


def _loop_parts(fn: ast.AST, params: set[str]) -> dict[str, str]:
    """Names bound by loops over a parameter's parts (``for child in node.children``, ``for v in
    adj[u]``), mapped to that parameter."""
    out: dict[str, str] = {}
    for n in _own(fn):
        if type(n) is ast.Assign and len(n.targets) == 1 and type(n.targets[0]) is ast.Name:
            p = _part_of(n.value, params, out)  # meta = cls._meta: a part of `cls`
            if p is not None:
                out[n.targets[0].id] = p
        if type(n) in (ast.For, ast.AsyncFor, ast.comprehension):
            it = n.iter
            if type(it) is ast.Call and dotted_tail(it.func) in ("enumerate", "reversed", "sorted", "list") and it.args:
                it = it.args[0]
            elts = it.elts if type(it) in (ast.Tuple, ast.List) else [it]  # for child in (root.left, root.right)
            found = [e.id if type(e) is ast.Name and e.id in params else _walk_of(e, params) or _part_of(e, params, out)
                     for e in elts]
            p = found[0] if found and None not in found else None
            if p is not None and not (type(it) is ast.Call and dotted_tail(it.func) in ("range", "xrange")):
                for m in ast.walk(n.target):
                    if type(m) is ast.Name:
                        out[m.id] = p
    return out


def _part_of(node: ast.AST, params: set[str], parts: dict[str, str] | None = None) -> str | None:
    """The parameter whose part ``node`` is: ``node.left``, ``node.children[0]``, ``l.getList()``,
    ``trie[c]``, ``adj[u]`` (the element keyed by a parameter), or an item of a loop over such a part;
    None for the parameter itself, a slice (``s[1:]``) or arithmetic (``n - 1``)."""
    if type(node) is ast.Subscript and type(node.slice) is ast.Name and node.slice.id in params:
        return node.slice.id  # adj[u]
    if (type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "get" and node.args
            and type(node.args[0]) is ast.Name and node.args[0].id in params):
        return node.args[0].id  # edges.get(u, ()): the element keyed by a parameter
    steps = 0
    while True:
        t = type(node)
        if t is ast.Attribute:
            node = node.value
        elif t is ast.Subscript:
            if type(node.slice) is ast.Slice or node.slice is not None and {
                    m.id for m in ast.walk(node.slice) if type(m) is ast.Name} & params:
                return None  # s[1:], nums[i]: a shrinking copy or an element chosen by the recursion's index
            node = node.value
        elif t is ast.Call and type(node.func) is ast.Attribute:
            node = node.func.value
        else:
            break
        steps += 1
    if type(node) is not ast.Name:
        return None
    if parts and node.id in parts:
        return parts[node.id]  # an item of a loop over a part, or a local alias of a part
    return node.id if steps and node.id in params else None


def _walk_of(node: ast.AST, params: set[str]) -> str | None:
    """``walk_items(item_list)``: a helper called with the parameter yields its parts."""
    if type(node) is ast.Call and type(node.func) is ast.Name and node.func.id not in ("range", "xrange", "len"):
        for a in node.args:
            if type(a) is ast.Name and a.id in params:
                return a.id
    return None


def _pivot_split(sites: list[ast.Call], params: set[str]) -> bool:
    """``f(lo, i)`` and ``f(i + 1, hi)`` with ``i`` a local (a pivot): the calls split the range."""
    seen: dict[str, tuple[int, int]] = {}  # local -> (site, argument position) where first seen
    for k, s in enumerate(sites):
        for pos, a in enumerate((*s.args, *(kw.value for kw in s.keywords))):
            v = a
            if type(v) is ast.BinOp and isinstance(v.op, (ast.Add, ast.Sub)) and type(v.right) is ast.Constant:
                v = v.left
            if type(v) is ast.Name and v.id not in params:
                first = seen.setdefault(v.id, (k, pos))
                if first[0] != k and first[1] != pos:  # the pivot ends one part and starts the other
                    return True
    return False


def _memo_table(fn: ast.AST) -> bool:
    """Results read back from and stored into a table the call did not make: ``dp[i]`` / ``lookup[k]``."""
    if any(dotted_tail(d.func if isinstance(d, ast.Call) else d) in _MEMO_DECORATORS for d in fn.decorator_list):
        return True
    memo = _MemoFacts()
    for n in ast.walk(fn):
        memo.see(n)
    return bool((memo.stored & memo.returned()) - memo.local)


def _marks(fn: ast.AST, params: set[str], sites: list[ast.Call]) -> tuple[set[str], bool]:
    """(marks what it visits, undoes a choice after a self-call). A mark is ``seen[u] = True`` /
    ``grid[i][j] = 0`` keyed by a parameter or ``seen.add(u)``; an undo is an assignment before and
    again after the first self-call to the same element (``used[i] = True ... used[i] = False``) or a
    ``pop`` / ``remove`` / ``discard`` after it (``path.pop()``). The parameters of the marks are
    the dimensions of the visited states."""
    first = min(s.lineno for s in sites)
    before: set[str] = set()
    marked: set[str] = set()
    undone = False
    nodes = sorted((n for n in _own(fn) if hasattr(n, "lineno")), key=lambda n: (n.lineno, n.col_offset))
    for n in nodes:
        if type(n) is ast.Assign:
            for t in n.targets:
                if type(t) is not ast.Subscript:
                    continue
                key = ast.dump(t)
                if n.lineno < first:
                    before.add(key)
                elif key in before:
                    undone = True
                marked |= {m.id for m in ast.walk(t.slice) if type(m) is ast.Name} & params
        elif type(n) is ast.Call and type(n.func) is ast.Attribute:
            attr = n.func.attr
            if attr == "add" and len(n.args) == 1 and not n.keywords:  # set.add(u), not self.add(objs, source)
                marked |= {m.id for a in n.args for m in ast.walk(a) if type(m) is ast.Name} & params
            elif attr in _UNDO and n.lineno >= first:
                undone = True
    return marked, undone


def _dims(fn: ast.AST, params: list[str], sites: list[ast.Call]) -> int:
    """How many parameters change between calls (the dimensions of the state space)."""
    varying = set()
    for s in sites:
        for p, a in zip(params, s.args):
            if type(a) is ast.Starred:
                break
            if not (type(a) is ast.Name and a.id == p) and not _flag(a):
                varying.add(p)
        for kw in s.keywords:
            if kw.arg is not None and not (type(kw.value) is ast.Name and kw.value.id == kw.arg) and not _flag(kw.value):
                varying.add(kw.arg)
    return max(1, len(varying))


def _shrinks(sites: list[ast.Call]) -> bool:
    """Some argument moves by a constant or drops a piece: ``n - 1``, ``i + 1``, ``s[1:]``,
    ``path + [x]``, ``remain - c``. Without it, a self-call re-enters with other arguments (a
    fallback, a conversion), which real code does a bounded number of times."""
    for s in sites:
        for a in (*s.args, *(kw.value for kw in s.keywords)):
            if type(a) is ast.Subscript and type(a.slice) is ast.Slice:
                return True
            if type(a) is ast.BinOp and isinstance(a.op, (ast.Add, ast.Sub)):
                return True
    return False


def _flag(node: ast.AST) -> bool:
    """A constant or a negation: a boolean switch, not a dimension."""
    return type(node) is ast.Constant or type(node) is ast.UnaryOp and isinstance(node.op, ast.Not)


def _enumerates(fn: ast.AST, sites: list[ast.Call]) -> bool:
    """A generator whose calls to itself are only walked to yield from them (``for p in f(rest):
    yield [e, *p]``, ``yield from f(rest)``): it enumerates combinatorial objects one by one."""
    walked: set[int] = set()
    generator = False
    for n in _own(fn):
        if type(n) in (ast.Yield, ast.YieldFrom):
            generator = True
            if type(n) is ast.YieldFrom:
                walked.add(id(n.value))
        elif type(n) in (ast.For, ast.AsyncFor) and any(type(m) in (ast.Yield, ast.YieldFrom) for m in ast.walk(n)):
            walked.add(id(n.iter))
    return generator and all(id(s) in walked for s in sites)


def recursion(fn: ast.AST, method: bool, exponential: int) -> Recursion | None:
    """How ``fn``'s calls to itself multiply its body's work; None when it does not call itself."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    a = fn.args
    every = [p.arg for p in (*a.posonlyargs, *a.args)]
    me = every[0] if method and every else None
    sites = sorted((n for n in _own(fn) if _is_self_call(n, fn.name, me)), key=lambda n: (n.lineno, n.col_offset))
    if not sites:
        return None
    params = _params(fn, method)
    pset = set(params)
    fanout = _Paths(fn.name, me).block(fn.body)
    branching = fanout >= 2
    site = sites[0]
    name = f"{fn.name}()"
    if _memo_table(fn):
        d = _dims(fn, params, sites)
        return Recursion("states", d, site, f"memoised recursion: one state per value of {d} changing "
                         f"parameter{'s' if d > 1 else ''}, each computed once", frozenset())
    mids = _halving_names(fn)
    args = [x for s in sites for x in (*s.args, *(k.value for k in s.keywords))]
    if any(_halves(x) or any(type(m) is ast.Name and m.id in mids for m in ast.walk(x)) for x in args):
        if branching:
            return Recursion("divide", 1, site, f"divide and conquer: {name} calls itself on halves, "
                             "n log n (counted as one level, as sorting is)")
        return Recursion("search", 0, site, f"{name} calls itself once on a half: log n calls, not a level")
    if branching and _pivot_split(sites, pset):
        return Recursion("divide", 1, site, f"divide and conquer: {name} splits its range at a pivot, "
                         "each element in one part")
    parts = _loop_parts(fn, pset)
    # a traversal when some self-call descends into a part (`node.left`, `s.body` of `for s in stmts`);
    # the other calls may walk on along the same structure (`f(stmts[i + 1:])`)
    structural = any(any(_part_of(x, pset, parts) is not None for x in (*s.args, *(k.value for k in s.keywords)))
                     for s in sites)
    if structural:
        keyed = {f"{c}[{p}]" for n in _own(fn) if type(n) is ast.Subscript and type(n.slice) is ast.Name
                 and n.slice.id in pset and (c := dotted(n.value)) is not None for p in (n.slice.id,)}
        return Recursion("traversal", 1, site, f"a traversal: {name} calls itself on parts of its parameter, "
                         "each part once", frozenset(pset | keyed | set(parts)))
    if branching:
        marked, undone = _marks(fn, pset, sites)
        if marked and not undone:
            d = len(marked)  # grid[i][j] = 0: states (i, j); seen.add(u): states u
            return Recursion("states", d, site, f"marks what it visits: one call per value of {d} changing "
                             f"parameter{'s' if d > 1 else ''}")
        if not (undone or _shrinks(sites)):
            return Recursion("reentry", 0, site, f"{name} calls itself with other arguments: depth unknown, "
                             "not counted")
        if _enumerates(fn, sites):
            return Recursion("reentry", 0, site, f"{name} is a generator that yields what its own calls yield: "
                             "its work follows the size of its output (all partitions, all subsets), which no "
                             "memo can shrink; not counted")
        calls = "in a loop" if fanout >= _Paths.MANY else f"{fanout} times"
        return Recursion("exponential", exponential, site,
                         f"{name} calls itself {calls} per call without halving its input, memoising "
                         "or marking what it visited: exponential")
    if not _shrinks(sites):
        return Recursion("reentry", 0, site, f"{name} calls itself again with other arguments: depth unknown, "
                         "not counted")
    return Recursion("chain", 1, site, f"{name} calls itself once on a smaller input: one level")
