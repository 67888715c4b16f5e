"""DF001 sql-injection: untrusted data in the text of an SQL query (CWE-89)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class SqlInjection(DataflowRule):
    """## What it does
    Reports SQL query text built from untrusted input (request data, `input()`, `sys.argv`, socket
    data...) that reaches `cursor.execute()`, `executemany()`, `executescript()`, Django's
    `raw()`/`extra()`/`RawSQL`, SQLAlchemy's `text()`, `pandas.read_sql()`, asyncpg's
    `fetch()`/`fetchrow()`/`fetchval()` or `databases`' `fetch_all()`, through assignments,
    string formatting, concatenation and calls to functions of the same module.

    ## Why is this bad?
    Whoever controls part of the query text controls the query: they can read or change any row the
    database account can reach (`' OR 1=1 --`).

    ## Example
    ```python
    name = request.args["name"]
    cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")
    ```

    ## Use instead
    Pass values as query parameters; the driver quotes them:
    ```python
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    ```

    ## Options
    The sources, sinks and sanitizers are data (`rules/dataflow/python.toml`); add your own with
    `dataflow-specs = ["my-taint.toml"]` in `[tool.scanner]`.

    ## Known limits
    - A function named for SQL escaping (`escape_sqlite`, `quote_identifier`, `sql_escape`) is
      taken as a sanitizer, whatever its body does.
    - A method named `execute`/`raw` is a sink on any object (types are not inferred); asyncpg's
      `fetch`/`fetchrow`/`fetchval`... and `databases`' `fetch_all`/`fetch_one`... count only in
      files that import that library.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).
    - A container holds the taint of everything put into it (`parts.append(x)`, `d.update(x)`,
      `buf.write(x)`), whatever key or index it is read back with.
    - A value checked with a custom validation function is still tainted unless that function is
      declared as a guard or sanitizer in a spec file.

    ## References
    - [CWE-89](https://cwe.mitre.org/data/definitions/89.html)
    - [OWASP: SQL injection prevention](https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html)
    """

    code = "DF001"
    name = "sql-injection"
    summary = "Untrusted data reaches the text of an SQL query"
    cwe = (89,)
    security_severity = 9.1
    equivalents = ("bandit:B608", "semgrep:python.django.security.injection.sql")
    sink_kind = "sql"

    VALID = [
        Valid("""\
            import re
            from flask import request
            def escape_sqlite(s):
                if re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*", s):
                    return s
                return '"{}"'.format(s.replace('"', '""'))
            def rows(db):
                column = escape_sqlite(request.args["sort"])
                return db.execute(f"select * from t order by {column}")
            """),
        Valid("""\
            import uuid
            from flask import request
            def order(cursor):
                oid = uuid.UUID(request.args["id"])
                cursor.execute(f"SELECT * FROM orders WHERE id = '{oid}'")
            """),
        Valid("""\
            from flask import request
            def search(db):
                name = request.args["name"]
                db.execute("SELECT * FROM users WHERE name = %s", (name,))
            """),
        Valid("""\
            from flask import request
            def search(cursor):
                uid = int(request.args["id"])
                cursor.execute(f"SELECT * FROM users WHERE id = {uid}")
            """),
        Valid("""\
            from flask import request
            def search(cursor):
                name = request.args["name"]
                name = "admin"
                cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
            """),
        Valid("""\
            import sys
            def main(cursor):
                table = sys.argv[1]
                if table not in ("users", "groups"):
                    return
                cursor.execute("SELECT count(*) FROM " + table)
            """),
        Valid("""\
            def report(cursor, period):
                cursor.execute("SELECT * FROM sales WHERE period = '" + period + "'")
            """),
        Valid("""\
            from django.db.models.expressions import RawSQL
            from shop.models import Item
            def ranked(request):
                boost = request.GET.get("boost", "1")
                return Item.objects.annotate(score=RawSQL("SELECT weight * %s FROM w", (boost,)))
            """),
        Valid("""\
            from blog.models import Entry
            def entries(request):
                day = request.GET["day"]
                return Entry.objects.extra(where=["pub_date = %s"], params=[day])
            """),
        Valid("""\
            import asyncpg
            from aiohttp import web
            async def by_tag(request):
                conn = await asyncpg.connect(request.app["dsn"])
                rows = await conn.fetch("SELECT id FROM posts WHERE tag = $1", request.query["tag"])
                return web.json_response([dict(r) for r in rows])
            """),
        Valid("""\
            from flask import request
            from app.cache import cache
            def cached():
                return cache.fetch(request.args["key"])
            """),
        Valid("""\
            from databases import Database
            from fastapi import FastAPI
            app = FastAPI()
            database = Database("sqlite:///example.db")
            @app.get("/orders/{oid}")
            async def order(oid: str):
                return await database.fetch_one("SELECT * FROM orders WHERE id = :id", values={"id": oid})
            """),
    ]
    INVALID = [
        Invalid("""\
            import os
            import sqlite3
            from flask import request
            def lookup():
                os.environ["NAME"] = request.args["n"]
                db = sqlite3.connect("app.db")
                return db.execute("SELECT * FROM t WHERE n = '%s'" % os.environ["NAME"]).fetchall()
            """, 7),
        Invalid("""\
            import sqlite3
            from flask import Flask, request
            app = Flask(__name__)
            class Params:
                def __init__(self, req):
                    self.req = req
                def get_param(self, name):
                    return self.req.args.get(name)
            @app.route("/a")
            def search():
                name = Params(request).get_param("name")
                return sqlite3.connect("db").execute("SELECT * FROM t WHERE n = '" + name + "'").fetchall()
            """, 12),
        Invalid("""\
            import asyncpg
            from aiohttp import web
            async def by_tag(request):
                pool = request.app["pool"]
                tag = request.match_info["tag"]
                async with pool.acquire() as conn:
                    rows = await conn.fetch("SELECT id FROM posts WHERE tag = '%s'" % tag)
                return web.json_response([dict(r) for r in rows])
            """, 7),
        Invalid("""\
            from databases import Database
            from fastapi import FastAPI
            app = FastAPI()
            database = Database("sqlite:///example.db")
            @app.get("/orders")
            async def orders(status: str):
                return await database.fetch_all(f"SELECT * FROM orders WHERE status = '{status}'")
            """, 7),
        Invalid("""\
            from flask import request
            def search(cursor):
                name = request.args["name"]
                q = f"SELECT * FROM users WHERE name = '{name}'"
                cursor.execute(q)
            """, 5),
        Invalid("""\
            from django.db import connection
            def view(request):
                order = request.GET.get("order", "id")
                with connection.cursor() as cursor:
                    cursor.execute("SELECT * FROM t ORDER BY %s" % order)
            """, 5),
        Invalid("""\
            import sqlite3
            def run(sql_fragment):
                conn = sqlite3.connect("app.db")
                conn.execute("DELETE FROM logs WHERE " + sql_fragment)
            term = input("term: ")
            run(term)
            """, 4),
        Invalid("""\
            from flask import request
            def find(cursor, name):
                sql = "SELECT * FROM users WHERE name = '{}'".format(name)
                cursor.execute(sql)
            def view(cursor):
                find(cursor, request.form["name"])
            """, 4),
        Invalid("""\
            from myapp.models import User
            def people(request):
                where = request.POST["filter"]
                return User.objects.raw("SELECT * FROM auth_user WHERE " + where)
            """, 4),
        Invalid("""\
            from flask import request
            from sqlalchemy import text
            def q(session):
                col = request.args.get("sort")
                parts = ["SELECT * FROM t ORDER BY", col]
                session.execute(text(" ".join(parts)))
            """, 6),
        Invalid("""\
            from flask import request
            def lookup(cursor):
                q = request.values.get("q", "")
                cursor.execute("SELECT id FROM items WHERE title LIKE '%" + q + "%'")
            """, 4),
        Invalid("""\
            from blog.models import Entry
            def entries(request):
                day = request.GET["day"]
                return Entry.objects.extra(where=["pub_date = '%s'" % day])
            """, 4),
        Invalid("""\
            from flask import request
            def tag_filter(cursor):
                conditions = []
                for tag in request.args.getlist("tag"):
                    conditions.append("tag = '%s'" % tag)
                cursor.execute("SELECT id FROM posts WHERE " + " OR ".join(conditions))
            """, 6),
        # stored in the process environment, read back (the environment alone is no SQL source)
        Invalid("""\
            import os
            import sqlite3
            from flask import request
            def search():
                os.environ["SEARCH_TERM"] = request.args["q"]
                db = sqlite3.connect("app.db")
                db.execute("SELECT * FROM t WHERE name = '%s'" % os.getenv("SEARCH_TERM"))
                db.execute("SELECT * FROM t WHERE name = '%s'" % os.environ.get("SEARCH_TERM"))
            """, 7, 8),
    ]
