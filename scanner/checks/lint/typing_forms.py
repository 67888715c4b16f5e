"""Where a name inside an annotation is a type: the strings in `Literal[...]` and the metadata of
`Annotated[T, ...]` are values, a string annotation is a type expression to parse (shared by
undefined-name and unused-import)."""

from __future__ import annotations

import ast
import re

from scanner.checks.lint._pyast import AstIndex, dotted

_IDENT = re.compile(r"(?<![.\w])[A-Za-z_]\w*")


def annotation_words(ix: AstIndex) -> set[str]:
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


def _typing_form(node: ast.AST, aliases: dict[str, str]) -> str:
    """'Literal' / 'Annotated' when ``node`` names that typing special form (``Literal``,
    ``t.Literal``, ``typing.Literal``, ``from typing import Literal as L``), else ''."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id, "")
    if isinstance(node, ast.Attribute) and node.attr in ("Literal", "Annotated"):
        return node.attr
    return ""


def typing_aliases(ix: AstIndex) -> dict[str, str]:
    out = {"Literal": "Literal", "Annotated": "Annotated"}
    for imp in ix.nodes(ast.ImportFrom):
        for a in imp.names:
            if a.name in ("Literal", "Annotated") and a.asname:
                out[a.asname] = a.name
    return out


def not_a_type(node: ast.AST, parent: dict, aliases: dict[str, str]) -> bool:
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


def type_names(text: str, aliases: dict[str, str], depth: int = 0) -> set[str] | None:
    """Names a string annotation reads as a type expression (forward references inside it
    included); None when it does not parse as an expression (then libcst reports nothing either)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    parent = {c: p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    out: set[str] = set()
    for n in ast.walk(tree):
        if not_a_type(n, parent, aliases):
            continue
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and depth < 3:
            out |= type_names(n.value, aliases, depth + 1) or set()
    return out
