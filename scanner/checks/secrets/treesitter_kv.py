"""Key/value pairs in code, read on the tree-sitter tree: which literal is a value, and of which key.

Two services for the generic secret rules (SEC090 generic-secret, SEC091 hardcoded-password), in
every language with a grammar here (Python, JavaScript/TypeScript, Go, Java, Kotlin, PHP, C#, Ruby):

- :func:`in_value_literal`: whether a span the line regexes found is a written value: inside the
  text of a string literal, not in an interpolation (``"${pw}"``, ``"#{pw}"``, ``"{$pw}"``), a comment
  or code; and, when the key is outside the literal, the literal is the whole value (not a part of a
  concatenation with code, ``"Bearer " + token``; not a string with interpolations). A type
  annotation (``password: String``) or an expression (``$password = $this->password``) is no literal.
- :func:`candidates`: the pairs the line regexes cannot see: the value on a later line than its key,
  a type or accessors between them (C# ``string Token { get; set; } = "..."``), C# verbatim strings,
  keys given as a literal argument of a store call (``props.setProperty("db.password", "...")``,
  ``define('AUTH_KEY', '...')``), C# ``{ "apiKey", "..." }`` and Kotlin ``"password" to "..."``. The
  pattern's own regex decides whether the key names its kind of secret (it is run on
  ``key = "value"``), so the vocabulary stays in the rule's data; the rule's validator then judges
  the value as for any other candidate.

Cost: nothing for files without a grammar; the tree is parsed only for files where the rule's
keywords occur (the engine's prefilter), once per file, and only the keyword lines are walked.
"""

from __future__ import annotations

import bisect
import re
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.context import FileContext

# string literal node types of the grammars (Python, JS/TS, Go, Java, Kotlin, PHP, C#, Ruby)
LITERALS = frozenset({
    "string", "template_string", "interpreted_string_literal", "raw_string_literal", "string_literal",
    "multiline_string_literal", "encapsed_string", "verbatim_string_literal", "interpolated_string_expression",
    "heredoc_body", "heredoc", "nowdoc", "nowdoc_body",
})
# what a literal holds when it is only text (anything else in it is code: an interpolation)
_TEXT_PARTS = frozenset({
    "string_content", "string_fragment", "string_literal_content", "escape_sequence", "string_start",
    "string_end", "interpreted_string_literal_content", "raw_string_literal_content", "raw_string_content",
    "raw_string_start", "raw_string_end", "multiline_string_fragment", "interpolation_start", "heredoc_content",
    "heredoc_start", "heredoc_end", "heredoc_body", "nowdoc_body", "nowdoc_string",
})
# concatenation operators: a literal joined to code this way is a part of a value, not the value
_CONCAT_OPS = frozenset({"+", ".", "<<", "..", "&"})
_CONCATS = frozenset({"binary_expression", "binary_operator", "binary", "additive_expression"})
# nodes between a key or a value and the node that binds them (Go lists, Kotlin/C# arguments, ...)
_WRAPPERS = frozenset({"expression_list", "literal_element", "value_argument", "argument", "parenthesized_expression",
                       "element_binding_expression", "bracketed_argument_list", "variable_name",
                       "variable_declaration", "expression_statement"})
# nodes that bind a key to a value
_BINDINGS = frozenset({
    "assignment", "assignment_expression", "assignment_statement", "variable_declarator", "property_declaration",
    "property_element", "const_element", "pair", "keyed_element", "short_var_declaration", "var_spec",
    "const_spec", "keyword_argument", "default_parameter", "typed_default_parameter", "value_argument",
    "argument", "array_element_initializer", "property_promotion_parameter", "public_field_definition",
    "field_definition", "property_signature", "enum_assignment", "named_argument", "optional_parameter",
    "required_parameter", "simple_parameter",
})
# a type between a key and its value (Kotlin, TypeScript, C#, PHP, Go)
_TYPES = frozenset({
    "user_type", "nullable_type", "predefined_type", "type_identifier", "primitive_type", "implicit_type",
    "type_annotation", "generic_name", "qualified_name", "accessor_list", "array_type", "generic_type",
    "union_type", "optional_type", "modifiers", "visibility_modifier", "type",
})
# argument lists of two: a literal key, then its value (setProperty("db.password", "..."), C# { "k", "v" });
# a longer list of literals is a list of words, not of pairs
_ARGUMENT_LISTS = frozenset({"argument_list", "arguments", "value_arguments", "initializer_expression"})
# a key the regex would read: letters, digits and the separators of dotted, namespaced and array keys
_KEY_TEXT = re.compile(r"[$@:]{0,2}[A-Za-z_][\w.:$@>\-\[\]'\"]{0,80}")
_MAX_VALUE = 256
_MAX_CLIMB = 64  # ancestors looked at: a syntax error or a concatenation further up is not this value's
# the validators of the rules that read key/value pairs (SEC090, SEC091)
READS_PAIRS = frozenset({"generic-secret", "password"})


def _literal_of(node):
    """The string literal ``node`` is the text of, or None (an interpolation, a comment, code)."""
    for _ in range(4):
        if node is None:
            return None
        if node.type in LITERALS:
            return node
        if node.type not in _TEXT_PARTS:
            return None
        node = node.parent
    return None


def is_text_only(literal) -> bool:
    """A literal with no interpolation in it."""
    return all(child.type in _TEXT_PARTS for child in literal.named_children)


def _joined_to_code(literal) -> bool:
    """Whether ``literal`` is an operand of a concatenation whose other operand is not a literal."""
    node = literal
    for _ in range(_MAX_CLIMB):  # a chain of thousands of "+" in a generated file: stop climbing
        if node.parent is None or node.parent.type not in _CONCATS:
            break
        parent = node.parent
        ops = {c.type for c in parent.children if not c.is_named}
        if not ops & _CONCAT_OPS:
            return False
        for operand in parent.named_children:
            if operand.id != node.id and not (operand.type in LITERALS and is_text_only(operand)) \
                    and operand.type not in _CONCATS:
                return True
        node = parent
    return False


def _unreadable(node) -> bool:
    """Text the tree cannot judge: inside a syntax error, or the HTML around PHP code."""
    if node is not None and node.type == "text" and node.parent is not None and node.parent.type == "program":
        return True
    for _ in range(_MAX_CLIMB):
        if node is None:
            break
        if node.type == "ERROR":
            return True
        node = node.parent
    return False


def in_value_literal(ctx: FileContext, start: int, end: int, key_start: int = -1) -> bool | None:
    """Whether the characters [start, end) are the text of a string literal that holds a value;
    None when the tree cannot tell (no grammar, a syntax error around them, HTML around PHP).
    ``key_start``: where the key's name starts (-1: unknown or outside the literal); a key inside
    the same literal (``"user=a;password=..."``) makes the literal a record, whose other parts
    may be code."""
    tree = ctx.ts_tree
    if tree is None:
        return None
    source = ctx.source
    state = _state(ctx)
    b0, b1 = state.byte_offset(source, start), state.byte_offset(source, end)
    node = tree.root_node.descendant_for_byte_range(b0, b1)
    if _unreadable(node):
        return None
    literal = _literal_of(node)
    if literal is None or literal.start_byte > b0 or literal.end_byte < b1:
        return False
    if key_start >= 0 and state.byte_offset(source, key_start) >= literal.start_byte:
        return True  # key and value inside one string: a record (JSON, a query, a connection string)
    return is_text_only(literal) and not _joined_to_code(literal)


def in_comment(ctx: FileContext, start: int, end: int) -> bool:
    """Whether the characters [start, end) are inside one comment of the file's tree."""
    tree = ctx.ts_tree
    if tree is None:
        return False
    state = _state(ctx)
    node = tree.root_node.descendant_for_byte_range(state.byte_offset(ctx.source, start),
                                                    state.byte_offset(ctx.source, end))
    return node is not None and "comment" in node.type


# ----- structural candidates --------------------------------------------------------------------


def _unwrap(node):
    """The node inside one-child wrappers (a Go expression list, a Kotlin argument): a few levels."""
    for _ in range(4):
        if node is None or node.type not in _WRAPPERS or node.named_child_count != 1:
            break
        node = node.named_children[0]
    return node


def _key_text(node) -> str | None:
    """The key a name node spells (``db.password``, ``$key``, ``:api_key``), or None."""
    raw = node.text.decode("utf-8", "replace") if node.text is not None else ""
    if node.type in LITERALS:
        if not is_text_only(node):
            return None
        raw = raw.strip("\"'`@$")
    raw = raw.replace("->", ".").lstrip(":@")
    m = _KEY_TEXT.fullmatch(raw)
    return raw.strip("\"'[]") if m else None


def _value_after(binding, key_top):
    """The literal bound to the key whose topmost node under ``binding`` is ``key_top``."""
    child = key_top.next_named_sibling
    for _ in range(3):  # past a type annotation, C# accessors, a comment
        if child is None or (child.type not in _TYPES and "comment" not in child.type):
            break
        child = child.next_named_sibling
    value = _unwrap(child)
    return value if value is not None and value.type in LITERALS else None


# member access and subscripts: ``config.signing.key``, ``$this->secret``, ``cfg["db:password"]``
_MEMBERS = frozenset({
    "member_expression", "navigation_expression", "member_access_expression", "field_access",
    "selector_expression", "attribute", "call", "scoped_property_access_expression", "subscript_expression",
    "element_access_expression", "index_expression", "element_reference", "subscript", "navigation_suffix",
    "qualified_identifier",
})
_SUBSCRIPTS = frozenset({"subscript_expression", "subscript", "element_reference", "index_expression",
                         "element_access_expression"})
# calls that store a value under a key: their literal first argument is a key (props.setProperty("db.password",
# "..."), define('AUTH_KEY', ...), headers.add(...), Map.of(...)); in other calls a literal first argument is as
# likely a value (hasher.verify("password", encoded)) or a key with its default (getenv("TOKEN", "..."))
_STORE_CALL = re.compile(r"(?i)(?:^|[.>:])(?:set|put|add|define|with|store|update|insert|append|of|header|param|"
                         r"property|option|config|env|field|attr|cookie)\w*$")


def _pair_of(name):
    """(key text, value literal) when ``name`` is the key of a binding (an assignment, a declaration,
    an object or hash entry, a named argument) or a literal key followed by its value in a call."""
    top, node = name, name.parent
    for _ in range(5):
        if node is None:
            return None
        if node.type == "infix_expression":
            value = _unwrap(node.named_children[2]) if _infix_is_to(node) and top.id == node.named_children[0].id \
                else None
            return (_key_of(name, top), value) if value is not None and value.type in LITERALS else None
        if node.type in _BINDINGS or (name.type in LITERALS and node.type in _ARGUMENT_LISTS
                                      and node.named_child_count == 2 and _stores(node)):
            value = _value_after(node, top)
            if value is not None:
                return _key_of(name, top), value
        if node.type in _TARGET_LISTS:
            value = _tuple_partner(top)
            return (_key_of(name, top), value) if value is not None else None
        if node.type in _MEMBERS:
            if node.named_children[-1].id != top.id if node.type not in _SUBSCRIPTS \
                    else node.named_children[0].id == top.id:
                return None  # the object of an access (``password.length``, ``passwords[0]``), not its key
        elif node.type not in _WRAPPERS:
            return None
        top, node = node, node.parent
    return None


# unpacking assignments: ``user, pwd = "u", "p"`` binds each target to the value at its position
_TARGET_LISTS = frozenset({"pattern_list", "tuple_pattern", "list_pattern"})
_VALUE_LISTS = frozenset({"expression_list", "tuple", "list"})


def _unpacking(node):
    """(targets, values) when ``node`` is the target or the value list of an unpacking assignment
    with as many values as targets, else None."""
    assign = node.parent if node is not None else None
    if assign is None or assign.type != "assignment":
        return None
    targets, values = assign.child_by_field_name("left"), assign.child_by_field_name("right")
    if (targets is None or values is None or targets.type not in _TARGET_LISTS or values.type not in _VALUE_LISTS
            or targets.named_child_count != values.named_child_count):
        return None
    return targets, values


def _tuple_partner(top):
    """The literal at the position of target ``top`` in an unpacking assignment, or None."""
    pair = _unpacking(top.parent)
    if pair is None:
        return None
    targets, values = pair
    index = [c.id for c in targets.named_children].index(top.id)
    value = values.named_children[index]
    return value if value.type in LITERALS else None


def unpacked_to(ctx: FileContext, start: int, end: int) -> str | None:
    """The target that an unpacking assignment binds the literal at [start, end) to (``pwd`` for
    ``"p"`` in ``user, pwd = "u", "p"``), or None when the literal is not a value of one."""
    tree = ctx.ts_tree
    if tree is None:
        return None
    state = _state(ctx)
    node = tree.root_node.descendant_for_byte_range(state.byte_offset(ctx.source, start),
                                                    state.byte_offset(ctx.source, end))
    literal = _literal_of(node) if node is not None else None
    pair = _unpacking(literal.parent) if literal is not None else None
    if pair is None or pair[1].id != literal.parent.id:
        return None
    targets, values = pair
    index = [c.id for c in values.named_children].index(literal.id)
    return (targets.named_children[index].text or b"").decode("utf-8", "replace")


def _stores(arguments) -> bool:
    """Whether the two arguments are a key and its value: a collection initializer, or a store call."""
    if arguments.type == "initializer_expression":
        return True
    call = arguments.parent
    if call is None:
        return False
    callee = (call.child_by_field_name("function") or call.child_by_field_name("method")
              or call.child_by_field_name("name") or (call.named_children[0] if call.named_child_count else None))
    if callee is None or callee.id == arguments.id:
        return False
    text = (callee.text or b"").decode("utf-8", "replace")
    return bool(_STORE_CALL.search(text.replace("?.", ".")))


def _key_of(name, top) -> str | None:
    """The key's text: a whole dotted access when it reads as a key, else the name itself."""
    if top is not name and top.type in _MEMBERS and top.type not in _SUBSCRIPTS:
        whole = _key_text(top)
        if whole:
            return whole
    return _key_text(name)


def _infix_is_to(node) -> bool:
    """Kotlin's ``"password" to "value"``."""
    mid = node.named_children[1] if node.named_child_count == 3 else None
    return mid is not None and mid.text == b"to"


_NAMES = frozenset({
    "identifier", "property_identifier", "field_identifier", "shorthand_property_identifier", "simple_identifier",
    "name", "constant", "hash_key_symbol", "simple_symbol", "instance_variable", "class_variable",
    "global_variable", "private_property_identifier", "variable_name",
})


def _names_in(node, b0: int, b1: int):
    """Name-like and literal nodes overlapping the bytes [b0, b1) under ``node``, outermost first."""
    stack = [node]
    while stack:
        node = stack.pop()
        if node.end_byte <= b0 or node.start_byte >= b1:
            continue
        if node.type in _NAMES or node.type in LITERALS:
            yield node
            if node.type in LITERALS or node.type == "variable_name":
                continue
        stack.extend(reversed(node.children))


# Python lines the line regexes read whole already, unless the value goes on with the next line, the
# key is a literal argument ("SECRET", "...") or the line unpacks values into names: only those are
# worth a parse (most keyword lines of a Python project are code about secrets, not secrets)
_PY_WORTH_A_TREE = re.compile(r"""^[ \t]*+(?!(?:if|elif|while|for|with|class|def|async|except|try|else|return|assert)\b)
    .* (?: [\w'"\]] [ \t]* (?:=|:) [ \t]* [(\[{\\]? [ \t]* $    # the value goes on with the next line
         | \( [ \t]* [rbuf]{0,2} ["'][\w.:$-]{2,80}["'] [ \t]* ,     # ("SECRET_KEY", ...): a literal key argument
         | [\w\]] [ \t]* , [ \t]* [\w.]+ [ \t]* =(?!=) )               # user, pwd = ...: an unpacking assignment
""", re.M | re.X)


class _FileState:
    """Per file: its byte offsets and the pairs found per keyword line (both rules read the same lines)."""

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii()
        self.pairs: dict[tuple[int, int], list] = {}
        self._line_bytes: list[int] | None = None

    def byte_offset(self, source, offset: int) -> int:
        if self.ascii:
            return offset
        if self._line_bytes is None:
            starts, acc, prev = [], 0, 0
            for start in source.line_starts:
                acc += len(source.text[prev:start].encode("utf-8", "surrogatepass"))
                starts.append(acc)
                prev = start
            self._line_bytes = starts
        line = bisect.bisect_right(source.line_starts, offset) - 1
        head = source.text[source.line_starts[line]:offset]
        return self._line_bytes[line] + len(head.encode("utf-8", "surrogatepass"))


_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _state(ctx: FileContext) -> _FileState:
    state = _STATES.get(ctx)
    if state is None:
        state = _STATES[ctx] = _FileState(ctx.source.text)
    return state


def candidates(ctx: FileContext, pattern, spans):
    """(secret, start, end, groups, match_start) of the key/value pairs on the keyword lines ``spans``
    (character spans) whose key ``pattern`` accepts; the same shape as ``Pattern.candidates``."""
    source = ctx.source
    if not spans or source.language is None:
        return
    text = source.text
    if source.language == "python":
        spans = [(s, e) for s, e in spans if _PY_WORTH_A_TREE.search(text, s, e)]
    if not spans:
        return
    tree = ctx.ts_tree
    if tree is None:
        return
    state = _state(ctx)
    seen: set[int] = set()
    # scanner: ignore[CX001] each span's names are its own (a line's names), each literal's parts its own: linear
    for span in spans:
        if span not in state.pairs:
            state.pairs[span] = list(_pairs_on(tree, source, state, span))
        for key, literal in state.pairs[span]:
            if literal.id in seen:
                continue
            seen.add(literal.id)
            hit = _accepts(pattern, key, literal, source)
            if hit is not None:
                yield hit


def _pairs_on(tree, source, state: _FileState, span: tuple[int, int]):
    text = source.text
    start, end = span
    while start < end and text[start] in " \t":
        start += 1
    b0, b1 = state.byte_offset(source, start), state.byte_offset(source, end)
    if b1 <= b0:
        return
    top = tree.root_node.descendant_for_byte_range(b0, b1) or tree.root_node
    # scanner: ignore[CX002] a name's key and value are its own few nodes: linear in the line's names
    for name in _names_in(top, b0, b1):
        pair = _pair_of(name)
        if pair is None or pair[0] is None or _unreadable(name):
            continue  # not a pair, or in a syntax error, where the tree's pairs are guesses
        yield pair


def _text_of(literal) -> tuple[str, int] | None:
    """The literal's text and the byte where it starts, when it is one piece of text."""
    if literal.type == "verbatim_string_literal":  # C# @"...": one token
        raw = literal.text.decode("utf-8", "replace")
        return (raw[2:-1], literal.start_byte + 2) if raw.startswith('@"') and raw.endswith('"') else None
    parts = [c for c in literal.named_children if c.type not in ("string_start", "string_end")]
    content = parts[0] if len(parts) == 1 else None
    if content is None or content.type == "escape_sequence":
        return None
    return content.text.decode("utf-8", "replace"), content.start_byte


def _char_offset(source, byte: int) -> int:
    data = source.utf8
    return byte if source.text.isascii() else len(data[:byte].decode("utf-8", "surrogatepass"))


def _accepts(pattern, key: str, literal, source):
    if not is_text_only(literal) or _joined_to_code(literal):
        return None
    found = _text_of(literal)
    if found is None:
        return None
    value, first_byte = found
    if not value or len(value) > _MAX_VALUE or any(ch.isspace() for ch in value):
        return None
    # the pattern's own regex on the pair decides whether the key names its kind of secret
    line = f'{key} = "{value}"'
    for secret, s, e, groups, _m in pattern.candidates(line):
        if secret == value and e == len(line) - 1:
            begin = _char_offset(source, first_byte)
            return value, begin, begin + len(value), {**groups, "name": key, "q": '"', "op": "="}, -1
    return None
