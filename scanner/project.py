"""The scanned project as Python sees it: module names -> the scanned files that define them.

Takes the scan's file list (``Candidate``s, or the paths of a git index for ``--staged``); answers
``resolve("app.db") -> "src/app/db.py"``, turns relative imports into absolute names, and reads a
module's bytes (from disk, or from the git index for a staged scan) with their SHA-256. Rules that
follow values across modules (the DF family) use it; the result cache uses it to check that what a
file's result depended on (:attr:`FileResult.depends`) is unchanged.

Names. A file gets up to three dotted names, tried in this order when two files claim one name:
1. from its *package root*: the nearest ancestor directory without an ``__init__.py`` (so
   ``src/app/db.py`` with ``src/app/__init__.py`` is ``app.db``; ``tests/admin_views/views.py``
   with ``tests/admin_views/__init__.py`` is ``admin_views.views``);
2. from the scan root (``app/db.py`` is ``app.db`` even without any ``__init__.py``);
3. the same without a leading ``src``/``lib`` directory.
``pkg/__init__.py`` is ``pkg``. Only files in the list count: an import of anything else (the
standard library, an installed package, a file outside the scan) does not resolve.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable

from scanner import vcs

LAYOUT_DIRS = ("src", "lib")


def _dotted(parts: list[str]) -> str:
    return ".".join(p for p in parts if p)


class ProjectIndex:
    """Module names of the scanned Python files. Picklable (it travels to the worker processes)."""

    def __init__(self, root: str, files: dict[str, str], git_index: str = "") -> None:
        self.root = root
        self.files = files  # relpath -> abspath, Python files only
        self.git_index = git_index  # a git work tree: read staged content (``git cat-file``), not the disk
        self.modules: dict[str, str] = {}  # dotted name -> relpath
        self.names: dict[str, tuple[str, ...]] = {}  # relpath -> its names, best first
        self._sha: dict[str, str] = {}
        self._build()

    @classmethod
    def from_paths(cls, root: str, relpaths: Iterable[str], git_index: str = "") -> ProjectIndex:
        files = {r: os.path.join(root, r) for r in relpaths if r.endswith(".py")}
        return cls(root, files, git_index)

    # ----- names -------------------------------------------------------------------------------

    def _has_init(self, directory: str, cache: dict[str, bool]) -> bool:
        got = cache.get(directory)
        if got is None:
            rel = f"{directory}/__init__.py" if directory else "__init__.py"
            got = cache[directory] = rel in self.files or (
                not self.git_index and os.path.isfile(os.path.join(self.root, rel)))
        return got

    def _names_of(self, relpath: str, cache: dict[str, bool]) -> list[str]:
        parts = relpath[:-3].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        dirs = relpath.split("/")[:-1]
        start = len(dirs)
        while start > 0 and self._has_init("/".join(dirs[:start]), cache):
            start -= 1
        out = [_dotted(parts[start:]), _dotted(parts)]
        if parts and parts[0] in LAYOUT_DIRS:
            out.append(_dotted(parts[1:]))
        return [n for i, n in enumerate(out) if n and n not in out[:i]]

    def _build(self) -> None:
        cache: dict[str, bool] = {}
        tiers: list[dict[str, str]] = [{}, {}, {}]
        for rel in sorted(self.files):
            names = self._names_of(rel, cache)
            self.names[rel] = tuple(names)
            for tier, name in enumerate(names):
                tiers[min(tier, 2)].setdefault(name, rel)
        for tier in reversed(tiers):
            self.modules.update(tier)
        self.packages = {name.rsplit(".", i)[0] for name in self.modules for i in range(1, name.count(".") + 1)}

    def resolve(self, module: str) -> str | None:
        return self.modules.get(module)

    def absolute(self, relpath: str, level: int, module: str) -> list[str]:
        """``from ..x import y`` in ``relpath``: the absolute module names it can mean, best first."""
        if not level:
            return [module] if module else []
        out = []
        for name in self.names.get(relpath, ()):
            package = name.split(".")
            if not relpath.endswith("__init__.py"):
                package = package[:-1]
            if level - 1 > len(package):
                continue
            base = package[: len(package) - (level - 1)]
            full = _dotted([*base, module])
            if full and full not in out:
                out.append(full)
        return out

    # ----- content -------------------------------------------------------------------------------

    def read(self, relpath: str) -> bytes | None:
        """The module's bytes as this scan sees them (None when it cannot be read)."""
        if relpath not in self.files:
            return None
        if self.git_index:
            try:
                proc = vcs.run(self.git_index, "cat-file", "blob", f":{relpath}", timeout=60)
            except (OSError, subprocess.SubprocessError):
                return None
            data = proc.stdout if proc.returncode == 0 else None
        else:
            try:
                with open(self.files[relpath], "rb") as fh:
                    data = fh.read()
            except OSError:
                return None
        if data is not None:
            self._sha[relpath] = hashlib.sha256(data).hexdigest()
        return data

    def sha(self, relpath: str) -> str:
        if relpath not in self._sha:
            self.read(relpath)
        return self._sha.get(relpath, "")

    def unchanged(self, depends: Iterable[tuple[str, str, str]]) -> bool:
        """Does every (module, relpath, sha) still resolve to the same file with the same content?"""
        for module, relpath, sha in depends:
            if (self.resolve(module) or "") != relpath:
                return False
            if relpath and self.sha(relpath) != sha:
                return False
        return True

    def forget_content(self) -> None:
        """Drop the memoized digests (a long-lived process re-reads files for its next scan)."""
        self._sha.clear()
