"""Reporters: a ScanResult (plus the rules that produced it) -> text, JSON, SARIF or GitHub
annotations. They only format; every decision (levels, suppression, exit code) was made before."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.model import ScanResult
    from scanner.rule import RuleMeta

FORMATS = ("text", "json", "sarif", "github")


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
