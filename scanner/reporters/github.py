"""GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=T::message``."""

from __future__ import annotations

from scanner.model import ScanResult
from scanner.reporters import printable
from scanner.rule import RuleMeta

COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(s: str) -> str:
    return printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(result: ScanResult, metas: dict[str, RuleMeta]) -> str:
    out = []
    for f in result.findings:
        if f.suppressed:
            meta = metas.get(f.rule_id)
            if meta is not None and meta.family == "secret":  # a silenced secret leaves a trace in the PR
                r = f.location.region
                why = "; ".join(s.justification or s.kind for s in f.suppressions)
                props = [f"file={escape_property(f.path)}", f"line={r.start_line}",
                         f"title={escape_property(f'{f.rule_id} suppressed')}"]
                out.append(f"::notice {','.join(props)}::{escape_data(f'{f.message} (suppressed: {why})')}")
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
    # Notifications (a file not scanned, stopped by its time budget, capped) are annotations too:
    # a skipped file must never be silent in a pull request.
    for n in result.notifications:
        props = [f"file={escape_property(n.path)}"] if n.path not in ("", ".") else []
        if n.region is not None:
            props.append(f"line={n.region.start_line}")
        props.append(f"title={escape_property('scanner ' + (n.rule_id or 'notice'))}")
        out.append(f"::{COMMAND.get(n.level, 'notice')} {','.join(props)}::{escape_data(n.message)}")
    return "\n".join(out) + ("\n" if out else "")
