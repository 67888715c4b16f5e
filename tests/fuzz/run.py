"""The long fuzz run: every property of ``tests/fuzz/properties.py`` with many examples.

    python tests/fuzz/run.py [--examples N] [--minutes M] [--only NAME ...]

Runs each property for N examples (default 5,000) or until its share of M minutes is used up,
prints examples run and failures per property, and exits 1 if any property failed. Not part of
the test suite (CI runs the same properties with few examples in tests/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hypothesis import HealthCheck, given, settings

from tests.fuzz.properties import PROPERTIES


class OutOfTime(BaseException):  # not an Exception: hypothesis lets it through without shrinking
    pass


def run_one(name: str, examples: int, seconds: float) -> tuple[int, str]:
    fn, strategies = PROPERTIES[name]
    count = 0
    deadline = time.monotonic() + seconds

    def counted(**kwargs):
        nonlocal count
        if time.monotonic() > deadline:
            raise OutOfTime
        count += 1
        fn(**kwargs)

    test = settings(max_examples=examples, deadline=None, database=None, print_blob=True,
                    suppress_health_check=list(HealthCheck))(given(**strategies)(counted))
    try:
        test()
    except OutOfTime:
        return count, ""
    except Exception:  # noqa: BLE001 - report every failure, then go on with the next property
        return count, traceback.format_exc(limit=-3)
    return count, ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args()
    names = args.only or sorted(PROPERTIES)
    share = args.minutes * 60 / len(names)
    failed = 0
    total = 0
    for name in names:
        start = time.monotonic()
        count, error = run_one(name, args.examples, share)
        total += count
        status = "FAILED" if error else "ok"
        print(f"{name:<22} {count:>7} examples  {time.monotonic() - start:7.1f} s  {status}", flush=True)
        if error:
            failed += 1
            print(error, flush=True)
    print(f"total: {total} examples, {failed} propert{'y' if failed == 1 else 'ies'} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
