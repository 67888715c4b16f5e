"""The project scans itself clean: what was accepted is in .scanner-baseline.json, nothing new."""

from __future__ import annotations

from tests.conftest import ROOT, run_cli


def test_self_scan_has_no_new_findings():
    run = run_cli("scan", str(ROOT), "--no-cache", "--format", "json")
    new = [f"{f['path']}:{f['line']}: {f['rule_id']} {f['message']}"
           for f in run.json()["findings"] if not f["suppressed"]]
    assert not new, "new findings in the project's own code (fix them, or review and re-baseline):\n" + "\n".join(new)
    assert run.code == 0, run.err
