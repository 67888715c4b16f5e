"""The pre-commit hooks for real: ``pre-commit try-repo`` installs this checkout in a fresh venv.

try-repo clones a commit, so the checkout (with any uncommitted work) is copied into a temporary
git repository and committed once per session. Every try-repo builds the hook environment
anew (a temporary store; about 12-40 s, from PyPI), so there are only two: one failing, one clean.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, write
from tests.keygen import pem_private, rsa_key

CUBIC = "def cubic(a):\n    for x in a:\n        for y in a:\n            for z in a:\n                print(x, y, z)\n"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> Path:
    """This checkout as it is now (tracked and untracked, not ignored), committed in a fresh repo."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    dest = tmp_path_factory.mktemp("hook-repo")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot")
    return dest


def try_repo(repo: Path, hook_repo: Path, *files: str) -> subprocess.CompletedProcess:
    """Every hook of the manifest (no hook id), on the staged files or on ``files``."""
    import os

    args = [*PRE_COMMIT, "try-repo", str(hook_repo), "--color", "never", "--verbose"]
    if files:
        args += ["--files", *files]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)  # the hooks must run from their own venv, not from this checkout
    return subprocess.run(args, cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def test_manifest_is_valid():
    out = subprocess.run([*PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def _hook_output(out: str, hook_id: str) -> str:
    """The part of pre-commit's output that belongs to one hook."""
    part = out.split(f"- hook id: {hook_id}\n", 1)[1]
    return part.split("- hook id: ", 1)[0]


def test_hooks_fail_on_a_staged_secret_and_a_cubic_function(git_repo, hook_repo):
    key = pem_private(rsa_key())
    write(git_repo, {"README.md": "hello\n"})
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "init")
    write(git_repo, {"deploy/server.key": key, "app/loops.py": CUBIC})
    git(git_repo, "add", "-A")

    run = try_repo(git_repo, hook_repo)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    secrets = _hook_output(out, "scanner-secrets")
    assert "deploy/server.key:1:1: SEC001" in secrets
    assert "CX001" not in secrets  # the secrets hook runs only the secret rules
    everything = _hook_output(out, "scanner")
    assert "app/loops.py:2:5: CX001" in everything
    assert "server.key" not in everything  # the full rule set runs on source files only
    for body_line in key.splitlines()[1:-1]:
        assert body_line not in out


def test_hooks_pass_on_clean_staged_changes_despite_an_old_secret(git_repo, hook_repo):
    # A key committed before the hooks were adopted: the staged-only secrets hook does not re-judge it.
    write(git_repo, {"old.key": pem_private(rsa_key()), "app/ok.py": "def ok(a):\n    return sorted(a)\n"})
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "init")
    write(git_repo, {"app/ok.py": "def ok(a):\n    return sorted(a, reverse=True)\n", "notes.txt": "hello\n"})
    git(git_repo, "add", "-A")
    run = try_repo(git_repo, hook_repo)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "- hook id: scanner-secrets" in out and "- hook id: scanner\n" in out


@pytest.fixture(scope="session")
def precommit_home(tmp_path_factory) -> Path:
    """One pre-commit store for the session: the hook environment is built once, not per run."""
    return tmp_path_factory.mktemp("pre-commit-home")


def run_hook(repo: Path, hook_repo: Path, home: Path, hook_id: str, *args: str) -> subprocess.CompletedProcess:
    """``pre-commit run HOOK ARGS`` as CI and users run it, with this checkout's hooks in the config."""
    import os

    rev = git(hook_repo, "rev-parse", "HEAD").strip()
    config = f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: {hook_id}\n"
    write(repo, {".pre-commit-config.yaml": config})
    git(repo, "add", ".pre-commit-config.yaml")
    env = {**os.environ, "NO_COLOR": "1", "PRE_COMMIT_HOME": str(home)}
    env.pop("PYTHONPATH", None)
    return subprocess.run([*PRE_COMMIT, "run", hook_id, "--color", "never", "--verbose", *args], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=900, check=False)


def test_secrets_hook_scans_the_files_pre_commit_names(git_repo, hook_repo, precommit_home):
    old_key, new_key = pem_private(rsa_key()), pem_private(rsa_key())
    write(git_repo, {"old.txt": "notes\n" + old_key, "a.py": "x = 1\n", "b.py": "y = 2\n"})
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "init")

    # CI's `pre-commit run --all-files`, nothing staged: every file is scanned whole.
    run = run_hook(git_repo, hook_repo, precommit_home, "scanner-secrets", "--all-files")
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "old.txt:2:1: SEC001" in out

    # `--files a.py` judges a.py only, not another file's staged secret.
    write(git_repo, {"b.py": "y = 2\n" + new_key})
    git(git_repo, "add", "b.py")
    run = run_hook(git_repo, hook_repo, precommit_home, "scanner-secrets", "--files", "a.py")
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "b.py" not in out and "SEC001" not in out
    run = run_hook(git_repo, hook_repo, precommit_home, "scanner-secrets", "--files", "b.py")
    assert run.returncode == 1 and "b.py:2:1: SEC001" in run.stdout + run.stderr

    # A named file with staged changes: only its staged lines count (the old key is not re-judged).
    write(git_repo, {"old.txt": "more notes\n" + "notes\n" + old_key})
    git(git_repo, "add", "old.txt")
    run = run_hook(git_repo, hook_repo, precommit_home, "scanner-secrets", "--files", "old.txt")
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    for body_line in (old_key + new_key).splitlines()[1:-1]:
        assert body_line not in out
