"""PY001 syntax-error."""

from __future__ import annotations

from scanner.model import Notification
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

    The file is parsed with `ast`; syntax newer than the running interpreter (PEP 701 f-strings,
    PEP 695 `type` statements and generic parameter lists, PEP 758 `except A, B:`, PEP 750 template
    strings) is first lowered to an equivalent it reads, on the same lines. When that fails too it
    is parsed with libcst: if libcst reads it, it is not reported here, but a notification says the
    `ast`-based rules could not check it.
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
        if self.ctx.cst is not None:
            # newer syntax than this interpreter's ast knows, which the lowering (scanner.lowering)
            # could not rewrite either: not a syntax error, but the ast-based rules skipped the file
            # and the user must know (one notification instead of the raw parse error)
            import sys

            notes = self.ctx.notifications
            old = next((n for n in notes if n.rule_id == "parse-error"), None)
            notes[:] = [n for n in notes if n.rule_id != "parse-error"]
            detail = old.message.split(": ", 1)[1] if old else "syntax error"
            notes.append(Notification(
                self.ctx.source.path,
                f"Python {sys.version_info[0]}.{sys.version_info[1]}'s ast cannot read this file ({detail}); libcst "
                "can, so only the libcst-based rules checked it: run the scanner on a newer Python for the rest",
                "warning", "parse-error", old.region if old else None))
            return
        note = next((n for n in self.ctx.notifications if n.rule_id == "parse-error"), None)
        where = note.region if note and note.region else 1
        message = note.message.split(": ", 1)[1] if note else "syntax error"
        self.report(where, f"Python file does not parse: {message}", fingerprint=message)
