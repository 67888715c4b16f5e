"""What the scanned repository's own configuration did to the scan, said out loud.

Repository configuration is trusted by default (it is how a team tunes the scanner), so a hostile
pull request can narrow the scan with it: ``exclude = ["**"]``, ``ignore``, a secret pack whose
validator vetoes built-in findings, ``file-timeout = 1e-6``, a committed baseline. Every such
setting is recorded in the report (SARIF ``invocations[0].properties["scanner/configuration"]``,
JSON ``configuration``, a line of the text summary), and CI that must not take the repository's
word runs with ``--trusted-config FILE`` (a configuration kept outside the checkout) or
``--no-repo-config`` (built-in defaults).
"""

from __future__ import annotations

from typing import Any

from scanner.config import Config

DEFAULTS = Config()


def narrowing(cfg: Config, *, trusted: bool, baseline: str | None, result) -> dict[str, Any]:
    """The settings that narrowed this scan (empty when nothing did)."""
    out: dict[str, Any] = {}
    for key, value in (("exclude", list(cfg.exclude)), ("ignore", list(cfg.ignore)), ("select", list(cfg.select)),
                       ("secret-packs", list(cfg.secret_packs)), ("treesitter-packs", list(cfg.treesitter_packs)),
                       ("dataflow-specs", list(cfg.dataflow_specs))):
        if value:
            out[key] = value
    lowered = {rid: lv for rid, lv in sorted(cfg.rule_levels.items())}
    if lowered:
        out["rule-levels"] = lowered
    for key, attr in (("file-timeout", "file_timeout"), ("max-file-size", "max_file_size"), ("fail-on", "fail_on"),
                      ("fail-on-timeout", "fail_on_timeout"), ("respect-gitignore", "respect_gitignore")):
        if getattr(cfg, attr) != getattr(DEFAULTS, attr):
            out[key] = getattr(cfg, attr)
    in_baseline = sum(1 for f in result.findings if any(s.kind == "external" for s in f.suppressions))
    if baseline:
        out["baseline"] = {"path": baseline, "suppressed": in_baseline}
    inline = sum(1 for f in result.findings if any(s.kind == "inSource" for s in f.suppressions))
    if inline:
        out["suppressed-inline"] = inline
    if out:
        out["source"] = cfg.source or "command line"
        out["trusted"] = trusted
    return out


def summary_line(configuration: dict[str, Any]) -> str:
    """One line for the text report."""
    parts = [f"{k} {v!r}" for k, v in configuration.items() if k not in ("source", "trusted")]
    who = "trusted" if configuration.get("trusted") else "repository"
    return f"Scan narrowed by {who} configuration ({configuration.get('source', '')}): {'; '.join(parts)}"
