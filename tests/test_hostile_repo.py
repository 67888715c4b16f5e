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
from tests.test_lsp import client  # noqa: F401  (the real LSP client fixture)


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


# ----- every secret on a line is masked, in every output and mode ------------------------------------


def _many_per_line() -> tuple[str, list[str]]:
    from tests.keygen import rand

    gh, npm = checksum_token("ghp_"), checksum_token("npm_")
    key_id = "AKIA" + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    secret_key = rand("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", 40)
    text = (
        "import requests\n"
        f'H = {{"gh": "{gh}", "npm": "{npm}"}}\n'  # two secrets
        f'requests.get("https://x", verify=False, headers={{"a": "{gh}", "b": "{npm}"}})\n'  # two + a lint finding
        f'ENV = "AWS_ACCESS_KEY_ID={key_id} AWS_SECRET_ACCESS_KEY={secret_key} GITHUB={gh}"\n'  # three
    )
    return text, [gh, npm, key_id, secret_key]


def _assert_masked(blob: str, secrets: list[str]) -> None:
    for s in secrets:
        assert s not in blob, f"a secret is printed in full: {s[:4]}..."
        assert s[:-4] not in blob and s[4:] not in blob, f"most of a secret is printed: {s[:4]}..."


EXPECTED_LINES = {("SEC010", "app.py", 2), ("SEC055", "app.py", 2), ("PY030", "app.py", 3), ("SEC010", "app.py", 3),
                  ("SEC045", "app.py", 4), ("SEC046", "app.py", 4), ("SEC010", "app.py", 4)}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_secret_on_a_line_is_masked_in_every_format_and_in_the_cache(tmp_path, fmt):
    text, secrets = _many_per_line()
    root = write(tmp_path / "proj", {"app.py": text})
    cache = tmp_path / "cache"
    for _ in range(2):  # the second run is served from the cache
        run = run_cli("scan", str(root), "--format", fmt, "--cache-dir", str(cache), "-j", "1")
        assert run.code == 1, run.err
        _assert_masked(run.out + run.err, secrets)
    if fmt == "json":
        assert EXPECTED_LINES <= findings(run)
    cached = b"".join(p.read_bytes() for p in cache.rglob("*") if p.is_file()).decode("utf-8", "replace")
    _assert_masked(cached, secrets)


@pytest.mark.parametrize("select", ["PY030", "ALL"])
@pytest.mark.parametrize("mode", GIT_MODES)
def test_every_secret_on_a_line_is_masked_in_git_modes(git_repo, mode, select):
    text, secrets = _many_per_line()
    write(git_repo, {"README.md": "hello\n"})
    commit_all(git_repo, "base")
    git(git_repo, "branch", "base")
    write(git_repo, {"app.py": text})
    git(git_repo, "add", "-A")
    if mode != "--staged":
        git(git_repo, "commit", "-q", "-m", "add app")
    for fmt in ("json", "text", "sarif", "github"):
        run = _scan_mode(git_repo, mode, "--select", select, "--debug") if fmt == "json" else run_cli(
            "scan", *(("--diff-base", "base") if mode == "--diff-base" else (mode,)), "--format", fmt,
            "--no-cache", "--select", select, cwd=git_repo)
        assert run.code == 1, run.err
        _assert_masked(run.out + run.err, secrets)
        if fmt == "json":
            assert ("PY030", "app.py", 3) in findings(run)


@pytest.mark.asyncio
async def test_every_secret_on_a_line_is_masked_in_lsp_diagnostics(client, tmp_path):
    from lsprotocol import types as lsp

    from tests.test_lsp import _open

    text, secrets = _many_per_line()
    uri = (tmp_path / "app.py").as_uri()
    _open(client, uri, text)
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diags = client.diagnostics[uri]
    assert {(d.code, d.range.start.line + 1) for d in diags} >= {("SEC010", 2), ("SEC055", 2), ("PY030", 3)}
    _assert_masked(repr(diags), secrets)


# ----- the secret engine is linear in hits; caps; a timed-out file fails the gate ----------------------


def test_twenty_thousand_tokens_beside_a_private_key_report_the_key_and_a_cap(tmp_path):
    key = pem_private(ec_key())
    tokens = "".join(f"t{i} = {checksum_token('ghp_')}\n" for i in range(20000))
    root = write(tmp_path / "proj", {"tokens.txt": tokens + key})
    key_line = 20001
    run = run_cli("scan", str(root), "--format", "json", "--no-cache", "-j", "1")
    assert run.code == 1, run.err
    doc = run.json()
    assert ("SEC001", "tokens.txt", key_line) in findings(run)
    assert ("SEC010", "tokens.txt", 1) in findings(run)
    capped = [n for n in doc["notifications"] if "SEC010" in n["message"] and "not reported" in n["message"]]
    assert capped, doc["notifications"]
    assert not any("file-timeout" in n["message"] for n in doc["notifications"])


def test_a_timed_out_file_fails_the_gate_and_is_named_in_text_and_github_output(tmp_path):
    # A repository's own configuration makes every file time out (a budget of a microsecond).
    root = write(tmp_path / "proj", {".scanner.toml": "file-timeout = 0.000001\n", "clean.py": "x = 1\n"})
    run = run_cli("scan", str(root), "--format", "text", "--no-cache", "-j", "1")
    assert run.code == 1, run.out + run.err
    assert "clean.py" in run.out and "file-timeout" in run.out and "not fully scanned" in run.out
    run = run_cli("scan", str(root), "--format", "github", "--no-cache", "-j", "1")
    assert run.code == 1
    assert any(line.startswith("::warning file=clean.py") and "file-timeout" in line for line in run.out.splitlines())
    run = run_cli("scan", str(root), "--format", "json", "--no-cache", "-j", "1", "--no-fail-on-timeout")
    assert run.code == 0, run.err
    assert any(n["path"] == "clean.py" and "file-timeout" in n["message"] for n in run.json()["notifications"])


# ----- long comment lines; libcst limits; crash isolation everywhere ------------------------------------


def test_long_comment_lines_cannot_stall_suppression_parsing(tmp_path):
    # Each secret sits under a 60 KB line of '#' that mentions "scanner:": the old pragma regex (an
    # opener, then a lazy .*?) took minutes per line, outside the file budget. Distinct lengths
    # defeat the parser's cache. The run must finish (run_cli's timeout) with every finding.
    lines = []
    for i in range(6):
        lines += ["#" * (60000 + i) + " scanner:", f'T{i} = "{checksum_token("ghp_")}"']
    root = write(tmp_path / "proj", {"app.py": "\n".join(lines) + "\n"})
    run = run_cli("scan", str(root), "--format", "json", "--no-cache", "-j", "1", "--select", "SEC")
    assert run.code == 1, run.err
    assert {("SEC010", "app.py", 2 * i + 2) for i in range(6)} <= findings(run)


def _chain_files(token: str) -> dict[str, str]:
    n = 12000
    return {
        "chain.py": f'T = "{token}"\nx = ' + " and ".join(f"a{i}" for i in range(n)) + "\n",
        "dotted.py": f'T = "{token}"\nimport ' + ".".join(f"a{i}" for i in range(n)) + "\n",
        "dotted_bad.py": f'T = "{token}"\nimport ' + ".".join(f"a{i}" for i in range(n)) + "\ndef (:\n",
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_operator_chains_that_crash_libcst_are_refused_and_the_secrets_kept(tmp_path, jobs):
    token = checksum_token("ghp_")
    root = write(tmp_path / "proj", _chain_files(token))
    run = run_cli("scan", str(root), "--format", "json", "--no-cache", "-j", jobs)
    assert run.code == 1, run.err
    got = findings(run)
    for name in ("chain.py", "dotted.py", "dotted_bad.py"):
        assert ("SEC010", name, 1) in got, got
        assert any(n["path"] == name and "too deeply for libcst" in n["message"] for n in run.json()["notifications"])
    assert token not in run.out + run.err


def test_operator_chains_in_a_staged_commit_keep_the_secrets(git_repo):
    token = checksum_token("ghp_")
    write(git_repo, _chain_files(token))
    git(git_repo, "add", "-A")
    run = run_cli("scan", "--staged", "--format", "json", "--no-cache", cwd=git_repo)
    assert run.code == 1, run.err
    assert {("SEC010", n, 1) for n in ("chain.py", "dotted.py", "dotted_bad.py")} <= findings(run)


@pytest.mark.parametrize("jobs", [1, 4])
def test_a_file_that_kills_its_process_costs_only_that_file_in_serial_mode(tmp_path, jobs):
    from dataclasses import replace

    from scanner.config import Config
    from scanner.discovery import Candidate
    from scanner.engine import make_plan, scan_candidates
    from tests.test_time_budget import CrashRule

    files = {"a.py": "def f(:\n", "crash.py": "CRASH-NOW\n", "z.py": "def g(:\n"}
    write(tmp_path, files)
    plan = make_plan(Config(select=("PY001",)))
    plan.registry.metas.setdefault(CrashRule.meta.id, CrashRule.meta)
    plan.registry.rule_classes[CrashRule.code] = CrashRule
    plan = replace(plan, enabled=plan.enabled | {CrashRule.code})
    results = {r.path: r for r in scan_candidates([Candidate(n, str(tmp_path / n)) for n in sorted(files)], plan, jobs)}
    assert results["crash.py"].skipped
    assert results["crash.py"].notifications[0].rule_id == "worker-died"
    assert [(f.rule_id, f.line) for f in results["a.py"].findings] == [("PY001", 1)]
    assert [(f.rule_id, f.line) for f in results["z.py"].findings] == [("PY001", 1)]


# ----- a committed cache cannot hide findings; the cache writes only its own files ---------------------


def test_a_committed_cache_from_another_machine_cannot_hide_a_finding(tmp_path):
    token = checksum_token("ghp_")
    root = write(tmp_path / "proj", {"app.py": f'TOKEN = "{token}"\n'})
    attacker = {"XDG_CACHE_HOME": str(tmp_path / "attacker-home")}
    run = run_cli("scan", str(root), "--format", "json", env=attacker)
    assert ("SEC010", "app.py", 1) in findings(run)
    # The attacker empties the entry's findings and commits the cache directory with the file.
    for entry in (root / ".scanner-cache").glob("*.json"):
        data = json.loads(entry.read_text())
        for e in data["files"].values():
            e[4]["findings"] = []
        entry.write_text(json.dumps(data))
    (root / "app.py").touch()  # a fresh checkout: the stat differs, the content hash still matches
    victim = {"XDG_CACHE_HOME": str(tmp_path / "ci-home")}
    run = run_cli("scan", str(root), "--format", "json", env=victim)
    assert run.code == 1, run.err
    assert ("SEC010", "app.py", 1) in findings(run)
    key = tmp_path / "ci-home" / "scanner" / "machine-key"
    assert key.is_file() and oct(key.stat().st_mode & 0o777) == "0o600"


def test_cache_markers_are_never_written_through_committed_symlinks(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = write(tmp_path / "proj", {"app.py": "x = 1\n"})
    cache = root / ".scanner-cache"
    cache.mkdir()
    (cache / ".gitignore").symlink_to(outside / "gitignore-target")
    (cache / "CACHEDIR.TAG").symlink_to(outside / "tag-target")
    run = run_cli("scan", str(root), "--format", "json", env={"XDG_CACHE_HOME": str(tmp_path / "home")})
    assert run.code == 0, run.err
    assert list(outside.iterdir()) == []


def test_a_cache_dir_that_holds_project_files_is_refused(tmp_path):
    root = write(tmp_path / "proj", {"app.py": "x = 1\n", "package.json": "{}\n", "data.json": "[]\n"})
    env = {"XDG_CACHE_HOME": str(tmp_path / "home")}
    # ten different plans: past eight, the cache prunes the oldest plan files (*.json) of its directory
    for select in ("SEC", "PY", "CX", "DF", "JS", "SEC001", "PY001", "CX001", "PY030", "SEC010"):
        run = run_cli("scan", str(root), "--cache-dir", str(root), "--select", select, env=env)
        assert run.code == 2, run.out + run.err
        assert "--cache-dir" in run.err and "package.json" in run.err
    assert (root / "package.json").exists() and (root / "data.json").exists()


# ----- repository configuration: recorded, and CI can refuse it ------------------------------------------


HOSTILE_CONFIG = 'exclude = ["**"]\nignore = ["SEC"]\nfile-timeout = 0.000001\nfail-on-timeout = false\nbaseline = "b.json"\n'


def _config_repo(tmp_path: Path, token: str) -> Path:
    return write(tmp_path / "proj", {
        ".scanner.toml": HOSTILE_CONFIG,
        "b.json": json.dumps({"version": 1, "findings": []}),
        "app.py": f'TOKEN = "{token}"\n',
    })


def test_what_the_repository_configuration_narrowed_is_recorded_in_sarif_json_and_text(tmp_path):
    root = _config_repo(tmp_path, checksum_token("ghp_"))
    run = run_cli("scan", str(root), "--format", "sarif", "--no-cache")
    props = run.json()["runs"][0]["invocations"][0]["properties"]["scanner/configuration"]
    assert props["exclude"] == ["**"] and props["ignore"] == ["SEC"]
    assert props["file-timeout"] == 0.000001 and props["fail-on-timeout"] is False
    assert props["baseline"]["path"].endswith("b.json") and props["trusted"] is False
    assert props["source"].endswith(".scanner.toml")
    run = run_cli("scan", str(root), "--format", "json", "--no-cache")
    assert run.json()["configuration"]["exclude"] == ["**"]
    run = run_cli("scan", str(root), "--no-cache")
    line = next(x for x in run.out.splitlines() if x.startswith("Scan narrowed by repository configuration"))
    assert "exclude ['**']" in line and "file-timeout" in line and "baseline" in line


@pytest.mark.parametrize("flag", ["--no-repo-config", "--trusted-config"])
def test_ci_can_refuse_the_repository_configuration(tmp_path, flag):
    token = checksum_token("ghp_")
    root = _config_repo(tmp_path, token)
    trusted = write(tmp_path / "ci", {"scanner.toml": 'fail-on = "warning"\n'}) / "scanner.toml"
    args = ("--trusted-config", str(trusted)) if flag == "--trusted-config" else (flag,)
    run = run_cli("scan", str(root), "--format", "json", "--no-cache", *args)
    assert run.code == 1, run.err
    assert ("SEC010", "app.py", 1) in findings(run)


# ----- symlinks and special files ------------------------------------------------------------------------


def test_a_symlink_named_on_the_command_line_is_not_followed_out_of_the_tree(git_repo, tmp_path):
    outside = tmp_path / "outside-secret.txt"
    token = checksum_token("ghp_")
    outside.write_text(f"TOKEN={token}\nroot:x:0:0:root:/root:/bin/bash\n")
    (git_repo / "x.py").symlink_to(outside)
    write(git_repo, {"inside.txt": "hello = 1\n"})
    (git_repo / "y.py").symlink_to(git_repo / "inside.txt")
    run = run_cli("scan", "x.py", "y.py", "--format", "json", "--no-cache", cwd=git_repo)
    assert run.code == 0, run.out + run.err
    notes = {(n["path"], n["message"]) for n in run.json()["notifications"]}
    assert ("x.py", "symbolic link points outside the scanned tree; not followed") in notes
    assert "root:x:0:0" not in run.out and "TOKEN" not in run.out
    assert run.json()["summary"]["files_scanned"] == 1  # y.py -> inside.txt is inside: scanned


def _swap_after_discovery(tmp_path: Path, swap) -> object:
    import threading

    from scanner.config import Config
    from scanner.discovery import Candidate
    from scanner.engine import make_plan, scan_file

    victim = write(tmp_path, {"app.py": "x = 1\n"}) / "app.py"
    cand = Candidate("app.py", str(victim))
    swap(victim)
    out = []
    t = threading.Thread(target=lambda: out.append(scan_file(cand, make_plan(Config(select=("SEC",))))), daemon=True)
    t.start()
    t.join(120)  # a hang guard, not a timing assertion: opening a FIFO blocked forever before
    assert out, "scan_file blocked on the swapped file"
    return out[0]


def test_a_file_swapped_for_a_symlink_after_discovery_is_not_followed(tmp_path):
    secret = tmp_path / "elsewhere.txt"
    secret.write_text(f'TOKEN = "{checksum_token("ghp_")}"\n')

    def swap(p: Path) -> None:
        p.unlink()
        p.symlink_to(secret)

    r = _swap_after_discovery(tmp_path / "proj", swap)
    assert r.skipped and not r.findings
    assert "symbolic link" in r.notifications[0].message


def test_a_file_swapped_for_a_fifo_after_discovery_is_not_waited_on(tmp_path):
    def swap(p: Path) -> None:
        p.unlink()
        os.mkfifo(p)

    r = _swap_after_discovery(tmp_path / "proj", swap)
    assert r.skipped and "not a regular file" in r.notifications[0].message


# ----- packs and specs: confined to the project, size-capped, never a FIFO -----------------------------


@pytest.mark.parametrize("key", ["secret-packs", "treesitter-packs", "dataflow-specs"])
@pytest.mark.parametrize("shape", ["outside", "fifo", "huge"])
def test_packs_and_specs_are_confined_capped_and_never_a_fifo(tmp_path, key, shape):
    import subprocess
    import sys

    from tests.conftest import ROOT

    root = write(tmp_path / "proj", {"app.py": "x = 1\n"})
    if shape == "outside":
        (tmp_path / "evil.toml").write_text("")
        name, expect = "../evil.toml", "outside"
    elif shape == "fifo":
        os.mkfifo(root / "pack.toml")
        name, expect = "pack.toml", "not a regular file"
    else:
        (root / "pack.toml").write_text("# " + "x" * (5 * 1024 * 1024) + "\n")
        name, expect = "pack.toml", "larger than"
    (root / ".scanner.toml").write_text(f'{key} = ["{name}"]\n')
    # a hang guard (a FIFO blocked the old reader forever), not a timing assertion
    proc = subprocess.run([sys.executable, "-m", "scanner", "scan", str(root), "--no-cache"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert expect in proc.stderr and "Traceback" not in proc.stderr


# ----- NUL bytes, UTF-16 without a BOM: scanned, or a notice in every format -------------------------


def test_a_nul_byte_or_utf16_without_bom_cannot_hide_a_secret(tmp_path):
    token = checksum_token("ghp_")
    line = f'TOKEN = "{token}"\n'
    root = write(tmp_path / "proj", {
        "nul.py": b"\x00" + line.encode(),
        "config.env": line.encode() + b"\x00\x00",
        "le.txt": line.encode("utf-16-le"),
        "be.txt": line.encode("utf-16-be"),
        "blob.bin": b"\x00\x01\x02\x03" * 64,
    })
    run = run_cli("scan", str(root), "--format", "json", "--no-cache")
    assert run.code == 1, run.err
    got = findings(run)
    for name in ("nul.py", "config.env", "le.txt", "be.txt"):
        assert ("SEC010", name, 1) in got, (name, got)
    # what is still skipped is said in every format
    assert any(n["path"] == "blob.bin" for n in run.json()["notifications"])
    text = run_cli("scan", str(root), "--no-cache")
    assert "blob.bin" in text.out
    gh = run_cli("scan", str(root), "--format", "github", "--no-cache")
    assert any(x.startswith("::notice file=blob.bin") for x in gh.out.splitlines())
    sarif = run_cli("scan", str(root), "--format", "sarif", "--no-cache").json()
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("blob.bin" in json.dumps(n) for n in notes)


def test_a_binary_blob_in_a_staged_commit_gets_a_notice(git_repo):
    write(git_repo, {"blob.bin": b"\x00\x01\x02\x03" * 64})
    git(git_repo, "add", "-A")
    run = run_cli("scan", "--staged", "--format", "github", "--no-cache", cwd=git_repo)
    assert any(x.startswith("::notice file=blob.bin") for x in run.out.splitlines()), run.out


# ----- control characters never reach the terminal or an annotation -------------------------------------


def test_control_characters_from_files_and_names_are_escaped(tmp_path):
    token = checksum_token("ghp_")
    evil_name = "evil\x1b]0;owned\x07\u202e.py"
    root = write(tmp_path / "proj", {
        evil_name: f'T = "{token}"  # \x1b[2J\x1b]8;;http://evil.example\x07click\u202e\x9b31m\n',
    })
    for fmt in ("text", "github"):
        run = run_cli("scan", str(root), "--format", fmt, "--no-cache")
        assert run.code == 1, run.err
        for bad in ("\x1b", "\x07", "\u202e", "\x9b"):
            assert bad not in run.out, (fmt, bad)
        assert "evil" in run.out
        if fmt == "github":
            assert all(x.startswith("::") for x in run.out.splitlines() if x)


# ----- scanner merge on hostile SARIF: exit 2, one line -------------------------------------------------


@pytest.mark.parametrize("doc", [
    {"version": "2.1.0", "runs": [{}]},
    {"version": "2.1.0", "runs": [{"tool": {"driver": []}}]},
    {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "scanner"}}, "results": [{"locations": "x"}]}]},
    {"version": "2.1.0", "runs": [None]},
    {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "scanner", "rules": [1]}}, "results": [{"ruleIndex": 9}]}]},
    "[" * 100000 + "]" * 100000,
])
def test_scanner_merge_on_hostile_sarif_exits_2_with_one_line(tmp_path, doc):
    a, b = tmp_path / "a.sarif", tmp_path / "b.sarif"
    for p in (a, b):
        p.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    run = run_cli("merge", str(a), str(b))
    assert run.code == 2, run.out + run.err
    assert "Traceback" not in run.err and len(run.err.strip().splitlines()) == 1, run.err


# ----- submodules and silenced secrets leave a trace -------------------------------------------------------


def test_a_submodule_is_named_not_skipped_silently(git_repo, tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    git(sub, "init", "-q", "-b", "main")
    write(sub, {"s.py": f'T = "{checksum_token("ghp_")}"\n'})
    commit_all(sub)
    git(git_repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "libs/sub")
    commit_all(git_repo, "add submodule")
    for fmt in ("text", "github"):
        run = run_cli("scan", ".", "--format", fmt, "--no-cache", cwd=git_repo)
        assert "libs/sub" in run.out and "submodule" in run.out, run.out


def test_a_bare_ignore_on_a_secret_leaves_a_trace_in_github_output(tmp_path):
    root = write(tmp_path / "proj", {"app.py": f'T = "{checksum_token("ghp_")}"  # scanner: ignore\n'})
    run = run_cli("scan", str(root), "--format", "github", "--no-cache")
    assert run.code == 0, run.err
    assert any(x.startswith("::notice file=app.py,line=1,title=SEC010 suppressed") for x in run.out.splitlines()), \
        run.out
