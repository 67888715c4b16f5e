"""Template files that print a context variable unescaped: the XSS sink behind ``render_template``.

Takes the scan root, the rendering module's path and a template name (``"page.html"``); finds the
file the way Flask and Django apps lay them out (a ``templates/`` directory next to the module or in
one of its parent directories, up to the scan root) and answers the names of context variables it
prints without escaping: ``{{ name|safe }}`` (Jinja2 and Django), and every ``{{ name }}`` inside
``{% autoescape false %}`` (Jinja2) or ``{% autoescape off %}`` (Django). Only the first name of
an expression counts (``{{ user.bio|safe }}`` is ``user``). Templates it includes or extends with a
literal name are read too (they get the same context); a child's blocks overriding its parent's are
not told apart (a name printed unescaped anywhere in the chain counts).

Never follows a path out of the scan root (a symlink, ``..`` in the name), reads at most
:data:`MAX_BYTES` of a template, and remembers answers per process.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache

MAX_BYTES = 1 << 20
_MAX_UP = 6  # parent directories searched for templates/
_SAFE = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)[^}]*?\|\s*safe\b")
_BLOCK = re.compile(r"\{%-?\s*autoescape\s+(?:false|off)\s*-?%\}(.*?)(?:\{%-?\s*endautoescape\s*-?%\}|\Z)", re.S)
_PRINTED = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)")
# {% include "row.html" %}, {% extends 'base.html' %}: templates rendered with the same context
_REFS = re.compile(r"\{%-?\s*(?:include|extends)\s+(['\"])([^'\"{}%]+)\1")
MAX_TEMPLATES = 16  # templates read per render call (the named one, what it includes and extends)


def unsafe_names(root: str, module_path: str, template: str) -> tuple[dict[str, str], tuple[tuple[str, str], ...]] | None:
    """({name printed unescaped: the template that prints it}, ((path relative to root, SHA-256) of
    every template read)), or None when no such template file is found. Follows ``{% include %}``
    and ``{% extends %}`` with a literal name (the context goes along), up to :data:`MAX_TEMPLATES`."""
    if not _plain(template):
        return None
    root, directory = os.path.realpath(root), os.path.dirname(module_path.replace("\\", "/"))
    names: dict[str, str] = {}
    deps: list[tuple[str, str]] = []
    todo, seen = [template], set()
    while todo and len(seen) < MAX_TEMPLATES:
        name = todo.pop(0)
        if name in seen or not _plain(name):
            continue
        seen.add(name)
        got = _find(root, directory, name)
        if got is None:
            continue
        unsafe, rel, sha, refs = got
        deps.append((rel, sha))
        for n in sorted(unsafe):
            names.setdefault(n, rel)
        todo.extend(refs)
    return (names, tuple(deps)) if deps else None


def _plain(template: str) -> bool:
    """A name under a templates directory: not absolute, no ``..``, no backslash."""
    return bool(template) and not template.startswith("/") and ".." not in template.split("/") and "\\" not in template


@lru_cache(maxsize=256)
def _find(root: str, directory: str, template: str) -> tuple[frozenset[str], str, str, tuple[str, ...]] | None:
    for _ in range(_MAX_UP):
        rel = f"{directory}/templates/{template}" if directory else f"templates/{template}"
        got = _read(root, rel)
        if got is not None:
            names = frozenset(_SAFE.findall(got)) | frozenset(
                n for block in _BLOCK.findall(got) for n in _PRINTED.findall(block))
            refs = tuple(ref for _q, ref in _REFS.findall(got))
            return names, rel, hashlib.sha256(got.encode("utf-8", "replace")).hexdigest(), refs
        if not directory:
            return None
        directory = os.path.dirname(directory)
    return None


def _read(root: str, rel: str) -> str | None:
    path = os.path.realpath(os.path.join(root, rel))
    if not path.startswith(root + os.sep) or not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
