"""Time the secret rules on a real tree, one core, in process.

    python benchmarks/secrets_speed.py PATH [PATH ...]

Prints the time to read the files, the time of the secret rules with the Aho-Corasick
prefilter (what ``scanner scan --select SEC`` runs), the same rules with the prefilter turned
off (every regex on every file), and the builtin regexes compiled with RE2 instead of Python's
``re``. Ratios matter more than seconds: the machine may be noisy.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.checks.secrets import patterns
from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source, looks_binary


def files(paths: list[str]) -> list[tuple[str, bytes]]:
    out = []
    for root in paths:
        for dirpath, _dirs, names in os.walk(root):
            for n in names:
                p = os.path.join(dirpath, n)
                try:
                    with open(p, "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue
                if not looks_binary(data):
                    out.append((os.path.relpath(p, root), data))
    return out


def run(corpus, plan) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    for path, data in corpus:
        n += len(scan_source(Source.from_bytes(path, data), plan).findings)
    return time.perf_counter() - start, n


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    t0 = time.perf_counter()
    corpus = files(argv)
    read = time.perf_counter() - t0
    mb = sum(len(d) for _, d in corpus) / 1e6
    print(f"{len(corpus)} text files, {mb:.1f} MB, read in {read:.2f} s")
    plan = make_plan(Config(select=("SEC",)))
    engine = patterns.load_engine()
    print(f"{len(engine.patterns)} secret patterns")
    run(corpus[:50], plan)  # warm the caches (entropy floors, grammars)

    bare, _ = run(corpus, make_plan(Config(select=("SEC",), ignore=("SEC",))))
    print(f"pipeline with no rule      : {bare:6.2f} s  (decode, context, suppression)")
    with_prefilter, n1 = run(corpus, plan)
    print(f"secret rules, prefilter on : {with_prefilter:6.2f} s  {n1} findings")

    everything = replace(engine, always=tuple(range(len(engine.patterns))), automaton=None)
    patterns.load_engine.cache_clear()
    original = patterns.load_engine
    patterns.load_engine = lambda extra=(): everything  # type: ignore[assignment]
    try:
        without, n2 = run(corpus, plan)
    finally:
        patterns.load_engine = original
    print(f"secret rules, prefilter off: {without:6.2f} s  {n2} findings  ({without / with_prefilter:.1f}x slower)")

    re2_patterns = []
    skipped = 0
    for p in engine.patterns:
        try:
            re2_patterns.append(replace(p, regex=patterns.compile_re2(p.regex.pattern, p.meta.id)))
        except Exception:  # noqa: BLE001 - lookaround or backreference: RE2 cannot
            re2_patterns.append(p)
            skipped += 1
    re2_engine = patterns.build_engine(re2_patterns)
    patterns.load_engine = lambda extra=(): re2_engine  # type: ignore[assignment]
    try:
        with_re2, n3 = run(corpus, plan)
    finally:
        patterns.load_engine = original
    print(f"secret rules, RE2 where it compiles ({len(engine.patterns) - skipped}/{len(engine.patterns)}): "
          f"{with_re2:6.2f} s  {n3} findings  ({with_re2 / with_prefilter:.2f}x the re time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
