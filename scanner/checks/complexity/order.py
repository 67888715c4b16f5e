"""The order algebra shared by every language: O(n^k) of a function's worst path.

A language adapter (``py_order`` for Python via ``ast``, ``ts_order`` for JavaScript, TypeScript,
Go and Java via tree-sitter) walks a function body and builds :class:`Cost` values with the four
operations below; this module knows nothing about syntax.

* a :class:`Step` is one level of the path: a loop, a comprehension clause, an operation that
  hides a loop (``x in some_list``), or a call into a function whose own path follows;
* ``seq`` (code that runs one after the other, or alternative branches) keeps the worse path:
  O(n) + O(n^2) is O(n^2);
* ``nest`` (a body that runs once per iteration) multiplies: it puts a step in front of a path
  and adds its weight to the order;
* ``call`` splices a callee's path behind a weight-0 step naming the call site;
* a *derived* step (``kind="derived"``, weight 0) is an inner loop (or a hidden linear operation)
  whose collection comes from an enclosing loop's item (``for f in findings: for flow in
  f.flows``). Over all outer passes it visits each inner element once: the parts sum to the
  whole nested structure, so it adds to the outer level instead of multiplying. :class:`Lineage`
  tracks which enclosing loops' items a collection may derive from; the adapters only say what
  the *base* of an expression is (``f`` in ``f.flows[0].steps()``).

The result of a function is a :class:`FunctionCost`; :func:`report_orders` turns those into
findings with one related location per level, shared by CX001 and CX002.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scanner.model import Location, Region

if TYPE_CHECKING:
    from scanner.context import FileContext
    from scanner.rule import RuleMeta


@dataclass(frozen=True)
class Step:
    """One level of a path. ``weight`` is how much it adds to k (0 for a call site)."""

    region: Region
    label: str  # short, for the message: "for x", "`z in items`", "call helper()"
    reason: str  # why it counts, short: shown in the message for operations ("list membership")
    why: str = ""  # the related location's message; defaults to the reason
    weight: int = 1
    kind: str = "loop"  # loop | operation | call | derived | recursion
    size: str = ""  # what n is for this level, in the code's names: "len(users)", "n", "len(a) * len(b)"
    finds: bool = False  # a level a reader replaces: a loop that looks for an element (a dict or a set
    # would), a list shifted from the front that the loop also grows (a queue: a deque would)


@dataclass(frozen=True)
class Cost:
    order: int = 0
    steps: tuple[Step, ...] = ()


ZERO = Cost()

# The order of exponential work (branching recursion that does not shrink its input by a fraction
# and is not memoised). Far above any polynomial, so ``seq`` and ``nest`` keep it the worst path.
EXPONENTIAL = 100


def seq(*costs: Cost) -> Cost:
    """Sequential code or alternative branches: the worse path (the first one on a tie)."""
    best = ZERO
    for c in costs:
        if c.order > best.order:
            best = c
    return best


def nest(step: Step, inner: Cost) -> Cost:
    """A level (``step``) around code that runs once per iteration. A weight-0 (derived) step
    around constant work adds nothing and is dropped from the path."""
    if step.weight == 0 and inner.order == 0:
        return ZERO
    return Cost(step.weight + inner.order, (step, *inner.steps))


RECURSION_REASONS = {  # the short reason of each kind of recursion, in every language
    "chain": "calls itself on a smaller input",
    "traversal": "visits each part once",
    "divide": "divide and conquer",
    "search": "calls itself on a half",
    "states": "one call per state",
    "exponential": "branching recursion",
    "reentry": "calls itself with other arguments",
}


def recursion_cost(step: Step, kind: str, body: Cost, derived: bool) -> Cost:
    """A function body's worst path with its recursion's levels in front. ``derived``: the caller
    passes the item of one of its loops, so a traversal walks that item's parts and adds to its level."""
    if kind == "exponential":
        return Cost(EXPONENTIAL, (step,))
    if kind in ("divide", "traversal") and body.order == 0 and not derived:
        return Cost(1, (step,))
    if kind in ("divide", "search", "reentry", "traversal"):
        # n log n is counted as its linear work's level; a binary search adds none; a traversal is
        # the dependent-iteration rule applied to recursion: each call's loops visit its own part of
        # the structure, so over the whole walk they add up to its size
        return body
    return nest(step, body)


@dataclass
class Frame:
    """An enclosing counted loop: the names bound to its current item (the loop target and locals
    assigned from it in the body), and whether a derived level already hangs below it."""

    names: set[str]
    label: str  # "for f (line 12)"
    used: bool = False


class Lineage:
    """The enclosing loops of the walk, innermost last.

    A collection whose base is a name of frame F derives from F's item. It adds to F's level (a
    derived step) unless another derived level already nests below F on this path: in
    ``for x in a: for y in x.items: for z in x.items`` the two inner loops multiply with each
    other (sum of |x.items|^2), so only the first is derived."""

    def __init__(self) -> None:
        self.frames: list[Frame] = []

    def source(self, base: str | tuple[str, ...] | None) -> Frame | None:
        """The free frame whose item ``base`` names (None: not derived, the level multiplies).

        ``base`` may be several candidates: ``events[type].handlers`` is a chain on the keyed
        element ``events[type]`` (a frame of ``for type in events`` binds that name too) and on
        ``events``."""
        if not base:
            return None
        bases = (base,) if isinstance(base, str) else base
        for f in reversed(self.frames):
            if any(b in f.names for b in bases):
                return None if f.used else f
        return None

    def alias(self, name: str, base: str | tuple[str, ...] | None) -> None:
        """``name = <expression on base>`` inside a loop body: ``name`` derives from the same item.
        Any other assignment unbinds ``name`` from the frames (it no longer holds the item)."""
        src = self.source(base) if base is not None else None
        for f in self.frames:
            f.names.discard(name)
        if src is not None:
            src.names.add(name)

    def push(self, names: set[str], label: str, parent: Frame | None) -> Frame:
        """Enter a counted loop binding ``names``; ``parent`` is the frame it derives from."""
        if parent is not None:
            parent.used = True
        frame = Frame(set(names), label)
        self.frames.append(frame)
        return frame

    def pop(self, frame: Frame, parent: Frame | None) -> None:
        self.frames.remove(frame)
        if parent is not None:
            parent.used = False

    def save(self) -> list[Frame]:
        """A callee's walk starts with no enclosing loops (restore with :meth:`restore`)."""
        frames, self.frames = self.frames, []
        return frames

    def restore(self, frames: list[Frame]) -> None:
        self.frames = frames


def derived_step(region: Region, label: str, what: str, frame: Frame, size: str = "") -> Step:
    """A loop whose collection derives from ``frame``'s item: weight 0, shown without a level number.
    ``size`` names the collection (two loops over one item's parts cross that collection with itself)."""
    return Step(region, label, f"derived from {frame.label}",
                f"not a level: {what} derives from the item of {frame.label}; over all its passes it "
                "visits each element once, so it adds to that level instead of multiplying",
                weight=0, kind="derived", size=size)


def _split_args(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


_WRAPPERS = re.compile(r"(?:enumerate|sorted|reversed|list|tuple|set|frozenset|iter|zip|Object\.(?:values|keys|entries)"
                       r"|slices\.(?:Sorted|Values))\((.*)\)", re.S)
_SIMPLE = re.compile(r"[\w.\[\]'\"]+")
_CALL = re.compile(r"[\w.]+\([^()]*\)")


def size_of(text: str) -> str:
    """What n is when a loop runs over ``text`` (an iterable or a bound, in the source's words):
    ``range(len(rows))`` -> ``len(rows)``, ``range(n)`` -> ``n``, ``users`` -> ``len(users)``,
    ``d.items()`` -> ``len(d)``, ``enumerate(xs)`` -> ``len(xs)``."""
    t = " ".join(text.split())
    m = re.fullmatch(r"x?range\((.*)\)", t, re.S)
    if m:
        args = _split_args(m.group(1))
        if not args:
            return "n"
        stop = args[0] if len(args) == 1 or args[1] in ("0", "-1") else args[1]  # range(n, 0, -1): n
        stop = re.sub(r"\s*[-+]\s*1$", "", stop)  # range(n + 1): n
        return stop if len(stop) <= 40 else "n"
    m = _WRAPPERS.fullmatch(t)
    if m:
        args = _split_args(m.group(1))
        return size_of(args[0]) if args else "n"
    m = re.fullmatch(r"(.*)\.(?:items|keys|values|entries)\(\)", t, re.S)
    if m:
        return size_of(m.group(1))
    if _SIMPLE.fullmatch(t) and not t.isdigit():
        return f"len({t})"
    if _CALL.fullmatch(t) and len(t) <= 36:
        return f"len({t})"  # what a call returns: len(self.plan(node))
    return t if len(t) <= 40 else "n"


def _total(size: str) -> str:
    inner = size[4:-1] if size.startswith("len(") and size.endswith(")") else size
    return f"total items of {inner}" if not inner.startswith("total items of ") else inner


def bound_of(steps: tuple[Step, ...]) -> tuple[str, str]:
    """(symbolic bound, how the message says it): ``("O(len(rows)^2)", "O(n^2) where n = len(rows)")``,
    ``("O(len(users) * len(banned))", "O(n^2) = O(len(users) * len(banned))")``. A derived level
    makes the level it derives from count the total items of that collection."""
    sizes: list[str] = []
    for s in steps:
        if s.weight >= EXPONENTIAL:
            return "O(2^n)", "O(2^n)"
        if s.kind == "derived" and sizes:
            sizes[-1] = _total(sizes[-1])
        elif s.weight:
            parts = [p.strip() for p in (s.size or "n").split(" * ")]
            sizes.extend(parts if len(parts) == s.weight else [s.size or "n"] * s.weight)
    if not sizes:
        return "O(1)", "O(1)"
    counts: dict[str, int] = {}
    for x in sizes:
        counts[x] = counts.get(x, 0) + 1
    symbolic = " * ".join(x if c == 1 else f"({x})^{c}" if " " in x else f"{x}^{c}" for x, c in counts.items())
    k = len(sizes)
    if len(counts) == 1:
        if sizes[0] == "n":
            return f"O({symbolic})", big_o(k)
        return f"O({symbolic})", f"{big_o(k)} where n = {sizes[0]}"
    return f"O({symbolic})", f"{big_o(k)} = O({symbolic})"


def call(site: Step, callee: Cost) -> Cost:
    """A call to a function whose worst path is ``callee``: the callee's levels, behind the call site."""
    if callee.order == 0:
        return ZERO
    return Cost(callee.order, (site, *callee.steps))


def big_o(k: int) -> str:
    if k >= EXPONENTIAL:
        return "O(2^n)"
    return "O(1)" if k == 0 else "O(n)" if k == 1 else f"O(n^{k})"


@dataclass(frozen=True)
class FunctionCost:
    """One function (or the module top level) and its worst path."""

    name: str  # "f", "Class.method", "module top level"
    kind: str  # "Function" | "Method" | "Module top level"
    cost: Cost
    lines: tuple[int, int] | None = None  # first and last line of the function (None: the module)
    line: int = 0  # the definition's first line (0: the module top level)


def describe(fc: FunctionCost) -> str:
    who = f"{fc.kind} '{fc.name}'" if fc.kind != "Module top level" else "Module top level"
    if fc.cost.order >= EXPONENTIAL:
        return f"{who} is exponential ({big_o(fc.cost.order)}): {_path_text(fc.cost.steps)}"
    return f"{who} is {bound_of(fc.cost.steps)[1]}: {_path_text(fc.cost.steps)}"


def _path_text(steps: tuple[Step, ...]) -> str:
    parts = []
    for s in steps:
        if s.kind in ("operation", "derived", "recursion"):
            parts.append(f"{s.label} (line {s.region.start_line}, {s.reason})")
        else:
            parts.append(f"{s.label} (line {s.region.start_line})")
    return " > ".join(parts)


def related_locations(path: str, steps: tuple[Step, ...]) -> tuple[Location, ...]:
    out = []
    level = 0
    for s in steps:
        if s.weight >= EXPONENTIAL:
            out.append(Location(path, s.region, s.why or s.reason))
        elif s.weight:
            first, last = level + 1, level + s.weight
            level = last
            where = f"level {first}" if first == last else f"levels {first}-{last}"
            out.append(Location(path, s.region, f"{where}: {s.why or s.reason}"))
        else:
            out.append(Location(path, s.region, s.why or s.reason))
    return tuple(out)


def reportable(fc: FunctionCost) -> bool:
    """A function whose worst path starts with a call adds no level of its own: the callee is the
    one to report (otherwise every caller up the chain repeats the same finding)."""
    return bool(fc.cost.steps) and fc.cost.steps[0].weight > 0


def own_exponential(fc: FunctionCost) -> bool:
    """The function's own code is exponential (its recursion or a loop over subsets), not a callee's."""
    for s in fc.cost.steps:
        if s.kind == "call":
            return False
        if s.weight >= EXPONENTIAL:
            return True
    return False


_COLLECTION = re.compile(r"^(?:total items of |len\()?([\w.]+)")


def _collection(size: str) -> str | None:
    """The collection a level's size names: ``len(ops)``, ``ops[i + 1 :]`` and ``total items of ops``
    are all ``ops``. None for what a call returns (``cursor.fetchall()`` twice is two results)."""
    if size.startswith("passes of "):
        return None  # a loop with no bound to name (`while (src)`): not another loop's collection
    m = _COLLECTION.match(size)
    if m is None:
        return size
    return None if size[m.end():m.end() + 1] == "(" else m.group(1)


def _shift(step: Step) -> bool:
    """``pop(0)`` / ``insert(0, x)`` on a list the loop does not grow: a memmove per pass."""
    return "shifts every element" in step.reason


def actionable(steps: tuple[Step, ...]) -> bool:
    """Whether a reader would act on the path: an inner level searches (a hidden scan such as
    ``x in a_list``, or a loop that looks for an element, see ``py_search``; a list shifted from the
    front only when the loop also grows it, a queue), crosses a collection with itself (``for a in
    xs: for b in xs[i:]``, ``for j in range(i)``, pairs of one collection, two loops over one item's
    parts), or is recursion. A path whose inner levels only use each element of other collections
    for the outer item (rows x columns) is the size of the data it walks: its inner collections
    are, on real code, mostly configured or per-item lists (fields, converters, backends, the parts
    of one name)."""
    seen: set[str | None] = set()
    bound: set[str] = set()  # the names the enclosing levels bind (an index `i`)
    outer = True
    for s in steps:
        if s.kind == "call":
            # the callee's names are its own: a parameter `source` is not the caller's `source` (an
            # attribute chain such as `self.items` / `this.items` still names the same collection)
            seen = {c for c in seen if c is not None and "." in c}
            bound = set()
            continue
        if s.kind == "derived" and s.size:
            seen.add(_collection(s.size))
        if not s.weight:
            continue
        if s.weight >= EXPONENTIAL or s.weight > 1 and _pairs(s):
            return True
        if not outer and (s.finds or s.kind == "recursion" or s.kind == "operation" and not _shift(s)):
            return True
        if not outer and _shift(s):
            continue  # draining the list the loop walks (`while bits: bits.pop(0)`) is still a memmove
        coll = _collection(s.size or "n")
        if coll is not None and coll in seen or s.size in bound:  # `for j in range(i)` under `for i`: a triangle
            return True
        seen.add(coll)
        bound |= _targets(s.label)
        outer = False
    return False


def _pairs(step: Step) -> bool:
    """A several-level step over one collection (``combinations(xs, 2)``, ``product(xs, repeat=2)``),
    not ``product(databases, formats)`` (rows x columns again)."""
    parts = [p.strip() for p in (step.size or "n").split(" * ")]
    return len(parts) != step.weight or len({_collection(p) for p in parts}) < len(parts)


def _targets(label: str) -> set[str]:
    """The names a loop step binds, from its label (``for i, row`` -> ``{"i", "row"}``)."""
    m = re.search(r"\bfor ([\w, ()]+)$", label)
    if m:
        return set(re.findall(r"\w+", m.group(1)))
    m = re.match(r"for\s*\(?([^;]*);", label)  # JS/Go/Java: `for (let i = 0; ...`, `for j := 0; ...`
    return set(re.findall(r"([A-Za-z_$][\w$]*)\s*:?=(?!=)", m.group(1))) if m else set()


def report_orders(ctx: FileContext, meta: RuleMeta, functions: list[FunctionCost], low: int,
                  high: int | None, products: bool = True) -> None:
    """Report each function with ``low <= order < high`` (``high`` None: no upper bound); an
    exponential order only where the function's own code is exponential. ``products`` False: only
    paths a reader would act on (:func:`actionable`)."""
    for fc in functions:
        k = fc.cost.order
        if k < low or (high is not None and k >= high) or not reportable(fc):
            continue
        if not products and k < EXPONENTIAL and not actionable(fc.cost.steps):
            continue
        if k >= EXPONENTIAL and not own_exponential(fc):
            continue
        steps = fc.cost.steps
        props: dict[str, Any] = {"order": k, "bigO": big_o(k), "bound": bound_of(steps)[0], "function": fc.name}
        ctx.report(meta, steps[0].region, describe(fc),
                   related=related_locations(ctx.source.path, steps), properties=props,
                   fingerprint=f"{fc.kind}\0{fc.name}",
                   scope=Region(fc.lines[0], 1, fc.lines[1]) if fc.lines else None)
