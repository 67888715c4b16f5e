"""Names: PY003 unused-variable, PY004 undefined-name, PY005 used-before-assignment (libcst
ScopeProvider, each behind an ast prefilter), PY006 redefined-unused-name, PY007
builtin-shadowing (ast)."""

from __future__ import annotations

import ast
import re

import libcst
from libcst.metadata import ClassScope, FunctionScope, GlobalScope, PositionProvider, ScopeProvider

from scanner.checks.lint._pyast import (
    BUILTINS,
    AstIndex,
    PyCstRule,
    PyRule,
    ScopeRule,
    dotted,
    index,
)
from scanner.checks.lint._pyast import (
    COMPREHENSIONS as COMPREHENSION_NODES,
)
from scanner.checks.lint._pyast import (
    FUNCTIONS as FUNCTION_NODES,
)
from scanner.rule import Invalid, Valid

_DUMMY = re.compile(r"^_")  # ruff's dummy-variable-rgx, simplified: leading underscore
_IDENT = re.compile(r"(?<![.\w])[A-Za-z_]\w*")


def _pos(ctx, node: ast.AST) -> tuple[int, int]:
    r = ctx.source.region_from_ast(node)
    return r.start_line, r.start_column


def _cst_pos(rule: PyCstRule, node: libcst.CSTNode) -> tuple[int, int]:
    p = rule.get_metadata(PositionProvider, node).start
    return p.line, p.column + 1


# ----- PY003 ---------------------------------------------------------------------------------


_FRESH = (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Set, ast.Dict,
          ast.ListComp, ast.SetComp, ast.DictComp)


def _fresh_value(node: ast.AST | None) -> bool:
    """A value that is a new object nobody else holds: a literal, a display, a comprehension
    (and arithmetic on them)."""
    if isinstance(node, (ast.UnaryOp, ast.BinOp)):
        return all(_fresh_value(c) for c in ast.iter_child_nodes(node) if not isinstance(c, (ast.operator, ast.unaryop)))
    return isinstance(node, _FRESH)


def _augmented_is_dead(ix: AstIndex, fn: ast.AST, name: str) -> bool:
    """``name += ...`` is a dead store only when the object is the function's own: every other
    binding of ``name`` in ``fn`` is a fresh literal. On a parameter, or on a name bound to an
    object from elsewhere (``items = self.items``), ``+=`` mutates that object in place
    (``list.__iadd__``, a docutils node's ``+=``): the caller sees it."""
    a = fn.args
    if name in {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if p is not None}:
        return False
    for n in ix.scope_names.get(fn, ()):
        if n.id != name or not isinstance(n.ctx, ast.Store):
            continue
        p = ix.parent.get(n)
        if isinstance(p, ast.AugAssign):
            continue
        if not (isinstance(p, (ast.Assign, ast.AnnAssign)) and _fresh_value(p.value)):
            return False
    return True


def _reportable_names(ix: AstIndex):
    for fn in ix.nodes(ast.FunctionDef, ast.AsyncFunctionDef):
        augmented = {n.id for n in ix.scope_names.get(fn, ()) if isinstance(ix.parent.get(n), ast.AugAssign)}
        # an in-place `+=` reads the object: none of the name's stores is dead then
        shared = {name for name in augmented if not _augmented_is_dead(ix, fn, name)}
        for n in ix.scope_names.get(fn, ()):
            if not isinstance(n.ctx, ast.Store) or n.id in shared:
                continue
            p = ix.parent.get(n)
            ok = False
            if isinstance(p, ast.Assign):
                ok = True
            elif isinstance(p, (ast.Tuple, ast.List)) and isinstance(ix.parent.get(p), ast.Assign):
                ok = isinstance(ix.parent[p].value, (ast.Tuple, ast.List))
            elif isinstance(p, ast.AnnAssign):
                ok = p.value is not None
            elif isinstance(p, ast.AugAssign):
                # a counter only ever incremented is a dead store (ruff F841 keeps quiet there;
                # the real-world triage judged such findings true), an in-place `+=` on a
                # parameter or a shared object is not
                ok = True
            elif isinstance(p, (ast.NamedExpr, ast.withitem)):
                ok = True
            if ok:
                yield n


def _reportable_stores(ix: AstIndex, ctx) -> tuple[set[tuple[int, int]], set[tuple[int, str]]]:
    """Positions of function-local plain bindings ruff/pyflakes report when unused, and
    (line, name) of every except-handler name."""
    spots = {_pos(ctx, n) for n in _reportable_names(ix)}
    handlers = {(h.lineno, h.name) for h in ix.nodes(ast.ExceptHandler) if h.name}
    return spots, handlers


class UnusedVariable(ScopeRule):
    """## What it does
    Reports local variables that are assigned but never read, and `except ... as name` names
    that are never used.

    ## Why is this bad?
    A dead store is either leftover code or a bug: the value was meant to be used (a typo in the
    name that reads it, a forgotten `return`).

    Names starting with `_` are exempt (`_ = f()`), so is a function that calls `locals()`, and
    tuple unpacking (`a, b = f()`) unless the right side is a literal tuple.

    ## Example
    ```python
    def total(items):
        result = sum(items)
        return sum(items)
    ```

    ## Use instead
    ```python
    def total(items):
        return sum(items)
    ```

    ## References
    - [pyflakes](https://github.com/PyCQA/pyflakes)
    """

    code = "PY003"
    name = "unused-variable"
    level = "warning"
    summary = "Local variable is assigned but never used"
    equivalents = ("ruff:F841", "pyflakes:UnusedVariable")
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)
    VALID = [
        Valid("def f():\n    x = 1\n    return x\n"),
        Valid("def f():\n    a, b = g()\n    _ = 1\n    return a\n"),
        Valid("def f():\n    x = 1\n    def g():\n        return x\n    return g\n"),
        Valid("def f():\n    x = 1\n    return locals()\n"),
        Valid("x = 1\n"),
        # `+=` on a parameter or on an object from elsewhere mutates it in place
        Valid("def add_name(sig, signode):\n    signode += make_node(sig)\n    return sig\n"),
        Valid("def f(self):\n    items = self.items\n    items += [1]\n"),
    ]
    INVALID = [
        Invalid("def f():\n    x = 1\n    return 2\n", 2),
        Invalid("def f():\n    try:\n        pass\n    except ValueError as e:\n        pass\n", 4),
        Invalid("def f():\n    with open('p') as fh:\n        pass\n    (n := 3)\n", 2, 4),
        Invalid("try:\n    pass\nexcept Exception as err:\n    pass\n", 3),
        Invalid("def f(items):\n    count = 0\n    for i in items:\n        count += 1\n    return items\n", 2, 4),
    ]

    @classmethod
    def has_candidate(cls, ix: AstIndex) -> bool:
        loaded = ix.loaded_names
        if any(h.name not in loaded for h in ix.nodes(ast.ExceptHandler) if h.name):
            return True
        return any(n.id not in loaded for n in _reportable_names(ix))

    def visit_Module(self, node: libcst.Module) -> None:
        self.spots, self.handlers = _reportable_stores(index(self.ctx), self.ctx)

    def leave_Module(self, original_node: libcst.Module) -> None:
        scopes = {s for s in self.metadata[ScopeProvider].values() if s is not None}
        found = []
        for scope in scopes:
            is_fn = isinstance(scope, FunctionScope)
            if is_fn and any(a.node.value == "locals" for a in scope.accesses if isinstance(a.node, libcst.Name)):
                continue
            by_name: dict[str, list] = {}
            for a in scope.assignments:
                if a.scope is scope and isinstance(a.node, libcst.Name):
                    by_name.setdefault(a.name, []).append(a)
            for name, assigns in by_name.items():
                if _DUMMY.match(name) or any(a.references for a in assigns):
                    continue
                for a in assigns:
                    pos = _cst_pos(self, a.node)
                    if (pos[0], name) in self.handlers or (is_fn and pos in self.spots):
                        found.append((pos, a.node, name))
        for _, node, name in sorted(found, key=lambda t: t[0]):
            self.report(node, f"Local variable `{name}` is assigned to but never used")


# ----- PY004 / PY005 -------------------------------------------------------------------------


def _annotation_words(ix: AstIndex) -> set[str]:
    """Identifiers inside string annotations (libcst parses them; the prefilter must see them)."""
    out: set[str] = set()
    anns = [a.annotation for a in ix.nodes(ast.arg)] + [f.returns for f in ix.nodes(ast.FunctionDef, ast.AsyncFunctionDef)]
    anns += [a.annotation for a in ix.nodes(ast.AnnAssign)]
    for ann in anns:
        if ann is None:
            continue
        for c in ast.walk(ann):
            if isinstance(c, ast.Constant) and isinstance(c.value, str):
                out.update(_IDENT.findall(c.value))
    return out


_TYPING_MODULES = ("typing", "typing_extensions", "t", "te", "typ")


def _typing_form(node: ast.AST, aliases: dict[str, str]) -> str:
    """'Literal' / 'Annotated' when ``node`` names that typing special form (``Literal``,
    ``t.Literal``, ``typing.Literal``, ``from typing import Literal as L``), else ''."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id, "")
    if isinstance(node, ast.Attribute) and node.attr in ("Literal", "Annotated"):
        return node.attr
    return ""


def _typing_aliases(ix: AstIndex) -> dict[str, str]:
    out = {"Literal": "Literal", "Annotated": "Annotated"}
    for imp in ix.nodes(ast.ImportFrom):
        for a in imp.names:
            if a.name in ("Literal", "Annotated") and a.asname:
                out[a.asname] = a.name
    return out


def _not_a_type(node: ast.AST, parent: dict, aliases: dict[str, str]) -> bool:
    """True when ``node`` sits where no name is read: inside ``Literal[...]``, in the metadata
    of ``Annotated[T, ...]`` (everything after the first argument), or as a call's argument."""
    child, p = node, parent.get(node)
    while p is not None:
        if isinstance(p, ast.Subscript) and child is p.slice:
            form = _typing_form(p.value, aliases)
            if form == "Literal":
                return True
            if form == "Annotated":
                return isinstance(p.slice, ast.Tuple) and node is not p.slice and not _within(node, p.slice.elts[0], parent)
        if isinstance(p, ast.Call) and child is not p.func and dotted(p.func).rsplit(".", 1)[-1] != "ForwardRef":
            return True  # an argument of a call (`Field(description="...")`) is a value, not a type
        if isinstance(p, (ast.stmt, ast.arg)):
            return False
        child, p = p, parent.get(p)
    return False


def _within(node: ast.AST, top: ast.AST, parent: dict) -> bool:
    while node is not None:
        if node is top:
            return True
        node = parent.get(node)
    return False


def _type_names(text: str, aliases: dict[str, str], depth: int = 0) -> set[str] | None:
    """Names a string annotation reads as a type expression (forward references inside it
    included); None when it does not parse as an expression (then libcst reports nothing either)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    parent = {c: p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    out: set[str] = set()
    for n in ast.walk(tree):
        if _not_a_type(n, parent, aliases):
            continue
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and depth < 3:
            out |= _type_names(n.value, aliases, depth + 1) or set()
    return out


def _catches_name_error(t: ast.AST | None) -> bool:
    if isinstance(t, ast.Tuple):
        return any(_catches_name_error(e) for e in t.elts)
    return t is not None and dotted(t).rsplit(".", 1)[-1] == "NameError"


class UndefinedName(ScopeRule):
    """## What it does
    Reports names that are read but defined nowhere: not in the scope, an enclosing scope, the
    module or the builtins.

    ## Why is this bad?
    The line raises `NameError` when it runs: a typo, a missing import, or a name removed in a
    refactoring. Names in string annotations are checked too.

    ## Example
    ```python
    def area(r):
        return pi * r ** 2
    ```

    ## Use instead
    ```python
    from math import pi

    def area(r):
        return pi * r ** 2
    ```

    ## Known limits
    Not reported in files with a `from m import *` (every name may come from there). A module-level
    use before the definition is reported by `used-before-assignment` only inside functions.

    ## References
    - [pyflakes](https://github.com/PyCQA/pyflakes)
    """

    code = "PY004"
    name = "undefined-name"
    level = "error"
    summary = "Name is not defined"
    equivalents = ("ruff:F821", "pyflakes:UndefinedName")
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)
    VALID = [
        Valid("import os\ndef f():\n    return os.sep, len([]), __file__\n"),
        Valid("class A:\n    def m(self) -> 'A':\n        return __class__\n"),
        Valid("from m import *\nprint(anything)\n"),
        Valid("def f():\n    return g()\ndef g():\n    return 1\n"),
        # strings in Literal[...] are values, and Annotated's metadata is not a type
        Valid("import typing\nimport typing as t\nfrom typing import Annotated, Literal as L\n"
              "def f(a: typing.Literal['baz'], b: t.Literal['x'], c: L['q']) -> None:\n"
              "    pass\n"
              "def g(a: Annotated[int, 'more'], b: 'Annotated[str, \"meta\"]', c: t.Annotated[int, 'm2']) -> None:\n"
              "    pass\n"
              "x: 'typing.Optional[L[\"oo\"]]' = None\n"),
        # `try: name except NameError:` probes whether a name exists (IPython's get_ipython)
        Valid("def f():\n    try:\n        ip = get_ipython()\n    except (ImportError, NameError):\n        return None\n"
              "    return ip\n"),
        Valid("from typing import Annotated\nfrom m import Field, Url, Tag\n"
              "def f(a: Annotated[int, Field(description='descr', extra={'foobar': 'hello'})],\n"
              "      b: 'list[Annotated[Url, Tag(\"ws\")]]') -> None:\n    pass\n"),
    ]
    INVALID = [
        Invalid("def area(r):\n    return pi * r ** 2\n", 2),
        Invalid("try:\n    get_ipython\nexcept NameError:\n    pass\nip = get_ipython()\n", 5),
        Invalid("def f(x: 'Missing') -> None:\n    pass\n", 1),
        Invalid("from typing import Annotated\ndef f(x: Annotated['Missing', 'meta']) -> None:\n    pass\n", 2),
        Invalid("def f(x: 'list[Literal[\"a\"] | Gone]') -> None:\n    pass\n", 1),
        Invalid("class A:\n    y = 1\n    def m(self):\n        return x\n", 4),
    ]

    @classmethod
    def has_candidate(cls, ix: AstIndex) -> bool:
        if ix.has_star_import:
            return False
        bound = ix.bound_names
        if any(n not in bound and n not in BUILTINS for n in ix.loaded_names):
            return True
        return any(w not in bound and w not in BUILTINS for w in _annotation_words(ix))

    def leave_Module(self, original_node: libcst.Module) -> None:
        scopes = {s for s in self.metadata[ScopeProvider].values() if s is not None}
        found = []
        for scope in scopes:
            # by name: an access inside a string annotation points at the whole string
            for name, accesses in scope._accesses_by_name.items():
                if name in BUILTINS or self._assigned_anywhere(scope, name):
                    continue
                for access in accesses:
                    if not access.referents and not self._in_string_but_not_a_type(access.node, name):
                        pos = self.get_metadata(PositionProvider, access.node).start
                        if not self._guarded_by_name_error(pos):
                            found.append((pos, access.node, name))
        for _, node, name in sorted(found, key=lambda t: (t[0].line, t[0].column)):
            self.report(node, f"Undefined name `{name}`")

    def _guarded_by_name_error(self, pos) -> bool:
        """Inside the body of a ``try`` with an ``except NameError`` (``try: get_ipython`` probes
        whether a name exists), as pyflakes and ruff treat it."""
        if not hasattr(self, "_probes"):
            ix = index(self.ctx)
            self._probes = []
            for t in (ix.nodes(ast.Try) if ix is not None else ()):
                if any(_catches_name_error(h.type) for h in t.handlers) and t.body:
                    first, last = t.body[0], t.body[-1]
                    self._probes.append(((first.lineno, first.col_offset), (last.end_lineno, last.end_col_offset)))
        here = (pos.line, pos.column)
        return any(a <= here < b for a, b in self._probes)

    def _in_string_but_not_a_type(self, node: libcst.CSTNode, name: str) -> bool:
        """libcst reads every string in an annotation as a forward reference, also the values of
        ``Literal["a"]`` (it only knows the bare name ``Literal``) and ``Annotated``'s metadata."""
        if not isinstance(node, (libcst.SimpleString, libcst.ConcatenatedString)):
            return False
        ix = index(self.ctx)
        if ix is None:
            return False
        if not hasattr(self, "_strings"):
            self._aliases = _typing_aliases(ix)
            src = self.ctx.source
            self._strings = {}
            for c in ix.nodes(ast.Constant):
                if isinstance(c.value, str):
                    r = src.region_from_ast(c)
                    self._strings[(r.start_line, r.start_column)] = c
        r = self.ctx.region_of(self.get_metadata(PositionProvider, node))
        const = self._strings.get((r.start_line, r.start_column))
        if const is None:
            return False
        if _not_a_type(const, ix.parent, self._aliases):
            return True
        names = _type_names(const.value, self._aliases)
        return names is not None and name not in names

    @staticmethod
    def _assigned_anywhere(scope, name: str) -> bool:
        """True when the name is bound in the scope or an enclosing one (used-before-assignment's case)."""
        s = scope
        while True:
            if (s is scope or not isinstance(s, ClassScope)) and any(a.scope is s for a in s.assignments[name]):
                return True
            if s.parent is s or isinstance(s, GlobalScope):
                return False
            s = s.parent


def _effective(ix: AstIndex, n: ast.Name) -> tuple[int, int]:
    """Where a store takes effect: after the right-hand side of its assignment is evaluated."""
    p = ix.parent.get(n)
    while isinstance(p, (ast.Tuple, ast.List, ast.Starred)):
        p = ix.parent.get(p)
    if isinstance(p, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
        return p.end_lineno, p.end_col_offset
    return n.lineno, n.col_offset


def _walrus_targets(node: ast.AST) -> set[str]:
    return {n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr)}


def _evaluated_after_walrus(ix: AstIndex, n: ast.Name) -> bool:
    """A read that runs after a walrus that sits earlier in evaluation order but later in the
    text: ``y if (y := f()) else z`` (the test runs first), ``[y for x in xs if (y := g(x))]``."""
    child, p = n, ix.parent.get(n)
    while p is not None and not isinstance(p, (ast.stmt, *FUNCTION_NODES)):
        if isinstance(p, ast.IfExp) and child is not p.test and n.id in _walrus_targets(p.test):
            return True
        if isinstance(p, COMPREHENSION_NODES) and child in (getattr(p, "elt", None), getattr(p, "key", None),
                                                            getattr(p, "value", None)):
            if any(n.id in _walrus_targets(i) for g in p.generators for i in g.ifs):
                return True
        child, p = p, ix.parent.get(p)
    return False


class UsedBeforeAssignment(ScopeRule):
    """## What it does
    Reports a local variable read in a function before the function first assigns it.

    ## Why is this bad?
    Any assignment in a function makes the name local to the whole function, so the earlier read
    raises `UnboundLocalError`, even when a global of the same name exists. A read in a loop body
    before the assignment further down works from the second iteration on, and fails on the first.

    ## Example
    ```python
    counter = 0

    def bump():
        counter = counter + 1
    ```

    ## Use instead
    ```python
    counter = 0

    def bump():
        global counter
        counter = counter + 1
    ```

    ## References
    - [Python FAQ: UnboundLocalError](https://docs.python.org/3/faq/programming.html#why-am-i-getting-an-unboundlocalerror-when-the-variable-has-a-value)
    """

    code = "PY005"
    name = "used-before-assignment"
    level = "error"
    summary = "Local variable is read before it is assigned"
    equivalents = ("ruff:F823", "pyflakes:UndefinedLocal")
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)
    VALID = [
        Valid("c = 0\ndef f():\n    global c\n    c = c + 1\n"),
        Valid("def f(x):\n    x = x + 1\n    y = 1\n    return y\n"),
        Valid("def f():\n    def g():\n        return v\n    v = 1\n    return g\n"),
        # the test of a conditional expression runs before its branches
        Valid("def f(g, z):\n    return y if (y := g()) else z\n"),
        Valid("def f(d):\n    value = v if (v := d.get('a')) is not None else 0\n    return value\n"),
        Valid("def f(xs, g):\n    return [y for x in xs if (y := g(x))]\n"),
    ]
    INVALID = [
        Invalid("def f(g):\n    y = (y if g else 0)\n    return (y := 2) if y else 1\n", 2),
        Invalid("c = 0\ndef f():\n    c = c + 1\n", 3),
        Invalid("def f(items):\n    for i in items:\n        print(last)\n        last = i\n", 3),
    ]

    @classmethod
    def has_candidate(cls, ix: AstIndex) -> bool:
        for fn in ix.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
            names = ix.scope_names.get(fn, ())
            params = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
            first: dict[str, tuple[int, int]] = {}
            for n in names:
                if isinstance(n.ctx, ast.Store):
                    p = _effective(ix, n)
                    if n.id not in first or p < first[n.id]:
                        first[n.id] = p
            if any(isinstance(n.ctx, ast.Load) and n.id in first and n.id not in params
                   and (n.lineno, n.col_offset) < first[n.id] and not _evaluated_after_walrus(ix, n) for n in names):
                return True
        return False

    def leave_Module(self, original_node: libcst.Module) -> None:
        ix = index(self.ctx)
        after_walrus = {_pos(self.ctx, n) for n in ix.nodes(ast.Name)
                        if isinstance(n.ctx, ast.Load) and _evaluated_after_walrus(ix, n)} if ix else set()
        scopes = {s for s in self.metadata[ScopeProvider].values() if isinstance(s, FunctionScope)}
        found = []
        for scope in scopes:
            for access in scope.accesses:
                node = access.node
                if not isinstance(node, libcst.Name):
                    continue
                local = [a for a in scope.assignments[node.value] if a.scope is scope]
                if not local or any(r.scope is scope for r in access.referents):
                    continue
                if any(isinstance(a.node, libcst.Param) or not isinstance(a.node, libcst.Name) for a in local):
                    continue
                if _cst_pos(self, node) in after_walrus:
                    continue
                found.append((self.get_metadata(PositionProvider, node).start, node))
        for _, node in sorted(found, key=lambda t: (t[0].line, t[0].column)):
            self.report(node, f"Local variable `{node.value}` is read before it is assigned")


# ----- PY006 / PY007 (ast) -------------------------------------------------------------------

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


def _defined(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, ast.Import):  # `import a.b` and `import a.c` load two submodules: not a redefinition
        return [a.asname or a.name for a in stmt.names]
    if isinstance(stmt, ast.ImportFrom):
        return [a.asname or a.name for a in stmt.names if a.name != "*"]
    return [stmt.name]


def _read_before_binding(stmt: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> set[str]:
    """Names the statement reads before its own name is bound: decorators, bases, keywords,
    defaults and annotations, and for a class its whole body (not the bodies of its methods)."""
    out: set[str] = set()
    todo: list[ast.AST] = list(stmt.decorator_list)
    if isinstance(stmt, ast.ClassDef):
        todo += [*stmt.bases, *stmt.keywords, *stmt.body]
    else:
        todo += [stmt.args, *([stmt.returns] if stmt.returns else [])]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            todo += [*node.decorator_list, node.args, *([node.returns] if node.returns else [])]
        elif isinstance(node, ast.Lambda):
            todo.append(node.args)
        else:
            todo.extend(ast.iter_child_nodes(node))
    return out


def _registered(stmt: ast.stmt) -> bool:
    """A function decorated by a call (``@app.route("/")``, ``@hook("x")``): the decorator keeps it
    (outside a class body, where the namespace does not matter)."""
    return isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        isinstance(d, ast.Call) for d in stmt.decorator_list)


def _is_overload(stmt: ast.stmt) -> bool:
    return isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        (isinstance(d, ast.Name) and d.id == "overload") or (isinstance(d, ast.Attribute) and d.attr == "overload")
        for d in stmt.decorator_list)


class RedefinedUnusedName(PyRule):
    """## What it does
    Reports a `def`, `class` or import that rebinds a name bound by an earlier `def`, `class` or
    import in the same block, with no use of the name in between.

    ## Why is this bad?
    The first definition is dead: usually a copy-pasted test method that silently never runs
    (`def test_x` twice), or a duplicate import.

    ## Example
    ```python
    class TestUser:
        def test_login(self): ...
        def test_login(self): ...
    ```

    ## Use instead
    Rename or delete one of them.

    ## Known limits
    Only definitions in the same block are compared (not across `if`/`else` or `try`/`except`
    branches), and `@overload` stubs are exempt. A class that reads the name it rebinds
    (`class A(A)`) uses the old one and is quiet, except for a test class at module level: test
    runners collect classes by module name, so the first one's tests stop running on their own.

    ## References
    - [pyflakes](https://github.com/PyCQA/pyflakes)
    """

    code = "PY006"
    name = "redefined-unused-name"
    level = "warning"
    summary = "Redefinition of an unused name"
    equivalents = ("ruff:F811", "pyflakes:RedefinedWhileUnused")
    VALID = [
        Valid("class A:\n    @property\n    def x(self):\n        return 1\n    @x.setter\n    def x(self, v):\n"
              "        pass\n"),
        Valid("import os\nprint(os)\nimport os\n"),
        Valid("try:\n    from json import loads\nexcept ImportError:\n    def loads(s):\n        pass\n"),
        # the old binding is read by the new definition itself (before the new name is bound)
        Valid("class T:\n    pass\nclass T(T):\n    pass\n"),
        Valid("def test():\n    class _(Base):\n        x: int\n    class _(Base):\n        y: int\n"),
        # handlers registered by their decorator when defined
        Valid("@app.route('/a')\ndef h():\n    pass\n@app.route('/b')\ndef h():\n    pass\n"),
        Valid("from m import Engine\nclass Engine(Base):\n    backend = Engine\n    def f(self):\n        return 1\n"),
    ]
    INVALID = [
        Invalid("class T:\n    def test_a(self):\n        pass\n    def test_a(self):\n        pass\n", 4),
        Invalid("import os\nimport os\n", 2),
        Invalid("import a.b\nimport a.c\nimport a.b\n", 3),
        Invalid("from m import Engine\nclass Engine(Base):\n    def f(self):\n        return Engine\n", 2),
        Invalid("class M:\n    @validator('x')\n    def v(cls):\n        pass\n    @validator('x')\n    def v(cls):\n"
                "        pass\n", 6),
        # a test class rebound by its own subclass is no longer collected on its own
        Invalid("class TestBound(SimpleTestCase):\n    def test_a(self):\n        pass\n"
                "@with_jinja2\nclass TestBound(TestBound):\n    pass\n", 5),
    ]

    def run(self, ix: AstIndex) -> None:
        seen_lists: set[int] = set()
        for stmt in ix.nodes(*_DEFS):
            parent = ix.parent.get(stmt)
            if parent is None:
                continue
            for field in ("body", "orelse", "finalbody"):
                block = getattr(parent, field, None)
                if isinstance(block, list) and any(s is stmt for s in block) and id(block) not in seen_lists:
                    seen_lists.add(id(block))
                    self._block(ix, parent, block)

    def _block(self, ix: AstIndex, owner: ast.AST, block: list[ast.stmt]) -> None:
        last: dict[str, ast.stmt] = {}
        loads = None
        for stmt in block:
            if not isinstance(stmt, _DEFS):
                continue
            for name in _defined(stmt):
                prev = last.get(name)
                last[name] = stmt
                if prev is None or _is_overload(prev) or not name.strip("_"):
                    continue  # `_`, `__`: throwaway names, rebound on purpose (ruff's dummy names)
                if not isinstance(owner, ast.ClassDef) and _registered(prev):
                    continue  # `@app.route("/a") def h` twice: each handler is registered when defined
                if loads is None:  # any load in between, also in class bodies and functions defined there
                    loads = [n for n in ix.nodes(ast.Name) if not isinstance(n.ctx, ast.Store)]
                start = (prev.end_lineno, prev.end_col_offset)
                end = (stmt.lineno, stmt.col_offset)
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    if stmt.decorator_list:
                        end = (stmt.decorator_list[0].lineno, 0)
                    if name in _read_before_binding(stmt):
                        if isinstance(owner, ast.Module) and _hides_test_class(prev, stmt, name):
                            self.report(stmt, f"`class {name}({name})` hides the test class `{name}` from line "
                                              f"{prev.lineno} from test discovery: its tests run only through "
                                              "the subclass; give the subclass its own name")
                        continue  # `class A(A)`, `backend = A` in A's own body, `@A.x`: the old one is used
                name = name.split(".")[0]
                if any(n.id == name and start <= (n.lineno, n.col_offset) < end for n in loads):
                    continue
                self.report(stmt, f"Redefinition of unused `{name}` from line {prev.lineno}")


_TEST_CLASS = re.compile(r"^Test|Tests?$|TestCase$")


def _hides_test_class(prev: ast.stmt, stmt: ast.stmt, name: str) -> bool:
    """``class TestX(TestX)`` at module level: unittest and pytest collect test classes from the
    module's names, so the first class (rebound) no longer runs on its own."""
    if not (isinstance(prev, ast.ClassDef) and isinstance(stmt, ast.ClassDef)):
        return False
    if not any(isinstance(b, ast.Name) and b.id == name for b in stmt.bases):
        return False
    return bool(_TEST_CLASS.search(name)) or any(_TEST_CLASS.search(dotted(b)) for b in prev.bases)


# Sphinx configuration values (conf.py, module level) that are also builtins
_SPHINX_CONF_NAMES = frozenset({"copyright"})


class BuiltinShadowing(PyRule):
    """## What it does
    Reports assignments, `def`s, `class`es, loop and `with` targets that rebind a builtin name
    such as `list`, `id`, `type` or `input` (class attributes are exempt).

    ## Why is this bad?
    Every later use of the builtin in that scope gets your value instead: `list(x)` fails with
    "'int' object is not callable" far from the assignment that caused it.

    ## Example
    ```python
    list = get_items()
    ```

    ## Use instead
    ```python
    items = get_items()
    ```

    ## Options
    `ignore` (list of names, default empty): builtins you allow to be shadowed.

    Off by default, as Ruff's A001 is: shadowing is often deliberate and harmless in a small scope
    (128 notes on 13 real projects, `id`, `type`, `input` and `format` as parameters and locals).
    Turn it on with `--extend-select PY007`.

    ## References
    - [flake8-builtins](https://github.com/gforcada/flake8-builtins)
    """

    code = "PY007"
    name = "builtin-shadowing"
    level = "note"
    enabled_by_default = False
    summary = "Assignment shadows a Python builtin"
    equivalents = ("ruff:A001", "flake8-builtins:A001")
    options = {"ignore": []}
    VALID = [Valid("items = [1]\nclass A:\n    id = 1\n"), Valid("list = 1\n", ignore=["list"]),
             # Sphinx reads these names from conf.py: the project has no choice
             Valid("project = 'x'\ncopyright = '2024, me'\nextensions = []\n", path="docs/conf.py")]
    INVALID = [Invalid("list = 1\nfor id in range(3):\n    pass\n", 1, 2), Invalid("def input():\n    pass\n", 1),
               Invalid("copyright = '2024'\n", 1, path="setup.py")]

    def run(self, ix: AstIndex) -> None:
        ignore = set(self.opts["ignore"])
        names = {n for n in BUILTINS if not n.startswith("_")} - ignore
        classes = set(ix.nodes(ast.ClassDef))
        sphinx = _SPHINX_CONF_NAMES if self.ctx.source.path.rsplit("/", 1)[-1] == "conf.py" else frozenset()
        hits = []
        for scope, nodes in ix.scope_names.items():
            if scope in classes:
                continue
            if scope is ix.tree and sphinx:
                nodes = [n for n in nodes if n.id not in sphinx]
            for n in nodes:
                if isinstance(n.ctx, ast.Store) and n.id in names:
                    hits.append((n.lineno, n.col_offset, n, n.id))
        for d in ix.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            if d.name in names and not isinstance(ix.parent.get(d), ast.ClassDef):
                hits.append((d.lineno, d.col_offset, d, d.name))
        for _, _, node, name in sorted(hits, key=lambda t: t[:2]):
            self.report(node, f"`{name}` shadows a Python builtin")
