"""CX003 cyclomatic-complexity and CX004 maintainability-index: radon's metrics on ``ctx.ast``.

radon computes both; we only hand it the tree the other Python rules already parsed (radon's own
entry points would parse the file again). The maintainability index also needs radon's raw
metrics (a tokenize pass over the text), which is why CX004 is opt-in.
"""

from __future__ import annotations

from scanner.model import Region
from scanner.rule import Invalid, Rule, Valid


def _branches(n: int) -> str:
    return "".join(f"    if x == {i}:\n        return {i}\n" for i in range(n))


def _dense(n: int) -> str:
    """A long, branchy, uncommented function: radon's MI is 0 at n = 100."""
    return "def f(x, y, z):\n" + "".join(
        f"    if x == {i} and y > {i * 3} or z:\n        return {i} * y + z - {i}\n" for i in range(n)
    ) + "    return -1\n"


class CyclomaticComplexity(Rule):
    """## What it does
    Reports functions and methods whose cyclomatic complexity (McCabe, as computed by radon) is
    above `max-complexity` (default 10, the default of Ruff's C901 and of mccabe).

    ## Why is this bad?
    Each decision point (`if`, `elif`, loop, `except`, boolean operator, comprehension clause,
    `case`) doubles the paths a reader and a test suite must cover. Past ten, functions are hard
    to test completely and are where bugs collect.

    ## Example
    ```python
    def classify(x):
        if x == 0:
            return "zero"
        elif x == 1:
            ...  # ten more branches
    ```

    ## Use instead
    Split the function, or replace the `if` chain by a lookup table.

    ## Options
    - `max-complexity` (int, default 10): report functions whose complexity is strictly greater.

    ## Known limits
    Off by default, as Ruff's C901 is: a high count is a measurement, not a defect a reader can act on
    line by line, and on a large project it outnumbers every other finding (388 on Django 5.2).
    Select it with `--select CX003` (or `extend-select`). radon counts boolean operators and comprehension clauses as decisions, which Ruff's C901 does
    not, so the same function can score a little higher here. A nested function's complexity is
    part of its parent's, as in radon. Python only.

    ## References
    - radon, `cc`: https://radon.readthedocs.io/en/latest/intro.html#cyclomatic-complexity
    - Ruff C901: https://docs.astral.sh/ruff/rules/complex-structure/
    """

    code = "CX003"
    name = "cyclomatic-complexity"
    family = "complexity"
    level = "note"
    summary = "Function's cyclomatic complexity is above the maximum"
    languages = frozenset({"python"})
    keywords = ("def ",)
    options = {"max-complexity": 10}
    enabled_by_default = False
    equivalents = ("ruff:C901", "mccabe:C901", "radon:cc")
    VALID = [
        Valid("def f(x):\n" + _branches(9) + "    return -1\n"),
        Valid("def f(x):\n" + _branches(12) + "    return -1\n", **{"max-complexity": 15}),
    ]
    INVALID = [
        Invalid("import os\n\ndef f(x):\n" + _branches(10) + "    return -1\n", 3),
        Invalid("class C:\n    def m(self, x):\n" + _branches(6).replace("    ", "        ") + "        return -1\n",
                2, **{"max-complexity": 5}),
    ]

    def check(self) -> None:
        tree = self.ctx.ast
        if tree is None:
            return
        from radon.complexity import cc_rank, cc_visit_ast
        from radon.visitors import Function

        limit = self.opts["max-complexity"]
        for block in cc_visit_ast(tree):
            if not isinstance(block, Function) or block.complexity <= limit:
                continue
            kind = "Method" if block.is_method else "Function"
            name = f"{block.classname}.{block.name}" if block.is_method else block.name
            line = block.lineno
            text = self.ctx.source.line_text(line)
            at = text.find(block.name, block.col_offset)
            where = Region(line, at + 1, line, at + 1 + len(block.name)) if at >= 0 else line
            self.report(where, f"{kind} '{name}' has cyclomatic complexity {block.complexity} "
                               f"(max {limit}, radon rank {cc_rank(block.complexity)})",
                        properties={"complexity": block.complexity, "rank": cc_rank(block.complexity),
                                    "function": name},
                        fingerprint=f"{kind}\0{name}")


class MaintainabilityIndex(Rule):
    """## What it does
    Reports Python modules whose maintainability index (radon's MI: Halstead volume, cyclomatic
    complexity, logical lines and comment ratio, scaled 0-100) is below `min-index` (default 10,
    radon's rank C, "extremely low").

    ## Why is this bad?
    A low index marks large, dense, branchy, uncommented modules: the files where changes are
    slow and risky. It is a trend metric for a whole file, not a defect at a line.

    ## Options
    - `min-index` (float, default 10): report modules whose index is strictly below.
    - `count-multiline-strings` (bool, default true): count docstrings as comment lines (radon's
      `-m`, its default).

    ## Known limits
    Off by default: the score is per module and has no line to fix, long but simple modules (data
    tables, generated code, big test files) score low, and it costs a tokenize pass over every
    file on top of the shared `ast`. Select it with `--select CX004` (or `extend-select`).

    ## References
    - radon, `mi`: https://radon.readthedocs.io/en/latest/intro.html#maintainability-index
    """

    code = "CX004"
    name = "maintainability-index"
    family = "complexity"
    level = "note"
    summary = "Module's maintainability index is below the minimum"
    languages = frozenset({"python"})
    options = {"min-index": 10.0, "count-multiline-strings": True}
    enabled_by_default = False
    equivalents = ("radon:mi",)
    VALID = [
        Valid("def f(x):\n    return x + 1\n"),
        Valid(_dense(100), **{"min-index": 0.0}),
    ]
    INVALID = [
        Invalid(_dense(100), 1),
        Invalid("def f(x):\n    return x * 2 + 1\n", 1, **{"min-index": 101.0}),
    ]

    def check(self) -> None:
        tree = self.ctx.ast
        if tree is None:
            return
        from radon.metrics import h_visit_ast, mi_compute, mi_rank
        from radon.raw import analyze
        from radon.visitors import ComplexityVisitor

        try:
            raw = analyze(self.ctx.source.text)
        except Exception:  # radon's tokenizer rejects a few files that ast accepts
            return
        comment_lines = raw.comments + (raw.multi if self.opts["count-multiline-strings"] else 0)
        comments = comment_lines / raw.sloc * 100 if raw.sloc else 0
        volume = h_visit_ast(tree).total.volume
        complexity = ComplexityVisitor.from_ast(tree).total_complexity
        index = mi_compute(volume, complexity, raw.lloc, comments)
        if index >= self.opts["min-index"]:
            return
        self.report(1, f"Module's maintainability index is {index:.1f} (min {self.opts['min-index']:g}, "
                       f"radon rank {mi_rank(index)})",
                    properties={"maintainabilityIndex": round(index, 2), "rank": mi_rank(index),
                                "halsteadVolume": round(volume, 1), "complexity": complexity, "lloc": raw.lloc},
                    fingerprint="maintainability-index")
