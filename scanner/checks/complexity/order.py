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
* ``call`` splices a callee's path behind a weight-0 step naming the call site.

The result of a function is a :class:`FunctionCost`; :func:`report_orders` turns those into
findings with one related location per level, shared by CX001 and CX002.
"""

from __future__ import annotations

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
    kind: str = "loop"  # loop | operation | call


@dataclass(frozen=True)
class Cost:
    order: int = 0
    steps: tuple[Step, ...] = ()


ZERO = Cost()


def seq(*costs: Cost) -> Cost:
    """Sequential code or alternative branches: the worse path (the first one on a tie)."""
    best = ZERO
    for c in costs:
        if c.order > best.order:
            best = c
    return best


def nest(step: Step, inner: Cost) -> Cost:
    """A level (``step``) around code that runs once per iteration."""
    return Cost(step.weight + inner.order, (step, *inner.steps))


def call(site: Step, callee: Cost) -> Cost:
    """A call to a function whose worst path is ``callee``: the callee's levels, behind the call site."""
    if callee.order == 0:
        return ZERO
    return Cost(callee.order, (site, *callee.steps))


def big_o(k: int) -> str:
    return "O(1)" if k == 0 else "O(n)" if k == 1 else f"O(n^{k})"


@dataclass(frozen=True)
class FunctionCost:
    """One function (or the module top level) and its worst path."""

    name: str  # "f", "Class.method", "module top level"
    kind: str  # "Function" | "Method" | "Module top level"
    cost: Cost


def describe(fc: FunctionCost) -> str:
    who = f"{fc.kind} '{fc.name}'" if fc.kind != "Module top level" else "Module top level"
    return f"{who} is {big_o(fc.cost.order)}: {_path_text(fc.cost.steps)}"


def _path_text(steps: tuple[Step, ...]) -> str:
    parts = []
    for s in steps:
        if s.kind == "operation":
            parts.append(f"{s.label} (line {s.region.start_line}, {s.reason})")
        else:
            parts.append(f"{s.label} (line {s.region.start_line})")
    return " > ".join(parts)


def related_locations(path: str, steps: tuple[Step, ...]) -> tuple[Location, ...]:
    out = []
    level = 0
    for s in steps:
        if s.weight:
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


def report_orders(ctx: FileContext, meta: RuleMeta, functions: list[FunctionCost], low: int,
                  high: int | None) -> None:
    """Report each function with ``low <= order < high`` (``high`` None: no upper bound)."""
    for fc in functions:
        k = fc.cost.order
        if k < low or (high is not None and k >= high) or not reportable(fc):
            continue
        steps = fc.cost.steps
        props: dict[str, Any] = {"order": k, "bigO": big_o(k), "function": fc.name}
        ctx.report(meta, steps[0].region, describe(fc),
                   related=related_locations(ctx.source.path, steps), properties=props,
                   fingerprint=f"{fc.kind}\0{fc.name}")
