"""The values the taint engine moves around: where a taint starts (:class:`Origin`), the taint with
its path (:class:`Taint`), a value (a bounded tuple of taints) and how values join, what reaches a
sink (:class:`Hit`) and what a function does with its parameters (:class:`Summary`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import libcst as cst

from scanner.checks.dataflow.guards import with_url_facts

MAX_TAINTS = 4  # per value: enough for a useful path, bounded on generated code
MAX_STEPS = 40
Step = tuple[cst.CSTNode, str]


@dataclass(frozen=True, eq=False)
class Origin:
    """Where a taint starts: a source expression, or (``param >= 0``) a parameter in a summary."""

    what: str
    labels: frozenset[str]
    node: cst.CSTNode
    param: int = -1
    attr: tuple = ()  # (class family, name): a symbolic ``self.name`` (see objects.py)


@dataclass(frozen=True)
class Taint:
    origin: Origin
    steps: tuple[Step, ...] = ()
    cleared: frozenset[str] = frozenset()
    shape: str = ""  # "item": an element (not the first) of a list/tuple
    # placed into a larger string (``"x" + v``, ``"%s" % v``, f-strings, ``.format``, ``join``): part of
    # a text, not the whole of what was read (see DF003 and command-line input)
    spliced: bool = False
    # the position of a tuple this taint is an element of (``return sql, params``), -1 when not known:
    # unpacking (``a, b = f()``, ``for k, v in pairs``) gives each target only its own position's
    # taints; any call but a summary's, and any string built of it, forgets the position
    slot: int = -1

    def then(self, node: cst.CSTNode, message: str) -> Taint:
        if len(self.steps) >= MAX_STEPS:
            return self
        return replace(self, steps=(*self.steps, (node, message)))

    def clear(self, kinds: frozenset[str]) -> Taint:
        return replace(self, cleared=with_url_facts(self.cleared | kinds)) if kinds else self

    def live_for(self, kind: str) -> bool:
        return "*" not in self.cleared and kind not in self.cleared

    @property
    def key(self) -> tuple:
        return (id(self.origin), self.cleared, self.shape, self.slot)


Value = tuple[Taint, ...]


def join(*values: Value) -> Value:
    """The taints of all the values (at most MAX_TAINTS, those cleared for the fewest sinks first);
    of two alike, the first, spliced when either is (a finding that needs a spliced path keeps it)."""
    out: dict[tuple, Taint] = {}
    # scanner: ignore[CX002] `out` holds at most MAX_TAINTS (4) taints: the scan for a wider one is constant
    for v in values:
        for t in v:
            k = t.key
            if k not in out:
                if len(out) < MAX_TAINTS:
                    out[k] = t
                else:  # full: a taint cleared for fewer sinks takes the place of one cleared for more
                    wider = next((u for u in out if t.cleared < out[u].cleared), None)
                    if wider is not None:
                        del out[wider]
                        out[k] = t
            elif t.spliced and not out[k].spliced:
                out[k] = replace(out[k], spliced=True)
    return tuple(out.values())


def spliced(v: Value) -> Value:
    """The value as a part of a larger string."""
    return tuple(t if t.spliced and t.slot < 0 else replace(t, spliced=True, slot=-1) for t in v)


def unslotted(v: Value) -> Value:
    """The value with no known tuple positions (what an unknown call makes of a tuple)."""
    return v if all(t.slot < 0 for t in v) else tuple(t if t.slot < 0 else replace(t, slot=-1) for t in v)


def at_slot(v: Value, i: int) -> Value:
    """The taints of position ``i`` of a tuple value (and those of unknown position), unslotted."""
    return unslotted(tuple(t for t in v if t.slot < 0 or t.slot == i))


def map_taints(v: Value, fn) -> Value:
    return tuple(fn(t) for t in v)


@dataclass(frozen=True)
class Hit:
    kind: str
    sink: cst.CSTNode
    what: str
    taint: Taint


@dataclass
class Summary:
    name: str
    params: list[str]
    returns: Value = ()
    sinks: list[Hit] = field(default_factory=list)




def join_states(*states: dict) -> dict:
    if not states:
        return {}
    if len(states) == 1:
        return dict(states[0])
    out: dict = {}
    # scanner: ignore[CX001] join() keeps at most MAX_TAINTS (4) taints per value: linear in the states' entries
    for s in states:
        for k, v in s.items():
            out[k] = join(out[k], v) if k in out else v
    return out

