"""Bindings that hide another name: PY006 redefined-unused-name, PY007 builtin-shadowing (ast)."""

from __future__ import annotations

import ast
import re

from scanner.checks.lint._pyast import BUILTINS, AstIndex, PyRule, dotted
from scanner.rule import Invalid, Valid

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
