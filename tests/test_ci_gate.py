"""The CI gate through the real CLI: baselines, --shard + merge, --artifacts, GitHub annotations."""

from __future__ import annotations

import hashlib
import json

from scanner.reporters.github import escape_data, escape_property
from scanner.scope import shard_of
from tests.conftest import run_cli, validate_sarif, write
from tests.keygen import ec_key, pem_private

CUBIC = "def cubic(a):\n    for x in a:\n        for y in a:\n            for z in a:\n                print(x, y, z)\n"


def _found(run):
    return {(f["rule_id"], f["path"], f["line"]) for f in run.json()["findings"] if not f["suppressed"]}


def test_baseline_accepts_known_findings_survives_moves_and_fails_on_new(tmp_path):
    key = pem_private(ec_key())
    root = write(tmp_path / "p", {"loops.py": "x = 1\n\n" + CUBIC, "id_ec": key})
    made = run_cli("baseline", "create", str(root), "-o", str(root / ".scanner-baseline.json"))
    assert made.code == 0, made.err
    text = (root / ".scanner-baseline.json").read_text()
    doc = json.loads(text)
    assert [(e["rule_id"], e["path"]) for e in doc["findings"]] == [("SEC001", "id_ec"), ("CX001", "loops.py")]
    assert key.splitlines()[1] not in text and "cubic" not in text
    assert all(set(e) == {"rule_id", "path", "fingerprint"} for e in doc["findings"])
    # Move the code down: nothing new, the run passes, the known findings are external suppressions.
    write(root, {"loops.py": "x = 1\ny = 2\n\n\n" + CUBIC, "id_ec": "\n\n" + key})
    base = str(root / ".scanner-baseline.json")
    run = run_cli("scan", str(root), "--baseline", base, "--format", "sarif")
    assert run.code == 0, run.out
    results = run.json()["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"CX001", "SEC001"}
    assert all(r["suppressions"][0]["kind"] == "external" for r in results)
    # A new finding fails the run; the known ones stay suppressed.
    write(root, {"more.py": CUBIC.replace("cubic", "again")})
    run = run_cli("scan", str(root), "--baseline", base, "--format", "json")
    assert run.code == 1
    assert _found(run) == {("CX001", "more.py", 2)}
    # Re-creating the baseline on the same tree gives the same bytes (no churn).
    run_cli("baseline", "create", str(root), "-o", base)
    first = (root / ".scanner-baseline.json").read_text()
    run_cli("baseline", "create", str(root), "-o", base)
    assert (root / ".scanner-baseline.json").read_text() == first


def test_baseline_from_config_is_used_and_may_not_escape_the_project(tmp_path):
    root = write(tmp_path / "p", {"loops.py": CUBIC, ".scanner.toml": 'baseline = "ci/known.json"\n'})
    assert run_cli("baseline", "create", str(root), cwd=root).code == 0
    assert (root / "ci" / "known.json").is_file()
    assert run_cli("scan", str(root)).code == 0
    write(root, {".scanner.toml": 'baseline = "../outside.json"\n'})
    run = run_cli("baseline", "create", str(root), cwd=root)
    assert run.code == 2 and "outside" in run.err
    assert not (tmp_path / "outside.json").exists()


def test_bad_baseline_file_is_a_clear_error(tmp_path):
    write(tmp_path, {"a.py": "x = 1\n", "b.json": "[1, 2]", "c.json": "{not json"})
    for name, words in (("b.json", "not a version-1"), ("c.json", "not valid JSON"), ("nope.json", "does not exist")):
        run = run_cli("scan", str(tmp_path), "--baseline", str(tmp_path / name))
        assert run.code == 2, name
        assert words in run.err


def test_shards_partition_the_files_and_merge_into_one_valid_run(tmp_path):
    files = {f"pkg/m{i}.py": CUBIC.replace("cubic", f"cubic{i}") for i in range(8)}
    files["broken.py"] = "def f(:\n"
    root = write(tmp_path / "p", files)
    reports = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}.sarif"
        run = run_cli("scan", str(root), "--shard", f"{k}/3", "--format", "sarif", "-o", str(out), "--artifacts")
        assert run.code in (0, 1), run.err
        doc = json.loads(out.read_text())
        validate_sarif(doc)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
        assert all(shard_of(u, 3) == k for u in uris)
        reports.append(out)
    merged = run_cli("merge", *map(str, reports), "-o", str(tmp_path / "all.sarif"))
    assert merged.code == 1, merged.err
    doc = json.loads((tmp_path / "all.sarif").read_text())
    validate_sarif(doc)
    (run,) = doc["runs"]
    got = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert got == {f"pkg/m{i}.py" for i in range(8)} | {"broken.py"}
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    assert sorted(a["location"]["uri"] for a in run["artifacts"]) == sorted(files)
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("broken.py" in n["message"]["text"] for n in notes)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert len(run["invocations"][0]["properties"]["shards"]) == 3


def test_merge_keeps_a_failed_shard_failed_and_rejects_mixed_tools(tmp_path):
    root = write(tmp_path / "p", {"a.py": "x = 1\n"})
    a, b = tmp_path / "a.sarif", tmp_path / "b.sarif"
    run_cli("scan", str(root), "--format", "sarif", "-o", str(a))
    doc = json.loads(a.read_text())
    doc["runs"][0]["invocations"][0]["executionSuccessful"] = False
    doc["runs"][0]["invocations"][0]["exitCode"] = 2
    b.write_text(json.dumps(doc))
    run = run_cli("merge", str(a), str(b))
    assert run.code == 2
    inv = json.loads(run.out)["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    doc["runs"][0]["tool"]["driver"]["version"] = "9.9.9"
    b.write_text(json.dumps(doc))
    run = run_cli("merge", str(a), str(b))
    assert run.code == 2 and "different tools" in run.err


def test_artifacts_are_opt_in_and_hash_the_files(tmp_path):
    root = write(tmp_path / "p", {"a.py": "x = 1\n", "b.txt": "hello\n"})
    plain = run_cli("scan", str(root), "--format", "sarif").json()["runs"][0]
    assert "artifacts" not in plain
    run = run_cli("scan", str(root), "--format", "sarif", "--artifacts").json()["runs"][0]
    hashes = {a["location"]["uri"]: a["hashes"]["sha-256"] for a in run["artifacts"]}
    assert hashes == {"a.py": hashlib.sha256(b"x = 1\n").hexdigest(), "b.txt": hashlib.sha256(b"hello\n").hexdigest()}
    assert run["artifacts"][0]["location"]["uriBaseId"] == "%SRCROOT%"


def test_bad_shard_is_a_usage_error(tmp_path):
    for spec in ("0/2", "3/2", "x"):
        run = run_cli("scan", str(tmp_path), "--shard", spec)
        assert run.code == 2 and "--shard" in run.err


def test_github_annotations_escape_messages_and_properties(tmp_path):
    name = "we,ird:dir/100%.py"
    root = write(tmp_path / "p", {name: CUBIC})
    run = run_cli("scan", str(root), "--format", "github")
    assert run.code == 1
    (line,) = run.out.splitlines()
    assert line.startswith("::warning file=we%2Cird%3Adir/100%25.py,line=2,col=5,")
    assert "title=CX001 " in line
    assert line.split("::", 2)[2].startswith("Function 'cubic' is O(n^3)")
    assert escape_data("50%\r\nx:y,z") == "50%25%0D%0Ax:y,z"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
