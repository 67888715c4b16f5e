"""Template files that print a context variable unescaped: the XSS sink behind ``render_template``.

Takes the scan root, the rendering module's path and a template name (``"page.html"``); finds the
file the way Flask and Django apps lay them out (a ``templates/`` directory next to the module or in
one of its parent directories, up to the scan root) and answers the names of context variables it
prints without escaping: ``{{ name|safe }}`` (Jinja2 and Django), and every ``{{ name }}`` inside
``{% autoescape false %}`` (Jinja2) or ``{% autoescape off %}`` (Django). Only the first name of
an expression counts (``{{ user.bio|safe }}`` is ``user``).

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


def unsafe_names(root: str, module_path: str, template: str) -> tuple[frozenset[str], str, str] | None:
    """(names printed unescaped, the template's path relative to root, its SHA-256), or None when no
    such template file is found."""
    if not template or template.startswith("/") or ".." in template.split("/") or "\\" in template:
        return None
    return _find(os.path.realpath(root), os.path.dirname(module_path.replace("\\", "/")), template)


@lru_cache(maxsize=256)
def _find(root: str, directory: str, template: str) -> tuple[frozenset[str], str, str] | None:
    for _ in range(_MAX_UP):
        rel = f"{directory}/templates/{template}" if directory else f"templates/{template}"
        got = _read(root, rel)
        if got is not None:
            names = frozenset(_SAFE.findall(got)) | frozenset(
                n for block in _BLOCK.findall(got) for n in _PRINTED.findall(block))
            return names, rel, hashlib.sha256(got.encode("utf-8", "replace")).hexdigest()
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
