"""Files: PY021 open-without-context-manager, PY022 open-without-encoding (ast)."""

from __future__ import annotations

import ast

from scanner.checks.lint._pyast import AstIndex, PyRule, dotted
from scanner.rule import Invalid, Valid


_OPENERS = {"open", "io.open", "io.open_code", "codecs.open", "tempfile.TemporaryFile",
            "tempfile.NamedTemporaryFile", "tempfile.SpooledTemporaryFile", "tarfile.open", "tarfile.TarFile",
            "bz2.open", "bz2.BZ2File", "gzip.open", "lzma.open", "lzma.LZMAFile", "shelve.open", "dbm.open"}


def imported_names(ix: AstIndex) -> dict[str, str]:
    """Local name -> dotted origin, from the module's imports (``from a import b as c``: c -> a.b)."""
    out: dict[str, str] = {}
    for node in ix.nodes(ast.Import, ast.ImportFrom):
        for a in node.names:
            if isinstance(node, ast.Import):
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            elif node.module and not node.level:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def resolve(name: str, imports: dict[str, str]) -> str:
    head, _, rest = name.partition(".")
    if head in imports:
        return imports[head] + ("." + rest if rest else "")
    return name


def _opener_calls(ix: AstIndex):
    """Calls of ``open`` and the other file/archive openers, with their resolved name."""
    imports = imported_names(ix)
    module_level = [s for s in ix.tree.body if isinstance(s, (ast.FunctionDef, ast.Assign, ast.Import, ast.ImportFrom))]
    rebound = any(isinstance(s, ast.FunctionDef) and s.name == "open" for s in module_level) or any(
        n.id == "open" and isinstance(n.ctx, ast.Store) for n in ix.scope_names.get(ix.tree, ())) or imports.get(
        "open", "open") != "open"
    for call in ix.nodes(ast.Call):
        name = resolve(dotted(call.func), imports)
        if name in _OPENERS and not (name == "open" and rebound):
            yield call, name


def _open_calls(ix: AstIndex):
    """Calls of the builtin ``open`` (not when the module rebinds the name)."""
    if "open" in ix.bound_names:
        return
    for call in ix.nodes(ast.Call):
        if isinstance(call.func, ast.Name) and call.func.id == "open":
            yield call


class OpenWithoutContextManager(PyRule):
    """## What it does
    Reports `open()` calls (and `tempfile.TemporaryFile`, `tarfile.open`, `zipfile.ZipFile`,
    `gzip.open`, ...) that are not the context manager of a `with` statement.

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

    Calls in a `return` statement (`return File(open(p))`: the caller owns the file), passed to
    `ExitStack.enter_context(...)` or closed at once (`open(p).close()`) are exempt.

    Off by default, as Ruff's SIM115 is (it is not in Ruff's default rule set): on CPython a file
    read in one expression is closed at once. Turn it on with `--extend-select PY021`.
    """

    code = "PY021"
    name = "open-without-context-manager"
    level = "note"
    enabled_by_default = False
    summary = "open() outside a with statement"
    keywords = ("open(", "File(", "Temporary", "fdopen")
    cwe = (772,)
    equivalents = ("ruff:SIM115", "flake8-simplify:SIM115")
    VALID = [Valid("with open('f') as fh:\n    pass\n"),
             Valid("def f(stack):\n    fh = stack.enter_context(open('f'))\n    return File(open('g'))\n")]
    INVALID = [Invalid("data = open('f').read()\n", 1), Invalid("fh = open(\n  'f')\nfh.close()\n", 1),
               Invalid("import tempfile\nclass A:\n    def m(self):\n        self.f = tempfile.TemporaryFile()\n", 4)]

    def run(self, ix: AstIndex) -> None:
        for call, name in _opener_calls(ix):
            p = ix.parent.get(call)
            if isinstance(p, ast.withitem):
                continue
            if isinstance(p, ast.Call) and isinstance(p.func, ast.Attribute) and p.func.attr == "enter_context":
                continue
            if isinstance(p, ast.Attribute) and p.attr == "close":
                continue
            stmt = next((a for a in ix.ancestors(call) if isinstance(a, ast.stmt)), None)
            if isinstance(stmt, ast.Return):
                continue  # the caller owns the file
            self.report(call, f"Use a context manager (`with {name}(...) as f:`) for opening files")


class OpenWithoutEncoding(PyRule):
    """## What it does
    Reports `open()` in text mode, `pathlib.Path(...).read_text()` / `.write_text()` and
    `io.TextIOWrapper(...)` without `encoding=`.

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

    Off by default, as Ruff's PLW1514 is (a preview rule outside Ruff's defaults) and as PEP 597's
    `EncodingWarning` is: most hits are tests reading files they wrote themselves (332 notes on 13
    real projects). Turn it on with `--extend-select PY022`.

    ## References
    - [PEP 597](https://peps.python.org/pep-0597/)
    """

    code = "PY022"
    name = "open-without-encoding"
    level = "note"
    enabled_by_default = False
    summary = "open() in text mode without encoding="
    keywords = ("open(", "read_text", "write_text", "TextIOWrapper")
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
        imports = imported_names(ix)
        for call in ix.nodes(ast.Call):
            f = call.func
            kws = {k.arg for k in call.keywords}
            if "encoding" in kws or None in kws:
                continue
            if isinstance(f, ast.Attribute) and f.attr in ("read_text", "write_text") and isinstance(f.value, ast.Call) \
                    and resolve(dotted(f.value.func), imports) == "pathlib.Path":
                limit = 1 if f.attr == "read_text" else 2
                if len(call.args) < limit:
                    self.report(call, f"`pathlib.Path(...).{f.attr}` without explicit `encoding=`")
            elif resolve(dotted(f), imports) == "io.TextIOWrapper" and len(call.args) < 2:
                self.report(call, "`io.TextIOWrapper` without explicit `encoding=`")
