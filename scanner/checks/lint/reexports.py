"""Which names other scanned modules take from a module: the re-exports ``unused-import`` must
not report and ``--fix`` must never remove.

Takes the scan's :class:`~scanner.project.ProjectIndex`; answers ``imported_from(project, relpath)``
with the names that some other scanned module imports from ``relpath``'s module
(``from pkg.compat import urljoin``, ``from .compat import urljoin``) or reads as an attribute of it
(``from pkg import compat`` / ``import pkg.compat as c`` then ``compat.urljoin``).

Cost: one regex pass over every scanned Python file's text, built lazily the first time a file
has an unused-import candidate (most scans never need it) and memoized per process. Text, not
``ast``: a module that does not parse still says what it imports, and ``ast.parse`` of a whole
Django tree costs seconds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

_FROM = re.compile(
    r"^[ \t]*from[ \t]+(?P<dots>\.*)[ \t]*(?P<mod>[\w.]*)[ \t]+import[ \t]+"
    r"(?P<names>\([^)]*\)|(?:[^\n#;\\]|\\\n)*)",
    re.M,
)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+(?P<names>(?:[^\n#;\\]|\\\n)+)", re.M)
_ALIAS = re.compile(r"([\w.]+)(?:\s+as\s+(\w+))?")
_WORD = re.compile(r"\w+")

_MEMO: dict[int, tuple[Any, dict[str, set[str]]]] = {}


def _aliases(names: str) -> list[tuple[str, str]]:
    """``a, b as c`` (or a parenthesized, multi-line list with comments) -> [(a, a), (b, c)]."""
    names = re.sub(r"#[^\n]*", "", names).strip("() \t\n\\")
    out = []
    for part in names.replace("\\\n", " ").split(","):
        m = _ALIAS.fullmatch(part.strip())
        if m:
            out.append((m.group(1), m.group(2) or m.group(1)))
    return out


def _build(project) -> dict[str, set[str]]:
    taken: dict[str, set[str]] = defaultdict(set)
    for rel, abspath in project.files.items():
        try:  # from disk also for a staged scan: a git subprocess per file would cost far more
            with open(abspath, "rb") as fh:
                data = fh.read(4 * 1024 * 1024)
        except OSError:
            continue
        if b"import" not in data:
            continue
        text = data.decode("utf-8", "replace")
        modules_used: list[tuple[str, str]] = []  # (bound name, module relpath) of module objects
        for m in _FROM.finditer(text):
            level = len(m.group("dots"))
            bases = project.absolute(rel, level, m.group("mod")) if level else [m.group("mod")]
            for base in bases:
                target = project.resolve(base) if base else None
                for name, bound in _aliases(m.group("names")):
                    if target is not None and target != rel:
                        taken[target].add(name)
                    sub = project.resolve(f"{base}.{name}" if base else name)
                    if sub is not None and sub != rel:
                        modules_used.append((bound, sub))
        for m in _IMPORT.finditer(text):
            for name, bound in _aliases(m.group("names")):
                target = project.resolve(name)
                if target is not None and target != rel:
                    modules_used.append((bound if bound != name else name, target))
        if modules_used:  # one pass for every module object this file binds
            targets: dict[str, set[str]] = defaultdict(set)
            for bound, target in modules_used:
                targets[bound].add(target)
            alts = "|".join(re.escape(b) for b in sorted(targets, key=len, reverse=True))
            for use in re.finditer(rf"(?<![\w.])({alts})\.(\w+)", text):
                for target in targets[use.group(1)]:
                    taken[target].add(use.group(2))
    return taken


def imported_from(project, relpath: str) -> set[str]:
    """Names other scanned modules import from (or read on) the module in ``relpath``."""
    if project is None:
        return set()
    memo = _MEMO.get(id(project))
    if memo is None or memo[0] is not project:
        _MEMO.clear()  # one project per process at a time (a language server rebuilds it)
        memo = _MEMO[id(project)] = (project, _build(project))
    return memo[1].get(relpath, set())
