"""The command-line contract, end to end: the real CLI in a subprocess on real trees."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import git, run_cli, validate_sarif, write
from tests.keygen import ec_key, pem_private

CUBIC = "def cubic(a):\n    for x in a:\n        for y in a:\n            for z in a:\n                print(x, y, z)\n"


@pytest.fixture
def tree(tmp_path):
    key = pem_private(ec_key())
    return write(tmp_path / "proj", {
        "app/loops.py": "import os\n\n" + CUBIC,
        "app/clean.py": "def ok(a):\n    return sorted(a)\n",
        "deploy/id_ec": key,
        "broken.py": "def f(:\n    pass\n",
    }), key


def _findings(run):
    return {(f["rule_id"], f["path"], f["line"]) for f in run.json()["findings"] if not f["suppressed"]}


def test_scan_reports_one_rule_per_family_and_exits_1(tree):
    root, key = tree
    run = run_cli("scan", str(root), "--format", "json")
    assert run.code == 1, run.err
    found = _findings(run)
    assert ("CX001", "app/loops.py", 4) in found
    assert ("SEC001", "deploy/id_ec", 1) in found
    assert ("PY001", "broken.py", 1) in found
    assert key.splitlines()[1] not in run.out


def test_clean_tree_exits_0_and_sarif_has_empty_results(tmp_path):
    write(tmp_path, {"a.py": "x = 1\n", "notes.txt": "hello\n"})
    run = run_cli("scan", str(tmp_path), "--format", "sarif")
    assert run.code == 0, run.err
    doc = run.json()
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert doc["runs"][0]["invocations"][0]["exitCode"] == 0


def test_sarif_shape(tree):
    root, key = tree
    run = run_cli("scan", str(root), "--format", "sarif", "--category", "ci/scanner")
    assert run.code == 1
    doc = run.json()
    (r,) = doc["runs"]
    assert r["columnKind"] == "unicodeCodePoints"
    assert r["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    assert r["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    assert r["automationDetails"]["id"].startswith("ci/scanner/")
    by_rule = {res["ruleId"]: res for res in r["results"]}
    cx = by_rule["CX001"]
    loc = cx["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "app/loops.py", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 4 and loc["region"]["startColumn"] == 5
    assert cx["level"] == "warning"
    assert "scannerFingerprint/v1" in cx["partialFingerprints"]
    rules = {d["id"]: d for d in r["tool"]["driver"]["rules"]}
    assert "complexity" in rules["CX001"]["properties"]["tags"]
    assert "external/cwe/cwe-798" in rules["SEC001"]["properties"]["tags"]
    assert r["tool"]["driver"]["rules"][cx["ruleIndex"]]["id"] == "CX001"
    notes = r["invocations"][0]["toolExecutionNotifications"]
    assert any("broken.py" in n["message"]["text"] for n in notes)
    assert all(n["level"] != "error" for n in notes)
    assert key.splitlines()[1] not in run.out


def test_output_file_and_text_summary(tree, tmp_path):
    root, _ = tree
    out = tmp_path / "report.sarif"
    run = run_cli("scan", str(root), "--format", "sarif", "--output", str(out))
    assert run.code == 1
    validate_sarif(json.loads(out.read_text()))
    assert "Scanned" in run.err
    text = run_cli("scan", str(root))
    assert "app/loops.py:4:5: CX001 [warning]" in text.out
    assert text.out.rstrip().splitlines()[-1].startswith("Scanned 4 files")


def test_github_format_escapes(tmp_path):
    write(tmp_path, {"a,b.py": CUBIC})
    run = run_cli("scan", str(tmp_path), "--format", "github")
    assert run.code == 1
    line = run.out.strip().splitlines()[0]
    assert line.startswith("::warning file=a%2Cb.py,line=2,col=5")


@pytest.mark.parametrize("how", ["--select", "--ignore"])
def test_select_and_ignore_by_id_prefix_name_family(tree, how):
    root, _ = tree
    for selector in ("CX001", "CX", "nested-loops", "complexity"):
        run = run_cli("scan", str(root), "--format", "json", how, selector)
        rules = {f[0] for f in _findings(run)}
        if how == "--select":
            assert rules == {"CX001"}, selector
        else:
            assert "CX001" not in rules and "SEC001" in rules, selector


def test_fail_on_thresholds(tmp_path):
    write(tmp_path, {"a.py": CUBIC})  # one warning
    assert run_cli("scan", str(tmp_path), "--fail-on", "error").code == 0
    assert run_cli("scan", str(tmp_path), "--fail-on", "warning").code == 1
    assert run_cli("scan", str(tmp_path), "--fail-on", "note").code == 1
    assert run_cli("scan", str(tmp_path), "--fail-on", "never").code == 0


@pytest.mark.parametrize("comment", [
    "# scanner: ignore[CX001]",
    "# scanner: ignore",
    "# scanner: ignore[nested-loops]",
])
def test_inline_suppression_python(tmp_path, comment):
    src = CUBIC.replace("    for x in a:\n", f"    {comment}\n    for x in a:\n")
    write(tmp_path, {"a.py": src})
    run = run_cli("scan", str(tmp_path), "--format", "sarif")
    assert run.code == 0
    (res,) = run.json()["runs"][0]["results"]
    assert res["ruleId"] == "CX001"
    assert res["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                    "justification": "scanner: ignore on line 2"}]


def test_suppression_of_another_rule_does_not_apply(tmp_path):
    src = CUBIC.replace("    for x in a:\n", "    for x in a:  # scanner: ignore[SEC001]\n")
    write(tmp_path, {"a.py": src})
    assert run_cli("scan", str(tmp_path)).code == 1


@pytest.mark.parametrize("name,comment", [
    ("k.js", "// scanner: ignore[SEC001]"),
    ("k.sql", "-- scanner: ignore[SEC]"),
    ("k.ini", "; scanner: ignore"),
    ("k.html", "<!-- scanner: ignore[private-key] -->"),
    ("k.c", "/* scanner: ignore[SEC001] */"),
])
def test_inline_suppression_any_comment_syntax(tmp_path, name, comment):
    key = pem_private(ec_key())
    write(tmp_path, {name: f"{comment}\n{key}"})
    run = run_cli("scan", str(tmp_path), "--format", "json")
    assert run.code == 0, run.out
    (f,) = run.json()["findings"]
    assert (f["rule_id"], f["line"], f["suppressed"]) == ("SEC001", 2, ["inSource"])


def test_config_from_pyproject(tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.scanner]\nignore = ["CX001"]\nexclude = ["vendor/"]\n',
        "a.py": CUBIC,
        "vendor/k.pem": pem_private(ec_key()),
    })
    assert run_cli("scan", str(tmp_path)).code == 0


def test_per_rule_options_and_levels(tmp_path):
    write(tmp_path, {
        ".scanner.toml": '[rules.nested-loops]\nthreshold = 4\n',
        "a.py": CUBIC,
    })
    assert run_cli("scan", str(tmp_path)).code == 0
    (tmp_path / ".scanner.toml").write_text('[rules.CX001]\nlevel = "note"\n')
    run = run_cli("scan", str(tmp_path), "--format", "json")
    assert run.code == 0 and run.json()["findings"][0]["level"] == "note"


@pytest.mark.parametrize("content,needle", [
    ('[tool.scanner]\nbogus = 1\n', "unknown key 'bogus'"),
    ('[tool.scanner]\nfail-on = "sometimes"\n', "'fail-on' must be one of"),
    ('[tool.scanner.rules.CX001]\nthreshold = "three"\n', "'rules.CX001.threshold' must be int"),
    ('[tool.scanner.rules.CX001]\ndepth = 3\n', "unknown option 'rules.CX001.depth'"),
    ('[tool.scanner.rules.NOPE]\nlevel = "note"\n', "unknown rule 'NOPE'"),
    ('[tool.scanner]\nselect = ["XYZ9"]\n', "'select' names no rule"),
    ('[tool.scanner\n', "not valid TOML"),
])
def test_config_errors_exit_2_with_one_line(tmp_path, content, needle):
    write(tmp_path, {"pyproject.toml": content, "a.py": "x = 1\n"})
    run = run_cli("scan", str(tmp_path))
    assert run.code == 2
    assert needle in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert "Traceback" not in run.err


def test_usage_error_exits_2(tmp_path):
    assert run_cli("scan", str(tmp_path), "--format", "xml").code == 2
    assert run_cli("scan", str(tmp_path), "--config", str(tmp_path / "missing.toml")).code == 2


def test_help_documents_exit_codes():
    run = run_cli("scan", "--help")
    assert run.code == 0
    assert "Exit codes" in run.out and "2  usage" in run.out


def test_rules_list_and_explain():
    run = run_cli("rules")
    assert run.code == 0
    assert any(line.split()[:2] == ["CX001", "nested-loops"] for line in run.out.splitlines())
    explain = run_cli("rules", "explain", "CX001")
    assert explain.code == 0 and "## What it does" in explain.out
    assert run_cli("rules", "explain", "private-key").code == 0
    assert run_cli("rules", "explain", "NOPE999").code == 2


def test_gitignore_honoured_in_git_repo_and_explicit_files_scanned(git_repo):
    key = pem_private(ec_key())
    write(git_repo, {".gitignore": "secret.pem\n", "secret.pem": key, "a.py": "x = 1\n"})
    git(git_repo, "add", ".gitignore", "a.py")
    assert run_cli("scan", str(git_repo)).code == 0
    run = run_cli("scan", str(git_repo / "secret.pem"), "--format", "json")
    assert run.code == 1 and run.json()["findings"][0]["path"] == "secret.pem"


def test_sarif_version_control_provenance(git_repo):
    write(git_repo, {"a.py": CUBIC})
    git(git_repo, "add", ".")
    git(git_repo, "commit", "-q", "-m", "init")
    git(git_repo, "remote", "add", "origin", "https://user:hunter2@example.com/org/repo.git")
    head = git(git_repo, "rev-parse", "HEAD").strip()
    run = run_cli("scan", ".", "--format", "sarif", cwd=git_repo)
    (vcp,) = run.json()["runs"][0]["versionControlProvenance"]
    assert vcp["revisionId"] == head and vcp["branch"] == "main"
    assert vcp["repositoryUri"] == "https://example.com/org/repo.git"
    assert "hunter2" not in run.out


def test_default_path_is_cwd_and_python_m_works(tmp_path):
    write(tmp_path, {"a.py": CUBIC})
    run = run_cli("scan", "--format", "json", cwd=tmp_path)
    assert run.code == 1 and run.json()["findings"][0]["path"] == "a.py"


def test_binary_and_oversized_files(tmp_path):
    # a real binary (mostly control bytes): a NUL in text no longer makes a file binary (docs/reliability.md)
    write(tmp_path, {"blob.py": b"\x00\x01" + bytes(range(32)) * 8 + CUBIC.encode(), "big.py": "x = 1\n" * 50 + CUBIC})
    (tmp_path / ".scanner.toml").write_text('max-file-size = "200"\n')
    run = run_cli("scan", str(tmp_path), "--format", "sarif")
    assert run.code == 0
    notes = run.json()["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("big.py" in n["message"]["text"] and "max-file-size" in n["message"]["text"] for n in notes)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_and_symlink_loops_are_skipped_with_notifications(tmp_path):
    write(tmp_path, {"a.py": CUBIC})
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    run = run_cli("scan", str(tmp_path), "--format", "json")
    assert run.code == 1
    assert [f["path"] for f in run.json()["findings"]] == ["a.py"]
    noted = {n["path"] for n in run.json()["notifications"]}
    assert {"pipe.txt", "loop", "dangling"} <= noted


def test_parallel_and_serial_output_identical(tmp_path):
    files = {f"pkg/m{i:02d}.py": (CUBIC if i % 3 == 0 else "x = 1\n") for i in range(40)}
    write(tmp_path, files)
    a = run_cli("scan", str(tmp_path), "--format", "json", "--jobs", "1").json()
    b = run_cli("scan", str(tmp_path), "--format", "json", "--jobs", "2").json()
    assert a["findings"] == b["findings"]
    assert [f["path"] for f in a["findings"]] == [f"pkg/m{i:02d}.py" for i in range(0, 40, 3)]
