"""PY002 unused-import (libcst ScopeProvider; ast prefilter; fix removes the import)."""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

import libcst
import libcst.helpers
from libcst.metadata import GlobalScope, ImportAssignment, PositionProvider, ScopeProvider

from scanner.checks.lint._pyast import ScopeRule, fixes_wanted, index, module_fix, noqa_silences
from scanner.checks.lint.reexports import imported_from
from scanner.checks.lint.typing_forms import not_a_type, type_names, typing_aliases
from scanner.rule import Invalid, Valid


def exported_names(tree: ast.Module) -> set[str]:
    """Strings listed in a module-level ``__all__`` (=, +=, .append, .extend)."""
    out: set[str] = set()

    def strings(node: ast.AST) -> None:
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            out.update(e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
        elif isinstance(node, ast.BinOp):
            strings(node.left)
            strings(node.right)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.add(node.value)

    for stmt in ast.walk(tree):
        if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and stmt.value is not None:
                strings(stmt.value)
        elif (isinstance(stmt, ast.Call) and isinstance(stmt.func, ast.Attribute)
              and isinstance(stmt.func.value, ast.Name) and stmt.func.value.id == "__all__"):
            for a in stmt.args:
                strings(a)
    return out


def _catches_import_error(t) -> bool:
    if t is None:
        return False
    if isinstance(t, libcst.Tuple):
        return any(_catches_import_error(e.value) for e in t.elements)
    name = libcst.helpers.get_full_name_for_node(t) or ""
    return name.rsplit(".", 1)[-1] in ("ImportError", "ModuleNotFoundError")


def _ast_catches_import_error(t: ast.expr | None) -> bool:
    """``except ImportError`` as :func:`_catches_import_error` reads it, for the forms whose answer
    is plain on the ``ast`` (a name, an attribute, a tuple of them); False when unsure."""
    if isinstance(t, ast.Tuple):
        return any(_ast_catches_import_error(e) for e in t.elts)
    last = t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else ""
    return last in ("ImportError", "ModuleNotFoundError")


def runtime_forward_refs(ix) -> set[str]:
    """Names in string forward references inside subscripts outside annotations, which libcst does
    not read (``Handler = Callable[["Request"], "Response"]`` with the imports under TYPE_CHECKING)."""
    out: set[str] = set()
    aliases = None
    for sub in ix.nodes(ast.Subscript):
        for c in ast.walk(sub.slice):
            if not (isinstance(c, ast.Constant) and isinstance(c.value, str)) or not c.value.strip():
                continue
            if aliases is None:
                aliases = typing_aliases(ix)
            if not_a_type(c, ix.parent, aliases):
                continue
            out |= type_names(c.value, aliases) or set()
    return out


def _package_of(ctx) -> str:
    """The dotted name of the package whose ``__init__.py`` this is ('' when unknown)."""
    names = ctx.project.names.get(ctx.source.path, ()) if ctx.project is not None else ()
    if names:
        return names[0]
    parent = PurePosixPath(ctx.source.path).parent.name
    return parent if parent not in ("", ".") else ""


def _from_own_package(node: libcst.Import | libcst.ImportFrom, package: str) -> bool:
    """A relative import, or an absolute one of the package itself or one of its modules."""
    if isinstance(node, libcst.ImportFrom):
        if node.relative:
            return True
        module = libcst.helpers.get_full_name_for_node(node.module) if node.module is not None else ""
        modules = [module or ""]
    else:
        modules = [a.evaluated_name for a in node.names]
    top = package.split(".")[0]
    return bool(top) and all(m == top or m.startswith(top + ".") for m in modules)


def _bound_name(alias: ast.alias) -> str:
    return alias.asname or alias.name.split(".")[0]


class _RemoveAliases(libcst.CSTTransformer):
    """Remove the given import aliases; a statement left empty disappears, and the comment lines
    above it move to the next statement of its block (libcst would drop them with it)."""

    def __init__(self, targets: set[libcst.ImportAlias]) -> None:
        super().__init__()
        self.targets = targets
        self.emptied: set[int] = set()  # ids of placeholder lines whose statements were all removed

    def _keep(self, original, updated):
        names = [u for o, u in zip(original.names, updated.names) if o not in self.targets]
        if len(names) == len(updated.names):
            return updated
        if not names:
            return libcst.RemoveFromParent()
        if original.names[-1] in self.targets:
            # the new last name takes the old last one's comma: a trailing comma and the line break
            # before `)` stay, every untouched line keeps its formatting
            names[-1] = names[-1].with_changes(comma=updated.names[-1].comma)
        return updated.with_changes(names=names)

    def leave_Import(self, original, updated):
        return self._keep(original, updated)

    def leave_ImportFrom(self, original, updated):
        if isinstance(original.names, libcst.ImportStar):
            return updated
        return self._keep(original, updated)

    def leave_SimpleStatementLine(self, original, updated):
        if updated.body:
            return updated
        if not any(line.comment for line in updated.leading_lines):
            return libcst.RemoveFromParent()
        placeholder = updated.with_changes(body=[libcst.Pass()])
        self.emptied.add(id(placeholder))
        return placeholder

    def _rebody(self, body):
        out, carry = [], []
        for stmt in body:
            if id(stmt) in self.emptied:
                carry.extend(stmt.leading_lines)
                continue
            if carry:
                stmt = stmt.with_changes(leading_lines=[*carry, *stmt.leading_lines])
                carry = []
            out.append(stmt)
        return out, carry

    def leave_Module(self, original, updated):
        body, carry = self._rebody(updated.body)
        return updated.with_changes(body=body, footer=[*carry, *updated.footer])

    def leave_IndentedBlock(self, original, updated):
        body, carry = self._rebody(updated.body)
        if not body:  # keep the placeholder `pass` with its comments
            return updated
        return updated.with_changes(body=body, footer=[*carry, *updated.footer])


class UnusedImport(ScopeRule):
    """## What it does
    Reports imported names that nothing in the module uses.

    ## Why is this bad?
    Unused imports slow start-up, hide real dependencies, and can create import cycles.

    Re-exports are not reported: names listed in `__all__`; `import x as x` / `from m import y as y`;
    in a package's `__init__.py`, imports of the package's own modules (relative, or absolute under
    the package); and names that another scanned module imports from this one
    (`from pkg.compat import urljoin`) or reads on it (`compat.urljoin`). Names used in annotations
    (also strings, and imports under `if TYPE_CHECKING:`) count as used. `from __future__` imports are
    never reported.

    ## Example
    ```python
    import os
    import sys

    print(sys.argv)
    ```

    ## Use instead
    ```python
    import sys

    print(sys.argv)
    ```

    The fix removes the name (and the statement when it was the last name). In `__init__.py`
    files an unused import is usually a re-export, and inside `try:` it usually tests whether a
    package is installed, so those findings have no automatic fix: add the name to `__all__`, write
    `import x as x`, or use `importlib.util.find_spec`.

    Like every PY rule with a ruff/pyflakes equivalent, a `# noqa` comment that is bare or names
    the equivalent code (`# noqa: F401`) on the statement's first line silences it; so does
    `# noqa: <a reason in words>`, which flake8 reads as a bare `# noqa`, and a file-level
    `# ruff: noqa: F401` (or `# flake8: noqa`) on a line of its own.

    ## Known limits
    Another module's use is found in its text (a regex over every scanned Python file, only when a
    file has a candidate); with the result cache on, a cached file's finding is not re-checked when
    only another file starts or stops importing the name. Uses the scope model of libcst. When a name is bound several times in one scope (an import in
    a `try` with a fallback in `except ImportError`), only the last binding is reported, and only
    if no binding of the name is used; earlier ones are `redefined-unused-name`'s business.

    ## References
    - [pyflakes](https://github.com/PyCQA/pyflakes)
    """

    code = "PY002"
    name = "unused-import"
    level = "warning"
    summary = "Imported name is never used"
    fixable = True
    equivalents = ("ruff:F401", "pyflakes:UnusedImport")
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)
    VALID = [
        Valid("import os\nprint(os.sep)\n"),
        Valid("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from x import Y\ndef f(a: 'Y') -> None:\n"
              "    pass\n"),
        Valid("from .m import a, b\n__all__ = ['a']\n__all__ += ['b']\n"),
        Valid("from __future__ import annotations\nimport x as x\n"),
        Valid("import os.path\ndef f():\n    return os.path.join('a')\n"),
        Valid("import signals  # noqa: F401\nfrom m import (  # NOQA\n    a,\n)\n"),
        # a compatibility module that says so to ruff for the whole file
        Valid("# ruff: noqa: F401\nfrom pkg.lexers.python import PythonLexer\n__all__ = []\n", path="pkg/agile.py"),
        # `# noqa:` followed by a reason, not codes: flake8 reads a blanket noqa (ruff warns)
        Valid("def f():\n    import types  # NOQA: causes attempted import of utils_tests.types\n    return 1\n"),
        # a package's __init__.py re-exports its own modules' names
        Valid("from .models import User\nfrom pkg.views import index\nfrom . import utils\n", path="pkg/__init__.py"),
        # an availability probe; a pytest fixture imported for the tests' parameters
        Valid("try:\n    import ujson\n    HAS_UJSON = True\nexcept ImportError:\n    HAS_UJSON = False\n"),
        Valid("from .fixtures import app_client\ndef test_home(app_client):\n    assert app_client\n",
              path="tests/test_home.py"),
        # a string forward reference in a runtime type expression uses the name
        Valid("import typing\nif typing.TYPE_CHECKING:\n    from m import Request, Response\n"
              "Handler = typing.Callable[['Request'], 'Response | None']\n"),
    ]
    INVALID = [
        Invalid("import os\nimport sys\nprint(sys.argv)\n", 1),
        Invalid("from a import (\n    b,\n    c,\n)\nprint(b)\n", 3),
        Invalid("def f():\n    import json\n    return 1\n", 2),
        Invalid("import os.path\nimport a.b as c\n", 1, 2),
        Invalid("import os  # noqa: E501\n", 1),
        Invalid("# ruff: noqa: E501\nimport os\n", 2),
        Invalid("import os\nfrom .models import User\n", 1, path="pkg/__init__.py"),
        Invalid("from .tools import chdir\n", 1, path="tests/__init__.py"),
    ]

    @classmethod
    def has_candidate(cls, ix) -> bool:
        return bool(cls._candidates(ix))

    @classmethod
    def _candidates(cls, ix) -> set[str]:
        loaded = ix.loaded_names
        names = {_bound_name(a) for a in ix.nodes(ast.alias) if a.name != "*" and a.asname != a.name}
        names -= loaded
        return names and names - exported_names(ix.tree) - runtime_forward_refs(ix)

    @classmethod
    def wants(cls, ctx) -> bool:
        """Only when a candidate could be reported: an import whose statement line a ``# noqa``
        silences, or inside a ``try`` that catches ImportError, never is (see ``_check``/``report``)."""
        if not super().wants(ctx):
            return False
        ix = index(ctx)
        names = cls._candidates(ix)
        for a in ix.nodes(ast.alias):
            if a.name == "*" or a.asname == a.name or _bound_name(a) not in names:
                continue
            stmt = ix.parent.get(a)
            if not isinstance(stmt, (ast.Import, ast.ImportFrom)):
                return True
            if noqa_silences(ctx, (stmt.lineno,), cls.equivalents):
                continue
            if any(isinstance(p, ast.Try) and any(_ast_catches_import_error(h.type) for h in p.handlers)
                   for p in ix.ancestors(stmt)):
                continue
            return True
        return False

    def visit_Module(self, node: libcst.Module) -> None:
        self.unused: list[tuple[libcst.ImportAlias, str, int, bool, str, bool]] = []
        path = PurePosixPath(self.ctx.source.path)
        self.init = path.name == "__init__.py"
        # a test package's __init__.py is nobody's API: its own-package imports are ordinary
        self.api_init = self.init and not any(p in ("test", "tests", "testing") for p in path.parts[:-1])
        self.package = _package_of(self.ctx)
        self.in_try = 0
        self.probes: list[bool] = []  # per enclosing try: does it catch ImportError?
        ix = index(self.ctx)
        name = path.name
        # a pytest fixture imported into a test module is used by name as a test's parameter
        self.fixture_params = {a.arg for a in ix.nodes(ast.arg)} if ix is not None and (
            name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py") else set()
        self.exports = exported_names(ix.tree) if ix is not None else set()
        if ix is not None:
            self.exports |= runtime_forward_refs(ix)

    def _check(self, node: libcst.Import | libcst.ImportFrom) -> None:
        if isinstance(node.names, libcst.ImportStar):
            return
        if isinstance(node, libcst.ImportFrom) and isinstance(node.module, libcst.Name) \
                and node.module.value == "__future__" and not node.relative:
            return
        scope = self.get_metadata(ScopeProvider, node)
        if scope is None:
            return
        if any(self.probes):
            return  # `try: import ujson except ImportError:` tests whether the module is installed
        if self.api_init and _from_own_package(node, self.package):
            return  # `from .models import User` in a package's __init__.py is its public API
        for alias in node.names:
            full = alias.evaluated_name
            bound = alias.evaluated_alias
            if bound is not None and bound == full:
                continue  # `import x as x` / `from m import y as y`: an explicit re-export
            name = bound or full
            if name in self.exports or name.split(".")[0] in self.exports or name in self.fixture_params:
                continue
            everything = scope.assignments[name]
            assigned = [a for a in everything if isinstance(a, ImportAssignment) and a.node is node]
            if len(everything) > len(assigned):
                # bound again in this scope (try/except ImportError fallbacks, `x += ...`): as ruff,
                # only the last binding can be an unused import; earlier ones are redefinitions
                last = max(everything, key=lambda a: a._index)
                if last not in assigned or any(a.references for a in everything):
                    continue
            if assigned and not any(a.references for a in assigned):
                label = full if bound is None else f"{full} as {bound}"
                self.unused.append((alias, label, self.get_metadata(PositionProvider, node).start.line,
                                    self.in_try > 0, name, isinstance(scope, GlobalScope)))

    def visit_Try(self, node: libcst.Try) -> None:
        self.in_try += 1
        self.probes.append(any(_catches_import_error(h.type) for h in node.handlers))

    def leave_Try(self, original_node: libcst.Try) -> None:
        self.in_try -= 1
        self.probes.pop()

    def visit_TryStar(self, node: libcst.TryStar) -> None:
        self.in_try += 1

    def leave_TryStar(self, original_node: libcst.TryStar) -> None:
        self.in_try -= 1

    def visit_Import(self, node: libcst.Import) -> None:
        self._check(node)

    def visit_ImportFrom(self, node: libcst.ImportFrom) -> None:
        self._check(node)

    def leave_Module(self, original_node: libcst.Module) -> None:
        if not self.unused:
            return
        taken = None
        for alias, label, stmt_line, in_try, name, module_level in self.unused:
            if module_level:  # names other scanned modules import from this one: re-exports, not unused
                if taken is None:
                    taken = imported_from(self.ctx.project, self.ctx.source.path)
                if name in taken or name.split(".")[0] in taken:
                    continue
            fix = None
            if fixes_wanted(self.ctx) and not self.init and not in_try:
                fix = module_fix(self.ctx, original_node.visit(_RemoveAliases({alias})), f"Remove unused import `{label}`")
            self.report(alias, f"`{label}` imported but unused", fix=fix, noqa_lines=(stmt_line,))
