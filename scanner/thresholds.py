"""Exit codes: 0 = nothing unsuppressed at or above --fail-on, 1 = findings, 2 = error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.model import INCOMPLETE, LEVEL_RANK

if TYPE_CHECKING:
    from scanner.model import Finding, ScanResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fails(finding: Finding, fail_on: str) -> bool:
    if fail_on == "never" or finding.suppressed:
        return False
    return LEVEL_RANK[finding.level] >= LEVEL_RANK[fail_on]


def exit_code(result: ScanResult) -> int:
    if result.internal_error:
        return EXIT_ERROR
    if any(fails(f, result.fail_on) for f in result.findings):
        return EXIT_FINDINGS
    if result.fail_on_timeout and result.fail_on != "never" and incomplete(result):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def incomplete(result: ScanResult) -> list[str]:
    """Files whose scan did not finish (time budget, a crashed worker)."""
    return sorted({n.path for n in result.notifications if n.rule_id in INCOMPLETE})
