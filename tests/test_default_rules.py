"""Rules that are opt-in (as their Ruff equivalents are outside Ruff's defaults, or because their findings on
real code were judgement calls) stay out of a default scan, and come back when selected."""

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


SECURITY_NOTES = (
    "import xml.etree.ElementTree as ET\n"
    "def load(text):\n"
    "    try:\n"
    "        root = ET.fromstring(text)\n"  # PY040 (stdlib XML parser: opt-in)
    "    except Exception:\n"  # PY019 (broad except: pass, as ruff S110: opt-in)
    "        pass\n"
    "    notify()\n"
)


@pytest.mark.parametrize("rule, line", [("PY040", 4), ("PY019", 5)])
def test_opt_in_security_notes(tmp_path, rule, line):
    """Rules whose findings were all judgement calls on real code (PY019 swallowed exceptions, PY040
    stdlib XML parsing on trusted data) are off by default and work when selected."""
    write(tmp_path, {"m.py": SECURITY_NOTES})
    default = run_cli("scan", str(tmp_path), "--format", "json", "--no-cache")
    assert not any(f["rule_id"] == rule for f in default.json()["findings"])
    chosen = run_cli("scan", str(tmp_path), "--extend-select", rule, "--format", "json", "--no-cache")
    assert (rule, line) in {(f["rule_id"], f["line"]) for f in chosen.json()["findings"]}
