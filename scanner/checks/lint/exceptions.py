"""Exceptions: PY018 bare-except, PY019 swallowed-exception (ast)."""

from __future__ import annotations

import ast

from scanner.checks.lint._pyast import AstIndex, PyRule, dotted, in_tests
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
    VALID = [Valid("try:\n    pass\nexcept Exception:\n    pass\n"),
             # re-raises: Ctrl-C and sys.exit() still propagate
             Valid("try:\n    check()\nexcept:\n    print_state()\n    raise\n"),
             Valid("try:\n    run()\nexcept:\n    if not reloader: raise\n    sys.exit(3)\n"),
             # the exits are handled by earlier clauses of the same try
             Valid("try:\n    run()\nexcept KeyboardInterrupt:\n    pass\nexcept (SystemExit, MemoryError):\n"
                   "    raise\nexcept:\n    log()\n")]
    INVALID = [Invalid("try:\n    pass\nexcept:\n    log()\n", 3),
               Invalid("try:\n    pass\nexcept KeyboardInterrupt:\n    pass\nexcept:\n    pass\n", 5)]

    def run(self, ix: AstIndex) -> None:
        for h in ix.nodes(ast.ExceptHandler):
            if h.type is None and not _propagates(h) and not _exits_handled_before(h, ix.parent.get(h)):
                self.report(h.lineno, "Do not use bare `except:`")


def _own_statements(body: list[ast.stmt]):
    """The statements of a block and of its nested blocks, not those of nested functions or classes."""
    stack = list(body)
    while stack:
        s = stack.pop()
        yield s
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            stack.extend(getattr(s, field, []) or [])


def _propagates(handler: ast.ExceptHandler) -> bool:
    """The handler raises (re-raises, or raises another error), or exits: nothing is swallowed."""
    for s in _own_statements(handler.body):
        if isinstance(s, ast.Raise):
            return True
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) \
                and dotted(s.value.func) in ("sys.exit", "os._exit"):
            return True
    return False


def _caught(handler: ast.ExceptHandler) -> set[str]:
    t = handler.type
    items = t.elts if isinstance(t, ast.Tuple) else [t] if t is not None else []
    return {dotted(x).rsplit(".", 1)[-1] for x in items}


def _exits_handled_before(handler: ast.ExceptHandler, owner: ast.AST | None) -> bool:
    """Earlier clauses of the same ``try`` already take KeyboardInterrupt and SystemExit."""
    seen: set[str] = set()
    for h in getattr(owner, "handlers", []):
        if h is handler:
            break
        seen |= _caught(h)
    return "BaseException" in seen or {"KeyboardInterrupt", "SystemExit"} <= seen


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
    enabled_by_default = False
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
        # a comment in the handler says why: a documented decision, not a silent one
        Valid("try:\n    data = loads(raw)\nexcept Exception:\n    # corrupt data: start with an empty session\n"
              "    pass\n"),
        Valid("try:\n    close()\nexcept Exception:\n    pass  # closing is best effort\n"),
        # the function's contract: return the parsed value, or fall through to its documented default
        Valid("def parse_safe(text):\n    try:\n        return parse(text)\n    except Exception:\n        pass\n"),
        # test code
        Valid("try:\n    conn.close()\nexcept Exception:\n    pass\n", path="tests/test_db.py"),
    ]
    INVALID = [Invalid("try:\n    pass\nexcept Exception:\n    pass\n", 3),
               Invalid("try:\n    pass\nexcept:\n    ...\n", 3),
               Invalid("try:\n    f()\n    raise ValueError\nexcept Exception:\n    pass\n", 4),
               Invalid("def save(x):\n    try:\n        db.write(x)\n        return True\n    except Exception:\n"
                       "        pass\n    audit(x)\n", 5)]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return
        for h in ix.nodes(ast.ExceptHandler):
            broad = h.type is None or dotted(h.type) in _BROAD
            owner = ix.parent.get(h)
            if owner is None or not broad or not _is_noop(h.body):
                continue
            if all(isinstance(s, ast.Raise) for s in owner.body) or self._commented(h) \
                    or _falls_back(ix, owner):
                continue
            what = "except:" if h.type is None else f"except {dotted(h.type)}:"
            self.report(h.lineno, f"`{what} pass` silently swallows every error")

    def _commented(self, h: ast.ExceptHandler) -> bool:
        """A comment on the except line or in its body explains the decision."""
        text = self.ctx.source.line_text
        return any("#" in text(n) and not text(n).lstrip().startswith(("'", '"'))
                   for n in range(h.lineno, (h.end_lineno or h.lineno) + 1))


def _falls_back(ix: AstIndex, owner: ast.AST) -> bool:
    """``try: return f(x) except Exception: pass`` as the last statement of a function: the error
    path returns the function's default (None, or what follows), which is the function's contract
    (a `*_safe` parser, `MultiDict.get(key, default)`)."""
    body = getattr(owner, "body", [])
    if not body or not isinstance(body[-1], ast.Return):
        return False
    fn = ix.parent.get(owner)
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    after = fn.body[fn.body.index(owner) + 1:] if owner in fn.body else None
    return after is not None and (not after or isinstance(after[0], ast.Return))
