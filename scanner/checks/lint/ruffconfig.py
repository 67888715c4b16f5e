"""The scanned project's ruff configuration, for PY rules that name a ruff code in ``equivalents``.

A project that told ruff once (``ignore``, ``extend-ignore``, ``per-file-ignores``,
``extend-per-file-ignores``, ``exclude``, ``extend-exclude``, in ``[tool.ruff.lint]`` / ``[tool.ruff]`` of ``pyproject.toml`` or in
``ruff.toml`` / ``.ruff.toml``) does not have to tell us again: ``ignored(ctx, codes)`` is True when
that configuration switches off one of the rule's ruff codes for the file.

Found like ruff finds it: the nearest ``.ruff.toml``, ``ruff.toml`` or ``pyproject.toml`` with a
``[tool.ruff]`` table, from the file's directory up to the scan root; a directory without one may
have a ``[flake8]`` section in ``.flake8``, ``setup.cfg`` or ``tox.ini`` (``ignore``,
``extend-ignore``, ``per-file-ignores``, ``exclude``: flake8's pyflakes/pycodestyle/plugin codes
are the codes ruff reuses). Selectors are code prefixes
(``F4`` covers ``F401``; ``ALL`` covers everything). ``per-file-ignores`` globs are relative to the
configuration's directory, or a bare file name (``__init__.py``); ``*`` also crosses ``/``, as in
ruff; negated (``!``) patterns are not read. ``extend`` chains are not followed. Read-only: the
configuration is TOML, nothing in it runs.
"""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any


@dataclass(frozen=True)
class RuffIgnores:
    base: str  # directory of the configuration file (absolute)
    ignore: tuple[str, ...]
    per_file: tuple[tuple[str, tuple[str, ...]], ...]  # (glob, selectors)
    exclude: tuple[str, ...] = ()  # ruff does not lint these files at all

    def ignores(self, abspath: str, codes: tuple[str, ...]) -> bool:
        if any(_covers(sel, c) for sel in self.ignore for c in codes):
            return True
        if not (self.per_file or self.exclude):
            return False
        rel = os.path.relpath(abspath, self.base).replace(os.sep, "/")
        name = PurePosixPath(abspath).name
        if self.exclude and _excluded(rel, self.exclude):
            return True
        for pattern, selectors in self.per_file:
            if not any(_covers(sel, c) for sel in selectors for c in codes):
                continue
            for p in _braces(pattern.removeprefix("./")):
                # `**/` also matches no directory at all (globset semantics)
                alts = (p, p[3:]) if p.startswith("**/") else (p,)
                if any(fnmatch.fnmatchcase(rel, a) or fnmatch.fnmatchcase(name, a) for a in alts):
                    return True
        return False


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    """ruff's ``exclude``/``extend-exclude``: a glob matches the file or one of its directories."""
    parts = rel.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for pattern in patterns:
        for p in _braces(pattern.removeprefix("./").rstrip("/")):
            if not p:
                continue
            if "/" in p:
                if any(fnmatch.fnmatchcase(x, p) for x in prefixes):
                    return True
            elif any(fnmatch.fnmatchcase(x, p) for x in parts):
                return True
    return False


def _braces(pattern: str) -> list[str]:
    """``**/{tests,docs}/*`` -> ``**/tests/*``, ``**/docs/*`` (glob alternation, which fnmatch lacks)."""
    start = pattern.find("{")
    end = pattern.find("}", start + 1)
    if start < 0 or end < 0:
        return [pattern]
    head, tail = pattern[:start], pattern[end + 1:]
    return [x for alt in pattern[start + 1:end].split(",") for x in _braces(head + alt + tail)]


def _covers(selector: str, code: str) -> bool:
    selector = selector.strip().upper()
    return bool(selector) and (selector == "ALL" or code.upper().startswith(selector))


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _from_table(table: dict[str, Any], base: str) -> RuffIgnores:
    lint = table.get("lint") if isinstance(table.get("lint"), dict) else {}
    ignore: list[str] = []
    per_file: list[tuple[str, tuple[str, ...]]] = []
    for t in (table, lint):  # legacy top-level keys and [lint]
        ignore += _strs(t.get("ignore")) + _strs(t.get("extend-ignore"))
        for key in ("per-file-ignores", "extend-per-file-ignores"):
            pfi = t.get(key)
            if isinstance(pfi, dict):
                per_file += [(g, _strs(v)) for g, v in pfi.items()
                             if isinstance(g, str) and not g.startswith("!")]
    exclude = _strs(table.get("extend-exclude")) + _strs(lint.get("exclude")) + _strs(lint.get("extend-exclude"))
    if "exclude" in table:  # replaces ruff's defaults, which name nothing a scan of ours would lint
        exclude += _strs(table.get("exclude"))
    return RuffIgnores(base, tuple(ignore), tuple(per_file), exclude)


def _codes(value: str) -> tuple[str, ...]:
    return tuple(c for c in re.split(r"[\s,]+", value) if c)


def _from_flake8(section, base: str) -> RuffIgnores:
    """A ``[flake8]`` section: its codes are pyflakes/pycodestyle/plugin codes, which ruff reuses."""
    ignore = _codes(section.get("ignore", "")) + _codes(section.get("extend-ignore", ""))
    per_file = []
    for key in ("per-file-ignores", "extend-per-file-ignores"):
        for line in re.split(r"[\n]+", section.get(key, "")):
            # `path:codes`, several per line allowed (`a.py:F401 b.py:E501`)
            for pattern, codes in re.findall(r"([^\s:]+)\s*:\s*([A-Z0-9, ]+)", line):
                per_file.append((pattern, _codes(codes)))
    exclude = _codes(section.get("exclude", "")) + _codes(section.get("extend-exclude", ""))
    return RuffIgnores(base, ignore, tuple(per_file), tuple(e for e in exclude if e not in _FLAKE8_DEFAULT_EXCLUDES))


# flake8's own default excludes: they name nothing a scan of ours would lint anyway
_FLAKE8_DEFAULT_EXCLUDES = {".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", "*.egg"}


def _flake8_in(directory: str) -> RuffIgnores | None:
    import configparser

    for name in (".flake8", "setup.cfg", "tox.ini"):
        path = os.path.join(directory, name)
        if not os.path.isfile(path) or os.path.islink(path):
            continue
        parser = configparser.RawConfigParser(strict=False)
        try:
            with open(path, "rb") as fh:
                parser.read_string(fh.read(1 << 20).decode("utf-8", "replace"))
        except (OSError, configparser.Error):
            continue
        if parser.has_section("flake8"):
            return _from_flake8(parser["flake8"], directory)
    return None


@lru_cache(maxsize=256)
def _config_in(directory: str) -> RuffIgnores | None | bool:
    found = _ruff_in(directory)
    if found is None:
        found = _flake8_in(directory)
    return found


def _ruff_in(directory: str) -> RuffIgnores | None | bool:
    """The ruff configuration in ``directory``; None when there is none (look further up);
    False when one is there but unreadable (stop: ruff would use it, we cannot)."""
    for name in (".ruff.toml", "ruff.toml", "pyproject.toml"):
        path = os.path.join(directory, name)
        if not os.path.isfile(path) or os.path.islink(path):
            continue
        try:
            with open(path, "rb") as fh:
                data = tomllib.loads(fh.read(1 << 20).decode("utf-8", "replace"))
        except (OSError, tomllib.TOMLDecodeError):
            if name == "pyproject.toml":
                continue
            return False
        if name == "pyproject.toml":
            tool = data.get("tool")
            table = tool.get("ruff") if isinstance(tool, dict) else None
            if not isinstance(table, dict):
                continue
        else:
            table = data
        return _from_table(table, directory)
    return None


@lru_cache(maxsize=1024)
def config_for(directory: str, root: str) -> RuffIgnores | None:
    d = directory
    while True:
        found = _config_in(d)
        if found is not None:
            return found or None
        parent = os.path.dirname(d)
        if d == root or parent == d or not d.startswith(root):
            return None
        d = parent


def ignored(ctx, codes: tuple[str, ...]) -> bool:
    """Does the project's ruff configuration switch off one of ``codes`` for this file?"""
    if not codes:
        return False
    root = getattr(ctx.project, "root", None) if ctx.project is not None else None
    if not root:
        return False  # a scan without a project (a snippet, the language server's buffer): no ruff config
    root = os.path.abspath(root)
    abspath = os.path.join(root, ctx.source.path)
    cfg = config_for(os.path.dirname(abspath), root)
    return cfg is not None and cfg.ignores(abspath, codes)
