"""Reading tree-sitter nodes of JavaScript, TypeScript, Go and Java for the order analysis
(``ts_order``): the names a target, parameter list or loop binds, the chain an expression is on
(``base``), empty collections, loop headers and the text of a node. Pure functions of nodes.
"""

from __future__ import annotations

import re

from scanner.checks.complexity.order import size_of
from scanner.source import Source

WS = re.compile(r"\s+")


class Span:
    """A start and end point for ``Source.region_from_ts`` (a loop header, not its body)."""

    __slots__ = ("end_point", "start_point")

    def __init__(self, start, end) -> None:
        self.start_point = start
        self.end_point = end



NAMED_UNITS = frozenset({"function_declaration", "method_definition", "method_declaration", "class_declaration",
                          "class_body", "generator_function_declaration", "constructor_declaration"})
SWITCHES = {"switch_statement", "expression_switch_statement", "type_switch_statement", "select_statement",
             "switch_expression"}


def last_statement(block):
    if block is None:
        return None
    last = block
    while last.type in ("statement_block", "block", "statement_list") and last.named_child_count:
        children = [c for c in last.named_children if c.type not in ("comment", "line_comment", "block_comment")]
        if not children:
            return None
        last = children[-1]
    return last


def enclosing_function(node, functions: frozenset[str]) -> int | None:
    p = node.parent
    while p is not None:
        if p.type in functions:
            return p.id
        p = p.parent
    return None


def param_list(fn) -> list[str | None]:
    """A function's parameter names in order (None for a destructured or unnamed position)."""
    single = fn.child_by_field_name("parameter")
    if single is not None:
        ids = identifiers(single)
        return [next(iter(ids))] if len(ids) == 1 else [None]
    params = fn.child_by_field_name("parameters")
    out: list[str | None] = []
    for p in params.named_children if params is not None else []:
        if p.type in ("comment", "line_comment", "block_comment"):
            continue
        if p.type == "parameter_declaration":  # Go: a, b int
            names = p.children_by_field_name("name")
            out.extend(text(n) for n in names) if names else out.append(None)
            continue
        ids = identifiers(p)
        out.append(next(iter(ids)) if len(ids) == 1 else None)
    return out


EXIT_STATEMENTS = {"return_statement", "break_statement", "throw_statement"}
DECLARATIONS = {"var_spec", "variable_declarator", "short_var_declaration", "assignment_expression", "assignment_statement"}
NAME_NODES = {"identifier", "shorthand_property_identifier_pattern"}


def identifiers(node) -> set[str]:
    """The names bound by a loop target or parameter list (``[k, v]``, ``{a, b}``, ``_, x``)."""
    if node is None:
        return set()
    out, stack = set(), [node]
    while stack:
        n = stack.pop()
        if n.type in NAME_NODES:
            name = text(n)
            if name != "_":
                out.add(name)
        elif n.type == "pair_pattern":  # {key: name}: only the value binds
            value = n.child_by_field_name("value")
            if value is not None:
                stack.append(value)
        elif n.type not in ("type_identifier", "type_annotation", "default_value"):
            stack.extend(n.named_children)
    return out


def loop_items(node) -> tuple[set[str], object]:
    """(names bound to the item, the iterated collection) of a for-of / for-in / enhanced-for /
    range loop; (set(), None) for a loop with a condition."""
    t = node.type
    if t == "for_in_statement":
        return identifiers(node.child_by_field_name("left")), node.child_by_field_name("right")
    if t == "enhanced_for_statement":
        return identifiers(node.child_by_field_name("name")), node.child_by_field_name("value")
    for ch in node.named_children:
        if ch.type == "range_clause":
            return identifiers(ch.child_by_field_name("left")), ch.child_by_field_name("right")
    return set(), None


def params(fn) -> set[str]:
    """The names a callback's parameters bind (``x => ...``, ``(x, i) => ...``, ``x -> ...``)."""
    single = fn.child_by_field_name("parameter")
    if single is not None:
        return identifiers(single)
    return identifiers(fn.child_by_field_name("parameters"))


CHAIN = {"member_expression": "object", "subscript_expression": "object", "selector_expression": "operand",
          "index_expression": "operand", "field_access": "object", "array_access": "array",
          "method_invocation": "object", "non_null_expression": None, "parenthesized_expression": None,
          "unary_expression": None, "spread_element": None,  # &testCase, ...items: the same value
          "type_conversion_expression": "operand", "cast_expression": "value", "as_expression": None}
def empty(value) -> bool:
    """An empty collection or a zero value: ``[]``, ``{}``, ``new Map()``, ``[]T{}``, ``make(...)``,
    ``T{}``, ``new ArrayList<>()``."""
    t = value.type
    if t in ("array", "object", "composite_literal", "literal_value"):
        body = value.child_by_field_name("body") if t == "composite_literal" else value
        return body is None or body.named_child_count == 0
    if t in ("new_expression", "object_creation_expression"):
        args = value.child_by_field_name("arguments")
        return args is None or args.named_child_count == 0
    if t == "call_expression":
        func, args = value.child_by_field_name("function"), value.child_by_field_name("arguments")
        sizes = args.named_children[1:] if args is not None else []
        return func is not None and text(func) == "make" and (not sizes or text(sizes[0]) == "0")
    return False


LITERALS = {"number", "string", "int_literal", "interpreted_string_literal", "raw_string_literal", "true", "false",
             "null", "nil", "decimal_integer_literal", "string_literal"}
UNWRAP = {"entries", "values", "keys", "from"}  # Object.entries(x), Array.from(x): over x


def chain_text(node) -> str | None:
    """``a.b.c`` / ``this.x`` as text, for keyed elements; None for anything else."""
    if node is not None and node.type in ("identifier", "member_expression", "selector_expression", "field_access",
                                          "this"):
        chain = text(node)
        return chain if re.fullmatch(r"[\w.$]+", chain) else None
    return None


def base(node) -> tuple[str, ...]:
    """The names an expression is a chain on: ``x`` in ``x.items[0].kids()``, ``Object.values(x)``,
    and the keyed element ``m[k]`` in ``m[k].length``; empty for anything else (a call of a plain
    function, ``this.items``, ``table[i]`` is on ``table``)."""
    keyed: tuple[str, ...] = ()
    while node is not None:
        t = node.type
        if t == "identifier":
            return (*keyed, text(node))
        if t in ("subscript_expression", "index_expression"):
            coll = chain_text(node.child_by_field_name("object") or node.child_by_field_name("operand"))
            index = node.child_by_field_name("index")
            if coll is not None and index is not None and index.type == "identifier":
                keyed = (*keyed, f"{coll}[{text(index)}]")
            if index is not None and index.type == "identifier":
                keyed = (*keyed, text(index))  # adj[node]: the element the item selects is its part
        if t in CHAIN:
            field = CHAIN[t]
            node = node.child_by_field_name(field) if field else (node.named_children or [None])[0]
        elif t in ("binary_expression", "ternary_expression", "conditional_expression") and t != "binary_expression" or (
                t == "binary_expression" and text(node.child_by_field_name("operator")) in ("||", "??", "&&", "+")):
            # `result[i] || array`, `c ? a : b`: either side
            sides = [node.child_by_field_name(f) for f in ("left", "right", "consequence", "alternative")]
            return tuple(b for side in sides if side is not None for b in (*keyed, *base(side)))
        elif t == "call_expression":
            func = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            first = args.named_children[0] if args is not None and args.named_children else None
            if first is not None and first.type not in LITERALS:
                keyed = (*keyed, *base(first))  # keysIn(source), strings.ToLower(k): a value made from it
            if func is None or func.type not in ("member_expression", "selector_expression"):
                return keyed
            obj = func.child_by_field_name("object")
            prop = func.child_by_field_name("property")
            if (obj is not None and prop is not None and text(obj) in ("Object", "Array")
                    and text(prop) in UNWRAP):
                args = node.child_by_field_name("arguments")
                node = args.named_children[0] if args is not None and args.named_children else None
            else:
                node = func
        else:
            return keyed
    return keyed


CLASSIC_BOUND = re.compile(r";\s*[\w.]+\s*<=?\s*([^;]+?)\s*;")


def loop_size(src: Source, iterable, header: str) -> str:
    """What n is for a loop: its iterable (``len(users)``) or a classic ``for``'s bound (``n``)."""
    if iterable is not None:
        return size_of(short(src, iterable, 80))
    m = CLASSIC_BOUND.search(header)
    return size_of(f"range({m.group(1)})") if m else ""


def invoked_here(fn, call_type: str) -> bool:
    """An anonymous function called where it is defined (through parentheses in JavaScript)."""
    inner, parent = fn, fn.parent
    while parent is not None and parent.type == "parenthesized_expression":
        inner, parent = parent, parent.parent
    if parent is None or parent.type != call_type:
        return False
    callee = parent.child_by_field_name("function")
    return callee is not None and callee.id == inner.id


def runs_once(body) -> bool:
    """A loop body that always ends in return / break / throw (and never continues) runs once."""
    last = last_statement(body)
    if last is None or last.type not in EXIT_STATEMENTS:
        return False
    stack = [body]
    while stack:
        n = stack.pop()
        if n.type == "continue_statement":
            return False
        stack.extend(n.named_children)
    return True


def text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def short(src: Source, node, limit: int = 40) -> str:
    flat = WS.sub(" ", text(node)).strip()
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
