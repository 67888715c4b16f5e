"""Files: PY021 open-without-context-manager, PY022 open-without-encoding (ast)."""

from __future__ import annotations

import ast

from scanner.checks.lint._pyast import AstIndex, PyRule, dotted
from scanner.rule import Invalid, Valid


def _open_calls(ix: AstIndex):
    """Calls of the builtin ``open`` (not when the module rebinds the name)."""
    if "open" in ix.bound_names:
        return
    for call in ix.nodes(ast.Call):
        if isinstance(call.func, ast.Name) and call.func.id == "open":
            yield call


class OpenWithoutContextManager(PyRule):
    """## What it does
    Reports `open()` calls that are not the context manager of a `with` statement.

    ## Why is this bad?
    The file stays open until the object is garbage-collected: on PyPy, or when an exception
    escapes first, that is much later, and descriptors run out (`Too many open files`). Writes may
    not be flushed.

    ## Example
    ```python
    data = open("config.json").read()
    ```

    ## Use instead
    ```python
    with open("config.json", encoding="utf-8") as fh:
        data = fh.read()
    ```

    Calls passed to `ExitStack.enter_context(...)` and `return open(...)` (the caller owns the
    file) are exempt.
    """

    code = "PY021"
    name = "open-without-context-manager"
    level = "note"
    summary = "open() outside a with statement"
    keywords = ("open(",)
    cwe = (772,)
    equivalents = ("ruff:SIM115", "flake8-simplify:SIM115")
    VALID = [Valid("with open('f') as fh:\n    pass\n"),
             Valid("def f(stack):\n    fh = stack.enter_context(open('f'))\n    return open('g')\n")]
    INVALID = [Invalid("data = open('f').read()\n", 1), Invalid("fh = open(\n  'f')\nfh.close()\n", 1)]

    def run(self, ix: AstIndex) -> None:
        for call in _open_calls(ix):
            p = ix.parent.get(call)
            if isinstance(p, ast.withitem) or isinstance(p, ast.Return):
                continue
            if isinstance(p, ast.Call) and isinstance(p.func, ast.Attribute) and p.func.attr == "enter_context":
                continue
            self.report(call, "Use a context manager (`with open(...) as f:`) for opening files")


class OpenWithoutEncoding(PyRule):
    """## What it does
    Reports `open()` in text mode without `encoding=`.

    ## Why is this bad?
    The encoding then depends on the machine's locale: the same code reads UTF-8 on Linux and
    cp1252 on Windows, so non-ASCII text breaks or is silently garbled (PEP 597).

    ## Example
    ```python
    with open("notes.txt") as fh:
        ...
    ```

    ## Use instead
    ```python
    with open("notes.txt", encoding="utf-8") as fh:
        ...
    ```

    ## Known limits
    A mode that is not a literal is assumed to be binary (not reported).

    ## References
    - [PEP 597](https://peps.python.org/pep-0597/)
    """

    code = "PY022"
    name = "open-without-encoding"
    level = "note"
    summary = "open() in text mode without encoding="
    keywords = ("open(",)
    equivalents = ("ruff:PLW1514", "pylint:W1514")
    VALID = [Valid("with open('f', 'rb') as fh:\n    pass\nwith open('f', encoding='utf-8') as g:\n    pass\n")]
    INVALID = [Invalid("with open('f') as fh:\n    pass\nwith open('f', mode='w') as g:\n    pass\n", 1, 3)]

    def run(self, ix: AstIndex) -> None:
        for call in _open_calls(ix):
            kws = {k.arg for k in call.keywords}
            if "encoding" in kws or None in kws or len(call.args) >= 4 or any(
                    isinstance(a, ast.Starred) for a in call.args):
                continue
            mode = call.args[1] if len(call.args) > 1 else next(
                (k.value for k in call.keywords if k.arg == "mode"), ast.Constant("r"))
            if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)) or "b" in mode.value:
                continue
            self.report(call, f"`{dotted(call.func)}` in text mode without explicit `encoding=`")
