"""Cheap checks that keep a native parser from taking the scan down.

libcst's parser is native code (Rust). On deeply nested input it overflows the C stack and the
whole process dies with SIGSEGV (seen here with libcst 1.9: about 1,260 nested parentheses), and
on long operator chains its time grows faster than linearly (5,000 ``+`` terms in one
expression: about 30 s) without ever returning to Python, so neither ``RecursionError`` nor the
per-file time budget (:mod:`scanner.budget`) can stop it. These checks run first and refuse such
files; the refused file gets a notification and every other path (``ast``, tree-sitter, secrets)
still runs on it.

* With an ``ast`` tree (CPython's own parser is linear and raises cleanly on deep input), the
  tree's depth is bounded by :data:`MAX_TREE_DEPTH`. Real code stays far below it (Django's
  ``django/db`` peaks at 28).
* The depth counted is libcst's, not only ``ast``'s: some shapes are flat in ``ast`` and nested
  in libcst, one level per operator. A 12,000-term ``a and b and ...`` is one ``BoolOp`` in
  ``ast`` (depth 2) and 12,000 nested ``BooleanOperation`` nodes in libcst, which overflowed the C
  stack (SIGSEGV); a dotted name ``import a.b.c...`` is one string in ``ast`` and a chain of
  ``Attribute`` nodes in libcst (SIGSEGV from about 6,000 parts). So each ``BoolOp`` counts one
  level per operand and each dotted name one level per dot.
* Without one (the file is not valid for this interpreter, or is newer Python), the bracket
  depth is bounded by :data:`MAX_BRACKET_DEPTH`, CPython's own tokenizer limit (``MAXLEVEL``):
  deeper nesting is not valid Python anyway; tree-sitter's tree (an operator chain is nested
  there) and the longest dotted name are bounded by :data:`MAX_TREE_DEPTH`.
"""

from __future__ import annotations

import ast
import re

MAX_TREE_DEPTH = 500  # about 1 s of libcst parsing for the worst shape (a subscript chain) here
MAX_BRACKET_DEPTH = 200  # CPython refuses more: "too many nested parentheses"

_BRACKETS = re.compile(r"[()\[\]{}]")
_OPEN = frozenset("([{")


def bracket_depth(text: str, stop_above: int = MAX_BRACKET_DEPTH) -> int:
    """Deepest bracket nesting in ``text`` (brackets in strings and comments count too)."""
    depth = best = 0
    for m in _BRACKETS.finditer(text):
        if m.group() in _OPEN:
            depth += 1
            if depth > best:
                best = depth
                if best > stop_above:
                    break
        elif depth:
            depth -= 1
    return best


def _extra_levels(node: ast.AST) -> int:
    """Levels libcst nests where ``ast`` is flat: one per operator of an ``and``/``or`` chain, one per
    dot of a dotted import name."""
    if isinstance(node, ast.BoolOp):
        return len(node.values) - 1
    if isinstance(node, ast.alias):
        return node.name.count(".")
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").count(".")
    return 0


_DOTTED = re.compile(r"[\w.]+")


def longest_dotted_name(text: str) -> int:
    """The most dots in one run of word characters and dots (linear in the text)."""
    return max((m.group().count(".") for m in _DOTTED.finditer(text) if "." in m.group()), default=0)


def tree_depth(tree: ast.AST, stop_above: int = MAX_TREE_DEPTH) -> int:
    """Depth of an ``ast`` tree as libcst will nest it (see the module docs), without recursion;
    stops counting once above ``stop_above``."""
    best = 0
    stack = [(tree, 1)]
    children = ast.iter_child_nodes
    while stack:
        node, d = stack.pop()
        d += _extra_levels(node)
        if d > best:
            best = d
            if best > stop_above:
                break
        stack.extend((c, d + 1) for c in children(node))
    return best


def ts_depth(tree, stop_above: int = MAX_TREE_DEPTH) -> int:
    """Depth of a tree-sitter tree (error-tolerant, so it exists for any text), via its cursor."""
    cursor = tree.walk()
    depth = best = 1
    while True:
        if cursor.goto_first_child():
            depth += 1
            if depth > best:
                best = depth
                if best > stop_above:
                    return best
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return best
            depth -= 1


def too_deep_for_native_parser(text: str, tree: ast.AST | None, ts_tree=None) -> str:
    """A one-line reason to keep ``text`` away from libcst's native parser, or ``""``.

    ``ts_tree``: a callable returning the file's tree-sitter tree, used only when there is no
    ``ast`` tree (syntax errors, newer syntax): then a long operator chain shows up there.
    """
    if tree is not None:
        depth = tree_depth(tree)
        if depth > MAX_TREE_DEPTH:
            return f"the file is nested too deeply for libcst (syntax tree deeper than {MAX_TREE_DEPTH} levels)"
        return ""
    if bracket_depth(text) > MAX_BRACKET_DEPTH:
        return f"the file is nested too deeply for libcst (more than {MAX_BRACKET_DEPTH} nested brackets)"
    if longest_dotted_name(text) > MAX_TREE_DEPTH:
        return f"the file is nested too deeply for libcst (a dotted name of more than {MAX_TREE_DEPTH} parts)"
    ts = ts_tree() if ts_tree is not None else None
    if ts is not None and ts_depth(ts) > MAX_TREE_DEPTH:
        return f"the file is nested too deeply for libcst (syntax tree deeper than {MAX_TREE_DEPTH} levels)"
    return ""
