"""Recursion in JavaScript, TypeScript, Go and Java: what a function that calls itself costs.

The tree-sitter counterpart of ``py_recursion`` (same recurrences, same kinds, same messages);
``ts_order`` asks :func:`recursion` about a function, walks its body (a self-call counts 0 there),
then puts the :class:`Recursion`'s levels on top of the body's worst path:

* ``chain``: one self-call per path on a smaller input (``f(n - 1)``, ``f(s.slice(1))``,
  ``f(a[1:])``): one level (``T(n) = T(n-1) + O(n^k)`` is O(n^(k+1)));
* ``traversal``: self-calls on a part of a parameter (``node.left``, a ``child`` of
  ``node.children``, ``v`` of ``adj[u]``): each part once, one level; loops over the parameter's
  own parts are amortised into it (``parts``);
* ``divide`` / ``search``: self-calls on halves (``f(lo, mid)``, ``a[:mid]``, a pivot split): n log n
  (one level) with two or more calls, no level with one;
* ``states``: memoised (a map or table that outlives the call, read back and stored into:
  ``memo.get(k)`` / ``memo.set(k, v)``, ``memo[k]``) or marking what it visited for good
  (``seen[u] = true``, ``visited.add(u)``, ``grid[i][j] = 0``): one level per changing parameter;
* ``exponential``: two or more self-calls per path (or one in a loop or a per-element callback)
  that do none of the above: reported by CX005, never as O(n^k);
* ``reentry``: self-calls with other arguments that do not shrink anything: depth unknown, 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MANY = 99
_LOOPS = {"for_statement", "for_in_statement", "while_statement", "do_statement", "enhanced_for_statement"}
_EXITS = {"return_statement", "throw_statement"}
_PER_ELEMENT = {"forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex",
                "flatMap", "anyMatch", "allMatch", "noneMatch"}
_UNDO = {"pop", "delete", "remove", "splice", "removeLast", "pollLast"}
_MARK = {"add", "set", "put"}
_LOOKUP = {"has", "get", "containsKey", "getOrDefault", "contains"}
_HALF = re.compile(r"(/\s*2\b|>>>?\s*1\b|\bmid\b|\bmiddle\b|\bhalf\b)")
_METHODS = {"method_declaration", "method_definition", "constructor_declaration"}
_NAMED_FUNCTIONS = {"function_declaration", "method_declaration", "method_definition", "constructor_declaration",
                    "generator_function_declaration"}


def text(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


@dataclass(frozen=True)
class Recursion:
    kind: str  # chain | traversal | divide | search | states | exponential | reentry
    weight: int
    site: object  # the first self-call node
    why: str
    parts: frozenset[str] = frozenset()  # traversal: names bound to parts; states: the state's parameters
    size: str = ""  # what shrinks: "n", "len(a)", "depth of the recursion"
    marks: bool = False  # it marks (or memoises) what it visited: repeated calls visit each state once


_CALLED = re.compile(r"([A-Za-z_$][\w$]*)\(")
_DEFINITION = re.compile(r"([A-Za-z_$][\w$]*)\s*\([^()]*\)[\w\s<>\[\],.*:|]*\{")  # name(params) type {


def may_recurse(source_text: str) -> bool:
    """A cheap text test: some name defined as a function appears called at least twice (its
    definition is one) - only then is a loop-free file worth walking for recursion."""
    defined = set(re.findall(r"\bfunc(?:tion)?\s*\*?\s*(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*)\s*\(", source_text))
    defined |= set(_DEFINITION.findall(source_text))
    if not defined:
        return False
    calls: dict[str, int] = {}
    for name in _CALLED.findall(source_text):  # one pass over the text, not one per name
        if name in defined:
            calls[name] = calls.get(name, 0) + 1
            if calls[name] > 1:
                return True
    return False


class _Fn:
    """The facts about one function the classification needs."""

    def __init__(self, fn, name: str, receiver: str | None, language: str, functions: frozenset[str],
                 others: dict[str, object] | None = None) -> None:
        self.fn, self.name, self.receiver, self.language = fn, name, receiver, language
        self.functions = functions
        self.others = others or {}  # the other functions of its call cycle, by name: calls to them count as self-calls
        self.names = {name, *self.others}
        self.params = _param_names(fn)
        self.nodes = list(self._own())
        for other in self.others.values():  # their bodies are part of one round of the recursion
            self.params += [p for p in _param_names(other) if p not in self.params]
            self.nodes += list(self._own(other))
        self.sites = [n for n in self.nodes if self.is_self_call(n)]

    def own(self):
        return self.nodes

    def _own(self, fn=None):
        """The nodes of the body, not into nested named functions (callbacks are included)."""
        fn = fn if fn is not None else self.fn
        body = fn.child_by_field_name("body")
        stack = [body] if body is not None else []
        while stack:
            n = stack.pop()
            if n.type in _NAMED_FUNCTIONS and n.id != fn.id:
                continue
            yield n
            stack.extend(reversed(n.named_children))

    def is_self_call(self, n) -> bool:
        if n.type == "method_invocation":  # Java
            obj = n.child_by_field_name("object")
            return text(n.child_by_field_name("name")) in self.names and (obj is None or obj.type == "this")
        if n.type != "call_expression":
            return False
        func = n.child_by_field_name("function")
        if func is None:
            return False
        if func.type == "identifier":  # in a method, a bare name() is another (package-level) function
            return (self.receiver is None and text(func) == self.name) or (
                text(func) in self.others and self.others[text(func)].type not in _METHODS)
        if func.type in ("member_expression", "selector_expression"):
            obj = func.child_by_field_name("object") or func.child_by_field_name("operand")
            prop = func.child_by_field_name("property") or func.child_by_field_name("field")
            return (text(prop) in self.names and obj is not None
                    and (obj.type == "this" or self.receiver is not None and text(obj) == self.receiver))
        return False

    def args(self, site) -> list:
        a = site.child_by_field_name("arguments")
        return [x for x in a.named_children if x.type not in ("comment",)] if a is not None else []


def _param_names(fn) -> list[str]:
    single = fn.child_by_field_name("parameter")
    params = fn.child_by_field_name("parameters")
    out: list[str] = []
    for p in ([single] if single is not None else params.named_children if params is not None else []):
        if p.type == "identifier":
            out.append(text(p))
        elif p.type == "parameter_declaration":
            out.extend(text(n) for n in p.children_by_field_name("name"))
        else:
            nm = p.child_by_field_name("name") or p.child_by_field_name("pattern") or p.child_by_field_name("left")
            if nm is not None and nm.type == "identifier":
                out.append(text(nm))
            elif p.named_child_count and p.named_children[0].type == "identifier":
                out.append(text(p.named_children[0]))
    return out


class _Paths:
    """How many self-calls one call makes on its worst path (one in a loop or a callback: MANY)."""

    def __init__(self, f: _Fn) -> None:
        self.f = f
        self.site_ids = {s.id for s in f.sites}

    def count(self, node) -> int:
        if node is None:
            return 0
        t = node.type
        if node.id in self.site_ids:
            return 1 + sum(self.count(c) for c in node.named_children)
        if t in _NAMED_FUNCTIONS and node.id != self.f.fn.id:
            return 0
        if t in _LOOPS:
            body = node.child_by_field_name("body")
            inner = sum(self.count(c) for c in node.named_children)
            if inner and self._only_returned(body):
                return 1
            return MANY if inner else 0
        if t in ("call_expression", "method_invocation") and _callback_call(node):
            inner = sum(self.count(c) for c in node.named_children)
            return MANY if inner else 0
        if t == "if_statement":
            cond = self.count(node.child_by_field_name("condition"))
            return cond + max(self.count(node.child_by_field_name("consequence")),
                              self.count(node.child_by_field_name("alternative")))
        if t in ("ternary_expression", "conditional_expression"):
            return self.count(node.child_by_field_name("condition")) + max(
                self.count(node.child_by_field_name("consequence")), self.count(node.child_by_field_name("alternative")))
        if t in ("switch_statement", "expression_switch_statement", "switch_expression", "type_switch_statement"):
            cases = [c for c in node.named_children if "case" in c.type or c.type in ("switch_body", "switch_block")]
            flat = []
            for c in cases:
                flat.extend(c.named_children if c.type in ("switch_body", "switch_block") else [c])
            return max([self.count(c) for c in flat] or [0])
        if t in ("statement_block", "block", "statement_list", "program"):
            return self.block(node.named_children)
        return sum(self.count(c) for c in node.named_children)

    def block(self, stmts) -> int:
        total = 0
        for i, s in enumerate(stmts):
            if s.type == "statement_list":
                return total + self.block(s.named_children)
            if s.type == "if_statement":
                cons, alt = s.child_by_field_name("consequence"), s.child_by_field_name("alternative")
                if _ends_in_exit(cons):  # `if (c) return f(a);` then the rest: alternatives
                    return total + self.count(s.child_by_field_name("condition")) + max(
                        self.count(cons), self.count(alt) + self.block(stmts[i + 1:]))
            total += self.count(s)
            if s.type in _EXITS:
                break
        return total

    def _only_returned(self, body) -> bool:
        returned = other = 0
        stack = [body] if body is not None else []
        while stack:
            n = stack.pop()
            if n.type == "return_statement":
                returned += sum(1 for m in _walk(n) if m.id in self.site_ids)
                continue
            if n.id in self.site_ids:
                other += 1
            stack.extend(n.named_children)
        return returned > 0 and other == 0


def _walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.named_children)


def _callback_call(node) -> bool:
    name = node.child_by_field_name("name")
    if name is None:
        func = node.child_by_field_name("function")
        if func is None or func.type != "member_expression":
            return False
        name = func.child_by_field_name("property")
    return text(name) in _PER_ELEMENT


def _ends_in_exit(block) -> bool:
    last = block
    while last is not None and last.type in ("statement_block", "block", "statement_list") and last.named_child_count:
        last = last.named_children[-1]
    return last is not None and last.type in _EXITS


def _shrinks(arg) -> bool:
    """``n - 1``, ``i + 1``, ``s.slice(1)``, ``s.substring(1)``, ``a[1:]``, ``rest`` of a spread."""
    t = arg.type
    if t == "binary_expression":
        op = text(arg.child_by_field_name("operator"))
        return op in ("+", "-")
    if t in ("slice_expression",):
        return True
    if t == "call_expression":
        func = arg.child_by_field_name("function")
        if func is not None and func.type == "member_expression":
            return text(func.child_by_field_name("property")) in ("slice", "substring", "substr", "subList", "subarray")
    if t == "method_invocation":
        return text(arg.child_by_field_name("name")) in ("substring", "subList", "subSequence")
    return False


def _part_of(arg, params: set[str], parts: dict[str, str]) -> str | None:
    """The parameter whose part ``arg`` is: ``node.left``, ``node.children[i]``, ``adj[u]``, an item
    of a loop over such a part; None for the parameter itself or arithmetic on it."""
    node, steps = arg, 0
    while True:
        t = node.type
        if t in ("member_expression", "selector_expression", "field_access"):
            node = node.child_by_field_name("object") or node.child_by_field_name("operand")
        elif t in ("subscript_expression", "index_expression", "array_access"):
            index = node.child_by_field_name("index")
            coll = node.child_by_field_name("object") or node.child_by_field_name("operand") or node.child_by_field_name("array")
            if index is not None and index.type == "identifier" and text(index) in params:
                if coll is not None and coll.type == "identifier" and text(coll) not in params:
                    return text(index)  # adj[u]: the element keyed by a parameter
                return None  # nums[i]: an element chosen by the recursion's own index
            node = coll
        elif t in ("call_expression", "method_invocation"):
            if _shrinks(node):
                return None  # a.slice(0, mid): a shrinking copy, not a part
            func = node.child_by_field_name("function")
            node = (func.child_by_field_name("object") or func.child_by_field_name("operand")) if func is not None and func.type in (
                "member_expression", "selector_expression") else node.child_by_field_name("object")
        elif t in ("non_null_expression", "parenthesized_expression", "unary_expression", "pointer_expression") and node.named_child_count:
            node = node.named_children[0]
            continue
        else:
            break
        if node is None:
            return None
        steps += 1
    if node.type != "identifier":
        return None
    name = text(node)
    if name in parts:
        return parts[name]
    return name if steps and name in params else None


def _loop_parts(f: _Fn, params: set[str]) -> dict[str, str]:
    """Names bound to parts of a parameter: items of loops and callbacks over ``node.children`` /
    ``adj[u]``, and locals assigned such a part."""
    out: dict[str, str] = {}
    for n in f.own():
        t = n.type
        if t in ("variable_declarator",):
            nm, value = n.child_by_field_name("name"), n.child_by_field_name("value")
            if nm is not None and nm.type == "identifier" and value is not None:
                p = _part_of(value, params, out)
                if p is not None:
                    out[text(nm)] = p
        elif t == "short_var_declaration":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is not None and right is not None and left.named_child_count == right.named_child_count:
                for a, b in zip(left.named_children, right.named_children):
                    p = _part_of(b, params, out)
                    if a.type == "identifier" and p is not None:
                        out[text(a)] = p
        elif t in ("for_in_statement", "enhanced_for_statement", "range_clause"):
            coll = n.child_by_field_name("right") or n.child_by_field_name("value")
            target = n.child_by_field_name("left") or n.child_by_field_name("name")
            if coll is None or target is None:
                continue
            p = _part_of(coll, params, out) or (text(coll) if coll.type == "identifier" and text(coll) in params
                                                  and t != "range_clause" else None)
            if p is None and t == "range_clause" and coll.type == "identifier" and text(coll) in params:
                p = text(coll)
            if p is not None:
                ids = [m for m in _walk(target) if m.type == "identifier" and text(m) != "_"]
                for m in ids[-1:] if t == "range_clause" else ids:  # range: the value, not the index
                    out[text(m)] = p
        elif t in ("call_expression", "method_invocation") and _callback_call(n):
            func = n.child_by_field_name("function")
            recv = func.child_by_field_name("object") if func is not None else n.child_by_field_name("object")
            p = None
            if recv is not None:
                p = _part_of(recv, params, out) or (text(recv) if recv.type == "identifier" and text(recv) in params else None)
            args = n.child_by_field_name("arguments")
            if p is not None and args is not None and args.named_child_count:
                cb = args.named_children[0]
                for m in _param_names(cb) if cb.child_by_field_name("parameters") or cb.child_by_field_name("parameter") else []:
                    out[m] = p
    return out


def _method_on_part(n, name: str, me: set[str], parts: dict[str, str]) -> bool:
    obj, method = _receiver_method(n) if n.type in ("call_expression", "method_invocation") else (None, "")
    if obj is None or method != name:
        return False
    return (obj.type == "identifier" and text(obj) in parts) or _part_of(obj, me, parts) is not None


def _memo(f: _Fn) -> set[str] | None:
    """A table that outlives the call (not declared in it), stored into (``memo.set(k, v)``,
    ``memo[k] = v``) and whose read the function returns (``return memo.get(k)``, ``return memo[k]``,
    Go's ``if v, ok := memo[k]; ok { return v }``)."""
    local: set[str] = set()
    stored: set[str] = set()
    read_into: dict[str, str] = {}
    returned: set[str] = set()
    keys: set[str] = set()
    for n in f.own():
        t = n.type
        if t in ("variable_declarator", "short_var_declaration", "var_spec"):
            name = n.child_by_field_name("name") or n.child_by_field_name("left")
            value = n.child_by_field_name("value") or n.child_by_field_name("right")
            names = [text(m) for m in _walk(name) if m.type == "identifier"] if name is not None else []
            local.update(names)
            coll = _read_of(value)
            if coll is not None:
                for nm in names:
                    read_into[nm] = coll
        elif t in ("call_expression", "method_invocation"):
            obj, method = _receiver_method(n)
            if obj is not None and method in ("set", "put"):
                stored.add(text(obj))
                args = n.child_by_field_name("arguments")
                if args is not None and args.named_child_count:
                    keys |= {text(m) for m in _walk(args.named_children[0]) if m.type == "identifier"}
        elif t in ("assignment_expression", "assignment_statement"):
            left = n.child_by_field_name("left")
            if left is not None and left.type == "expression_list" and left.named_child_count == 1:
                left = left.named_children[0]
            if left is not None and left.type in ("subscript_expression", "index_expression", "array_access"):
                coll = left
                while coll is not None and coll.type in ("subscript_expression", "index_expression", "array_access"):
                    coll = coll.child_by_field_name("object") or coll.child_by_field_name("operand") or coll.child_by_field_name("array")
                stored.add(text(coll))
                keys |= _indices(left)
            elif left is not None and left.type == "identifier":
                coll = _read_of(n.child_by_field_name("right"))
                if coll is not None:
                    read_into[text(left)] = coll
        elif t == "return_statement" and n.named_child_count:
            value = n.named_children[0]
            if value.type == "expression_list" and value.named_child_count:
                value = value.named_children[0]
            coll = _read_of(value) or (read_into.get(text(value)) if value.type == "identifier" else None)
            if coll is not None:
                returned.add(coll)
    return keys if (stored & returned) - local else None


def _read_of(value) -> str | None:
    """The table ``m`` of ``m[k]`` / ``m.get(k)`` / ``m.getOrDefault(k, d)``, as text."""
    if value is None:
        return None
    if value.type == "expression_list" and value.named_child_count:
        value = value.named_children[0]
    if value.type in ("subscript_expression", "index_expression", "array_access"):
        coll = value
        while coll is not None and coll.type in ("subscript_expression", "index_expression", "array_access"):
            coll = coll.child_by_field_name("object") or coll.child_by_field_name("operand") or coll.child_by_field_name("array")
        return text(coll)
    if value.type in ("call_expression", "method_invocation"):
        obj, method = _receiver_method(value)
        if obj is not None and method in ("get", "getOrDefault"):
            return text(obj)
    return None


def _receiver_method(n):
    func = n.child_by_field_name("function")
    if func is not None and func.type in ("member_expression", "selector_expression"):
        return (func.child_by_field_name("object") or func.child_by_field_name("operand"),
                text(func.child_by_field_name("property") or func.child_by_field_name("field")))
    return n.child_by_field_name("object"), text(n.child_by_field_name("name"))


def _is_assigned(n) -> bool:
    p = n.parent
    if p is not None and p.type == "expression_list":
        p = p.parent
    return p is not None and p.type in ("assignment_expression", "assignment_statement") and (
        p.child_by_field_name("left") is not None and p.child_by_field_name("left").start_byte <= n.start_byte
        < p.child_by_field_name("left").end_byte)


def _marks(f: _Fn, params: set[str]) -> tuple[set[str], bool]:
    """(parameters of what it marks visited, undoes a choice after a self-call)."""
    first = min(s.start_byte for s in f.sites)
    # the state a backtracking search undoes is shared between the calls: a parameter or an argument
    shared = set(f.params) | {_root(a) for s in f.sites for a in f.args(s)}
    before: set[str] = set()
    marked: set[str] = set()
    undone = False
    for n in f.own():
        t = n.type
        if t in ("assignment_expression", "assignment_statement"):
            left = n.child_by_field_name("left")
            if left is not None and left.type == "expression_list" and left.named_child_count == 1:
                left = left.named_children[0]
            if left is None or left.type not in ("subscript_expression", "index_expression", "array_access"):
                continue
            key = re.sub(r"\s+", "", text(left))
            if n.start_byte < first:
                before.add(key)
            elif key in before and _after_a_site(n, f.sites):
                undone = True
            marked |= _indices(left) & params
        elif t in ("call_expression", "method_invocation"):
            func = n.child_by_field_name("function")
            method = text(func.child_by_field_name("property")) if func is not None and func.type == "member_expression" \
                else text(n.child_by_field_name("name"))
            args = n.child_by_field_name("arguments")
            if method in ("add", "set", "put") and args is not None:
                marked |= {text(m) for a in args.named_children[:1] for m in _walk(a) if m.type == "identifier"} & params
            elif method in _UNDO and _after_a_site(n, f.sites):
                obj, _ = _receiver_method(n)
                undone = undone or (obj is not None and _root(obj) in shared)
        elif t == "unary_expression" and text(n).startswith("delete") and _after_a_site(n, f.sites):
            undone = undone or any(_root(m) in shared for m in n.named_children)
    return marked, undone


def _indices(node) -> set[str]:
    """The names in the index parts of ``g[i][j]`` (``i``, ``j``; not ``g``)."""
    out: set[str] = set()
    while node is not None and node.type in ("subscript_expression", "index_expression", "array_access"):
        index = node.child_by_field_name("index")
        out |= {text(m) for m in _walk(index) if m.type == "identifier"} if index is not None else set()
        node = node.child_by_field_name("object") or node.child_by_field_name("operand") or node.child_by_field_name("array")
    return out


_BLOCKS = {"statement_block", "block", "statement_list", "switch_case", "expression_case", "switch_block_statement_group"}


def _after_a_site(n, sites) -> bool:
    """``n`` comes after a self-call in the same block (so it runs once that call returns, on the
    same path): ``perms(...); path.pop()``."""
    for s in sites:
        if n.start_byte <= s.end_byte:
            continue
        b = s.parent
        while b is not None and b.type not in _BLOCKS:
            b = b.parent
        if b is not None and b.start_byte <= n.start_byte < b.end_byte:
            return True
    return False


def _root(node) -> str:
    """The name a chain starts from: ``path`` of ``path.items``, ``used`` of ``used[i]``."""
    while node is not None and node.type not in ("identifier", "this"):
        node = (node.child_by_field_name("object") or node.child_by_field_name("operand")
                or node.child_by_field_name("array") or (node.named_children[0] if node.named_child_count else None))
    return text(node)


def _dims(f: _Fn, params: list[str]) -> int:
    varying = set()
    for s in f.sites:
        for p, a in zip(params, f.args(s)):
            if not (a.type == "identifier" and text(a) == p) and a.type not in ("true", "false", "number", "string"):
                varying.add(p)
    return max(1, len(varying))


def _slice_bounds(arg) -> tuple[str, str] | None:
    """(start, end) of ``a.slice(s, e)`` / ``a[s:e]`` / ``a.subList(s, e)`` as text ("" when absent)."""
    if arg.type == "slice_expression":
        return text(arg.child_by_field_name("start")), text(arg.child_by_field_name("end"))
    if arg.type in ("call_expression", "method_invocation") and _shrinks(arg):
        a = arg.child_by_field_name("arguments")
        xs = [text(x) for x in a.named_children] if a is not None else []
        return (xs[0] if xs else "", xs[1] if len(xs) > 1 else "")
    return None


def _pivot_split(f: _Fn, params: set[str]) -> bool:
    # tokens.slice(0, i) and tokens.slice(i + 1): the split point ends one part and starts the other
    bounds = [b for s in f.sites for a in f.args(s) if (b := _slice_bounds(a)) is not None]
    ends = {re.sub(r"\s+", "", e) for _, e in bounds if e}
    for start, _ in bounds:
        base = re.sub(r"\s*[-+].*$", "", start).strip()  # i + 1, v1start + length: starts at the split point
        if base and base not in ("0",) and base.replace(" ", "") in ends:
            return True
    seen: dict[str, tuple[int, int]] = {}
    for k, s in enumerate(f.sites):
        for pos, a in enumerate(f.args(s)):
            v = a
            if v.type == "binary_expression" and text(v.child_by_field_name("operator")) in ("+", "-") and \
                    v.child_by_field_name("right") is not None and v.child_by_field_name("right").type in (
                        "number", "int_literal", "decimal_integer_literal"):
                v = v.child_by_field_name("left")
            if v is not None and v.type == "identifier" and text(v) not in params:
                first = seen.setdefault(text(v), (k, pos))
                if first[0] != k and first[1] != pos:
                    return True
    return False


def _halving_names(f: _Fn) -> set[str]:
    out = set()
    for n in f.own():
        if n.type in ("variable_declarator", "short_var_declaration", "assignment_expression", "assignment_statement"):
            value = n.child_by_field_name("value") or n.child_by_field_name("right")
            name = n.child_by_field_name("name") or n.child_by_field_name("left")
            if value is not None and name is not None and re.search(r"/\s*2\b|>>>?\s*1\b", text(value)):
                out |= {text(m) for m in _walk(name) if m.type == "identifier"}
    return out


def recursion(fn, name: str, receiver: str | None, language: str, functions: frozenset[str],
              exponential: int, others: dict[str, object] | None = None) -> Recursion | None:
    """How ``fn``'s calls to itself multiply its body's work; None when it does not call itself.
    ``others``: the other functions of its call cycle (``f`` calls ``helper``, which calls ``f``):
    one round of the recursion runs through their bodies too, and calls to them are self-calls."""
    rec = _recursion(_Fn(fn, name, receiver, language, functions, others), exponential)
    if rec is not None and others:
        through = ", ".join(f"{o}()" for o in sorted(others))
        rec = Recursion(rec.kind, rec.weight, rec.site, rec.why.replace(f"{name}() calls itself",
                        f"{name}() calls itself through {through}", 1), rec.parts, rec.size, rec.marks)
    return rec


def _delegates(f: _Fn, call) -> bool:
    """Go: ``c.list.Len()`` in ``func (c *Cache) Len()`` calls the method of a field whose declared
    type (in this file's ``type Cache struct``) is another type: delegation, not recursion."""
    if f.language != "go":
        return False
    obj, _ = _receiver_method(call)
    if obj is None or obj.type != "selector_expression":
        return False
    operand, field = obj.child_by_field_name("operand"), obj.child_by_field_name("field")
    if operand is None or text(operand) != f.receiver or field is None:
        return False
    recv = f.fn.child_by_field_name("receiver")
    rtype = re.sub(r"[\s*]|\[.*$", "", text(recv.named_children[-1].child_by_field_name("type"))) if (
        recv is not None and recv.named_child_count) else ""
    root = f.fn
    while root.parent is not None:
        root = root.parent
    struct = re.search(rf"\btype\s+{re.escape(rtype)}\b[^\n{{]*\bstruct\s*\{{(.*?)\n\}}", text(root), re.S) if rtype else None
    if struct is None:
        return False
    decl = re.search(rf"^\s*(?:\w+\s*,\s*)*{re.escape(text(field))}\b(?:\s*,\s*\w+)*\s+([^\n`/]+)", struct.group(1), re.M)
    return decl is not None and not re.search(rf"\b{re.escape(rtype)}\b", decl.group(1))


def _recursion(f: _Fn, exponential: int) -> Recursion | None:
    fn, name, receiver = f.fn, f.name, f.receiver
    params = f.params
    pset = set(params)
    if not f.sites and receiver is not None:  # child.count() for each child of this: the same method on a part
        me = {receiver}
        parts = _loop_parts(f, me)
        f.sites = [n for n in f.own() if _method_on_part(n, name, me, parts) and not _delegates(f, n)]
        if f.sites:
            return Recursion("traversal", 1, f.sites[0], f"a traversal: {name}() calls itself on parts of its "
                             "receiver, each part once", frozenset(me | set(parts)), size="size of the structure")
    if not f.sites:
        return None
    site = f.sites[0]
    paths = _Paths(f)
    fanout = max(_fanout(paths, member) for member in (fn, *f.others.values()))
    branching = fanout >= 2
    shown = f"{name}()"
    args = [a for s in f.sites for a in f.args(s)]
    parts = _loop_parts(f, pset)
    # a traversal (memoised or not: a memo of visited nodes still visits each part once)
    if any(_part_of(a, pset, parts) is not None or (a.type == "identifier" and text(a) in parts) for a in args):
        marked, undone = _marks(f, pset)
        return Recursion("traversal", 1, site, f"a traversal: {shown} calls itself on parts of its parameter, "
                         "each part once", frozenset(pset | set(parts)), size="size of the structure",
                         marks=bool(marked) and not undone)
    memo_keys = _memo(f)
    if memo_keys is not None:
        d = len(memo_keys & pset) or _dims(f, params)
        return Recursion("states", d, site, f"memoised recursion: one state per value of {d} changing "
                         f"parameter{'s' if d > 1 else ''}, each computed once", frozenset(memo_keys & pset),
                         size="states", marks=True)
    mids = _halving_names(f)
    if any(re.search(r"/\s*2\b|>>>?\s*1\b", text(a)) or {text(m) for m in _walk(a) if m.type == "identifier"} & mids
           for a in args):
        if branching:
            return Recursion("divide", 1, site, f"divide and conquer: {shown} calls itself on halves, "
                             "n log n (counted as one level, as sorting is)", size="n")
        return Recursion("search", 0, site, f"{shown} calls itself once on a half: log n calls, not a level")
    if branching and _pivot_split(f, pset):
        return Recursion("divide", 1, site, f"divide and conquer: {shown} splits its range at a pivot, "
                         "each element in one part", size="n")
    if branching:
        marked, undone = _marks(f, pset)
        if marked and not undone:
            d = len(marked)
            return Recursion("states", d, site, f"marks what it visits: one call per value of {d} changing "
                             f"parameter{'s' if d > 1 else ''}", frozenset(marked), size="states", marks=True)
        if not (undone or any(_shrinks(a) for a in args)):
            return Recursion("reentry", 0, site, f"{shown} calls itself with other arguments: depth unknown, "
                             "not counted")
        calls = "in a loop" if fanout >= MANY else f"{fanout} times"
        return Recursion("exponential", exponential, site,
                         f"{shown} calls itself {calls} per call without halving its input, memoising "
                         "or marking what it visited: exponential")
    shrunk = [a for a in args if _shrinks(a)]
    if not shrunk:
        return Recursion("reentry", 0, site, f"{shown} calls itself again with other arguments: depth unknown, "
                         "not counted")
    return Recursion("chain", 1, site, f"{shown} calls itself once on a smaller input: one level",
                     size=_size(shrunk[0]))


def _fanout(paths: _Paths, fn) -> int:
    body = fn.child_by_field_name("body")
    if body is None:
        return 0
    return paths.count(body) if body.type not in ("statement_block", "block") else paths.block(body.named_children)


def _size(arg) -> str:
    if arg.type == "binary_expression":
        left = arg.child_by_field_name("left")
        if left is not None and left.type == "identifier":
            return text(left)
    if arg.type == "slice_expression":
        return f"len({text(arg.child_by_field_name('operand'))})"
    if arg.type == "call_expression":
        func = arg.child_by_field_name("function")
        if func is not None and func.type == "member_expression":
            return f"len({text(func.child_by_field_name('object'))})"
    return "depth of the recursion"
