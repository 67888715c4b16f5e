"""JSON output, schema version 1 (documented in docs/json-format.md).

Stable keys only; secrets appear only in their masked form (already redacted in findings).
"""

from __future__ import annotations

import json

from scanner import __version__
from scanner.model import Finding, Location, ScanResult
from scanner.rule import RuleMeta

SCHEMA_VERSION = 1


def _loc(loc: Location) -> dict:
    r = loc.region
    d = {"path": loc.path, "line": r.start_line, "column": r.start_column,
         "end_line": r.end_line or r.start_line, "end_column": r.end_column}
    if loc.message:
        d["message"] = loc.message
    return d


def finding_dict(f: Finding, metas: dict[str, RuleMeta]) -> dict:
    meta = metas.get(f.rule_id)
    d = {
        "rule_id": f.rule_id,
        "rule_name": meta.name if meta else "",
        "family": meta.family if meta else "",
        "level": f.level,
        "message": f.message,
        **_loc(f.location),
        "fingerprint": f.fingerprint,
        "suppressed": [s.kind for s in f.suppressions],
        "properties": dict(f.properties),
    }
    if f.snippet:
        d["snippet"] = f.snippet
    if f.related:
        d["related"] = [_loc(r) for r in f.related]
    if f.code_flows:
        d["code_flows"] = [[_loc(step) for step in flow] for flow in f.code_flows]
    if f.commit:
        d["commit"] = f.commit
    return d


def render_json(result: ScanResult, metas: dict[str, RuleMeta]) -> str:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "scanner", "version": __version__},
        "root": result.root,
        "exit_code": result.exit_code,
        "summary": {
            "files_scanned": result.files_scanned,
            "files_skipped": result.files_skipped,
            "findings": sum(1 for f in result.findings if not f.suppressed),
            "suppressed": sum(1 for f in result.findings if f.suppressed),
            "seconds": round(result.ended - result.started, 3),
        },
        "findings": [finding_dict(f, metas) for f in result.findings],
        "notifications": [
            {"path": n.path, "level": n.level, "message": n.message,
             **({"line": n.region.start_line} if n.region else {})}
            for n in result.notifications
        ],
    }
    if result.configuration:
        doc["configuration"] = result.configuration
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
