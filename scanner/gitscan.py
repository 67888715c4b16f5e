"""Scans driven by git: ``--staged`` (pre-commit), ``--history [REV-RANGE]`` and ``--diff-base REF``.

Git is the source of truth for *which lines* count. ``git diff -U0`` / ``git log -p -U0`` give the
added lines of every file; the content comes from git's object store (``git cat-file --batch``), so
a staged scan sees the index, not the work tree, and a history scan sees each commit's blob. Every
file is scanned whole with ``engine.scan_source`` (rules need context: a nested loop or a PEM block
spans lines) and only the findings that touch an added line are kept.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pathspec

from scanner import vcs
from scanner.config import DEFAULT_EXCLUDES, ConfigError
from scanner.engine import Isolated, Plan, collect, died, scan_source
from scanner.model import FileResult, Finding, Notification, Region, ScanResult
from scanner.source import Source, looks_binary

# Settings that make git's patch output parseable whatever the user's configuration says.
# ``--text`` and ``--no-textconv``: a committed ``.gitattributes`` (``*.py -diff``, ``diff=driver``) must not
# turn a file into "Binary files differ" or into a converter's output, which would hide its lines.
DIFF_ARGS = ("-U0", "--text", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--ignore-submodules",
             "--src-prefix=a/", "--dst-prefix=b/")
COMMIT_MARK = "\x01commit "
HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
WHOLE_FILE = None  # an untracked file: every line is new

AddedLines = dict[str, "list[int] | None"]


class GitError(ConfigError):
    """A git-driven scan cannot run (no repository, unknown revision): exit 2 with one line."""


def run_git(root: Path, *args: str, what: str) -> str:
    try:
        proc = vcs.run(root, *args, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"{what}: cannot run git ({exc})") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"{what}: {detail[-1] if detail else f'git exited with {proc.returncode}'}")
    return proc.stdout.decode("utf-8", "surrogateescape")


def toplevel(root: Path, what: str) -> Path:
    top = vcs.git(root, "rev-parse", "--show-toplevel")
    if not top:
        raise GitError(f"{what} needs a git work tree, and {root} is not inside one")
    return Path(top)


# ----- patch parsing -------------------------------------------------------------------------


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of unusual path names ("a\\tb", octal UTF-8 bytes)."""
    if not (len(name) >= 2 and name[0] == name[-1] == '"'):
        return name
    body, out, i = name[1:-1], bytearray(), 0
    simple = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "\\": 92, '"': 34}
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
                continue
            if body[i + 1:i + 4].isdigit():
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
        out.extend(c.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def parse_patch(text: str) -> dict[tuple[str, str], list[int]]:
    """``(commit, path) -> added line numbers`` (sorted) from ``git diff``/``git log -p`` output with ``-U0``.

    Hunk bodies are skipped by counting their lines, so content that looks like a header (an added
    line ``++x`` shows as ``+++x``) is never mistaken for one.
    """
    out: dict[tuple[str, str], set[int]] = {}
    commit, path = "", None
    old_left = new_left = 0
    for line in text.split("\n"):
        if old_left > 0 or new_left > 0:
            if line.startswith("+"):
                new_left -= 1
            elif line.startswith("-"):
                old_left -= 1
            continue
        if line.startswith(COMMIT_MARK):
            commit, path = line[len(COMMIT_MARK):].strip(), None
        elif line.startswith("diff --git "):
            path = None
        elif line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            path = name[2:] if name.startswith("b/") else None  # /dev/null: a deleted file
        elif line.startswith("@@ "):
            m = HUNK.match(line)
            if not m:
                continue
            old_left = int(m.group(1)) if m.group(1) is not None else 1
            start, count = int(m.group(2)), int(m.group(3)) if m.group(3) is not None else 1
            new_left = count
            if path is not None and count:
                out.setdefault((commit, path), set()).update(range(start, start + count))
    return {key: sorted(lines) for key, lines in out.items()}


def touches(finding: Finding, lines: list[int] | None, region=None) -> bool:
    """Does the finding's primary region (or ``region``) overlap the added lines (sorted; ``None``:
    the whole file is new)?"""
    if lines is None:
        return True
    r = region or finding.location.region
    i = bisect.bisect_left(lines, r.start_line)
    return i < len(lines) and lines[i] <= (r.end_line or r.start_line)


def evidence(finding: Finding) -> Iterator[tuple[str, Region]]:
    """Every place the finding rests on: its region, its scope (the whole function, for
    complexity), its related locations (each loop level) and every step of its code flows."""
    yield finding.location.path, finding.location.region
    if finding.scope is not None:
        yield finding.location.path, finding.scope
    for loc in finding.related:
        if loc.region is not None:
            yield loc.path, loc.region
    for flow in finding.code_flows:
        for loc in flow:
            if loc.region is not None:
                yield loc.path, loc.region


def touches_flow(finding: Finding, added: Callable[[str], list[int] | None | bool]) -> bool:
    """A finding is new when any line of its evidence changed: a third loop added to a function,
    the source line of a data flow changed, the call added in ``views.py`` that reaches a sink in an
    unchanged ``db.py``. ``added(path)``: the path's added lines, None for all, False for none."""
    for path, region in evidence(finding):
        lines = added(path)
        if lines is not False and touches(finding, lines, region):
            return True
    return False


# ----- reading blobs -------------------------------------------------------------------------


class BlobReader:
    """One long-lived ``git cat-file --batch``: ``read("REV:path")`` -> (blob id, bytes) or None."""

    def __init__(self, root: Path) -> None:
        self.proc = vcs.popen(root, "cat-file", "--batch", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)

    def read(self, spec: str) -> tuple[str, bytes] | None:
        assert self.proc.stdin and self.proc.stdout
        if "\n" in spec:
            return None
        self.proc.stdin.write(spec.encode("utf-8", "surrogateescape") + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3:  # "<spec> missing" / "ambiguous"
            return None
        oid, kind, size = header
        data = self.proc.stdout.read(int(size))
        self.proc.stdout.read(1)  # the newline after the content
        return (oid, data) if kind == "blob" else None

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _excluded(plan: Plan) -> Callable[[str], bool]:
    spec = pathspec.GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDES, *plan.config.exclude])
    return spec.match_file


def _scan_blob(plan: Plan, path: str, data: bytes) -> FileResult:
    if len(data) > plan.config.max_file_size:
        return FileResult(path, notifications=(
            Notification(path, f"file is larger than max-file-size ({len(data)} bytes); not scanned"),), skipped=True)
    if looks_binary(data, path):
        return FileResult(path, notifications=(Notification(path, "binary file; not scanned", "note"),), skipped=True)
    source = Source.from_bytes(path, data, sha256=hashlib.sha256(data).hexdigest())
    try:
        return scan_source(source, plan)
    except Exception as exc:  # one file never ends the scan
        return FileResult(path, notifications=(Notification(path, f"internal error while scanning: {type(exc).__name__}"),))


def _scan_added(
    top: Path, plan: Plan, added: dict[tuple[str, str], list[int] | None], rev_of: Callable[[str], str],
) -> Iterator[FileResult]:
    """Scan each (commit, path) blob whole and keep findings on its added lines.

    A blob is scanned once however many commits touch it (results are cached by blob id and path).
    """
    excluded = _excluded(plan)
    cache: dict[tuple[str, str], FileResult] = {}
    with BlobReader(top) as blobs, Isolated(plan) as worker:  # a crashing file costs only itself
        for (commit, path), lines in sorted(added.items()):
            if excluded(path):
                continue
            got = blobs.read(f"{rev_of(commit)}:{path}")
            if got is None and lines is WHOLE_FILE:
                got = _read_work_tree(top, path, plan)
            if got is None:
                continue  # a submodule, a symlink target or a name git cannot address
            oid, data = got
            key = (oid, path)
            first = key not in cache
            if first:
                cache[key] = worker.run(_scan_blob, path, data, on_crash=lambda path=path: died(path))
            full = cache[key]
            here = {path: lines}
            kept = tuple(replace(f, commit=commit) if commit else f for f in full.findings
                         if touches_flow(f, lambda p, here=here: here.get(p, False)))
            # A blob's notifications (unparseable, too large) are reported once, not per commit.
            yield replace(full, findings=kept, notifications=full.notifications if first else ())


def _read_work_tree(top: Path, path: str, plan: Plan) -> tuple[str, bytes] | None:
    """A named file git does not track (pre-commit ``--files new.txt``): its bytes from the work
    tree, never through a symbolic link, at most max-file-size + 1 bytes."""
    full = top / path
    if full.is_symlink() or not full.is_file():
        return None
    try:
        with open(full, "rb") as fh:
            data = fh.read(plan.config.max_file_size + 1)
    except OSError:
        return None
    return "worktree:" + hashlib.sha256(data).hexdigest(), data


def _pathspecs(top: Path, paths: Iterable[str]) -> list[str]:
    specs = []
    for p in paths:
        full = Path(p).resolve()
        try:
            specs.append(full.relative_to(top.resolve()).as_posix() or ".")
        except ValueError:
            raise GitError(f"{p} is outside the git work tree {top}") from None
    return specs


def scan_staged(root: Path, plan: Plan, paths: Iterable[str] = (), **meta) -> ScanResult:
    """What ``git commit`` would add: the index's blobs, findings on added lines only.

    A named *file* without staged changes is scanned whole (from the index; from the work tree if
    git does not track it): pre-commit passes every file under ``run --all-files`` and only the
    chosen ones under ``--files``, and those are what the user asked about.
    """
    started = time.time()
    top = toplevel(root, "--staged")
    paths = list(paths)
    specs = _pathspecs(top, paths)
    patch = run_git(top, "diff", "--cached", *DIFF_ARGS, "--", *specs, what="git diff --cached")
    added: dict[tuple[str, str], list[int] | None] = dict(parse_patch(patch))
    staged_files = {path for _c, path in added}
    if specs:
        changed = set(filter(None, run_git(top, "diff", "--cached", "--name-only", "-z", "--no-renames", "--",
                                            *specs, what="git diff --cached").split("\0")))
        for p, spec in zip(paths, specs):
            if spec not in staged_files and spec not in changed and Path(p).is_file():
                added[("", spec)] = WHOLE_FILE
    # Other modules are read as staged too: the index's Python files (what the commit will hold).
    from scanner.project import ProjectIndex

    excluded = _excluded(plan)
    staged = [p for p in run_git(top, "ls-files", "-z", "--cached", what="git ls-files").split("\0")
              if p and not excluded(p)]
    plan = replace(plan, project=ProjectIndex.from_paths(str(top), staged, git_index=str(top)))
    results = list(_scan_added(top, plan, added, lambda _commit: ""))
    return collect(results, (), plan, top, started, vcs=vcs.provenance(top), **meta)


def scan_history(root: Path, plan: Plan, rev_range: str = "HEAD", paths: Iterable[str] = (), **meta) -> ScanResult:
    """Every commit in REV-RANGE: the lines it added, scanned in that commit's version of the file.

    Finds secrets that were committed and later deleted; each finding names its commit.
    """
    started = time.time()
    top = toplevel(root, "--history")
    if rev_range.startswith("-"):
        raise GitError(f"--history: {rev_range!r} is not a revision range")
    patch = run_git(top, "log", "-p", *DIFF_ARGS, f"--format=format:{COMMIT_MARK}%H", rev_range, "--",
                    *_pathspecs(top, paths), what=f"git log {rev_range}")
    added = parse_patch(patch)
    results = list(_scan_added(top, plan, added, lambda commit: commit))
    return collect(results, (), plan, top, started, vcs=vcs.provenance(top), **meta)


def diff_base_filters(root: Path, ref: str) -> tuple[Callable[[str], bool], Callable[[Finding], bool]]:
    """File and finding filters for ``--diff-base REF``: lines added or changed since merge-base(REF, HEAD).

    Compares the merge base with the work tree, so uncommitted edits and untracked files count.
    """
    top = toplevel(root, "--diff-base")
    if ref.startswith("-"):
        raise GitError(f"--diff-base: {ref!r} is not a revision")
    base = run_git(top, "merge-base", ref, "HEAD",
                   what=f"--diff-base: no merge base of {ref} and HEAD (in CI, fetch the base branch "
                        "with enough history, e.g. actions/checkout fetch-depth: 0)").strip()
    changed: AddedLines = {path: lines for (_c, path), lines in
                           parse_patch(run_git(top, "diff", *DIFF_ARGS, base, "--", what="git diff")).items()}
    untracked = run_git(top, "ls-files", "-z", "--others", "--exclude-standard", what="git ls-files")
    for path in filter(None, untracked.split("\0")):
        changed[path] = WHOLE_FILE
    root_prefix = _prefix(top, root)

    def file_filter(relpath: str) -> bool:
        return root_prefix + relpath in changed

    def finding_filter(f: Finding) -> bool:
        return touches_flow(f, lambda path: changed.get(root_prefix + path, False))

    return file_filter, finding_filter


def _prefix(top: Path, root: Path) -> str:
    """Scan-root paths -> top-level paths (the scan root is the top level inside a repository)."""
    try:
        rel = root.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel in ("", ".") else rel + "/"
