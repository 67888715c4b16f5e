"""DF003 code-injection: untrusted data evaluated as Python code (CWE-95)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.checks.dataflow.flow import Hit
from scanner.rule import Invalid, Valid


# Input of the person who runs the program: its command line, its standard input, its environment
LOCAL = frozenset({"cli", "env"})


class CodeInjection(DataflowRule):
    """## What it does
    Reports untrusted input that reaches `eval()`, `exec()` (also as a code object made by
    `compile()`, which itself runs nothing), `__import__()` or
    `importlib.import_module()`.

    Input of the person who runs the program (command line, standard input, environment) counts
    only when it is spliced into code (`eval("lambda x: " + sys.argv[1])`): a program that
    evaluates such input whole (`exec(sys.stdin.read())`, `eval(input())`, `__import__(name)`) asks
    its user for code, and that user could run any code already (CodeQL leaves these "local"
    sources out by default altogether; spliced, the input was meant as data and can break out).

    ## Why is this bad?
    Evaluating attacker-controlled text runs the attacker's code with the application's rights
    (`__import__('os').system('...')`).

    ## Example
    ```python
    result = eval(request.args["expr"])
    ```

    ## Use instead
    `ast.literal_eval()` for literals, `json.loads()` for data, an explicit table of allowed
    operations for anything else.

    ## Known limits
    - Command-line input joined only by punctuation (`"%s.%s" % (module, expr)`, the pieces of a
      `module:expr` argument put back together) is still evaluated whole: no word, digit or quote
      of the program's own surrounds it. Text of the program's (`"int(%s)"`) makes it spliced.
    - Command-line input that a function of another module splices into code, followed only
      through that module's `ast` facts (not parsed with libcst), is taken as evaluated whole.
    - `eval` called through an alias assigned at run time (`f = eval; f(x)`) is not recognised.
    - A regular-expression check (`fullmatch`, or `match`/`search` anchored at both ends) makes a
      value safe when the pattern allows word characters only, or no letter and no underscore
      (arithmetic on literals); the size of the result (`9**9**9`) is not considered.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).

    ## References
    - [CWE-95](https://cwe.mitre.org/data/definitions/95.html), [CWE-94](https://cwe.mitre.org/data/definitions/94.html)
    """

    code = "DF003"
    name = "code-injection"
    summary = "Untrusted data is evaluated as code"
    cwe = (95, 94)  # most specific first: eval injection, then code injection
    security_severity = 9.8
    equivalents = ("bandit:B307", "semgrep:python.lang.security.audit.eval-detected")
    sink_kind = "code"

    def counts(self, hit: Hit) -> bool:
        """Command-line input evaluated whole (``exec(sys.stdin.read())``, ``eval(input())``) is the
        program's interface: whoever runs it is asked for code and could run any code already.
        Such input spliced into code (``eval("lambda x: " + input())``) is data that can break out."""
        t = hit.taint
        return t.spliced or not t.origin.labels <= LOCAL

    VALID = [
        Valid("""\
            import ast
            from flask import request
            def calc():
                return ast.literal_eval(request.args["expr"])
            """),
        Valid("""\
            def calc():
                expr = input("expression: ")
                expr = "1 + 1"
                return eval(expr)
            """),
        Valid("""\
            from flask import request
            def calc():
                n = float(request.args["n"])
                return eval(f"{n} * 2")
            """),
        Valid("""\
            import re
            from flask import abort, request
            ARITHMETIC = re.compile(r"[0-9.+*/() -]+")
            def calc():
                expr = request.args["expr"]
                if not ARITHMETIC.fullmatch(expr):
                    abort(400)
                return str(eval(expr, {"__builtins__": {}}))
            """),
        Valid("""\
            import importlib
            import sys
            COMMANDS = {"build": "tools.build", "test": "tools.test"}
            def main():
                name = sys.argv[1]
                description = COMMANDS[name]
                return importlib.import_module("tools." + name)
            """),
        Valid("""\
            import sys
            code = sys.argv[1]
            exec(compile(code, "<arg>", "exec"))
            """),
        Valid("""\
            import sys
            def shell():
                exec(sys.stdin.read(), {})
            def ask_default():
                code = input(">>> ")
                return eval(code, {}, {})
            def plugin(target):
                module, _, attr = target.partition(":")
                __import__(module)
            plugin(sys.argv[1])
            """),
        Valid("""\
            import sys
            def load(target):
                module, expr = target.split(":", 1)
                return eval("%s.%s" % (module, expr))
            load(sys.argv[1])
            """),
    ]
    INVALID = [
        Invalid("""\
            from flask import request
            def calc():
                expr = request.args["expr"]
                return eval(expr)
            """, 4),
        Invalid("""\
            import sys
            formula = sys.argv[1]
            f = eval("lambda x: " + formula)
            """, 3),
        Invalid("""\
            from flask import request
            def run():
                code = compile(request.args["code"], "<request>", "exec")
                exec(code)
            """, 4),
        Invalid("""\
            import sys
            def parse(arg):
                return eval("int(%s)" % arg)
            parse(sys.argv[1])
            """, 3),
        Invalid("""\
            import sys
            class Calc:
                def __init__(self, formula):
                    self.formula = formula
                def run(self):
                    return eval("lambda x: " + self.formula)
            Calc(sys.argv[1]).run()
            """, 6),
        Invalid("""\
            import importlib
            def load(request):
                name = request.GET["plugin"]
                return importlib.import_module("plugins." + name)
            """, 4),
        Invalid("""\
            def run_formula(formula):
                return eval(formula, {"__builtins__": {}})
            def view(request):
                return run_formula(request.POST["formula"])
            """, 2),
        Invalid("""\
            from flask import request
            def calc():
                expr = request.get_json()["expression"]
                return str(eval(expr))
            """, 4),
        Invalid("""\
            import re
            from flask import abort, request
            def calc():
                expr = request.args["expr"]
                if not re.fullmatch(r"[0-9a-z.+*/() ]+", expr):
                    abort(400)
                return str(eval(expr))
            """, 7),
    ]
