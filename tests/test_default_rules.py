"""Rules that are opt-in (as their Ruff equivalents are outside Ruff's defaults) stay out of a default scan,
and come back when selected."""

import pytest

from tests.conftest import run_cli, write

CODE = (
    "def load(path):\n"
    "    list = open(path).read()\n"  # PY007 (`list` shadows a builtin), PY021 (no with), PY022 (no encoding)
    "    return list\n"
)


@pytest.mark.parametrize("rule, line", [("PY007", 2), ("PY021", 2), ("PY022", 2)])
def test_opt_in_lint_rules(tmp_path, rule, line):
    write(tmp_path, {"m.py": CODE})
    default = run_cli("scan", str(tmp_path), "--format", "json", "--no-cache")
    assert not any(f["rule_id"] == rule for f in default.json()["findings"])
    chosen = run_cli("scan", str(tmp_path), "--extend-select", rule, "--format", "json", "--no-cache")
    assert (rule, line) in {(f["rule_id"], f["line"]) for f in chosen.json()["findings"]}
