"""Newer Python syntax, rewritten so the running interpreter's ``ast`` parses it, lines kept.

The ``ast``-based rules (lint, complexity, the data-flow prefilters) use the ``ast`` module of the
interpreter that runs the scanner. On Python 3.11 a file with Python 3.12+ syntax does not parse
there, although libcst and tree-sitter read it. ``lower(text, tree)`` takes the file and its
tree-sitter tree and returns a text the older parser accepts, with every construct on the same
line (and, except where noted, the same columns), or None when it cannot:

- PEP 695 generic parameter lists (``def f[T](x: T)``, ``class A[T]:``): blanked out with spaces;
  ``type X[T] = v`` becomes ``X = v`` (the name moves to the statement's column, padded to length).
- PEP 701 f-strings (a nested string reusing the outer quote, a backslash inside a replacement
  field): the nested string gets the other quote character and its content loses quotes and
  backslashes (same length). Only the text a rule never reads (a nested literal's content) changes.
- PEP 758 ``except A, B:`` becomes ``except (A, B):`` (one column more on that line, after it).
- PEP 750 template strings ``t"..."`` become f-strings.

Used only when the plain ``ast.parse`` failed (parsing.parse_ast), only for ``ast``: libcst
parses the original text, and fixes are built from libcst on the original text.
"""

from __future__ import annotations

QUOTES = (ord('"'), ord("'"))


def lower(data: bytes, tree) -> bytes | None:
    """``data`` (UTF-8 source) with the newer constructs rewritten; None when nothing applies."""
    buf = bytearray(data)
    inserts: list[tuple[int, bytes]] = []  # (byte offset, text) for the few edits that add bytes
    changed = False
    # (node, quote chars of the enclosing strings)
    stack = [(tree.root_node, frozenset())]
    while stack:
        node, enclosing = stack.pop()
        t = node.type
        if t == "string":
            ok, inner = _string(buf, node, enclosing)
            if not ok:
                return None
            changed |= inner is not enclosing
            for c in node.children:
                if c.type == "interpolation":
                    stack.append((c, inner))
            continue
        if t == "type_parameter" and node.parent is not None and node.parent.type in (
                "function_definition", "class_definition"):
            buf[node.start_byte:node.end_byte] = b" " * (node.end_byte - node.start_byte)
            changed = True
            continue
        if t == "type_alias_statement":
            _type_alias(buf, node)
            changed = True
        elif t == "except_clause" or t == "except_group_clause":
            changed |= _except_list(node, inserts)
        for c in node.children:
            stack.append((c, enclosing))
    if not changed:
        return None
    for offset, text in sorted(inserts, reverse=True):
        buf[offset:offset] = text
    return bytes(buf)


def _string(buf: bytearray, node, enclosing: frozenset) -> tuple[bool, frozenset]:
    """Rewrite one string node in place; returns (possible, quote chars its interpolations must avoid)."""
    start = next((c for c in node.children if c.type == "string_start"), None)
    end = next((c for c in node.children if c.type == "string_end"), None)
    if start is None or end is None:
        return True, enclosing
    head = bytes(buf[start.start_byte:start.end_byte])
    prefix_len = len(head.rstrip(b"\"'"))
    if prefix_len >= len(head):  # no quote: a Python 2 backtick repr (`` `x` ``) read as a string
        return False, enclosing
    prefix = head[:prefix_len]
    if b"t" in prefix.lower():  # PEP 750 template string: read as an f-string
        i = prefix.lower().index(b"t")
        buf[start.start_byte + i] = ord("f") if prefix[i:i + 1] == b"t" else ord("F")
    quote = head[prefix_len]
    contents = [c for c in node.children if c.type == "string_content"]
    if enclosing:
        raw = b"".join(bytes(buf[c.start_byte:c.end_byte]) for c in contents)
        needs = quote in enclosing or b"\\" in raw or any(q in raw for q in enclosing)
        if needs:
            free = [q for q in QUOTES if q not in enclosing]
            if not free:
                return False, enclosing
            quote = free[0]
            for b in range(start.start_byte + prefix_len, start.end_byte):
                buf[b] = quote
            for b in range(end.start_byte, end.end_byte):
                buf[b] = quote
            for c in contents:  # the nested literal's content: no quote, no backslash
                for b in range(c.start_byte, c.end_byte):
                    if buf[b] in QUOTES or buf[b] == ord("\\"):
                        buf[b] = ord(" ")
    return True, enclosing | {quote}


def _type_alias(buf: bytearray, node) -> None:
    """``type X[T] = v`` -> ``X        = v``: an assignment to the alias's name, same length."""
    left = node.child_by_field_name("left")
    if left is None:
        return
    name = _first_identifier(left)
    if name is None:
        return
    text = bytes(buf[name.start_byte:name.end_byte])
    span = left.end_byte - node.start_byte
    buf[node.start_byte:left.end_byte] = text + b" " * (span - len(text))


def _first_identifier(node):
    stack = [node]
    while stack:
        n = stack.pop(0)
        if n.type == "identifier":
            return n
        stack[:0] = list(n.children)
    return None


def _except_list(node, inserts: list[tuple[int, bytes]]) -> bool:
    """PEP 758 ``except A, B:``: parenthesize the list (two bytes more on that line)."""
    values = node.children_by_field_name("value")
    commas = [c for c in node.children if c.type == ","]
    if len(values) < 2 or not commas:
        return False
    inserts.append((values[0].start_byte, b"("))
    inserts.append((values[-1].end_byte, b")"))
    return True
