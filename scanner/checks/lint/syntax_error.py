"""PY001 syntax-error."""

from __future__ import annotations

from scanner.rule import Invalid, Rule, Valid


class SyntaxErrorRule(Rule):
    """## What it does
    Reports Python files that do not parse.

    ## Why is this bad?
    A file that does not parse cannot run, and no other Python rule can check it (the secrets
    path still does). Python 2 files and files in another language with a `.py` name land here.

    ## Example
    ```python
    def f(:
        pass
    ```

    The file is parsed with `ast`; when that fails it is parsed again with libcst, which accepts
    newer syntax (PEP 701 f-strings, `type` statements) on any interpreter, so code for a newer
    Python than the one running the scanner is not reported.
    """

    code = "PY001"
    name = "syntax-error"
    family = "lint"
    level = "error"
    summary = "Python file does not parse"
    languages = frozenset({"python"})
    equivalents = ("ruff:E999",)
    VALID = [Valid("x = 1\n"), Valid('name = "w"\nprint(f"{"nested"} {name!r}")\n')]
    INVALID = [Invalid("x = 1\ndef f(:\n    pass\n", 2), Invalid("print 'hello'\n", 1)]

    def check(self) -> None:
        if self.ctx.ast is not None:
            return
        if self.ctx.cst is not None:  # newer syntax that this interpreter's ast does not know
            self.ctx.notifications[:] = [n for n in self.ctx.notifications if n.rule_id != "parse-error"]
            return
        note = next((n for n in self.ctx.notifications if n.rule_id == "parse-error"), None)
        where = note.region if note and note.region else 1
        message = note.message.split(": ", 1)[1] if note else "syntax error"
        self.report(where, f"Python file does not parse: {message}", fingerprint=message)
