"""The result cache, through the real CLI: hits, every kind of miss, corruption, and no plaintext."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import keygen
from conftest import run_cli, write

NESTED = """\
def f(a):
    for x in a:
        for y in a:
            for z in a:
                print(x, y, z)
"""
CACHE = ".scanner-cache"


def _plan_files(cache_dir: Path) -> list[Path]:
    return sorted(p for p in cache_dir.glob("*.json") if not p.name.startswith("."))


def _tamper(cache_dir: Path, path: str, message: str) -> None:
    """Rewrite the cached message of ``path``'s first finding: seeing it proves the cache was used."""
    for plan_file in _plan_files(cache_dir):
        data = json.loads(plan_file.read_text("utf-8"))
        entry = data["files"].get(path)
        if entry and entry[4]["findings"]:
            entry[4]["findings"][0]["message"] = message
            plan_file.write_text(json.dumps(data), "utf-8")


def _scan(root: Path, *args: str):
    run = run_cli("scan", ".", "--format", "json", *args, cwd=root)
    assert run.code in (0, 1), run.err
    return run.json()


def _cx(doc: dict) -> list[tuple[str, int, str]]:
    return [(f["rule_id"], f["line"], f["message"]) for f in doc["findings"] if f["rule_id"] == "CX001"]


def test_warm_scan_reuses_results_until_the_content_changes(tmp_path):
    write(tmp_path, {"loops.py": NESTED, "other.txt": "nothing here\n"})
    cold = _scan(tmp_path)
    assert [(r, line) for r, line, _ in _cx(cold)] == [("CX001", 2)]
    cache_dir = tmp_path / CACHE
    assert (cache_dir / ".gitignore").read_text() == "*\n"
    assert (cache_dir / "CACHEDIR.TAG").is_file()
    assert len(_plan_files(cache_dir)) == 1

    warm = _scan(tmp_path)
    assert warm["findings"] == cold["findings"]

    _tamper(cache_dir, "loops.py", "served from the cache")
    assert _cx(_scan(tmp_path)) == [("CX001", 2, "served from the cache")]

    # Same bytes, new mtime (a checkout or touch): re-hashed, still served from the cache.
    st = os.stat(tmp_path / "loops.py")
    os.utime(tmp_path / "loops.py", ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert _cx(_scan(tmp_path)) == [("CX001", 2, "served from the cache")]

    # New content: scanned again, the finding moves with the code.
    (tmp_path / "loops.py").write_text("import os\n\n" + NESTED, "utf-8")
    rescanned = _cx(_scan(tmp_path))
    assert [(r, line) for r, line, _ in rescanned] == [("CX001", 4)]
    assert "served from the cache" not in rescanned[0][2]


def test_no_cache_neither_reads_nor_writes(tmp_path):
    write(tmp_path, {"loops.py": NESTED})
    _scan(tmp_path)
    _tamper(tmp_path / CACHE, "loops.py", "served from the cache")
    assert "served from the cache" not in _cx(_scan(tmp_path, "--no-cache"))[0][2]

    other = tmp_path / "other"
    write(other, {"loops.py": NESTED})
    _scan(other, "--no-cache")
    assert not (other / CACHE).exists()


def test_config_change_misses(tmp_path):
    write(tmp_path, {"loops.py": NESTED})
    _scan(tmp_path)
    _tamper(tmp_path / CACHE, "loops.py", "served from the cache")
    write(tmp_path, {"pyproject.toml": "[tool.scanner.rules.nested-loops]\nthreshold = 4\n"})
    assert _cx(_scan(tmp_path)) == []
    write(tmp_path, {"pyproject.toml": "[tool.scanner.rules.nested-loops]\nthreshold = 3\nlevel = 'error'\n"})
    doc = _scan(tmp_path)
    assert [(r, line) for r, line, _ in _cx(doc)] == [("CX001", 2)]
    assert "served from the cache" not in _cx(doc)[0][2]
    assert [f["level"] for f in doc["findings"] if f["rule_id"] == "CX001"] == ["error"]


def test_rule_selection_and_rule_version_change_the_key(tmp_path):
    from scanner.cache import plan_key
    from scanner.config import Config
    from scanner.engine import make_plan

    plan = make_plan(Config())
    key = plan_key(plan)
    assert plan_key(make_plan(Config())) == key
    assert plan_key(make_plan(Config(ignore=("CX001",)))) != key
    metas = dict(plan.registry.metas)
    metas["CX001"] = replace(metas["CX001"], version=metas["CX001"].version + 1)
    bumped = replace(plan, registry=replace(plan.registry, metas=metas))
    assert plan_key(bumped) != key


def test_secret_pack_version_bump_misses(tmp_path):
    pack = """\
[[rule]]
id = "SEC900"
name = "fake-widget-token"
summary = "Widget token (test pack)"
keywords = ["wdgt_"]
regex = '''(?x) (?P<secret> wdgt_[A-Z0-9]{24} )'''
version = VERSION
valid = ["wdgt_short"]
invalid = ["t = 'wdgt_FAKE00000000000000000000'"]
"""
    write(tmp_path, {
        "pack.toml": pack.replace("VERSION", "1"),
        "pyproject.toml": '[tool.scanner]\nsecret-packs = ["pack.toml"]\nexclude = ["pack.toml"]\n',
        "conf.txt": "t = 'wdgt_FAKE00000000000000000000'\n",
    })
    doc = _scan(tmp_path)
    assert [(f["rule_id"], f["line"]) for f in doc["findings"]] == [("SEC900", 1)]
    _tamper(tmp_path / CACHE, "conf.txt", "served from the cache")
    assert [f["message"] for f in _scan(tmp_path)["findings"]] == ["served from the cache"]
    write(tmp_path, {"pack.toml": pack.replace("VERSION", "2")})
    assert [f["message"] for f in _scan(tmp_path)["findings"]] != ["served from the cache"]


def test_corrupt_cache_is_ignored_and_replaced(tmp_path):
    write(tmp_path, {"loops.py": NESTED})
    cold = _scan(tmp_path)
    cache_dir = tmp_path / CACHE
    (plan_file,) = _plan_files(cache_dir)
    for garbage in (b"{not json", b'{"key": 1, "files": []}', b"\x00\xff" * 100):
        plan_file.write_bytes(garbage)
        assert _scan(tmp_path)["findings"] == cold["findings"]
    data = json.loads(plan_file.read_text("utf-8"))
    data["files"]["loops.py"][4] = {"findings": [{"bogus": 1}], "notifications": [], "skipped": False}
    plan_file.write_text(json.dumps(data), "utf-8")
    assert _scan(tmp_path)["findings"] == cold["findings"]
    assert json.loads(plan_file.read_text("utf-8"))["files"]["loops.py"][4]["findings"][0]["rule_id"] == "CX001"


def test_cache_dir_option_and_symlinked_cache_dir_not_followed(tmp_path):
    repo, elsewhere, target = tmp_path / "repo", tmp_path / "cache", tmp_path / "target"
    write(repo, {"loops.py": NESTED})
    _scan(repo, "--cache-dir", str(elsewhere))
    assert len(_plan_files(elsewhere)) == 1
    assert not (repo / CACHE).exists()

    target.mkdir()
    (repo / CACHE).symlink_to(target, target_is_directory=True)
    assert [(r, line) for r, line, _ in _cx(_scan(repo))] == [("CX001", 2)]
    assert list(target.iterdir()) == []


def test_no_plaintext_secret_in_the_cache(git_repo):
    pem = keygen.pem_private(keygen.rsa_key())
    body = [line for line in pem.splitlines() if not line.startswith("-----")]
    write(git_repo, {
        "deploy/id_rsa": pem,
        "settings.py": f'KEY = """{pem}"""\n\n' + NESTED,
    })
    doc = _scan(git_repo)
    assert sorted({(f["rule_id"], f["path"]) for f in doc["findings"]}) == [
        ("CX001", "settings.py"), ("SEC001", "deploy/id_rsa"), ("SEC001", "settings.py")]
    cache_dir = git_repo / CACHE
    stored = b"".join(p.read_bytes() for p in cache_dir.rglob("*") if p.is_file())
    assert b"SEC001" in stored
    for line in body:
        assert line[:16].encode() not in stored
    assert _scan(git_repo)["findings"] == doc["findings"]
    # The cache directory ignores itself, so `git add -A` never commits it.
    assert "scanner-cache" not in run_git_status(git_repo)


def run_git_status(repo: Path) -> str:
    from conftest import git

    return git(repo, "status", "--porcelain", "--untracked-files=all")
