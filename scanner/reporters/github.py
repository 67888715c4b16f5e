"""GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=T::message``."""

from __future__ import annotations

from scanner.model import ScanResult
from scanner.rule import RuleMeta

COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(result: ScanResult, metas: dict[str, RuleMeta]) -> str:
    out = []
    for f in result.findings:
        if f.suppressed:
            continue
        r = f.location.region
        props = [f"file={escape_property(f.path)}", f"line={r.start_line}", f"col={r.start_column}"]
        if r.end_line and r.end_line != r.start_line:
            props.append(f"endLine={r.end_line}")
        elif r.end_column:
            props.append(f"endColumn={r.end_column}")
        name = metas[f.rule_id].name if f.rule_id in metas else ""
        props.append(f"title={escape_property(f'{f.rule_id} {name}'.strip())}")
        out.append(f"::{COMMAND[f.level]} {','.join(props)}::{escape_data(f.message)}")
    for n in result.notifications:  # what the scan could not do or left out, as text shows it
        if n.level == "note":
            continue
        where = f"file={escape_property(n.path)}," if n.path not in ("", ".") else ""
        out.append(f"::warning {where}title=scanner notice::{escape_data(n.message)}")
    return "\n".join(out) + ("\n" if out else "")
