"""SQL: PY047 sql-built-by-formatting (ast): a query built by formatting a value into SQL text and
run by a database call."""

from __future__ import annotations

import ast
import re

from scanner.checks.lint._pyast import AstIndex, PyRule, dotted, in_tests, last_assignment
from scanner.rule import Invalid, Valid

# methods that run their first argument as SQL (DB-API, SQLAlchemy, asyncpg, pg8000, Django's Manager.raw);
# generic names (`run`, `cursor`) count only with SQL text, which the statement check below demands
_RUNS_SQL = {"execute", "executemany", "executescript", "raw", "fetch", "fetchrow", "fetchval", "exec_driver_sql",
             "run", "cursor", "mogrify"}  # pg8000's `conn.run(sql)`, asyncpg's `conn.cursor(sql)`
_QUERY_KWARGS = ("sql", "query", "operation", "statement", "raw_query")
# the built text starts like a statement (a log message or an error text that mentions SQL does not)
_SQL_START = re.compile(r"(?is)^[\s(]*(?:select\b.*\bfrom\b|insert\s+(?:or\s+\w+\s+)?into\b|update\b.*\bset\b|"
                        r"delete\s+from\b|replace\s+into\b|with\b.*\bselect\b|merge\s+into\b)")
# a value made safe for SQL text: quoted identifiers, SQL composed by the driver, numbers
_SAFE_CALL = re.compile(r"(?i)quote|ident|escape|^int$|^float$|^len$|^str\.join$|^sql\.|\.SQL$|Identifier|Literal")
_SAFE_NAME = re.compile(r"(?i)placeholder|^qn$|quoted")


def _text_and_values(node: ast.AST) -> tuple[str, list[ast.AST]] | None:
    """(literal text with placeholders, formatted values) of a string built by ``+``, ``%``,
    ``.format()`` or an f-string; None when ``node`` is not such a string."""
    if isinstance(node, ast.JoinedStr):
        text, values = "", []
        for part in node.values:
            if isinstance(part, ast.Constant):
                text += str(part.value)
            else:
                text += _marker(len(values))
                values.append(part.value)
        return (text, values) if values else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts: list[ast.AST] = []
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add):
                stack += [n.right, n.left]
            else:
                parts.append(n)
        text, values = "", []
        for p in parts:
            if isinstance(p, ast.Constant) and isinstance(p.value, str):
                text += p.value
            else:
                inner = _text_and_values(p)
                if inner:
                    text += _renumber(inner[0], len(values))
                    values += inner[1]
                else:
                    text += _marker(len(values))
                    values.append(p)
        return (text, values) if values and isinstance(parts[0], (ast.Constant, ast.JoinedStr)) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
            and isinstance(node.left.value, str):
        right = node.right
        values = list(right.elts) if isinstance(right, ast.Tuple) else \
            [v for v in right.values] if isinstance(right, ast.Dict) else [right]
        count = iter(range(len(values)))
        text = _PERCENT.sub(lambda m: m[0] if m[0] == "%%" else _marker(next(count, len(values))), node.left.value)
        return text, values
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" and \
            isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
        count = iter(range(len(node.args) + len(node.keywords)))
        text = _BRACES.sub(lambda m: m[0] if m[0] in ("{{", "}}") else _marker(next(count, 0)), node.func.value.value)
        return text, [*node.args, *(k.value for k in node.keywords)]
    return None


_PERCENT = re.compile(r"%%|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx]")
_BRACES = re.compile(r"\{\{|\}\}|\{[^{}]*\}")
_MARK = re.compile(r"\x00(\d+)\x00")


def _marker(i: int) -> str:
    return f"\x00{i}\x00"


def _renumber(text: str, offset: int) -> str:
    return _MARK.sub(lambda m: _marker(int(m[1]) + offset), text)


# the text just before a placeholder that puts a value (not a name) there: a quote, a comparison,
# LIMIT/OFFSET, or the inside of `VALUES (...)` / `IN (...)`
_VALUE_BEFORE = re.compile(r"(?is)(?:['\"]|[=<>]|\blike|\bilike|\blimit|\boffset|\bbetween|\bvalues\s*\(|\bin\s*\()\s*$")
_LIST_OPEN = re.compile(r"(?is)\b(?:values|in)\s*\($")


def _value_positions(text: str) -> set[int]:
    """Indexes of the placeholders in ``text`` that stand where SQL expects a value."""
    out: set[int] = set()
    for m in _MARK.finditer(text):
        before = _MARK.sub("x", text[:m.start()])
        if _VALUE_BEFORE.search(before):
            out.add(int(m[1]))
            continue
        depth, i = 0, len(before) - 1  # a later item of a VALUES/IN list: `VALUES (%s, %s)`
        while i >= 0:
            c = before[i]
            if c == ")":
                depth += 1
            elif c == "(":
                if depth == 0:
                    if _LIST_OPEN.search(before[:i + 1]):
                        out.add(int(m[1]))
                    break
                depth -= 1
            i -= 1
    return out


def _safe(value: ast.AST) -> bool:
    """A value that cannot carry SQL: a constant, a module constant (UPPER_CASE), a number or a
    quoted identifier, a placeholder list (``", ".join(["%s"] * n)``, ``"?" * n``)."""
    if isinstance(value, ast.Constant):
        return True
    if isinstance(value, (ast.Name, ast.Attribute)):
        name = value.id if isinstance(value, ast.Name) else value.attr
        return name.isupper() or bool(_SAFE_NAME.search(name))
    if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Sub, ast.Div, ast.FloorDiv)) and any(
            isinstance(v, ast.Constant) and type(v.value) in (int, float) for v in (value.left, value.right)):
        return True  # arithmetic with a number is a number (`page_size + 1`; a string would raise)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
        return isinstance(value.left, (ast.Constant, ast.List)) or isinstance(value.right, ast.Constant)
    if isinstance(value, ast.Call):
        func = dotted(value.func)
        if isinstance(value.func, ast.Attribute) and value.func.attr == "join" and \
                isinstance(value.func.value, ast.Constant):
            items = value.args[0] if value.args else None
            elt = items.elt if isinstance(items, (ast.ListComp, ast.GeneratorExp)) else items
            return elt is not None and _safe(elt)
        return bool(func) and bool(_SAFE_CALL.search(func.rsplit(".", 1)[-1]) or _SAFE_CALL.search(func))
    if isinstance(value, ast.IfExp):
        return _safe(value.body) and _safe(value.orelse)
    return False


class SqlStringFormatting(PyRule):
    """## What it does
    Reports a database call (`cursor.execute()`, `executemany()`, `executescript()`, SQLAlchemy's
    `connection.execute()`, asyncpg's `fetch()`/`fetchrow()`/`fetchval()`/`cursor()`, pg8000's
    `run()`, Django's `Manager.raw()`) whose query is SQL text with a value formatted into it: an f-string, `+`,
    `%` or `.format()`, written in the call or assigned to a local name earlier in the same
    function. Values that cannot carry SQL are not counted: constants, UPPER_CASE module
    constants, numbers (`int(x)`, `len(x)`), quoted identifiers (`quote_name(t)`,
    `sql.Identifier(t)`, also through a local name assigned from one) and placeholder lists
    (`", ".join(["%s"] * n)`). Test code is left out.

    The level says where the value goes. Where the query expects a *value* (inside quotes, after
    a comparison, `LIKE`, `LIMIT`, in `VALUES (...)` or `IN (...)`) a parameter would do: a
    warning. Where it expects a *name* or a fragment (`FROM {table}`, a column list, a clause held
    in a variable) no parameter can stand, and code that composes SQL from its own schema does
    this by design: such a value is reported, as a note, only when it is a parameter of the
    function (the caller chooses it), to check that it is quoted or comes from a fixed list.

    ## Why is this bad?
    A value pasted into SQL text is parsed as SQL: a quote in it ends the string and the rest runs
    as a command (CWE-89). Drivers pass parameters separately from the query and never parse them.
    The data-flow rule DF001 reports the same sink when it can follow user input there; this rule
    reports the construction itself, whatever the value's origin, as bandit's B608 does.

    ## Example
    ```python
    cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")
    ```

    ## Use instead
    ```python
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    ```

    ## Known limits
    Only the text written in the call or assigned to a name in the same function is seen; a
    query assembled across functions or from SQL fragments held in variables not named as SQL
    is not reported, and a table name the code has already checked against a fixed list is.
    """

    code = "PY047"
    name = "sql-built-by-formatting"
    level = "warning"
    summary = "SQL query built by string formatting and executed"
    keywords = ("execute", "raw(", "fetch", "run(", "cursor(", "mogrify")
    cwe = (89,)
    security_severity = 8.0
    tags = ("security",)
    equivalents = ("ruff:S608", "bandit:B608")
    VALID = [Valid("cur.execute('SELECT * FROM users WHERE name = %s', (name,))\n"),
             Valid("cur.execute('SELECT * FROM t WHERE a = ' + '3')\ncur.execute(f'SELECT * FROM John')\n"),
             Valid("cur.execute('SELECT * FROM %s' % connection.ops.quote_name(table))\n"),
             Valid("cur.execute('SELECT * FROM t WHERE id IN (%s)' % ', '.join(['%s'] * len(ids)), ids)\n"),
             Valid("log.execute(f'starting {job}')\n"),
             Valid("def page(conn, size):\n    conn.execute(f'SELECT * FROM t LIMIT {size + 1}')\n"),
             Valid("def get(conn, t, k):\n    table = conn.ops.quote_name(t)\n"
                   "    conn.execute('SELECT v FROM %s WHERE k = %%s' % table, [k])\n"),
             Valid("def test_q(cur, t):\n    cur.execute(f'SELECT * FROM {t}')\n", path="tests/test_db.py")]
    INVALID = [Invalid("cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n", 1),
               Invalid("def find(conn, name):\n    q = \"SELECT * FROM person WHERE name = '\" + name + \"'\"\n"
                       "    rows = conn.execute(q)\n", 3),
               Invalid("cur.executemany('INSERT INTO t VALUES ({})'.format(v))\n", 1),
               Invalid("conn.run(\"SELECT name FROM users WHERE age=\" + age)\n", 1),
               Invalid("def get(conn, uid):\n    query: str = 'DELETE FROM t WHERE id = %s' % uid\n"
                       "    return conn.fetchrow(query)\n", 3),
               Invalid("Person.objects.raw('SELECT * FROM p WHERE last_name = %s' % lname)\n", 1),
               Invalid("cur.execute('INSERT INTO t (a, b) VALUES (%s, %s)' % (1, b))\n", 1),
               # a table name: a note
               Invalid("def rows(cur, table):\n    cur.execute('SELECT * FROM {}'.format(table))\n", 2)]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return
        for call in ix.nodes(ast.Call):
            if not (isinstance(call.func, ast.Attribute) and call.func.attr in _RUNS_SQL):
                continue
            query = call.args[0] if call.args and not isinstance(call.args[0], ast.Starred) else next(
                (k.value for k in call.keywords if k.arg in _QUERY_KWARGS), None)
            if isinstance(query, ast.Name):
                query = last_assignment(ix, call, query.id)
            built = _text_and_values(query) if query is not None else None
            if built is None or not _SQL_START.search(built[0]):
                continue
            text, values = built
            unsafe = [(i, v) for i, v in enumerate(values) if not _safe(v) and not _safe_local(ix, call, v)]
            if not unsafe:
                continue
            at_values = _value_positions(text)
            value_slots = [v for i, v in unsafe if i in at_values]
            if value_slots:
                self.report(call, f"SQL built by string formatting (`{ast.unparse(value_slots[0])[:40]}` is pasted "
                                  "where the query expects a value); pass it as a query parameter")
            elif params := [v for _, v in unsafe if isinstance(v, ast.Name) and v.id in _parameters(ix, call)]:
                self.report(call, f"SQL built by string formatting (the parameter `{params[0].id}` is pasted "
                                  "as a name or a fragment); quote identifiers (`quote_name`, `sql.Identifier`) "
                                  "or check them against a fixed list", level="note")


def _safe_local(ix: AstIndex, at: ast.AST, value: ast.AST) -> bool:
    """A local name whose last value is itself safe (``table = quote_name(self._table)``), or SQL
    text built from safe values only (``expr = "TO_CHAR(%s)" % expr`` over a quoted column),
    followed through at most 16 assignments."""
    work: list[tuple[ast.AST, ast.AST]] = [(at, value)]
    budget = 16
    while work:
        where, v = work.pop()
        if _safe(v):
            continue
        if not isinstance(v, ast.Name) or budget == 0:
            return False
        budget -= 1
        assigned = last_assignment(ix, where, v.id)
        if assigned is None:
            return False
        built = _text_and_values(assigned)
        work += [(assigned, part) for part in built[1]] if built is not None else [(assigned, assigned)]
    return True


def _parameters(ix: AstIndex, node: ast.AST) -> set[str]:
    scope = ix.enclosing_scope(node)
    if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return set()
    a = scope.args
    return {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)} - {"self", "cls"}
