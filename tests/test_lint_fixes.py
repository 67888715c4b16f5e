"""Fixes: for EVERY fixable rule, driven by its INVALID examples, the fix applies, the result
parses, the rule no longer fires where it was fixed, and fixing again changes nothing
(idempotence). Plus `scan --fix` / `--diff` end to end through the real CLI."""

from __future__ import annotations

import ast

import pytest

from scanner import registry
from scanner.config import Config
from scanner.engine import make_plan
from scanner.fixes import fix_source
from scanner.source import Source
from tests.conftest import run_cli, write

REG = registry.build()
FIXABLE = [
    pytest.param(m.id, i, ex, id=f"{m.id}-{m.name}-invalid{i}")
    for m in sorted(REG.metas.values(), key=lambda m: m.id) if m.fixable
    for i, ex in enumerate(m.invalid)
]


def test_there_are_fixable_rules():
    assert {"PY002", "PY008", "PY010", "PY011"} <= {p.values[0] for p in FIXABLE}


@pytest.mark.parametrize("rule_id,index,example", FIXABLE)
def test_fix_parses_and_is_idempotent(rule_id, index, example):
    plan = make_plan(Config(select=(rule_id,), fix=True))
    src = Source.from_bytes(example.path, example.code.encode("utf-8"))
    first = fix_source(src, plan)
    assert first.applied, f"{rule_id}: no fix applied to\n{example.code}"
    assert all(a.startswith(rule_id) for a in first.applied)
    ast.parse(first.after)  # never a syntax error
    remaining = {f.line for f in first.result.findings if f.rule_id == rule_id and f.fix is not None}
    assert not remaining, f"{rule_id}: fixable findings left on lines {remaining}:\n{first.after}"
    second = fix_source(Source.from_bytes(example.path, first.after.encode("utf-8")), plan)
    assert second.after == first.after and not second.applied


def test_several_fixes_in_one_file_compose(tmp_path):
    code = "import os\nimport sys\nif x == None:\n    print(f'hi')\nprint(sys.argv)\n"
    plan = make_plan(Config(select=("lint",), fix=True))
    out = fix_source(Source.from_bytes("m.py", code.encode()), plan)
    assert out.after == "import sys\nif x is None:\n    print('hi')\nprint(sys.argv)\n"
    assert [a.split(":")[0] for a in out.applied] == ["PY002", "PY008", "PY011"]


def test_suppressed_finding_is_not_fixed():
    code = "import os  # scanner: ignore[PY002]\nprint(1)\nimport re\n"
    plan = make_plan(Config(select=("PY002",), fix=True))
    out = fix_source(Source.from_bytes("m.py", code.encode()), plan)
    assert out.after == "import os  # scanner: ignore[PY002]\nprint(1)\n"


def test_removing_an_import_keeps_the_comment_above_it():
    code = "x = 1\n\n# why we import\nimport os\ny = 2\nif x:\n    # c2\n    import sys\n"
    plan = make_plan(Config(select=("PY002",), fix=True))
    out = fix_source(Source.from_bytes("m.py", code.encode()), plan)
    assert out.after == "x = 1\n\n# why we import\ny = 2\nif x:\n    # c2\n    pass\n"


def test_import_in_try_is_reported_but_not_removed():
    code = "try:\n    import numpy\nexcept ImportError:\n    pass\n"
    plan = make_plan(Config(select=("PY002",), fix=True))
    out = fix_source(Source.from_bytes("m.py", code.encode()), plan)
    assert out.after == code
    assert [(f.rule_id, f.line) for f in out.result.findings] == [("PY002", 2)]


def test_cli_diff_writes_nothing_and_fix_writes(tmp_path):
    root = write(tmp_path / "p", {"m.py": "import os\nimport sys\nprint(sys.argv, f'x')\n"})
    before = (root / "m.py").read_text()
    run = run_cli("scan", str(root), "--select", "lint", "--diff", "--no-cache")
    assert run.code == 1
    assert "-import os\n" in run.out and "+print(sys.argv, 'x')\n" in run.out
    assert (root / "m.py").read_text() == before
    run = run_cli("scan", str(root), "--select", "lint", "--fix", "--format", "json", "--no-cache")
    assert run.code == 0, run.out
    assert (root / "m.py").read_text() == "import sys\nprint(sys.argv, 'x')\n"
    assert run.json()["findings"] == []
    run = run_cli("scan", str(root), "--select", "lint", "--diff", "--no-cache")
    assert run.code == 0 and run.out == ""
