#!/usr/bin/env python3
"""Side-by-side benchmark: scanner against the tools it replaces, on pinned real source trees.

Downloads (once, into ``benchmarks/.work/``, which git ignores):
  * Django 5.2.19 sdist from PyPI (``pip download --no-binary :all:``): the Python tree;
  * ``three@0.170.0`` from npm (``npm pack``): the JavaScript / tree-sitter tree;
  * the peers into their own venv (``benchmarks/.work/venv``): bandit, detect-secrets, ruff,
    radon, trufflehog3, pinned below. They are not project dependencies.

Then runs every case on the same tree in one process, round-robin (each round in a rotated order,
so machine noise is spread over all cases), and prints the median wall time, CPU time (user+sys of
the process and every child it waited for, from ``wait4``) and peak memory (sum of the RSS of the
process tree, sampled every 20 ms; plus the largest single process from ``wait4``), then the ratios
scanner/peer. ``--write`` puts the table and the machine description into ``benchmarks/README.md``.

    python benchmarks/run.py                 # 3 rounds, everything
    python benchmarks/run.py --rounds 1 --only scanner
    python benchmarks/run.py --write         # update benchmarks/README.md

Nothing here is a test: speed is measured, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
DJANGO = "5.2.19"
NPM_PACKAGE, NPM_VERSION = "three", "0.170.0"
PEERS = ["bandit==1.8.6", "detect-secrets==1.5.0", "ruff==0.14.5", "radon==6.0.1", "trufflehog3==3.0.10"]
PRECOMMIT_FILES = 10


# ----- setup -----------------------------------------------------------------------------------


def _run(cmd: list[str], **kw) -> None:
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


def _extract(archive: Path, dest: Path, strip_to: str) -> Path:
    """Unpack ``archive`` into ``dest`` (owned by us: git refuses trees owned by someone else)."""
    if not dest.exists():
        tmp = dest.with_name(dest.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        (tmp / strip_to).rename(dest)
        shutil.rmtree(tmp, ignore_errors=True)
    if not (dest / ".git").exists():
        # Its own repository, so discovery lists it with `git ls-files` as in a real checkout
        # (the scanner checkout's .gitignore would otherwise hide everything under .work/).
        _run(["git", "init", "-q", str(dest)])
    return dest


def setup() -> dict[str, Path]:
    WORK.mkdir(exist_ok=True)
    sdist = WORK / f"django-{DJANGO}.tar.gz"
    if not sdist.exists():
        _run([sys.executable, "-m", "pip", "download", f"django=={DJANGO}", "--no-deps", "--no-binary", ":all:",
              "-d", str(WORK), "-q"])
    django = _extract(sdist, WORK / f"django-{DJANGO}", f"django-{DJANGO}")
    tgz = WORK / f"{NPM_PACKAGE}-{NPM_VERSION}.tgz"
    if not tgz.exists():
        _run(["npm", "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--silent"], cwd=WORK)
    js = _extract(tgz, WORK / f"{NPM_PACKAGE}-{NPM_VERSION}", "package")
    venv = WORK / "venv"
    if not (venv / "bin" / "trufflehog3").exists():
        _run([sys.executable, "-m", "venv", str(venv)])
        _run([str(venv / "bin" / "pip"), "install", "-q", *PEERS])
    return {"django": django, "js": js, "bin": venv / "bin"}


# ----- measuring -------------------------------------------------------------------------------


def _tree_rss_kib(pid: int) -> int:
    """Sum of VmRSS over ``pid`` and its descendants (Linux /proc)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


@dataclass
class Sample:
    wall: float
    cpu: float
    tree_rss_mib: float
    max_rss_mib: float
    code: int


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> Sample:
    peak = [0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        # scanner: ignore[CX001] a 20 ms sampler over one process tree
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kib(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(f"  ! {cmd[:4]} exited {proc.returncode}: {err.strip()[-300:]}", file=sys.stderr)
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak[0] / 1024, usage.ru_maxrss / 1024, proc.returncode)


@dataclass
class Case:
    name: str
    cmd: list[str]
    cwd: Path
    prepare: list[str] | None = None  # run (unmeasured) before every measured run
    samples: list[Sample] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)


def precommit_files(tree: Path) -> list[str]:
    """Ten ordinary Python files, as a commit touching them would pass them: the ten closest to
    the median size of django/'s Python files, in path order (deterministic)."""
    files = sorted(p for p in (tree / "django").rglob("*.py"))
    sizes = sorted(p.stat().st_size for p in files)
    median = sizes[len(sizes) // 2]
    chosen = sorted(files, key=lambda p: (abs(p.stat().st_size - median), str(p)))[:PRECOMMIT_FILES]
    return sorted(str(p.relative_to(tree)) for p in chosen)


def cases(paths: dict[str, Path], only: str) -> list[Case]:
    py = sys.executable
    scan = [py, "-m", "scanner", "scan", "--no-color", "--fail-on", "never"]
    dj, js, b = paths["django"], paths["js"], paths["bin"]
    warm_dir = str(WORK / "cache-django")
    trees = ["django", "tests"]
    out = [
        Case("scanner full, cold", [*scan, "--no-cache", *trees], dj),
        Case("scanner secrets only", [*scan, "--no-cache", "--select", "secret", *trees], dj),
        Case("scanner warm re-scan", [*scan, "--cache-dir", warm_dir, *trees], dj,
             prepare=[*scan, "--cache-dir", warm_dir, *trees]),
        Case(f"scanner pre-commit ({PRECOMMIT_FILES} files)", [*scan, "--no-cache", *precommit_files(dj)], dj),
        Case("scanner full, cold, django/ only", [*scan, "--no-cache", "django"], dj),
        Case(f"scanner full, cold, {NPM_PACKAGE} (JS)", [*scan, "--no-cache", "."], js),
        Case("bandit", [str(b / "bandit"), "-q", "-r", *trees, "-f", "json", "-o", os.devnull], dj),
        Case("detect-secrets", [str(b / "detect-secrets"), "scan", "--all-files", *trees], dj),
        Case("trufflehog3", [str(b / "trufflehog3"), "--no-history", "-z", "-f", "JSON", "-o", os.devnull, *trees], dj),
        Case("ruff --select ALL", [str(b / "ruff"), "check", "--isolated", "--no-cache", "--select", "ALL",
                                   "--exit-zero", "-q", *trees], dj),
        Case("radon cc", [str(b / "radon"), "cc", "-s", *trees], dj),
    ]
    if only:
        out = [c for c in out if only in c.name]
    return out


RATIOS = [
    ("scanner full, cold", "bandit", "target: <= 1"),
    ("scanner full, cold", "ruff --select ALL", ""),
    ("scanner full, cold", "radon cc", ""),
    ("scanner secrets only", "detect-secrets", "target: <= 0.2"),
    ("scanner secrets only", "trufflehog3", "target: < 1"),
]


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                            if line.startswith("MemTotal")))
    except (OSError, StopIteration):
        mem_kib = 0
    return (f"{os.cpu_count()} CPUs (nproc), {cpu}, {mem_kib / 1024 / 1024:.1f} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"load average before the run {os.getloadavg()[0]:.2f}")


def report(all_cases: list[Case], rounds: int) -> str:
    lines = [
        f"Machine: {machine()}",
        f"Rounds: {rounds} (medians), cases alternated round-robin.",
        "",
        "| case | wall (s) | CPU (s) | CPU/wall | peak RSS, process tree (MiB) | largest process (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    by_name = {c.name: c for c in all_cases if c.samples}
    for c in by_name.values():
        wall, cpu = c.median("wall"), c.median("cpu")
        lines.append(f"| {c.name} | {wall:.2f} | {cpu:.2f} | {cpu / wall:.2f} | {c.median('tree_rss_mib'):.0f} | "
                     f"{c.median('max_rss_mib'):.0f} |")
    lines += ["", "| ratio (median wall) | value | |", "|---|---:|---|"]
    for a, b, note in RATIOS:
        if a in by_name and b in by_name:
            lines.append(f"| {a} / {b} | {by_name[a].median('wall') / by_name[b].median('wall'):.2f} | {note} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default="", help="run only cases whose name contains this")
    ap.add_argument("--write", action="store_true", help="write the results into benchmarks/README.md")
    args = ap.parse_args()

    paths = setup()
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    todo = cases(paths, args.only)
    # Warm-up, nothing measured: byte-compile every rule module (`scanner rules` imports them all)
    # and let each peer load once (page cache). Full scans are not repeated just to warm up.
    subprocess.run([sys.executable, "-m", "scanner", "rules"], cwd=REPO, env=env, stdout=subprocess.DEVNULL)
    for r in range(args.rounds):
        order = todo[r % len(todo):] + todo[: r % len(todo)]
        for c in order:
            if c.prepare:
                subprocess.run(c.prepare, cwd=c.cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            s = measure(c.cmd, c.cwd, env)
            c.samples.append(s)
            print(f"round {r + 1}: {c.name:<40} wall {s.wall:7.2f}s  cpu {s.cpu:7.2f}s  "
                  f"tree rss {s.tree_rss_mib:6.0f} MiB", file=sys.stderr, flush=True)
    text = report(todo, args.rounds)
    print(text)
    if args.write:
        readme = HERE / "README.md"
        head = readme.read_text("utf-8").split("<!-- results -->")[0] if readme.exists() else ""
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        readme.write_text(f"{head}<!-- results -->\n\nMeasured {stamp} at commit "
                          f"{_commit()}.\n\n{text}", "utf-8")
    return 0


def _commit() -> str:
    out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
