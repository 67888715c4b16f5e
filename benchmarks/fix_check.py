"""Does ``scanner scan --fix`` leave real packages importable?

For each package source tree (an unpacked sdist, or a ``.tar.gz``/``.zip`` sdist) under DIR:
copy it to a temp dir, import every module of its package(s) in a fresh interpreter (the set of
modules that import is the baseline: a module that needs an uninstalled dependency is left out
of the comparison), run ``scanner scan --fix`` on the copy, import every module again, and report
any module that imported before and does not now, with the fixes that were applied. Also checks
that every fixed file still compiles.

    python benchmarks/fix_check.py DIR [--select lint] [--keep]

DIR is yours: e.g. ``pip download --no-binary :all: --no-deps attrs==24.2.0 urllib3==2.2.3 ...``.
Nothing is downloaded here. Exit code 1 when a package lost a module or a file stopped compiling.
Importing a package runs its code: point this only at packages you would install.
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
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

IMPORT_ALL = r"""
import importlib, json, os, sys, warnings
warnings.simplefilter("ignore")
base, names = sys.argv[1], sys.argv[2:]
ok = []
for name in names:
    try:
        importlib.import_module(name)
    except BaseException:
        continue
    ok.append(name)
print(json.dumps(ok))
"""


def _unpack(item: Path, into: Path) -> Path | None:
    if item.is_dir():
        dest = into / item.name
        shutil.copytree(item, dest, symlinks=True)
        return dest
    if item.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(item) as tf:
            tf.extractall(into, filter="data")
    elif item.suffix == ".zip":
        with zipfile.ZipFile(item) as zf:
            zf.extractall(into)
    else:
        return None
    dirs = [d for d in into.iterdir() if d.is_dir()]
    return dirs[0] if len(dirs) == 1 else None


def _packages(tree: Path) -> tuple[Path, list[str]]:
    """(the directory to put on sys.path, the dotted names of every module of its packages)."""
    for base in (tree / "src", tree / "lib", tree):
        if not base.is_dir():
            continue
        pkgs = [d for d in sorted(base.iterdir()) if (d / "__init__.py").is_file()
                and d.name not in ("tests", "test", "docs", "examples")]
        if pkgs:
            names = []
            for pkg in pkgs:
                for f in sorted(pkg.rglob("*.py")):
                    rel = f.relative_to(base).with_suffix("")
                    parts = list(rel.parts)
                    if parts[-1] == "__init__":
                        parts.pop()
                    if all(p.isidentifier() for p in parts):
                        names.append(".".join(parts))
            return base, names
    return tree, []


def _importable(base: Path, names: list[str]) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(base)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run([sys.executable, "-c", IMPORT_ALL, str(base), *names], cwd=base, env=env,
                          capture_output=True, text=True, timeout=900)
    try:
        return set(json.loads(proc.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return set()


def _fix(tree: Path, select: str) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "scanner", "scan", ".", "--fix", "--select", select, "--no-cache",
                           "--fail-on", "never", "--format", "json"], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=3600)
    return proc.returncode, proc.stderr


def _changed(before: Path, after: Path) -> list[str]:
    out = []
    for f in sorted(after.rglob("*.py")):
        rel = f.relative_to(after)
        old = before / rel
        if old.is_file() and old.read_bytes() != f.read_bytes():
            out.append(rel.as_posix())
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--select", default="lint", help="rules whose fixes to apply (default: every lint rule)")
    ap.add_argument("--keep", action="store_true", help="keep the fixed copies (their path is printed)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fix_check_"))
    failed = False
    for item in sorted(args.dir.iterdir()):
        pristine = _unpack(item, work / f"{item.name}.orig")
        if pristine is None:
            continue
        tree = work / f"{item.name}.fixed"
        shutil.copytree(pristine, tree, symlinks=True)
        base, names = _packages(tree)
        before = _importable(base, names)
        code, err = _fix(tree, args.select)
        changed = _changed(pristine, tree)
        after = _importable(base, names)
        lost = sorted(before - after)
        broken = []
        for rel in changed:
            try:
                compile((tree / rel).read_bytes(), rel, "exec", dont_inherit=True)
            except SyntaxError as exc:
                broken.append(f"{rel}: {exc.msg}")
        status = "OK" if not lost and not broken and code in (0, 1) else "FAIL"
        failed |= status == "FAIL"
        print(f"{status} {item.name}: {len(changed)} files fixed; {len(before)}/{len(names)} modules import "
              f"before, {len(after)} after" + (f"; LOST {lost}" if lost else "") +
              (f"; NO LONGER COMPILE {broken}" if broken else "") + (f"; scanner exit {code}: {err[-300:]}"
                                                                    if code not in (0, 1) else ""))
    if args.keep:
        print(f"fixed copies kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
