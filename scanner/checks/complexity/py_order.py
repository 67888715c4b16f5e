"""Python adapter of the order algebra (``order.py``), on the standard library's ``ast``.

Takes a parsed module and its :class:`~scanner.source.Source`; returns one
:class:`~scanner.checks.complexity.order.FunctionCost` per function, method and for the module top
level. ``ast`` is shared with the other Python rules through ``ctx.ast`` (and with radon), costs a
tenth of libcst and gives typed nodes, which the type tracking below needs.

What counts as a level:

* ``for`` / ``async for`` loops and each ``for`` clause of a comprehension or generator
  expression; ``itertools.product(a, b, c)`` is three levels, ``combinations(x, 2)`` two;
  ``while`` loops unless their test compares against a constant;
* operations that hide a loop: ``x in`` a list, tuple or string, ``.index`` / ``.count`` /
  ``.remove``, ``.insert(0, ...)``, ``.pop(0)``, ``sorted()`` / ``.sort()``, ``sum`` / ``min`` /
  ``max`` / ``any`` / ``all`` over a collection, string ``+=`` in a loop, ``map`` / ``filter``;
* calls to functions of the same module, nested functions and ``self.method()`` of the same
  class, with their own order (a function in progress counts 0: recursion guard).

Loops over constant-bounded iterables (``range(3)``, literals, names assigned a literal, ALL_CAPS
names) are not levels. Membership in a set or dict is not a loop; the type of a name comes from
its assignments (literals, ``set()``, ``dict()``, comprehensions, ``list()``, ``sorted()`` ...),
its annotation (``list[int]``, ``Set[str]``, ``Mapping``...) or, for ``self.x``, from every
assignment to ``self.x`` in the class. Unknown types are not counted as linear: precision first.

Where the parts live: the module index (defs, classes, kinds of names) is ``py_kinds``; what an
expression is made of (the bases of dependent iteration) ``py_parts``; ``while`` loops that are
no level ``py_loops``; recursion ``py_recursion``; loops that search ``py_search``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from scanner.checks.complexity import py_loops, py_parts, py_search
from scanner.checks.complexity.py_kinds import (
    CONST, HASHED, ITER, LINEAR, LIST, STR, STRING_TABLES, ClassInfo, ModuleIndex, Scope, is_const_name,
    is_constant_number, is_literal_collection,
)
from scanner.checks.complexity.py_parts import (
    PASS_THROUGH, RANGES, base_of, fixed_literal, keyed, names, statements, worklist_items,
)
from scanner.checks.complexity.py_recursion import dotted_tail as _dotted_tail, memoized, recursion
from scanner.checks.complexity.order import (
    EXPONENTIAL,
    ZERO,
    Cost,
    FunctionCost,
    Lineage,
    Step,
    big_o,
    call,
    derived_step,
    nest,
    recurrence,
    seq,
    size_of,
)
from scanner.model import Region
from scanner.source import Source

_REDUCERS = {"sum", "min", "max", "any", "all"}
_COMBINATORICS = {"combinations", "permutations", "combinations_with_replacement"}
_COMPS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)

_EXITS = {ast.Return, ast.Break, ast.Raise}
_TRY_STAR = getattr(ast, "TryStar", ast.Try)


class PyOrder(ModuleIndex):
    """The order of every function of one module. Summaries are memoized; recursion counts 0."""

    def __init__(self, tree: ast.Module, source: Source) -> None:
        super().__init__(tree)
        self.tree = tree
        self.src = source
        self.memo: dict[int, Cost] = {}
        self.active: set[int] = set()
        self.popped: set[str] = set()  # names popped from the worklists of the enclosing while loops
        self.loops: list[ast.AST] = []  # the enclosing for / while statements of the function being walked
        self.memoized: dict[int, bool] = {}  # per function: remembers its results (a call to it counts 0)
        self.lineage = Lineage()  # the enclosing loops' items: collections derived from them add, not multiply
        self.derived_memo: dict[tuple[int, frozenset[str], frozenset[str]], Cost] = {}
        self.off: frozenset[str] = frozenset()  # flag parameters the call leaves at a false default
        self.stored: dict[int, set[str]] = {}
        self.fresh: dict[str, tuple[int, int]] = {}  # collections a loop's pass builds: name -> (loop, depth)
        self.searching = py_search.searching_comprehensions(tree)  # comprehensions passed to any/all/next
        self.index_body(tree.body, self.module, "")

    # ----- driving ----------------------------------------------------------------------------

    def run(self) -> list[FunctionCost]:
        """Every function's order (in file order), the module top level first.

        A function whose text has no ``for`` / ``while`` has no level of its own to report; it is
        analysed only when a caller asks for its order."""
        top = self._body(self.tree.body, self.module, 0)
        results = [FunctionCost("<module>", "Module top level", top)]
        text, starts = self.src.text, self.src.line_starts
        i = 0
        while i < len(self.order):  # nested defs register while their parent is indexed
            fn = self.order[i]
            i += 1
            end = starts[fn.end_lineno] if fn.end_lineno < len(starts) else len(text)
            begin = starts[fn.lineno - 1]
            if (text.find("for", begin, end) != -1 or text.find("while", begin, end) != -1
                    or text.count(fn.name + "(", begin, end) > 1):  # a loop, or a call to itself
                self._compute(fn)
            elif text.find("def ", begin + 4, end) != -1:  # index its nested functions (recursive helpers)
                parent, cls, qualname = self.owners[id(fn)]
                self.function_scope(fn, parent, qualname, cls)
        for fn in sorted((f for f in self.order if id(f) in self.memo), key=lambda f: (f.lineno, f.col_offset)):
            _, cls, qualname = self.owners[id(fn)]
            results.append(FunctionCost(qualname, "Method" if cls is not None else "Function", self.memo[id(fn)],
                                        lines=(fn.lineno, fn.end_lineno or fn.lineno), line=fn.lineno))
        return results

    def _compute(self, fn: ast.AST, items: frozenset[str] = frozenset(), origin: str = "",
                 off: frozenset[str] = frozenset()) -> Cost:
        """The memoized order of one registered function; a function in progress counts 0.

        ``items``: parameters bound to the item of a caller's loop (``origin`` names it); loops over
        collections derived from them are derived levels in this call's cost. ``off``: flag
        parameters the call leaves at their false default: ``if flag:`` blocks do not run."""
        key = id(fn)
        plain = not items and not off
        memo = self.memo if plain else self.derived_memo
        mkey = key if plain else (key, items, off)
        if mkey in memo:
            return memo[mkey]
        if key in self.active or key not in self.owners:
            return ZERO  # recursion, or a def we do not know
        parent, cls, qualname = self.owners[key]
        self.active.add(key)
        saved, popped, was_off, loops = self.lineage.save(), self.popped, self.off, self.loops
        self.popped, self.off, self.loops = set(), off, []
        if items:
            self.lineage.push(set(items), origin, None)
        rec = self._recursion(fn, cls)
        if rec is not None and rec.kind == "traversal":  # loops over the parameter's parts are the traversal's
            self.lineage.push(set(rec.parts), f"the recursion of `{fn.name}()`", None)
        try:
            scope = self.function_scope(fn, parent, qualname, cls)
            total = self._body(fn.body, scope, 0)
            if rec is not None:
                total = self._recur(rec, total, fn.name, bool(items))
        finally:
            self.active.discard(key)
            self.lineage.restore(saved)
            self.popped, self.off, self.loops = popped, was_off, loops
        memo[mkey] = total
        return total

    def _recursion(self, fn: ast.AST, cls: ClassInfo | None):
        """How the function's calls to itself multiply its work (None: it does not call itself)."""
        starts, text = self.src.line_starts, self.src.text
        begin, end = starts[fn.lineno - 1], starts[fn.end_lineno] if fn.end_lineno < len(starts) else len(text)
        is_method = cls is not None and not any(_dotted_tail(d) == "staticmethod" for d in fn.decorator_list)
        if is_method:  # only `self.name(` / `cls.name(` calls itself (a cheap text test before the walk)
            if text.find(f".{fn.name}(", begin, end) == -1:
                return None
        elif text.count(fn.name + "(", begin, end) < 2:
            return None
        return recursion(fn, is_method, EXPONENTIAL)

    def _recur(self, rec, body: Cost, name: str, derived: bool) -> Cost:
        """The body's worst path with the recursion's levels in front (order.recurrence)."""
        return recurrence(self.src.region_from_ast(rec.site), name, rec, self._recursion_size(rec), body, derived)

    def _size(self, it: ast.expr, levels: int, scope: Scope | None = None) -> str:
        """What n is for a loop over ``it`` (``len(users)``); ``product(a, b)``: one size per iterable
        (with ``scope``: per iterable that is a level, not ``product(dbs, FORMATS)``'s constant)."""
        if levels > 1 and type(it) is ast.Call and it.args and _dotted_tail(it.func) == "product":
            sizes = [size_of(self._text(a, 80)) for a in it.args if scope is None or self.levels(a, scope)[0]]
            if len(sizes) == levels:
                return " * ".join(sizes)
        return size_of(self._text(it, 80))

    def _recursion_size(self, rec) -> str:
        """The argument the recursion shrinks: ``n`` of ``f(n - 1)``, ``len(a)`` of ``f(a[1:])``."""
        for a in rec.site.args:
            if type(a) is ast.BinOp and type(a.left) is ast.Name:
                return a.left.id
            if type(a) is ast.Subscript and type(a.slice) is ast.Slice:
                return size_of(self._text(a.value, 80))
        return "depth of the recursion" if rec.kind != "states" else "states"

    # ----- regions and labels -----------------------------------------------------------------

    def _region(self, start: ast.AST, end: ast.AST) -> Region:
        return self.src.region_from_ast(_Span(start.lineno, start.col_offset, end.end_lineno, end.end_col_offset))

    def _text(self, node: ast.AST, limit: int = 48) -> str:
        r = self.src.region_from_ast(node)
        if r.end_line != r.start_line:
            text = self.src.line_text(r.start_line)[r.start_column - 1:].rstrip() + " ..."
        else:
            text = self.src.line_text(r.start_line)[r.start_column - 1:r.end_column - 1]
        return text if len(text) <= limit else text[: limit - 3] + "..."

    # ----- the walk ---------------------------------------------------------------------------

    def cost(self, node: ast.AST, scope: Scope, depth: int) -> Cost:
        method = _DISPATCH.get(type(node))
        if method is not None:
            return method(self, node, scope, depth)
        return self._children(node, scope, depth)

    def _children(self, node: ast.AST, scope: Scope, depth: int) -> Cost:
        best = ZERO
        cost = self.cost
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for child in value:
                    if isinstance(child, ast.AST):
                        c = cost(child, scope, depth)
                        if c.order > best.order:
                            best = c
            elif isinstance(value, ast.AST):
                c = cost(value, scope, depth)
                if c.order > best.order:
                    best = c
        return best

    def _body(self, stmts: list[ast.stmt], scope: Scope, depth: int) -> Cost:
        best = ZERO
        for s in stmts:
            c = self.cost(s, scope, depth)
            if c.order > best.order:
                best = c
        return best

    def _skip(self, node: ast.AST, scope: Scope, depth: int) -> Cost:
        return ZERO  # nested defs, classes and lambdas do not run where they are written

    def _class(self, node: ast.ClassDef, scope: Scope, depth: int) -> Cost:
        return self._body(node.body, scope, depth)  # the class body runs where the class statement is

    def _for(self, node: ast.For, scope: Scope, depth: int) -> Cost:
        levels, why = self.levels(node.iter, scope)
        step, src, frame = None, None, None
        if levels and self._same_iterator(node.iter, scope):
            label = f"for {self._text(node.target, 24)}"
            step = Step(self._region(node, node.iter), label, "the enclosing loop's iterator",
                        f"not a level: `{label}` draws from the iterator `{self._text(node.iter)}` that an enclosing "
                        "loop draws from too: together they take each item once", weight=0, kind="derived")
        elif levels and self._fresh(node.iter, depth):
            step = self._built_step(self._region(node, node.iter), f"for {self._text(node.target, 24)}", node.iter)
        elif levels:
            label = f"for {self._text(node.target, 24)}"
            region = self._region(node, node.iter)
            src = self._source(node.iter, scope)
            if src is not None:
                step = derived_step(region, label, f"the `for` loop over `{self._text(node.iter)}`", src,
                                    self._size(node.iter, 1))
            else:
                step = Step(region, label, "loop", why or f"`for` loop over `{self._text(node.iter)}`", weight=levels,
                            size=self._size(node.iter, levels, scope),
                            finds=py_search.for_searches(node) or self._regrown(node.iter))
            frame = self.lineage.push(names(node.target) | keyed(node.target, node.iter),
                                      f"`{label}` (line {region.start_line})", src)
        self.loops.append(node)
        try:
            body = self._iterations(step, node.body, [], scope, depth)
        finally:
            self.loops.pop()
            if frame is not None:
                self.lineage.pop(frame, src)
        return seq(self.cost(node.iter, scope, depth), body, self._body(node.orelse, scope, depth))

    def _built_step(self, region: Region, label: str, it: ast.expr) -> Step:
        """A loop over a collection this pass of the enclosing loop built (:meth:`_fresh`): no level."""
        return Step(region, label, "built on this pass",
                    f"not a level: `{self._text(it)}` is built on this pass of the enclosing loop, one element at "
                    "a time: walking it costs no more than building it did", weight=0, kind="derived")

    def _regrown(self, it: ast.expr) -> bool:
        """The enclosing loop appends to the collection this loop walks: each pass rescans what the
        earlier passes added (the accumulate-and-rescan quadratic)."""
        return bool(self.loops) and py_search.accumulates(self.loops[-1], py_search.grown_collection(it))

    def _same_iterator(self, it: ast.expr, scope: Scope) -> bool:
        """``it = iter(xs); for a in it: ... for b in it:``: both loops consume one iterator."""
        if type(it) is not ast.Name or scope.kind(it.id) != ITER:
            return False
        return any(type(lp) in (ast.For, ast.AsyncFor) and type(lp.iter) is ast.Name and lp.iter.id == it.id
                   for lp in self.loops)

    def _source(self, it: ast.expr, scope: Scope):
        """The enclosing loop whose item ``it`` derives from (None: ``it`` is a level of its own).

        A call with the item (``self.forwards_plan(node)``) returns a part of the item, unless the
        callee is a function of this file that, even with the item's parts counted as derived, does
        linear work of its own (a graph search from the node): then its result is as large as that
        work, and the loop over it is a level."""
        src = self.lineage.source(base_of(it))
        if src is None:
            return None
        call = it
        while type(call) is ast.Call and type(call.func) is ast.Name and call.func.id in PASS_THROUGH and call.args:
            call = call.args[0]
        if type(call) is ast.Call:
            target = self._callee(call, scope)
            if target is not None and id(target) not in self.active and not self.memoized.get(id(target)):
                items, origin = self._item_params(call, target)
                if self._compute(target, items, origin).order >= 1:
                    return None
        return src

    def _callee(self, node: ast.Call, scope: Scope) -> ast.AST | None:
        """The def a call reaches in this file: ``helper(...)``, ``self.method(...)``."""
        f = node.func
        if type(f) is ast.Name:
            return scope.lookup_def(f.id)
        if (type(f) is ast.Attribute and scope.cls is not None and type(f.value) is ast.Name
                and f.value.id in (scope.self_name, "cls", "self")):
            return scope.cls.methods.get(f.attr)
        return None

    def _assign(self, node: ast.Assign, scope: Scope, depth: int) -> Cost:
        if _resumes(node):  # `i = pool.index(e, i)`: each search starts where the last one stopped
            return seq(*(self.cost(a, scope, depth) for a in node.value.args))
        cost = self._children(node, scope, depth)  # the value runs before the names are rebound
        for target in node.targets:
            for name in names(target):
                self.fresh.pop(name, None)
        if (self.loops and len(node.targets) == 1 and type(node.targets[0]) is ast.Name
                and py_parts.empty_collection(node.value) and py_parts.filled_singly(self.loops[-1].body,
                                                                                   node.targets[0].id)):
            self.fresh[node.targets[0].id] = (id(self.loops[-1]), depth)
        if self.lineage.frames and not fixed_literal(node.value):
            # `kids = item.children` in a loop body: kids derives from the item; `values = {True}`
            # (a fixed literal) cannot make it larger, so it keeps its lineage
            base = base_of(node.value)
            for target in node.targets:
                for name in names(target) - self.popped:  # `node = stack.pop()` binds the worklist's item
                    self.lineage.alias(name, base)
        return cost

    def _while(self, node: ast.While, scope: Scope, depth: int) -> Cost:
        step = None
        front = py_loops.frontier(node)
        if not self._bounded(node.test):
            region, label = self._region(node, node.test), f"while {self._text(node.test, 24)}"
            why = py_loops.log_loop(node) or py_loops.generator_loop(node) or py_loops.paced_loop(node)
            table = py_loops.filled_table(node)
            if why is None and table is not None and table not in scope.kinds:
                why = (f"extends `{table}`, a table that outlives the call, up to the size asked for: each "
                       "entry is computed once over all calls, so it adds to the caller's work")
            if why is None and self.loops:
                why = py_loops.amortised(node, self.loops[-1])
            if why is None and front:
                why = ("a breadth-first search by frontiers: each item is in one frontier, so the loop over "
                       "the frontier is the level")
            size = _while_size(node.test, self._text)
            if why is None and size.startswith("passes of"):
                why = py_loops.untied(node)
            src = self._bounded_by_item(node) if why is None else None
            if src is not None:  # for start, end in ranges: while start < end: start += chunk
                step = derived_step(region, label, f"the `while` loop bounded by `{self._text(node.test)}`", src)
            elif why is not None:
                step = Step(region, label, why.split(":")[0], f"not a level: `{label}` {why}", weight=0,
                            kind="derived")
            else:
                step = Step(region, label, "loop", "`while` loop not bounded by a constant", size=size)
        popped = (worklist_items(node) | front) - self.popped
        self.popped |= popped
        self.loops.append(node)
        # the items taken from the worklist: a call with one (`cls.check_member(member)`) walks that
        # item's parts, amortised over the traversal like the loops over them here
        frame = (self.lineage.push(popped, f"`while {self._text(node.test, 24)}` (line {node.lineno})", None)
                 if popped else None)
        try:
            body = self._iterations(step, node.body, [node.test], scope, depth)
        finally:
            self.popped -= popped
            self.loops.pop()
            if frame is not None:
                self.lineage.pop(frame, None)
        return seq(body, self._body(node.orelse, scope, depth))

    def _bounded_by_item(self, loop: ast.While):
        """The frame whose item bounds a ``while``: every name its test reads that the body does not
        assign is the item's (``while start < end`` in ``for start, end in ranges``, ``while pos <
        len(data)`` in a helper called with the item as ``data``)."""
        if not self.lineage.frames:
            return None
        calls = {id(n.func) for n in ast.walk(loop.test) if type(n) is ast.Call}
        read = {n.id for n in ast.walk(loop.test) if type(n) is ast.Name and id(n) not in calls}
        assigned = {n.id for n in py_loops.own_nodes(loop.body) if type(n) is ast.Name and type(n.ctx) is ast.Store}
        fixed = read - assigned
        if not fixed or not (read & assigned):
            return None
        for f in reversed(self.lineage.frames):
            if fixed <= f.names:
                return None if f.used else f
        return None

    def _iterations(self, step: Step | None, body: list[ast.stmt], per_pass: list[ast.expr], scope: Scope,
                    depth: int) -> Cost:
        """A loop body: what runs on every pass is nested under ``step`` (None: constant-bounded);
        a block that ends in ``break`` / ``return`` / ``raise`` runs at most once per loop."""
        d = depth + (1 if step is not None else 0)
        has_continue = any(type(s) is ast.Continue for s in statements(body))
        if has_continue:
            per, once = self._body(body, scope, d), ZERO
        else:
            per, once = self._split(body, scope, d)
        per = seq(per, *(self.cost(e, scope, d) for e in per_pass))
        runs_once = not has_continue and body and _exits(body[-1])
        if step is None or runs_once:
            return seq(per, once)
        return seq(nest(step, per), once)

    def _split(self, stmts: list[ast.stmt], scope: Scope, depth: int) -> tuple[Cost, Cost]:
        """(cost on every pass, cost at most once) of a block inside a loop."""
        per = once = ZERO
        for s in stmts:
            t = type(s)
            if t is ast.If:
                p1, o1 = self._split(s.body, scope, depth) if not self._is_off(s.test) else (ZERO, ZERO)
                p2, o2 = self._split(s.orelse, scope, depth)
                if self.loops and py_loops.matches_key(s.test, self.loops[-1]):
                    p1, o1 = ZERO, seq(p1, o1)  # `if j == i:` on the loop's unique key: true on one pass
                per, once = seq(per, self.cost(s.test, scope, depth), p1, p2), seq(once, o1, o2)
            elif t is ast.Try or t is ast.With or t is ast.AsyncWith or t is _TRY_STAR:
                blocks = [s.body, getattr(s, "orelse", []), getattr(s, "finalbody", [])]
                for h in getattr(s, "handlers", ()):
                    self._caught(h)
                    blocks.append(h.body)
                for b in blocks:
                    p, o = self._split(b, scope, depth)
                    per, once = seq(per, p), seq(once, o)
                for item in getattr(s, "items", ()):
                    per = seq(per, self.cost(item.context_expr, scope, depth))
            else:
                per = seq(per, self.cost(s, scope, depth))
        if stmts and _fails(stmts[-1]):
            return ZERO, ZERO  # an error path: see _block
        if stmts and _exits(stmts[-1]):
            return ZERO, seq(per, once)
        return per, once

    @staticmethod
    def _bounded(test: ast.expr) -> bool:
        """``while i < 10`` / ``while tries <= MAX_TRIES``: a constant bound."""
        if isinstance(test, ast.BoolOp):
            return any(PyOrder._bounded(v) for v in test.values) if isinstance(test.op, ast.And) else False
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, right = test.ops[0], test.comparators[0]
            if isinstance(op, (ast.Lt, ast.LtE)):
                return is_constant_number(right) and not (isinstance(right, ast.Constant) and right.value in (0, 1))
            if isinstance(op, (ast.Gt, ast.GtE)):
                return is_constant_number(test.left) and not (isinstance(test.left, ast.Constant)
                                                               and test.left.value in (0, 1))
        return False

    def _comp(self, node: ast.AST, scope: Scope, depth: int) -> Cost:
        elts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        return self._generators(node, node.generators, 0, elts, scope, depth)

    def _generators(self, comp: ast.AST, gens: list[ast.comprehension], i: int, elts: list[ast.expr],
                    scope: Scope, depth: int) -> Cost:
        if i == len(gens):
            return seq(*(self.cost(e, scope, depth) for e in elts))
        g = gens[i]
        levels, why = self.levels(g.iter, scope)
        d = depth + (1 if levels else 0)
        step, src, frame = None, None, None
        if levels:
            region = self._comp_region(g)
            kind = "generator expression" if isinstance(comp, ast.GeneratorExp) else "comprehension"
            label = f"{kind} for {self._text(g.target, 24)}"
            what = f"`for` clause of a {kind} over `{self._text(g.iter)}`"
            src = self._source(g.iter, scope)
            step = (self._built_step(region, label, g.iter) if src is None and self._fresh(g.iter, depth)
                    else derived_step(region, label, f"the {what}", src, self._size(g.iter, 1)) if src is not None
                    else Step(region, label, "loop", why or what, weight=levels, size=self._size(g.iter, levels, scope),
                              finds=py_search.clause_searches(comp, g, self.searching) or self._regrown(g.iter)))
            frame = self.lineage.push(names(g.target) | keyed(g.target, g.iter),
                                      f"`{label}` (line {region.start_line})", src)
        try:
            inner = seq(*(self.cost(c, scope, d) for c in g.ifs),
                        self._generators(comp, gens, i + 1, elts, scope, d))
        finally:
            if frame is not None:
                self.lineage.pop(frame, src)
        if step is not None:
            inner = nest(step, inner)
        return seq(self.cost(g.iter, scope, depth), inner)

    def _comp_region(self, g: ast.comprehension) -> Region:
        r = self._region(g.target, g.iter)
        line = self.src.line_text(r.start_line)
        at = line.rfind("for", 0, r.start_column - 1)
        if at >= 0:
            return Region(r.start_line, at + 1, r.end_line, r.end_column)
        return r

    def _fixed_slice(self, sl: ast.Slice, scope: Scope) -> bool:
        """``[:k]`` or ``[a:b]`` with constant bounds, no step: a constant number of elements."""
        if sl.step is not None or sl.upper is None or type(sl.upper) is ast.UnaryOp:  # [1:-1]: all but two
            return False
        return self.const_number(sl.upper, scope) and (sl.lower is None or type(sl.lower) is not ast.UnaryOp
                                                        and self.const_number(sl.lower, scope))

    def levels(self, it: ast.expr, scope: Scope) -> tuple[int, str]:
        """How many levels iterating over ``it`` adds (0: constant-bounded), and why when not 1."""
        if is_literal_collection(it):
            return 0, ""
        if self.popped and any(type(n) is ast.Name and n.id in self.popped for n in ast.walk(it)):
            return 0, ""  # the children of a worklist item: amortised over the whole traversal
        if isinstance(it, ast.Name):
            if is_const_name(it.id) or scope.kind(it.id) == CONST:
                return 0, ""
            return 1, ""
        if type(it) is ast.Subscript and type(it.slice) is ast.Slice and (
                self._fixed_slice(it.slice, scope) or type(it.value) is ast.Name and scope.kind(it.value.id) == CONST):
            return 0, ""  # lines[:2], row[1:3], TABLE[8:]: at most a constant number of elements
        if isinstance(it, ast.Attribute):
            if is_const_name(it.attr) or self.attr_kind(it, scope) == CONST:
                return 0, ""
            if type(it.value) is ast.Name and it.value.id == "string" and it.attr in STRING_TABLES:
                return 0, ""  # string.ascii_lowercase: the 26 letters
            if it.attr in ("keys", "values", "items"):
                return 1, ""
            return 1, ""
        if isinstance(it, ast.Call):
            name = _dotted_tail(it.func)
            args = it.args
            if name in RANGES and isinstance(it.func, ast.Name):
                if args and all(self.const_number(a, scope) for a in args) or py_loops.sublinear_range(args):
                    return 0, ""
                if py_loops.exponential_range(args):
                    return EXPONENTIAL, f"`for` loop over `{self._text(it)}`: one pass per subset, 2^n passes"
                return 1, ""
            if name == "product" and args:
                repeat = next((kw.value for kw in it.keywords if kw.arg == "repeat"), None)
                times = repeat.value if isinstance(repeat, ast.Constant) and isinstance(repeat.value, int) else 1
                n = sum(self.levels(a, scope)[0] for a in args) * max(1, times)
                return n, f"itertools.product over {len(args)} iterables: {n} nested levels"
            if name in _COMBINATORICS and args:
                r = args[1] if len(args) > 1 else next((kw.value for kw in it.keywords if kw.arg == "r"), None)
                base = self.levels(args[0], scope)[0]
                if base and isinstance(r, ast.Constant) and isinstance(r.value, int) and r.value > 1:
                    return base * r.value, f"{name}(..., {r.value}): {base * r.value} nested levels"
                return base, ""
            if name in PASS_THROUGH and isinstance(it.func, ast.Name) and args:
                return max(self.levels(a, scope)[0] for a in args), ""
            if isinstance(it.func, ast.Attribute) and it.func.attr in ("items", "keys", "values") and not args:
                return self.levels(it.func.value, scope)[0], ""
        return 1, ""

    def _compare(self, node: ast.Compare, scope: Scope, depth: int) -> Cost:
        base = self._children(node, scope, depth)
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)):
                kind = self._membership_kind(right, scope, depth)
                if kind == STR and type(node.left) is ast.Constant:
                    kind = None  # `"bad magic" in str(e)`: a fixed word in a message, not a document scan
                if kind is not None:
                    word = "in" if isinstance(op, ast.In) else "not in"
                    what = LINEAR[kind]
                    label = f"`{self._text(node.left, 20)} {word} {self._text(right, 24)}`"
                    step = Step(self.src.region_from_ast(node), label, what,
                                f"{label} is a {what}: a linear scan" if kind != STR else
                                f"{label} searches the string: a linear scan", kind="operation",
                                size=size_of(self._text(right, 80)))
                    base = seq(base, Cost(1, (step,)))
        return base

    def _membership_kind(self, right: ast.expr, scope: Scope, depth: int) -> str | None:
        if is_literal_collection(right) or self._derived(right, depth):
            return None
        if isinstance(right, ast.Call) and isinstance(right.func, ast.Attribute):
            if right.func.attr == "values" and not right.args:
                return LIST
            if right.func.attr == "keys":
                return None
        kind = self.kind_of(right, scope)
        return kind if kind in LINEAR else None

    def _call(self, node: ast.Call, scope: Scope, depth: int) -> Cost:
        base = self._children(node, scope, depth)
        f = node.func
        if isinstance(f, ast.Name):
            name = f.id
            if name in _REDUCERS or name == "sorted":
                if len(node.args) == 1:
                    arg = node.args[0]
                    if (not isinstance(arg, (*_COMPS, ast.Starred)) and self.levels(arg, scope)[0]
                            and not self._derived(arg, depth)):
                        what = "sorts the collection" if name == "sorted" else "iterates over the collection"
                        label = f"`{name}({self._text(arg, 24)})`"
                        return seq(base, Cost(1, (Step(self.src.region_from_ast(node), label, f"{name}() {what}",
                                                       f"{label} {what}: a linear pass", kind="operation",
                                                       size=size_of(self._text(arg, 80))),)))
                return base
            if name in ("map", "filter") and len(node.args) == 2:
                fn, it = node.args
                levels, _ = self.levels(it, scope)
                if not levels:
                    return base
                if isinstance(fn, ast.Lambda):
                    body = self.cost(fn.body, scope, depth + 1)
                else:
                    target = scope.lookup_def(fn.id) if isinstance(fn, ast.Name) else None
                    body = self._call_cost(node, target, fn.id, scope) if target is not None else ZERO
                label, region = f"{name}() over {self._text(it, 24)}", self.src.region_from_ast(node)
                src = self.lineage.source(base_of(it))
                step = (derived_step(region, label, f"`{name}()` over `{self._text(it)}`", src) if src is not None
                        else Step(region, label, "loop",
                                  f"`{name}()` calls its function once per element of `{self._text(it)}`",
                                  weight=levels, size=self._size(it, levels)))
                return seq(base, nest(step, body))
            target = scope.lookup_def(name)
            if target is not None:
                return seq(base, self._call_cost(node, target, name, scope))
            return base
        if isinstance(f, ast.Attribute):
            recv, attr, args = f.value, f.attr, node.args
            if (scope.cls is not None and isinstance(recv, ast.Name) and recv.id in (scope.self_name, "cls", "self")
                    and attr in scope.cls.methods):
                return seq(base, self._call_cost(node, scope.cls.methods[attr], f"{recv.id}.{attr}", scope))
            op = self._hidden_method(recv, attr, args, scope) if not self._derived(recv, depth) else None
            if op is not None:
                label = f"`{self._text(node, 32)}`"
                queue = attr in ("pop", "insert") and bool(self.loops) and py_search.grows(self.loops[-1], recv)
                anchor = self._removes_item(recv, attr, args)
                return seq(base, Cost(1, (Step(self.src.region_from_ast(node), label, op,
                                               f"{label}: {op}, a linear pass", kind="operation",
                                               size=size_of(self._text(recv, 80)), finds=queue,
                                               once=anchor is not None),), anchor))
        return base

    def _removes_item(self, recv: ast.expr, attr: str, args: list[ast.expr]) -> Region | None:
        """``for sql in list(self.pending): ... self.pending.remove(sql)``: the item of an enclosing loop
        over the same list (or a copy of it) removed from it. Each element leaves once over the whole
        run, so the removals multiply with that loop only: its region (None: not such a removal)."""
        if attr != "remove" or len(args) != 1 or type(args[0]) is not ast.Name:
            return None
        text = ast.dump(recv)
        for lp in reversed(self.loops):
            if type(lp) in (ast.For, ast.AsyncFor) and type(lp.target) is ast.Name and lp.target.id == args[0].id:
                it = lp.iter
                if type(it) is ast.Call and type(it.func) is ast.Name and it.func.id in ("list", "tuple") and it.args:
                    it = it.args[0]
                elif type(it) is ast.Subscript and type(it.slice) is ast.Slice and it.slice.lower is None \
                        and it.slice.upper is None:
                    it = it.value  # xs[:]
                return self._region(lp, lp.iter) if ast.dump(it) == text else None
        return None

    def _hidden_method(self, recv: ast.expr, attr: str, args: list[ast.expr], scope: Scope) -> str | None:
        if attr not in ("index", "count", "remove", "insert", "pop", "sort"):
            return None
        if type(recv) is ast.Name and recv.id in self.modules and scope.kind(recv.id) is None:
            return None  # os.remove(path): a module's function, not list.remove
        kind = self.kind_of(recv, scope)
        if kind in HASHED or kind == CONST:
            return None
        if isinstance(recv, ast.Constant):
            return None
        if attr in ("index", "count") and args and len(args) <= 3:
            if isinstance(recv, ast.Name) and is_const_name(recv.id):
                return None
            if kind is None and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                return None  # `name.index(".")`: a short string of unknown type, not a collection
            return f"{'str' if kind == STR else 'list'}.{attr}() scans the sequence"
        if attr == "remove" and len(args) == 1 and kind in (LIST, None):
            return "list.remove() scans and shifts the list"
        if attr == "insert" and len(args) == 2 and _is_zero(args[0]) and kind in (LIST, None):
            return "list.insert(0, ...) shifts every element"
        if attr == "pop" and len(args) == 1 and _is_zero(args[0]) and kind in (LIST, None):
            return "list.pop(0) shifts every element"
        if attr == "sort" and kind in (LIST, None) and not args:
            return "sort() sorts the list"
        return None

    def _derived(self, collection: ast.expr, depth: int = -1) -> bool:
        """A collection that derives from an enclosing loop's item, or that this pass of the innermost
        loop built (see :meth:`_fresh`): scanning it adds to that level."""
        return (bool(self.lineage.frames) and self.lineage.source(base_of(collection)) is not None
                or self._fresh(collection, depth))

    def _fresh(self, collection: ast.expr, depth: int) -> bool:
        """``related = {}`` in a loop body, filled one element at a time on this pass: scanned at the
        same level (not inside a deeper loop), it holds at most what this pass already put in it,
        work the path counts where it was done, so the scan adds to that level."""
        return (type(collection) is ast.Name and bool(self.loops)
                and self.fresh.get(collection.id) == (id(self.loops[-1]), depth))

    def _item_params(self, node: ast.Call, target: ast.AST) -> tuple[frozenset[str], str]:
        """The callee's parameters that receive the item of an enclosing loop (or an expression on it)."""
        if not self.lineage.frames or not isinstance(target, _DEFS):
            return frozenset(), ""
        a = target.args
        positional = [p.arg for p in (*a.posonlyargs, *a.args)]
        if (type(node.func) is ast.Attribute and positional and self.owners.get(id(target), (None, None))[1] is not None
                and not any(_dotted_tail(d) == "staticmethod" for d in target.decorator_list)):
            positional = positional[1:]  # self.method(item): skip `self`
        pairs = [(p, v) for p, v in zip(positional, node.args) if not isinstance(v, ast.Starred)]
        if a.vararg is not None:  # merge(*lists): the item's parts spread into *lists
            pairs += [(a.vararg.arg, v.value) for v in node.args if isinstance(v, ast.Starred)]
        pairs += [(kw.arg, kw.value) for kw in node.keywords if kw.arg is not None]
        items, origin = set(), ""
        for param, value in pairs:
            src = self.lineage.source(base_of(value))
            if src is not None:
                items.add(param)
                origin = origin or f"parameter `{param}` (an item of the caller's loop)"
        return frozenset(items), origin

    def _is_off(self, test: ast.expr) -> bool:
        """``if flag:`` / ``if flag and ...`` on a flag parameter left at its false default."""
        if not self.off:
            return False
        if type(test) is ast.Name:
            return test.id in self.off
        if type(test) is ast.BoolOp and type(test.op) is ast.And:
            return any(self._is_off(v) for v in test.values)
        return False

    def _if(self, node: ast.If, scope: Scope, depth: int) -> Cost:
        body = ZERO if self._is_off(node.test) else self._block(node.body, scope, depth)
        return seq(self.cost(node.test, scope, depth), body, self._block(node.orelse, scope, depth))

    def _block(self, stmts: list[ast.stmt], scope: Scope, depth: int) -> Cost:
        """A block that ends in ``raise`` (or ``self.fail()``, ``sys.exit()``) is an error path: it
        runs once and ends every enclosing loop, so its work (formatting the message, cleaning up)
        is no level of the function's normal work."""
        return ZERO if stmts and _fails(stmts[-1]) else self._body(stmts, scope, depth)

    def _handler(self, node: ast.ExceptHandler, scope: Scope, depth: int) -> Cost:
        self._caught(node)
        return self._block(node.body, scope, depth)

    def _caught(self, node: ast.ExceptHandler) -> None:
        """``except ValidationError as e`` in a loop body: the error this pass's work raised; its
        parts (``e.error_list``) add up, over the passes, to the errors raised, so they derive from
        the innermost loop's item."""
        if node.name and self.lineage.frames:
            self.lineage.alias(node.name, None)
            self.lineage.frames[-1].names.add(node.name)

    def _flags_left_off(self, node: ast.Call, target: ast.AST) -> frozenset[str]:
        """Parameters with a ``False`` / ``None`` / ``0`` default that the call does not pass and the
        callee never reassigns (``add_operation(app, op)`` leaves ``beginning=False``)."""
        if not isinstance(target, _DEFS) or any(isinstance(a, ast.Starred) for a in node.args) or any(
                kw.arg is None for kw in node.keywords):
            return frozenset()
        a = target.args
        positional = [*a.posonlyargs, *a.args]
        pairs = [*zip(positional[len(positional) - len(a.defaults):], a.defaults),
                 *((p, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None)]
        flags = [p.arg for p, d in pairs if type(d) is ast.Constant and d.value in (False, None, 0)]
        if not flags:
            return frozenset()
        passed = {p.arg for p in positional[:len(node.args) + (1 if type(node.func) is ast.Attribute
                                                                and self.owners.get(id(target), (0, None))[1]
                                                                else 0)]}
        passed |= {kw.arg for kw in node.keywords}
        stored = self.stored.get(id(target))
        if stored is None:
            stored = self.stored[id(target)] = {n.id for n in ast.walk(target)
                                                if type(n) is ast.Name and type(n.ctx) is ast.Store}
        return frozenset(f for f in flags if f not in passed and f not in stored)

    def _call_cost(self, node: ast.Call, target: ast.AST, name: str, scope: Scope) -> Cost:
        if id(target) in self.active:
            return ZERO  # recursion: its levels come from the recurrence (py_recursion), not from here
        memo = self.memoized.get(id(target))
        if memo is None:
            memo = self.memoized[id(target)] = memoized(target)
        if memo:
            return ZERO  # its work is paid once per distinct argument, not once per call
        items, origin = self._item_params(node, target)
        callee = self._compute(target, items, origin, self._flags_left_off(node, target))
        if callee.order == 0:
            return ZERO
        site = Step(self.src.region_from_ast(node), f"{name}()", "call",
                    f"calls `{name}()`, which is {big_o(callee.order)}", weight=0, kind="call")
        return call(site, callee)



def _while_size(test: ast.expr, text) -> str:
    """What n is for a ``while``: ``len(stack)`` for ``while stack``, ``n`` for ``while i < n``."""
    if type(test) is ast.BoolOp:
        test = test.values[0]
    if type(test) is ast.Call and _dotted_tail(test.func) == "len" and len(test.args) == 1:
        test = test.args[0]  # while len(stack)
    if type(test) is ast.Name or type(test) is ast.Attribute:
        return size_of(text(test, 80))
    if type(test) is ast.Compare and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Lt, ast.LtE)):
        return size_of(f"range({text(test.comparators[0], 80)})")
    return f"passes of `while {text(test, 30)}`"


def _resumes(node: ast.Assign) -> bool:
    """``i = xs.index(v, i)`` / ``i = s.find(v, i)``: a scan that resumes from its last result, so
    over the enclosing loop it walks the sequence once (a pointer that only advances)."""
    v = node.value
    return (len(node.targets) == 1 and type(node.targets[0]) is ast.Name and type(v) is ast.Call
            and type(v.func) is ast.Attribute and v.func.attr in ("index", "find") and len(v.args) >= 2
            and type(v.args[1]) is ast.Name and v.args[1].id == node.targets[0].id)


_FAILS = frozenset({"fail", "exit", "abort", "skipTest", "skip", "xfail", "_exit"})


def _exits(stmt: ast.stmt) -> bool:
    """``return`` / ``break`` / ``raise``, or a call that does not come back (``self.fail(...)``,
    ``sys.exit()``, ``pytest.fail()``)."""
    if type(stmt) in _EXITS:
        return True
    return (type(stmt) is ast.Expr and type(stmt.value) is ast.Call
            and _dotted_tail(stmt.value.func) in _FAILS)


def _fails(stmt: ast.stmt) -> bool:
    """``raise`` or a call that does not come back: the end of an error path."""
    return type(stmt) is ast.Raise or (type(stmt) is ast.Expr and type(stmt.value) is ast.Call
                                       and _dotted_tail(stmt.value.func) in _FAILS)


def _is_zero(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == 0 and not isinstance(node.value, bool)


@dataclass(frozen=True)
class _Span:
    lineno: int
    col_offset: int
    end_lineno: int
    end_col_offset: int


_DISPATCH = {
    ast.For: PyOrder._for,
    ast.AsyncFor: PyOrder._for,
    ast.While: PyOrder._while,
    ast.ListComp: PyOrder._comp,
    ast.SetComp: PyOrder._comp,
    ast.DictComp: PyOrder._comp,
    ast.GeneratorExp: PyOrder._comp,
    ast.Compare: PyOrder._compare,
    ast.Call: PyOrder._call,
    ast.Assign: PyOrder._assign,
    ast.If: PyOrder._if,
    ast.ExceptHandler: PyOrder._handler,
    ast.Raise: PyOrder._skip,
    ast.FunctionDef: PyOrder._skip,
    ast.AsyncFunctionDef: PyOrder._skip,
    ast.ClassDef: PyOrder._class,
    ast.Lambda: PyOrder._skip,
    ast.Name: PyOrder._skip,
    ast.Constant: PyOrder._skip,
    ast.Load: PyOrder._skip,
    ast.Store: PyOrder._skip,
}


def analyze(tree: ast.Module, source: Source) -> list[FunctionCost]:
    return PyOrder(tree, source).run()
