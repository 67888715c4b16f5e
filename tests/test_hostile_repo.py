"""A hostile repository cannot beat the CI gate (issue 18).

Each test builds the attacker's repository at test time (real git, real files, real keys) and runs
the real command line on it. What is asserted is what the gate promises: the secret is reported
(rule id and line), the exit code fails, a notification says what was skipped, nothing the
repository names is run, and no secret is printed in full. These are cases we wrote ourselves:
regression tests, not evidence of accuracy on real code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import git, run_cli, write
from tests.keygen import checksum_token, ec_key, pem_private


def findings(run) -> set[tuple[str, str, int]]:
    return {(f["rule_id"], f["path"], f["line"]) for f in run.json()["findings"]}


def commit_all(repo: Path, message: str = "c") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


# ----- git: attributes and the repository's own configuration --------------------------------------


GIT_MODES = ["--staged", "--history", "--diff-base"]


def _scan_mode(repo: Path, mode: str, *extra: str):
    args = {"--staged": ("--staged",), "--history": ("--history",), "--diff-base": ("--diff-base", "base")}[mode]
    return run_cli("scan", *args, "--format", "json", "--no-cache", *extra, cwd=repo)


def _hostile_change(repo: Path, token: str, mode: str) -> None:
    """A base commit, then a change that adds ``app.py`` with a token; staged or committed per mode."""
    write(repo, {"README.md": "hello\n"})
    commit_all(repo, "base")
    git(repo, "branch", "base")
    write(repo, {"app.py": f'x = 1\nTOKEN = "{token}"\n'})
    git(repo, "add", "-A")
    if mode != "--staged":
        git(repo, "commit", "-q", "-m", "add app")


@pytest.mark.parametrize("mode", GIT_MODES)
@pytest.mark.parametrize("attributes", ["*.py -diff\n", "*.py binary\n", "*.py diff=hide\n"])
def test_gitattributes_cannot_hide_added_lines(git_repo, mode, attributes):
    # ``-diff``/``binary`` make git print "Binary files differ" (no lines); a textconv driver replaces
    # the content git diffs. Both are committed by the attacker with the secret.
    git(git_repo, "config", "diff.hide.textconv", "true")  # prints nothing: every line gone
    write(git_repo, {".gitattributes": attributes})
    token = checksum_token("ghp_")
    _hostile_change(git_repo, token, mode)
    run = _scan_mode(git_repo, mode)
    assert run.code == 1, run.out + run.err
    assert ("SEC010", "app.py", 2) in findings(run)
    assert token not in run.out + run.err


MARK_SCRIPT = "#!/bin/sh\necho ran >> {mark}\ncat\n"


def _arm_repository_config(repo: Path, mark: Path) -> None:
    """A ``.git/config`` (an extracted archive or CI artifact carries one) that names programs:
    fsmonitor hook, filter drivers, a diff driver, an external diff, hooks, a pager, GPG."""
    script = repo.parent / "evil.sh"
    script.write_text(MARK_SCRIPT.format(mark=mark))
    script.chmod(0o755)
    hooks = repo / ".git" / "hooks"
    for name in ("pre-commit", "post-checkout", "reference-transaction", "post-index-change"):
        (hooks / name).write_text(MARK_SCRIPT.format(mark=mark))
        (hooks / name).chmod(0o755)
    for key, value in [
        ("core.fsmonitor", str(script)),
        ("filter.evil.clean", str(script)),
        ("filter.evil.smudge", str(script)),
        ("filter.evil.process", str(script)),
        ("filter.evil.required", "true"),
        ("diff.evil.textconv", str(script)),
        ("diff.evil.command", str(script)),
        ("diff.external", str(script)),
        ("core.pager", str(script)),
        ("log.showSignature", "true"),
        ("gpg.program", str(script)),
    ]:
        git(repo, "config", key, value)


@pytest.mark.parametrize("mode", ["scan", *GIT_MODES])
def test_the_repositorys_git_config_runs_nothing(git_repo, mode):
    mark = git_repo.parent / "RAN"
    token = checksum_token("ghp_")
    write(git_repo, {".gitattributes": "* filter=evil diff=evil\n"})
    _hostile_change(git_repo, token, "--staged" if mode == "scan" else mode)
    if mode == "--diff-base":
        (git_repo / "app.py").write_text(f'x = 2\nTOKEN = "{token}"\n')  # the work tree differs: git compares
    _arm_repository_config(git_repo, mark)  # after the setup: only the scanner's git calls can run it
    run = run_cli("scan", ".", "--format", "json", "--no-cache", cwd=git_repo) if mode == "scan" else \
        _scan_mode(git_repo, mode)
    assert not mark.exists(), f"the repository's configuration ran a program: {mark.read_text()}"
    assert run.code == 1, run.out + run.err
    assert ("SEC010", "app.py", 2) in findings(run)


@pytest.mark.parametrize("remote", [
    "https://user:{s}@github.com/o/r.git",
    "https://user:p@ss{s}@github.com/o/r.git",
    "https://github.com/o/r.git?access_token={s}",
    "https://github.com/o/r.git#{s}",
    "https://{s}@github.com/o/r.git",
    "user:{s}@github.com:o/r.git",
    "ssh://git:{s}@github.com/o/r.git",
])
def test_remote_url_credentials_never_reach_sarif(git_repo, remote):
    secret = "Zq8" + checksum_token("")[:20]
    write(git_repo, {"a.py": "x = 1\n"})
    commit_all(git_repo)
    git(git_repo, "remote", "add", "origin", remote.format(s=secret))
    run = run_cli("scan", ".", "--format", "sarif", "--no-cache", cwd=git_repo)
    assert run.code == 0, run.err
    prov = run.json()["runs"][0]["versionControlProvenance"][0]
    assert "github.com" in prov["repositoryUri"]
    assert secret not in run.out and secret[:10] not in run.out
