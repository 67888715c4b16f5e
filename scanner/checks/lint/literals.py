"""PY011 f-string-without-placeholders (fix: drop the `f`), PY012 duplicate-dict-key (ast)."""

from __future__ import annotations

import ast

import libcst

from scanner.checks.lint._pyast import AstIndex, PyRule
from scanner.rule import Invalid, Valid


def _plain_string(node: libcst.FormattedString) -> libcst.CSTNode:
    if any(not isinstance(p, libcst.FormattedStringText) for p in node.parts):
        return node
    text = "".join(p.value for p in node.parts).replace("{{", "{").replace("}}", "}")
    n = 3 if node.start.endswith(('"""', "'''")) else 1
    prefix, quote = node.start[:-n], node.start[-n:]
    prefix = prefix.replace("f", "").replace("F", "")
    return libcst.SimpleString(prefix + quote + text + node.end, lpar=node.lpar, rpar=node.rpar)


class FStringWithoutPlaceholders(PyRule):
    """## What it does
    Reports f-strings that contain no `{...}` placeholder.

    ## Why is this bad?
    The `f` does nothing, or a placeholder was forgotten (`f"Hello name"` meant `f"Hello {name}"`).

    ## Example
    ```python
    print(f"Hello world")
    ```

    ## Use instead
    ```python
    print("Hello world")
    ```

    The fix drops the `f` (and turns `{{`/`}}` escapes back into braces).

    ## References
    - [PEP 498](https://peps.python.org/pep-0498/)
    """

    code = "PY011"
    name = "f-string-without-placeholders"
    level = "warning"
    summary = "f-string without any placeholders"
    keywords = ("f'", 'f"', "F'", 'F"')
    fixable = True
    equivalents = ("ruff:F541", "pyflakes:FStringMissingPlaceholders")
    VALID = [Valid('name = "x"\nprint(f"Hello {name}")\nprint(f"{name:>{10}}")\n'), Valid('print("plain")\n')]
    INVALID = [
        Invalid('print(f"Hello world")\n', 1),
        Invalid("x = (\n    rf'a{{b}}\\d'\n)\n", 2),
        Invalid('x = f"""\nno placeholders\n"""\n', 1),
    ]

    def run(self, ix: AstIndex) -> None:
        for node in ix.nodes(ast.JoinedStr):
            if isinstance(ix.parent.get(node), ast.FormattedValue):
                continue  # a format spec
            if any(isinstance(v, ast.FormattedValue) for v in node.values):
                continue
            fix = self.fix_node(node, libcst.FormattedString, _plain_string, "Remove the `f` prefix")
            self.report(node, "f-string without any placeholders", fix=fix)


def _key(node: ast.AST):
    if isinstance(node, ast.Constant):
        return ("const", type(node.value).__name__, repr(node.value))
    if isinstance(node, ast.Name):
        return ("name", node.id)
    return None


class DuplicateDictKey(PyRule):
    """## What it does
    Reports a dict display that repeats a key (a literal or a plain variable name).

    ## Why is this bad?
    The later entry silently wins: the earlier value is dead, usually a copy-paste slip.

    ## Example
    ```python
    headers = {"Accept": "text/html", "Accept": "application/json"}
    ```

    ## Use instead
    Keep one entry.

    ## References
    - [pyflakes](https://github.com/PyCQA/pyflakes)
    """

    code = "PY012"
    name = "duplicate-dict-key"
    level = "warning"
    summary = "Dictionary key repeated"
    keywords = ("{",)
    equivalents = ("ruff:F601", "ruff:F602", "pyflakes:MultiValueRepeatedKeyLiteral")
    VALID = [Valid("d = {'a': 1, 'b': 2, 1: 3, '1': 4}\n")]
    INVALID = [Invalid("d = {\n    'a': 1,\n    'a': 2,\n}\n", 3), Invalid("d = {k: 1, k: 2}\n", 1)]

    def run(self, ix: AstIndex) -> None:
        for d in ix.nodes(ast.Dict):
            seen = set()
            for k in d.keys:
                key = _key(k) if k is not None else None
                if key is None:
                    continue
                if key in seen:
                    self.report(k, f"Dictionary key {ast.unparse(k)} repeated")
                seen.add(key)
