"""Accuracy of the data-flow rules on labeled suites, side by side with bandit.

Five blocks, reported separately:

- ``dev``: ``benchmarks/dataflow_cases/cwe-N/{vuln,safe}_*.py`` (130 cases), written by the same
  hands as the engine, while it was built.
- ``held-out``: ``benchmarks/dataflow_cases/heldout/cwe-N/{vuln,safe}_*.py``, written blind (without
  reading the engine, its rules or the dev cases) and committed, labeled, before the scanner first ran
  on them: the honest estimate of accuracy on unseen code.
- ``held-out multi-file``: ``benchmarks/dataflow_cases/heldout/cwe-N/{vuln,safe}_<name>/``, each a small
  project (a package or two, relative imports, ``import pkg.mod as m``) whose flow crosses modules.
- ``held-out 2``, single file and multi-file: ``benchmarks/dataflow_cases/heldout2/`` laid out the same way,
  a second blind set written by other hands while the engine was being tuned on the first one.

A ``vuln_`` case holds one flow from untrusted input to a CWE-N sink; a ``safe_`` case does the same job
safely (parameters, sanitizers, allow lists, constants...). A tool "flags" a case for CWE-N when it
reports any finding of its checks for that weakness in the file, or anywhere in the directory for a
directory case (scanner: the DF rule whose ``cwe`` is N; bandit: the test ids mapped below). Prints the
true positive rate (flagged vulnerable cases / vulnerable cases) and the false positive rate (flagged
safe cases / safe cases) per CWE and overall, per block.

Isolation: single-file cases are scanned in one run; each directory case is copied into its own
temporary directory and scanned there as the scan root (as a user scans a project), so its modules
resolve against its own files only and never against another case's package of the same name.

    python benchmarks/dataflow_accuracy.py [--misses] [--block dev|heldout|multi|heldout2|multi2]

Needs bandit in the same environment (``pip install bandit``); without it, only scanner's column.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "dataflow_cases"
# Held-out set directory -> (block of its single-file cases, block of its directory cases).
HELDOUT = {"heldout": ("heldout", "multi"), "heldout2": ("heldout2", "multi2")}
sys.path.insert(0, str(ROOT))

# bandit's checks for each weakness (calls and functions only; B4xx import-only checks would flag
# safe and vulnerable files alike). bandit has no path traversal, open redirect or log check.
BANDIT = {
    89: {"B608", "B610", "B611"},
    78: {"B602", "B603", "B604", "B605", "B606", "B607", "B609"},
    95: {"B102", "B307"},
    502: {"B301", "B302", "B506"},
    22: set(),
    918: {"B310"},
    79: {"B701", "B703", "B704"},
    601: set(),
    611: {"B313", "B314", "B315", "B316", "B317", "B318", "B319", "B320"},
    532: set(),
}

BLOCKS = {
    "dev": "dev set (written with the engine)",
    "heldout": "held-out, single file",
    "multi": "held-out, multi-file (cross-module)",
    "heldout2": "held-out 2, single file",
    "multi2": "held-out 2, multi-file (cross-module)",
}


@dataclass(frozen=True)
class Case:
    rel: str  # POSIX path relative to the cases root: a .py file, or the directory of a multi-file case
    cwe: int
    vulnerable: bool
    block: str  # a key of BLOCKS
    is_dir: bool


def _is_case(entry: Path) -> bool:
    if not entry.name.startswith(("vuln_", "safe_")):
        return False
    return any(entry.rglob("*.py")) if entry.is_dir() else entry.suffix == ".py"


def _cases_under(base: Path, cases_root: Path, blocks: tuple[str, str]) -> list[Case]:
    out = []
    for entry in sorted(base.glob("cwe-*/*")):
        if not entry.parent.name[4:].isdigit() or not _is_case(entry):
            continue
        is_dir = entry.is_dir()
        block = blocks[is_dir]
        out.append(Case(entry.relative_to(cases_root).as_posix(), int(entry.parent.name[4:]),
                        entry.name.startswith("vuln_"), block, is_dir))
    return out


def labeled_cases(cases_root: Path = CASES) -> list[Case]:
    """Every labeled case under ``cases_root`` (dev cases first, then each held-out set), sorted by path."""
    out = _cases_under(cases_root, cases_root, ("dev", "dev"))
    for name, blocks in HELDOUT.items():
        out += _cases_under(cases_root / name, cases_root, blocks)
    return out


def case_of(rel_file: str, case_rels) -> str | None:
    """The case (a rel in ``case_rels``) that a file, given relative to the cases root, belongs to.

    A case is ``cwe-N/<name>`` or ``<held-out set>/cwe-N/<name>``, so its key is the path's first two or three parts.
    """
    parts = rel_file.split("/")
    key = "/".join(parts[:3 if parts[0] in HELDOUT else 2])
    return key if key in case_rels else None


def _cwes_found(result, cwe_of: dict) -> dict[str, set[int]]:
    """CWEs of the findings in a scan result, per file path relative to the cases root."""
    out: dict[str, set[int]] = defaultdict(set)
    for f in result.findings:
        out[(Path(result.root) / f.path).resolve().as_posix()].update(cwe_of.get(f.rule_id, ()))
    return out


def run_scanner(cases: list[Case]) -> tuple[dict[str, set[int]], float]:
    from scanner import registry
    from scanner.config import Config
    from scanner.engine import make_plan, scan_paths

    cwe_of = {m.id: m.cwe for m in registry.build().metas.values() if m.family == "data-flow"}
    plan = make_plan(Config(select=("data-flow",)))
    flagged: dict[str, set[int]] = defaultdict(set)
    start = time.perf_counter()
    files = [CASES / c.rel for c in cases if not c.is_dir]
    if files:
        for path, cwes in _cwes_found(scan_paths(files, plan=plan, jobs=1), cwe_of).items():
            flagged[Path(path).relative_to(CASES).as_posix()] |= cwes
    with tempfile.TemporaryDirectory(prefix="dfcases-") as tmp:
        # scanner: ignore[CX002] each case's own findings only: linear in all findings
        for i, case in enumerate(c for c in cases if c.is_dir):
            project = Path(tmp) / f"{i:03d}" / Path(case.rel).name
            shutil.copytree(CASES / case.rel, project, ignore=shutil.ignore_patterns("__pycache__"))
            found = _cwes_found(scan_paths([project], plan=plan, jobs=1), cwe_of)
            flagged[case.rel] = set().union(*found.values())
    return flagged, time.perf_counter() - start


def run_bandit(cases: list[Case]) -> tuple[dict[str, set[int]], float] | None:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bandit", "-r", str(CASES), "-f", "json", "-q"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if not proc.stdout.strip().startswith("{"):
        return None
    case_rels = {c.rel for c in cases}
    cwe_of_test = {test: cwe for cwe, tests in BANDIT.items() for test in tests}
    flagged: dict[str, set[int]] = defaultdict(set)
    for issue in json.loads(proc.stdout)["results"]:
        rel = case_of(Path(issue["filename"]).resolve().relative_to(CASES).as_posix(), case_rels)
        if rel and issue["test_id"] in cwe_of_test:
            flagged[rel].add(cwe_of_test[issue["test_id"]])
    return flagged, seconds


def rates(cases: list[Case], flagged) -> tuple[dict, list[str]]:
    """Counts per CWE (and "all"), and the misses as "FN path" / "FP path" lines in CWE order."""
    per: dict = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "tn": 0})
    misses = []
    for case in sorted(cases, key=lambda c: (c.cwe, c.rel)):
        hit = case.cwe in flagged.get(case.rel, set())
        kind = ("tp" if hit else "fn") if case.vulnerable else ("fp" if hit else "tn")
        per[case.cwe][kind] += 1
        per["all"][kind] += 1
        if kind in ("fn", "fp"):
            misses.append(f"{kind.upper()} {case.rel}{'/' if case.is_dir else ''}")
    return per, misses


def fmt(cell) -> str:
    pos, neg = cell["tp"] + cell["fn"], cell["fp"] + cell["tn"]
    tpr = cell["tp"] / pos if pos else 0.0
    fpr = cell["fp"] / neg if neg else 0.0
    return f"{tpr:5.2f} {fpr:5.2f}"


def table_rows(mine: dict, theirs: dict | None) -> list[str]:
    rows = [f"{'CWE':>8} {'cases':>5}   {'scanner TPR  FPR':>17}   {'bandit TPR  FPR':>16}"]
    for key in sorted(k for k in mine if k != "all") + ["all"]:
        n = sum(mine[key][k] for k in ("tp", "fn", "fp", "tn"))
        other = fmt(theirs[key]) if theirs else "   n/a"
        if theirs and key != "all" and not BANDIT.get(key):
            other = " (no check)"
        rows.append(f"{key!s:>8} {n:>5}   {fmt(mine[key]):>17}   {other:>16}")
    return rows


def print_block(title: str, cases: list[Case], ours, theirs, misses: bool) -> None:
    mine, missed = rates(cases, ours)
    other = rates(cases, theirs)[0] if theirs is not None else None
    n_v = sum(1 for c in cases if c.vulnerable)
    print(f"== {title}: {len(cases)} labeled cases ({n_v} vulnerable, {len(cases) - n_v} safe)\n")
    print("\n".join(table_rows(mine, other)))
    if misses and missed:
        print("\n" + "\n".join("  scanner " + line for line in missed))
    print()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--misses", action="store_true", help="list false negatives and false positives per block")
    ap.add_argument("--block", choices=sorted(BLOCKS), action="append",
                    help="report only this block (repeatable; default: all)")
    args = ap.parse_args()
    cases = [c for c in labeled_cases() if not args.block or c.block in args.block]
    ours, our_s = run_scanner(cases)
    bandit = run_bandit(cases)
    theirs = bandit[0] if bandit else None
    for block, title in BLOCKS.items():
        in_block = [c for c in cases if c.block == block]
        if in_block:
            print_block(title, in_block, ours, theirs, args.misses)
    if len({c.block for c in cases}) > 1:
        print_block("overall (all blocks)", cases, ours, theirs, False)
    print(f"scanner: {our_s:.2f} s" + (f"; bandit: {bandit[1]:.2f} s" if bandit else "; bandit not installed"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
