"""Fixes: for EVERY fixable rule, driven by its INVALID examples, the fix applies, the result
parses, the rule no longer fires where it was fixed, and fixing again changes nothing
(idempotence). Plus `scan --fix` / `--diff` end to end through the real CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scanner import registry
from scanner.config import Config
from scanner.engine import make_plan
from scanner.fixes import fix_source
from scanner.source import Source
from tests.conftest import run_cli, write

REG = registry.build()
FIXABLE = [
    pytest.param(m.id, i, ex, id=f"{m.id}-{m.name}-invalid{i}")
    for m in sorted(REG.metas.values(), key=lambda m: m.id) if m.fixable
    for i, ex in enumerate(m.invalid)
]


def test_there_are_fixable_rules():
    assert {"PY002", "PY008", "PY010", "PY011"} <= {p.values[0] for p in FIXABLE}


@pytest.mark.parametrize("rule_id,index,example", FIXABLE)
def test_fix_parses_and_is_idempotent(rule_id, index, example):
    plan = make_plan(Config(select=(rule_id,), fix=True))
    src = Source.from_bytes(example.path, example.code.encode("utf-8"))
    first = fix_source(src, plan)
    if rule_id == "PY002" and example.path.endswith("__init__.py"):
        assert not first.applied  # nothing is ever removed from a package's __init__.py
        return
    assert first.applied, f"{rule_id}: no fix applied to\n{example.code}"
    assert all(a.startswith(rule_id) for a in first.applied)
    ast.parse(first.after)  # never a syntax error
    remaining = {f.line for f in first.result.findings if f.rule_id == rule_id and f.fix is not None}
    assert not remaining, f"{rule_id}: fixable findings left on lines {remaining}:\n{first.after}"
    second = fix_source(Source.from_bytes(example.path, first.after.encode("utf-8")), plan)
    assert second.after == first.after and not second.applied


def test_several_fixes_in_one_file_compose(tmp_path):
    code = "import os\nimport sys\nif x == None:\n    print(f'hi')\nprint(sys.argv)\n"
    plan = make_plan(Config(select=("lint",), fix=True))
    out = fix_source(Source.from_bytes("m.py", code.encode()), plan)
    assert out.after == "import sys\nif x is None:\n    print('hi')\nprint(sys.argv)\n"
    assert [a.split(":")[0] for a in out.applied] == ["PY002", "PY008", "PY011"]


def test_suppressed_finding_is_not_fixed():
    code = "import os  # scanner: ignore[PY002]\nprint(1)\nimport re\n"
    plan = make_plan(Config(select=("PY002",), fix=True))
    out = fix_source(Source.from_bytes("m.py", code.encode()), plan)
    assert out.after == "import os  # scanner: ignore[PY002]\nprint(1)\n"


def test_removing_an_import_keeps_the_comment_above_it():
    code = "x = 1\n\n# why we import\nimport os\ny = 2\nif x:\n    # c2\n    import sys\n"
    plan = make_plan(Config(select=("PY002",), fix=True))
    out = fix_source(Source.from_bytes("m.py", code.encode()), plan)
    assert out.after == "x = 1\n\n# why we import\ny = 2\nif x:\n    # c2\n    pass\n"


def test_import_in_try_is_reported_but_not_removed():
    plan = make_plan(Config(select=("PY002",), fix=True))
    # an availability probe (try/except ImportError) is not an unused import at all
    probe = "try:\n    import numpy\nexcept ImportError:\n    pass\n"
    out = fix_source(Source.from_bytes("m.py", probe.encode()), plan)
    assert out.after == probe and not out.result.findings
    # in any other try it is reported, never removed
    code = "try:\n    import numpy\nexcept Exception:\n    pass\n"
    out = fix_source(Source.from_bytes("m.py", code.encode()), plan)
    assert out.after == code
    assert [(f.rule_id, f.line) for f in out.result.findings] == [("PY002", 2)]


def test_cli_diff_writes_nothing_and_fix_writes(tmp_path):
    root = write(tmp_path / "p", {"m.py": "import os\nimport sys\nprint(sys.argv, f'x')\n"})
    before = (root / "m.py").read_text()
    run = run_cli("scan", str(root), "--select", "lint", "--diff", "--no-cache")
    assert run.code == 1
    assert "-import os\n" in run.out and "+print(sys.argv, 'x')\n" in run.out
    assert (root / "m.py").read_text() == before
    run = run_cli("scan", str(root), "--select", "lint", "--fix", "--format", "json", "--no-cache")
    assert run.code == 0, run.out
    assert (root / "m.py").read_text() == "import sys\nprint(sys.argv, 'x')\n"
    assert run.json()["findings"] == []
    run = run_cli("scan", str(root), "--select", "lint", "--diff", "--no-cache")
    assert run.code == 0 and run.out == ""


# A package laid out like a popular HTTP library: a compat module whose imports exist for the
# other modules, an __init__.py that re-exports, a module object read by attribute, multi-line
# imports. --fix once deleted such re-exports and `import <package>` failed.
HTTPLIKE = {
    "httplike/__init__.py": (
        "import warnings\n"
        "from . import utils\n"
        "from .api import get, request\n"
        "from .exceptions import HTTPError, Timeout\n"
        "from .models import Request, Response\n"
        "from httplike.status_codes import codes\n"
        "warnings.simplefilter('default')\n"
    ),
    "httplike/compat.py": (
        "import os\n"  # really unused: the fix removes it
        "import sys\n"
        "from urllib.parse import (\n"
        "    quote,\n"
        "    unquote,\n"
        "    urljoin,\n"
        "    urlparse,\n"
        ")\n"
        "from collections.abc import Mapping, MutableMapping\n"
        "is_py3 = sys.version_info[0] == 3\n"
    ),
    "httplike/exceptions.py": "class HTTPError(Exception):\n    pass\n\n\nclass Timeout(HTTPError):\n    pass\n",
    "httplike/status_codes.py": "codes = {'ok': 200}\n",
    "httplike/utils.py": (
        "from .compat import quote, urlparse  # used\n"
        "from .compat import Mapping\n"
        "import json\n"  # really unused
        "def requote(u):\n    return quote(urlparse(u).path)\n"
        "def is_map(x):\n    return isinstance(x, Mapping)\n"
    ),
    "httplike/models.py": (
        "from . import compat\n"
        "from .compat import (\n"
        "    urljoin,\n"
        "    MutableMapping,\n"
        ")\n"
        "class Request:\n"
        "    def __init__(self, url):\n"
        "        self.url = compat.unquote(urljoin('http://h/', url))\n"
        "class Response:\n"
        "    pass\n"
    ),
    "httplike/api.py": (
        "from .models import Request\n"
        "def request(url):\n    return Request(url)\n"
        "def get(url):\n    return request(url)\n"
    ),
    "httplike/structures.py": "from httplike.compat import MutableMapping\nclass CaseInsensitiveDict(MutableMapping):\n"
                              "    pass\n",
}


def test_fix_keeps_reexports_and_the_package_imports(tmp_path):
    import subprocess
    import sys

    root = write(tmp_path / "proj", HTTPLIKE)
    run = run_cli("scan", ".", "--fix", "--select", "PY002", "--no-cache", "--format", "json", cwd=root)
    assert run.code in (0, 1), run.err
    compat = (root / "httplike/compat.py").read_text()
    utils = (root / "httplike/utils.py").read_text()
    models = (root / "httplike/models.py").read_text()
    init = (root / "httplike/__init__.py").read_text()
    # what is really unused went away...
    assert "import os\n" not in compat and "import json\n" not in utils
    # ...re-exports stayed, with their formatting
    assert init == HTTPLIKE["httplike/__init__.py"]
    assert "from urllib.parse import (\n    quote,\n    unquote,\n    urljoin,\n    urlparse,\n)\n" in compat
    assert "from collections.abc import Mapping, MutableMapping\n" in compat
    # MutableMapping is unused in models and nobody imports it from there: removed, the rest kept
    assert "from .compat import (\n    urljoin,\n)\n" in models and "from . import compat\n" in models
    assert not [f for f in run.json()["findings"] if f["rule_id"] == "PY002"]
    check = ("import httplike, httplike.structures, httplike.utils\n"
             "from httplike.compat import urljoin, quote, unquote, urlparse, Mapping, MutableMapping\n"
             "assert httplike.get('a%20b').url == 'http://h/a b'\n"
             "assert httplike.utils.requote('http://x/a b') == '/a%20b'\n")
    proc = subprocess.run([sys.executable, "-c", check], cwd=root, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_fix_keeps_the_formatting_of_a_multiline_import():
    code = "from a import (\n    b,  # keep b\n    c,\n    d,\n)\nfrom q import (\n    r,\n    s,\n)\nprint(b, d, r)\n"
    plan = make_plan(Config(select=("PY002",), fix=True))
    out = fix_source(Source.from_bytes("m.py", code.encode()), plan)
    assert out.after == "from a import (\n    b,  # keep b\n    d,\n)\nfrom q import (\n    r,\n)\nprint(b, d, r)\n"


_IMPORT_ALL = (
    "import importlib, json, sys, warnings\nwarnings.simplefilter('ignore')\nok = []\n"
    "for name in sys.argv[1:]:\n    try:\n        importlib.import_module(name)\n"
    "    except BaseException:\n        continue\n    ok.append(name)\nprint(json.dumps(ok))\n"
)


def _importable(base, names):
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(base), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-c", _IMPORT_ALL, *names], cwd=base, env=env,
                          capture_output=True, text=True, timeout=300)
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("package", ["jsonschema"])
def test_fix_leaves_a_real_installed_package_importable(tmp_path, package):
    """Real packages nobody here wrote (installed dependencies of the test environment, with
    unused imports the lint rules fix): copy one, import every module, `scan --fix`, import
    every module again from the copy. Nothing that imported before may stop importing.
    (`distlib` passes too, but its fixes take minutes on a loaded machine: see
    docs/notes/issue-17-lint-s3.md; `benchmarks/fix_check.py` runs the benchmark's packages.)"""
    import importlib.util
    import shutil

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"{package} is not installed")
    src = Path(next(iter(spec.submodule_search_locations)))
    base = tmp_path / "pkgs"
    shutil.copytree(src, base / package, ignore=shutil.ignore_patterns("__pycache__"))
    pristine = {p: p.read_bytes() for p in (base / package).rglob("*.py")}
    names = sorted(".".join(p.relative_to(base).with_suffix("").parts).removesuffix(".__init__") for p in pristine)
    before = _importable(base, names)
    assert f"{package}" in before

    run = run_cli("scan", ".", "--fix", "--select", "lint", "--no-cache", "--format", "json", "--fail-on", "never",
                  cwd=base)
    assert run.code == 0, run.err
    changed = [p for p, old in pristine.items() if p.read_bytes() != old]
    assert changed, "the default rules fix nothing here: the test would prove nothing"
    for p in changed:
        ast.parse(p.read_bytes(), str(p))
    assert before <= _importable(base, names)
