"""Filter predicates for tree-sitter query rules: conditions a query cannot express.

A query names a filter as a custom predicate, ``(#dynamic-string? @arg)``; the tree-sitter binding
calls back here for every candidate match of that pattern (it evaluates ``#eq?``, ``#match?``,
``#any-of?`` and their negations itself). Data names code by the registered name only.

A filter takes a :class:`FilterEnv` (the file being scanned) and the predicate's arguments: a
capture argument arrives as the list of captured nodes, a string argument as ``str``. It returns
True to keep the match. Filters are pure, small and fast: they run inside the query cursor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

FILTERS: dict[str, Callable[..., bool]] = {}


def ts_filter(name: str) -> Callable[[Callable[..., bool]], Callable[..., bool]]:
    """Register ``fn`` as the query predicate ``#<name>`` (the name ends in ``?``)."""
    if not name.endswith("?"):
        raise ValueError(f"filter predicate names end in '?': {name!r}")

    def deco(fn: Callable[..., bool]) -> Callable[..., bool]:
        if name in FILTERS:
            raise ValueError(f"filter {name} is registered twice")
        FILTERS[name] = fn
        return fn

    return deco


class FilterEnv:
    """What a filter may know about the file: its language, tree and (lazily) derived facts."""

    def __init__(self, language: str, root: Any) -> None:
        self.language = language
        self.root = root

    @cached_property
    def go_imports(self) -> dict[str, str]:
        """Go: local package name -> import path, e.g. {"mrand": "math/rand", "md5": "crypto/md5"}."""
        out: dict[str, str] = {}
        for decl in self.root.children:
            if decl.type != "import_declaration":
                continue
            specs = [decl] if decl.child_by_field_name("path") else _descendants(decl, "import_spec")
            for spec in specs:
                path_node = spec.child_by_field_name("path")
                if path_node is None:
                    continue
                path = _text(path_node).strip('"`')
                alias = spec.child_by_field_name("name")
                out[_text(alias) if alias is not None else go_default_name(path)] = path
        return out


    @cached_property
    def constant_names(self) -> frozenset[str]:
        """JavaScript/TypeScript: names declared once with a constant value (a literal, a template
        without substitutions) and never assigned again anywhere in the file."""
        declared: dict[str, int] = {}
        constant: set[str] = set()
        assigned: set[str] = set()
        stack = [self.root]
        while stack:
            n = stack.pop()
            t = n.type
            if t == "variable_declarator":
                name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
                if name is not None and name.type == "identifier":
                    key = _text(name)
                    declared[key] = declared.get(key, 0) + 1
                    if value is not None and _constant(value):
                        constant.add(key)
            elif t in ("assignment_expression", "augmented_assignment_expression"):
                left = n.child_by_field_name("left")
                if left is not None and left.type == "identifier":
                    assigned.add(_text(left))
            elif t == "update_expression":
                assigned.update(_text(c) for c in n.named_children if c.type == "identifier")
            stack.extend(n.children)
        return frozenset(k for k in constant if declared[k] == 1 and k not in assigned)


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace")


def _descendants(node: Any, kind: str) -> list[Any]:
    out, stack = [], list(node.children)
    while stack:
        n = stack.pop()
        if n.type == kind:
            out.append(n)
        else:
            stack.extend(n.children)
    return out


def go_default_name(path: str) -> str:
    """The package name Go gives an import without alias: the last element, skipping ``/vN``."""
    parts = path.split("/")
    if len(parts) > 1 and re.fullmatch(r"v\d+", parts[-1]):
        return parts[-2]
    return parts[-1]


def _first(nodes: Any) -> Any:
    if isinstance(nodes, list):
        return nodes[0] if nodes else None
    return nodes


# ----- dynamic strings ---------------------------------------------------------------------------

_STRING_LITERALS = {
    "string", "string_literal", "interpreted_string_literal", "raw_string_literal", "text_block",
    "character_literal", "rune_literal",
}
_CONCAT_PARENS = {"parenthesized_expression"}
_FORMAT_CALLS = {"format", "formatted", "Sprintf", "sprintf", "concat", "join"}


def is_dynamic_string(node: Any) -> bool:
    """True when ``node`` builds a string from non-constant parts: ``"a" + x``, a template with a
    substitution, ``String.format(...)``/``fmt.Sprintf(...)`` with arguments besides the format."""
    t = node.type
    if t in _CONCAT_PARENS and node.named_child_count == 1:
        return is_dynamic_string(node.named_children[0])
    if t == "template_string":
        return any(c.type == "template_substitution" for c in node.named_children)
    if t == "binary_expression":
        op = node.child_by_field_name("operator")
        if op is None or op.type != "+":
            return False
        return not _constant(node)
    if t in ("call_expression", "method_invocation"):
        callee = node.child_by_field_name("function") or node.child_by_field_name("name")
        if callee is None:
            return False
        last = callee.child_by_field_name("field") or callee.child_by_field_name("property") or callee
        args = node.child_by_field_name("arguments")
        if _text(last) in _FORMAT_CALLS and args is not None:
            return any(not _constant(a) for a in args.named_children[1:]) or (
                _text(last) in ("formatted", "concat") and args.named_child_count > 0
            )
    return False


def _constant(node: Any) -> bool:
    t = node.type
    if t in _STRING_LITERALS or t in ("number", "int_literal", "decimal_integer_literal", "true", "false"):
        return True
    if t == "template_string":
        return not any(c.type == "template_substitution" for c in node.named_children)
    if t in _CONCAT_PARENS:
        return all(_constant(c) for c in node.named_children)
    if t == "binary_expression":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        return left is not None and right is not None and _constant(left) and _constant(right)
    return False


@ts_filter("dynamic-string?")
def _dynamic_string(env: FilterEnv, nodes: Any) -> bool:
    node = _first(nodes)
    return node is not None and is_dynamic_string(node)


@ts_filter("not-constant?")
def _not_constant(env: FilterEnv, nodes: Any) -> bool:
    """The expression is anything but a literal (or a concatenation of literals), or a variable
    of the file that is only ever given one (``const HTML = `<div>...</div>`; el.innerHTML = HTML``)."""
    node = _first(nodes)
    return node is not None and not _constant_value(env, node)


@ts_filter("has-dynamic-argument?")
def _has_dynamic_argument(env: FilterEnv, nodes: Any) -> bool:
    """Some argument of the call is not a constant (``Function("return this")`` has none)."""
    node = _first(nodes)
    return node is not None and any(not _constant_value(env, a) for a in node.named_children
                                    if a.type != "comment")


def _constant_value(env: FilterEnv, node: Any) -> bool:
    if node.type == "identifier":
        return _text(node) in env.constant_names
    return _constant(node)


# ----- packages and imports ----------------------------------------------------------------------


@ts_filter("go-package?")
def _go_package(env: FilterEnv, nodes: Any, *paths: str) -> bool:
    """The identifier names a package imported (under any alias) from one of ``paths``."""
    node = _first(nodes)
    return node is not None and env.go_imports.get(_text(node)) in paths


# ----- secret context ----------------------------------------------------------------------------

SECRET_WORDS = frozenset({
    "token", "tokens", "secret", "secrets", "password", "passwd", "passphrase", "pwd", "nonce", "salt",
    "otp", "totp", "hotp", "session", "sessionid", "sid", "apikey", "key", "keys", "csrf", "xsrf",
    "credential", "credentials", "auth", "reset", "verification", "pin", "iv",
})
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_NAME_FIELDS = ("name", "left", "key")
_FUNCTIONS = {
    "function_declaration", "method_declaration", "method_definition", "function_expression",
    "arrow_function", "func_literal", "constructor_declaration", "lambda_expression", "function",
    "generator_function_declaration",
}


# A name ending in one of these is a number about the secret, not the secret: ``tokenLength``, ``nonceIdx``.
NOT_SECRET_LAST = frozenset({
    "idx", "index", "len", "length", "size", "count", "num", "timeout", "ttl", "interval", "delay",
    "offset", "pos", "position", "expiry", "expires", "duration", "retries", "attempts", "name", "type",
    "kind", "header", "field", "prefix", "suffix",
})


def secret_words(name: str) -> bool:
    """``resetToken``, ``API_KEY``, ``make_nonce`` -> True; ``keyboard``, ``nonceIdx`` -> False."""
    words = [w.lower() for w in _WORD.findall(name)]
    return bool(words) and words[-1] not in NOT_SECRET_LAST and any(w in SECRET_WORDS for w in words)


def _names_of(node: Any) -> list[str]:
    if node.type in ("keyed_element", "pair") and node.named_child_count:
        return [_text(node.named_children[0])]
    out = []
    for field in _NAME_FIELDS:
        child = node.child_by_field_name(field)
        if child is not None and child.end_byte - child.start_byte <= 200:
            out.append(_text(child))
    return out


@ts_filter("in-secret-context?")
def _in_secret_context(env: FilterEnv, nodes: Any) -> bool:
    """The value ends up in something named like a secret: the variable, field, key or property it
    is assigned to, or the (first named) function or method it is computed in."""
    node = _first(nodes)
    n = node.parent if node is not None else None
    while n is not None:
        if any(secret_words(name) for name in _names_of(n)):
            return True
        if n.type in _FUNCTIONS and n.child_by_field_name("name") is not None:
            return False
        n = n.parent
    return False


# ----- bodies ------------------------------------------------------------------------------------

_COMMENTS = {"comment", "line_comment", "block_comment"}


@ts_filter("no-statements?")
def _no_statements(env: FilterEnv, nodes: Any) -> bool:
    """The block holds nothing but comments and empty ``return;`` statements."""
    node = _first(nodes)
    if node is None:
        return False
    for child in node.named_children:
        if child.type in _COMMENTS:
            continue
        if child.type == "return_statement" and child.named_child_count == 0:
            continue
        return False
    return True
