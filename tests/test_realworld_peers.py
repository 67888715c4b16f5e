"""The peer parts of benchmarks/realworld.py: reading each tool's JSON, sampling, verdict import, intervals.

These check the bookkeeping on small inputs written here, not any tool's accuracy."""

from __future__ import annotations

import importlib.util
import json
import sys
import tomllib

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def rw():
    spec = importlib.util.spec_from_file_location("realworld", ROOT / "benchmarks" / "realworld.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_detect_secrets_results_are_keyed_by_file(rw, tmp_path):
    data = {"results": {"a/settings.py": [{"type": "Secret Keyword", "line_number": 3}],
                        "b.json": [{"type": "Base64 High Entropy String", "line_number": 9},
                                   {"type": "Private Key", "line_number": 12}]}}
    got = rw._peer_findings("detect-secrets", data, tmp_path)
    assert [(f["rule"], f["path"], f["line"]) for f in got] == [
        ("Secret Keyword", "a/settings.py", 3), ("Base64 High Entropy String", "b.json", 9),
        ("Private Key", "b.json", 12)]


def test_semgrep_rule_id_drops_the_rules_folder_prefix(rw):
    assert rw._semgrep_rule("work.scratch.rules.python.lang.security.audit.eval-detected") == \
        "python.lang.security.audit.eval-detected"
    assert rw._semgrep_rule("rules.javascript.lodash.security.x") == "javascript.lodash.security.x"
    assert rw._semgrep_rule("custom-rule") == "custom-rule"


def _write_findings(peer_dir, project, tool, findings):
    peer_dir.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"project": project, "tool": tool, "rule": r, "path": p, "line": n, "message": r})
             for r, p, n in findings]
    (peer_dir / f"{project}.{tool}.jsonl").write_text("\n".join(lines) + "\n")


def _projects(rw, *names):
    return [rw.Project(name, "kind", "pypi", name, f"{name}.tar.gz", "0" * 64) for name in names]


def test_sample_is_fixed_by_the_seed_not_by_the_file_order(rw, tmp_path):
    rows = [("F401", f"m{i}.py", i) for i in range(30)]
    _write_findings(tmp_path / "one", "p", "ruff", rows)
    _write_findings(tmp_path / "two", "p", "ruff", list(reversed(rows)))
    projects = _projects(rw, "p")
    first = rw.sample_peers(tmp_path / "one", projects, ["ruff"], 5, seed=3)[0].read_text()
    second = rw.sample_peers(tmp_path / "two", projects, ["ruff"], 5, seed=3)[0].read_text()
    other = rw.sample_peers(tmp_path / "two", projects, ["ruff"], 5, seed=4)[0].read_text()
    assert first == second
    assert first != other
    chosen = [json.loads(line) for line in first.splitlines()]
    assert len(chosen) == 5 and len({(f["path"], f["line"]) for f in chosen}) == 5


def test_sample_pools_projects_and_needs_every_file(rw, tmp_path):
    _write_findings(tmp_path, "a", "bandit", [("B101", "t.py", 1)])
    _write_findings(tmp_path, "b", "bandit", [("B105", "s.py", 2)])
    out = rw.sample_peers(tmp_path, _projects(rw, "a", "b"), ["bandit"], 50, seed=7)[0]
    assert sorted(json.loads(line)["project"] for line in out.read_text().splitlines()) == ["a", "b"]
    with pytest.raises(SystemExit, match="missing"):
        rw.sample_peers(tmp_path, _projects(rw, "a", "c"), ["bandit"], 50, seed=7)


def test_peer_verdicts_become_a_sample_file_and_need_a_reason(rw, tmp_path, monkeypatch):
    monkeypatch.setattr(rw, "TRIAGE_DIR", tmp_path)
    judged = tmp_path / "v.jsonl"
    judged.write_text(json.dumps({"project": "p", "tool": "ruff", "rule": "F401", "path": "m.py", "line": 4,
                                  "verdict": "true", "reason": "`os` is imported and never used"}) + "\n")
    assert rw.import_peer_verdicts(judged, "seed 7\nsimple random sample") == {"ruff": 1}
    text = (tmp_path / "peers-ruff-sample.toml").read_text()
    assert text.startswith("# seed 7\n# simple random sample\n")
    assert tomllib.loads(text)["finding"] == [{"project": "p", "tool": "ruff", "rule": "F401", "path": "m.py",
                                               "line": 4, "verdict": "true",
                                               "reason": "`os` is imported and never used"}]
    judged.write_text(json.dumps({"project": "p", "tool": "ruff", "rule": "F401", "path": "m.py", "line": 4,
                                  "verdict": "true", "reason": " "}) + "\n")
    with pytest.raises(SystemExit, match="reason"):
        rw.import_peer_verdicts(judged, "")


def test_wilson_interval(rw):
    low, high = rw.wilson(0, 50)
    assert low == 0.0 and high == pytest.approx(0.0713, abs=1e-4)
    low, high = rw.wilson(25, 50)
    assert (low, high) == (pytest.approx(0.3664, abs=1e-4), pytest.approx(0.6336, abs=1e-4))
    assert rw.wilson(0, 0) == (0.0, 1.0)


def test_peer_precision_table_reads_the_sample_files(rw, tmp_path, monkeypatch):
    monkeypatch.setattr(rw, "TRIAGE_DIR", tmp_path)
    entries = [("true", 1), ("debatable", 2), ("false", 3)]
    text = "".join(f'[[finding]]\nproject = "p"\ntool = "x"\nrule = "R"\npath = "f.py"\nline = {n}\n'
                   f'verdict = "{v}"\nreason = "r"\n\n' for v, n in entries)
    (tmp_path / "peers-x-sample.toml").write_text(text)
    row = rw.peer_precision().splitlines()[-1]
    assert row.startswith("| x | 3 | 1 | 1 | 1 | 0.33 (")
    assert "| 0.67 (" in row


def test_our_verdict_import_points_peer_verdicts_to_their_own_option(rw, tmp_path):
    judged = tmp_path / "v.jsonl"
    judged.write_text(json.dumps({"project": "p", "tool": "bandit", "rule": "B101", "path": "t.py", "line": 3,
                                  "verdict": "false", "reason": "assert in a test"}) + "\n")
    with pytest.raises(SystemExit, match="import-peer-verdicts"):
        rw.import_verdicts(_projects(rw, "p"), judged)
