"""Shared machinery of the Python lint rules (PY...): one cheap ``ast`` index per file, and the
libcst helpers the fixes and the scope rules use.

Why two parse layers (measured, see docs/lint.md): ``ast`` is ~10x cheaper than a libcst parse
and ~50x cheaper than libcst with scope metadata. Syntactic rules therefore run on ONE shared
``ast`` index (one walk per file, every rule looks up the node types it wants). Rules that need a
scope model (unused import/variable, undefined name, ...) are ``CstRule``s using libcst's
``ScopeProvider``; their ``wants()`` asks the ast index whether the file has any candidate at
all, so libcst only runs on files where it can find something. Security rules are ``CstRule``s
with ``QualifiedNameProvider`` behind a keyword prefilter. Fixes (``--fix``/``--diff``) are built
with libcst, only when asked for.
"""

from __future__ import annotations

import ast
import builtins
import re
import weakref
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import libcst
from libcst.metadata import PositionProvider, QualifiedNameProvider

from scanner.checks.lint.ruffconfig import ignored as ruff_ignored
from scanner.cst import CstRule
from scanner.model import Fix
from scanner.rule import Rule

if TYPE_CHECKING:
    from scanner.context import FileContext
    from scanner.model import Region

BUILTINS = frozenset(dir(builtins)) | {"__file__", "__builtins__", "__annotations__", "WindowsError",
                                      "__path__", "__spec__", "__loader__", "__package__", "__name__",
                                      "__doc__", "__dict__", "__module__", "__qualname__", "__class__"}
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
SCOPES = (*FUNCTIONS, ast.ClassDef, ast.Module)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


# shared singleton nodes (Load(), Add(), Eq(), ...): no parent, nothing to look up
_LEAVES = (ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop)


class AstIndex:
    """One walk over a module: nodes by type, parents, and the name facts the prefilters use."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.by_type: dict[type, list[ast.AST]] = defaultdict(list)
        self.parent: dict[ast.AST, ast.AST] = {}
        # Name nodes by the function/lambda/class/comprehension/module whose body they sit in (defaults,
        # decorators and annotations belong to the outer scope, as in Python)
        self.scope_names: dict[ast.AST, list[ast.Name]] = defaultdict(list)
        stack: list[tuple[ast.AST, ast.AST]] = [(tree, tree)]
        by_type, parent, scope_names = self.by_type, self.parent, self.scope_names
        name_t, scope_t = ast.Name, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
        comp_t = COMPREHENSIONS
        while stack:
            node, scope = stack.pop()
            t = type(node)
            by_type[t].append(node)
            if t is name_t:
                scope_names[scope].append(node)
                continue
            if isinstance(node, comp_t):
                for child in ast.iter_child_nodes(node):
                    parent[child] = node
                    stack.append((child, node))
                continue
            if isinstance(node, scope_t):
                inner = node.body if isinstance(node.body, list) else [node.body]
                inner_ids = {id(b) for b in inner}
                for child in ast.iter_child_nodes(node):
                    parent[child] = node
                    stack.append((child, node if id(child) in inner_ids else scope))
                continue
            for child in ast.iter_child_nodes(node):
                if isinstance(child, _LEAVES):
                    continue
                parent[child] = node
                stack.append((child, scope))
        for nodes in by_type.values():
            nodes.reverse()  # roughly source order; rules that need it sort by position

    def nodes(self, *types: type) -> list[Any]:
        if len(types) == 1:
            return self.by_type.get(types[0], [])
        out = [n for t in types for n in self.by_type.get(t, [])]
        out.sort(key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
        return out

    def ancestors(self, node: ast.AST):
        p = self.parent.get(node)
        while p is not None:
            yield p
            p = self.parent.get(p)

    def enclosing_scope(self, node: ast.AST) -> ast.AST:
        for a in self.ancestors(node):
            if isinstance(a, SCOPES):
                return a
        return self.tree

    # ----- name facts (cheap over-approximations for the scope rules' prefilters) ---------------

    @property
    def loaded_names(self) -> set[str]:
        if not hasattr(self, "_loaded"):
            self._loaded = {n.id for n in self.nodes(ast.Name) if not isinstance(n.ctx, ast.Store)}
        return self._loaded

    @property
    def bound_names(self) -> set[str]:
        if not hasattr(self, "_bound"):
            b = {n.id for n in self.nodes(ast.Name) if isinstance(n.ctx, ast.Store)}
            for t in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
                b.update(n.name for n in self.nodes(t))
            for a in self.nodes(ast.alias):
                b.add(a.asname or a.name.split(".")[0])
            b.update(a.arg for a in self.nodes(ast.arg))
            b.update(h.name for h in self.nodes(ast.ExceptHandler) if h.name)
            for t in (ast.Global, ast.Nonlocal):
                for n in self.nodes(t):
                    b.update(n.names)
            for t in (ast.MatchAs, ast.MatchStar):
                b.update(n.name for n in self.nodes(t) if n.name)
            b.update(n.rest for n in self.nodes(ast.MatchMapping) if n.rest)
            for t in ("TypeVar", "ParamSpec", "TypeVarTuple"):
                if hasattr(ast, t):
                    b.update(n.name for n in self.nodes(getattr(ast, t)))
            self._bound = b
        return self._bound

    @property
    def has_star_import(self) -> bool:
        return any(a.name == "*" for a in self.nodes(ast.alias))


_INDEX: weakref.WeakKeyDictionary[Any, AstIndex | None] = weakref.WeakKeyDictionary()


def index(ctx: FileContext) -> AstIndex | None:
    """The file's shared ast index (built at most once per file), or None if it does not parse."""
    if ctx not in _INDEX:
        tree = ctx.ast
        _INDEX[ctx] = AstIndex(tree) if tree is not None else None
    return _INDEX[ctx]


_NOQA = re.compile(r"#\s*noqa(?P<colon>:\s*(?P<codes>[A-Za-z]+[0-9]+(?:[,\s]+[A-Za-z]+[0-9]+)*)?)?", re.I)


# `# ruff: noqa` / `# flake8: noqa` on a line of its own: the whole file; with codes, those codes
_FILE_NOQA = re.compile(r"(?mi)^[ \t]*#[ \t]*(?:flake8|ruff)[ \t]*:[ \t]*noqa"
                        r"(?:[ \t]*:[ \t]*(?P<codes>[A-Z]+[0-9]+(?:[ \t]*,[ \t]*[A-Z]+[0-9]+)*))?[ \t]*$")
_FILE_CODES: weakref.WeakKeyDictionary[Any, frozenset[str] | None] = weakref.WeakKeyDictionary()


def _file_noqa(ctx: FileContext) -> frozenset[str] | None:
    """Codes a file-level ``# ruff: noqa: F401`` turns off (``{"*"}`` for a bare one), or None."""
    if ctx not in _FILE_CODES:
        text = ctx.source.text
        codes: set[str] = set()
        if "noqa" in text.lower():
            for m in _FILE_NOQA.finditer(text):
                codes |= {c.strip().upper() for c in m.group("codes").split(",")} if m.group("codes") else {"*"}
        _FILE_CODES[ctx] = frozenset(codes) or None
    return _FILE_CODES[ctx]


def noqa_silences(ctx: FileContext, lines: Any, equivalents: tuple[str, ...]) -> bool:
    """True when one of ``lines`` has a ``# noqa`` that is bare or names one of the rule's
    equivalent codes (``# noqa: F401`` silences unused-import): ignores migrate from ruff/flake8.
    ``# noqa: <words>`` (a reason, no code list) is bare: flake8 reads it so (its code group does
    not match and the rest is a plain ``# noqa``), and the author plainly meant to silence the line;
    ruff only warns that the directive is invalid. A file-level ``# ruff: noqa: F401`` (or
    ``# flake8: noqa``) on a line of its own covers every line of the file, as in ruff."""
    wanted = {e.split(":", 1)[1].upper() for e in equivalents if ":" in e}
    if not wanted:
        return False
    whole_file = _file_noqa(ctx)
    if whole_file and ("*" in whole_file or wanted & whole_file):
        return True
    for line in lines:
        text = ctx.source.line_text(line)
        if "#" not in text:
            continue
        m = _NOQA.search(text)
        if m is None:
            continue
        codes = m.group("codes")
        if not codes or wanted & {c.upper() for c in re.split(r"[,\s]+", codes) if c}:
            return True
    return False


def _report(rule: Any, where: Any, message: str, noqa_lines: tuple[int, ...], kwargs: dict) -> None:
    ruff_codes = tuple(e.split(":", 1)[1] for e in rule.equivalents if e.startswith("ruff:"))
    if ruff_codes and ruff_ignored(rule.ctx, ruff_codes):
        return  # the project's ruff configuration switches the paired ruff rule off for this file
    if isinstance(where, libcst.CSTNode):
        where = rule.get_metadata(PositionProvider, where)
    region = rule.ctx.region_of(where)
    if noqa_silences(rule.ctx, {region.start_line, *noqa_lines}, rule.equivalents):
        return
    rule.ctx.report(rule.meta, region, message, **kwargs)


def fixes_wanted(ctx: FileContext) -> bool:
    return bool(getattr(ctx.config, "fix", False))


class PyRule(Rule):
    """A Python lint rule on the shared ast index: implement ``run(ix)``."""

    family = "lint"
    languages = frozenset({"python"})

    def check(self) -> None:
        ix = index(self.ctx)
        if ix is not None:
            self.run(ix)

    def run(self, ix: AstIndex) -> None:
        raise NotImplementedError

    def report(self, where: Any, message: str, *, noqa_lines: tuple[int, ...] = (), **kwargs: Any) -> None:
        _report(self, where, message, noqa_lines, kwargs)

    def fix_node(self, node: ast.AST, cst_type: type, make: Any, description: str) -> Fix | None:
        """A Fix replacing the libcst node of ``cst_type`` at ``node``'s position by ``make(old)``."""
        if not fixes_wanted(self.ctx):
            return None
        return replace_at(self.ctx, self.ctx.source.region_from_ast(node), cst_type, make, description)


class PyCstRule(CstRule):
    """A Python lint rule on the libcst tree (batched with every other CstRule of the file)."""

    family = "lint"

    def position(self, node: libcst.CSTNode):
        return self.get_metadata(PositionProvider, node)

    def report(self, where: Any, message: str, *, noqa_lines: tuple[int, ...] = (), **kwargs: Any) -> None:
        _report(self, where, message, noqa_lines, kwargs)


class ScopeRule(PyCstRule):
    """A PyCstRule that needs libcst's scope model, paid for only where the cheap shared ``ast``
    index already sees a candidate (``has_candidate``): most files never reach libcst."""

    @classmethod
    def wants(cls, ctx) -> bool:
        if not super().wants(ctx):
            return False
        ix = index(ctx)
        return ix is not None and cls.has_candidate(ix)

    @classmethod
    def has_candidate(cls, ix: AstIndex) -> bool:
        raise NotImplementedError


def _positions(ctx: FileContext) -> dict | None:
    wrapper = ctx.cst
    return None if wrapper is None else wrapper.resolve(PositionProvider)


def replace_at(ctx: FileContext, region: Region, cst_type: type, make: Any, description: str) -> Fix | None:
    """Find the libcst node of ``cst_type`` starting at ``region`` and build a whole-file Fix."""
    positions = _positions(ctx)
    if positions is None:
        return None
    line, col = region.start_line, region.start_column - 1
    end = (region.end_line, (region.end_column or 1) - 1)
    best = None
    for node, rng in positions.items():
        if type(node) is cst_type and rng.start.line == line and rng.start.column == col:
            if (rng.end.line, rng.end.column) == end:
                best = node
                break
            best = best or node
    if best is None:
        return None
    new = make(best)
    if new is best:
        return None
    return module_fix(ctx, ctx.cst.module.deep_replace(best, new), description)


def module_fix(ctx: FileContext, module: libcst.Module, description: str) -> Fix | None:
    text = module.code
    if text == ctx.source.text:
        return None
    return Fix(description, text)


def ast_start(ctx: FileContext, node: ast.AST) -> tuple[int, int]:
    """(line, column) where an ``ast`` node starts, as the scanner counts them (1-based)."""
    r = ctx.source.region_from_ast(node)
    return r.start_line, r.start_column


def cst_start(rule: PyCstRule, node: libcst.CSTNode) -> tuple[int, int]:
    """The same position for a libcst node (libcst columns are 0-based)."""
    p = rule.get_metadata(PositionProvider, node).start
    return p.line, p.column + 1


def in_tests(ctx: FileContext) -> bool:
    """The file is test code by its path (``tests/``, ``test_*.py``, ``conftest.py``, ...)."""
    from scanner.checks.secrets.pathcontext import path_context

    return path_context(str(ctx.source.path)) == "test"


def dotted(node: ast.AST) -> str:
    """``a.b.c`` for Name/Attribute chains, '' otherwise."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def is_literal(node: ast.AST) -> bool:
    return isinstance(node, (ast.Constant, ast.JoinedStr, ast.List, ast.Dict, ast.Set, ast.Tuple,
                             ast.ListComp, ast.DictComp, ast.SetComp)) and not (
        isinstance(node, ast.Constant) and (node.value is None or node.value is Ellipsis
                                            or isinstance(node.value, bool)))


class CallRule(PyCstRule):
    """A libcst rule on calls, with qualified names (``QualifiedNameProvider``) of the callee.

    QualifiedNameProvider is the most expensive libcst provider: only rules whose ``keywords``
    prefilter hits the file request it, and all of them share one resolution per file.
    """

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider)
    # modules whose import the rule needs (a qualified name can only resolve to them then):
    # with the keywords, this keeps libcst + QualifiedNameProvider off most files
    modules: tuple[str, ...] = ()

    @classmethod
    def wants(cls, ctx) -> bool:
        if not super().wants(ctx):
            return False
        if not cls.modules:
            return True
        if "_modules_re" not in cls.__dict__:
            alts = "|".join(re.escape(m) for m in cls.modules)
            # `from m`, `import m`, and m anywhere in `import a, b as c, m` (every module of the list)
            cls._modules_re = re.compile(
                rf"^[ \t]*(?:from[ \t]+(?:{alts})\b"
                rf"|import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*(?:\\\n[ \t]*)?)*(?:{alts})\b)", re.M)
        return cls._modules_re.search(ctx.source.text) is not None

    def qualified(self, node: libcst.CSTNode) -> set[str]:
        return {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}

    def visit_Call(self, node: libcst.Call) -> None:
        names = self.qualified(node.func)
        if names:
            self.on_call(node, names)

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        raise NotImplementedError


def kwarg(call: libcst.Call, name: str) -> libcst.BaseExpression | None:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == name:
            return a.value
    return None


def is_name(node: libcst.CSTNode | None, *values: str) -> bool:
    return isinstance(node, libcst.Name) and node.value in values


def string_value(node: libcst.CSTNode | None) -> str | None:
    if isinstance(node, (libcst.SimpleString, libcst.ConcatenatedString)):
        v = node.evaluated_value
        return v if isinstance(v, str) else None
    return None


def last_assignment(ix: AstIndex, call: ast.AST, name: str) -> ast.AST | None:
    """The value of the nearest ``name = ...`` before ``call`` in the same function (or module);
    None when there is none or ``name`` is augmented (``+=``) in between."""
    scope = ix.enclosing_scope(call)
    best: ast.AST | None = None
    augmented: list[int] = []
    for n in ast.walk(scope):
        target = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(
            n, (ast.AnnAssign, ast.AugAssign)) else ()
        if n.lineno >= call.lineno if target else True:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in target):
            if isinstance(n, ast.AugAssign):
                augmented.append(n.lineno)
            elif (best is None or n.lineno > best.lineno) and ix.enclosing_scope(n) is scope:
                best = n
    if best is None or any(line > best.lineno for line in augmented):
        return None
    return best.value
