"""Agreement of scanner's Python lint rules with ruff on a real code base.

Runs ``scanner scan --select lint`` and ``ruff check`` on the same files (both honour the same
``# noqa`` comments; pass --ignore-noqa to compare raw detections) and prints, for every scanner rule with a ruff
equivalent, precision and recall against ruff's findings (matched by file and line), with every
disagreement listed so it can be judged.

    python benchmarks/lint_agreement.py [--tree DIR] [--paths django tests] [--max-list 30]

Without --tree, the Django 5.2.19 sdist is fetched with ``pip download`` into a temp dir.
Needs ``ruff`` on PATH or next to this interpreter (it is not a project dependency).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_NOQA = False
sys.path.insert(0, str(ROOT))


def _ruff() -> str:
    here = Path(sys.executable).with_name("ruff")
    found = str(here) if here.exists() else shutil.which("ruff")
    if not found:
        sys.exit("ruff not found: pip install ruff")
    return found


def fetch_django(dest: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "django==5.2.19", "--no-deps",
                    "--no-binary", ":all:", "-d", str(dest)], check=True)
    archive = next(dest.glob("*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    return next(p for p in dest.iterdir() if p.is_dir())


def pairs() -> dict[str, set[str]]:
    """scanner rule id -> the ruff codes it names in `equivalents`."""
    from scanner import registry

    out = {}
    for meta in registry.build().metas.values():
        codes = {e.split(":", 1)[1] for e in meta.equivalents if e.startswith("ruff:")}
        if meta.id.startswith("PY") and codes and meta.id != "PY001":
            out[meta.id] = codes
    return out


def run_scanner(tree: Path, paths: list[str], jobs: int) -> tuple[dict[str, set], float]:
    if os.environ.get("LINT_AGREEMENT_SCANNER_JSON"):  # reuse a saved scanner JSON report
        found: dict[str, set] = defaultdict(set)
        saved = Path(os.environ["LINT_AGREEMENT_SCANNER_JSON"]).read_text(encoding="utf-8")
        for f in json.loads(saved)["findings"]:
            found[f["rule_id"]].add((f["path"], f["line"], f["message"]))
        return found, float("nan")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "scanner", "scan", *paths, "--select", "lint", "--format",
                           "json", "--jobs", str(jobs), "--no-cache"], cwd=tree, env=env,
                          capture_output=True, text=True)
    secs = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        sys.exit(f"scanner failed: {proc.stderr[-2000:]}")
    found: dict[str, set] = defaultdict(set)
    for f in json.loads(proc.stdout)["findings"]:
        found[f["rule_id"]].add((f["path"], f["line"], f["message"]))
    return found, secs


def run_ruff(tree: Path, paths: list[str], codes: set[str]) -> tuple[dict[str, set], float]:
    t = time.perf_counter()
    noqa = ["--ignore-noqa"] if IGNORE_NOQA else []
    proc = subprocess.run([_ruff(), "check", "--isolated", *noqa, "--preview", "--no-cache",
                           "--select", ",".join(sorted(codes)), "--output-format", "json", "--exit-zero",
                           "--target-version", "py312", *paths], cwd=tree, capture_output=True, text=True)
    secs = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"ruff failed: {proc.stderr[-2000:]}")
    found: dict[str, set] = defaultdict(set)
    for f in json.loads(proc.stdout or "[]"):
        rel = Path(f["filename"]).resolve().relative_to(tree.resolve()).as_posix()
        found[f["code"]].add((rel, f["location"]["row"], f["message"]))
    return found, secs


def compare(ours: set, theirs: set) -> tuple[set, set, set]:
    a = {(p, ln) for p, ln, _ in ours}
    b = {(p, ln) for p, ln, _ in theirs}
    return a & b, a - b, b - a


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, help="source tree (default: fetch Django 5.2.19)")
    ap.add_argument("--paths", nargs="*", default=["django", "tests"])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--max-list", type=int, default=40, help="disagreements listed per rule and side")
    ap.add_argument("--ignore-noqa", action="store_true",
                    help="ruff ignores # noqa (scanner still honours it: expect only-ruff lines)")
    args = ap.parse_args()
    global IGNORE_NOQA
    IGNORE_NOQA = args.ignore_noqa
    tmp = None
    tree = args.tree
    if tree is None:
        tmp = Path(tempfile.mkdtemp(prefix="lint-agreement-"))
        tree = fetch_django(tmp)
    try:
        mapping = pairs()
        codes = set().union(*mapping.values())
        ours, t_ours = run_scanner(tree, args.paths, args.jobs)
        theirs, t_ruff = run_ruff(tree, args.paths, codes)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"tree: {tree}  paths: {' '.join(args.paths)}")
    print(f"scanner --select lint: {t_ours:.1f}s wall   ruff (paired codes): {t_ruff:.1f}s wall\n")
    print(f"{'rule':<7} {'ruff':<22} {'ours':>5} {'ruff':>5} {'both':>5} {'precision':>9} {'recall':>7}")
    lines = []
    for rid, rcodes in sorted(mapping.items()):
        mine = ours.get(rid, set())
        other = set().union(*(theirs.get(c, set()) for c in rcodes))
        both, only_ours, only_ruff = compare(mine, other)
        prec = len(both) / len({(p, ln) for p, ln, _ in mine}) if mine else float("nan")
        rec = len(both) / len({(p, ln) for p, ln, _ in other}) if other else float("nan")
        print(f"{rid:<7} {','.join(sorted(rcodes))[:22]:<22} {len(mine):>5} {len(other):>5} {len(both):>5} "
              f"{prec:>9.3f} {rec:>7.3f}")
        msgs_ours = {(p, ln): m for p, ln, m in mine}
        msgs_ruff = {(p, ln): m for p, ln, m in other}
        for label, keys, msgs in (("only scanner", only_ours, msgs_ours), ("only ruff", only_ruff, msgs_ruff)):
            for p, ln in sorted(keys)[: args.max_list]:
                lines.append(f"{rid} {label}: {p}:{ln}: {msgs[(p, ln)][:110]}")
            if len(keys) > args.max_list:
                lines.append(f"{rid} {label}: ... {len(keys) - args.max_list} more")
    print("\nDisagreements:")
    print("\n".join(lines) or "(none)")


if __name__ == "__main__":
    main()
