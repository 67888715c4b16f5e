"""Shortcuts that make a scan cheaper must not change what it finds: each is checked against the
path it replaces (libcst's own qualified-name table; the rule that the prefilter spares).

No timing assertions here: speed is measured by benchmarks/run.py.
"""

from __future__ import annotations

import gc

import libcst
import pytest
from libcst._metadata_dependent import LazyValue
from libcst.metadata import MetadataWrapper, QualifiedNameProvider

from scanner.checks.lint.imports import UnusedImport
from scanner.config import Config
from scanner.context import FileContext
from scanner.cstmeta import Wrapper, _every_node
from scanner.engine import make_plan, scan_source
from scanner.source import Source

MODULE = """\
import os.path
import collections as co
from hashlib import md5 as digest, sha1
from . import sibling
try:
    import ujson as json
except ImportError:
    import json

class Box:
    size = co.OrderedDict()

    def open(self, key=os.sep):
        local = digest(key)
        return [sha1(x) for x in local] + json.dumps(sibling.x)

def outer():
    def inner(a):
        return os.path.join(a, co.deque())
    lam = lambda y: digest(y)
    return inner, lam, undefined_name
"""


def _plain(value):
    return value() if isinstance(value, LazyValue) else value


def test_lazy_qualified_names_answer_as_libcst_for_every_node():
    module = libcst.parse_module(MODULE)
    theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(QualifiedNameProvider)
    mine_wrapper = Wrapper(libcst.parse_module(MODULE))
    mine = mine_wrapper.resolve(QualifiedNameProvider)
    a_nodes = _every_node(module, keep=True)
    b_nodes = _every_node(mine_wrapper.module, keep=True)
    assert len(a_nodes) == len(b_nodes) > 100
    named = 0
    for a, b in zip(a_nodes, b_nodes):
        assert type(a) is type(b)
        expected = _plain(theirs.get(a, "missing"))
        assert mine.get(b, "missing") == expected, (type(a).__name__, expected)
        assert mine[b] == expected
        named += bool(expected)
    assert named > 10  # the module's imports resolve: the comparison is not between empty sets
    stranger = libcst.Name("os")  # not a node of the module: missing in both
    assert theirs.get(stranger, "missing") == mine.get(stranger, "missing") == "missing"
    with pytest.raises(KeyError):
        mine[stranger]
    assert stranger not in mine and b_nodes[0] in mine


def _ctx(text: str, path: str = "app.py") -> FileContext:
    plan = make_plan(Config())
    return FileContext(Source.from_bytes(path, text.encode()), plan.config, plan.enabled)


@pytest.mark.parametrize("text", [
    "import signals  # noqa: F401\n",
    "from m import (  # NOQA\n    a,\n    b,\n)\n",
    "try:\n    import ujson\nexcept ImportError:\n    ujson = None\n",
    "try:\n    import yaml\nexcept (ValueError, ModuleNotFoundError):\n    pass\n",
    "def f():\n    try:\n        from PIL import Image\n    except builtins.ImportError:\n        return 0\n",
])
def test_unused_import_spares_libcst_when_no_candidate_can_be_reported(text):
    assert not UnusedImport.wants(_ctx(text))
    result = scan_source(Source.from_bytes("app.py", text.encode()), make_plan(Config(select=("PY002",))))
    assert not result.findings


@pytest.mark.parametrize("text, line", [
    ("import signals  # noqa: F401\nimport os\n", 2),
    ("try:\n    import ujson\nexcept ValueError:\n    pass\n", 2),
    ("try:\n    import ujson\nexcept ImportError:\n    ujson = None\nimport os  # noqa: E501\n", 5),
    ("from m import (  # noqa: E501\n    a,\n)\n", 2),
])
def test_unused_import_still_reaches_libcst_for_a_reportable_candidate(text, line):
    assert UnusedImport.wants(_ctx(text))
    result = scan_source(Source.from_bytes("app.py", text.encode()), make_plan(Config(select=("PY002",))))
    assert [(f.rule_id, f.location.region.start_line) for f in result.findings] == [("PY002", line)]


@pytest.mark.parametrize("enabled", [True, False])
def test_scan_source_gives_back_the_collector_as_it_found_it(enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        result = scan_source(Source.from_bytes("app.py", b"import os\n"), make_plan(Config(select=("PY002",))))
        assert [f.rule_id for f in result.findings] == ["PY002"]
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


@pytest.mark.parametrize("rule, text, path, expect", [
    # PY034 reports only calls inside a secret-named assignment, function or keyword
    ("PY034", "import random\ndelay = random.uniform(0, 1)\n", "app.py", False),
    ("PY034", "import random\nreset_token = random.choice('ab')\n", "app.py", True),
    # PY039 / PY042 report nothing in test code
    ("PY039", "import yaml\nyaml.load(doc)\n", "tests/test_load.py", False),
    ("PY039", "import yaml\nyaml.load(doc)\n", "app/load.py", True),
    ("PY042", "import jinja2\nenv = jinja2.Environment(loader=x)\n", "tests/test_env.py", False),
    ("PY042", "import jinja2\nenv = jinja2.Environment(loader=x)\n", "app/env.py", True),
])
def test_call_rules_reach_libcst_only_where_they_can_report(rule, text, path, expect):
    plan = make_plan(Config(select=(rule,)))
    cls = plan.registry.rule_classes[rule]
    ctx = FileContext(Source.from_bytes(path, text.encode()), plan.config, plan.enabled)
    assert cls.wants(ctx) is expect
    result = scan_source(Source.from_bytes(path, text.encode()), plan)
    assert [f.rule_id for f in result.findings] == ([rule] if expect else [])
