"""The gate and the editor as a new user finds them (issue 19), through the real CLI."""

from __future__ import annotations

from tests.conftest import run_cli, write


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    write(tmp_path, {"ok.py": "x = 1\n"})
    missing = str(tmp_path / "nonexistent" / "path")
    run = run_cli("scan", missing)
    assert run.code == 2
    assert missing in run.err
    # One good and one mistyped path: still an error, naming the mistyped one only.
    run = run_cli("scan", str(tmp_path / "ok.py"), str(tmp_path / "typo.py"))
    assert run.code == 2 and "typo.py" in run.err and "ok.py" not in run.err
    run = run_cli("baseline", "create", missing, "-o", str(tmp_path / "b.json"))
    assert run.code == 2 and missing in run.err
