"""Performance plumbing through the real CLI: opt-in per-rule timing, bounded output on long lines.

No timing assertions here: speed is measured by benchmarks/run.py.
"""

from __future__ import annotations

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
                     "pyproject.toml": '[tool.scanner]\nsecret-packs = ["pack.toml"]\nexclude = ["pack.toml"]\n'})
    run = run_cli("scan", ".", "--no-cache", "--select", "SEC901", cwd=tmp_path)
    assert run.code == 1, run.err
    assert "app.min.js:1:400008: SEC901" in run.out
    assert max(len(x) for x in run.out.splitlines()) < 400
