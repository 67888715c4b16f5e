"""Shared test helpers: the real CLI in a subprocess, SARIF schema validation, real git repos."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The official schema from ../shared when it is there (CI), else the copy kept in tests/data.
SCHEMA_PATH = next(
    (p / "shared" / "sarif" / "sarif-schema-2.1.0.json" for p in ROOT.parents
     if (p / "shared" / "sarif" / "sarif-schema-2.1.0.json").is_file()),
    Path(__file__).parent / "data" / "sarif-schema-2.1.0.json",
)
FIXTURES = ROOT / "fixtures"


def _load_validator():
    from jsonschema.validators import validator_for

    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    cls = validator_for(schema)
    return cls(schema)


_VALIDATOR = None


def validate_sarif(doc: dict) -> None:
    """Every SARIF the suite produces goes through here."""
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = _load_validator()
    errors = sorted(_VALIDATOR.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "SARIF schema errors:\n" + "\n".join(
        f"{list(e.path)}: {e.message[:300]}" for e in errors[:10]
    )
    assert list(doc)[0] == "version"
    for run in doc["runs"]:
        assert "results" in run
        for res in run["results"]:
            assert "level" in res, "every result states its level explicitly"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


def run_cli(*args: str, cwd: Path | str | None = None, env: dict | None = None, input: str | None = None) -> Run:
    """Run the real command line (``python -m scanner``) in a subprocess."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, input=input, timeout=600,
    )
    run = Run(proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in run.err or "--debug" in args, run.err
    if "--format" in args and args[args.index("--format") + 1] == "sarif" and "-o" not in args and "--output" not in args:
        if run.code in (0, 1):
            validate_sarif(run.json())
    return run


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return out.stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """A real, empty git repository."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root
