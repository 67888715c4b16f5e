"""The complexity family through the real CLI: orders, related locations, properties, messages,
the JS/TS/Go/Java adapters, the CX001/CX002 split, options from the config file, radon rules."""

from __future__ import annotations

import textwrap

import pytest

from scanner.checks.complexity.py_examples import DERIVED_BETWEEN, GRAPH_PLAN
from tests.conftest import run_cli, write

PY = textwrap.dedent("""\
    import itertools


    def helper(items):
        return [(a, b) for a in items for b in items]


    def f(groups, members, items: list[str]):
        for group in groups:
            for x in members:
                if x in items:
                    print(x)


    def g(data):
        for d in data:
            helper(data)


    def h(a, b, c):
        for t in itertools.product(a, a, a):
            print(t)


    def quadratic(a):
        out = []
        for x in a:
            if x not in out:
                out.append(x)
        return out
    """)

JS = textwrap.dedent("""\
    function pairs(a) {
      return a.map(x => a.filter(y => y !== x));
    }
    function f(a, b) {
      for (const x of a) {
        a.forEach(y => {
          if (b.includes(y)) { console.log(x); }
        });
      }
    }
    function g(a) {
      for (const x of a) { pairs(a); }
    }
    function bounded(a) {
      for (let i = 0; i < 10; i++) { for (const x of a) { console.log(i, x); } }
    }
    """)

GO = textwrap.dedent("""\
    package p

    import "slices"

    func f(a []int) {
    \tfor _, x := range a {
    \t\tfor _, y := range a {
    \t\t\tif slices.Contains(a, y) {
    \t\t\t\t_ = x
    \t\t\t}
    \t\t}
    \t}
    }

    func (r *T) has(x int) bool {
    \tfor _, y := range r.items {
    \t\tif y == x {
    \t\t\treturn true
    \t\t}
    \t}
    \treturn false
    }

    func (r *T) run(a []int) {
    \tfor _, x := range a {
    \t\tfor i := 0; i < 3; i++ {
    \t\t\tr.has(x + i)
    \t\t}
    \t}
    }
    """)

JAVA = textwrap.dedent("""\
    import java.util.*;

    class A {
        void f(List<String> a, Set<String> s) {
            for (String x : a) {
                for (String y : a) {
                    if (a.contains(y) || s.contains(x)) { }
                }
            }
        }
        void g(Set<String> s, List<String> a) {
            for (String x : a) {
                for (String y : a) {
                    if (s.contains(y)) { }
                }
            }
        }
        void h(List<String> a) {
            for (String x : a) {
                a.forEach(y -> System.out.println(y));
            }
        }
    }
    """)


@pytest.fixture(scope="module")
def sarif(tmp_path_factory):
    root = tmp_path_factory.mktemp("cx")
    write(root, {"app/mod.py": PY, "web/a.js": JS, "web/b.ts": JS, "go/p.go": GO, "java/A.java": JAVA})
    run = run_cli("scan", str(root), "--select", "complexity", "--format", "sarif", "--no-cache")
    assert run.code == 1, run.err
    results = run.json()["runs"][0]["results"]
    return {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"]): r for r in results}


def _related(result) -> list[tuple[int, str]]:
    return [(loc["physicalLocation"]["region"]["startLine"], loc["message"]["text"])
            for loc in result.get("relatedLocations", [])]


def test_python_membership_in_a_double_loop(sarif):
    r = sarif[("CX001", "app/mod.py", 9)]
    assert r["level"] == "warning"
    assert r["message"]["text"] == (
        "Function 'f' is O(n^3) = O(len(groups) * len(members) * len(items)): for group (line 9) > for x (line 10) > "
        "`x in items` (line 11, list membership)")
    assert r["properties"]["order"] == 3 and r["properties"]["bigO"] == "O(n^3)"
    assert r["properties"]["bound"] == "O(len(groups) * len(members) * len(items))"
    rel = _related(r)
    assert [line for line, _ in rel] == [9, 10, 11]
    assert rel[0][1].startswith("level 1: ") and rel[2][1].startswith("level 3: `x in items`")
    assert "linear scan" in rel[2][1]


def test_python_call_into_a_quadratic_helper(sarif):
    r = sarif[("CX001", "app/mod.py", 16)]
    assert "Function 'g' is O(n^3)" in r["message"]["text"]
    rel = _related(r)
    # the loop, the call site, then the helper's two comprehension clauses
    assert [line for line, _ in rel] == [16, 17, 5, 5]
    assert rel[1][1] == "calls `helper()`, which is O(n^2)"
    assert rel[3][1].startswith("level 3: ")
    # the helper itself is quadratic: CX002, a note
    assert sarif[("CX002", "app/mod.py", 5)]["level"] == "note"


def test_python_product_counts_one_level_per_iterable(sarif):
    r = sarif[("CX001", "app/mod.py", 21)]
    assert r["properties"]["order"] == 3
    assert _related(r)[0][1].startswith("levels 1-3: itertools.product over 3 iterables")


def test_python_quadratic_is_a_separate_rule(sarif):
    r = sarif[("CX002", "app/mod.py", 27)]
    assert r["level"] == "note"
    assert r["properties"]["bigO"] == "O(n^2)"
    assert r["message"]["text"].endswith("`x not in out` (line 28, list membership)")
    assert ("CX001", "app/mod.py", 27) not in sarif


@pytest.mark.parametrize("path", ["web/a.js", "web/b.ts"])
def test_javascript_and_typescript(sarif, path):
    f = sarif[("CX001", path, 5)]
    assert f["message"]["text"] == ("Function 'f' is O(n^3) = O(len(a)^2 * len(b)): for (const x of a) (line 5) > "
                                    "forEach() callback (line 6) > `b.includes(y)` (line 7, array or string search)")
    assert f["properties"]["bound"] == "O(len(a)^2 * len(b))" and f["properties"]["bigO"] == "O(n^3)"
    g = sarif[("CX001", path, 12)]
    assert [line for line, _ in _related(g)] == [12, 12, 2, 2]
    assert sarif[("CX002", path, 2)]["properties"]["order"] == 2  # map inside map
    assert not any(k[1] == path and k[2] == 15 for k in sarif)  # i < 10 is constant-bounded


def test_go(sarif):
    r = sarif[("CX001", "go/p.go", 6)]
    assert r["message"]["text"].endswith("`slices.Contains(a, y)` (line 8, slices.Contains scans the slice)")
    run = sarif[("CX002", "go/p.go", 25)]  # for x > (i < 3 is constant) > r.has() > for y
    assert run["message"]["text"].startswith("Method 'T.run' is O(n^2)")
    assert [line for line, _ in _related(run)] == [25, 27, 16]


def test_java(sarif):
    r = sarif[("CX001", "java/A.java", 5)]
    assert r["message"]["text"].endswith("`a.contains(y)` (line 7, contains() scans the list)")
    assert r["properties"]["order"] == 3
    assert ("CX001", "java/A.java", 12) not in sarif  # Set.contains is not a loop
    assert sarif[("CX002", "java/A.java", 12)]
    h = sarif[("CX002", "java/A.java", 19)]
    assert "forEach() callback (line 20)" in h["message"]["text"]


def test_thresholds_from_the_config_file(tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[tool.scanner.rules.nested-loops]\nthreshold = 2\n"
                          "[tool.scanner.rules.CX003]\nmax-complexity = 2\n",
        "m.py": "def f(a, b):\n    for x in a:\n        for y in b:\n            if x == y:\n                print(x)\n",
    })
    run = run_cli("scan", str(tmp_path), "--select", "complexity,CX003", "--format", "json", "--no-cache")
    found = {(f["rule_id"], f["line"]) for f in run.json()["findings"]}
    # threshold 2 makes the double loop CX001's; CX002 stops below CX001's threshold
    assert ("CX001", 2) in found and not any(r == "CX002" for r, _ in found)
    assert ("CX003", 1) in found


def test_ignoring_the_notes_keeps_the_warnings(tmp_path):
    write(tmp_path, {"m.py": PY})
    run = run_cli("scan", str(tmp_path), "--select", "CX", "--ignore", "quadratic-loops", "--format", "sarif",
                  "--no-cache")
    ids = {r["ruleId"] for r in run.json()["runs"][0]["results"]}
    assert ids == {"CX001"}


def test_maintainability_index_is_opt_in(tmp_path):
    dense = "def f(x, y, z):\n" + "".join(
        f"    if x == {i} and y > {i * 3} or z:\n        return {i} * y + z - {i}\n" for i in range(100))
    write(tmp_path, {"big.py": dense})
    default = run_cli("scan", str(tmp_path), "--format", "sarif", "--no-cache")
    assert "CX004" not in {r["ruleId"] for r in default.json()["runs"][0]["results"]}
    chosen = run_cli("scan", str(tmp_path), "--select", "CX004", "--format", "sarif", "--no-cache")
    (r,) = chosen.json()["runs"][0]["results"]
    assert r["ruleId"] == "CX004" and r["properties"]["maintainabilityIndex"] < 10
    assert r["properties"]["rank"] == "C"


def test_derived_levels_add_instead_of_multiplying(tmp_path):
    write(tmp_path, {
        "m.py": textwrap.dedent(DERIVED_BETWEEN).lstrip() + textwrap.dedent("""\


            def walk(findings):
                for f in findings:
                    for flow in f.code_flows:
                        for step in flow:
                            print(step)
            """),
        "w.js": "function w(a) {\n  a.forEach(x => x.items.forEach(y => y.kids.forEach(z => g(z))));\n}\n",
        "w.go": "package p\n\nfunc w(a []T) {\n\tfor _, x := range a {\n\t\tkids := x.Kids\n"
                "\t\tfor _, y := range kids {\n\t\t\tfor _, z := range y.Sub { _ = z }\n\t\t}\n\t}\n}\n",
    })
    run = run_cli("scan", str(tmp_path), "--select", "CX001,CX002", "--format", "sarif", "--no-cache")
    results = run.json()["runs"][0]["results"]
    found = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"]): r for r in results}
    r = found[("CX001", "m.py", 2)]
    assert "for item (line 3, derived from `for g` (line 2))" in r["message"]["text"]
    rel = _related(r)
    # the derived loop is listed, without a level number; the levels around it keep counting
    assert [line for line, _ in rel] == [2, 3, 4, 5]
    assert rel[0][1].startswith("level 1: ")
    assert rel[1][1].startswith("not a level: the `for` loop over `g.items` derives from the item of `for g`")
    assert rel[2][1].startswith("level 2: ") and rel[3][1].startswith("level 3: `o in seen`")
    # nested traversals are linear: nothing to report in any language
    assert set(found) == {("CX001", "m.py", 2)}


BOUNDS = textwrap.dedent("""\
    def same(rows):
        for i in range(len(rows)):
            for j in range(len(rows)):
                print(rows[i], rows[j])


    def nested(cube, names: list):
        for layer in cube:
            for row in layer:
                for x in row:
                    if x in names:
                        print(x)


    def fib(n):
        if n < 2:
            return n
        return fib(n - 1) + fib(n - 2)
    """)


def test_bounds_name_what_n_is_and_exponential_work_is_its_own_rule(tmp_path):
    write(tmp_path, {"b.py": BOUNDS})
    run = run_cli("scan", str(tmp_path), "--select", "complexity", "--format", "sarif", "--no-cache")
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r
               for r in run.json()["runs"][0]["results"]}
    same = results[("CX002", 2)]
    assert same["message"]["text"].startswith("Function 'same' is O(n^2) where n = len(rows): for i (line 2)")
    assert same["properties"]["bound"] == "O(len(rows)^2)"
    nested = results[("CX002", 8)]  # dependent iteration over the cube, times a list scan
    assert nested["properties"]["bound"] == "O(total items of cube * len(names))"
    fib = results[("CX005", 18)]
    assert fib["message"]["text"].startswith("Function 'fib' is exponential (O(2^n)): recursion fib() (line 18")
    assert fib["properties"]["bigO"] == "O(2^n)"
    assert not any(rule in ("CX001", "CX002") and line >= 15 for rule, line in results)


def test_cyclomatic_complexity_is_opt_in(tmp_path):
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(12))
    write(tmp_path, {"m.py": "def f(x):\n" + body + "    return -1\n"})
    default = run_cli("scan", str(tmp_path), "--format", "json", "--no-cache")
    assert not any(f["rule_id"] == "CX003" for f in default.json()["findings"])
    chosen = run_cli("scan", str(tmp_path), "--extend-select", "CX003", "--format", "json", "--no-cache")
    assert ("CX003", 1) in {(f["rule_id"], f["line"]) for f in chosen.json()["findings"]}


REAL_CODE = "import os\nimport time\n" + textwrap.dedent(GRAPH_PLAN) + textwrap.dedent("""\


    def retry(rows, cols):
        while True:
            name = ask()
            if name is not None:
                break
        for r in rows:
            for c in cols:
                if c == r:
                    print(r, c, name)


    def clean(names):
        for n in names:
            os.remove(n)


    def chunks(rows, k):
        for i in range(0, len(rows), k):
            for row in rows[i:i + k]:
                print(row)


    def walk(tree):
        todo = [tree]
        while todo:
            node = todo.pop()
            for key in keys_of(node):
                print(key)
            todo.extend(node.children)


    def check(x, a):
        if bad(x):
            raise ValueError([n for n in a if bad(n)])


    def fail(a):
        for x in a:
            check(x, a)


    def watch(files):
        while not stopped():
            for f in files:
                print(f)
            time.sleep(1)
    """)


def test_real_code_constructs(tmp_path):
    """Regression cases written by us for the causes the real-world triage named (not evidence of
    accuracy: see benchmarks/README.md for the numbers on code we did not write)."""
    write(tmp_path, {"g.py": REAL_CODE, "tests/test_g.py": REAL_CODE})
    lines = REAL_CODE.splitlines()
    plan_line = lines.index("        for node in nodes:") + 1
    retry_line = lines.index("    for r in rows:") + 1
    run = run_cli("scan", str(tmp_path), "--select", "CX001,CX002", "--format", "sarif", "--no-cache")
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"]): r
               for r in run.json()["runs"][0]["results"]}
    # a same-file search from the item returns more than the item's parts: three levels
    plan = results[("CX001", "g.py", plan_line)]
    assert plan["properties"]["bound"] == "O(len(nodes) * len(self.plan(node)) * len(plan))"
    # the retry loop is no level; the double loop (a search) after it is the function's quadratic path
    assert results[("CX002", "g.py", retry_line)]["properties"]["bound"] == "O(len(rows) * len(cols))"
    # os.remove, chunks, a function of the worklist item, error paths and a clock-paced loop: linear
    assert set(results) == {("CX001", "g.py", plan_line), ("CX002", "g.py", retry_line)}
    # the same code in a test file is not reported unless `tests = true`
    write(tmp_path, {"pyproject.toml": "[tool.scanner.rules.CX001]\ntests = true\n"})
    again = run_cli("scan", str(tmp_path), "--select", "CX001,CX002", "--format", "json", "--no-cache")
    where = {(f["rule_id"], f["path"], f["line"]) for f in again.json()["findings"]}
    assert ("CX001", "tests/test_g.py", plan_line) in where and ("CX002", "tests/test_g.py", retry_line) not in where
