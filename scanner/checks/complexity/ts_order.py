"""Tree-sitter adapter of the order algebra (``order.py``): JavaScript, TypeScript, Go and Java.

Takes a tree-sitter tree and its :class:`~scanner.source.Source`; returns one
:class:`~scanner.checks.complexity.order.FunctionCost` per named function, method, anonymous
function that is not a recognised callback, and for the file's top level. The syntax is the only
thing that differs between languages, so each language is a :class:`ts_langs.Lang` table of node types
and method names; the walk and the algebra are shared.

What counts as a level:

* loops: ``for`` / ``for-in`` / ``for-of`` / ``while`` / ``do`` (JS/TS), ``for`` in every form
  (Go), ``for`` / enhanced ``for`` / ``while`` / ``do`` (Java); a classic ``for`` or ``while``
  whose condition compares against a number or an ALL_CAPS constant, and a loop over a literal
  array, is constant-bounded and does not count;
* callbacks run once per element: ``forEach`` / ``map`` / ``filter`` / ``reduce`` / ``some`` /
  ``every`` / ``find`` / ``flatMap`` ... (JS/TS, Java streams and ``Iterable.forEach``);
* operations that hide a loop: ``.includes`` / ``.indexOf`` / ``.lastIndexOf`` / ``.splice`` /
  ``.shift`` / ``.unshift`` / ``.sort`` (JS/TS), ``slices.Contains`` / ``slices.Index`` /
  ``sort.*`` / ``slices.Sort`` (Go), ``.contains`` / ``.indexOf`` / ``.remove`` on a receiver
  declared as a ``List`` (or a ``String``) and ``Collections.sort`` (Java);
* calls to functions of the same file (and ``this.m()`` / receiver methods of the same type).

A ``for-of`` / ``for-in`` / enhanced ``for`` / ``range`` loop or a callback over a collection
derived from an enclosing loop's item (``for (const y of x.items)``, ``range x.Items``,
``x.items.forEach(...)``, or a local assigned from such an expression in the loop body) is a
derived level: it adds to the enclosing level instead of multiplying (see ``order.Lineage``).

The pieces: ``ts_langs`` (the per-language tables), ``ts_syntax`` (reading nodes), ``ts_scopes``
(which function a bare call reaches), ``ts_bounds`` (what bounds a loop without an iterable),
``ts_loops`` (loops that are not a level), ``ts_recursion`` (recurrences); this module walks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from scanner.checks.complexity import ts_bounds, ts_langs, ts_loops, ts_recursion, ts_search
from scanner.checks.complexity import ts_syntax as syn
from scanner.checks.complexity.ts_scopes import Scopes, call_graph, cycle_members
from scanner.checks.complexity.order import (
    EXPONENTIAL,
    RECURSION_REASONS,
    ZERO,
    Cost,
    FunctionCost,
    Lineage,
    Step,
    big_o,
    call,
    derived_step,
    nest,
    recursion_cost,
    seq,
    size_of,
)
from scanner.source import Source

_BOUND = re.compile(r"^\(?\s*[\w.]+\s*(<|<=)\s*(\d+|[A-Z][A-Z0-9_]+)\s*\)?;?$|^\(?\s*(\d+|[A-Z][A-Z0-9_]+)\s*(>|>=)\s*[\w.]+\s*\)?;?$")
syn.WS = re.compile(r"\s+")



_NEEDLES = frozenset({"string", "string_literal", "character_literal", "interpreted_string_literal",
                      "raw_string_literal", "rune_literal", "template_string"})


def _needle(args) -> bool:
    """The first argument is a string or character literal: what is searched for is text."""
    return bool(args) and args[0].type in _NEEDLES


def _exploded(args) -> bool:
    """``s.split('')``: one element per character (a split at a separator is the string's parts,
    often a short field such as a date's `T`)."""
    return len(args) == 1 and args[0].type == "string" and len(syn.text(args[0])) == 2
_JAVA_COPIES = frozenset({"Arrays.equals", "Arrays.fill", "Arrays.copyOf", "Arrays.copyOfRange", "String.join"})
_LAST = re.compile(r"(?:\bsize\(\)|\bsize|\.length)\s*-\s*1$")
_KEYED = re.compile(r"([\w.$]+)\[\s*(\w+)\s*\]")


@dataclass
class _Unit:
    """A function (or the file's top level) to analyse."""

    node: object
    name: str
    kind: str
    cls: str | None  # the enclosing class or Go receiver type
    receiver: str | None = None  # Go receiver name, Java/JS `this`
    list_names: set[str] = field(default_factory=set)  # Java: names declared with a list type
    locals: ts_bounds.Locals | None = None  # its declarations (computed on first use)
    small: set[str] = field(default_factory=set)  # sizes it compares against a constant threshold
    tables: dict[str, bool] = field(default_factory=dict)  # local name -> bound to a literal table never grown
    marks: bool = False  # a recursion that marks or memoises what it visited (once computed)


class TsOrder:
    def __init__(self, tree, source: Source) -> None:
        self.src = source
        self.lang = ts_langs.LANGS[source.language]
        self.root = tree.root_node
        self.memo: dict[tuple[int, frozenset[str]], Cost] = {}
        self.active: set[int] = set()
        self.units: list[_Unit] = []
        self.unit_of: dict[int, _Unit] = {}
        self.functions: dict[str, object] = {}  # same-file functions by name
        self.methods: dict[tuple[str, str], object] = {}  # (class or receiver type, name) -> node
        self.java_fields: dict[str, set[str]] = {}
        self.lineage = Lineage()
        self.loops: list = []  # the enclosing loop nodes of the unit being walked
        self.popped: set[str] = set()  # names bound to items taken off an enclosing worklist
        self.counters: set[str] = set()  # counters of the enclosing index loops (i of arr[i], not an item)
        self.exits: list[Cost] = []  # blocks in loops that end the function: they run once per call
        self.tables: set[str] | None = None  # module-level constant tables (computed on first use)
        self.breaks: list[list[Cost]] = []  # per enclosing loop: blocks that end in breaking it
        self.calls: dict[int, set[int]] | None = None  # the same-file call graph (built on first use)
        self._index(self.root, None)
        self.scope = Scopes(source.language, self.lang.functions, self.functions)

    # ----- indexing -----------------------------------------------------------------------------

    def _index(self, node, cls: str | None) -> None:
        """Find every named function and method; anonymous functions are found during the walk."""
        stack = [(node, cls)]
        while stack:
            n, c = stack.pop()
            t = n.type
            if t in self.lang.classes:
                name = n.child_by_field_name("name")
                c = syn.text(name) if name is not None else c
                if self.src.language == "java":
                    self.java_fields[c or ""] = self._java_list_names(n, fields_only=True)
            elif t in self.lang.functions:
                name, owner, receiver = self._name_of(n, c)
                if name is not None:
                    unit = _Unit(n, f"{owner}.{name}" if owner else name, "Method" if owner else "Function",
                                 owner, receiver)
                    self._add(unit)
                    if owner:
                        self.methods.setdefault((owner, name), n)
                    else:
                        self.functions.setdefault(name, n)
            stack.extend((ch, c) for ch in reversed(n.named_children))

    def _add(self, unit: _Unit) -> None:
        if unit.node.id not in self.unit_of:
            self.unit_of[unit.node.id] = unit
            self.units.append(unit)

    def _name_of(self, n, cls: str | None) -> tuple[str | None, str | None, str | None]:
        t = n.type
        lang = self.src.language
        if t == "method_declaration" and lang == "go":
            recv = n.child_by_field_name("receiver")
            rtype, rname = None, None
            if recv is not None:
                for p in recv.named_children:
                    if p.type == "parameter_declaration":
                        nm, ty = p.child_by_field_name("name"), p.child_by_field_name("type")
                        rname = syn.text(nm) if nm is not None else None
                        rtype = syn.text(ty).lstrip("*").split("[")[0] if ty is not None else None
            return syn.text(n.child_by_field_name("name")), rtype, rname
        if t in ("method_declaration", "constructor_declaration", "method_definition"):
            name = n.child_by_field_name("name")
            return (syn.text(name) if name is not None else None), cls, "this"
        if t in ("function_declaration", "generator_function_declaration"):
            name = n.child_by_field_name("name")
            return (syn.text(name) if name is not None else None), None, None
        parent = n.parent
        if parent is not None and parent.type == "variable_declarator":  # const f = () => ...
            name = parent.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                return syn.text(name), None, None
        return None, None, None

    def _java_list_names(self, node, fields_only: bool = False) -> set[str]:
        names: set[str] = set()
        stack = [node]
        wanted = {"field_declaration"} if fields_only else {"local_variable_declaration", "formal_parameter",
                                                              "field_declaration"}
        while stack:
            n = stack.pop()
            if n.type in wanted:
                ty = n.child_by_field_name("type")
                if ty is not None and ts_langs.JAVA_LIST.match(syn.text(ty)):
                    if n.type == "formal_parameter":
                        nm = n.child_by_field_name("name")
                        if nm is not None:
                            names.add(syn.text(nm))
                    for d in n.named_children:
                        if d.type == "variable_declarator":
                            nm = d.child_by_field_name("name")
                            if nm is not None:
                                names.add(syn.text(nm))
            if fields_only and n.type in self.lang.functions:
                continue
            if not fields_only or n is node or n.type in ("class_body",):
                stack.extend(n.named_children)
        return names

    # ----- driving ------------------------------------------------------------------------------

    def run(self) -> list[FunctionCost]:
        top = _Unit(self.root, "<module>", "Module top level", None)
        results = [FunctionCost("<module>", "Module top level", self._walk(self.root, top, 0))]
        i = 0
        while i < len(self.units):  # anonymous functions register during the walk
            unit = self.units[i]
            i += 1
            node = unit.node
            results.append(FunctionCost(unit.name, unit.kind, self._compute(unit),
                                        lines=(node.start_point[0] + 1, node.end_point[0] + 1),
                                        line=node.start_point[0] + 1))
        return results

    def _compute(self, unit: _Unit, items: frozenset[str] = frozenset(), origin: str = "") -> Cost:
        """The memoized order of one function; a function in progress counts 0. ``items``: parameters
        bound to the item of a caller's loop (``origin`` names that loop): loops over their parts are
        derived levels of this call. A function on a call cycle (``f`` -> ``g`` -> ``f``) is costed
        with the cycle: one round walks every body of the cycle once (calls inside it count 0) and
        the recursion's levels go on top, so a round is never counted twice."""
        key = unit.node.id
        cycle = self._cycle(unit)
        if cycle & self.active:
            return ZERO  # called back inside its cycle: the outermost function counts every body once
        if key in self.active:
            return ZERO  # a call back into a function in progress (before the memo: its own recursion is counted once)
        mkey = (key, items)
        if mkey in self.memo:
            return self.memo[mkey]
        self.active.add(key)
        self.active |= cycle
        saved, loops, counters, popped, exits = self.lineage.save(), self.loops, self.counters, self.popped, self.exits
        breaks = self.breaks
        if items:
            self.lineage.push(set(items), origin, None)
        rec = self._recursion(unit, cycle)
        if rec is not None and rec.kind == "traversal":  # loops over the parameter's parts are the traversal's
            self.lineage.push(set(rec.parts), f"the recursion of `{unit.name}()`", None)
        elif rec is not None and rec.kind == "states" and rec.parts:
            # what a state selects (`graph[node]` in a search that marks `node`): over all states,
            # loops over it sum to the whole structure (a loop up to `r` itself still multiplies)
            texts = [syn.text(unit.node), *(syn.text(self.unit_of[i].node) for i in cycle)]
            keyed = {f"{c}[{i}]" for t in texts for c, i in _KEYED.findall(t) if i in rec.parts}
            if keyed:
                self.lineage.push(keyed, f"the recursion of `{unit.name}()`", None)
        unit.marks = rec is not None and rec.marks
        try:
            total = ZERO
            for member in (unit, *(self.unit_of[i] for i in sorted(cycle))):
                if self.src.language == "java":
                    member.list_names = self._java_list_names(member.node) | self.java_fields.get(member.cls or "", set())
                self.loops, self.counters, self.popped, self.exits, self.breaks = [], set(), set(), [], []
                body = member.node.child_by_field_name("body")
                total = seq(total, self._walk(body, member, 0) if body is not None else ZERO, *self.exits)
            if rec is not None:
                total = self._recur(rec, total, unit.name, bool(items))
        finally:
            self.active.discard(key)
            self.active -= cycle
            self.lineage.restore(saved)
            self.loops, self.counters, self.popped, self.exits, self.breaks = loops, counters, popped, exits, breaks
        self.memo[mkey] = total
        return total

    def _recursion(self, unit: _Unit, cycle: frozenset[int]):
        """How the function's calls to itself, directly or through the other functions of its call
        cycle, multiply its work (None: it does not call itself)."""
        if unit.node is self.root or unit.name.startswith("<"):
            return None
        short = unit.name.rsplit(".", 1)[-1]
        body = unit.node.child_by_field_name("body")
        if body is None or not cycle and (short + "(").encode() not in body.text:
            return None
        receiver = unit.receiver if unit.cls else None
        others = {self.unit_of[i].name.rsplit(".", 1)[-1]: self.unit_of[i].node for i in cycle}
        return ts_recursion.recursion(unit.node, short, receiver, self.src.language, self.lang.functions, EXPONENTIAL,
                                      others)

    def _cycle(self, unit: _Unit) -> frozenset[int]:
        """The other same-file functions on a call cycle through ``unit`` (mutual recursion)."""
        if unit.node is self.root or unit.name.startswith("<"):
            return frozenset()
        if self.calls is None:
            named = {uid for uid, u in self.unit_of.items() if u.node.id == uid}
            self.calls = call_graph([u for u in self.units], named, self.lang.call, self._callee)
        return cycle_members(unit.node.id, self.calls)

    def _callee(self, node, unit: _Unit):
        """The same-file function or method a call node reaches, or None."""
        if self.src.language == "java":
            obj, name = node.child_by_field_name("object"), syn.text(node.child_by_field_name("name"))
            return self.methods.get((unit.cls or "", name)) if obj is None or obj.type == "this" else None
        func = node.child_by_field_name("function")
        if func is None:
            return None
        if func.type == "identifier":
            return self.scope.resolve(node, syn.text(func))
        if func.type in ("member_expression", "selector_expression") and unit.cls:
            obj = func.child_by_field_name("object") or func.child_by_field_name("operand")
            prop = func.child_by_field_name("property") or func.child_by_field_name("field")
            if obj is not None and (obj.type == "this" or syn.text(obj) == unit.receiver):
                return self.methods.get((unit.cls, syn.text(prop)))
        return None

    def _recur(self, rec, body: Cost, name: str, derived: bool) -> Cost:
        """The body's worst path with the recursion's levels in front (order.recursion_cost)."""
        step = Step(self.src.region_from_ts(rec.site), f"recursion {name}()", RECURSION_REASONS[rec.kind],
                    rec.why, weight=rec.weight, kind="recursion", size=rec.size)
        return recursion_cost(step, rec.kind, body, derived)

    # ----- the walk -----------------------------------------------------------------------------

    def _walk(self, node, unit: _Unit, depth: int) -> Cost:
        t = node.type
        lang = self.lang
        if t in lang.functions:
            if node.id not in self.unit_of and syn.invoked_here(node, lang.call):
                # `go func() { ... }()`, `defer func() {...}()`, `(() => { ... })()`: runs where it is written
                self.unit_of[node.id] = unit
                body = node.child_by_field_name("body")
                return self._walk(body, unit, depth) if body is not None else ZERO
            if node.id not in self.unit_of:  # anonymous, not a recognised callback: its own unit
                line = node.start_point[0] + 1
                self._add(_Unit(node, f"<anonymous function at line {line}>", "Function", unit.cls, unit.receiver))
            return ZERO
        if t in lang.loops:
            return self._loop(node, unit, depth)
        if t == lang.call:
            return self._call(node, unit, depth)
        if lang is ts_langs.JS and t == "new_expression":
            coll = self._copied(node)
            if coll is not None:
                return seq(self._children_except(node, None, unit, depth), self._copy(node, coll, unit))
        if t == "throw_statement" and self.loops:
            # `throw syntaxError(...)`: building the error runs once and ends the call (as Python's
            # `raise`): its cost adds to the function, not to the loops around it
            self.exits.append(self._children_except(node, None, unit, depth))
            return ZERO
        if t == "if_statement":
            cost = self._exit_block(node, unit, depth)
            if cost is not None:
                return cost
        if t in syn.DECLARATIONS and self.lineage.frames:
            self._alias(node)
        best = ZERO
        for child in node.named_children:
            c = self._walk(child, unit, depth)
            if c.order > best.order:
                best = c
        return best

    def _children_except(self, node, skip, unit: _Unit, depth: int) -> Cost:
        best = ZERO
        for child in node.named_children:
            if skip is not None and child.id == skip.id:
                continue
            c = self._walk(child, unit, depth)
            if c.order > best.order:
                best = c
        return best

    def _loop(self, node, unit: _Unit, depth: int) -> Cost:
        body = node.child_by_field_name("body")
        header_end = body.start_point if body is not None else node.end_point
        header = syn.WS.sub(" ", self.src.utf8[node.start_byte:body.start_byte if body is not None else node.end_byte]
                         .decode("utf-8", "replace")).strip().rstrip("{").strip()
        header_cost = self._children_except(node, body, unit, depth)
        targets, iterable = syn.loop_items(node)
        body_text = syn.text(body) if body is not None else ""
        counters: set[str] = set()
        walked: set[str] = set()  # while (node) { ...; node = node.next }: node is the pass's item
        limit = None  # what a loop without an iterable runs up to
        if iterable is None:
            cond = ts_bounds.condition(node, self.src.language)
            cond_text = syn.text(cond)
            counters = ts_bounds.counters(header, body_text, cond_text)
            limit = ts_bounds.bound(cond, counters)
            walked = ts_bounds.walked(body_text, cond_text) - counters
        if self._constant_bound(node, unit) or syn.runs_once(body) or self._small(unit, limit):
            inner = self._walk(body, unit, depth + 1) if body is not None else ZERO
            return seq(header_cost, inner)
        # a condition runs once per pass; the iterable of a for-in / for-each / range runs once
        per_pass = iterable is None
        label = header if len(header) <= 40 else header[:37] + "..."
        region = self.src.region_from_ts(syn.Span(node.start_point, header_end))
        if iterable is not None:
            src = self.lineage.source(syn.base(iterable))
        elif limit is not None:  # while (++i < props.length), props from the item: the item's parts
            src = self.lineage.source(tuple(b for b in self._bases(limit, unit) if b not in self.counters))
        else:
            src = None
        why = None
        if iterable is None:
            why = ts_loops.log_loop(header, body_text)
            if why is None and self.loops:
                outer = self.loops[-1]  # its body without this loop (its header's init is not a per-pass reset)
                outer_body = outer.child_by_field_name("body")
                outer_text = syn.text(outer_body if outer_body is not None else outer).replace(syn.text(node), "")
                why = ts_loops.amortised(header, body_text, outer_text)
            if why is None and self.loops:
                why = ts_loops.level_pass(header, body_text, self._drained(), self._locals(unit).values)
        if src is not None:
            what = f"`{syn.short(self.src, iterable)}`" if iterable is not None else f"`{syn.short(self.src, limit)}`"
            step = derived_step(region, label, f"the loop over {what}", src,
                                syn.loop_size(self.src, iterable, header) if iterable is not None else "")
        elif why is not None:
            step = Step(region, label, why.split(":")[0], f"not a level: `{label}` {why}", weight=0, kind="derived")
        else:
            size = (ts_bounds.size_text(limit, self._locals(unit)) if limit is not None
                    else syn.loop_size(self.src, iterable, header))
            # a loop with no bound to name (`while (src)`, `for c != nil`) runs as many times as it
            # runs: not the size of another loop's collection (as Python's `passes of` a `while`)
            step = Step(region, label, "loop", f"loop `{label}`", size=size or f"passes of `{label}`")
        popped = ts_loops.popped(header, body_text) if iterable is None else set()
        if iterable is None:  # for (let i = 0; i < rows.length; i++): rows[i] is the pass's own element
            targets = set(re.findall(r"(?:let|var|int|long)?\s*\b(\w+)\s*:?=(?!=)", ts_loops.init(header))) | counters | walked
            # `left = right` in the body: a pointer that trails the counter indexes the same passes
            trailing = {a for a, b in re.findall(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*=\s*([A-Za-z_$][\w$]*)\s*[;\n]", body_text)
                        if b in counters}
            targets |= trailing
            coll = self._locals(unit).collection(limit) if limit is not None else None
            if coll is not None:
                targets |= {f"{coll}[{c}]" for c in counters | trailing}
        if len(targets) == 1 and iterable is not None and node.type != "enhanced_for_statement":
            coll = syn.chain_text(iterable)  # `for (k in m)` / `for k := range m`: m[k] is the item's too
            if coll is not None:
                targets = {*targets, f"{coll}[{next(iter(targets))}]"}
        if step.weight and step.kind == "loop" and self._searches(node, body, iterable, limit, targets):
            step = replace(step, finds=True)
        frame = self.lineage.push(targets, f"`{label}` (line {region.start_line})", src)
        work = self.lineage.push(popped, f"the worklist `{label}` (line {region.start_line})", None) if popped else None
        popped -= self.popped
        self.popped |= popped
        new_counters = counters - self.counters
        self.counters |= new_counters
        self.loops.append(node)
        self.breaks.append([])
        try:
            inner = self._walk(body, unit, depth + 1) if body is not None else ZERO
        finally:
            self.loops.pop()
            once = self.breaks.pop()
            self.counters -= new_counters
            self.popped -= popped
            if work is not None:
                self.lineage.pop(work, None)
            self.lineage.pop(frame, src)
        return seq(header_cost, nest(step, seq(inner, header_cost) if per_pass else inner), *once)

    def _string(self, unit: _Unit, obj) -> bool:
        """Java: the receiver is declared a ``String`` (or ``CharSequence``), not a list."""
        return bool(re.search(rf"\b(?:String|CharSequence)\s+{re.escape(syn.text(obj))}\b", syn.text(unit.node)))

    def _searches(self, node, body, iterable, limit, targets: set[str]) -> bool:
        """The loop looks for an element (``ts_search``) or rescans what the enclosing loop accumulates."""
        cond = ts_bounds.condition(node, self.src.language) if iterable is None else None
        element = {t for t in targets if "[" not in t}
        limits = ts_search.names(cond) - element if cond is not None else set()  # `i == length - 1`: the last pass
        if ts_search.loop_searches(body, cond, element, limits):
            return True
        if iterable is not None:
            walked = syn.chain_text(iterable)
        else:
            m = re.fullmatch(r"len\(([\w$.]+)\)|([\w$.]+)\.(?:length|size\(\))", syn.text(limit)) if limit is not None else None
            walked = (m.group(1) or m.group(2)) if m else None
        return walked is not None and self._regrown(walked)

    def _outer_body(self) -> str:
        outer = self.loops[-1]
        body = outer.child_by_field_name("body")
        return syn.text(body if body is not None else outer)

    def _regrown(self, coll: str) -> bool:
        """The enclosing loop keeps growing the collection this level walks (never emptying it)."""
        return bool(self.loops) and ts_search.accumulates(self._outer_body(), coll)

    def _grown(self, coll: str) -> bool:
        """The enclosing loop adds to the collection an operation shifts: a queue (a deque would do)."""
        return bool(self.loops) and ts_search.grows(self._outer_body(), coll)

    def _bases(self, node, unit: _Unit) -> tuple[str, ...]:
        """``syn.base`` of ``node``, and of the declarations of the locals it names (``length`` declared
        as ``array.length`` is a chain on ``array``), a few hops deep."""
        out = syn.base(node)
        values = self._locals(unit).values
        todo, seen = list(out), set(out)
        for _ in range(4):
            nxt = []
            for name in todo:
                value = values.get(name)
                if value is not None:
                    for b in syn.base(value):
                        if b not in seen:
                            seen.add(b)
                            nxt.append(b)
            out = (*out, *nxt)
            todo = nxt
        return out

    def _locals(self, unit: _Unit) -> ts_bounds.Locals:
        if unit.locals is None:
            body = unit.node.child_by_field_name("body") if unit.node is not self.root else self.root
            named = syn.NAMED_UNITS  # their declarations are their own (inline callbacks are walked as ours)
            unit.locals = ts_bounds.Locals(body, named)
            unit.small = ts_bounds.thresholds(body, unit.locals, named)
        return unit.locals

    def _small(self, unit: _Unit, limit) -> bool:
        """The loop runs up to a size the function compares against a constant threshold (it switches
        strategy above it), or up to a Go benchmark's repetition count ``b.N``."""
        if limit is None:
            return False
        if self.src.language == "go" and re.fullmatch(r"\w+\.N", syn.text(limit)) and "*testing.B" in self.src.text:
            return True
        if self.lang is ts_langs.JS and "arguments.length" in (syn.text(limit), syn.text(self._locals(unit).trace(limit))):
            return True  # the arity of the call: fixed where it is written
        m = re.fullmatch(r"len\((\w+)\)|(\w+)\.(?:length|size\(\))", syn.text(limit))
        if m:
            if self.tables is None:
                self.tables = ts_bounds.tables(self.root, self.src.language)
            name = m.group(1) or m.group(2)
            if name in self.tables or self._local_table(unit, name):
                return True
        locals_ = self._locals(unit)
        if not unit.small:
            return False
        node = limit
        for _ in range(4):
            if node is None:
                break
            if syn.text(node) in unit.small or locals_.collection(node) in unit.small:
                return True
            if node.type != "identifier" or syn.text(node) not in locals_.values:
                break
            node = locals_.values[syn.text(node)]
        return False

    def _alias(self, node) -> None:
        """``const kids = x.children`` / ``kids := x.Children`` in a loop body: kids derives from x.
        A collection made empty in the loop body (``var m RouteMatch``, ``const out = []``,
        ``seen := map[string]bool{}``) holds only what the pass puts into it: iterating it is paid for
        by the pass's own work, so it counts as a part of the pass's item."""
        if node.type == "var_spec":
            value = node.child_by_field_name("value")
            if self.loops and self._in_loop_body(node) and (
                    value is None or syn.empty(value.named_children[0] if value.named_children else value)):
                for nm in node.children_by_field_name("name"):
                    self._fresh(syn.text(nm))
            return
        if node.type in ("variable_declarator", "short_var_declaration") and self.loops:
            value = node.child_by_field_name("value") or node.child_by_field_name("right")
            name = node.child_by_field_name("name") or node.child_by_field_name("left")
            if value is not None and name is not None:
                v = value.named_children[0] if value.type == "expression_list" and value.named_child_count == 1 else value
                n = name.named_children[0] if name.type == "expression_list" and name.named_child_count == 1 else name
                if n.type == "identifier" and syn.empty(v) and self._in_loop_body(node):
                    self._fresh(syn.text(n))
                    return
        if node.type in ("variable_declarator", "assignment_expression"):
            name = node.child_by_field_name("name") or node.child_by_field_name("left")
            value = node.child_by_field_name("value") or node.child_by_field_name("right")
            pairs = [(name, value)] if name is not None and name.type == "identifier" else []
        else:  # Go: a, b := x.A, x.B
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                return
            lefts, rights = left.named_children, right.named_children
            pairs = list(zip(lefts, rights)) if len(lefts) == len(rights) else [(n, None) for n in lefts]
        for name, value in pairs:
            if name.type == "identifier" and syn.text(name) not in self.popped:  # `node := queue[0]` keeps its frame
                self.lineage.alias(syn.text(name), syn.base(value) if value is not None else None)

    def _fresh(self, name: str) -> None:
        if self.loops and self.lineage.frames:
            for f in self.lineage.frames:
                f.names.discard(name)
            self.lineage.frames[-1].names.add(name)

    def _in_loop_body(self, node) -> bool:
        """Declared inside the innermost loop's body (not in its header, not in a nested function)."""
        body = self.loops[-1].child_by_field_name("body")
        p = node.parent
        while p is not None:
            if body is not None and p.id == body.id:
                return True
            if p.type in self.lang.functions or p.id == self.loops[-1].id:
                return False
            p = p.parent
        return False

    def _table(self, node, unit: _Unit | None = None) -> bool:
        """``node`` names a module-level constant table (see ``ts_bounds.tables``) or a local one."""
        if node is None or node.type != "identifier":
            return False
        if self.tables is None:
            self.tables = ts_bounds.tables(self.root, self.src.language)
        if syn.text(node) in self.tables:
            return True
        return unit is not None and self._local_table(unit, syn.text(node))

    def _local_table(self, unit: _Unit, name: str) -> bool:
        if unit.node is self.root:
            return False  # the module's own tables are ts_bounds.tables
        if name not in unit.tables:
            body = unit.node.child_by_field_name("body")
            unit.tables[name] = ts_bounds.local_table(name, body, self._locals(unit))
        return unit.tables[name]

    def _constant_bound(self, node, unit: _Unit | None = None) -> bool:
        t = node.type
        if t in ("for_in_statement", "enhanced_for_statement"):
            right = node.child_by_field_name("right") or node.child_by_field_name("value")
            return right is not None and (right.type in self.lang.literal_iterables or self._table(right, unit)
                                          or self._literal(right) or self._returns_table(right))
        cond = node.child_by_field_name("condition")
        if cond is None and self.src.language == "go":
            for ch in node.named_children:
                if ch.type == "for_clause":
                    cond = ch.child_by_field_name("condition")
                    break
                if ch.type == "range_clause":
                    right = ch.child_by_field_name("right")
                    return right is not None and (right.type in self.lang.literal_iterables or self._table(right, unit))
                if ch.type not in ("block",):
                    cond = ch
                    break
        if cond is None:
            return False
        # `i < 6 && el != null`: one conjunct caps the passes
        return any(_BOUND.match(part.strip()) for part in syn.WS.sub(" ", syn.text(cond)).strip().split("&&"))

    def _call(self, node, unit: _Unit, depth: int) -> Cost:
        lang = self.lang
        java = self.src.language == "java"
        if java:
            obj, name_node = node.child_by_field_name("object"), node.child_by_field_name("name")
            method = syn.text(name_node) if name_node is not None else ""
            func = None
        else:
            func = node.child_by_field_name("function")
            obj = method = None
            if func is not None and func.type in ("member_expression", "selector_expression"):
                obj = func.child_by_field_name("object") or func.child_by_field_name("operand")
                prop = func.child_by_field_name("property") or func.child_by_field_name("field")
                method = syn.text(prop) if prop is not None else ""
        args = node.child_by_field_name("arguments")
        arg_list = list(args.named_children) if args is not None else []
        region = self.src.region_from_ts(node)
        label = syn.short(self.src, node)

        # a callback run once per element: a level around the callback's body
        if method in lang.callbacks and arg_list:
            fn = arg_list[0]
            table = self._table(obj, unit) or self._literal(obj)
            rest = seq(*(self._walk(a, unit, depth) for a in arg_list[1:]))
            recv = self._walk(obj, unit, depth) if obj is not None else ZERO
            src = self.lineage.source(syn.base(obj)) if obj is not None else None
            label = f"{method}() callback"
            if fn.type in lang.functions:
                self.unit_of.setdefault(fn.id, unit)  # part of this function, not its own unit
                fbody = fn.child_by_field_name("body")
                frame = self.lineage.push(syn.params(fn), f"`{label}` (line {region.start_line})", src)
                try:
                    inner = self._walk(fbody, unit, depth + 1) if fbody is not None else ZERO
                finally:
                    self.lineage.pop(frame, src)
            elif fn.type == "identifier" and self.scope.resolve(node, syn.text(fn)) is not None:
                inner = self._call_cost(node, self.scope.resolve(node, syn.text(fn)), syn.text(fn))
            else:
                return seq(recv, rest, self._walk(fn, unit, depth))
            if table:  # over a constant table: a fixed number of passes
                return seq(recv, rest, inner)
            finds = (fn.type not in lang.functions and method in ts_search.SEARCH_CALLBACKS
                     or fn.type in lang.functions and ts_search.callback_searches(method, fn, syn.params(fn))
                     or obj is not None and self._regrown(syn.text(obj)))
            step = (derived_step(region, label, f"`{method}()` over `{syn.short(self.src, obj)}`", src,
                                 size_of(syn.short(self.src, obj, 80)))
                    if src is not None else
                    Step(region, label, "loop", f"`{method}()` runs its callback once per element",
                         size=size_of(syn.short(self.src, obj, 80)) if obj is not None else "", finds=finds))
            return seq(recv, rest, nest(step, inner))

        base = self._children_except(node, None, unit, depth)
        # a same-file function or a method of the same class / receiver type
        target, shown = None, ""
        if java:
            if obj is None or obj.type == "this":
                target, shown = self.methods.get((unit.cls or "", method)), f"{method}"
        elif func is not None and func.type == "identifier":
            target, shown = self.scope.resolve(node, syn.text(func)), syn.text(func)
        elif obj is not None and method:
            recv = syn.text(obj)
            if unit.cls and (obj.type == "this" or recv == unit.receiver):
                target, shown = self.methods.get((unit.cls, method)), f"{recv}.{method}"
        if target is not None:
            return seq(base, self._call_cost(node, target, shown))
        # an operation that hides a loop
        why = None
        if method in lang.searches:
            why = lang.searches[method]
        elif method in lang.list_searches and obj is not None and obj.type == "identifier" and syn.text(obj) in unit.list_names:
            why = lang.list_searches[method]
            if method == "remove" and (not arg_list or _LAST.search(syn.text(arg_list[0]))):
                why = None  # `stack.remove(stack.size() - 1)`, a queue's `remove()`: the end, no scan
        elif obj is not None and method and f"{syn.text(obj)}.{method}" in lang.qualified:
            why = lang.qualified[f"{syn.text(obj)}.{method}"]
            if arg_list and self.lineage.source(syn.base(arg_list[0])) is not None:
                why = None  # slices.Contains(x.Items, v): scans a collection derived from a loop's item
        if why and (self._table(obj) or arg_list and obj is not None and f"{syn.text(obj)}.{method}" in lang.qualified
                    and self._table(arg_list[0])):
            why = None  # a scan of a constant table
        if why and method in lang.searches | lang.list_searches and _needle(arg_list) and not (
                obj is not None and obj.type == "identifier" and syn.text(obj) in unit.list_names
                and not self._string(unit, obj)):
            why = None  # `path.includes("../dist")`, `s.indexOf('c')`: a substring test on a string
        elif why and obj is not None and syn.text(obj) == "strings" and len(arg_list) == 2 and _needle(arg_list[1:]):
            why = None  # strings.Contains(line, ":")
        if why and obj is not None and self.lineage.source(syn.base(obj)) is not None:
            why = None  # x.items.includes(v): scans a collection derived from a loop's item
        if why and method == "shift" and obj is not None and syn.text(obj) in self._drained():
            why = None  # `while (queue.length) { queue.shift() }`: the worklist's pop (engines trim the front in place)
        if not why and lang is ts_langs.JS and (method == "split" and obj is not None and _exploded(arg_list)
                                                 or syn.text(func) == "Array.from" and arg_list):
            return seq(base, self._copy(node, obj if method == "split" else arg_list[0], unit))
        if not why and java and obj is not None and f"{syn.text(obj)}.{method}" in _JAVA_COPIES and arg_list:
            return seq(base, self._copy(node, arg_list[0], unit))
        if why:
            scanned = obj if obj is not None and not (arg_list and f"{syn.text(obj)}.{method}" in lang.qualified) else (
                arg_list[0] if arg_list else None)
            queue = method in ("shift", "unshift", "splice") and obj is not None and self._grown(syn.text(obj))
            return seq(base, Cost(1, (Step(region, f"`{label}`", why, f"`{label}`: {why}, a linear pass",
                                           kind="operation", finds=queue,
                                           size=size_of(syn.short(self.src, scanned, 80)) if scanned is not None
                                           else ""),)))
        return base

    def _call_cost(self, node, target, shown: str) -> Cost:
        unit = self.unit_of.get(target.id)
        if unit is None or unit.node.id != target.id:
            return ZERO
        items, origin = self._items_passed(node, target)
        callee = self._compute(unit, items, origin)
        if callee.order == 0:
            return ZERO
        site = Step(self.src.region_from_ts(node), f"{shown}()", "call",
                    f"calls `{shown}()`, which is {big_o(callee.order)}", weight=0, kind="call")
        if self.loops and self._pops_pushed(node, target):
            # a helper that pops the stack this loop pushes onto (`shrink(x, stack); stack.push(x)`, a
            # monotonic stack): over all calls it pops each pushed element once, so it adds to the caller
            self.exits.append(call(site, callee))
            return ZERO
        if unit.marks and self.loops and not self._fresh_argument(node):
            # a search that marks (or memoises) what it visited, called once per pass (flood fill from
            # every cell, DFS from every node): the marks persist, so all the calls together visit
            # each state once: it adds to the caller's level instead of nesting in the loop
            self.exits.append(call(site, callee))
            return ZERO
        return call(site, callee)

    def _copied(self, node):
        """The collection ``new Set(xs)`` / ``new Map(xs)`` copies (None: not such a copy)."""
        ctor, args = node.child_by_field_name("constructor"), node.child_by_field_name("arguments")
        if ctor is None or syn.text(ctor) not in ("Set", "Map") or args is None or not args.named_child_count:
            return None
        return args.named_children[0]

    def _copy(self, node, coll, unit: _Unit) -> Cost:
        """Linear work over every element of ``coll`` that authors count (JS: ``new Set(xs)``,
        ``Array.from(xs)``, ``s.split('')``; Java: ``Arrays.equals`` / ``fill`` / ``copyOf``). Not
        ``join`` / ``reverse`` / ``concat`` / spreads: on the stated-complexity corpora their authors
        do not count them (a TypeScript sample lost its exact order with them):
        a level that uses each element, as a loop would (not a search). None of it over a table, a
        literal or a collection derived from an enclosing loop's item."""
        if coll is None or coll.type in self.lang.literal_iterables or coll.type in _NEEDLES or self._table(coll, unit) \
                or self._literal(coll) or self.lineage.source(syn.base(coll)) is not None:
            return ZERO
        label = syn.short(self.src, node)
        return Cost(1, (Step(self.src.region_from_ts(node), f"`{label}`", "copies every element",
                             f"`{label}`: copies every element, a linear pass",
                             size=size_of(syn.short(self.src, coll, 80))),))

    def _pops_pushed(self, node, target) -> bool:
        """The callee's loop pops a parameter (``while (stack.length && ...) stack.pop()``) to which the
        call passes a collection that the enclosing loop pushes onto (JS/TS and Java pass it by reference)."""
        if self.src.language == "go":
            return False
        args = node.child_by_field_name("arguments")
        callee = syn.text(target)
        for param, arg in zip(syn.param_list(target), args.named_children if args is not None else []):
            if param is None or arg.type != "identifier":
                continue
            e = re.escape(param)
            if (re.search(rf"\bwhile\s*\([^{{]*\b{e}\b", callee)
                    and re.search(rf"\b{e}\.(?:pop|shift|poll|pollLast|pollFirst|removeLast|removeFirst)\(\s*\)", callee)
                    and ts_search.grows(self._outer_body(), syn.text(arg))):
                return True
        return False

    def _drained(self) -> set[str]:
        """The worklists the enclosing loops drain: their condition tests the collection's size
        (``while (queue.length)``, ``!queue.isEmpty()``, ``len(queue) > 0``)."""
        out: set[str] = set()
        for loop in self.loops:
            cond = syn.text(ts_bounds.condition(loop, self.src.language))
            out |= ts_loops.sized(cond)
        return out

    def _literal(self, obj) -> bool:
        """A collection written out in place, or mapped/filtered from one: ``[[0, 1], [1, 0]].map(...)``."""
        while obj is not None and obj.type == self.lang.call:
            func = obj.child_by_field_name("function")
            if func is None or func.type != "member_expression" or \
                    syn.text(func.child_by_field_name("property")) not in self.lang.callbacks:
                return False
            obj = func.child_by_field_name("object")
        return obj is not None and obj.type in self.lang.literal_iterables and obj.type != "string"

    def _returns_table(self, node) -> bool:
        """A call of a same-file function that returns a table written out in it (or mapped or
        filtered from one): ``for (const [r, c] of neighbours(row, col))`` where ``neighbours``
        returns ``[[0, 1], [1, 0], ...].map(...)``: a fixed number of passes."""
        if node.type != self.lang.call or self.src.language == "java":
            return False
        func = node.child_by_field_name("function")
        target = self.scope.resolve(node, syn.text(func)) if func is not None and func.type == "identifier" else None
        body = target.child_by_field_name("body") if target is not None else None
        if body is None:
            return False
        while body.type == "parenthesized_expression" and body.named_child_count:
            body = body.named_children[0]
        if body.type not in ("statement_block", "block"):
            return self._literal(body)
        returns = [n for n in body.named_children if n.type == "return_statement"]
        return bool(returns) and all(r.named_child_count and self._literal(r.named_children[0]) for r in returns)

    def _fresh_argument(self, node) -> bool:
        """An argument is a collection made empty in the innermost loop's body (a fresh `visited`
        per pass): the marks of one call do not carry over to the next."""
        body = self.loops[-1].child_by_field_name("body")
        text = syn.text(body)
        args = node.child_by_field_name("arguments")
        for a in args.named_children if args is not None else []:
            if a.type == "identifier" and re.search(
                    rf"\b{re.escape(syn.text(a))}\s*(:=|=)\s*(new\s+\w+|make\(|\[\]|\{{\s*\}}|\[\s*\]|map\[)", text):
                return True
        return False


    def _items_passed(self, node, target) -> tuple[frozenset[str], str]:
        """The callee's parameters that receive (a part of) the item of an enclosing loop:
        ``baseGet(object, paths[index])`` under ``while (++index < length)`` binds ``path``."""
        if not self.lineage.frames:
            return frozenset(), ""
        args = node.child_by_field_name("arguments")
        if args is None:
            return frozenset(), ""
        names: set[str] = set()
        origin = ""
        for param, arg in zip(syn.param_list(target), args.named_children):
            if param is None:
                continue
            frame = self.lineage.source(tuple(b for b in syn.base(arg) if b not in self.counters))
            if frame is not None:
                names.add(param)
                origin = origin or frame.label
        return frozenset(names), origin

    def _exit_block(self, node, unit: _Unit, depth: int) -> Cost | None:
        """``if (...) { ...; return }`` inside a loop of this function: the block ends the call, so it
        runs at most once per call (or, ending in ``break``, once per pass of the loop around the one
        it breaks): its cost adds to that level instead of nesting in the loop. None: not such a block."""
        if not self.loops:
            return None
        block = node.child_by_field_name("consequence")
        last = syn.last_statement(block)
        if last is None or last.type not in ("return_statement", "throw_statement", "break_statement"):
            return None
        if last.type == "break_statement" and (last.named_child_count or not self.breaks):
            return None  # a labelled break, or no loop of ours to break
        if last.type == "break_statement":
            p = node.parent
            while p is not None and p.id != self.loops[-1].id:
                if p.type in syn.SWITCHES:
                    return None  # breaks the switch
                p = p.parent
        elif syn.enclosing_function(node, self.lang.functions) != unit.node.id:
            return None  # a return inside an inline callback ends the callback, not the function
        cost = self._walk(block, unit, depth)
        (self.exits if last.type != "break_statement" else self.breaks[-1]).append(cost)
        rest = [c for c in node.named_children if c.id != block.id]
        return seq(*(self._walk(c, unit, depth) for c in rest))



def analyze(tree, source: Source) -> list[FunctionCost]:
    if source.language not in ts_langs.LANGS:
        return []
    return TsOrder(tree, source).run()
