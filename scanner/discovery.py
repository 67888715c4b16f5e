"""Discovery stage: paths on the command line -> the regular files to scan.

Returns :class:`Candidate`s (absolute path + POSIX path relative to the root) and
notifications for what was skipped and why. Inside a git work tree the file list comes from
``git ls-files`` (so ``.gitignore`` and git's own excludes hold); elsewhere a walk that never
follows symlinks. Configured exclude globs apply to both; files named explicitly are always
scanned. Symlinks, FIFOs, sockets and devices are never opened.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pathspec

from scanner import vcs
from scanner.config import DEFAULT_EXCLUDES, VENDORED_EXCLUDES, Config, read_limited
from scanner.model import Notification


@dataclass(frozen=True, order=True)
class Candidate:
    relpath: str  # POSIX, relative to the scan root: what every report shows
    abspath: str
    explicit: bool = False


@dataclass(frozen=True)
class Discovered:
    candidates: tuple[Candidate, ...]
    notifications: tuple[Notification, ...]


def find_root(paths: list[Path]) -> Path:
    """The scan root: the git work tree that holds the paths, else their common directory."""
    # a named symlink's own place counts, not its target's (a link to /etc/passwd must not move the root)
    resolved = [Path(os.path.abspath(p)).parent.resolve() / Path(os.path.abspath(p)).name if os.path.islink(p)
                else p.resolve() for p in paths] or [Path.cwd().resolve()]
    common = Path(os.path.commonpath([str(p) for p in resolved]))
    if common.is_file():
        common = common.parent
    top = git_toplevel(common)
    return Path(top) if top else common


def git_toplevel(path: Path) -> str | None:
    try:
        out = vcs.run(path, "rev-parse", "--show-toplevel", timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    top = out.stdout.decode("utf-8", "surrogateescape").strip()
    return top if out.returncode == 0 and top else None


def _git_files(directory: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files below ``directory``, relative to it."""
    try:
        out = vcs.run(directory, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate",
                      "--", ".", timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return [p for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def _walk(directory: Path, skip_dir, on_error) -> Iterable[str]:
    """Every entry below ``directory`` without following symlinks; yields relative POSIX paths."""
    stack = [(directory, "")]
    while stack:
        d, prefix = stack.pop()
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as exc:
            on_error(prefix.rstrip("/") or ".", exc)
            continue
        for e in entries:
            rel = prefix + e.name
            try:
                is_dir = e.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if not skip_dir(rel):
                    stack.append((Path(e.path), rel + "/"))
            else:
                yield rel


def _gitignore_spec(directory: Path) -> pathspec.PathSpec | None:
    gi = directory / ".gitignore"
    try:
        return pathspec.GitIgnoreSpec.from_lines(read_limited(gi).splitlines())
    except (OSError, UnicodeDecodeError):
        return None


def printable_path(path: str) -> str:
    """The path as reports show it: bytes of a file name that are not UTF-8 become U+FFFD.

    Such names reach us as surrogate escapes, which no report format can encode; the file itself
    is still opened by its real name (``Candidate.abspath``).
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# Bundled builds: a line this long in a JS/CSS file is machine output (webpack, rollup, a minifier)
BUNDLED_LINE = 5000
BUNDLED_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".css")
BUNDLED_HEAD = 256 * 1024  # bytes read to decide


def is_bundled(path: str) -> bool:
    """A JS/CSS file whose first 256 KiB hold a line longer than BUNDLED_LINE characters."""
    if not path.endswith(BUNDLED_SUFFIXES):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(BUNDLED_HEAD)
    except OSError:
        return False
    if len(head) <= BUNDLED_LINE:
        return False
    return any(len(line) > BUNDLED_LINE for line in head.split(b"\n"))


class _Vendored:
    """What the vendored excludes left out of one scan: one notification for all of it."""

    def __init__(self, config: Config) -> None:
        self.on = not config.include_vendored
        self.spec = pathspec.GitIgnoreSpec.from_lines(VENDORED_EXCLUDES)
        self.files = 0
        self.dirs = 0

    def skip_dir(self, rel: str) -> bool:
        if self.on and self.spec.match_file(rel + "/"):
            self.dirs += 1
            return True
        return False

    def skip_file(self, rel: str) -> bool:
        if self.on and self.spec.match_file(rel):
            self.files += 1
            return True
        return False

    def skip_bundled(self, abspath: str) -> bool:
        if self.on and is_bundled(abspath):
            self.files += 1
            return True
        return False

    def notification(self) -> Notification | None:
        if not (self.files or self.dirs):
            return None
        parts = []
        if self.files:
            parts.append(f"{self.files} file{'s' if self.files != 1 else ''}")
        if self.dirs:
            parts.append(f"{self.dirs} director{'ies' if self.dirs != 1 else 'y'}")
        return Notification(
            ".", f"left out {' and '.join(parts)} of vendored, minified or bundled code (node_modules/, vendor/, "
            f"third_party/, *.min.js, JS/CSS lines over {BUNDLED_LINE} characters, ...); to scan them, set "
            "`include-vendored = true` in the configuration or pass --include-vendored",
            "warning", "vendored")


def _walk_listing(directory: Path, excludes, respect_gitignore: bool, notes: list, rel_to_root,
                  vendored: _Vendored | None = None) -> list[str]:
    """Outside git: walk ``directory`` honouring its ``.gitignore`` and the exclude globs."""
    ignore = _gitignore_spec(directory) if respect_gitignore else None

    def skip_dir(rel: str) -> bool:
        rel = printable_path(rel)
        if excludes.match_file(rel + "/") or bool(ignore and ignore.match_file(rel + "/")):
            return True
        return vendored is not None and vendored.skip_dir(rel)

    def unreadable(rel: str, exc: OSError) -> None:
        notes.append(Notification(rel_to_root(directory / rel), f"cannot read directory: {exc.strerror}"))

    walked = _walk(directory, skip_dir, unreadable)
    return [r for r in walked if not (ignore and ignore.match_file(printable_path(r)))]


def discover(paths: list[Path], root: Path, config: Config) -> Discovered:
    always = [e for e in DEFAULT_EXCLUDES if e != "node_modules"]  # node_modules: a vendored exclude
    excludes = pathspec.GitIgnoreSpec.from_lines([*always, *config.exclude])
    vendored = _Vendored(config)
    notes: list[Notification] = []
    found: dict[str, Candidate] = {}

    def rel_to_root(p: Path) -> str:
        try:
            return printable_path(p.relative_to(root).as_posix())
        except ValueError:
            return printable_path(p.as_posix())

    def add(abspath: Path, explicit: bool) -> None:
        rel = rel_to_root(abspath)
        try:
            st = os.lstat(abspath)
        except FileNotFoundError:
            notes.append(Notification(rel, "file not found (it may have been deleted during the scan)", "warning"))
            return
        except OSError as exc:
            notes.append(Notification(rel, f"cannot stat file: {exc.strerror}", "warning"))
            return
        if stat.S_ISLNK(st.st_mode):
            if explicit:
                try:
                    target = abspath.resolve(strict=True)
                except (OSError, RuntimeError):
                    notes.append(Notification(rel, "symbolic link is dangling or loops; not scanned", "warning"))
                    return
                top = root.resolve()
                if target != top and top not in target.parents:
                    # `ln -s /etc/passwd x.py` committed, then named by a hook or a script: never read
                    notes.append(Notification(rel, "symbolic link points outside the scanned tree; not followed",
                                              "warning"))
                    return
                if target.is_file():
                    found[rel] = Candidate(rel, str(target), True)
                    return
            notes.append(Notification(rel, "symbolic link not followed", "note"))
            return
        if stat.S_ISDIR(st.st_mode):
            if not explicit:  # git lists files only: a directory in its listing is a submodule (a gitlink)
                notes.append(Notification(rel, "git submodule; not scanned (scan its checkout separately)",
                                          "warning", "submodule"))
            return
        if not stat.S_ISREG(st.st_mode):
            notes.append(Notification(rel, "not a regular file (FIFO, socket or device); not scanned", "warning"))
            return
        found[rel] = Candidate(rel, str(abspath), explicit)

    for p in paths:
        p_abs = Path(os.path.abspath(p))
        if not os.path.lexists(p_abs):
            notes.append(Notification(rel_to_root(p_abs), "path does not exist", "warning"))
            continue
        if not p_abs.is_dir() or p_abs.is_symlink():
            add(p_abs, explicit=True)
            continue
        listing = None
        if config.respect_gitignore and git_toplevel(p_abs):
            listing = _git_files(p_abs)
        if listing is None:
            listing = _walk_listing(p_abs, excludes, config.respect_gitignore, notes, rel_to_root, vendored)
        for rel in listing:
            full = p_abs / rel
            rel_root = rel_to_root(full)
            if excludes.match_file(rel_root) or excludes.match_file(printable_path(rel)):
                continue
            # relative to the directory named on the command line: `scan vendor/lib` scans it
            if vendored.skip_file(printable_path(rel)):
                continue
            add(full, explicit=False)
            cand = found.get(rel_root)
            if cand is not None and cand.abspath == str(full) and vendored.skip_bundled(cand.abspath):
                del found[rel_root]  # only regular files (add() checked) are opened
    note = vendored.notification()
    if note is not None:
        notes.append(note)
    return Discovered(tuple(sorted(found.values())), tuple(notes))
