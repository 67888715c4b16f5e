"""Bad input never breaks a scan: each case through the real CLI.

For every case: the scan finishes with exit code 0 or 1, no traceback reaches the user, the bad
file gets a SARIF notification when it was skipped or could not be parsed, and a real private key
planted beside it is still found (so every other file was still scanned).
"""

from __future__ import annotations

import ast

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli, write
from tests.keygen import ec_key, pem_private

PLANTED = "planted/id_ec"


@pytest.fixture(scope="module")
def key() -> str:
    return pem_private(ec_key())


def scan(root: Path, *extra: str, env: dict | None = None):
    """Scan ``root`` with SARIF output; return (results as {(rule, uri, line)}, {uri: [notification texts]})."""
    run = run_cli("scan", str(root), "--format", "sarif", "--no-cache", *extra, env=env)
    assert run.code in (0, 1), run.err
    assert "Traceback" not in run.out + run.err
    (r,) = run.json()["runs"]
    results = {
        (res["ruleId"], res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         res["locations"][0]["physicalLocation"]["region"]["startLine"])
        for res in r["results"]
    }
    notes: dict[str, list[str]] = {}
    for n in r["invocations"][0].get("toolExecutionNotifications", []):
        assert n["level"] in ("note", "warning"), n  # "error" would declare the whole run failed
        uri = n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] if n.get("locations") else ""
        notes.setdefault(uri, []).append(n["message"]["text"])
    assert ("SEC001", PLANTED, 1) in results, "the planted key beside the bad file was not found"
    return results, notes


def tree(tmp_path: Path, key: str, files: dict[str, str | bytes]) -> Path:
    return write(tmp_path / "proj", {PLANTED: key, **files})


def test_invalid_utf8_and_mixed_encodings_still_get_the_text_path(tmp_path, key):
    token_line = "password = 'EXAMPLE'\n"
    root = tree(tmp_path, key, {
        "latin1.py": "# caf\xe9\nx = 1\n".encode("latin-1"),
        "mixed.txt": "utf8: caf\u00e9\n".encode() + b"latin1: caf\xe9\n" + b"\xff\xfe\xfa\n" + token_line.encode(),
        "cp1252.py": b"# -*- coding: cp1252 -*-\ns = '\x93quoted\x94'\n",
        "bad_decl.py": b"# -*- coding: no-such-codec -*-\nx = 1\n",
        "utf16.txt": "hello\n".encode("utf-16"),
        # a key inside a file that is not valid UTF-8 is still found
        "keys/mixed_key.txt": b"\xff\xfe bad bytes \xc3\x28\n" + key.encode(),
    })
    results, _ = scan(root)
    assert ("SEC001", "keys/mixed_key.txt", 2) in results
    assert not any(r[1] in ("latin1.py", "cp1252.py") and r[0] == "PY001" for r in results)


def test_binary_files_also_with_a_source_extension_are_skipped_with_a_notification(tmp_path, key):
    blob = bytes(range(256)) * 64
    root = tree(tmp_path, key, {"image.png": b"\x89PNG\r\n\x1a\n" + blob, "lib.py": b"\x7fELF" + blob,
                                "nul.js": b"var a = 1;\x00\x00\x00var b = 2;\n"})
    _, notes = scan(root)
    for name in ("image.png", "lib.py"):
        assert any("binary" in t for t in notes.get(name, [])), (name, notes)
    # text with a few NUL bytes is text: a planted NUL must not hide a file (tests/test_hostile_repo.py)
    assert not any("binary" in t for t in notes.get("nul.js", [])), notes


def test_nul_bytes_after_the_sniffed_head_are_not_a_crash(tmp_path, key):
    # the binary sniff reads the first 8 KiB; a NUL after it reaches the parsers
    body = "x = 1\n" * 2000
    root = tree(tmp_path, key, {"late_nul.py": body.encode() + b"y = '\x00'\n", "late_nul.js": body.encode() + b"\x00\n",
                                "late_nul.txt": body.encode() + b"\x00\n" + key.encode()})
    results, _ = scan(root)
    assert ("SEC001", "late_nul.txt", 2002) in results  # the text path reads past the NUL


def test_empty_and_whitespace_only_files(tmp_path, key):
    root = tree(tmp_path, key, {"empty.py": b"", "empty.js": b"", "blank.py": b"\n\n\n", "bom.py": b"\xef\xbb\xbf",
                                "empty.ipynb": b""})
    results, _ = scan(root)
    assert not any(r[1] in ("empty.py", "empty.js", "blank.py", "bom.py") for r in results)


def test_one_five_megabyte_line_of_minified_javascript(tmp_path, key):
    chunk = "function a(b){return b.map(function(c){return c*2}).filter(Boolean)};var x=[1,2,3];"
    line = chunk * (5 * 1024 * 1024 // len(chunk))
    root = tree(tmp_path, key, {"dist/app.min.js": line, "dist/data.min.json": "[" + "1," * 2_500_000 + "1]"})
    scan(root)


def test_a_file_of_200000_lines(tmp_path, key):
    body = "".join(f"value_{i} = {i}  # line {i}\n" for i in range(200_000))
    root = tree(tmp_path, key, {"big.py": body, "big.txt": body})
    scan(root)


DEEP = {
    "parens.py": "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",  # ast: too many parens; libcst alone: SIGSEGV
    "brackets.py": "x = " + "[" * 3000 + "]" * 3000 + "\n",
    "chain.py": "x = 1" + " + 1" * 6000 + "\n",  # ast parses it; libcst alone: minutes in native code
    "subscripts.py": "x = f" + "[0]" * 3000 + "\n",
    "unary.py": "x = " + "-" * 20000 + "1\n",  # ast: MemoryError
    "long_chain.py": "x = 1" + "+1" * 30000 + "\n",  # ast: RecursionError
    # a syntax error elsewhere: no ast tree, so the guard reads tree-sitter's (libcst alone: minutes)
    "chain_and_error.py": "x = 1" + " + 1" * 6000 + "\ndef f(:\n",
    "blocks.py": "".join(" " * i + "if x:\n" for i in range(150)) + " " * 150 + "pass\n",
    "lambdas.py": "f = " + "lambda: " * 3000 + "1\n",
    "deep.js": "var x = " + "[" * 20000 + "]" * 20000 + ";\n",
    "deep.ts": "let x = " + "(" * 20000 + "1" + ")" * 20000 + ";\n",
    "deep.go": "package p\nvar x = " + "(" * 20000 + "1" + ")" * 20000 + "\n",
    "deep.java": "class A { int x = " + "(" * 20000 + "1" + ")" * 20000 + "; }\n",
}
CUBIC = "def f(a):\n    for x in a:\n        for y in a:\n            for z in a:\n                print(x, y, z)\n"


def test_deep_nesting_never_crashes_the_process(tmp_path, key):
    """Before the nesting guard, libcst took the whole scan down with SIGSEGV on parens.py."""
    root = tree(tmp_path, key, {**DEEP, "ok.py": CUBIC})
    results, notes = scan(root)
    assert ("CX001", "ok.py", 2) in results  # the Python rules still ran on the normal file
    for name, text in DEEP.items():
        # What the running interpreter's own parser refuses must be said; a chain that it parses
        # (Python 3.12+ parses 6,000 `+ 1`) is simply scanned by the ast rules.
        if name.endswith(".py") and not _python_parses(text):
            assert notes.get(name) or any(r[1] == name for r in results), (name, notes)
    for name in ("parens.py", "chain.py", "long_chain.py", "chain_and_error.py"):
        if not _python_parses(DEEP[name]):
            assert any("nested too deeply" in t for t in notes[name]), (name, notes[name])


def _python_parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return False
    return True


def test_deep_nesting_in_a_python_rule_is_a_notification(tmp_path, key):
    """Nesting that ast and libcst accept but a recursive rule does not: RecursionError is caught."""
    deep_ifs = "def f(a):\n" + "".join("    " * (i + 1) + f"if a > {i}:\n" for i in range(95)) + "    " * 96 + "pass\n"
    root = tree(tmp_path, key, {"ifs.py": deep_ifs, "ok.py": CUBIC})
    results, _ = scan(root)
    assert ("CX001", "ok.py", 2) in results


def test_python2_and_syntax_errors_are_findings_not_crashes(tmp_path, key):
    root = tree(tmp_path, key, {
        "py2.py": "print 'hello'\nexec 'x = 1'\n",
        "broken.py": "def f(:\n    pass\n",
        "tabs.py": "if True:\n\tx = 1\n        y = 2\n",
        "old_mac.py": b"x = 1\ry = 2\rdef f(:\r",  # lone CRs end lines for Python (found by the fuzzer)
        "unterminated.py": "s = '''never closed\n",
    })
    results, notes = scan(root)
    for name, line in (("py2.py", 1), ("broken.py", 1), ("unterminated.py", 1), ("old_mac.py", 3)):
        assert ("PY001", name, line) in results, results
    assert any(r[:2] == ("PY001", "tabs.py") for r in results)
    assert notes.get("broken.py")


def test_symlink_loops_and_dangling_links(tmp_path, key):
    root = tree(tmp_path, key, {"real.py": "x = 1\n"})
    os.symlink("loop_b", root / "loop_a")
    os.symlink("loop_a", root / "loop_b")
    os.symlink("does-not-exist", root / "dangling.py")
    os.symlink(".", root / "self_dir")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")
    _, notes = scan(root)
    for name in ("loop_a", "dangling.py", "self_dir"):
        assert notes.get(name), (name, notes)
    # named explicitly, a dangling link gets a clear notification
    run = run_cli("scan", str(root / "dangling.py"), str(root / PLANTED), "--format", "json", "--no-cache")
    assert run.code in (0, 1)
    assert any("dangling" in n["message"] for n in run.json()["notifications"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifos_and_sockets_are_not_opened(tmp_path, key):
    import socket

    root = tree(tmp_path, key, {})
    os.mkfifo(root / "pipe.py")  # opening it for reading would block forever
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock.txt"))
    try:
        _, notes = scan(root)
        # also when named explicitly
        run = run_cli("scan", str(root / "pipe.py"), str(root / PLANTED), "--format", "json", "--no-cache")
    finally:
        sock.close()
    assert any("not a regular file" in t for t in notes["pipe.py"])
    assert any("not a regular file" in t for t in notes["sock.txt"])
    assert run.code == 1 and any(n["path"] == "pipe.py" for n in run.json()["notifications"])


def test_unreadable_files_and_directories(tmp_path, key):
    root = tree(tmp_path, key, {"locked.py": "x = 1\n", "closed/inner.py": "y = 2\n"})
    (root / "locked.py").chmod(0)
    (root / "closed").chmod(0)
    try:
        _, notes = scan(root)
    finally:
        (root / "closed").chmod(0o755)
        (root / "locked.py").chmod(0o644)
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading, so nothing is unreadable "
                    "(the scan above still had to finish and find the planted key)")
    assert any("cannot read" in t for t in notes["locked.py"])
    assert any("cannot read directory" in t for t in notes["closed"])


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_a_file_that_even_root_cannot_read(tmp_path, key):
    """``/proc/self/mem`` is a regular file that fails with EIO at offset 0, for root too. Named
    directly (a symlink to it inside the tree is not followed out of the tree: notification)."""
    root = tree(tmp_path, key, {})
    run = run_cli("scan", "/proc/self/mem", str(root / PLANTED), "--format", "json", "--no-cache")
    assert run.code == 1, run.err
    doc = run.json()
    # /proc is named, so the scan root is "/" and paths are longer
    assert any(f["rule_id"] == "SEC001" and f["path"].endswith(PLANTED) for f in doc["findings"])
    assert any(n["path"].endswith("self/mem") and "cannot read" in n["message"] for n in doc["notifications"]), doc


def test_files_that_change_or_vanish_during_the_scan(tmp_path, key):
    files = {f"churn/f{i:04d}.py": f"x_{i} = {i}\n" * 200 for i in range(400)}
    root = tree(tmp_path, key, files)
    stop = threading.Event()

    def churn():
        i = 0
        while not stop.is_set():
            p = root / f"churn/f{i % 400:04d}.py"
            try:
                if i % 3 == 0:
                    p.unlink()
                elif i % 3 == 1:
                    p.write_text("changed = 1\n" * (i % 50))
                else:
                    p.write_bytes(b"")
            except OSError:
                pass
            i += 1
            time.sleep(0.0005)

    t = threading.Thread(target=churn)
    t.start()
    try:
        scan(root, "-j", "2")
    finally:
        stop.set()
        t.join()


def test_paths_with_spaces_and_non_ascii_names(tmp_path, key):
    root = write(tmp_path / "my proj é", {
        PLANTED: key,
        "dir with spaces/naïve file.py": "def f(:\n",
        "日本語/キー.pem": key,
        "emoji 🙂/x.py": "x = 1\n",
    })
    bad_name = "bad\udcffname.py"  # not valid UTF-8 as a file name
    try:
        (root / bad_name).write_bytes(key.encode())
    except (OSError, UnicodeEncodeError):
        bad_name = ""
    results, _ = scan(root)
    assert ("PY001", "dir%20with%20spaces/na%C3%AFve%20file.py", 1) in results
    assert ("SEC001", "%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%82%AD%E3%83%BC.pem", 1) in results
    if bad_name:
        assert any(r[0] == "SEC001" and r[1].startswith("bad") for r in results), results
    for fmt in ("text", "json", "github"):
        run = run_cli("scan", str(root), "--format", fmt, "--no-cache")
        assert run.code == 1 and "Traceback" not in run.err


def test_huge_notebooks(tmp_path, key):
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": i, "source": [f"x_{i} = {i}\n"],
              "outputs": [{"output_type": "stream", "name": "stdout", "text": ["y" * 1000 + "\n"] * 20}]}
             for i in range(300)]
    cells.append({"cell_type": "code", "metadata": {}, "execution_count": 999, "outputs": [],
                  "source": [line + "\n" for line in key.splitlines()]})
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    big = json.dumps(nb)
    assert len(big) > 5_000_000
    root = tree(tmp_path, key, {"big.ipynb": big, "broken.ipynb": big[: len(big) // 2]})
    results, _ = scan(root)
    assert any(r[0] == "SEC001" and r[1] == "big.ipynb" for r in results)


def test_a_file_larger_than_max_file_size_is_skipped_with_a_notification(tmp_path, key):
    root = tree(tmp_path, key, {"huge.txt": "a" * (2 * 1024 * 1024)})
    (root / ".scanner.toml").write_text('max-file-size = "1M"\n')
    _, notes = scan(root)
    assert any("max-file-size" in t for t in notes["huge.txt"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
def test_workers_do_not_outlive_a_killed_scanner(tmp_path):
    """A CI time-out kills the scanner process: its pool workers must not scan on as orphans."""
    import signal

    from tests.conftest import ROOT

    for i in range(300):
        (tmp_path / f"m{i:03d}.py").write_text("def f(a):\n" + "    x = [y for y in a]\n" * 400)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "scanner", "scan", str(tmp_path), "--no-cache", "--jobs", "2"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not workers and proc.poll() is None:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True)
        workers = {int(p) for p in out.stdout.split()}
        time.sleep(0.05)
    assert workers, "the scan finished before its pool started; make the tree larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    alive = set(workers)
    while alive and time.monotonic() < deadline:
        alive = {p for p in alive if os.path.exists(f"/proc/{p}")
                 and "Z" not in open(f"/proc/{p}/stat").read().split()[2]}
        time.sleep(0.1)
    assert not alive, f"workers still running after the scanner was killed: {sorted(alive)}"
