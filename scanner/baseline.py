"""Baselines: accept today's findings, fail only on new ones.

``scanner baseline create`` writes ``.scanner-baseline.json``: one entry per finding, as
``(rule id, path, fingerprint)``. Fingerprints come from ``Finding.fingerprint`` (rule + path + a
hash of the secret or of the normalized code span), never from a line number, so the baseline
does not churn when code moves; it holds no plaintext. Entries are sorted and written one per
line, so two branches that each add findings merge without conflicts in the common case.

``scanner scan --baseline FILE`` marks matching findings as suppressed (SARIF kind
``external``): they stay in the report but no longer fail the run.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from scanner.config import ConfigError, read_limited
from scanner.model import Finding, ScanResult, Suppression

FORMAT_VERSION = 1
DEFAULT_NAME = ".scanner-baseline.json"

Entry = tuple[str, str, str]  # (rule id, path, fingerprint)


def entries(findings: Iterable[Finding]) -> list[Entry]:
    """The baseline entries of a scan: every finding not already suppressed in the source."""
    return sorted({(f.rule_id, f.path, f.fingerprint) for f in findings if not f.suppressed and f.fingerprint})


def dumps(items: Iterable[Entry]) -> str:
    rows = sorted(set(items), key=lambda e: (e[1], e[0], e[2]))
    lines = [json.dumps({"rule_id": r, "path": p, "fingerprint": fp}, ensure_ascii=False) for r, p, fp in rows]
    body = ",\n    ".join(lines)
    return (
        "{\n"
        f'  "version": {FORMAT_VERSION},\n'
        '  "tool": "scanner",\n'
        f'  "findings": [{chr(10) + "    " + body + chr(10) + "  " if lines else ""}]\n'
        "}\n"
    )


def write(path: Path, result: ScanResult) -> int:
    """Write the baseline atomically (a symlink at ``path`` is replaced, never written through)."""
    items = entries(result.findings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".scanner-baseline.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(dumps(items))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(items)


def load(path: Path) -> frozenset[Entry]:
    try:
        doc = json.loads(read_limited(path, 256 * 1024 * 1024))
    except FileNotFoundError:
        raise ConfigError(f"baseline {path} does not exist (create it with `scanner baseline create`)") from None
    except OSError as exc:
        raise ConfigError(f"cannot read baseline {path}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"baseline {path} is not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("version") != FORMAT_VERSION or not isinstance(doc.get("findings"), list):
        raise ConfigError(f"baseline {path} is not a version-{FORMAT_VERSION} scanner baseline")
    out = set()
    for i, e in enumerate(doc["findings"]):
        if not (isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("rule_id", "path", "fingerprint"))):
            raise ConfigError(f"baseline {path}: entry {i + 1} needs string rule_id, path and fingerprint")
        out.add((e["rule_id"], e["path"], e["fingerprint"]))
    return frozenset(out)


def apply(result: ScanResult, known: frozenset[Entry], name: str) -> ScanResult:
    """Mark the findings the baseline knows as suppressed (kind ``external``)."""
    why = f"in baseline {name}"
    findings = tuple(
        replace(f, suppressions=(*f.suppressions, Suppression("external", why)))
        if not f.suppressed and (f.rule_id, f.path, f.fingerprint) in known else f
        for f in result.findings
    )
    return replace(result, findings=findings)


def inside(path: str, base: Path, what: str) -> Path:
    """``path`` (relative to ``base``) resolved, refusing anything that lands outside ``base``.

    For paths that come from configuration: a shared config must not make the scanner read or
    write elsewhere through ``..``, an absolute path or a symlinked directory.
    """
    base = base.resolve()
    full = (base / path).resolve()
    if full != base and base not in full.parents:
        raise ConfigError(f"{what} {path!r} points outside {base}; use a path inside the project")
    return full
