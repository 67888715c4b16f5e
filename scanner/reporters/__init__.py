"""Reporters: a ScanResult (plus the rules that produced it) -> text, JSON, SARIF or GitHub
annotations. They only format; every decision (levels, suppression, exit code) was made before."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.model import ScanResult
    from scanner.rule import RuleMeta

FORMATS = ("text", "json", "sarif", "github")

# Characters from scanned files and file names that must not reach a terminal or a GitHub
# annotation as they are: C0/C1 controls (an ESC starts a terminal escape sequence), DEL, and the
# bidirectional overrides that make text display in another order than it reads ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(s: str) -> str:
    """``s`` with every unsafe character shown as an escape (``\\x1b``, ``\\u202e``); tab and newline kept."""
    if not _UNSAFE.search(s):
        return s
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", s)


def render(fmt: str, result: ScanResult, metas: dict[str, RuleMeta], *, color: bool = False) -> str:
    if fmt == "text":
        from scanner.reporters.text import render_text

        return render_text(result, metas, color=color)
    if fmt == "json":
        from scanner.reporters.json import render_json

        return render_json(result, metas)
    if fmt == "sarif":
        import json

        from scanner.reporters.sarif import to_sarif

        return json.dumps(to_sarif(result, metas), indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        from scanner.reporters.github import render_github

        return render_github(result, metas)
    raise ValueError(f"unknown format {fmt!r}")
