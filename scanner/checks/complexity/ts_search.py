"""Loops of JavaScript, TypeScript, Go and Java that *look for* an element (the tree-sitter
counterpart of ``py_search``): the inner level of a join a reader would replace with a map or a set.

``ts_order`` marks such levels (``Step.finds``) and ``order.actionable`` reads them, for every
language the same way: an inner level that searches, a hidden scan, one collection crossed with
itself, a queue, a rescan of what the enclosing loop accumulates, or recursion is reported; a
rows x columns product (each converter per row) is not, unless ``report-all = true``.

A level searches when:

* its callback is a search (``some`` / ``every`` / ``find`` / ``findIndex`` ..., Java's
  ``anyMatch`` / ``allMatch`` / ``noneMatch``: each stops at the first element that decides), or a
  filter whose test matches the element against a value from outside (``filter(u => u.id === id)``);
* an ``if`` of its body (not of a nested loop or function), or its own condition, relates the
  element to a value from outside the loop that is not a constant: ``===`` / ``==``
  (``if (array[index] === value)``), ``x.equals(key)`` / ``startsWith`` (Java), or a call that
  takes both (``predicate(array[index], index, array)``, ``bytes.Equal(k, key)``);
* its condition repeats a search call (``while ((i = indexOf(seen, value, i)) > -1)``).

An ``if`` that only *asks* each element (``if (handler.accepts(req)) return handler``) walks a
chain of handlers, not a table: not a search. Pure functions of tree-sitter nodes.
"""

from __future__ import annotations

import re

SEARCH_CALLBACKS = frozenset({"some", "every", "find", "findIndex", "findLast", "findLastIndex", "anyMatch",
                              "allMatch", "noneMatch"})
FILTER_CALLBACKS = frozenset({"filter", "removeIf", "takeWhile", "dropWhile"})
_EQUALS = frozenset({"==", "==="})
_RELATIONS = frozenset({"equals", "equalsIgnoreCase", "startsWith", "endsWith", "contentEquals"})
# calls that test a property of the element, not its relation to a value (the `isinstance` of py_search)
_TYPE_TESTS = frozenset({"hasOwnProperty", "call", "apply", "propertyIsEnumerable", "isArray", "isInstance",
                         "len", "cap", "isNaN", "isFinite", "Boolean", "String", "Number", "typeof"})
_SEARCH_NAME = re.compile(r"(?:^|[a-z_.])(?:indexOf|IndexOf|lastIndexOf|LastIndexOf|includes|Contains|contains)$")
_NESTED = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement",
                     "enhanced_for_statement", "function_declaration", "function_expression", "arrow_function",
                     "method_definition", "func_literal", "lambda_expression", "method_declaration",
                     "generator_function", "class_declaration"})
_CALLS = frozenset({"call_expression", "method_invocation"})
_PROPERTY_FIELDS = {"field_access": "field", "method_invocation": "name"}


def names(node) -> set[str]:
    """The variable names an expression reads (not property or method names)."""
    out: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "identifier":
            p = n.parent
            field = _PROPERTY_FIELDS.get(p.type) if p is not None else None
            if field is None or p.child_by_field_name(field) != n:
                out.add(n.text.decode("utf-8", "replace"))
        else:
            stack.extend(n.named_children)
    return out


def _outside(node, target: set[str], limits: frozenset[str] | set[str] = frozenset()) -> bool:
    """``node`` reads a value from outside the loop that is not the element, nor only the loop's own
    bound (``i == length - 1`` asks for the last pass, it does not look for a value)."""
    ns = names(node)
    return bool(ns) and not ns & target and not ns <= limits


def _callee_name(call) -> tuple[str, object | None]:
    """(the called function's or method's last name, the receiver or None)."""
    if call.type == "method_invocation":
        name = call.child_by_field_name("name")
        return (name.text.decode() if name is not None else ""), call.child_by_field_name("object")
    func = call.child_by_field_name("function")
    if func is None:
        return "", None
    if func.type in ("member_expression", "selector_expression"):
        prop = func.child_by_field_name("property") or func.child_by_field_name("field")
        obj = func.child_by_field_name("object") or func.child_by_field_name("operand")
        return (prop.text.decode() if prop is not None else ""), obj
    return func.text.decode("utf-8", "replace"), None


def matches(test, target: set[str], limits: frozenset[str] | set[str] = frozenset()) -> bool:
    """``test`` relates the element (an expression on ``target``) to a value from outside the loop
    (not only to the loop's bound, ``limits``)."""
    stack = [test]
    while stack:
        n = stack.pop()
        if n.type in _NESTED:
            continue
        if n.type == "binary_expression":
            op = n.child_by_field_name("operator")
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if op is not None and op.type in _EQUALS and left is not None and right is not None and any(
                    names(a) & target and _outside(b, target, limits) for a, b in ((left, right), (right, left))):
                return True
        elif n.type in _CALLS:
            name, recv = _callee_name(n)
            args = n.child_by_field_name("arguments")
            arg_list = [a for a in args.named_children if a.type not in ("comment",)] if args is not None else []
            if name not in _TYPE_TESTS and not (recv is not None and recv.text.endswith(b"hasOwnProperty")):
                if any(names(a) & target for a in arg_list) and any(_outside(a, target) for a in arg_list):
                    return True
                if name in _RELATIONS and recv is not None and (
                        names(recv) & target and any(_outside(a, target) for a in arg_list)
                        or _outside(recv, target) and any(names(a) & target for a in arg_list)):
                    return True  # Java: el.getKey().equals(key), key.equals(el.getKey())
        stack.extend(n.named_children)
    return False


def _own_ifs(body):
    """The ``if`` conditions of a loop body, not inside nested loops or functions."""
    stack = [body]
    while stack:
        n = stack.pop()
        if n.type in _NESTED:
            continue
        if n.type == "if_statement":
            cond = n.child_by_field_name("condition")
            if cond is not None:
                yield cond
        stack.extend(n.named_children)


def loop_searches(body, cond, target: set[str], limits: set[str] = frozenset()) -> bool:
    """The loop (``body``, its condition ``cond`` or None) looks for an element named by ``target``;
    ``limits``: the other names of its condition (its bound)."""
    if cond is not None and (target and matches(cond, target, limits) or repeats_search(cond)):
        return True
    return bool(target) and body is not None and any(matches(c, target, limits) for c in _own_ifs(body))


def repeats_search(cond) -> bool:
    """``while ((fromIndex = indexOf(seen, value, fromIndex)) > -1)``: each pass is one more search."""
    stack = [cond]
    while stack:
        n = stack.pop()
        if n.type in _NESTED:
            continue
        if n.type in _CALLS and _SEARCH_NAME.search(_callee_name(n)[0]):
            return True
        stack.extend(n.named_children)
    return False


def callback_searches(method: str, fn, target: set[str]) -> bool:
    """A callback level that searches: ``some`` / ``find`` ..., or a filter matching the element
    against an outside value (its expression body, its ``return`` or an ``if`` of its body)."""
    if method in SEARCH_CALLBACKS:
        return True
    if method not in FILTER_CALLBACKS:
        return False
    body = fn.child_by_field_name("body")
    if body is None:
        return False
    if body.type not in ("statement_block", "block"):
        return matches(body, target)
    stack = [body]
    while stack:
        n = stack.pop()
        if n.type in _NESTED:
            continue
        if n.type in ("return_statement", "if_statement") and matches(n, target):
            return True
        stack.extend(n.named_children)
    return False


_GROW = r"(?:\.(?:push|add|addAll|addLast|offer|unshift)\(|\s*=\s*append\(\s*{0}\b)"
_RESET = r"(?:\s*(?::=|=)\s*(?:\[\]|new\b|\[\s*\]|make\(|{0}\[:0\]|\[\]\w+\{{\}})|\.length\s*=\s*0|\.clear\(\))"


def accumulates(outer_body: str, coll: str) -> bool:
    """The enclosing loop's body grows ``coll`` and never empties it: each pass of the inner loop
    rescans what the earlier passes added (the accumulate-and-rescan quadratic)."""
    if not coll or not re.fullmatch(r"[\w$.]+", coll):
        return False
    e = re.escape(coll)
    if not re.search(rf"(?<![\w$.]){e}{_GROW.format(e)}", outer_body):
        return False
    return not re.search(rf"(?<![\w$.]){e}{_RESET.format(e)}", outer_body)


def grows(outer_body: str, coll: str) -> bool:
    """The enclosing loop adds to ``coll`` at the end (a queue when the inner code shifts it)."""
    if not coll or not re.fullmatch(r"[\w$.]+", coll):
        return False
    e = re.escape(coll)
    return bool(re.search(rf"(?<![\w$.]){e}(?:\.(?:push|add|addLast|offer)\(|\s*=\s*append\(\s*{e}\b)", outer_body))
