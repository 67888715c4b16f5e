"""Tree-sitter lint (JS/TS/TSX, Go, Java) end to end through the real CLI, user packs and their
errors, and the engine's own guarantees (one combined query, no parse when no rule wants a file)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import run_cli, write

from scanner.checks.lint import treesitter_queries as tsq
from scanner.checks.lint.ts_filters import FILTERS, go_default_name, secret_words
from scanner.config import Config, ConfigError
from scanner.context import FileContext
from scanner.engine import make_plan, scan_source
from scanner.source import Source

TREE = {
    "web/app.js": """\
        const { exec } = require('child_process');
        function render(el, user) {
          el.innerHTML = '<b>' + user.name + '</b>';
          if (user.id == 0) { debugger; }
          exec('ls ' + user.home);
        }
        """,
    "web/util.ts": """\
        export function run(code: string): unknown {
          if (code != null) {
            return eval(code);
          }
          return new Function('return ' + code)();
        }
        """,
    "web/View.tsx": """\
        export const View = ({ html }: { html: string }) => (
          <div dangerouslySetInnerHTML={{ __html: html }} />
        );
        """,
    "svc/main.go": """\
        package main

        import (
        \t"crypto/tls"
        \t"os/exec"
        )

        func main() {
        \t_ = &tls.Config{InsecureSkipVerify: true}
        \t_ = exec.Command("bash", "-c", "echo hi").Run()
        }
        """,
    "svc/Auth.java": """\
        import java.security.MessageDigest;

        class Auth {
          void run(String user) throws Exception {
            Runtime.getRuntime().exec("id " + user);
            MessageDigest.getInstance("MD5");
          }
        }
        """,
    "notes.txt": "eval(x) and InsecureSkipVerify: true in prose are not code\n",
}

EXPECTED = {
    ("web/app.js", 3, "JS004"), ("web/app.js", 4, "JS006"), ("web/app.js", 4, "JS005"), ("web/app.js", 5, "JS008"),
    ("web/util.ts", 3, "JS001"), ("web/util.ts", 5, "JS002"),
    ("web/View.tsx", 2, "JS009"),
    ("svc/main.go", 9, "GO002"), ("svc/main.go", 10, "GO001"),
    ("svc/Auth.java", 5, "JV001"), ("svc/Auth.java", 6, "JV002"),
}


def _tree(root: Path, files: dict[str, str]) -> Path:
    return write(root, {name: textwrap.dedent(text) for name, text in files.items()})


def _found(run) -> set[tuple[str, int, str]]:
    return {(f["path"], f["line"], f["rule_id"]) for f in run.json()["findings"]}


def test_cli_reports_each_language_at_the_right_lines(tmp_path):
    root = _tree(tmp_path / "proj", TREE)
    run = run_cli("scan", "--select", "JS,GO,JV", "--format", "json", "-j", "1", str(root), cwd=root)
    assert run.code == 1, run.err
    assert _found(run) == EXPECTED
    assert not run.json()["notifications"]


def test_cli_sarif_carries_rule_metadata(tmp_path):
    root = _tree(tmp_path / "proj", TREE)
    run = run_cli("scan", "--select", "GO002,JV002", "--format", "sarif", str(root), cwd=root)
    assert run.code == 1, run.err
    driver = run.json()["runs"][0]["tool"]["driver"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert "external/cwe/cwe-295" in rules["GO002"]["properties"]["tags"]
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
               for r in run.json()["runs"][0]["results"]}
    assert results == {("GO002", 9), ("JV002", 6)}


def test_inline_suppression_applies_to_query_rules(tmp_path):
    root = _tree(tmp_path / "proj", {"a.js": "debugger; // scanner: ignore[JS005]\n\ndebugger;\n"})
    run = run_cli("scan", "--select", "JS005", "--format", "json", str(root), cwd=root)
    assert {(f["line"], bool(f["suppressed"])) for f in run.json()["findings"]} == {(1, True), (3, False)}


USER_PACK = """\
languages = ["javascript", "typescript"]

[[rule]]
id = "JS900"
name = "no-alert"
summary = "alert() call"
message = "`{fn}` blocks the page"
keywords = ["alert"]
query = '''
((call_expression function: (identifier) @fn) @report (#eq? @fn "alert"))
'''
valid = [{ code = "notify('x');\\n" }]
invalid = [{ code = "alert('x');\\n", lines = [1] }]
"""


def test_user_pack_from_config_is_loaded_and_runs(tmp_path):
    root = _tree(tmp_path / "proj", {
        "a.ts": "const n: number = 1;\nalert(n);\n",
        "packs/mine.toml": USER_PACK,
        ".scanner.toml": 'treesitter-packs = ["packs/mine.toml"]\n',
    })
    run = run_cli("scan", "--select", "JS900", "--format", "json", str(root), cwd=root)
    assert run.code == 1, run.err
    assert _found(run) == {("a.ts", 2, "JS900")}
    assert run.json()["findings"][0]["message"] == "`alert` blocks the page"


@pytest.mark.parametrize("broken,expected", [
    ("(call_expression function: (identifer) @fn) @report", "does not compile for javascript"),
    ("((call_expression) @report", "does not compile for javascript"),
    ("(call_expression function: (identifier) @fn)", "no @report capture"),
    ("((call_expression function: (identifier) @fn) @report (#tainted? @fn))", "unknown predicate '#tainted?'"),
    ("(jsx_attribute) @report", "does not compile for typescript"),
])
def test_user_pack_query_error_is_a_config_error(tmp_path, broken, expected):
    pack = USER_PACK.replace('((call_expression function: (identifier) @fn) @report (#eq? @fn "alert"))', broken)
    pack = pack.replace("message = \"`{fn}` blocks the page\"\n", "")
    root = _tree(tmp_path / "proj", {
        "a.js": "alert(1);\n",
        "packs/mine.toml": pack,
        ".scanner.toml": 'treesitter-packs = ["packs/mine.toml"]\n',
    })
    run = run_cli("scan", "--format", "json", str(root), cwd=root)
    assert run.code == 2
    assert "Traceback" not in run.err
    assert "mine.toml" in run.err and "JS900" in run.err and expected in run.err, run.err


def test_message_naming_an_uncaptured_placeholder_is_a_config_error(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text(USER_PACK.replace("{fn}", "{callee}"), "utf-8")
    with pytest.raises(ConfigError, match=r"message names \{callee\}"):
        tsq.load_pack(pack)


def test_broken_code_still_gets_its_other_findings(tmp_path):
    root = _tree(tmp_path / "proj", {"bad.js": "function ( {\n\ndebugger;\nconst x = eval(y);\n"})
    run = run_cli("scan", "--select", "JS001,JS005", "--format", "json", str(root), cwd=root)
    assert ("bad.js", 4, "JS001") in _found(run)


# ----- engine ------------------------------------------------------------------------------------


def _ctx(path: str, code: str, select: str) -> tuple[FileContext, object]:
    plan = make_plan(Config(select=(select,)))
    ctx = FileContext(Source.from_bytes(path, code.encode()), plan.config, plan.enabled)
    return ctx, plan


def test_file_that_no_rule_wants_is_not_parsed():
    ctx, plan = _ctx("a.js", "const total = items.length;\n", "JS")
    metas = tuple(m for m in plan.registry.metas.values() if m.id in plan.enabled)
    tsq.TreeSitterQueries(ctx, metas).check()
    assert "ts_tree" not in ctx.__dict__
    ctx, _ = _ctx("a.js", "debugger;\n", "JS")
    tsq.TreeSitterQueries(ctx, metas).check()
    assert "ts_tree" in ctx.__dict__ and [f.rule_id for f in ctx.findings] == ["JS005"]


def test_all_rules_of_a_language_run_as_one_query():
    rules = tuple(r for r in tsq.load_rules() if "java" in r.meta.languages)
    query, owners = tsq.combined_query("java", rules)
    assert query.pattern_count == len(owners) > len(rules)
    assert [o.meta.id for o in owners] == sorted(o.meta.id for o in owners)


def test_every_shipped_query_compiles_for_each_of_its_languages():
    # the shipped packs are not compiled at start-up (that is what this test is for)
    for rule in tsq.load_rules():
        tsq.check_compiles(rule.query, rule.meta.languages, rule.meta.id)


def test_patterns_of_the_combined_query_belong_to_their_rules():
    rules = tuple(r for r in tsq.load_rules() if "tsx" in r.meta.languages)
    _, owners = tsq.combined_query("tsx", rules)
    for rule in rules:
        alone, _ = tsq.combined_query("tsx", (rule,))
        assert sum(o is rule for o in owners) == alone.pattern_count, rule.meta.id


def test_javascript_rules_also_run_on_typescript_and_tsx():
    for rule in tsq.load_rules():
        if rule.meta.id.startswith("JS"):
            assert {"javascript", "tsx"} <= rule.meta.languages, rule.meta.id
            if "jsx" not in rule.query:
                assert "typescript" in rule.meta.languages, rule.meta.id


def test_every_pack_predicate_is_builtin_or_a_registered_filter():
    for rule in tsq.load_rules():
        for pred in tsq.predicates_of(rule.query):
            assert pred in tsq.BUILTIN_PREDICATES or pred in FILTERS, (rule.meta.id, pred)


def test_rule_metadata_from_packs():
    metas = {r.meta.id: r.meta for r in tsq.load_rules()}
    assert metas["GO002"].cwe == (295,) and "gosec:G402" in metas["GO002"].equivalents
    assert metas["JS001"].equivalents[0] == "eslint:no-eval"
    assert metas["JV003"].docs.startswith("## What it does")


@pytest.mark.parametrize("name,expected", [
    ("resetToken", True), ("API_KEY", True), ("make_nonce", True), ("sessionID", True),
    ("keyboard", False), ("monkey", False), ("jitter", False), ("tokenizer", False),
    ("alterNonceIdx", False), ("tokenLength", False), ("newSessionID", True), ("password_salt", True),
])
def test_secret_words(name, expected):
    assert secret_words(name) is expected


@pytest.mark.parametrize("path,name", [
    ("math/rand", "rand"), ("math/rand/v2", "rand"), ("os/exec", "exec"), ("gopkg.in/yaml.v3", "yaml.v3"),
])
def test_go_default_package_name(path, name):
    assert go_default_name(path) == name


def test_go_package_filter_follows_aliases_and_ignores_lookalikes():
    code = ('package main\n\nimport (\n\tcr "crypto/rand"\n\t"math/rand"\n)\n\n'
            'func newToken() {\n\t_ = rand.Int()\n\tcr.Read(nil)\n}\n')
    plan = make_plan(Config(select=("GO003",)))
    result = scan_source(Source.from_bytes("t.go", code.encode()), plan)
    assert [(f.rule_id, f.line) for f in result.findings] == [("GO003", 9)]


def test_editing_a_user_pack_invalidates_cached_results(tmp_path):
    root = _tree(tmp_path / "proj", {
        "a.js": "alert(1);\nconfirm(2);\n",
        "packs/mine.toml": USER_PACK,
        ".scanner.toml": 'treesitter-packs = ["packs/mine.toml"]\n',
    })
    first = run_cli("scan", "--select", "JS900", "--format", "json", str(root), cwd=root)
    assert _found(first) == {("a.js", 1, "JS900")}
    (root / "packs/mine.toml").write_text(USER_PACK.replace('"alert"', '"confirm"'), "utf-8")
    second = run_cli("scan", "--select", "JS900", "--format", "json", str(root), cwd=root)
    assert _found(second) == {("a.js", 2, "JS900")}


def test_loose_equality_is_opt_in(tmp_path):
    root = write(tmp_path / "proj", {"a.js": "if (input == 0) { go(); }\n"})
    default = run_cli("scan", "--format", "json", "--no-cache", str(root), cwd=root)
    assert not any(f["rule_id"] == "JS006" for f in default.json()["findings"])
    chosen = run_cli("scan", "--extend-select", "JS006", "--format", "json", "--no-cache", str(root), cwd=root)
    assert ("a.js", 1, "JS006") in _found(chosen)
