"""Parse stage: libcst for Python rules that need the concrete tree, ``ast`` for cheap Python
structure, tree-sitter for every other language (and Python structure rules).

Grammars and libcst are imported lazily: a run that needs none of them pays nothing.
Every failure is a :class:`ParseError` with a clear one-line message and, when known, a region.
"""

from __future__ import annotations

import importlib
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

from scanner.model import Region

if TYPE_CHECKING:
    from scanner.source import Source

# language -> (module, function returning the grammar pointer)
GRAMMARS = {
    "python": ("tree_sitter_python", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "go": ("tree_sitter_go", "language"),
    "java": ("tree_sitter_java", "language"),
    # read by the secrets' key/value reader only (scanner.checks.secrets.treesitter_kv)
    "kotlin": ("tree_sitter_kotlin", "language"),
    "php": ("tree_sitter_php", "language_php"),  # PHP inside HTML, as .php files are
    "csharp": ("tree_sitter_c_sharp", "language"),
    "ruby": ("tree_sitter_ruby", "language"),
}


class ParseError(Exception):
    def __init__(self, message: str, region: Region | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.region = region


@lru_cache(maxsize=None)
def ts_language(name: str):
    """The tree-sitter ``Language`` for ``name``, or None when no grammar is installed."""
    if name not in GRAMMARS:
        return None
    import tree_sitter

    module_name, func = GRAMMARS[name]
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return tree_sitter.Language(getattr(module, func)())


@lru_cache(maxsize=None)
def _ts_parser(name: str):
    import tree_sitter

    return tree_sitter.Parser(ts_language(name))


def parse_ts(source: Source):
    if source.language is None or ts_language(source.language) is None:
        return None
    return _ts_parser(source.language).parse(source.utf8)


NESTED_TOO_DEEPLY = "the file is nested too deeply to parse"


def parse_cst(source: Source, tree=None):
    """libcst ``MetadataWrapper`` (``scanner.cstmeta.Wrapper``); ``tree``: the file's ``ast`` when known
    (for the nesting guard)."""
    import libcst

    from scanner.cstmeta import Wrapper
    from scanner.guards import too_deep_for_native_parser

    if tree is None:
        try:
            tree = parse_ast(source)
        except ParseError as exc:
            if exc.message == NESTED_TOO_DEEPLY:
                raise ParseError(exc.message) from None
    reason = too_deep_for_native_parser(source.text, tree, lambda: parse_ts(source))
    if reason:  # libcst would crash the process or run for minutes in native code
        raise ParseError(reason)
    try:
        module = libcst.parse_module(source.text)
    except libcst.ParserSyntaxError as exc:
        line = max(1, exc.raw_line)
        column = max(1, exc.raw_column + 1)
        # exc.message only: str(exc) quotes the source line, which may hold a secret
        msg = (exc.message or "syntax error").strip().splitlines()[0]
        raise ParseError(f"syntax error at line {line}: {msg}", Region(line, column)) from None
    except RecursionError:
        raise ParseError(NESTED_TOO_DEEPLY) from None
    except Exception as exc:  # libcst's native parser raises a few other types on odd input
        raise ParseError(f"libcst failed with {type(exc).__name__}") from None
    return Wrapper(module)


def parse_ast(source: Source):
    """``ast.Module`` of the file. Syntax newer than the running interpreter (3.12+ on 3.11) is
    lowered first (scanner.lowering: same lines), so every ``ast`` rule sees every file that
    tree-sitter reads; a file that parses in neither way raises ParseError."""
    try:
        return _ast_parse(source.text, source.path)
    except SyntaxError as exc:
        lowered = _parse_lowered(source)
        if lowered is not None:
            return lowered
        line = max(1, exc.lineno or 1)
        column = max(1, exc.offset or 1)
        raise ParseError(f"syntax error at line {line}: {exc.msg}", Region(line, column)) from None
    except (RecursionError, MemoryError):
        raise ParseError(NESTED_TOO_DEEPLY) from None
    except ValueError as exc:  # e.g. source with NUL bytes
        raise ParseError(str(exc)) from None


def _ast_parse(text: str | bytes, path: str):
    import ast

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for invalid escapes etc.
        return ast.parse(text, filename=path, type_comments=False)


def _parse_lowered(source: Source):
    """The ``ast`` of the file with its newer-than-this-interpreter syntax lowered, or None."""
    data = lower_python(source.utf8)
    if data is None:
        return None
    try:
        return _ast_parse(data.decode("utf-8", "surrogatepass"), source.path)
    except (SyntaxError, ValueError, RecursionError, MemoryError, UnicodeDecodeError):
        return None


def lower_python(data: bytes) -> bytes | None:
    """``data`` with Python 3.12+ syntax rewritten for this interpreter's ``ast`` (lines kept), or
    None when there is no grammar, nothing to lower, or the interpreter knows the syntax anyway."""
    import sys

    if sys.version_info >= (3, 14) or ts_language("python") is None:
        return None
    from scanner.lowering import lower

    try:
        return lower(data, _ts_parser("python").parse(data))
    except RecursionError:
        return None
