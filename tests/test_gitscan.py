"""Git-driven scans through the real CLI on real repositories: --staged, --history, --diff-base."""

from __future__ import annotations

import pytest

from scanner.gitscan import _unquote, parse_patch
from tests.conftest import git, run_cli, write
from tests.keygen import ec_key, pem_private, rsa_key

CUBIC = "def cubic(a):\n    for x in a:\n        for y in a:\n            for z in a:\n                print(x, y, z)\n"


def _found(run):
    return {(f["rule_id"], f["path"], f["line"]) for f in run.json()["findings"] if not f["suppressed"]}


def _commit(repo, msg="c"):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", msg)
    return git(repo, "rev-parse", "HEAD").strip()


def test_staged_reports_only_added_lines_from_the_index(git_repo):
    key = pem_private(ec_key())
    write(git_repo, {"old.py": CUBIC, "app.py": "x = 1\n"})
    _commit(git_repo)
    # Staged: a key and a new cubic function appended to app.py; old.py's cubic is not new.
    write(git_repo, {"deploy/id_ec": key, "app.py": "x = 1\n\n" + CUBIC.replace("cubic", "cubic2")})
    git(git_repo, "add", "deploy/id_ec", "app.py")
    # Unstaged edits must not count: the index is what gets committed.
    write(git_repo, {"app.py": "x = 1\n", "unstaged.py": CUBIC})
    run = run_cli("scan", "--staged", "--format", "json", cwd=git_repo)
    assert run.code == 1, run.err
    assert _found(run) == {("SEC001", "deploy/id_ec", 1), ("CX001", "app.py", 4)}
    assert key.splitlines()[1] not in run.out


def test_staged_on_an_unborn_branch_and_clean_index(git_repo):
    write(git_repo, {"a.py": CUBIC})
    git(git_repo, "add", "a.py")
    run = run_cli("scan", "--staged", "--format", "json", cwd=git_repo)
    assert run.code == 1
    assert _found(run) == {("CX001", "a.py", 2)}
    _commit(git_repo)
    run = run_cli("scan", "--staged", cwd=git_repo)
    assert run.code == 0, run.out


def test_staged_outside_a_repository_is_a_usage_error(tmp_path):
    run = run_cli("scan", "--staged", cwd=tmp_path)
    assert run.code == 2
    assert "git work tree" in run.err


def test_history_finds_a_deleted_secret_and_names_its_commit(git_repo):
    key = pem_private(rsa_key())
    write(git_repo, {"README.md": "hello\n"})
    _commit(git_repo, "first")
    write(git_repo, {"conf/server.key": key})
    leak = _commit(git_repo, "leak")
    git(git_repo, "rm", "-q", "conf/server.key")
    _commit(git_repo, "remove the key")
    assert run_cli("scan", str(git_repo)).code == 0  # the work tree is clean
    run = run_cli("scan", "--history", "--format", "sarif", cwd=git_repo)
    assert run.code == 1, run.err
    (res,) = run.json()["runs"][0]["results"]
    assert res["ruleId"] == "SEC001"
    assert res["properties"]["commit"] == leak
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "conf/server.key"
    assert key.splitlines()[1] not in run.out
    # A range that excludes the leaking commit finds nothing.
    assert run_cli("scan", f"--history={leak}..HEAD", cwd=git_repo).code == 0
    text = run_cli("scan", "--history", cwd=git_repo)
    assert text.out.startswith(f"{leak[:12]}:conf/server.key:1:1: SEC001")


def test_history_reports_a_line_in_the_commit_that_added_it(git_repo):
    write(git_repo, {"a.py": "def f(a):\n    return a\n"})
    _commit(git_repo)
    write(git_repo, {"a.py": "x = 1\n\n" + CUBIC})
    added = _commit(git_repo, "cubic")
    write(git_repo, {"a.py": "x = 1\ny = 2\n\n" + CUBIC})  # moves the loops down a line
    _commit(git_repo, "move")
    run = run_cli("scan", "--history", "--format", "json", cwd=git_repo)
    rows = [(f["rule_id"], f["line"], f["commit"]) for f in run.json()["findings"]]
    assert rows == [("CX001", 4, added)]


def test_history_bad_revision_is_a_usage_error(git_repo):
    write(git_repo, {"a.py": "x = 1\n"})
    _commit(git_repo)
    run = run_cli("scan", "--history=nosuchbranch", cwd=git_repo)
    assert run.code == 2
    assert "nosuchbranch" in run.err


def test_diff_base_reports_only_changes_since_the_merge_base(git_repo):
    write(git_repo, {"legacy.py": CUBIC, "app.py": "def f(a):\n    return a\n"})
    _commit(git_repo, "base")
    git(git_repo, "checkout", "-q", "-b", "feature")
    write(git_repo, {"app.py": "def f(a):\n    return a\n\n\n" + CUBIC})
    _commit(git_repo, "feature work")
    git(git_repo, "checkout", "-q", "main")
    write(git_repo, {"main_only.py": CUBIC})  # main moves on: not part of the feature's diff
    _commit(git_repo, "main work")
    git(git_repo, "checkout", "-q", "feature")
    write(git_repo, {"new_untracked.py": CUBIC})
    run = run_cli("scan", "--diff-base", "main", "--format", "json", cwd=git_repo)
    assert run.code == 1, run.err
    assert _found(run) == {("CX001", "app.py", 6), ("CX001", "new_untracked.py", 2)}
    full = run_cli("scan", "--format", "json", cwd=git_repo)
    assert ("CX001", "legacy.py", 2) in _found(full)


def test_diff_base_unknown_ref_is_a_usage_error(git_repo):
    write(git_repo, {"a.py": "x = 1\n"})
    _commit(git_repo)
    run = run_cli("scan", "--diff-base", "origin/nope", cwd=git_repo)
    assert run.code == 2
    assert "merge base" in run.err


def test_modes_cannot_be_combined(git_repo):
    run = run_cli("scan", "--staged", "--diff-base", "main", cwd=git_repo)
    assert run.code == 2
    assert "cannot be combined" in run.err


def test_parse_patch_counts_hunk_lines_and_unquotes_paths():
    patch = "\n".join([
        "\x01commit abc",
        "diff --git a/x.py b/x.py",
        "--- a/x.py",
        "+++ b/x.py",
        "@@ -1,0 +2,2 @@",
        "+++ not a header",
        "+@@ -1 +1 @@ neither",
        'diff --git "a/sp ace\\303\\251.txt" "b/sp ace\\303\\251.txt"',
        "+++ \"b/sp ace\\303\\251.txt\"",
        "@@ -3 +3 @@",
        "-old",
        "+new",
        "diff --git a/gone b/gone",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-bye",
    ])
    assert parse_patch(patch) == {("abc", "x.py"): [2, 3], ("abc", "sp aceé.txt"): [3]}
    assert _unquote('"tab\\there"') == "tab\there"


@pytest.mark.parametrize("name", ["spaced name.py", "ünï.py"])
def test_staged_handles_unusual_file_names(git_repo, name):
    write(git_repo, {name: CUBIC})
    git(git_repo, "add", "-A")
    run = run_cli("scan", "--staged", "--format", "json", cwd=git_repo)
    assert _found(run) == {("CX001", name, 2)}
