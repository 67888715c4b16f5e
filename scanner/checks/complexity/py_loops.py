"""Python ``while`` loops that are not a level of their own: logarithmic, square-root and amortised.

Pure functions over ``ast`` nodes; ``py_order`` asks them about each unbounded ``while``:

* :func:`log_loop`: the loop halves or doubles what its test looks at (``n //= 10``, ``i *= 2``,
  ``x >>= 1``, ``a, b = b, a % b``, ``n &= n - 1``), is a binary search (``while lo <= hi`` with a
  midpoint ``(lo + hi) // 2``, or bisection on floats), a randomised selection (quickselect: the
  range moves past ``randint(lo, hi)``) or runs while ``i * i <= n``: log n or sqrt n passes (in
  expectation for the selection), not a level;
* :func:`amortised`: inside an enclosing loop, the ``while`` only advances a pointer that the
  enclosing loop never resets (two pointers, sliding windows, KMP failure links ``j = fail[j]``),
  marks the slot it tests (``while not seen[u]: seen[u] = True``, in-place cycle sorts) or
  pops from a stack or deque that the enclosing loop pushes onto (monotonic stacks): over all passes
  of the enclosing loop it runs at most as often as that loop, so it adds to its level;
* :func:`frontier`: ``while q: for u in q: ...; q = nxt``, a breadth-first search level by level:
  every item is in one frontier only, so the ``while`` is not a level and the children of an item
  are amortised like a worklist's;
* :func:`paced_loop`: the loop sleeps or waits on every pass, or polls a process in its test: it
  is paced by the clock, not by the size of any data.
"""

from __future__ import annotations

import ast

_SHRINK_AUG = (ast.FloorDiv, ast.Div, ast.RShift, ast.Mod)
_GROW_AUG = (ast.Mult, ast.LShift, ast.Pow)
_POPS = frozenset({"pop", "popleft", "heappop", "heappushpop", "heapreplace"})


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if type(n) is ast.Name}


def own_nodes(stmts: list[ast.stmt], skip: ast.AST | None = None):
    """Every node of a block, not into nested defs, classes, lambdas or ``skip``."""
    stack: list[ast.AST] = list(reversed(stmts))
    while stack:
        n = stack.pop()
        if n is skip or isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield n
        stack.extend(ast.iter_child_nodes(n))


def _targets(node: ast.Assign | ast.AugAssign | ast.AnnAssign) -> list[str]:
    ts = node.targets if type(node) is ast.Assign else [node.target]
    out = []
    for t in ts:
        if type(t) is ast.Name:
            out.append(t.id)
        elif type(t) in (ast.Tuple, ast.List):
            out.extend(e.id for e in t.elts if type(e) is ast.Name)
    return out


def _halves(value: ast.expr) -> bool:
    """``x // 2``, ``(lo + hi) >> 1``, ``(lo + hi) / 2``: a midpoint or a halving."""
    for n in ast.walk(value):
        if type(n) is ast.BinOp and isinstance(n.op, (ast.FloorDiv, ast.RShift, ast.Div)):
            return True
    return False


def _is_square(node: ast.expr) -> bool:
    if type(node) is not ast.BinOp:
        return False
    if isinstance(node.op, ast.Mult):
        return ast.dump(node.left) == ast.dump(node.right)
    return isinstance(node.op, ast.Pow) and type(node.right) is ast.Constant and node.right.value == 2


def log_loop(loop: ast.While) -> str | None:
    """Why the loop runs O(log n) or O(sqrt n) times, or None."""
    test = loop.test
    watched = _names(test)
    if not watched:
        return None
    for n in ast.walk(test):
        if type(n) is ast.Compare and (_is_square(n.left) or any(_is_square(c) for c in n.comparators)):
            return "runs while `i * i` stays below the bound: sqrt n passes, not a level"
    two_sided = len(watched) >= 2 and any(type(n) is ast.Compare for n in ast.walk(test))
    for n in own_nodes(loop.body):
        t = type(n)
        if t is ast.AugAssign and type(n.target) is ast.Name and n.target.id in watched:
            if isinstance(n.op, _SHRINK_AUG) or isinstance(n.op, ast.BitAnd):
                return f"divides `{n.target.id}` on every pass: log n passes, not a level"
            if isinstance(n.op, _GROW_AUG) and not (type(n.value) is ast.Constant and n.value.value in (0, 1)):
                return f"multiplies `{n.target.id}` on every pass: log n passes, not a level"
        elif t is ast.Assign:
            hit = [x for x in _targets(n) if x in watched]
            if two_sided and _halves(n.value) and watched & _names(n.value):
                return "a binary search: it halves the range on every pass, log n passes, not a level"
            if two_sided and _random_pivot(n.value, watched):
                return ("a randomised selection: the range moves past a random pivot, so it shrinks by a "
                        "constant fraction in expectation; not a level")
            if not hit:
                continue
            v = n.value
            values = v.elts if type(v) is ast.Tuple else [v]
            for val in values:
                if type(val) is ast.BinOp and isinstance(val.op, (*_SHRINK_AUG, ast.BitAnd)):
                    return f"divides `{hit[0]}` on every pass: log n passes, not a level"
                if (type(val) is ast.BinOp and isinstance(val.op, _GROW_AUG)
                        and watched & _names(val) and not _is_square(val)):
                    return f"multiplies `{hit[0]}` on every pass: log n passes, not a level"
    return None


_RANDOM_PICKS = frozenset({"randint", "randrange"})


def _random_pivot(value: ast.expr, bounds: set[str]) -> bool:
    """``random.randint(left, right)``: a pivot drawn between the bounds the loop tests."""
    if type(value) is not ast.Call or not value.args:
        return False
    f = value.func
    name = f.attr if type(f) is ast.Attribute else f.id if type(f) is ast.Name else ""
    return name in _RANDOM_PICKS and len(bounds & set().union(*(_names(a) for a in value.args))) >= 2


def amortised(loop: ast.While, enclosing: ast.AST) -> str | None:
    """Why the ``while`` adds to ``enclosing`` loop's level instead of multiplying, or None."""
    watched = _names(loop.test)
    if not watched:
        return None
    moves: dict[str, str] = {}
    for n in own_nodes(loop.body):
        t = type(n)
        if t is ast.Call:
            f = n.func
            if type(f) is ast.Attribute and f.attr in _POPS and type(f.value) is ast.Name and f.value.id in watched:
                moves.setdefault(f.value.id, "pops")
            elif (type(f) in (ast.Name, ast.Attribute) and (f.id if type(f) is ast.Name else f.attr) in _POPS
                  and n.args and type(n.args[0]) is ast.Name and n.args[0].id in watched):
                moves.setdefault(n.args[0].id, "pops")
        elif t is ast.AugAssign and type(n.target) is ast.Name and n.target.id in watched:
            if isinstance(n.op, (ast.Add, ast.Sub)):
                moves.setdefault(n.target.id, "advances")
        elif t is ast.Assign:
            for x in _targets(n):
                if x in watched and x in _names(n.value) and not _halves(n.value):
                    moves.setdefault(x, "follows")  # j = fail[j], j = j + 1, node = parent[node]
    for x in _window_edges(loop):
        moves.setdefault(x, "advances")
    body = enclosing.body if isinstance(enclosing, (ast.For, ast.AsyncFor, ast.While)) else []
    loop_names = _names(enclosing.target) if isinstance(enclosing, (ast.For, ast.AsyncFor)) else set()
    window = _extends_window(loop, body, loop_names)
    if window:
        return (f"extends `{window}` from the window the enclosing loop keeps (Z-function, Manacher): the "
                "window's right end only moves forward, so over all passes it adds to that level")
    marked = _marks(loop) - {x for n in own_nodes(body, skip=loop) if type(n) in (ast.Assign, ast.AnnAssign)
                             for x in _targets(n)}
    if marked:
        x = sorted(marked)[0]
        return (f"marks a slot of `{x}` on every pass and stops at a marked one: each slot is marked once over "
                "all passes of the enclosing loop (cycle walks, in-place cycle sorts), so it adds to that level")
    if not moves:
        return None
    moved = _transferred(loop, enclosing)
    if moved:
        return (f"takes each item of `{moved}` once: the enclosing loop's items move into the inner "
                "worklist one by one and never come back, so over all passes it adds to that level")
    reset = set(loop_names)
    resumed = _resumed(body, loop, enclosing)
    for n in own_nodes(body, skip=loop):
        if type(n) in (ast.Assign, ast.AnnAssign) and getattr(n, "value", None) is not None:
            for x in _targets(n):
                if x in moves and x not in _names(n.value) and x not in resumed:
                    reset.add(x)
        elif type(n) in (ast.For, ast.AsyncFor):
            reset |= _names(n.target)
    kept = sorted(x for x in moves if x not in reset)
    if not kept:
        return None
    x = kept[0]
    if moves[x] == "pops":
        return (f"pops from `{x}`, which persists across the enclosing loop: amortised over it (each item "
                "is popped once), so it adds to that level")
    return (f"moves `{x}`, which the enclosing loop never resets: amortised over it (two pointers, "
            "a sliding window or a failure link), so it adds to that level")


def _window_edges(loop: ast.While) -> set[str]:
    """``while len(cnt) > k: cnt[s[left]] -= 1; ...; left += 1``: pointers the loop advances on every
    pass (an unconditional ``left += 1`` in its body) and reads an element at (``s[left]``): a pointer
    into a sequence only moves so far, however the test is written (sliding windows)."""
    steps = {s.target.id for s in loop.body if type(s) is ast.AugAssign and type(s.target) is ast.Name
             and isinstance(s.op, ast.Add) and type(s.value) is ast.Constant and s.value.value == 1}
    if not steps:
        return set()
    indexed = {n.slice.id for n in own_nodes(loop.body) if type(n) is ast.Subscript and type(n.slice) is ast.Name}
    return steps & indexed


def _transferred(loop: ast.While, enclosing: ast.AST) -> str | None:
    """``while todo: node = todo.pop(); stack = [node]; while stack: ... todo.remove(child);
    stack.append(child)``: the inner worklist starts from an item taken from the enclosing one and
    only receives items it removes from it, so each item enters it once over the whole run. The
    enclosing worklist's name, or None."""
    if type(enclosing) is not ast.While:
        return None
    pool = _names(enclosing.test)
    outer = list(own_nodes(enclosing.body, skip=loop))
    taken = {x for n in outer if type(n) is ast.Assign and type(n.value) is ast.Call
             and _call_name(n.value) in _POPS | {"popleft"} and type(n.value.func) is ast.Attribute
             and _names(n.value.func.value) & pool for x in _targets(n)}
    inner = list(own_nodes(loop.body))
    removed = {a.id: _names(n.func.value) & pool for n in inner if type(n) is ast.Call and type(n.func) is ast.Attribute
               and n.func.attr in ("remove", "discard", "pop") and len(n.args) == 1 and type(n.args[0]) is ast.Name
               for a in n.args}
    for x in _names(loop.test) - pool:
        starts = [n.value for n in outer if type(n) is ast.Assign and x in _targets(n)]
        if not starts or not all(type(v) in (ast.List, ast.Set) and all(type(e) is ast.Name and e.id in taken
                                                                         for e in v.elts) for v in starts):
            continue
        pushes = [n for n in inner if type(n) is ast.Call and type(n.func) is ast.Attribute
                  and type(n.func.value) is ast.Name and n.func.value.id == x
                  and n.func.attr in ("append", "appendleft", "add", "extend", "insert")]
        if pushes and all(n.func.attr != "extend" and n.args and type(n.args[-1]) is ast.Name
                          and removed.get(n.args[-1].id) for n in pushes):
            return sorted(pool)[0]
    return None


def _resumed(body: list[ast.stmt], loop: ast.While, enclosing: ast.AST) -> set[str]:
    """Pointers of the inner ``while`` that start from the enclosing loop's pointer (``end = index
    + 1``) and that the enclosing loop then resumes from (``index = end + 1``): a tokenizer whose
    outer pointer jumps past what the inner scan read, so the two walk the text once together."""
    if type(enclosing) is not ast.While:
        return set()
    pointers = _names(enclosing.test)
    tied = set(pointers)
    assigns = [n for n in own_nodes(body, skip=loop) if type(n) is ast.Assign]
    changed = True
    while changed:
        changed = False
        for n in assigns:
            if _names(n.value) & tied:
                for x in _targets(n):
                    if x not in tied:
                        tied.add(x)
                        changed = True
    resumes = any(p in _targets(n) and (_names(n.value) & tied) - pointers for n in assigns for p in pointers)
    # `while i < j: ...; i += 1` after the scan: the outer pointer walks up to where the inner one stopped
    resumes = resumes or any(type(s) is ast.While and s is not loop and type(s.test) is ast.Compare
                             and type(s.test.left) is ast.Name and s.test.left.id in pointers
                             and (_names(s.test) & tied) - pointers for s in body)
    return tied - pointers if resumes else set()


def _extends_window(loop: ast.While, body: list[ast.stmt], items: set[str]) -> str | None:
    """``z[i] += 1`` in the ``while`` where the enclosing ``for i`` first set ``z[i] = min(...)`` from the
    match window it keeps: the slot the while extends (``z[i]``), or None."""
    grown = {(n.target.value.id, n.target.slice.id) for n in own_nodes(loop.body)
             if type(n) is ast.AugAssign and isinstance(n.op, ast.Add) and type(n.target) is ast.Subscript
             and type(n.target.value) is ast.Name and type(n.target.slice) is ast.Name and n.target.slice.id in items}
    if not grown:
        return None
    for n in own_nodes(body, skip=loop):
        if type(n) is not ast.Assign:
            continue
        for t in n.targets:
            if (type(t) is ast.Subscript and type(t.value) is ast.Name and type(t.slice) is ast.Name
                    and (t.value.id, t.slice.id) in grown
                    and any(type(c) is ast.Call and type(c.func) is ast.Name and c.func.id == "min"
                            for c in ast.walk(n.value))):
                return f"{t.value.id}[{t.slice.id}]"
    return None


def _is_mark(value: ast.expr) -> bool:
    """A value that marks a slot: a constant (``True``, ``-1``, ``None``) or a flipped sign (``~x``, ``-x``)."""
    return type(value) is ast.Constant or type(value) is ast.UnaryOp and isinstance(value.op, (ast.Invert, ast.USub,
                                                                                                ast.Not))


def _marks(loop: ast.While) -> set[str]:
    """The collections whose slots the ``while`` tests (``while not seen[u]``, ``while nums[i] >= 0``)
    and marks in its body (``seen[u] = True``, ``nums[i], nums[j] = nums[j], ~nums[i]``)."""
    tested = {n.value.id for n in ast.walk(loop.test) if type(n) is ast.Subscript and type(n.value) is ast.Name}
    if not tested:
        return set()
    out: set[str] = set()
    for n in own_nodes(loop.body):
        if type(n) is not ast.Assign:
            continue
        for target in n.targets:
            pairs = (zip(target.elts, n.value.elts) if type(target) is ast.Tuple and type(n.value) is ast.Tuple
                     and len(target.elts) == len(n.value.elts) else [(target, n.value)])
            for t, v in pairs:
                if type(t) is ast.Subscript and type(t.value) is ast.Name and t.value.id in tested and _is_mark(v):
                    out.add(t.value.id)
    return out


def frontier(loop: ast.While) -> set[str]:
    """``while q: for u in q: ...; q = nxt``: the names bound to frontier items (empty: not one)."""
    test = loop.test
    if type(test) is ast.Call and isinstance(test.func, ast.Name) and test.func.id == "len" and len(test.args) == 1:
        test = test.args[0]
    if type(test) is not ast.Name:
        return set()
    q = test.id
    # the next frontier is a list the body builds: `q = nxt` (a name, not a slice of q), after the loop
    rebinds = [i for i, s in enumerate(loop.body) if type(s) is ast.Assign and q in _targets(s)
               and type(s.value) is ast.Name and s.value.id != q]
    if not rebinds:
        return set()
    items: set[str] = set()
    for s in loop.body[:rebinds[-1]]:
        if type(s) is ast.For:
            it = s.iter
            if type(it) is ast.Call and type(it.func) is ast.Name and it.func.id == "enumerate" and it.args:
                it = it.args[0]
            if type(it) is ast.Name and it.id == q:
                items |= _names(s.target)
    # a retry loop puts the frontier's own items back (`deferred.append(item)`): not a new frontier
    # (`nxt.append(node.left)`, `vals.append(node.val)` take the item's parts: a next level)
    for n in own_nodes(loop.body):
        if (type(n) is ast.Call and type(n.func) is ast.Attribute and n.func.attr in ("append", "extend", "add")
                and n.args and all(type(a) is ast.Name and a.id in items for a in n.args)):
            return set()
    return items


def sublinear_range(args: list[ast.expr]) -> bool:
    """``range(isqrt(n))``, ``range(int(n ** 0.5) + 1)``, ``range(n.bit_length())``: not a level."""
    for a in args:
        for n in ast.walk(a):
            if type(n) is ast.Call:
                f = n.func
                name = f.id if type(f) is ast.Name else f.attr if type(f) is ast.Attribute else ""
                if name in ("sqrt", "isqrt", "log", "log2", "log10", "bit_length"):
                    return True
            elif (type(n) is ast.BinOp and isinstance(n.op, ast.Pow) and type(n.right) is ast.Constant
                  and isinstance(n.right.value, float) and n.right.value < 1):
                return True
    return False


def exponential_range(args: list[ast.expr]) -> bool:
    """``range(1 << n)`` / ``range(2 ** len(xs))``: one pass per subset, 2^n passes."""
    for a in args:
        for n in ast.walk(a):
            if type(n) is ast.BinOp and (isinstance(n.op, ast.LShift) and type(n.left) is ast.Constant
                                         or isinstance(n.op, ast.Pow) and type(n.left) is ast.Constant
                                         and n.left.value == 2) and type(n.right) is not ast.Constant:
                return True
    return False


def generator_loop(loop: ast.While) -> str | None:
    """``while True: ... yield ...``: an endless generator runs one pass per value its consumer
    asks for, so the consumer's loop is the level."""
    if not (type(loop.test) is ast.Constant and loop.test.value is True):
        return None
    if any(type(n) in (ast.Yield, ast.YieldFrom) for n in own_nodes(loop.body)):
        return "yields on every pass: the consumer's loop is the level"
    return None



def paced_loop(loop: ast.While) -> str | None:
    """``while p.poll() is None: time.sleep(1)`` / ``while not self.status: ... sleep(interval)``:
    a loop that waits on every pass (or whose test polls a process) is paced by the clock or by
    another process, not by the size of any data: not a level."""
    test_calls = [n for n in ast.walk(loop.test) if type(n) is ast.Call]
    if any(_call_name(c) == "poll" for c in test_calls):
        return "polls a process on every pass: paced by that process, not by the size of any data"
    for n in own_nodes(loop.body):
        if type(n) is ast.Call and _call_name(n) in ("sleep", "wait"):
            return "waits on every pass: paced by the clock, not by the size of any data"
    return None


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.id if type(f) is ast.Name else f.attr if type(f) is ast.Attribute else ""


_PROGRESS = frozenset({"pop", "popleft", "popitem", "append", "appendleft", "extend", "add", "update", "remove",
                       "discard", "insert", "clear", "setdefault", "read", "readline", "recv", "send", "write",
                       "heappush", "heappop", "next", "advance", "consume", "step"})


def untied(loop: ast.While) -> str | None:
    """Why a ``while`` whose passes no collection or bound names is not a level, or None.

    A loop's passes are tied to the size of some data when what decides its exit evolves from its
    own previous value: a counter, a pointer, a chain (``x = x.parent``), a container the body
    shrinks or grows, a fixpoint (``result = step(ops); if result == ops: return``). A loop that
    exits on a freshly drawn value (a prompt answered, a retry after a name collision, a random
    shuffle accepted, a decorator layer unwrapped until none is left) or never exits (a server
    loop) repeats for reasons no input size bounds."""
    deps: dict[str, set[str]] = {}
    carried: set[str] = set()
    exits: list[ast.expr] = []
    for n in own_nodes(loop.body):
        t = type(n)
        if t is ast.Assign or t is ast.AnnAssign:
            if getattr(n, "value", None) is None:
                continue
            used = _names(n.value)
            for x in _targets(n):
                deps.setdefault(x, set()).update(used)
            for target in (n.targets if t is ast.Assign else [n.target]):
                if type(target) is ast.Subscript or type(target) is ast.Attribute:
                    carried |= _names(target.value)  # x[i] = ..., x.size = ...: x changes in place
        elif t is ast.AugAssign:
            carried |= _names(n.target)
        elif t is ast.Delete:
            for target in n.targets:
                carried |= _names(target)
        elif t is ast.Call:
            f = n.func
            if type(f) is ast.Attribute and f.attr in _PROGRESS:
                carried |= _names(f.value)
            elif type(f) is ast.Name and f.id in _PROGRESS and n.args:
                carried |= _names(n.args[0])
        elif t is ast.If and any(type(s) in (ast.Break, ast.Return) for s in n.body):
            exits.append(n.test)
    for x, used in deps.items():
        if x in used:
            carried.add(x)  # x = x.parent, i = i + 1
    changed = True
    while changed:  # what is computed from a carried value is carried too (operations = result = f(operations))
        changed = False
        for x, used in deps.items():
            if x not in carried and used & carried:
                carried.add(x)
                changed = True
        for x, used in deps.items():  # a cycle through two names: result = f(ops); ops = result
            if x not in carried and any(x in deps.get(y, ()) for y in used):
                carried.add(x)
                changed = True
    always = type(loop.test) is ast.Constant and bool(loop.test.value)
    tests = exits if always else [loop.test, *exits]
    if any(_names(t) & carried for t in tests):
        return None
    if always and not exits and not any(type(n) in (ast.Break, ast.Return) for n in own_nodes(loop.body)):
        return "never exits on its own (a serving or watching loop): its passes are not a size of any data"
    return ("exits on a freshly drawn value (a retry, a prompt, an unwrapping, a random draw), not on progress "
            "through any data: its passes are not a size of any data")


def unique_keys(loop: ast.AST) -> set[str]:
    """The names a ``for`` binds to a key no two passes share: the index of ``enumerate``, the key of
    ``d.items()`` / ``d.keys()``, the counter of ``range``."""
    if type(loop) not in (ast.For, ast.AsyncFor):
        return set()
    it, target = loop.iter, loop.target
    if type(it) is not ast.Call:
        return set()
    name = _call_name(it)
    first = target.elts[0] if type(target) is ast.Tuple and target.elts else None
    if name == "enumerate" and type(it.func) is ast.Name or name == "items" and type(it.func) is ast.Attribute:
        return {first.id} if type(first) is ast.Name else set()
    if name == "keys" and type(it.func) is ast.Attribute or name in ("range", "xrange") and type(it.func) is ast.Name:
        return {target.id} if type(target) is ast.Name else set()
    return set()


def matches_key(test: ast.expr, loop: ast.AST) -> bool:
    """``if j == i:`` in ``for j, x in enumerate(xs)``, where ``i`` does not change during the loop:
    the block runs on one pass at most (each pass has its own key)."""
    if type(test) is not ast.Compare or len(test.ops) != 1 or type(test.ops[0]) is not ast.Eq:
        return False
    keys = unique_keys(loop)
    if not keys:
        return False
    left, right = test.left, test.comparators[0]
    if type(right) is ast.Name and right.id in keys:
        left, right = right, left
    if type(left) is not ast.Name or left.id not in keys:
        return False
    other = _names(right)
    if not other:
        return type(right) is ast.Constant  # `if i == 0:` runs on the first pass only
    if other & keys:
        return False
    stored = {x for n in own_nodes(loop.body) if type(n) in (ast.Assign, ast.AugAssign, ast.AnnAssign)
              for x in _targets(n)}
    return not other & stored


def filled_table(loop: ast.While) -> str | None:
    """``while len(FACT) <= n: FACT.append(...)``: the name of the table the loop extends up to a bound,
    or None. Whether the table outlives the call (defined outside the function) is the caller's test."""
    test = loop.test
    if (type(test) is not ast.Compare or len(test.ops) != 1 or not isinstance(test.ops[0], (ast.Lt, ast.LtE))
            or type(test.left) is not ast.Call or _call_name(test.left) != "len" or len(test.left.args) != 1
            or type(test.left.args[0]) is not ast.Name):
        return None
    table = test.left.args[0].id
    for s in loop.body:
        if (type(s) is ast.Expr and type(s.value) is ast.Call and type(s.value.func) is ast.Attribute
                and s.value.func.attr == "append" and type(s.value.func.value) is ast.Name
                and s.value.func.value.id == table):
            return table
    return None
