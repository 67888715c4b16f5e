"""Cost of the tree-sitter lint rules against the cost of parsing alone.

Usage: python benchmarks/treesitter_lint.py DIR [--select JS] [--repeat 3]

Prints, for the JavaScript/TypeScript/Go/Java files under DIR (what `scanner scan` would discover):
  parse       read + one tree-sitter parse of each file (the floor any tree-sitter linter pays)
  engine      the same files through the query engine in-process (prefilter, parse, one query)
  cli -j1     `python -m scanner scan --select SEL --no-cache -j 1 DIR` (start-up and reporting included)
  cli         the same with the default process pool
and each as a ratio to `parse`. Medians of --repeat runs. Nothing is asserted: read the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scanner.config import Config  # noqa: E402
from scanner.discovery import discover, find_root  # noqa: E402
from scanner.engine import make_plan, scan_source  # noqa: E402
from scanner.parsing import parse_ts  # noqa: E402
from scanner.source import Source  # noqa: E402

LANGS = {"javascript", "typescript", "tsx", "go", "java"}


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--select", default="JS")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    target = Path(args.dir).resolve()
    cfg = Config(select=(args.select,))
    found = discover([target], find_root([target]), cfg)
    paths = [c.abspath for c in found.candidates]
    sources = []
    for p in paths:
        data = Path(p).read_bytes()
        if len(data) > cfg.max_file_size:
            continue
        src = Source.from_bytes(str(p), data)
        if src.language in LANGS:
            sources.append((p, data))
    nbytes = sum(len(d) for _, d in sources)
    print(f"{len(sources)} files, {nbytes / 1e6:.1f} MB of JS/TS/Go/Java under {target}")

    def parse_all() -> None:
        for p, _ in sources:
            data = Path(p).read_bytes()
            parse_ts(Source.from_bytes(str(p), data))

    plan = make_plan(cfg)
    findings = []

    def engine_all() -> None:
        findings.clear()
        for p, _ in sources:
            data = Path(p).read_bytes()
            findings.extend(scan_source(Source.from_bytes(str(p), data), plan).findings)

    def cli(jobs: list[str]):
        cmd = [sys.executable, "-m", "scanner", "scan", "--select", args.select, "--no-cache",
               "--format", "json", "-o", os.devnull, *jobs, str(target)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        return lambda: subprocess.run(cmd, env=env, capture_output=True, check=False)

    parse_all()  # warm the grammars and the OS cache
    rows = [("parse", median_time(parse_all, args.repeat))]
    rows.append(("engine", median_time(engine_all, args.repeat)))
    rows.append(("cli -j1", median_time(cli(["-j", "1"]), args.repeat)))
    rows.append((f"cli -j{os.cpu_count()}", median_time(cli([]), args.repeat)))
    base = rows[0][1]
    for name, secs in rows:
        print(f"  {name:10s} {secs:7.2f} s   {secs / base:5.2f}x parse")
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f.rule_id] = by_rule.get(f.rule_id, 0) + 1
    print("  findings:", ", ".join(f"{k} {v}" for k, v in sorted(by_rule.items())) or "none")


if __name__ == "__main__":
    main()
