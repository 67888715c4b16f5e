"""Hostile input and untrusted configuration.

Config and rule packs are data only (TOML: no code runs, no import path can be named); user regexes
run on a linear-time engine (RE2), so catastrophic backtracking is impossible; malformed packs are
clear configuration errors (exit 2), never internal errors; and nothing touches the network.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from scanner.checks.secrets.patterns import load_pack
from scanner.config import ConfigError
from tests.conftest import ROOT, run_cli, write
from tests.keygen import ec_key, pem_private

PACK = """
[[rule]]
id = "USR001"
name = "user-rule"
summary = "user rule"
keywords = ["a"]
regex = '''{regex}'''
{extra}
"""


def pack_project(tmp_path: Path, regex: str, extra: str = "", files: dict | None = None) -> Path:
    root = tmp_path / "proj"
    write(root, {
        ".scanner.toml": 'secret-packs = ["packs/user.toml"]\n',
        "packs/user.toml": PACK.format(regex=regex, extra=extra),
        **(files or {}),
    })
    return root


def test_classic_redos_pattern_in_a_user_pack_runs_in_linear_time(tmp_path):
    # With a backtracking engine, (a+)+$ on 5,000 a's and a '!' takes longer than the universe:
    # the scan finishing at all (run_cli has a timeout) is the proof that RE2 runs it.
    evil = "a" * 5000 + "!\n"
    root = pack_project(tmp_path, r"(?m)(?P<secret>(a+)+)$", files={"evil.txt": evil * 3, "match.txt": "aaaa\n"})
    run = run_cli("scan", str(root), "--format", "json", "--no-cache", "--select", "USR001")
    assert run.code == 1, run.err
    found = {(f["rule_id"], f["path"], f["line"]) for f in run.json()["findings"]}
    assert ("USR001", "match.txt", 1) in found
    assert not any(p == "evil.txt" for _, p, _ in found)


@pytest.mark.parametrize("regex,why", [
    (r"(?P<secret>a+)\1", "backreference"),
    (r"(?P<secret>a+)(?=b)", "lookahead"),
    (r"(?P<secret>a+)(?<=a)", "lookbehind"),
])
def test_constructs_that_need_backtracking_are_rejected_with_a_clear_error(tmp_path, regex, why):
    pack = tmp_path / "user.toml"
    pack.write_text(PACK.format(regex=regex, extra=""))
    with pytest.raises(ConfigError, match="USR001: RE2 cannot compile"):
        load_pack(pack, user=True)


def test_a_rejected_regex_is_exit_2_on_the_command_line(tmp_path):
    root = pack_project(tmp_path, r"(?P<secret>a+)\1", files={"a.txt": "aaa\n"})
    run = run_cli("scan", str(root), "--no-cache")
    assert run.code == 2, run.err
    assert "USR001" in run.err and "RE2" in run.err and "internal error" not in run.err


@pytest.mark.parametrize("extra,expect", [
    ('validator = "os:system"', "unknown validator"),
    ('validator = "subprocess.run"', "unknown validator"),
    ('filters = ["builtins.eval"]', "unknown filter"),
    ('plugin = "evil.module"', "unknown key"),
    ('entropy = "__import__(\'os\')"', "entropy"),
])
def test_a_pack_cannot_name_code(tmp_path, extra, expect):
    pack = tmp_path / "user.toml"
    pack.write_text(PACK.format(regex=r"(?P<secret>a+)", extra=extra))
    with pytest.raises(ConfigError, match=expect):
        load_pack(pack, user=True)


@pytest.mark.parametrize("text", [
    "rule = 5\n",
    "rule = ['x']\n",
    "fragments = 5\n[[rule]]\nid='U1'\nname='u'\nsummary='s'\nregex='(?P<secret>a)'\n",
    "[[rule]]\nid='U1'\nname='u'\nsummary='s'\nregex=5\n",
    "[[rule]]\nid='U1'\nname='u'\nsummary='s'\nregex='(?P<secret>a)'\nkeywords=5\n",
    "[[rule]]\nid='U1'\nname='u'\nsummary='s'\nregex='(?P<secret>a)'\nlevel='fatal'\n",
    "[[rule]]\nid='U1'\nname='Not Kebab'\nsummary='s'\nregex='(?P<secret>a)'\n",
    "[[rule]]\nid='U1'\nname='u'\nsummary='s'\nregex='(?P<secret>a)'\ninvalid=[5]\n",
    "[[rule]]\nid='U1'\nname='u'\nsummary='s'\nregex='(?P<secret>a)'\npriority='high'\n",
    "[[rule]]\nid='U1'\nname='u'\nsummary='s'\nregex='(?P<secret>a)'\ncwe='x'\n",
    "[[rule]]\nid=5\nname='u'\nsummary='s'\nregex='(?P<secret>a)'\n",
    "[[rule]]\nid='U1'\nname='u'\nsummary='s'\nregex='(a)'\n",
    "not toml at all = = =\n",
    b"\xff\xfe invalid UTF-8",
])
def test_malformed_user_packs_are_configuration_errors(tmp_path, text):
    pack = tmp_path / "user.toml"
    pack.write_bytes(text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text)
    with pytest.raises(ConfigError, match="secret pack|example"):
        load_pack(pack, user=True)


def test_malformed_user_pack_on_the_command_line_is_exit_2_not_an_internal_error(tmp_path):
    write(tmp_path, {".scanner.toml": 'secret-packs = ["p.toml"]\n', "p.toml": "rule = 5\n", "a.txt": "x\n"})
    run = run_cli("scan", str(tmp_path), "--no-cache")
    assert run.code == 2 and "secret pack" in run.err and "internal error" not in run.err, run.err


SITECUSTOMIZE = """
import os, socket

_MARK = os.environ["SCANNER_TEST_NET_MARK"]


def _record(what):
    with open(_MARK, "a") as fh:
        fh.write(f"{os.getpid()} {what}\\n")
    raise OSError("network access is disabled in this test")


class _NoInet(socket.socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family in (-1, socket.AF_INET, socket.AF_INET6):
            _record(f"socket({family})")
        super().__init__(family, type, proto, fileno)


socket.socket = _NoInet
socket.getaddrinfo = lambda *a, **k: _record(f"getaddrinfo{a[:2]}")
socket.create_connection = lambda *a, **k: _record(f"create_connection{a[:1]}")
"""


def test_nothing_is_fetched_from_the_network(tmp_path, git_repo):
    """Every socket an internet family would open, and every DNS lookup, raises and is recorded,
    in the CLI process and in its pool workers; the scan must not even try."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(SITECUSTOMIZE))
    mark = tmp_path / "net-attempts.txt"
    key = pem_private(ec_key())
    files = {f"pkg/m{i:02d}.py": f"import os\nVALUE_{i} = {i}\n" for i in range(30)}
    write(git_repo, {**files, "deploy/id_ec": key, "web/a.js": "eval(x);\n", "n.ipynb": "{}"})
    env = {"PYTHONPATH": f"{site}{os.pathsep}{ROOT}", "SCANNER_TEST_NET_MARK": str(mark)}
    probe = run_cli("scan", "--help", env=env)  # the hook is active: a socket from it would be recorded
    assert probe.code == 0
    for args in (("-j", "2", "--format", "sarif"), ("--format", "json", "--no-cache", "--select", "ALL")):
        run = run_cli("scan", str(git_repo), *args, env=env)
        assert run.code == 1, run.err
        assert "SEC001" in run.out
    run = run_cli("rules", env=env)
    assert run.code == 0
    assert not mark.exists(), mark.read_text()
