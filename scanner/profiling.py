"""Opt-in per-rule timing: ``SCANNER_PROFILE_RULES=1 scanner scan ...`` prints, on stderr, where the
scan's time went: each rule (and rule group), each rule's prefilter (``wants``), each parse layer (ast,
libcst, tree-sitter), and
libcst's metadata resolution plus batched traversal.

Times are *exclusive*: a rule that is the first to ask for ``ctx.ast`` does not pay for the parse,
which is charged to ``parse: ast``. Each worker process collects per file; the timings travel
back on ``FileResult.timings`` and the parent adds them up. Off by default and then free: the engine
only checks one module-level flag.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

ENABLED = os.environ.get("SCANNER_PROFILE_RULES", "") not in ("", "0")
CST_TRAVERSAL = "libcst metadata + traversal"

_totals: dict[str, float] = {}
_stack: list[list[float]] = []  # per open timer: [start, time spent in nested timers]
_installed = False


def _timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        frame = [time.process_time(), 0.0]
        _stack.append(frame)
        try:
            return fn(*args, **kwargs)
        finally:
            _stack.pop()
            total = time.process_time() - frame[0]
            _totals[name] = _totals.get(name, 0.0) + total - frame[1]
            if _stack:
                _stack[-1][1] += total

    return run


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` timed under ``name`` (exclusive of the timers nested in it)."""
    return _timed(name, fn)


def install() -> None:
    """Time the parse layers (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    from scanner import parsing

    for attr, label in (("parse_ast", "parse: ast"), ("parse_cst", "parse: libcst"), ("parse_ts", "parse: tree-sitter")):
        setattr(parsing, attr, _timed(label, getattr(parsing, attr)))


def wrap(what: str, fn: Callable[[], None]) -> Callable[[], None]:
    return _timed(CST_TRAVERSAL if what == "libcst rules" else what, fn)


def wrap_cst_rules(rules: Iterable[Any]) -> None:
    """Time each batched libcst rule's visit_/leave_ methods under the rule's id."""
    for rule in rules:
        visitors = rule.get_visitors()
        label = f"rule {rule.meta.id}"
        rule.get_visitors = lambda v=visitors, lb=label: {k: _timed(lb, f) for k, f in v.items()}


def take() -> tuple[tuple[str, float], ...]:
    """This file's timings, and a fresh start for the next file."""
    out = tuple(sorted(_totals.items()))
    _totals.clear()
    return out


def report(results: Iterable[Any], stream=None) -> None:
    stream = stream or sys.stderr
    totals: dict[str, float] = {}
    files: dict[str, int] = {}
    slowest: list[tuple[float, str]] = []  # by wall seconds
    scanned = 0
    for r in results:
        timings = getattr(r, "timings", ())
        if not timings:
            continue
        scanned += 1
        for name, secs in timings:
            totals[name] = totals.get(name, 0.0) + secs
            files[name] = files.get(name, 0) + 1
        slowest.append((r.seconds, r.path))
    grand = sum(totals.values()) or 1.0
    print(f"\nscanner: time per rule and parse layer over {scanned} scanned files "
          f"(exclusive CPU seconds, summed over workers):", file=stream)
    print(f"  {'seconds':>9} {'share':>6} {'files':>6}  what", file=stream)
    for name, secs in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {secs:9.3f} {secs / grand:6.1%} {files[name]:6d}  {name}", file=stream)
    print("  slowest files:", file=stream)
    for secs, path in sorted(slowest, reverse=True)[:10]:
        print(f"  {secs:9.3f}               {path}", file=stream)
