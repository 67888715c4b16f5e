"""Inline suppression: ``scanner: ignore[ID, ...]`` or a bare ``scanner: ignore`` in a comment.

Any comment syntax works (``#``, ``//``, ``/* */``, ``--``, ``;``, ``<!-- -->``); the comment sits
on the finding's line or on the line above. IDs may be rule codes, code prefixes or rule names.
Suppressed findings are kept (SARIF ``suppressions`` of kind ``inSource``) and do not fail a run.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from scanner.model import Finding, Suppression

# Linear-time parsing of untrusted lines (a 60 KB line of ``#`` made the old single regex, an
# opener followed by a lazy ``.*?``, run for minutes): the pragma and the comment opener are found
# by two simple searches, and the id list is capped in length.
PRAGMA = re.compile(r"\bscanner:\s{0,16}ignore(?:\[(?P<ids>[^\]\n]{0,512})\])?", re.IGNORECASE)
OPENER = re.compile(r"\#|//|/\*|--|;|<!--|\bREM\b|%", re.IGNORECASE)


CACHED_LINE = 512  # longer lines are parsed each time: a cache would hash and compare whole megabyte lines


def parse_line(line: str) -> tuple[str, ...] | None:
    """The ids a line's pragma names: ``()`` for a bare ignore, ``None`` for no pragma."""
    return _parse_short(line) if len(line) <= CACHED_LINE else _parse(line)


def _parse(line: str) -> tuple[str, ...] | None:
    if "scanner:" not in line.lower():
        return None
    opener = OPENER.search(line)
    if opener is None:
        return None
    m = PRAGMA.search(line, opener.end())
    if not m:
        return None
    ids = m.group("ids")
    if ids is None:
        return ()
    return tuple(s.strip() for s in ids.split(",") if s.strip())


_parse_short = lru_cache(maxsize=4096)(_parse)


def _covers(ids: tuple[str, ...], rule_id: str, rule_name: str) -> bool:
    return not ids or any(rule_id.upper().startswith(i.upper()) or i.lower() == rule_name for i in ids)


def apply(findings: list[Finding], lines: list[str], names: dict[str, str], path: str | None = None) -> list[Finding]:
    """Mark the findings that a pragma on their line or the line above covers.

    ``path``: the file ``lines`` belong to; a finding located in another file (a data flow into
    another module) is left as it is (it was judged against its own file's lines).
    """
    out = []
    for f in findings:
        if path is not None and f.location.path != path:
            out.append(f)
            continue
        line = f.line
        hit = None
        for n in (line, line - 1):
            if 1 <= n <= len(lines):
                ids = parse_line(lines[n - 1])
                if ids is not None and _covers(ids, f.rule_id, names.get(f.rule_id, "")):
                    hit = n
                    break
        if hit is not None:
            f = replace(f, suppressions=(*f.suppressions, Suppression("inSource", f"scanner: ignore on line {hit}")))
        out.append(f)
    return out
