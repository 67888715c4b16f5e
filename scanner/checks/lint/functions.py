"""Functions: PY016 mutable-default-argument, PY017 late-binding-closure (ast)."""

from __future__ import annotations

import ast

from scanner.checks.lint._pyast import COMPREHENSIONS, FUNCTIONS, AstIndex, PyRule, dotted
from scanner.rule import Invalid, Valid

_MUTABLE_CALLS = {"list", "dict", "set", "bytearray", "collections.defaultdict", "defaultdict",
                  "collections.OrderedDict", "OrderedDict", "collections.deque", "deque",
                  "collections.Counter", "Counter"}


def _is_mutable(node: ast.AST) -> bool:
    if isinstance(node, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    return isinstance(node, ast.Call) and dotted(node.func) in _MUTABLE_CALLS


class MutableDefaultArgument(PyRule):
    """## What it does
    Reports function parameters whose default is a mutable value: a list, dict or set display or
    comprehension, or a call such as `list()`, `dict()` or `collections.defaultdict(...)`, when
    the function can change that object: it mutates the parameter (`append`, `update`, item
    assignment, `+=`, ...), returns or yields it, or stores it on an attribute or in a container.

    ## Known limits
    A default that is only read, iterated or passed to other calls is quiet (ruff's B006 reports
    it too): a callee that mutates its argument, or an alias that does, is not followed.

    ## Why is this bad?
    The default is evaluated once, when the `def` runs, and shared by every call: appending to it
    in one call leaks into the next.

    ## Example
    ```python
    def add(item, into=[]):
        into.append(item)
        return into
    ```

    ## Use instead
    ```python
    def add(item, into=None):
        if into is None:
            into = []
        into.append(item)
        return into
    ```

    ## References
    - [Python tutorial: default argument values](https://docs.python.org/3/tutorial/controlflow.html#default-argument-values)
    """

    code = "PY016"
    name = "mutable-default-argument"
    level = "warning"
    summary = "Mutable default argument"
    keywords = ("def ",)
    equivalents = ("ruff:B006", "flake8-bugbear:B006")
    VALID = [Valid("def f(a=None, b=(), c=frozenset(), d='x'):\n    pass\n"),
             # only read: the shared default never changes
             Valid("def dump(path, exclude=[], options={}):\n    for name in exclude:\n        print(name)\n"
                   "    env.globals.update(options)\n    return run(path, exclude)\n")]
    INVALID = [Invalid("def f(a=[], *, b={}):\n    a.append(1)\n    b['k'] = 2\n", 1, 1),
               Invalid("async def g(\n    a=dict(),\n):\n    return a\n", 2),
               Invalid("class C:\n    def __init__(self, items=[]):\n        self.items = items\n", 2),
               Invalid("def h(seen=set()):\n    seen |= {1}\n", 1)]

    def run(self, ix: AstIndex) -> None:
        for fn in ix.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
            a = fn.args
            params = [*a.posonlyargs, *a.args]
            pairs = [*zip(params[len(params) - len(a.defaults):], a.defaults), *zip(a.kwonlyargs, a.kw_defaults)]
            for arg, d in pairs:
                if d is not None and _is_mutable(d) and _shared_state(fn, arg.arg):
                    self.report(d, f"Do not use mutable data structures for argument defaults (in `{fn.name}`)")


_MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "add", "discard",
             "sort", "reverse", "popitem", "appendleft", "extendleft", "popleft", "rotate", "difference_update",
             "intersection_update", "symmetric_difference_update", "__setitem__", "__delitem__"}


def _shared_state(fn: ast.AST, name: str) -> bool:
    """Can the default object change, or reach code that may change it? It can when the function
    mutates it (a mutating method, an item assignment or deletion, an augmented assignment), or
    hands it out (returns or yields it, stores it on an attribute or in a container). A default
    that is only read, iterated or passed to calls is the same object every time, but never
    changes: B006's bug cannot happen."""
    def is_it(node: ast.AST | None) -> bool:
        return isinstance(node, ast.Name) and node.id == name

    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_it(node.func.value) \
                and node.func.attr in _MUTATORS:
            return True
        if isinstance(node, ast.Subscript) and is_it(node.value) and isinstance(node.ctx, (ast.Store, ast.Del)):
            return True
        if isinstance(node, ast.AugAssign) and (is_it(node.target) or (
                isinstance(node.target, ast.Subscript) and is_it(node.target.value))):
            return True
        if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and is_it(node.value):
            return True
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and is_it(node.value) and any(
                not isinstance(t, ast.Name) for t in (node.targets if isinstance(node, ast.Assign) else [node.target])):
            return True
    return False


# calls that keep a callable argument for later (containers, callbacks, threads, event loops)
_KEEPS = {"append", "extend", "add", "insert", "appendleft", "extendleft", "setdefault", "update", "put",
          "put_nowait", "connect", "register", "submit", "add_done_callback", "call_soon",
          "call_soon_threadsafe", "call_later", "call_at", "after", "after_idle", "bind", "subscribe", "on",
          "add_callback", "addCallback", "addCallbacks", "addBoth", "addErrback", "create_task",
          "ensure_future", "run_in_executor", "apply_async", "map_async", "setattr", "signal", "Thread",
          "Timer", "Process", "start_new_thread", "add_listener", "add_handler", "add_event_handler",
          "add_job", "schedule", "defer", "callLater", "listen", "atexit_register"}
# keyword arguments that hand a callable over for later
_KEEPING_KEYWORDS = {"target", "callback", "command", "handler", "on_done", "on_success", "on_error"}
# calls whose result is (or wraps) the callable itself: follow the result
_WRAPS = {"partial", "functools.partial", "property", "staticmethod", "classmethod", "wraps"}
_PASS_THROUGH = (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Starred, ast.IfExp, ast.BoolOp)


def _loop_body_nodes(loop: ast.AST) -> set[int]:
    return {id(n) for stmt in getattr(loop, "body", []) for n in ast.walk(stmt)}


def _escapes(ix: AstIndex, node: ast.AST, loop: ast.AST, inside: set[int], depth: int = 0) -> bool:
    """Can the function value at ``node`` still be called after the loop's current iteration?

    It can when it is stored (a container, an attribute, a subscript, a name read after the loop),
    handed to a call that keeps callables (``append``, ``connect``, ``Thread(target=...)``,
    ``submit``...), yielded, or is an element a comprehension collects. It cannot when it is
    called, or given to any other call (which is assumed to use it right away: ``sorted(key=...)``,
    ``mock.patch(..., f)``, ``check(value, setter)``), or returned (the loop ends)."""
    child, p = node, ix.parent.get(node)
    while p is not None:
        if p is loop:  # an element of a comprehension: collected into its result
            return not isinstance(loop, (ast.For, ast.AsyncFor, ast.While))
        if isinstance(p, _PASS_THROUGH):
            child, p = p, ix.parent.get(p)
            continue
        if isinstance(p, ast.Lambda):  # inside another lambda: escapes with it
            return _escapes(ix, p, loop, inside, depth)
        if isinstance(p, ast.keyword):
            if p.arg in _KEEPING_KEYWORDS:
                return True
            child, p = p, ix.parent.get(p)
            continue
        if isinstance(p, ast.Call):
            if p.func is child:
                return False
            name = dotted(p.func)
            if name in _WRAPS or name.rsplit(".", 1)[-1] in _WRAPS:
                child, p = p, ix.parent.get(p)
                continue
            return name.rsplit(".", 1)[-1] in _KEEPS
        if isinstance(p, (ast.Yield, ast.YieldFrom, ast.AugAssign)):
            return True
        if isinstance(p, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            targets = p.targets if isinstance(p, ast.Assign) else [p.target]
            if any(not isinstance(t, ast.Name) for t in targets):
                return True  # an attribute, a subscript, an unpacking
            return any(_name_escapes(ix, t.id, p, loop, inside, depth + 1) for t in targets)
        if isinstance(p, COMPREHENSIONS):  # an element of an inner comprehension
            child, p = p, ix.parent.get(p)
            continue
        return False
    return False


def _name_escapes(ix: AstIndex, name: str, binder: ast.AST, loop: ast.AST, inside: set[int], depth: int) -> bool:
    """A function bound to ``name`` in the loop: does any read of the name let it escape?"""
    if depth > 3:
        return True
    scope = ix.enclosing_scope(loop)
    for n in ix.scope_names.get(scope, []):
        if n.id != name or not isinstance(n.ctx, ast.Load):
            continue
        if id(n) not in inside:
            if getattr(n, "lineno", 0) > getattr(loop, "end_lineno", 0) or isinstance(loop, ast.While):
                return True  # read after the loop (or on a later pass of a while loop's condition)
            continue
        if _escapes(ix, n, loop, inside, depth):
            return True
    return False


def _function_escapes(ix: AstIndex, fn: ast.AST, loop: ast.AST, inside: set[int]) -> bool:
    if isinstance(fn, ast.Lambda):
        return _escapes(ix, fn, loop, inside)
    if fn.decorator_list and not any(n.id == fn.name and isinstance(n.ctx, ast.Load)
                                     for n in ix.scope_names.get(ix.enclosing_scope(loop), [])):
        return True  # `@app.route(...)`, `@receiver(...)` and the name is never read: registered
    return _name_escapes(ix, fn.name, fn, loop, inside, 1)


def _loop_names(loop: ast.AST) -> set[str]:
    out: set[str] = set()
    if isinstance(loop, (ast.For, ast.AsyncFor)):
        targets = [loop.target]
        body = loop.body
    elif isinstance(loop, ast.While):
        targets, body = [], loop.body
    else:  # comprehension
        targets, body = [g.target for g in loop.generators], []
    for t in targets:
        out.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, FUNCTIONS + (ast.ClassDef,)):
                continue
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                out.add(n.id)
    return out


def _own_names(fn: ast.AST) -> set[str]:
    """Parameters and locals of fn (including names bound in its nested scopes, conservatively)."""
    out = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
    body = fn.body if isinstance(fn.body, list) else [fn.body]
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                out.add(n.id)
    return out


class LateBindingClosure(PyRule):
    """## What it does
    Reports a function or lambda defined inside a loop that reads a loop variable without binding
    it (as a default argument or parameter).

    ## Why is this bad?
    Closures capture variables, not values: every function made in the loop sees the variable's
    value when it is *called*, i.e. usually the last iteration's.

    ## Example
    ```python
    handlers = []
    for name in names:
        handlers.append(lambda: greet(name))
    ```

    ## Use instead
    ```python
    handlers = []
    for name in names:
        handlers.append(lambda name=name: greet(name))
    ```

    Only functions that can outlive the iteration are reported: stored in a container, an
    attribute or a name read after the loop, handed to a call that keeps callables (`append`,
    `connect`, `submit`, `Thread(target=...)`, `call_later`, ...), yielded, decorated and never read
    by name (the decorator registers it), or collected by a comprehension. A function that is called,
    or given to any other call, in the same iteration sees the current value and is quiet.

    ## Known limits
    A call not in the list above that keeps its callable argument (a project's own registry) is
    taken to use it right away, so that late binding is missed.

    ## References
    - [Python FAQ: lambdas defined in a loop](https://docs.python.org/3/faq/programming.html#why-do-lambdas-defined-in-a-loop-with-different-values-all-return-the-same-result)
    """

    code = "PY017"
    name = "late-binding-closure"
    level = "warning"
    summary = "Function defined in a loop uses the loop variable late"
    keywords = ("for ", "while ")
    equivalents = ("ruff:B023", "flake8-bugbear:B023")
    VALID = [
        Valid("fs = []\nfor i in range(3):\n    fs.append(lambda i=i: i)\n"),
        Valid("for xs in data:\n    ys = sorted(xs, key=lambda v: v * xs[0])\n"),
        Valid("def f():\n    for i in range(3):\n        pass\n    return lambda: i\n"),
        # called in the same iteration: the closure sees the current value
        Valid("for case in cases:\n    state = {}\n    def setter(v):\n        state['x'] = v\n"
              "    check(case, setter=setter)\n"),
        Valid("for v in values:\n    with mock.patch('m.version', lambda: v):\n        run()\n"),
        Valid("for v in values:\n    normalize(lambda: v)\n"),
        Valid("for i in items:\n    f = lambda: i * 2\n    out.append(f())\n"),
        Valid("for cc in values:\n    @cache_page(3)\n    def view(request):\n        return cc\n"
              "    view(request)\n"),
    ]
    INVALID = [
        Invalid("fs = []\nfor i in range(3):\n    fs.append(lambda: i)\n", 3),
        Invalid("fs = [lambda: i for i in range(3)]\n", 1),
        Invalid("for i in range(3):\n    def g():\n        return i\n    handlers[i] = g\n", 3),
        Invalid("for b in buttons:\n    Button(text=b, command=lambda: press(b))\n", 2),
        Invalid("for i in range(3):\n    f = lambda: i\nf()\n", 2),
        Invalid("for u in urls:\n    pool.submit(lambda: fetch(u))\n", 2),
        Invalid("for name in names:\n    @app.route('/' + name)\n    def page():\n        return name\n", 4),
    ]

    def run(self, ix: AstIndex) -> None:
        found: dict[tuple[int, int], ast.Name] = {}
        for loop in ix.nodes(ast.For, ast.AsyncFor, ast.While, *COMPREHENSIONS):
            names = _loop_names(loop)
            if not names:
                continue
            inside = _loop_body_nodes(loop)
            parts = loop.body if isinstance(loop, (ast.For, ast.AsyncFor, ast.While)) else \
                [getattr(loop, "elt", None) or loop.key, getattr(loop, "value", None)] + \
                [c for g in loop.generators for c in g.ifs]
            for part in parts:
                if part is None:
                    continue
                for fn in ast.walk(part):
                    if not isinstance(fn, FUNCTIONS) or not _function_escapes(ix, fn, loop, inside):
                        continue
                    own = _own_names(fn)
                    body = fn.body if isinstance(fn.body, list) else [fn.body]
                    for stmt in body:
                        for n in ast.walk(stmt):
                            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in names \
                                    and n.id not in own:
                                found[(n.lineno, n.col_offset)] = n
        for _, n in sorted(found.items()):
            self.report(n, f"Function definition does not bind loop variable `{n.id}`")
