"""PY001 syntax-error."""

from __future__ import annotations

import re

from scanner.model import Notification
from scanner.rule import Invalid, Rule, Valid

# a line that starts with a Jinja/Django/cookiecutter tag: the file is a template rendered into Python
_TEMPLATE_LINE = re.compile(r"(?m)^[ \t]*(?:\{%|\{\{|\{#)")
_TEMPLATE_TAG = re.compile(r"\{%-?\s*\w+|\{\{-?\s*[\w.]+")
# what CPython says about Python 2 syntax, and the Python 2 statements it does not name
_PY2_MESSAGE = re.compile(r"Missing parentheses in call to '(?:print|exec)'|leading zeros in decimal integer literals")
_PY2_LINE = re.compile(r"""^\s*(?:print\s+(?:["'\w>])|exec\s+["'\w]|except\s+[\w.]+\s*,\s*\w+\s*:|raise\s+[\w.]+\s*,)
                           |`[^`\n]+`|\b\d+L\b|\bur["']|<>""", re.X)
_FILE_NOQA = re.compile(r"(?mi)^[ \t]*#[ \t]*(?:flake8|ruff)[ \t]*:[ \t]*noqa[ \t]*$")
_LINE_NOQA = re.compile(r"(?i)#[ \t]*noqa\b(?![ \t]*:)")


def not_python3(text: str, message: str, line_text: str) -> str | None:
    """Why a file that does not parse is not a Python 3 source with a mistake in it, or None."""
    if _TEMPLATE_LINE.search(text) or _TEMPLATE_TAG.search(line_text):
        return "it is a template (Jinja/Django tags), rendered into Python before it runs"
    if _PY2_MESSAGE.search(message) or _PY2_LINE.search(line_text):
        return "it is Python 2"
    if _FILE_NOQA.search(text) or _LINE_NOQA.search(line_text):
        return "it is marked `noqa` (a deliberately broken file, e.g. a test fixture)"
    return None


class SyntaxErrorRule(Rule):
    """## What it does
    Reports Python files that do not parse.

    ## Why is this bad?
    A file that does not parse cannot run, and no other Python rule can check it (the secrets
    path still does).

    A file that is not meant to parse as Python 3 gets a notification instead of this finding
    (visible in every output format): a template with Jinja/Django tags (`{% if ... %}`,
    cookiecutter hooks), Python 2 code (`print "x"`, `exec "..."`, `except E, e:`, backticks,
    `0777`), or a file marked `# flake8: noqa` / `# ruff: noqa`, or `# noqa` on the failing line
    (a deliberately broken test fixture). The other rules cannot check such a file either, and
    the notification says so.

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
    INVALID = [Invalid("x = 1\ndef f(:\n    pass\n", 2), Invalid("s = f'{{x}}'\nif s\n    pass\n", 2)]
    # not meant to parse as Python 3: a notification, not a finding
    VALID += [Valid("import sys\n{% if cookiecutter.abort == 'yes' %}\nsys.exit(5)\n{% endif %}\n"),
              Valid("print 'hello'\n"), Valid("def f(x):\n    return `x`\n"),
              Valid("import os\n\n1syntax_error  # NOQA\n")]

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
        notes = self.ctx.notifications
        note = next((n for n in notes if n.rule_id == "parse-error"), None)
        where = note.region if note and note.region else 1
        message = note.message.split(": ", 1)[1] if note else "syntax error"
        line = where.start_line if note and note.region else 1
        why = not_python3(self.ctx.source.text, message, self.ctx.source.line_text(line))
        if why is None:
            self.report(where, f"Python file does not parse: {message}", fingerprint=message)
            return
        notes[:] = [n for n in notes if n.rule_id != "parse-error"]  # one notice that says why, not one per parser
        notes.append(Notification(
            self.ctx.source.path, f"not checked as Python: the file does not parse ({message}) and {why}",
            "warning", "parse-error", note.region if note else None))
