"""PY rules paired with a ruff code honour the scanned project's ruff configuration."""

from __future__ import annotations

from scanner.config import Config
from scanner.engine import scan_paths
from tests.conftest import write

CODE = "import os\n\n\ndef f():\n    x = 1\n"  # PY002 (F401) on line 1, PY003 (F841) on line 5


def _found(root):
    res = scan_paths([root], Config(select=("PY002", "PY003")), jobs=1)
    return sorted((f.path, f.rule_id, f.line) for f in res.findings)


def test_pyproject_lint_tables(tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.ruff.lint]\nextend-ignore = ["F84"]\n'
                          '[tool.ruff.lint.per-file-ignores]\n"__init__.py" = ["F401"]\n'
                          '"**/{tests,docs}/*" = ["F"]\n',
        "pkg/__init__.py": CODE, "pkg/m.py": CODE, "tests/sub/t.py": CODE, "docs/conf.py": CODE,
    })
    assert _found(tmp_path) == [("pkg/m.py", "PY002", 1)]


def test_ruff_toml_nearest_wins_and_legacy_keys(tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.ruff]\nignore = ["F401"]\n',
        "a/m.py": CODE,
        "b/ruff.toml": '[lint]\nignore = ["F841"]\n',  # nearest: the pyproject's F401 ignore does not apply
        "b/m.py": CODE,
        "c/.ruff.toml": 'per-file-ignores = {"c/*.py" = ["ALL"]}\n',  # globs are relative to c/
        "c/m.py": CODE,
    })
    assert _found(tmp_path) == [("a/m.py", "PY003", 5), ("b/m.py", "PY002", 1), ("c/m.py", "PY002", 1),
                                ("c/m.py", "PY003", 5)]


def test_no_or_broken_ruff_config_changes_nothing(tmp_path):
    write(tmp_path, {"pyproject.toml": "[tool.ruff\nbroken", "m.py": CODE, "sub/ruff.toml": "lint = 3\n",
                     "sub/m.py": CODE})
    assert _found(tmp_path) == [("m.py", "PY002", 1), ("m.py", "PY003", 5), ("sub/m.py", "PY002", 1),
                                ("sub/m.py", "PY003", 5)]


def test_files_ruff_excludes_get_no_paired_findings(tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.ruff]\nextend-exclude = ["pkg/v1", "tests/mypy/", "gen_*.py"]\n',
        "pkg/v1/m.py": CODE, "pkg/v2/m.py": CODE, "tests/mypy/a/b.py": CODE, "tools/gen_x.py": CODE,
    })
    assert _found(tmp_path) == [("pkg/v2/m.py", "PY002", 1), ("pkg/v2/m.py", "PY003", 5)]


def test_flake8_section_when_there_is_no_ruff_config(tmp_path):
    write(tmp_path, {
        "setup.cfg": "[metadata]\nname = x\n[flake8]\nignore =\n\tA003,A005\n\tD,\n\tE711,\nextend-ignore = U100\n"
                     "per-file-ignores =\n\t**/__init__.py:F401\n\ttest/typing/*:F821,E501\n",
        "pkg/__init__.py": CODE, "pkg/m.py": CODE + "if x == None:\n    reveal_type(x)\n",
        "test/typing/t.py": "reveal_type(1)\n",
    })
    res = scan_paths([tmp_path], Config(select=("PY002", "PY004", "PY008")), jobs=1)
    assert sorted({(f.path, f.rule_id, f.line) for f in res.findings}) == [
        ("pkg/m.py", "PY002", 1), ("pkg/m.py", "PY004", 6), ("pkg/m.py", "PY004", 7)]
