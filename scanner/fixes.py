"""Apply the fixes rules attach to findings (``scanner scan --fix`` / ``--diff``).

Takes a :class:`~scanner.model.ScanResult` (scanned with ``Config.fix`` on, so fixable findings
carry a :class:`~scanner.model.Fix`) and returns the fixed texts, unified diffs and the result with
each fixed file's findings replaced by what remains.

How several fixes in one file compose: a ``Fix`` is a whole-file text produced by one rule for one
finding against the text it saw. So fixes are applied ONE AT A TIME: take the first fixable
finding (file order), apply its text, re-scan the file, repeat until no finding has a fix or a
bound is hit. Every round sees the current text, so fixes never clash (removing an import cannot
invalidate another finding's positions). A fix whose result does not parse is rejected, and so is
one that brings back a text seen before (a cycle); both leave the finding for the user.
"""

from __future__ import annotations

import ast
import difflib
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from scanner.engine import Plan, scan_source
from scanner.model import FileResult, Finding, ScanResult
from scanner.redact import redact_text
from scanner.source import Source

MAX_ROUNDS = 100  # one fix per round; a file with more fixable findings is finished by a second run


@dataclass
class FileFix:
    path: str
    before: str
    after: str
    applied: list[str] = field(default_factory=list)  # "PY002: description" per applied fix
    result: FileResult | None = None  # the last scan: what remains
    secrets: tuple[str, ...] = ()  # plaintext of the secret findings, only to mask them in the diff

    def diff(self) -> str:
        text = "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{self.path}", tofile=f"b/{self.path}"))
        return redact_text(text, self.secrets)  # a hunk's context lines may hold a secret


def parses(text: str, path: str = "<fix>") -> bool:
    """Does ``text`` parse as Python (newer syntax than this interpreter's included)?"""
    from scanner.parsing import lower_python

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text, filename=path)
    except SyntaxError:
        lowered = lower_python(text.encode("utf-8", "surrogatepass"))
        if lowered is None:
            return False
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(lowered.decode("utf-8", "surrogatepass"), filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError, UnicodeDecodeError):
            return False
    except (ValueError, RecursionError, MemoryError):
        return False
    return True


def fix_source(source: Source, plan: Plan, max_rounds: int = MAX_ROUNDS) -> FileFix:
    """Apply the fixes of ``source``'s findings one at a time until none applies."""
    if not plan.config.fix:
        plan = replace(plan, config=replace(plan.config, fix=True))
    out = FileFix(source.path, source.text, source.text)
    seen = {source.text}
    rejected: set[tuple[str, str]] = set()
    current = source
    was_python = parses(source.text, source.path) if source.language == "python" else True
    for _ in range(max_rounds):
        result = scan_source(current, plan)
        out.result = result
        chosen = None
        for f in sorted(result.findings, key=Finding.sort_key):
            if f.fix is None or f.suppressed or (f.rule_id, f.fix.new_text) in rejected:
                continue
            new = f.fix.new_text
            if new in seen or (source.language == "python" and was_python and not parses(new, source.path)):
                rejected.add((f.rule_id, new))
                continue
            chosen = f
            break
        if chosen is None:
            break
        out.applied.append(f"{chosen.rule_id}: {chosen.fix.description}")
        out.after = chosen.fix.new_text
        seen.add(out.after)
        current = Source.from_bytes(source.path, out.after.encode(source.encoding, errors="surrogateescape"),
                                    language=source.language)
    out.secrets = _secret_texts(current, out.result, plan)
    return out


def _secret_texts(source: Source, result: FileResult | None, plan: Plan) -> tuple[str, ...]:
    """Each line of every secret finding's span in ``source`` (diff lines hold one line each)."""
    if result is None:
        return ()
    metas = plan.registry.metas
    out = set()
    for f in result.findings:
        meta = metas.get(f.rule_id)
        if meta is None or meta.family != "secret":
            continue
        r = f.location.region
        start = source.offset_of(r.start_line, r.start_column)
        end = source.offset_of(r.end_line or r.start_line, r.end_column) if r.end_column else len(source.text)
        out.update(part.strip() for part in source.text[start:end].splitlines() if part.strip())
    return tuple(sorted(out))


def _project(root: Path, plan: Plan):
    """Every Python module under the scan root: a fix must see which names other modules import
    from the file it edits (``unused-import`` keeps re-exports), also outside the scanned paths."""
    from scanner.discovery import discover
    from scanner.project import ProjectIndex

    found = discover([root], root, plan.config)
    return ProjectIndex.from_paths(str(root), (c.relpath for c in found.candidates))


def apply(result: ScanResult, plan: Plan, write: bool) -> tuple[ScanResult, list[FileFix]]:
    """Fix every file of ``result`` that has a fixable finding; write them back if ``write``."""
    root = Path(result.root)
    paths = sorted({f.path for f in result.findings if f.fix is not None and not f.suppressed})
    if paths and plan.project is None:
        plan = replace(plan, project=_project(root, plan))
    changed: list[FileFix] = []
    remaining = {p: None for p in paths}
    for path in paths:
        file = root / path
        try:
            data = file.read_bytes()
        except OSError:
            continue
        source = Source.from_bytes(path, data)
        ff = fix_source(source, plan)
        if ff.after == ff.before:
            continue
        changed.append(ff)
        remaining[path] = ff.result
        if write:
            file.write_bytes(ff.after.encode(source.encoding, errors="surrogateescape"))
    if not changed:
        return result, changed
    findings = [f for f in result.findings if remaining.get(f.path) is None]
    for r in remaining.values():
        if r is not None:
            findings.extend(r.findings)
    return replace(result, findings=tuple(sorted(findings, key=Finding.sort_key))), changed
