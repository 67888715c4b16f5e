"""Every entry of the taint model (rules/dataflow/python.toml) is exercised by the DF rules' own examples.

Issue 5's bar: each source, sink and sanitizer kind has valid and invalid examples in the rule
tests. These tests read the model and the examples, so a new sink without examples fails here.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil

import pytest

import scanner.checks.dataflow as dataflow
from scanner.checks.dataflow.base import DataflowRule
from scanner.checks.dataflow.spec import load_spec
from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source

SPEC = load_spec()


def _rules() -> list[type[DataflowRule]]:
    out = []
    for info in pkgutil.iter_modules(dataflow.__path__):
        mod = importlib.import_module(f"{dataflow.__name__}.{info.name}")
        out += [o for o in vars(mod).values() if isinstance(o, type) and issubclass(o, DataflowRule)
                and o.sink_kind and o.__module__ == mod.__name__]
    return out


def _words(code: str) -> set[str]:
    """Every name and attribute an example's code uses."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Attribute):
            out.add(node.attr)
        elif isinstance(node, ast.Name):
            out.add(node.id)
        elif isinstance(node, ast.alias):
            out.update(node.name.split("."))
    return out


# (sink kind of the rule, "valid" | "invalid", words used)
EXAMPLES = [(rule.sink_kind, kind, _words(ex.code))
            for rule in _rules() for kind, group in (("valid", rule.VALID), ("invalid", rule.INVALID))
            for ex in group]


def _used(kind: str, names: frozenset[str], methods: frozenset[str], sink_kind: str | None = None) -> bool:
    want = {n.rsplit(".", 1)[-1] for n in names} | set(methods)
    return any(k == kind and sink_kind in (None, sk) and words & want for sk, k, words in EXAMPLES)


def test_the_rules_are_found():
    # "session" sinks are assignments (sessions.py), not calls of the spec
    assert {r.sink_kind for r in _rules()} == {s.kind for s in SPEC.sinks} | {"session"}


@pytest.mark.parametrize("sink", SPEC.sinks, ids=lambda s: f"{s.kind}:{s.what}")
@pytest.mark.parametrize("kind", ["valid", "invalid"])
def test_each_sink_has_examples(sink, kind):
    assert _used(kind, sink.names, sink.methods, sink.kind), f"no {kind} example of its rule uses this sink"


@pytest.mark.parametrize("source", SPEC.sources, ids=lambda s: s.what)
def test_each_source_has_an_invalid_example(source):
    assert _used("invalid", source.names, source.methods)


@pytest.mark.parametrize("cleaner", SPEC.sanitizers + SPEC.guards,
                         ids=lambda c: (sorted(c.names or c.methods)[0].rsplit(".", 1)[-1] if c.names or c.methods
                                        else "pattern:" + "/".join(sorted(c.clears))))
def test_each_sanitizer_and_guard_has_a_valid_example(cleaner):
    if cleaner.pattern is not None:  # a name pattern: some valid example calls a function so named
        assert any(k == "valid" and any(cleaner.pattern.search(w) for w in words) for _, k, words in EXAMPLES)
    else:
        assert _used("valid", cleaner.names, cleaner.methods)


# How each request attribute is read in real handlers; every attribute of the model needs one.
READS = {
    "args": 'request.args["p"]', "form": 'request.form.get("p")', "values": 'request.values["p"]',
    "json": 'request.json["p"]', "data": "request.data.decode()", "get_json": 'request.get_json()["p"]',
    "get_data": "request.get_data(as_text=True)", "stream": "request.stream.read()",
    "files": 'request.files["p"].read()', "headers": 'request.headers.get("X-P")',
    "cookies": 'request.cookies["p"]', "query_string": "request.query_string.decode()",
    "view_args": 'request.view_args["p"]', "environ": 'request.environ["QUERY_STRING"]',
    "input_stream": "request.input_stream.read()", "GET": 'request.GET["p"]', "POST": 'request.POST["p"]',
    "COOKIES": 'request.COOKIES["p"]', "FILES": 'request.FILES["p"].read()',
    "META": 'request.META["HTTP_X_P"]', "body": "request.body.decode()", "read": "request.read()",
    "readline": "request.readline()", "readlines": 'b"".join(request.readlines())',
    "query_params": 'request.query_params["p"]', "path_params": 'request.path_params["p"]',
    "form_data": 'request.form_data["p"]', "query": 'request.query.get("p")',
    "match_info": 'request.match_info["p"]', "post": '(await request.post())["p"]',
    "text": "await request.text()", "content": "await request.content.read()",
    "multipart": "(await (await request.multipart()).next()).name",
    "url": "str(request.url)", "full_path": "request.full_path",
    "base_url": "request.base_url", "uri": "request.uri", "path": "request.path", "path_info": "request.path_info",
    "arguments": 'request.arguments["p"][0].decode()', "query_arguments": 'request.query_arguments["p"][0]',
    "body_arguments": 'request.body_arguments["p"][0]', "params": 'request.params["p"]',
    "matchdict": 'request.matchdict["p"]', "json_body": 'request.json_body["p"]',
    "get_param": 'request.get_param("p")', "get_header": 'request.get_header("X-P")',
    "media": 'request.media["p"]', "forms": 'request.forms.get("p")',
    "get_media": '(await request.get_media())["p"]', "bounded_stream": "request.bounded_stream.read().decode()",
    "get_param_as_list": 'request.get_param_as_list("p")[0]', "rel_url": "str(request.rel_url)",
    "raw_path": "request.raw_path",
}


def test_every_request_attribute_has_a_read():
    assert set(READS) == set(SPEC.request_attributes)


@pytest.mark.parametrize("attribute", sorted(SPEC.request_attributes))
def test_each_request_attribute_is_a_source(attribute):
    code = f"def handler(request):\n    value = {READS[attribute]}\n    return eval(value)\n"
    plan = make_plan(Config(select=("DF003",)))
    result = scan_source(Source.from_bytes("views.py", code.encode()), plan)
    assert [(f.rule_id, f.line) for f in result.findings] == [("DF003", 3)]


from scanner.checks.dataflow.django_views import HANDLER_CLASS_METHODS  # noqa: E402

# A request-handler class: `self` is the request (http.server, socketserver, Tornado).
HANDLER_READS = {
    "path": "self.path", "headers": 'self.headers["X-P"]', "rfile": "self.rfile.read(10).decode()",
    "requestline": "self.requestline", "raw_requestline": "self.raw_requestline.decode()",
    "path_args": "self.path_args[0]", "path_kwargs": 'self.path_kwargs["slug"]',
}


@pytest.mark.parametrize("attribute", sorted(HANDLER_READS))
def test_each_handler_attribute_is_a_source(attribute):
    from scanner.checks.dataflow.django_views import HANDLER_CLASS_ATTRS

    assert attribute in HANDLER_CLASS_ATTRS
    code = ("from http.server import BaseHTTPRequestHandler\n"
            "class Handler(BaseHTTPRequestHandler):\n"
            f"    def do_GET(self):\n        value = {HANDLER_READS[attribute]}\n        eval(value)\n")
    plan = make_plan(Config(select=("DF003",)))
    result = scan_source(Source.from_bytes("server.py", code.encode()), plan)
    assert [(f.rule_id, f.line) for f in result.findings] == [("DF003", 5)]


def test_handler_attributes_of_other_classes_are_not_sources():
    code = ("class Config:\n    def load(self):\n        eval(self.path)\n"
            "class Handler(Base):\n    def do_GET(self):\n        eval(self.headers)\n")
    plan = make_plan(Config(select=("DF003",)))
    assert [(f.rule_id, f.line) for f in scan_source(Source.from_bytes("server.py", code.encode()), plan).findings] == []


@pytest.mark.parametrize("method", sorted(HANDLER_CLASS_METHODS))
def test_each_handler_method_is_a_source(method):
    code = ("import tornado.web\n"
            "class Handler(tornado.web.RequestHandler):\n"
            f"    def post(self):\n        value = self.{method}('q')\n        eval(value)\n"
            "class Other:\n"
            f"    def post(self):\n        eval(self.{method}('q'))\n")
    plan = make_plan(Config(select=("DF003",)))
    result = scan_source(Source.from_bytes("server.py", code.encode()), plan)
    assert [(f.rule_id, f.line) for f in result.findings] == [("DF003", 5)]


def test_every_handler_attribute_has_a_read():
    from scanner.checks.dataflow.django_views import HANDLER_CLASS_ATTRS

    assert set(HANDLER_READS) == set(HANDLER_CLASS_ATTRS)


def test_the_requests_own_url_is_no_redirect_source():
    code = ("from flask import redirect, request\n"
            "def login():\n    return redirect(request.url + '?next=1')\n")
    plan = make_plan(Config(select=("DF008",)))
    assert [(f.rule_id, f.line) for f in scan_source(Source.from_bytes("views.py", code.encode()), plan).findings] == []


@pytest.mark.parametrize("entry", SPEC.entry_points, ids=lambda e: e.source)
def test_each_entry_point_is_a_source_by_its_parameters_alone(entry):
    params = ", ".join(entry.params)
    code = (f"def main({params}):\n    value = {entry.source}['QUERY_STRING']\n    eval(value)\n"
            f"class App:\n    def __call__(self, {params}):\n        eval({entry.source}.get('HTTP_X'))\n"
            f"def other({params}, extra):\n    eval({entry.source}['QUERY_STRING'])\n")
    plan = make_plan(Config(select=("DF003",)))
    result = scan_source(Source.from_bytes("app.py", code.encode()), plan)
    assert [(f.rule_id, f.line) for f in result.findings] == [("DF003", 3), ("DF003", 6)]
    in_test = scan_source(Source.from_bytes("tests/test_app.py", code.encode()), plan)
    assert [(f.rule_id, f.line) for f in in_test.findings] == []
