"""Complexity of JavaScript, Go and Java through the real CLI: what n is (`bound`), recursion and
CX005, shadowed callbacks, size switches, exit blocks, constant tables and items passed to helpers.
These are cases we wrote (regression tests), not evidence of accuracy on real code."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import run_cli, write

JS = textwrap.dedent("""\
    function iteratee(value) {
      for (const a of value) { for (const b of value) { console.log(a, b); } }
    }
    function arrayMap(array, iteratee) {
      const out = [];
      for (let i = 0; i < array.length; i++) { out.push(iteratee(array[i])); }
      return out;
    }
    function pairs(rows, cols) {
      let index = -1;
      const length = rows.length;
      while (++index < length) {
        let j = cols.length;
        while (j--) { console.log(rows[index], cols[j]); }
      }
    }
    function fib(n) {
      return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
    function shrink(a, n) {
      if (n <= 1) return;
      for (let i = 0; i < n - 1; i++) { console.log(a[i]); }
      shrink(a, n - 1);
    }
    const LARGE = 200;
    function uniq(array) {
      const length = array.length;
      if (length >= LARGE) { return [...new Set(array)]; }
      const seen = [];
      for (let i = 0; i < length; i++) {
        let k = seen.length;
        while (k--) { if (seen[k] === array[i]) { break; } }
        seen.push(array[i]);
      }
      return seen;
    }
    function assign(object, sources) {
      for (let i = 0; i < sources.length; i++) {
        const props = Object.keys(sources[i]);
        for (let p = 0; p < props.length; p++) { object[props[p]] = sources[i][props[p]]; }
      }
    }
    """)

GO = textwrap.dedent("""\
    package p

    var methods = []string{"GET", "POST"}

    func (r *Router) Match(req *Request) bool {
    \tfor _, route := range r.routes {
    \t\tif route.Match(req) {
    \t\t\tfor _, m := range r.middlewares {
    \t\t\t\treq.Handler = m.Wrap(req.Handler)
    \t\t\t}
    \t\t\treturn true
    \t\t}
    \t}
    \treturn false
    }

    func spawn(jobs []Job, workers []Worker) {
    \tfor _, j := range jobs {
    \t\tgo func() {
    \t\t\tfor _, w := range workers {
    \t\t\t\tw.Do(j)
    \t\t\t}
    \t\t}()
    \t}
    }

    func allowed(rs []string) {
    \tfor _, r := range rs {
    \t\tfor _, m := range methods {
    \t\t\t_ = r + m
    \t\t}
    \t}
    }

    func fib(n int) int {
    \tif n < 2 {
    \t\treturn n
    \t}
    \treturn fib(n-1) + fib(n-2)
    }
    """)

JAVA = textwrap.dedent("""\
    import java.util.*;

    class A {
        Map<Integer, Long> memo = new HashMap<>();
        long ways(int n) {
            if (n < 2) return 1;
            if (memo.containsKey(n)) return memo.get(n);
            memo.put(n, ways(n - 1) + ways(n - 2));
            return memo.get(n);
        }
        long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
        void sort(int[] a, int n) {
            if (n <= 1) return;
            for (int i = 0; i < n - 1; i++) { if (a[i] > a[n - 1]) { a[i] = a[n - 1]; } }
            sort(a, n - 1);
        }
    }
    """)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    root = tmp_path_factory.mktemp("cxts")
    # these tests read what n is on rows x columns products too, which only `report-all` reports
    # (the default reader rule is covered by the rule examples of ts_examples)
    options = "[rules.CX001]\nreport-all = true\n[rules.CX002]\nreport-all = true\n"
    write(root, {"a.js": JS, "p.go": GO, "A.java": JAVA, ".scanner.toml": options})
    run = run_cli("scan", str(root), "--select", "complexity", "--format", "sarif", "--no-cache")
    assert run.code == 1, run.err
    return {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"]): r
            for r in run.json()["runs"][0]["results"]}


def _at(results, path: str) -> set[tuple[str, int]]:
    return {(rule, line) for rule, p, line in results if p == path}


def test_a_parameter_shadows_a_same_file_function(results):
    # arrayMap's `iteratee` is its parameter: no cubic chain through the quadratic iteratee()
    assert ("CX002", "a.js", 2) in results  # iteratee() itself is quadratic
    assert not any(line in range(4, 9) for _, line in _at(results, "a.js"))


def test_while_loops_say_what_n_is(results):
    r = results[("CX002", "a.js", 12)]
    assert r["properties"]["bound"] == "O(len(rows) * len(cols))"
    assert r["message"]["text"].startswith("Function 'pairs' is O(n^2) = O(len(rows) * len(cols))")


def test_recursion_in_javascript(results):
    fib = results[("CX005", "a.js", 18)]
    assert fib["message"]["text"].startswith("Function 'fib' is exponential (O(2^n)): recursion fib() (line 18")
    assert fib["properties"]["bigO"] == "O(2^n)"
    shrink = results[("CX002", "a.js", 23)]  # n passes of a linear loop: the finding sits on the self-call
    assert "recursion shrink() (line 23, calls itself on a smaller input)" in shrink["message"]["text"]
    assert shrink["properties"]["bound"] == "O(n^2)"


def test_size_switch_and_keys_of_each_source_are_linear(results):
    assert not any(25 <= line <= 43 for _, line in _at(results, "a.js"))


def test_go_exit_block_goroutine_and_constant_table(results):
    found = _at(results, "p.go")
    assert not any(5 <= line <= 15 for _, line in found)  # the returning block runs once
    assert ("CX002", 18) in found  # a goroutine's loop runs once per job
    assert not any(27 <= line <= 33 for _, line in found)  # methods is a fixed table
    assert ("CX005", 39) in found


def test_java_memo_and_chain(results):
    found = _at(results, "A.java")
    assert not any(5 <= line <= 10 for _, line in found)  # memoised: one call per n
    assert ("CX005", 11) in found
    assert ("CX002", 15) in found
