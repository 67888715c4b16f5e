"""Which function a bare call reaches in JavaScript, TypeScript, Go and Java (for ``ts_order``).

A bare ``f(x)`` reaches the function that the innermost enclosing scope binds: a parameter, a local
(``var``/``let``/``const``, Go ``:=``/``var``, loop variables) or a function declared in that scope
shadows a same-file function of the same name; a shadowing name not bound to a function reaches
nothing. Java resolves by name within the file.
"""

from __future__ import annotations

from scanner.checks.complexity import ts_syntax as syn


class Scopes:
    """The bindings of each function (cached by node) and the file's named functions."""

    def __init__(self, language: str, functions_types: frozenset[str], functions: dict[str, object]) -> None:
        self.language = language
        self.function_types = functions_types
        self.functions = functions  # same-file functions by name
        self.scopes: dict[int, tuple[set[str], dict[str, object]]] = {}

    def resolve(self, at, name: str):
        """The function a bare ``name(...)`` at node ``at`` calls: the innermost enclosing function
        that binds ``name`` decides (a parameter or a local variable shadows a same-file function of
        that name: ``function map(array, iteratee) { iteratee(x) }`` calls the caller's callback);
        None when a local binding is not a function declared there."""
        if self.language == "java":
            return self.functions.get(name)
        node = at.parent
        while node is not None:
            if node.type in self.function_types:
                names, funcs = self.bindings(node)
                if name in names:
                    return funcs.get(name)
            node = node.parent
        return self.functions.get(name)

    def bindings(self, fn) -> tuple[set[str], dict[str, object]]:
        """(names bound in ``fn``'s own scope, those of them bound to a function node there)."""
        key = fn.id
        if key in self.scopes:
            return self.scopes[key]
        names = set(syn.params(fn))
        own = fn.child_by_field_name("name")
        funcs: dict[str, object] = {}
        body = fn.child_by_field_name("body")
        stack = list(body.named_children) if body is not None else []
        while stack:
            n = stack.pop()
            t = n.type
            if t in self.function_types:
                nm = n.child_by_field_name("name") if t not in ("function_expression", "arrow_function", "func_literal") else None
                if nm is not None:
                    names.add(syn.text(nm))
                    funcs.setdefault(syn.text(nm), n)
                continue
            if t == "variable_declarator":
                nm, value = n.child_by_field_name("name"), n.child_by_field_name("value")
                bound = syn.identifiers(nm)
                names |= bound
                if value is not None and value.type in self.function_types and nm is not None and nm.type == "identifier":
                    funcs.setdefault(syn.text(nm), value)
            elif t == "for_in_statement":
                names |= syn.identifiers(n.child_by_field_name("left"))
            elif t == "range_clause":
                names |= syn.identifiers(n.child_by_field_name("left"))
            elif t in ("short_var_declaration", "var_spec", "const_spec"):
                left = n.child_by_field_name("left")
                if left is not None:
                    names |= syn.identifiers(left)
                else:
                    names |= {syn.text(c) for c in n.children_by_field_name("name")}
            stack.extend(n.named_children)
        if own is not None and fn.type in ("function_expression", "function"):
            names.add(syn.text(own))  # a named function expression binds its own name inside
            funcs.setdefault(syn.text(own), fn)
        self.scopes[key] = (names, funcs)
        return names, funcs


def call_graph(units, named: set[int], call_type: str, callee) -> dict[int, set[int]]:
    """Named function -> the named same-file functions it calls (by node id). ``units`` have a
    ``.node``; ``named``: the node ids of named functions (a nested one keeps its own calls; the
    calls of inline callbacks are their function's); ``callee(call, unit)``: the node a call reaches."""
    edges: dict[int, set[int]] = {}
    for unit in units:
        stack = [unit.node.child_by_field_name("body")]
        while stack:
            n = stack.pop()
            if n is None or n.id != unit.node.id and n.id in named:
                continue
            if n.type == call_type:
                target = callee(n, unit)
                if target is not None and target.id in named:
                    edges.setdefault(unit.node.id, set()).add(target.id)
            stack.extend(n.named_children)
    return edges


def cycle_members(start: int, edges: dict[int, set[int]]) -> frozenset[int]:
    """The other functions on a call cycle through ``start`` (mutual recursion: ``f`` calls ``g``,
    which calls ``f`` back), from a caller -> callees map of same-file functions by node id."""
    reach: set[int] = set()
    todo = list(edges.get(start, ()))
    while todo:
        n = todo.pop()
        if n not in reach:
            reach.add(n)
            todo.extend(edges.get(n, ()))
    if start not in reach:
        return frozenset()
    back = {start}  # who reaches start: walk the reversed edges inside the reachable part
    changed = True
    while changed:
        changed = False
        for n in reach - back:
            if edges.get(n, set()) & back:
                back.add(n)
                changed = True
    return frozenset(back - {start})
