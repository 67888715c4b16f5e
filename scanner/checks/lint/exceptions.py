"""Exceptions: PY018 bare-except, PY019 swallowed-exception (ast)."""

from __future__ import annotations

import ast

from scanner.checks.lint._pyast import AstIndex, PyRule, dotted
from scanner.rule import Invalid, Valid


class BareExcept(PyRule):
    """## What it does
    Reports `except:` without an exception type.

    ## Why is this bad?
    It also catches `KeyboardInterrupt` and `SystemExit`, so Ctrl-C and `sys.exit()` stop working
    inside the `try`, and it hides programming errors such as `NameError`.

    ## Example
    ```python
    try:
        run()
    except:
        log.warning("failed")
    ```

    ## Use instead
    ```python
    try:
        run()
    except Exception:
        log.warning("failed")
    ```

    ## References
    - [PEP 8, programming recommendations](https://peps.python.org/pep-0008/#programming-recommendations)
    """

    code = "PY018"
    name = "bare-except"
    level = "warning"
    summary = "Bare except: catches SystemExit and KeyboardInterrupt too"
    keywords = ("except",)
    equivalents = ("ruff:E722", "pycodestyle:E722")
    VALID = [Valid("try:\n    pass\nexcept Exception:\n    pass\n")]
    INVALID = [Invalid("try:\n    pass\nexcept:\n    raise\n", 3)]

    def run(self, ix: AstIndex) -> None:
        for h in ix.nodes(ast.ExceptHandler):
            if h.type is None:
                self.report(h.lineno, "Do not use bare `except:`")


_BROAD = {"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"}


def _is_noop(body: list[ast.stmt]) -> bool:
    return all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
                                           and s.value.value is Ellipsis) for s in body)


class SwallowedException(PyRule):
    """## What it does
    Reports `except Exception: pass` (or `except:` / `except BaseException:`) whose body does
    nothing.

    ## Why is this bad?
    Every error in the `try` disappears without a trace, including bugs and failed security
    checks (CWE-703). If ignoring one specific error is intended, catch that error or use
    `contextlib.suppress(SpecificError)`.

    ## Example
    ```python
    try:
        os.remove(path)
    except Exception:
        pass
    ```

    ## Use instead
    ```python
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
    ```

    ## References
    - [CWE-703](https://cwe.mitre.org/data/definitions/703.html)
    """

    code = "PY019"
    name = "swallowed-exception"
    level = "warning"
    summary = "Broad except clause silently swallows every error"
    keywords = ("except",)
    cwe = (703,)
    security_severity = 3.0
    tags = ("security",)
    equivalents = ("ruff:S110", "bandit:B110")
    VALID = [Valid("try:\n    pass\nexcept KeyError:\n    pass\n"),
             Valid("try:\n    pass\nexcept Exception:\n    log()\n")]
    VALID += [
        # the only error the try can raise is the one it raises on purpose (a test building an exception)
        Valid("def test_x():\n    try:\n        raise ValueError('boom')\n    except Exception:\n        pass\n"),
    ]
    INVALID = [Invalid("try:\n    pass\nexcept Exception:\n    pass\n", 3),
               Invalid("try:\n    pass\nexcept:\n    ...\n", 3),
               Invalid("try:\n    f()\n    raise ValueError\nexcept Exception:\n    pass\n", 4)]

    def run(self, ix: AstIndex) -> None:
        for h in ix.nodes(ast.ExceptHandler):
            broad = h.type is None or dotted(h.type) in _BROAD
            owner = ix.parent.get(h)
            if owner is not None and all(isinstance(s, ast.Raise) for s in owner.body):
                continue
            if broad and _is_noop(h.body):
                what = "except:" if h.type is None else f"except {dotted(h.type)}:"
                self.report(h.lineno, f"`{what} pass` silently swallows every error")
