"""Human-readable output: ``path:line:col: ID [level] message``, a code frame, a summary."""

from __future__ import annotations

import os
from collections import Counter

from scanner.model import Finding, ScanResult
from scanner.reporters import printable
from scanner.rule import RuleMeta
from scanner.thresholds import incomplete

COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "note": "\x1b[36m"}
DIM, BOLD, RESET = "\x1b[2m", "\x1b[1m", "\x1b[0m"


def _frame(f: Finding, color: bool) -> list[str]:
    if not f.snippet:
        return []
    r = f.location.region
    lines = f.snippet.split("\n")[:3]
    width = len(str(r.start_line + len(lines) - 1))
    out = []
    for i, text in enumerate(lines):
        n = r.start_line + i
        gutter = f"{n:>{width}} | "
        out.append(f"  {DIM if color else ''}{gutter}{RESET if color else ''}{printable(text.rstrip()[:160])}")
        if i == 0 and len(lines) == 1 and r.start_column <= 160:  # no carets past the shown text (minified lines)
            start = r.start_column
            end = r.end_column if (r.end_line in (None, r.start_line) and r.end_column) else len(text) + 1
            end = min(end, len(text) + 1)
            carets = "^" * max(1, min(end, 161) - start)
            out.append(f"  {' ' * len(gutter)}{' ' * (start - 1)}{carets}")
    return out


def _shown_path(root: str, path: str, cwd: str) -> str:
    """A root-relative path as the user can open it: relative to the current directory when the
    file is below it (as ruff and gitleaks print), else absolute."""
    full = os.path.join(root, path) if root else path
    rel = os.path.relpath(full, cwd)
    return full if rel.startswith(os.pardir) else rel


def render_text(result: ScanResult, metas: dict[str, RuleMeta], *, color: bool = False,
                cwd: str | None = None) -> str:
    cwd = cwd or os.getcwd()
    out: list[str] = []
    shown = [f for f in result.findings if not f.suppressed]
    for f in shown:
        r = f.location.region
        level = f"{COLORS[f.level]}{f.level}{RESET}" if color else f.level
        rid = f"{BOLD}{f.rule_id}{RESET}" if color else f.rule_id
        where = f"{_shown_path(result.root, f.path, cwd)}:{r.start_line}:{r.start_column}"
        if f.commit:
            where = f"{f.commit[:12]}:{where}"
        out.append(f"{printable(where)}: {rid} [{level}] {printable(f.message)}")
        out.extend(_frame(f, color))
    for n in result.notifications:
        if n.level != "note":
            out.append(f"{printable(_shown_path(result.root, n.path, cwd))}: {n.level}: {printable(n.message)}")
    notes = [n for n in result.notifications if n.level == "note"]
    if notes:  # binary files and the like: named (a few), never silent
        names = ", ".join(printable(p) for p in sorted({n.path for n in notes})[:5]) + (", ..." if len({n.path for n in notes}) > 5 else "")
        out.append(f"{len(notes)} more notice{'s' if len(notes) != 1 else ''} (e.g. binary files not scanned: "
                   f"{names}); see --format json")
    counts = Counter(f.level for f in shown)
    suppressed = len(result.findings) - len(shown)
    parts = [f"{counts.get(lv, 0)} {lv}{'s' if counts.get(lv, 0) != 1 else ''}" for lv in ("error", "warning", "note")]
    summary = (
        f"Scanned {result.files_scanned} file{'s' if result.files_scanned != 1 else ''} "
        f"in {result.ended - result.started:.2f}s: {len(shown)} finding{'s' if len(shown) != 1 else ''} "
        f"({', '.join(parts)})"
    )
    if suppressed:
        summary += f", {suppressed} suppressed"
    if result.files_skipped:
        summary += f", {result.files_skipped} file{'s' if result.files_skipped != 1 else ''} skipped"
    unfinished = incomplete(result)
    if unfinished:
        n = len(unfinished)
        summary += (f", {n} file{'s' if n != 1 else ''} not fully scanned"
                    f"{' (fails the run: --fail-on-timeout)' if result.fail_on_timeout else ''}")
    if result.configuration:
        from scanner.trust import summary_line

        out.append(printable(summary_line(result.configuration)))
    if out:
        out.append("")
    out.append(summary)
    return "\n".join(out) + "\n"
