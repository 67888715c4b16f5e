"""Data-flow rules end to end: SARIF code flows through the real CLI, user specs, one analysis per file."""

from __future__ import annotations

import re
import textwrap

from conftest import run_cli, write

VULN = textwrap.dedent("""\
    import subprocess
    from flask import request

    def build(name):
        cmd = "convert " + name
        return cmd

    def run(cmd):
        subprocess.run(cmd, shell=True)

    def view():
        name = request.args["file"]
        run(build(name))
    """)


def test_sarif_code_flow_goes_from_source_through_callees_to_sink(tmp_path):
    write(tmp_path, {"app.py": VULN})
    r = run_cli("scan", str(tmp_path), "--select", "DF002", "--format", "sarif")
    assert r.code == 1, r.err
    run = r.json()["runs"][0]
    [res] = run["results"]
    assert res["ruleId"] == "DF002"
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    assert "request.args" in res["message"]["text"]
    steps = res["codeFlows"][0]["threadFlows"][0]["locations"]
    lines = [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps]
    messages = [s["location"]["message"]["text"] for s in steps]
    assert lines[0] == 12 and messages[0].startswith("Source: request.args")
    assert lines[-1] == 9 and messages[-1].startswith("Sink: subprocess.run()")
    assert 4 in lines and 5 in lines and 8 in lines  # through build() and into run()
    assert [s["executionOrder"] for s in steps] == list(range(1, len(steps) + 1))
    rule = next(x for x in run["tool"]["driver"]["rules"] if x["id"] == "DF002")
    assert "external/cwe/cwe-78" in rule["properties"]["tags"] and "security" in rule["properties"]["tags"]
    assert float(rule["properties"]["security-severity"]) > 9


def test_user_spec_adds_a_sink_and_a_sanitizer(tmp_path):
    write(tmp_path, {
        "app.py": textwrap.dedent("""\
            from flask import request
            from mylib.db import run_sql, clean_ident

            def a():
                run_sql("SELECT " + request.args["col"])

            def b():
                run_sql("SELECT " + clean_ident(request.args["col"]))
            """),
        "taint.toml": textwrap.dedent("""\
            [[sink]]
            kind = "sql"
            what = "run_sql"
            names = ["mylib.db.run_sql"]
            args = [0]

            [[sanitizer]]
            names = ["mylib.db.clean_ident"]
            clears = ["sql"]
            """),
        ".scanner.toml": 'dataflow-specs = ["taint.toml"]\n',
    })
    r = run_cli("scan", str(tmp_path), "--select", "data-flow", "--format", "json")
    assert r.code == 1, r.err
    found = [(f["rule_id"], f["line"]) for f in r.json()["findings"]]
    assert found == [("DF001", 5)]


def test_bad_user_spec_is_reported_not_a_crash(tmp_path):
    write(tmp_path, {
        "app.py": "from flask import request\nimport os\nos.system(request.args['x'])\n",
        "taint.toml": '[[sink]]\nkind = "nosuchkind"\n',
        ".scanner.toml": 'dataflow-specs = ["taint.toml"]\n',
    })
    r = run_cli("scan", str(tmp_path), "--select", "data-flow", "--format", "json")
    assert r.code == 2
    assert "taint.toml sink #1: 'kind' must be one of" in r.err


def test_one_analysis_serves_every_rule(monkeypatch):
    from scanner.checks.dataflow import taint
    from scanner.config import Config
    from scanner.engine import make_plan, scan_source
    from scanner.source import Source

    runs = []
    real_run = taint.FileAnalysis.run

    def counting_run(self):
        runs.append(1)
        return real_run(self)

    monkeypatch.setattr(taint.FileAnalysis, "run", counting_run)
    code = VULN + "\nimport os\nos.system(request.args['y'])\nopen(request.args['p'])\n"
    result = scan_source(Source.from_bytes("app.py", code.encode()), make_plan(Config(select=("DF",))))
    assert {f.rule_id for f in result.findings} == {"DF002", "DF005"}
    assert len(runs) == 1


def test_file_without_a_source_is_not_parsed(monkeypatch):
    from scanner import parsing
    from scanner.config import Config
    from scanner.engine import make_plan, scan_source
    from scanner.source import Source

    calls = []
    monkeypatch.setattr(parsing, "parse_cst", lambda src: calls.append(src) or None)
    code = "import subprocess\n\ndef f(cmd):\n    subprocess.run(cmd, shell=True)\n"
    scan_source(Source.from_bytes("tool.py", code.encode()), make_plan(Config(select=("DF",))))
    assert calls == []


def _scan_counting_parses(monkeypatch, code: str, path: str = "app.py"):
    from scanner import parsing
    from scanner.config import Config
    from scanner.engine import make_plan, scan_source
    from scanner.source import Source

    calls = []
    real = parsing.parse_cst

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parsing, "parse_cst", counting)
    result = scan_source(Source.from_bytes(path, code.encode()), make_plan(Config(select=("DF",))))
    return calls, result


UNRELATED = textwrap.dedent("""\
    import subprocess
    from flask import request

    def search():
        return request.args.get("q", "")

    def rebuild(cmd):
        subprocess.run(cmd, shell=True)
    """)


def test_source_that_cannot_reach_a_sink_skips_libcst(monkeypatch):
    calls, result = _scan_counting_parses(monkeypatch, UNRELATED)
    assert calls == []
    assert result.findings == ()


def test_source_reaching_a_sink_through_calls_is_analysed(monkeypatch):
    code = UNRELATED + "\ndef both():\n    rebuild(search())\n"
    calls, result = _scan_counting_parses(monkeypatch, code)
    assert calls == [1]
    assert [(f.rule_id, f.location.region.start_line) for f in result.findings] == [("DF002", 8)]


def test_module_level_source_reaches_a_function_through_a_global(monkeypatch):
    code = "import os, sys\n\nname = sys.argv[1]\n\ndef go():\n    os.system('ls ' + name)\n"
    calls, result = _scan_counting_parses(monkeypatch, code, "tool.py")
    assert calls == [1]
    assert [(f.rule_id, f.location.region.start_line) for f in result.findings] == [("DF002", 6)]


def test_method_source_reaches_a_sink_through_self(monkeypatch):
    code = textwrap.dedent("""\
        import subprocess

        class Handler:
            def handle(self, request):
                self.convert(request.POST["name"])

            def convert(self, name):
                subprocess.call("convert " + name, shell=True)

            def unrelated(self):
                subprocess.call("ls", shell=True)
        """)
    calls, result = _scan_counting_parses(monkeypatch, code)
    assert calls == [1]
    assert [(f.rule_id, f.location.region.start_line) for f in result.findings] == [("DF002", 8)]


def test_mock_patch_is_not_a_route(monkeypatch):
    code = textwrap.dedent("""\
        import subprocess
        from unittest import mock
        from fastapi import APIRouter
        router = APIRouter()

        @mock.patch("app.settings")
        def test_rebuild(settings, cmd="ls"):
            subprocess.run(cmd, shell=True)

        @router.patch("/items/{cmd}")
        def rebuild(cmd):
            subprocess.run(cmd, shell=True)
        """)
    _, result = _scan_counting_parses(monkeypatch, code)
    assert [(f.rule_id, f.location.region.start_line) for f in result.findings] == [("DF002", 12)]


def test_nested_function_reads_its_enclosing_source_but_not_the_other_way(monkeypatch):
    inner_source = textwrap.dedent("""\
        import subprocess

        def outer(cmd):
            subprocess.run(cmd, shell=True)

            class Handler:
                def handle(self, request):
                    return request.POST
        """)
    calls, result = _scan_counting_parses(monkeypatch, inner_source)
    assert calls == []
    outer_source = textwrap.dedent("""\
        import subprocess

        def outer(request):
            name = request.POST["name"]

            def inner():
                subprocess.run("convert " + name, shell=True)
            return inner
        """)
    calls, result = _scan_counting_parses(monkeypatch, outer_source)
    assert calls == [1]
    assert [(f.rule_id, f.location.region.start_line) for f in result.findings] == [("DF002", 7)]


def test_sink_called_with_literals_only_needs_no_analysis(monkeypatch):
    code = textwrap.dedent("""\
        import subprocess
        from pathlib import Path

        def view(request):
            name = request.GET["name"]
            subprocess.run("ls -l", shell=True)
            return name
        """)
    calls, _ = _scan_counting_parses(monkeypatch, code)
    assert calls == []
    calls, result = _scan_counting_parses(monkeypatch, code + "\ndef show(request):\n    return Path(request.GET['p']).read_text()\n")
    assert calls == [1]
    assert [(f.rule_id, f.location.region.start_line) for f in result.findings] == [("DF005", 10)]


def test_regex_guard_clears_only_the_kinds_its_characters_allow():
    from scanner.checks.dataflow.regex_guard import safe_kinds

    assert {"path", "command"} <= safe_kinds(r"^[a-z0-9_-]+$", 0, "match")
    assert "path" in safe_kinds(r"^[\w-]+\.pdf$", 0, "match")  # one dot, never two
    assert "path" not in safe_kinds(r"[\w./]+", 0, "fullmatch")  # allows ../ and /
    assert "path" not in safe_kinds(r"^[\w.]+$", 0, "match")  # allows ..
    assert safe_kinds(r"[a-z]+", 0, "match") == frozenset()  # not anchored at the end
    assert safe_kinds(r"\d+$", 0, "search") == frozenset()  # not anchored at the start
    assert safe_kinds(r"^[a-z]+$", re.M, "match") == frozenset()  # $ matches at any line end
    assert safe_kinds(r"^a|b$", 0, "match") == frozenset()  # each alternative anchored at one end
    assert "sql" in safe_kinds(r"\d+", 0, "fullmatch") and "sql" not in safe_kinds(r"[\w ']+", 0, "fullmatch")
    assert {"redirect", "ssrf"} <= safe_kinds(r"^https://api\.example\.com/.*$", 0, "match")
    assert "redirect" not in safe_kinds(r"^/[\w/]*$", 0, "match")  # //evil.example matches


def test_startswith_slash_needs_the_double_slash_check_too(tmp_path):
    code = textwrap.dedent("""\
        from flask import abort, redirect, request

        def a():
            nxt = request.args["next"]
            if not nxt.startswith("/"):
                abort(400)
            return redirect(nxt)

        def b():
            nxt = request.args["next"]
            if not nxt.startswith("/") or nxt.startswith("//"):
                abort(400)
            return redirect(nxt)
        """)
    write(tmp_path, {"app.py": code})
    r = run_cli("scan", str(tmp_path), "--select", "DF008", "--format", "json")
    assert [(f["rule_id"], f["line"]) for f in r.json()["findings"]] == [("DF008", 7)]


def test_django_views_are_told_from_helpers_by_calls_urlconfs_and_responses():
    import ast

    from scanner.checks.dataflow.django_views import django_views

    code = textwrap.dedent("""\
        from django.http import FileResponse, HttpResponse
        from django.urls import path
        from django.views import View

        def flatpage(request, url):
            return render_flatpage(request, lookup(url))

        def render_flatpage(request, f):
            return HttpResponse(f.content)

        def attachment(request, name):
            return FileResponse(open(name, "rb"))

        def audit(request, user):
            user.save()

        def listed(request, slug):
            return slug

        class Detail(View):
            def get(self, request, pk):
                return HttpResponse(pk)

            def helper(self, request, obj):
                return obj

        urlpatterns = [path("l/<slug>/", listed)]
        """)
    views = django_views(ast.parse(code), code, "pages/handlers.py", frozenset({"request"}))
    assert views == {
        ("flatpage", ("request", "url")): {"url"},  # not called here, builds a response (through a helper)
        ("attachment", ("request", "name")): {"name"},
        ("listed", ("request", "slug")): {"slug"},  # named in a URLconf
        ("get", ("self", "request", "pk")): {"pk"},  # a class-based view's handler
    }
    # a helper (called by flatpage), a function building no response outside a view module, a
    # method that is not an HTTP handler: none are views; in a views module `audit` is one, but
    # `user` is used as an object (user.save), so it is not URL data
    in_views = django_views(ast.parse(code), code, "pages/views.py", frozenset({"request"}))
    assert in_views[("audit", ("request", "user"))] == frozenset()
    # a test module: only its URLconf makes views (tests call their own views with their values)
    in_tests = django_views(ast.parse(code), code, "pages/tests.py", frozenset({"request"}))
    assert set(in_tests) == {("listed", ("request", "slug"))}


def test_sarif_cwe_tags_put_the_most_specific_first_and_hardening_notes_carry_none(tmp_path):
    write(tmp_path, {"app.py": VULN + "\nimport hashlib\nhashlib.md5(b'x')\n"
                     "subprocess.run('ls', shell=True)\neval(request.args['e'])\n"})
    r = run_cli("scan", str(tmp_path), "--no-cache", "--format", "sarif", "--extend-select", "PY038")
    rules = {x["id"]: x["properties"]["tags"] for x in r.json()["runs"][0]["tool"]["driver"]["rules"]}

    def cwes(rule_id):
        return [t for t in rules[rule_id] if t.startswith("external/cwe/")]

    assert cwes("DF003") == ["external/cwe/cwe-95", "external/cwe/cwe-94"]
    assert cwes("PY033") == ["external/cwe/cwe-328", "external/cwe/cwe-327"]
    assert cwes("PY038") == []
    assert cwes("DF013") == ["external/cwe/cwe-1336", "external/cwe/cwe-94"]


def test_each_result_carries_its_own_cwe_first_when_a_rule_reports_several_problems(tmp_path):
    write(tmp_path, {
        "site/settings.py": "DEBUG = True\nINSTALLED_APPS = []\n"
                            "PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\n",
        "site/views.py": "def login(resp):\n    resp.set_cookie('sid', 'x', secure=True)\n",
        "app.py": VULN,
    })
    r = run_cli("scan", str(tmp_path), "--no-cache", "--format", "sarif")
    got = {(x["ruleId"], x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            x["locations"][0]["physicalLocation"]["region"]["startLine"]): x["properties"]["tags"]
           for x in r.json()["runs"][0]["results"] if x["ruleId"].startswith("DF")}
    assert got[("DF015", "site/settings.py", 3)][:2] == ["external/cwe/cwe-916", "external/cwe/cwe-328"]
    assert got[("DF015", "site/settings.py", 1)] == ["external/cwe/cwe-489"]
    assert got[("DF014", "site/views.py", 2)] == ["external/cwe/cwe-1004"]
    assert any(k[0] == "DF002" and v == ["external/cwe/cwe-78"] for k, v in got.items())


def test_a_template_file_that_prints_a_value_unescaped_makes_its_render_call_an_xss_sink(tmp_path):
    write(tmp_path, {
        "app/__init__.py": "",
        "app/views.py": textwrap.dedent("""\
            from flask import Flask, request, render_template
            app = Flask(__name__)

            @app.route("/p")
            def profile():
                return render_template("profile.html", bio=request.args["bio"], name=request.args["name"])

            @app.route("/q")
            def plain():
                return render_template("plain.html", bio=request.args["bio"])

            @app.route("/r")
            def outside():
                return render_template("../secret.html", bio=request.args["bio"])
            """),
        "app/templates/profile.html": "<h1>{{ name }}</h1>\n<div>{{ bio|safe }}</div>\n",
        "app/templates/plain.html": "<div>{{ bio }}</div>\n",
        "app/secret.html": "{{ bio|safe }}\n",
        "shop/views.py": textwrap.dedent("""\
            from django.shortcuts import render

            def item(request):
                context = {"title": request.GET["t"], "note": request.GET["n"]}
                return render(request, "shop/item.html", context)
            """),
        "templates/shop/item.html": "{% autoescape off %}<h1>{{ title }}</h1>{% endautoescape %}\n<p>{{ note }}</p>\n",
    })
    r = run_cli("scan", str(tmp_path), "--select", "DF007", "--format", "json", "--no-cache")
    found = {(f["rule_id"], f["path"], f["line"]) for f in r.json()["findings"]}
    assert found == {("DF007", "app/views.py", 6), ("DF007", "shop/views.py", 5)}
    messages = " ".join(f["message"] for f in r.json()["findings"])
    assert "'bio' printed unescaped by app/templates/profile.html" in messages
    assert "'title' printed unescaped by templates/shop/item.html" in messages


def test_templates_it_includes_or_extends_are_read_with_the_same_context(tmp_path):
    # Rule-example style cases written here (not evidence of accuracy): page.html extends base.html,
    # which prints `banner` unescaped, and includes row.html, which prints `row` inside autoescape
    # false; base.html includes page.html back (a cycle ends); `../outside.html` is never read.
    write(tmp_path, {
        "app/__init__.py": "",
        "app/views.py": textwrap.dedent("""\
            from flask import Flask, request, render_template
            app = Flask(__name__)

            @app.route("/p")
            def page():
                return render_template("page.html", banner=request.args["b"], row=request.args["r"],
                                       title=request.args["t"], note=request.args["n"])

            @app.route("/l")
            def rows():
                return render_template("list.html", row=request.args["r"], note=request.args["n"])
            """),
        "app/templates/list.html": '<table>{% include "parts/row.html" %}</table>{% include "../outside.html" %}\n',
        "app/templates/page.html": '{% extends "base.html" %}{% block body %}{{ title }}'
                                   '{% include "parts/row.html" %}{% include "../outside.html" %}{% endblock %}\n',
        "app/templates/base.html": "<header>{{ banner|safe }}</header>{% block body %}{% endblock %}"
                                   "{% include 'page.html' %}\n",
        "app/templates/parts/row.html": "{% autoescape false %}<td>{{ row }}</td>{% endautoescape %}\n",
        "app/outside.html": "{{ note|safe }}\n",
    })
    r = run_cli("scan", str(tmp_path), "--select", "DF007", "--format", "json", "--no-cache")
    findings = r.json()["findings"]
    assert {(f["rule_id"], f["path"], f["line"]) for f in findings} == {("DF007", "app/views.py", 6),
                                                                         ("DF007", "app/views.py", 11)}
    messages = {f["line"]: f["message"] for f in findings}
    assert "'banner' printed unescaped by app/templates/base.html" in messages[6]
    assert "'row' printed unescaped by app/templates/parts/row.html" in messages[11]
