"""Content-hash cache: a warm re-scan reuses each unchanged file's FileResult instead of scanning it.

Takes a :class:`~scanner.engine.Plan` and the scan root; returns cached ``FileResult``s for files
it can prove unchanged, and stores new ones at the end of the scan.

Keys. Every entry lives under a *plan key*: a digest of the scanner version, the Python version
(``ast`` differs between them), every enabled rule id with its ``RuleMeta.version``, the effective
configuration, and a fingerprint of the scanner's own code and rule data (so editing a rule
without bumping its version cannot serve stale results). Within a plan, an entry is keyed by the
file's path and the SHA-256 of its content; a second index maps ``(size, mtime_ns, inode)`` to that
content hash so that an unchanged file is not even read. A file whose stat changed but whose
content did not (``git checkout``, ``touch``) is read and hashed, then reused without a scan.

Layout: ``<root>/.scanner-cache/`` (``--cache-dir`` elsewhere) holds ``CACHEDIR.TAG``, a
``.gitignore`` of ``*`` and one JSON file per plan key, written atomically (temp file + rename).
File names are hex digests only, so nothing a scanned repository contains can steer a write
outside the directory; a cache directory that is a symlink is not used. Corrupt or foreign
entries are ignored. Deleting the directory is always safe.

Trust. A cache directory can come from the scanned repository (a committed ``.scanner-cache``), so
its entries must not be able to hide findings: every plan key mixes in a per-machine secret
(:func:`machine_key`: 32 random bytes in the user's cache directory, outside any scanned tree,
created on first use with mode 0600). Entries written elsewhere never match. A directory that
holds anything but cache files (``--cache-dir .``) is refused, so pruning can never delete a
project file, and the markers are created with ``O_NOFOLLOW | O_EXCL``, never through a
committed symlink.

What is stored is exactly what the report shows: findings (masked snippets, fingerprints that
hash the secret) and notifications. A finding's ``Fix`` (a whole-file replacement, which may hold
any text of the file) is never stored: a file with a fix is scanned again every time. The cache is
JSON, never pickle, so a cache directory committed to a repository cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner import __version__
from scanner.model import FileResult, Finding, Location, Notification, Region, Suppression

if TYPE_CHECKING:
    from scanner.discovery import Candidate
    from scanner.engine import Plan

DIR_NAME = ".scanner-cache"
FORMAT = 1
KEEP_PLANS = 8  # plan files kept per cache directory (e.g. full scan, secrets only, ...)
_PKG = Path(__file__).resolve().parent
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache of scanner results; delete it at will.\n"


# ----- keys ----------------------------------------------------------------------------------


def key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "scanner" / "machine-key"


_PROCESS_KEY = os.urandom(32).hex()


def machine_key() -> str:
    """A secret of this machine and user that no repository can know (see the module docs); when it
    cannot be stored, a per-process key (then nothing is reused across runs, which is safe)."""
    path = key_file()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(128).strip()
        if len(data) >= 32:
            return data.decode("ascii", "replace")
    except OSError:
        pass
    key = os.urandom(32).hex()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key + "\n")
        return key
    except FileExistsError:  # another process made it first: use theirs
        try:
            return path.read_text("ascii").strip() or _PROCESS_KEY
        except OSError:
            return _PROCESS_KEY
    except OSError:
        return _PROCESS_KEY


def _code_fingerprint() -> str:
    """Size and mtime of every file of the scanner package and of its rule data."""
    from scanner.registry import rules_dir

    h = hashlib.sha256()
    for base in (_PKG, rules_dir()):
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".pyc", ".pyo")):
                    continue
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                h.update(f"{os.path.relpath(dirpath, base)}/{name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def _config_material(plan: Plan) -> Any:
    cfg = {f.name: getattr(plan.config, f.name) for f in fields(plan.config)}
    for irrelevant in ("source", "jobs", "exclude", "fail_on", "respect_gitignore", "select", "extend_select",
                       "ignore"):
        cfg.pop(irrelevant, None)  # selection is covered by the enabled ids; the rest never changes a file's result
    packs = []
    for p in (*plan.config.secret_packs, *plan.config.dataflow_specs, *plan.config.treesitter_packs):
        try:
            packs.append(hashlib.sha256(Path(p).read_bytes()).hexdigest())
        except OSError:
            packs.append("")
    cfg["secret_pack_digests"] = packs
    return cfg


def plan_key(plan: Plan) -> str:
    """Digest of everything besides a file's own content that can change its FileResult."""
    metas = plan.registry.metas
    material = {
        "format": FORMAT,
        "scanner": __version__,
        "python": list(sys.version_info[:2]),
        "rules": sorted(f"{i}:{metas[i].version}" for i in plan.enabled if i in metas),
        "config": _config_material(plan),
        "debug": plan.debug,
        "code": _code_fingerprint(),
        "machine": machine_key(),
    }
    blob = json.dumps(material, sort_keys=True, default=repr)
    return hashlib.sha256(blob.encode()).hexdigest()


# ----- (de)serialization ---------------------------------------------------------------------


def _region(d: dict | None) -> Region | None:
    return None if d is None else Region(**d)


def _location(d: dict) -> Location:
    return Location(d["path"], _region(d["region"]), d.get("message", ""))


def _tuplify(v: Any) -> Any:
    return tuple(_tuplify(x) for x in v) if isinstance(v, list) else v


def _finding(d: dict) -> Finding:
    return Finding(
        rule_id=d["rule_id"],
        level=d["level"],
        message=d["message"],
        location=_location(d["location"]),
        fingerprint=d["fingerprint"],
        related=tuple(_location(x) for x in d["related"]),
        code_flows=tuple(tuple(_location(x) for x in flow) for flow in d["code_flows"]),
        properties=tuple((k, _tuplify(v)) for k, v in d["properties"]),
        snippet=d["snippet"],
        suppressions=tuple(Suppression(**s) for s in d["suppressions"]),
        commit=d.get("commit", ""),
        scope=_region(d.get("scope")),
    )


def _notification(d: dict) -> Notification:
    return Notification(d["path"], d["message"], d["level"], d["rule_id"], _region(d["region"]))


def dump_result(r: FileResult) -> dict:
    return {
        "findings": [asdict(f) for f in r.findings],
        "notifications": [asdict(n) for n in r.notifications],
        "skipped": r.skipped,
        "depends": [list(d) for d in r.depends],
    }


def load_result(path: str, sha: str, d: dict) -> FileResult:
    return FileResult(
        path=path,
        # scanner: ignore[CX001] linear in the findings
        findings=tuple(_finding(f) for f in d["findings"]),
        notifications=tuple(_notification(n) for n in d["notifications"]),
        skipped=bool(d["skipped"]),
        sha256=sha,
        depends=tuple((str(m), str(p), str(s)) for m, p, s in d.get("depends", ())),
    )


def storable(r: FileResult) -> bool:
    """Only complete, fix-free results: a Fix holds whole-file text; errors should be retried."""
    if any(f.fix is not None for f in r.findings):
        return False
    return not any(n.message.startswith(("internal error", "cannot read", "file vanished", "scan of this file stopped")) for n in r.notifications)


# ----- the cache -----------------------------------------------------------------------------


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ino]


class Cache:
    """One scan's view of the cache directory: ``lookup()`` before scanning, ``store()`` after."""

    def __init__(self, directory: Path, plan: Plan) -> None:
        self.directory = directory
        self.key = plan_key(plan)
        self.project = plan.project
        self.file = directory / f"{self.key[:32]}.json"
        self.entries: dict[str, list] = {}  # path -> [size, mtime_ns, inode, sha256, result-dict]
        self.changed = False
        self.usable = self._check_dir()
        if self.usable:
            self._load()

    @classmethod
    def for_root(cls, root: Path, plan: Plan, cache_dir: str | Path | None = None) -> Cache:
        return cls(Path(cache_dir) if cache_dir else root / DIR_NAME, plan)

    def _check_dir(self) -> bool:
        d = self.directory
        if d.is_symlink():  # a committed symlink must not redirect our writes
            return False
        return not d.exists() or (d.is_dir() and not foreign_files(d))

    def _load(self) -> None:
        try:
            if self.file.is_symlink():
                return
            data = json.loads(self.file.read_bytes())
        except (OSError, ValueError):
            return  # missing or corrupt: start empty
        if not isinstance(data, dict) or data.get("key") != self.key or not isinstance(data.get("files"), dict):
            return
        self.entries = {p: e for p, e in data["files"].items()
                        if isinstance(e, list) and len(e) == 5 and isinstance(e[4], dict)}

    # --- before the scan

    def lookup(self, cand: Candidate) -> tuple[FileResult | None, str]:
        """(cached result, "") when the stat proves the file unchanged; else (None, sha of the last scan)."""
        e = self.entries.get(cand.relpath)
        if e is None:
            return None, ""
        if not self._depends_unchanged(e):
            return None, ""  # another file this result read changed: scan again
        try:
            st = os.stat(cand.abspath, follow_symlinks=False)
        except OSError:
            return None, ""
        if _stat_key(st) == e[:3]:
            try:
                return load_result(cand.relpath, e[3], e[4]), ""
            except (KeyError, TypeError, ValueError):
                return None, ""  # a corrupt entry: scan again
        return None, e[3] if isinstance(e[3], str) else ""

    def _depends_unchanged(self, e: list) -> bool:
        """A result that read other files (a data flow into another module) holds while each of
        them still resolves to the same file with the same content (``Plan.project`` checks)."""
        depends = e[4].get("depends") if isinstance(e[4], dict) else None
        if not depends:
            return True
        if self.project is None:
            return False
        try:
            return self.project.unchanged(tuple(map(tuple, depends)))
        except (TypeError, ValueError):
            return False

    def reuse(self, cand: Candidate, sha: str) -> FileResult | None:
        """The cached result for ``cand`` when its content hash is still ``sha`` (stat changed only)."""
        e = self.entries.get(cand.relpath)
        if e is None or e[3] != sha:
            return None
        try:
            result = load_result(cand.relpath, sha, e[4])
        except (KeyError, TypeError, ValueError):
            return None
        self.remember(cand, result)  # refresh the stat part of the index
        return result

    # --- after the scan

    def remember(self, cand: Candidate, result: FileResult) -> None:
        if not storable(result):
            self.entries.pop(cand.relpath, None)
            return
        try:
            st = os.stat(cand.abspath, follow_symlinks=False)
        except OSError:
            return
        self.entries[cand.relpath] = [*_stat_key(st), result.sha256, dump_result(result)]
        self.changed = True

    def save(self) -> None:
        """Write the index atomically; any failure leaves the cache as it was (it is only a cache)."""
        if not (self.usable and self.changed):
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if self.directory.is_symlink():
                return
            for name, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _TAG)):
                _write_marker(self.directory / name, text)
            body = json.dumps({"key": self.key, "files": self.entries}, separators=(",", ":"))
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(body)
                os.replace(tmp, self.file)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        plans = sorted(
            (p for p in self.directory.glob("*.json") if _PLAN_FILE.match(p.name) and p != self.file),
            key=lambda p: p.stat().st_mtime_ns, reverse=True,
        )
        for old in plans[KEEP_PLANS - 1:]:
            with contextlib.suppress(OSError):
                old.unlink()



_PLAN_FILE = re.compile(r"^[0-9a-f]{32}\.json$")
_OURS = re.compile(r"^(?:[0-9a-f]{32}\.json|\.tmp-[\w-]+\.json|\.gitignore|CACHEDIR\.TAG)$")


def foreign_files(directory: Path) -> list[str]:
    """Names in ``directory`` that the cache did not write (a few): the cache must not use, or prune
    in, a directory of other files (``--cache-dir .`` would delete the project's ``*.json``)."""
    try:
        with os.scandir(directory) as it:
            return sorted(e.name for e in it if not _OURS.match(e.name) or e.is_symlink())[:5]
    except OSError:
        return []


def _write_marker(path: Path, text: str) -> None:
    """Create a marker file unless something (a file, a dangling symlink) is there already; never
    through a symlink."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def reconcile(cache: Cache, cands, scan_tasks, scan_one) -> list[FileResult]:
    """Results for ``cands`` in order: cached where the stat proves a file unchanged, scanned otherwise.

    ``scan_tasks([(cand, expected_sha), ...])`` scans what is left (in a pool); a result marked
    unchanged (the content still hashes to the cached entry) is served from the cache.
    """
    from scanner.engine import UNCHANGED

    out: list[FileResult | None] = []
    tasks, slots = [], []
    for c in cands:
        hit, expect = cache.lookup(c)
        if hit is None:
            slots.append(len(out))
            tasks.append((c, expect))
        out.append(hit)
    for i, (c, _), r in zip(slots, tasks, scan_tasks(tasks)):
        if r.seconds == UNCHANGED:
            r = cache.reuse(c, r.sha256) or scan_one(c)
        else:
            cache.remember(c, r)
        out[i] = r
    return out  # type: ignore[return-value]
