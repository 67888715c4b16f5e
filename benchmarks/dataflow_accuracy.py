"""Accuracy of the data-flow rules on a labeled suite, side by side with bandit.

The suite is ``benchmarks/dataflow_cases/cwe-N/{vuln,safe}_*.py``: small, realistic Flask, Django,
FastAPI, CLI and socket handlers written for this project, one per file. A ``vuln_`` file holds one
flow from untrusted input to a CWE-N sink; a ``safe_`` file does the same job safely (parameters,
sanitizers, allow lists, constants, a reassigned variable...).

A tool "flags" a file for CWE-N when it reports any finding of its checks for that weakness in the
file (scanner: the DF rule whose ``cwe`` is N; bandit: the test ids mapped below). Prints the true
positive rate (flagged vulnerable files / vulnerable files) and the false positive rate (flagged
safe files / safe files) per CWE and overall.

    python benchmarks/dataflow_accuracy.py [--misses]

Needs bandit in the same environment (``pip install bandit``); without it, only scanner's column.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "dataflow_cases"
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


def labeled_cases() -> list[tuple[str, int, bool]]:
    out = []
    for path in sorted(CASES.glob("cwe-*/*.py")):
        cwe = int(path.parent.name.split("-")[1])
        if path.name.startswith(("vuln_", "safe_")):
            out.append((path.relative_to(CASES).as_posix(), cwe, path.name.startswith("vuln_")))
    return out


def run_scanner() -> tuple[dict[str, set[int]], float]:
    from scanner import registry
    from scanner.config import Config
    from scanner.engine import scan_paths

    cwe_of = {m.id: m.cwe for m in registry.build().metas.values() if m.family == "data-flow"}
    start = time.perf_counter()
    result = scan_paths([CASES], Config(select=("data-flow",)), jobs=1)
    seconds = time.perf_counter() - start
    flagged: dict[str, set[int]] = defaultdict(set)
    for f in result.findings:
        rel = (Path(result.root) / f.path).resolve().relative_to(CASES).as_posix()
        flagged[rel].update(cwe_of.get(f.rule_id, ()))
    return flagged, seconds


def run_bandit() -> tuple[dict[str, set[int]], float] | None:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bandit", "-r", str(CASES), "-f", "json", "-q"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if not proc.stdout.strip().startswith("{"):
        return None
    flagged: dict[str, set[int]] = defaultdict(set)
    for issue in json.loads(proc.stdout)["results"]:
        rel = Path(issue["filename"]).resolve().relative_to(CASES).as_posix()
        for cwe, tests in BANDIT.items():
            if issue["test_id"] in tests:
                flagged[rel].add(cwe)
    return flagged, seconds


def rates(cases, flagged) -> dict:
    per: dict = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0, "tn": 0, "misses": []})
    for rel, cwe, vulnerable in cases:
        for key in (cwe, "all"):
            hit = cwe in flagged.get(rel, set())
            cell = per[key]
            kind = ("tp" if hit else "fn") if vulnerable else ("fp" if hit else "tn")
            cell[kind] += 1
            if kind in ("fn", "fp") and key != "all":
                cell["misses"].append(f"{kind.upper()} {rel}")
    return per


def fmt(cell) -> str:
    pos, neg = cell["tp"] + cell["fn"], cell["fp"] + cell["tn"]
    tpr = cell["tp"] / pos if pos else 0.0
    fpr = cell["fp"] / neg if neg else 0.0
    return f"{tpr:5.2f} {fpr:5.2f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--misses", action="store_true", help="list false negatives and false positives")
    args = ap.parse_args()
    cases = labeled_cases()
    ours, our_s = run_scanner()
    bandit = run_bandit()
    mine = rates(cases, ours)
    theirs = rates(cases, bandit[0]) if bandit else None
    n_v = sum(1 for c in cases if c[2])
    print(f"{len(cases)} labeled cases ({n_v} vulnerable, {len(cases) - n_v} safe)\n")
    print(f"{'CWE':>8} {'cases':>5}   {'scanner TPR  FPR':>17}   {'bandit TPR  FPR':>16}")
    for key in sorted(k for k in mine if k != "all") + ["all"]:
        cell = mine[key]
        n = sum(cell[k] for k in ("tp", "fn", "fp", "tn"))
        other = fmt(theirs[key]) if theirs else "   n/a"
        if theirs and key != "all" and not BANDIT.get(key):
            other = " (no check)"
        print(f"{key!s:>8} {n:>5}   {fmt(cell):>17}   {other:>16}")
    print(f"\nscanner: {our_s:.2f} s" + (f"; bandit: {bandit[1]:.2f} s" if bandit else "; bandit not installed"))
    if args.misses:
        for key in sorted(k for k in mine if k != "all"):
            for line in mine[key]["misses"]:
                print("scanner", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
