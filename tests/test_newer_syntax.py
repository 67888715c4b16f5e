"""Python 3.12+ syntax gets the same findings (rule id + line) as its 3.11 twin, on any
interpreter: the ``ast``-based rules read the lowered text (scanner.lowering), lines kept."""

from __future__ import annotations

import ast
import sys

import pytest

from scanner import lowering, parsing
from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source
from tests.conftest import run_cli, write

NEW = '''\
import os
import json
SEP_ = os.sep
LIMIT_ = 3


type Pair[T] = tuple[T, T]


def first[T](items: list[T]) -> T:
    unused = 1
    for a in items:
        for b in items:
            for c in items:
                print(f"{a["k"]} {'\\n'.join(b)} {f"{c}"} {undefined_one}")
    return items[0]


class Box[T: (int, str)](object):
    def get(self) -> T:
        try:
            return self.x
        except ValueError, TypeError:
            pass


def gen(x):
    t = t"hi {os.sep} {x!r:>10}"
    list = 3
    if x == None:
        return t, list
    return f'{x['a']}' if (y := x) else y
'''

OLD = '''\
import os
import json
from typing import TypeVar
T = TypeVar("T")


Pair = tuple[T, T]


def first(items: list[T]) -> T:
    unused = 1
    for a in items:
        for b in items:
            for c in items:
                print(f"{a['k']} {chr(10).join(b)} {f'{c}'} {undefined_one}")
    return items[0]


class Box(object):
    def get(self) -> T:
        try:
            return self.x
        except (ValueError, TypeError):
            pass


def gen(x):
    t = f"hi {os.sep} {x!r:>10}"
    list = 3
    if x == None:
        return t, list
    return f"{x['a']}" if (y := x) else y
'''


def _found(name, code):
    plan = make_plan(Config(select=("lint", "complexity")))
    res = scan_source(Source.from_bytes(name, code.encode()), plan)
    return sorted({(f.rule_id, f.line) for f in res.findings}), res.notifications


def test_newer_syntax_gets_the_same_findings_as_its_twin():
    if sys.version_info < (3, 12):
        with pytest.raises(SyntaxError):
            ast.parse(NEW)  # the case this is about: the running ast cannot read it
    new, notes = _found("new.py", NEW)
    old, _ = _found("old.py", OLD)
    assert new == old
    # and the twin's findings are real ones, from ast- and libcst-based rules alike
    for expected in [("PY002", 2), ("PY003", 11), ("CX001", 12), ("PY004", 15), ("PY007", 29), ("PY008", 30)]:
        assert expected in new, (expected, new)
    assert not [n for n in notes if n.rule_id == "parse-error"]


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="the interpreter reads every construct itself")
def test_lowering_keeps_lines_and_columns():
    data = NEW.encode()
    lowered = parsing.lower_python(data)
    assert lowered is not None
    old_lines, new_lines = data.split(b"\n"), lowered.split(b"\n")
    assert len(old_lines) == len(new_lines)
    for a, b in zip(old_lines, new_lines):
        if b"except ValueError, TypeError" in a:
            assert b == a.replace(b"ValueError, TypeError", b"(ValueError, TypeError)")
        else:
            assert len(a) == len(b)  # same columns
    tree = ast.parse(lowered)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "first")
    assert (fn.lineno, fn.col_offset) == (10, 0)
    assert lowering.lower(b"x = 1\n", parsing._ts_parser("python").parse(b"x = 1\n")) is None


def test_python2_backticks_are_not_lowered_and_do_not_crash():
    """Found by the fuzzer: tree-sitter reads a Python 2 backtick repr as a string without a quote."""
    for data in (b"``\n", b"x = `y`\n"):
        assert lowering.lower(data, parsing._ts_parser("python").parse(data)) is None


def test_unparseable_file_is_a_notification_in_every_format(tmp_path):
    write(tmp_path, {"broken.py": "def f(:\n    pass\n"})
    for fmt, needle in (("text", "warning: python could not parse"), ("github", "::warning file=broken.py"),
                        ("json", "could not parse"), ("sarif", "could not parse")):
        run = run_cli("scan", ".", "--format", fmt, "--no-cache", cwd=tmp_path)
        assert needle in run.out, (fmt, run.out)
