"""Case discovery and labeling of benchmarks/dataflow_accuracy.py (not its results)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("dataflow_accuracy", ROOT / "benchmarks" / "dataflow_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _touch(path: Path, text: str = "x = 1\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_discovery_labels_files_and_directory_cases(bench, tmp_path):
    _touch(tmp_path / "cwe-89" / "vuln_a.py")
    _touch(tmp_path / "cwe-89" / "safe_b.py")
    _touch(tmp_path / "cwe-89" / "helper.py")  # no vuln_/safe_ prefix: not a case
    _touch(tmp_path / "cwe-89" / "vuln_notes.txt")  # not Python
    _touch(tmp_path / "heldout" / "cwe-78" / "safe_c.py")
    _touch(tmp_path / "heldout" / "cwe-78" / "vuln_pkg" / "app" / "__init__.py")
    _touch(tmp_path / "heldout" / "cwe-78" / "vuln_pkg" / "app" / "run.py")
    _touch(tmp_path / "heldout" / "cwe-22" / "safe_proj" / "main.py")
    (tmp_path / "heldout" / "cwe-22" / "vuln_empty").mkdir(parents=True)  # no Python inside: not a case
    _touch(tmp_path / "heldout" / "notes" / "vuln_z.py")  # not under cwe-N
    _touch(tmp_path / "heldout2" / "cwe-601" / "vuln_d.py")
    _touch(tmp_path / "heldout2" / "cwe-601" / "safe_pkg" / "app" / "views.py")
    _touch(tmp_path / "heldout3" / "cwe-601" / "vuln_e.py")  # not a known held-out set
    cases = {c.rel: c for c in bench.labeled_cases(tmp_path)}
    assert set(cases) == {"cwe-89/vuln_a.py", "cwe-89/safe_b.py", "heldout/cwe-78/safe_c.py",
                          "heldout/cwe-78/vuln_pkg", "heldout/cwe-22/safe_proj",
                          "heldout2/cwe-601/vuln_d.py", "heldout2/cwe-601/safe_pkg"}
    a, b, c = cases["cwe-89/vuln_a.py"], cases["cwe-89/safe_b.py"], cases["heldout/cwe-78/safe_c.py"]
    assert (a.cwe, a.vulnerable, a.block, a.is_dir) == (89, True, "dev", False)
    assert (b.cwe, b.vulnerable, b.block, b.is_dir) == (89, False, "dev", False)
    assert (c.cwe, c.vulnerable, c.block, c.is_dir) == (78, False, "heldout", False)
    pkg, proj = cases["heldout/cwe-78/vuln_pkg"], cases["heldout/cwe-22/safe_proj"]
    assert (pkg.cwe, pkg.vulnerable, pkg.block, pkg.is_dir) == (78, True, "multi", True)
    assert (proj.cwe, proj.vulnerable, proj.block, proj.is_dir) == (22, False, "multi", True)
    d, pkg2 = cases["heldout2/cwe-601/vuln_d.py"], cases["heldout2/cwe-601/safe_pkg"]
    assert (d.cwe, d.vulnerable, d.block, d.is_dir) == (601, True, "heldout2", False)
    assert (pkg2.cwe, pkg2.vulnerable, pkg2.block, pkg2.is_dir) == (601, False, "multi2", True)


def test_files_inside_a_directory_case_belong_to_it(bench, tmp_path):
    _touch(tmp_path / "heldout" / "cwe-78" / "vuln_pkg" / "app" / "run.py")
    _touch(tmp_path / "heldout" / "cwe-78" / "vuln_pkg2.py")
    cases = {c.rel for c in bench.labeled_cases(tmp_path)}
    assert bench.case_of("heldout/cwe-78/vuln_pkg/app/run.py", cases) == "heldout/cwe-78/vuln_pkg"
    assert bench.case_of("heldout/cwe-78/vuln_pkg2.py", cases) == "heldout/cwe-78/vuln_pkg2.py"
    assert bench.case_of("heldout/cwe-78/vuln_pkg_other/x.py", cases) is None
    assert bench.case_of("cwe-78/vuln_pkg/app/run.py", cases) is None  # same name, dev block: another case
    _touch(tmp_path / "heldout2" / "cwe-78" / "vuln_pkg" / "app" / "run.py")
    cases = {c.rel for c in bench.labeled_cases(tmp_path)}
    assert bench.case_of("heldout2/cwe-78/vuln_pkg/app/run.py", cases) == "heldout2/cwe-78/vuln_pkg"
    assert bench.case_of("heldout/cwe-78/vuln_pkg/app/run.py", cases) == "heldout/cwe-78/vuln_pkg"


def test_the_committed_suite_has_all_three_blocks(bench):
    cases = {c.rel: c for c in bench.labeled_cases()}
    multi = cases["heldout/cwe-89/vuln_three_layer_chain"]
    assert (multi.cwe, multi.vulnerable, multi.block, multi.is_dir) == (89, True, "multi", True)
    safe_multi = cases["heldout/cwe-78/safe_cli_quote_module"]
    assert (safe_multi.cwe, safe_multi.vulnerable, safe_multi.block) == (78, False, "multi")
    single = cases["heldout/cwe-611/safe_flask_defusedxml.py"]
    assert (single.cwe, single.vulnerable, single.block, single.is_dir) == (611, False, "heldout", False)
    for block in ("dev", "heldout", "multi"):
        for cwe in (89, 78, 95, 502, 22, 918, 79, 601, 611, 532):
            labels = {c.vulnerable for c in cases.values() if c.block == block and c.cwe == cwe}
            assert labels == {True, False}, (block, cwe)


def test_the_committed_second_held_out_set(bench):
    cases = {c.rel: c for c in bench.labeled_cases()}
    chain = cases["heldout2/cwe-78/vuln_click_three_module_chain"]
    assert (chain.cwe, chain.vulnerable, chain.block, chain.is_dir) == (78, True, "multi2", True)
    single = cases["heldout2/cwe-601/safe_django_url_has_allowed_host.py"]
    assert (single.cwe, single.vulnerable, single.block, single.is_dir) == (601, False, "heldout2", False)
    for cwe in (89, 78, 95, 502, 22, 918, 79, 601, 611, 532):
        singles = [c.vulnerable for c in cases.values() if c.block == "heldout2" and c.cwe == cwe]
        assert sorted(singles) == [False, False, False, True, True, True], cwe
        assert len([c for c in cases.values() if c.block == "multi2" and c.cwe == cwe]) == 1, cwe
