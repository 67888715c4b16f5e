"""Performance plumbing through the real CLI: opt-in per-rule timing, bounded output on long lines.

No timing assertions here: speed is measured by benchmarks/run.py.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, write

NESTED = """\
def f(a):
    for x in a:
        for y in a:
            for z in a:
                print(x, y, z)
"""


def test_profile_rules_env_prints_time_per_rule_and_parse_layer(tmp_path):
    write(tmp_path, {"loops.py": NESTED, "notes.txt": "plain text\n"})
    run = run_cli("scan", ".", "--no-cache", "-j", "1", cwd=tmp_path, env={"SCANNER_PROFILE_RULES": "1"})
    assert run.code == 1, run.err
    assert "loops.py:2:5: CX001" in run.out
    table = run.err.split("time per rule and parse layer over 2 scanned files", 1)[1]
    names = [line.split(None, 3)[3] for line in table.splitlines()[2:] if line.startswith("  ") and
             line.split()[0].replace(".", "").isdigit() and len(line.split(None, 3)) == 4]
    assert "rule CX001" in names and "parse: ast" in names and "SecretPatterns" in names
    quiet = run_cli("scan", ".", "--no-cache", cwd=tmp_path)
    assert "time per rule" not in quiet.err


def test_text_output_stays_small_for_a_finding_deep_in_a_minified_line(tmp_path):
    pack = """\
[[rule]]
id = "SEC901"
name = "fake-gadget-token"
summary = "Gadget token (test pack)"
keywords = ["gdgt_"]
regex = '''(?x) (?P<secret> gdgt_[A-Z0-9]{24} )'''
valid = ["gdgt_short"]
invalid = ["t = 'gdgt_FAKE00000000000000000000'"]
"""
    line = "var a=1;" * 50_000 + "var t='gdgt_FAKE00000000000000000000';\n"
    write(tmp_path, {"pack.toml": pack, "app.min.js": line,
                     "pyproject.toml": '[tool.scanner]\nsecret-packs = ["pack.toml"]\nexclude = ["pack.toml"]\ninclude-vendored = true\n'})
    run = run_cli("scan", ".", "--no-cache", "--select", "SEC901", cwd=tmp_path)
    assert run.code == 1, run.err
    assert "app.min.js:1:400008: SEC901" in run.out
    assert max(len(x) for x in run.out.splitlines()) < 400


def _imported_modules(cwd, *args: str) -> set[str]:
    """Every module the real CLI (click's ``main``) had imported when it exited."""
    import json
    import os
    import subprocess
    import sys

    from conftest import ROOT

    out = Path(cwd) / "modules.json"
    code = (
        "import atexit, json, sys\n"
        f"atexit.register(lambda: open({str(out)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
        f"sys.argv = ['scanner', *{list(args)!r}]\n"
        "from scanner.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    mods = set(json.loads(out.read_text()))
    out.unlink()
    return mods


def test_secrets_only_scans_never_import_libcst_or_tree_sitter_queries(tmp_path):
    write(tmp_path, {"app.py": "import os\n\nTOKEN = os.environ['T']\n", "notes.txt": "plain\n"})
    for selection in ("secret", "SEC"):
        mods = _imported_modules(tmp_path, "scan", ".", "--no-cache", "--select", selection)
        assert "scanner.checks.secrets.patterns" in mods
        assert not {m for m in mods if m == "libcst" or m.startswith("libcst.")}
        assert "scanner.checks.lint.treesitter_queries" not in mods
    # Selecting a rule by name needs every family loaded: correct, just not minimal.
    run = run_cli("scan", ".", "--no-cache", "--select", "nested-loops", cwd=tmp_path)
    assert run.code == 0, run.err
