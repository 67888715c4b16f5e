"""fixtures/demo, the README's example: one finding of each family, on the lines the README shows."""

from __future__ import annotations

import shutil

from tests.conftest import FIXTURES, run_cli
from tests.keygen import pem_private, rsa_key

EXPECTED = {
    ("DF001", "app.py", 15),
    ("PY047", "app.py", 15),
    ("DF002", "app.py", 21),
    ("PY038", "app.py", 21),
    ("CX001", "app.py", 26),
    ("PY008", "app.py", 35),
    ("SEC001", "deploy_key.pem", 1),
    ("JS004", "widget.js", 3),
    ("JS001", "widget.js", 4),
}


def test_demo_reports_what_the_readme_shows(tmp_path):
    demo = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo", demo)
    key = pem_private(rsa_key())
    (demo / "deploy_key.pem").write_text(key)
    run = run_cli("scan", str(demo), "--no-cache", "--format", "json")
    assert run.code == 1
    found = {(f["rule_id"], f["path"], f["line"]) for f in run.json()["findings"]}
    assert found == EXPECTED
    assert key.splitlines()[1] not in run.out


def test_demo_sql_injection_code_flow(tmp_path):
    demo = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo", demo)
    run = run_cli("scan", str(demo), "--no-cache", "--format", "sarif", "--select", "DF001")
    (result,) = run.json()["runs"][0]["results"]
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    lines = [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps]
    assert lines[0] == 13 and lines[-1] == 15
    assert lines == sorted(lines)
