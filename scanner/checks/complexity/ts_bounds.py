"""What bounds a loop without an iterable, for ``ts_order`` (JavaScript, TypeScript, Go, Java).

Pure functions over tree-sitter nodes:

* :func:`condition` and :func:`bound`: the expression a ``for (init; cond; step)`` / ``while (cond)`` /
  Go ``for cond`` loop runs up to (``length`` in ``++index < length``, ``length`` itself in
  ``while (length--)``), and its counters;
* :class:`Locals`: a function's local declarations, so that ``length`` traces back to
  ``array.length`` (what n is, and which collection an index loop walks);
* :func:`thresholds`: the sizes a function compares against a named constant or a large literal
  (``values.length >= LARGE_ARRAY_SIZE``): the function switches strategy there, so loops bounded by
  those sizes run a bounded number of times on the path that has them.
"""

from __future__ import annotations

import re

_COMPARE = {"<", "<=", ">", ">=", "!=", "!=="}
_STEP = re.compile(r"(\+\+|--)\s*(\w+)|(\w+)\s*(\+\+|--|\+=|-=)")
_LENGTH = re.compile(r"^(?:len\((?P<go>[\w.\[\]]+)\)|(?P<js>[\w.$\[\]]+)\.(?:length|size\(\)|size|Count|count\(\)))$")
_CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")
LARGE = 16  # a literal threshold at least this large is a strategy switch, not an emptiness or pair test


def text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def _unwrap(node):
    while node is not None and node.type == "parenthesized_expression" and node.named_child_count:
        node = node.named_children[0]
    return node


def condition(loop, language: str):
    """The condition node of a classic ``for`` / ``while`` / ``do`` loop (None: none or a range)."""
    cond = loop.child_by_field_name("condition")
    if cond is None and language == "go":
        for ch in loop.named_children:
            if ch.type == "for_clause":
                return _unwrap(ch.child_by_field_name("condition"))
            if ch.type in ("range_clause", "block", "comment"):
                return None
            return _unwrap(ch)
    return _unwrap(cond)


def counters(header: str, body: str, cond_text: str) -> set[str]:
    """Names the loop steps (``++index``, ``length--``, ``i += 2``) that its condition tests."""
    tested = set(re.findall(r"[A-Za-z_$][\w$]*", cond_text))
    stepped = {m.group(2) or m.group(3) for m in _STEP.finditer(header + "\n" + body)}
    return tested & stepped


def walked(body: str, cond_text: str) -> set[str]:
    """Names a ``while (node)`` loop moves along a structure: ``node = node.next`` /
    ``object = getPrototype(object)`` / ``parent = parent.__wrapped__``."""
    out = set()
    for name in set(re.findall(r"[A-Za-z_$][\w$]*", cond_text)):
        if not re.search(r"(?<![\w.$])" + re.escape(name) + r"\s*=[^=]", body):
            continue  # (cheap test first: the full pattern is compiled per name)
        e = re.escape(name)
        if re.search(rf"(?<![\w.$]){e}\s*=(?!=)\s*(?:{e}\s*[.\[]|[\w.$]+\(\s*{e}\s*[,)])", body):
            out.add(name)
    return out


def bound(cond, counter_names: set[str]):
    """The expression the loop runs up to: the other side of the first comparison with a counter
    (``++i < rows.length`` -> ``rows.length``), or the counter itself when it counts down to zero
    (``while (length--)``, ``i > 0``). None when the condition is something else."""
    cond = _unwrap(cond)
    if cond is None:
        return None
    t = cond.type
    if t == "binary_expression":
        op = text(cond.child_by_field_name("operator"))
        left, right = _unwrap(cond.child_by_field_name("left")), _unwrap(cond.child_by_field_name("right"))
        if op in ("&&", "||"):
            return bound(left, counter_names) or bound(right, counter_names)
        if op in _COMPARE and left is not None and right is not None:
            lc, rc = _mentions(left, counter_names), _mentions(right, counter_names)
            if lc and not rc:  # counting down to a number: the counter's start is the bound
                return right if not _number(right) else _counter_node(left, counter_names)
            if rc and not lc:
                return left if not _number(left) else _counter_node(right, counter_names)
        return None
    if t in ("update_expression", "unary_expression", "inc_statement", "dec_statement"):
        return _counter_node(cond, counter_names)
    if t == "identifier" and text(cond) in counter_names:
        return cond
    return None


def _number(node) -> bool:
    return bool(re.fullmatch(r"-?\d+", text(node).strip()))


def _mentions(node, names: set[str]) -> bool:
    return bool(set(re.findall(r"[A-Za-z_$][\w$]*", text(node))) & names)


def _counter_node(node, names: set[str]):
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "identifier" and text(n) in names:
            return n
        stack.extend(n.named_children)
    return None


class Locals:
    """A function's local declarations: name -> the expression first assigned to it."""

    def __init__(self, fn_body, functions: frozenset[str]) -> None:
        self.values: dict[str, object] = {}
        stack = [fn_body] if fn_body is not None else []
        while stack:
            n = stack.pop()
            if n.type in functions:
                continue
            if n.type == "variable_declarator":
                name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
                if name is not None and name.type == "identifier" and value is not None:
                    self.values.setdefault(text(name), value)
            elif n.type in ("short_var_declaration", "var_spec"):
                left = n.child_by_field_name("left")
                right = n.child_by_field_name("right") or n.child_by_field_name("value")
                lefts = left.named_children if left is not None else n.children_by_field_name("name")
                rights = right.named_children if right is not None and right.type == "expression_list" else (
                    [right] if right is not None else [])
                for a, b in zip(lefts, rights):
                    if a.type == "identifier":
                        self.values.setdefault(text(a), b)
            stack.extend(n.named_children)

    def trace(self, node, hops: int = 3):
        """Follow a name through its declarations (``valuesIndex`` -> ``valuesLength`` ->
        ``values.length``); the last expression reached."""
        seen = set()
        while node is not None and node.type == "identifier" and hops > 0:
            name = text(node)
            if name in seen or name not in self.values:
                break
            seen.add(name)
            node = _unwrap(self.values[name])
            hops -= 1
        return node

    def collection(self, node) -> str | None:
        """The collection whose size ``node`` is (``array`` for ``length`` declared as
        ``array.length``, ``len(xs)``, ``list.size()``), as text; None for anything else."""
        end = self.trace(node)
        if end is None:
            return None
        m = _LENGTH.match(re.sub(r"\s+", "", text(end)))
        return (m.group("go") or m.group("js")) if m else None


def local_table(name: str, fn_body, locals_: Locals) -> bool:
    """``name`` is a local bound to a literal collection with its elements written out
    (``durations := [3]int{1, 7, 30}``, ``const units = ['s', 'm', 'h']``) and never grown or
    reassigned in the function."""
    value = locals_.values.get(name)
    if value is None or not _literal_table(value):
        return False
    body = text(fn_body)
    if _grown(name, body):
        return False
    assign = re.compile(rf"(?<![\w.$]){re.escape(name)}\s*=[^=]")
    declared = text(value.parent) if value.parent is not None else ""
    return len(assign.findall(body)) <= len(assign.findall(declared))


_GROWS_AFTER = re.compile(r"\s*=\s*append\(|\.(push|unshift|splice|add|addAll|put|putAll|set)\(|\[[^\]\n]*\]\s*=[^=]")
_GROWS_BEFORE = re.compile(r"append\(\s*$")


def _grown(name: str, src: str) -> bool:
    """``name`` is appended to, pushed to, added to or stored into somewhere in ``src`` (looked at
    around each occurrence only: a module can be megabytes long)."""
    i = src.find(name)
    while i != -1:
        end = i + len(name)
        word = (i == 0 or not (src[i - 1].isalnum() or src[i - 1] in "_$")) and (
            end == len(src) or not (src[end].isalnum() or src[end] in "_$"))
        if word and (_GROWS_AFTER.match(src, end, end + 200) or _GROWS_BEFORE.search(src[max(0, i - 20):i])):
            return True
        i = src.find(name, end)
    return False


def thresholds(fn_body, locals_: Locals, functions: frozenset[str]) -> set[str]:
    """Names and collections a function compares against a named constant or a literal of at least
    :data:`LARGE` (``values.length >= LARGE_ARRAY_SIZE``, ``length >= 120``)."""
    out: set[str] = set()
    stack = [fn_body] if fn_body is not None else []
    while stack:
        n = stack.pop()
        if n.type in functions:
            continue
        if n.type == "binary_expression" and text(n.child_by_field_name("operator")) in ("<", "<=", ">", ">="):
            left, right = _unwrap(n.child_by_field_name("left")), _unwrap(n.child_by_field_name("right"))
            for size, limit in ((left, right), (right, left)):
                if size is None or limit is None or not _large(limit):
                    continue
                if size.type == "identifier":
                    out.add(text(size))
                coll = locals_.collection(size)
                if coll is not None:
                    out.add(coll)
        stack.extend(n.named_children)
    return out


def _large(node) -> bool:
    t = text(node)
    if _CONSTANT.match(t):
        return True
    return t.isdigit() and int(t) >= LARGE


def size_text(node, locals_: Locals) -> str:
    """What n is for a loop that runs up to ``node``: ``len(array)`` for ``length`` declared as
    ``array.length``, else the bound's own text."""
    coll = locals_.collection(node)
    if coll is not None:
        return f"len({coll})"
    t = re.sub(r"\s+", " ", text(node)).strip()
    t = re.sub(r"\s*[-+]\s*1$", "", t)  # i < n - 1: n
    return t if t and len(t) <= 40 else "n"


_TABLE_CALLS = re.compile(r"^(List\.of|Set\.of|Map\.of|Arrays\.asList|Collections\.unmodifiable\w*|Object\.freeze)\(")


def tables(root, language: str) -> set[str]:
    """Module-level constant tables: names bound once at the top of the file (a Go package-level
    ``var``/``const``, a JavaScript top-level ``const``/``var``, a Java ``static final`` field) to a
    literal collection with its elements written out, and never grown anywhere in the file
    (``append``, ``push``, ``add``, ``put``, ``x[k] = ...``). Their size is fixed by the source: a loop
    over one is constant-bounded."""
    found: dict[str, object] = {}
    for decl in root.named_children:
        t = decl.type
        if t in ("var_declaration", "const_declaration"):  # Go
            for spec in (c for c in _walk_specs(decl)):
                value = spec.child_by_field_name("value")
                values = value.named_children if value is not None else []
                for name, v in zip(spec.children_by_field_name("name"), values):
                    if _literal_table(v):
                        found[text(name)] = v
        elif t in ("lexical_declaration", "variable_declaration"):  # JavaScript
            for d in decl.named_children:
                if d.type == "variable_declarator":
                    name, v = d.child_by_field_name("name"), d.child_by_field_name("value")
                    if name is not None and name.type == "identifier" and v is not None and _literal_table(v):
                        found[text(name)] = v
        elif t in ("export_statement",):
            inner = decl.child_by_field_name("declaration")
            if inner is not None:
                for d in inner.named_children:
                    if d.type == "variable_declarator":
                        name, v = d.child_by_field_name("name"), d.child_by_field_name("value")
                        if name is not None and name.type == "identifier" and v is not None and _literal_table(v):
                            found[text(name)] = v
        elif t in ("class_declaration", "enum_declaration", "interface_declaration") and language == "java":
            body = decl.child_by_field_name("body")
            for f in body.named_children if body is not None else []:
                if f.type != "field_declaration":
                    continue
                mods = next((c for c in f.children if c.type == "modifiers"), None)
                if mods is None or "static" not in text(mods) or "final" not in text(mods):
                    continue
                for d in f.named_children:
                    if d.type == "variable_declarator":
                        name, v = d.child_by_field_name("name"), d.child_by_field_name("value")
                        if name is not None and v is not None and _literal_table(v):
                            found[text(name)] = v
    if not found:
        return set()
    src = text(root)
    return {name for name in found if not _grown(name, src)}


def _walk_specs(decl):
    for c in decl.named_children:
        if c.type in ("var_spec", "const_spec"):
            yield c
        elif c.type in ("var_spec_list", "const_spec_list"):
            yield from (s for s in c.named_children if s.type in ("var_spec", "const_spec"))


def _literal_table(v) -> bool:
    t = v.type
    if t in ("string", "string_literal", "interpreted_string_literal", "raw_string_literal"):
        return True  # a string written out at the top (`const unsafe = "<>{}|"`): its characters are a table
    if t in ("array", "object", "array_initializer"):
        return v.named_child_count > 0
    if t == "composite_literal":
        body = v.child_by_field_name("body")
        return body is not None and body.named_child_count > 0
    if t in ("call_expression", "method_invocation") and _TABLE_CALLS.match(text(v)):
        return True
    if t == "array_creation_expression":
        init = v.child_by_field_name("value")
        return init is not None and init.named_child_count > 0
    return False
