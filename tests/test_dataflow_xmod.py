"""Data flows across the modules of a scanned project, through the real CLI on real file trees."""

from __future__ import annotations

import json
import textwrap

from conftest import git, run_cli, write

DB = textwrap.dedent("""\
    def find_user(conn, name):
        query = "SELECT * FROM users WHERE name = '%s'" % name
        conn.execute(query)
    """)

VIEWS = textwrap.dedent("""\
    from flask import Flask, request

    from app.db import find_user

    app = Flask(__name__)
    conn = None


    @app.route("/u")
    def u():
        find_user(conn, request.args["name"])
    """)


def _dedent(files: dict[str, str]) -> dict[str, str]:
    return {k: textwrap.dedent(v) for k, v in files.items()}


def _scan(root, *args: str) -> dict:
    r = run_cli("scan", str(root), "--select", "data-flow", "--format", "json", *args)
    assert r.code in (0, 1), r.err
    return r.json()


def _found(doc: dict) -> set[tuple[str, str, int]]:
    return {(f["rule_id"], f["path"], f["line"]) for f in doc["findings"]}


def _flow(doc: dict, rule: str) -> list[tuple[str, int]]:
    [f] = [f for f in doc["findings"] if f["rule_id"] == rule]
    return [(loc["path"], loc["line"]) for loc in f["code_flows"][0]]


def test_sink_in_another_module_is_reported_at_the_sink_with_a_flow_across_files(tmp_path):
    write(tmp_path, {"app/db.py": DB, "app/views.py": VIEWS})
    r = run_cli("scan", str(tmp_path), "--select", "DF001", "--format", "sarif", "--no-cache")
    assert r.code == 1, r.err
    [res] = r.json()["runs"][0]["results"]
    assert res["ruleId"] == "DF001"
    loc = res["locations"][0]["physicalLocation"]
    assert (loc["artifactLocation"]["uri"], loc["region"]["startLine"]) == ("app/db.py", 3)
    assert "app/views.py line 11" in res["message"]["text"]
    steps = res["codeFlows"][0]["threadFlows"][0]["locations"]
    where = [(s["location"]["physicalLocation"]["artifactLocation"]["uri"],
              s["location"]["physicalLocation"]["region"]["startLine"]) for s in steps]
    messages = [s["location"]["message"]["text"] for s in steps]
    assert where[0] == ("app/views.py", 11) and messages[0] == "Source: request.args"
    assert ("app/views.py", 11) in where[1:] and "passed to find_user() as 'name'" in messages
    assert ("app/db.py", 1) in where and "parameter 'name' of find_user()" in messages
    assert ("app/db.py", 2) in where  # the query is built there
    assert where[-1] == ("app/db.py", 3) and messages[-1].startswith("Sink: conn.execute()")


def test_relative_import_and_module_alias_and_package_reexport(tmp_path):
    write(tmp_path, _dedent({
        "pkg/__init__.py": "from .db import find_user\n",
        "pkg/db.py": DB,
        "pkg/views_rel.py": """\
            from flask import request
            from .db import find_user

            def a(conn):
                find_user(conn, request.args["a"])
            """,
        "pkg/views_alias.py": """\
            from flask import request
            import pkg.db as db

            def b(conn):
                db.find_user(conn, request.form["b"])
            """,
        "pkg/views_reexport.py": """\
            from flask import request
            from pkg import find_user

            def c(conn):
                find_user(conn, request.cookies["c"])
            """,
    }))
    doc = _scan(tmp_path, "--no-cache")
    assert _found(doc) == {("DF001", "pkg/db.py", 3)}  # one sink, reported once
    # three callers reach it; the flow kept is the one that sorts first, and names its caller
    assert _flow(doc, "DF001")[0] == ("pkg/views_alias.py", 5)
    for caller in ("pkg/views_rel.py", "pkg/views_reexport.py"):
        write(tmp_path, {"pkg/views_alias.py": "x = 1\n"})
        alone = _scan(tmp_path, "--no-cache")
        assert _found(alone) == {("DF001", "pkg/db.py", 3)}, caller
        if caller == "pkg/views_rel.py":
            assert _flow(alone, "DF001")[0] == ("pkg/views_reexport.py", 5)
            write(tmp_path, {"pkg/views_reexport.py": "x = 1\n"})


def test_src_layout(tmp_path):
    write(tmp_path, {"src/app/__init__.py": "", "src/app/db.py": DB, "src/app/views.py": VIEWS})
    assert _found(_scan(tmp_path, "--no-cache")) == {("DF001", "src/app/db.py", 3)}


def test_chain_across_three_modules(tmp_path):
    write(tmp_path, _dedent({
        "app/db.py": DB,
        "app/service.py": """\
            from app import db

            def lookup(conn, who):
                name = who.strip()
                return db.find_user(conn, name)
            """,
        "app/views.py": """\
            from flask import request
            from app.service import lookup

            def view(conn):
                lookup(conn, request.args["who"])
            """,
    }))
    doc = _scan(tmp_path, "--no-cache")
    assert _found(doc) == {("DF001", "app/db.py", 3)}
    flow = _flow(doc, "DF001")
    assert flow[0] == ("app/views.py", 5)
    assert [p for p, _ in flow].index("app/service.py") < [p for p, _ in flow].index("app/db.py")
    assert ("app/service.py", 4) in flow and ("app/service.py", 5) in flow and flow[-1] == ("app/db.py", 3)


def test_import_cycle_terminates(tmp_path):
    write(tmp_path, _dedent({
        "app/a.py": """\
            import os
            from app import b

            def run(x, n):
                if n:
                    return b.again(x, n - 1)
                os.system("echo " + x)
            """,
        "app/b.py": """\
            from app import a

            def again(x, n):
                return a.run(x, n)
            """,
        "app/views.py": """\
            from flask import request
            from app.b import again

            def view():
                again(request.args["x"], 3)
            """,
    }))
    assert _found(_scan(tmp_path, "--no-cache")) == {("DF002", "app/a.py", 7)}


def test_helper_returning_taint_and_sanitizing_helper_in_another_module(tmp_path):
    write(tmp_path, _dedent({
        "app/util.py": """\
            import shlex

            def build_cmd(x):
                return "ls " + x

            def safe_cmd(x):
                return "ls " + shlex.quote(x)
            """,
        "app/views.py": """\
            import os
            from flask import request
            from app.util import build_cmd, safe_cmd

            def bad():
                os.system(build_cmd(request.args["x"]))

            def good():
                os.system(safe_cmd(request.args["x"]))
            """,
    }))
    doc = _scan(tmp_path, "--no-cache")
    assert _found(doc) == {("DF002", "app/views.py", 6)}
    bad = next(f for f in doc["findings"] if f["path"] == "app/views.py")
    flow = [(loc["path"], loc["line"], loc["message"]) for loc in bad["code_flows"][0]]
    assert flow[0] == ("app/views.py", 6, "Source: request.args")
    assert ("app/views.py", 6, "passed to build_cmd() as 'x'") in flow
    assert ("app/util.py", 3, "parameter 'x' of build_cmd()") in flow
    assert ("app/util.py", 4, "returned from build_cmd()") in flow
    assert flow[-1][:2] == ("app/views.py", 6)


def test_helper_returning_a_source_from_another_module(tmp_path):
    write(tmp_path, _dedent({
        "app/util.py": """            from flask import request

            def user_arg(name):
                value = request.args[name]
                return value
            """,
        "app/tasks.py": """            import os
            import sys
            from app.util import user_arg

            def run():
                os.system(user_arg("x"))
                os.system(sys.argv[1])
            """,
    }))
    doc = _scan(tmp_path, "--no-cache")
    assert _found(doc) == {("DF002", "app/tasks.py", 6), ("DF002", "app/tasks.py", 7)}
    f = next(f for f in doc["findings"] if f["line"] == 6)
    flow = [(loc["path"], loc["line"]) for loc in f["code_flows"][0]]
    assert flow[0] == ("app/util.py", 4) and ("app/util.py", 5) in flow and flow[-1] == ("app/tasks.py", 6)
    assert "app/util.py line 4" in f["message"]


def test_unresolvable_import_and_broken_callee(tmp_path):
    write(tmp_path, _dedent({
        "app/broken.py": "def find_user(conn, name)\n    conn.execute('SELECT ' + name)\n",
        "app/views.py": """\
            import os
            from flask import request
            from app.broken import find_user
            from not_here.db import lookup

            def view(conn):
                find_user(conn, request.args["name"])
                lookup(conn, request.args["name"])
                os.system(request.args["cmd"])
            """,
    }))
    doc = _scan(tmp_path, "--no-cache")
    assert _found(doc) == {("DF002", "app/views.py", 9)}  # the caller is still analysed
    notes = [n for n in doc["notifications"] if n["path"] == "app/views.py"]
    assert any("app/broken.py" in n["message"] and "syntax error at line 1" in n["message"] for n in notes), notes


def test_suppression_on_the_sink_line_and_baseline(tmp_path):
    write(tmp_path, {"app/db.py": DB.replace("conn.execute(query)", "conn.execute(query)  # scanner: ignore[DF001]"),
                     "app/views.py": VIEWS})
    r = run_cli("scan", str(tmp_path), "--select", "data-flow", "--format", "json", "--no-cache")
    assert r.code == 0, r.err
    [f] = r.json()["findings"]
    assert (f["rule_id"], f["path"], f["line"]) == ("DF001", "app/db.py", 3) and f["suppressed"]
    # A pragma on the caller's line with the same number does not count for a sink in another file.
    write(tmp_path, {"app/db.py": DB, "app/views.py": VIEWS.replace("app = Flask(__name__)",
                                                                   "app = Flask(__name__)  # scanner: ignore")})
    r = run_cli("scan", str(tmp_path), "--select", "data-flow", "--format", "json", "--no-cache")
    assert r.code == 1 and not r.json()["findings"][0]["suppressed"]
    # baseline: the cross-module finding is known after `baseline create`
    base = tmp_path / "baseline.json"
    r = run_cli("baseline", "create", str(tmp_path), "--select", "data-flow", "-o", str(base))
    assert r.code == 0, r.err
    r = run_cli("scan", str(tmp_path), "--select", "data-flow", "--baseline", str(base), "--no-cache")
    assert r.code == 0, r.out + r.err


def test_cache_follows_the_callee(tmp_path):
    write(tmp_path, {"app/db.py": DB, "app/views.py": VIEWS})
    cold = _scan(tmp_path)
    assert _found(cold) == {("DF001", "app/db.py", 3)}
    assert _scan(tmp_path)["findings"] == cold["findings"]  # warm, unchanged
    # The callee starts using a parameterized query: the caller's cached result must not survive.
    write(tmp_path, {"app/db.py": DB.replace('query = "SELECT * FROM users WHERE name = \'%s\'" % name',
                                             'query = "SELECT * FROM users WHERE name = ?"')})
    assert _found(_scan(tmp_path)) == set()
    write(tmp_path, {"app/db.py": DB})
    assert _found(_scan(tmp_path)) == {("DF001", "app/db.py", 3)}
    # A module that did not exist when the caller was cached appears later.
    write(tmp_path, {"app/views.py": VIEWS.replace("app.db", "app.store")})
    assert _found(_scan(tmp_path)) == set()
    write(tmp_path, {"app/store.py": DB})
    assert _found(_scan(tmp_path)) == {("DF001", "app/store.py", 3)}


def test_parallel_scan_equals_serial(tmp_path):
    files = {"app/db.py": DB, "app/views.py": VIEWS}
    for i in range(30):  # enough files for the process pool
        files[f"app/v{i:02}.py"] = VIEWS.replace("def u():", f"def u{i}():").replace(
            'request.args["name"]', f'request.args["n{i}"]')
    write(tmp_path, files)
    one = run_cli("scan", str(tmp_path), "--select", "data-flow", "--format", "sarif", "--no-cache", "--jobs", "1")
    two = run_cli("scan", str(tmp_path), "--select", "data-flow", "--format", "sarif", "--no-cache", "--jobs", "2")
    assert one.code == two.code == 1
    strip = [json.loads(x.out)["runs"][0]["results"] for x in (one, two)]
    assert strip[0] == strip[1]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in strip[0]] == ["app/db.py"]


def test_staged_sees_the_index_and_keeps_a_flow_through_an_added_line(git_repo):
    write(git_repo, {"app/db.py": DB, "app/views.py": VIEWS.replace('    find_user(conn, request.args["name"])\n', "")
                     + "    pass\n"})
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "base")
    write(git_repo, {"app/views.py": VIEWS})  # the new call reaches the unchanged db.py
    git(git_repo, "add", "app/views.py")
    r = run_cli("scan", "--staged", "--select", "data-flow", "--format", "json", cwd=git_repo)
    assert r.code == 1, r.out + r.err
    assert _found(r.json()) == {("DF001", "app/db.py", 3)}
    # The work tree's db.py is fixed but not staged: the commit would still hold the flaw.
    write(git_repo, {"app/db.py": "def find_user(conn, name):\n    conn.execute('SELECT 1', (name,))\n"})
    r = run_cli("scan", "--staged", "--select", "data-flow", "--format", "json", cwd=git_repo)
    assert _found(r.json()) == {("DF001", "app/db.py", 3)}
    git(git_repo, "add", "app/db.py")
    r = run_cli("scan", "--staged", "--select", "data-flow", "--format", "json", cwd=git_repo)
    assert r.code == 0 and _found(r.json()) == set()


def test_diff_base_keeps_a_flow_through_a_changed_line(git_repo):
    old_views = VIEWS.replace('    find_user(conn, request.args["name"])\n', "    pass\n")
    write(git_repo, {"app/db.py": DB, "app/views.py": old_views})
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "base")
    git(git_repo, "checkout", "-q", "-b", "feature")
    write(git_repo, {"app/views.py": VIEWS})  # only the caller changes
    git(git_repo, "commit", "-q", "-am", "call find_user")
    r = run_cli("scan", "--diff-base", "main", "--select", "data-flow", "--format", "json", "--no-cache",
                cwd=git_repo)
    assert r.code == 1, r.out + r.err
    assert _found(r.json()) == {("DF001", "app/db.py", 3)}  # the sink's file did not change
    # Later work that touches neither the flow nor the sink does not report it again.
    git(git_repo, "checkout", "-q", "-b", "later")
    write(git_repo, {"app/other.py": "x = 1\n"})
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "unrelated")
    r = run_cli("scan", "--diff-base", "feature", "--select", "data-flow", "--format", "json", "--no-cache",
                cwd=git_repo)
    assert r.code == 0 and _found(r.json()) == set()
    full = run_cli("scan", "--select", "data-flow", "--format", "json", "--no-cache", cwd=git_repo)
    assert _found(full.json()) == {("DF001", "app/db.py", 3)}


def test_scanned_files_are_not_kept_alive_by_their_cross_module_sessions(tmp_path):
    # A session is cached per file context in a WeakKeyDictionary; a strong reference back to the
    # context kept every scanned file (source, ast, libcst tree) in memory for the whole scan.
    import gc

    from scanner.checks.dataflow import imports
    from scanner.config import Config
    from scanner.engine import scan_paths

    write(tmp_path, {"app/__init__.py": "", "app/db.py": DB, "app/views.py": VIEWS})
    result = scan_paths([tmp_path], Config(select=("data-flow",)), jobs=1)
    assert [(f.rule_id, f.path, f.line) for f in result.findings] == [("DF001", "app/db.py", 3)]
    gc.collect()
    assert len(imports._SESSIONS) == 0


def test_methods_of_classes_of_other_modules_are_followed(tmp_path):
    write(tmp_path, _dedent({
        "app/__init__.py": "",
        "app/dao.py": """\
            class Student:
                @staticmethod
                def find(conn, name):
                    return conn.execute("SELECT * FROM s WHERE name = '%s'" % name).fetchall()

                @classmethod
                def named(cls, conn, name):
                    return conn.execute("SELECT * FROM s WHERE name = '" + name + "'")

                def __init__(self, conn):
                    self.conn = conn

                def lookup(self, name):
                    return self.conn.execute(f"SELECT * FROM s WHERE name = '{name}'")

                def count(self, name):
                    return len(name)
            """,
        "app/views.py": """\
            import sqlite3
            from flask import Flask, request
            from app import dao
            from app.dao import Student

            app = Flask(__name__)


            @app.route("/s")
            def s():
                conn = sqlite3.connect("db")
                dao.Student.find(conn, request.args["a"])
                Student.named(conn, request.args["b"])
                Student(conn).lookup(request.args["c"])
                finder = Student(conn)
                finder.count(request.args["d"])
                return "ok"
            """,
    }))
    # Student.find is the project's method, not str.find (a sanitizer by name); count() reaches
    # no sink
    assert _found(_scan(tmp_path, "--no-cache")) == {
        ("DF001", "app/dao.py", 4), ("DF001", "app/dao.py", 8), ("DF001", "app/dao.py", 14)}


def test_a_request_wrapped_by_a_class_of_another_module_is_a_source(tmp_path):
    write(tmp_path, _dedent({
        "app/__init__.py": "",
        "app/params.py": """\
            class Params:
                def __init__(self, req):
                    self.req = req

                def get_param(self, name):
                    return self.req.args.get(name)

                def page_size(self):
                    return 20
            """,
        "app/views.py": """\
            import sqlite3
            from flask import Flask, request
            from app.params import Params

            app = Flask(__name__)


            @app.route("/s")
            def s():
                params = Params(request)
                db = sqlite3.connect("db")
                db.execute("SELECT * FROM t LIMIT %d" % params.page_size())
                db.execute("SELECT * FROM t WHERE n = '" + params.get_param("n") + "'")
                return "ok"
            """,
    }))
    doc = _scan(tmp_path, "--no-cache")
    assert _found(doc) == {("DF001", "app/views.py", 13)}
    assert _flow(doc, "DF001")[0] == ("app/params.py", 6)


def test_a_request_handler_whose_base_class_is_in_another_module(tmp_path):
    # the project's own BaseHandler(tornado.web.RequestHandler), re-exported by a package, then
    # subclassed elsewhere: self.get_argument() and the URL groups of get() are the client's
    write(tmp_path, _dedent({
        "app/__init__.py": "",
        "app/web/__init__.py": "from app.web.base import BaseHandler\n",
        "app/web/base.py": """\
            import tornado.web

            class BaseHandler(tornado.web.RequestHandler):
                def current(self):
                    return None
            """,
        "app/pages.py": """\
            import os
            from app.web import BaseHandler

            class Page(BaseHandler):
                def get(self, slug):
                    os.system("ls " + self.get_argument("dir"))
                    os.system("ls " + slug)

            class NotAHandler:
                def get(self, slug):
                    os.system("ls " + slug)
            """,
        "app/other.py": """\
            import os
            from app.helpers import Handler

            class Jobs(Handler):
                def get(self, slug):
                    os.system("ls " + slug + self.get_argument("x"))
            """,
        "app/helpers.py": """\
            class Handler:
                def get_argument(self, name):
                    return "fixed"
            """,
    }))
    assert _found(_scan(tmp_path, "--no-cache")) == {("DF002", "app/pages.py", 6), ("DF002", "app/pages.py", 7)}
