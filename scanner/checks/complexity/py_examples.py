"""Rule examples of CX001 / CX002 for Python (the constructs of ``py_order``, ``py_loops``,
``py_recursion`` and ``py_search``). They are part of the rules' ``VALID`` / ``INVALID`` lists
(``nested_loops.py`` adds them, with ``ts_examples`` for the other languages), so they are run as
tests like every example; they are cases we wrote, not evidence of accuracy on real code."""

from __future__ import annotations

from scanner.rule import Invalid, Valid

# code shared by several examples (each rule shows it from its side)
TRIPLE_LOOP = """
    def f(a):
        for x in a:
            for y in a:
                for z in a:
                    print(x, y, z)
    """
DOUBLE_LOOP = """
    def f(a):
        for x in a:
            for y in a:
                print(x, y)
    """
# a plan that searches the graph from each node, deduplicated with a list (tests/test_complexity.py too)
GRAPH_PLAN = """
    class Graph:
        def plan(self, start):
            seen, stack = [], [start]
            while stack:
                node = stack.pop()
                seen.append(node)
                stack.extend(self.parents[node])
            return seen
        def full_plan(self, nodes):
            plan = []
            for node in nodes:
                for m in self.plan(node):
                    if m not in plan:
                        plan.append(m)
            return plan
    """
# a derived level between two independent ones (tests/test_complexity.py reads its related locations)
DERIVED_BETWEEN = """
    def f(groups, others, seen: list):
        for g in groups:
            for item in g.items:
                for o in others:
                    if o in seen:
                        print(item)
    """
# a removal of the loop's own item from the list it walks (CX002 invalid: each removal rescans the list;
# CX001 valid with a loop around the call: that loop multiplies the scan, not the removals)
DROP_INDEX = """
    class Editor:
        def drop_index(self, name):
            for sql in list(self.deferred_sql):
                if sql.references_index(name):
                    self.deferred_sql.remove(sql)
    """
# cycle detection by DFS: the inner stack receives each node of `todo` once (CX001 valid, CX002 invalid:
# `node in stack` rescans the path)
WORKLIST_TRANSFER = """
    def ensure_not_cyclic(nodes, children):
        todo = set(nodes)
        while todo:
            node = todo.pop()
            stack = [node]
            while stack:
                top = stack[-1]
                for child in children[top]:
                    if child in stack:
                        raise ValueError(child)
                    if child in todo:
                        stack.append(child)
                        todo.remove(child)
                        break
                else:
                    stack.pop()
    """
TEST_TRIPLE_LOOP = """
    def test_slicing(self):
        for i in self.cases:
            for j in self.cases:
                for k in self.cases:
                    check(i, j, k)
    """

CX001_VALID = [
    Valid("""
        def f(a, b):
            for x in a:
                for y in b:
                    print(x, y)
        """),
    # membership in a set built with set() / a literal / a comprehension is not a loop
    Valid("""
        def f(a, b):
            seen = set(b)
            lookup = {k: 1 for k in b}
            for x in a:
                for y in a:
                    if x in seen or y in lookup or x in {1, 2}:
                        pass
        """),
    # parameters annotated as set / Mapping
    Valid("""
        from typing import Mapping
        def f(a, s: set[int], m: Mapping[str, int]):
            for x in a:
                for y in a:
                    if x in s and y in m:
                        pass
        """),
    # constant-bounded loops do not count
    Valid("""
        def f(a):
            for i in range(3):
                for axis in ("x", "y", "z"):
                    for x in a:
                        for y in a:
                            print(i, axis, x, y)
        """),
    Valid("""
        COLORS = ["red", "green"]
        def f(a):
            for c in COLORS:
                for x in a:
                    for y in a:
                        print(c, x, y)
        """),
    # a name or class attribute only ever assigned a number bounds range()
    Valid("""
        class T:
            limit = 3
            def test(self, a):
                n = 4
                for i in range(self.limit + 1):
                    for j in range(-n, n):
                        for x in a:
                            for y in a:
                                print(i, j, x, y)
        """),
    # sequential loops add, they do not multiply
    Valid("""
        def f(a):
            for x in a:
                for y in a:
                    print(x, y)
            for z in a:
                for w in a:
                    print(z, w)
        """),
    # a while loop bounded by a constant
    Valid("""
        def f(a):
            tries = 0
            while tries < 5:
                for x in a:
                    for y in a:
                        print(x, y)
                tries += 1
        """),
    # recursion is guarded
    Valid("""
        def walk(node):
            for child in node.children:
                walk(child)
        """),
    # a nested function that is never called does not run in its parent
    Valid("""
        def f(a):
            for x in a:
                def g(b):
                    for y in b:
                        pass
                print(x)
        """),
    # a block that ends in break / return / raise runs at most once per loop
    Valid("""
        def f(a, names: list[str]):
            message = "not found"
            for x in a:
                for y in a:
                    if x == y:
                        message += " did you mean %s?" % y
                        if y in names:
                            names.remove(y)
                        break
            return message
        """),
    # a loop whose body always returns runs once
    Valid("""
        def f(a):
            for x in a:
                for y in a:
                    for z in a:
                        return x, y, z
        """),
    # searching a separator in a string of unknown type is not counted
    Valid("""
        def f(perms, app_label):
            for p in perms:
                for q in perms:
                    if p[: p.index(".")] == q[: q.count("/")]:
                        pass
        """),
    # a worklist traversal: the loop over each popped item's children is amortised
    Valid("""
        def walk(root):
            stack = [root]
            while stack:
                node = stack.pop()
                for child in node.children:
                    for item in child.items:
                        stack.append(item)
        """),
    # min/max of two values is O(1)
    Valid("""
        def f(a, b):
            for x in a:
                for y in b:
                    print(max(x, y), min(len(a), 3))
        """),
    # constant-bounded loops and Set.has / Set.contains in other languages
    Valid("""
        function f(a, s) {
          for (let i = 0; i < 10; i++) {
            for (const x of a) { for (const y of a) { if (s.has(y)) { console.log(i, x); } } }
          }
        }
        """, path="example.js"),
    Valid("""
        class A {
            void f(List<String> a, Set<String> s) {
                for (String x : a) {
                    for (String y : a) { if (s.contains(y)) { } }
                }
            }
        }
        """, path="Example.java"),
    Valid("""
        package p
        func f(a []int) {
        	for i := 0; i < 3; i++ {
        		for _, x := range a {
        			for _, y := range a { _ = x + y + i }
        		}
        	}
        }
        """, path="example.go"),
    # a loop whose body always returns runs once (JS, Go, Java alike)
    Valid("""
        function first(a) {
          for (const x of a) { for (const y of a) { for (const z of a) { return [x, y, z]; } } }
        }
        """, path="example.js"),
    # minified JavaScript is not reported
    Valid("function f(a){for(const x of a){for(const y of a){for(const z of a){g(x,y,z)}}}}"
          + ";var pad" * 400 + "\n", path="vendor.min.js"),
    # the threshold is configurable
    Valid(TRIPLE_LOOP, threshold=4),
    # dependent iteration: loops over an item's parts add up to the nested structure (O(n))
    Valid("""
        def steps(findings):
            for f in findings:
                for flow in f.code_flows:
                    for step in flow:
                        print(step)
        """),
    Valid("""
        import os
        def names(root):
            for dirpath, dirs, files in os.walk(root):
                for n in files:
                    for part in n.split("."):
                        print(dirpath, part)
        """),
    # ... through a local assigned from the item, and through a call that receives the item
    Valid("""
        def uses(scopes):
            for scope in scopes:
                assigns = scope.assignments.items()
                for name, nodes in assigns:
                    if any(n.references for n in nodes):
                        print(name)
        """),
    Valid("""
        def flow_steps(finding):
            return [s for flow in finding.code_flows for s in flow]
        def render(findings):
            return [flow_steps(f) for f in findings]
        """),
    Valid("""
        function steps(findings) {
          for (const f of findings) {
            for (const flow of f.codeFlows) { for (const step of flow) { console.log(step); } }
          }
          findings.forEach(f => f.fixes.forEach(fix => fix.edits.forEach(e => console.log(e))));
        }
        """, path="example.js"),
    Valid("""
        package p
        func walk(pkgs []Pkg) {
        	for _, p := range pkgs {
        		files := p.Files
        		for _, f := range files {
        			for _, d := range f.Decls { _ = d }
        		}
        	}
        }
        """, path="example.go"),
    Valid("""
        class A {
            void f(List<Pkg> pkgs) {
                for (Pkg p : pkgs) { for (File f : p.files()) { for (Decl d : f.decls) { use(d); } } }
            }
        }
        """, path="Example.java"),
    # module-level int constants (and len() of a literal tuple) bound range() like literals;
    # so does a parameter whose default is one
    Valid("""
        MAX_ROUNDS = 100
        KINDS = ("a", "b", "c")
        def f(a, rounds=MAX_ROUNDS):
            for _ in range(MAX_ROUNDS):
                for x in a:
                    for y in a:
                        print(x, y)
            for i in range(len(KINDS)):
                for x in a:
                    for y in a:
                        print(i, x, y)
            for _ in range(rounds):
                for x in a:
                    for y in a:
                        print(x, y)
        """),
    # a caller that only calls an O(n^3) function is not reported again (the callee is)
    Valid("""
        def helper(a):
            return [1]
        def f(a):
            return helper(a)
        """),
    # string += on a local str: CPython extends it in place (amortised O(len(piece)))
    Valid("""
        def f(rows, columns):
            s = ""
            for row in rows:
                for cell in columns:
                    for c in cell:
                        s += str(c)
            return s
        """),
    # work on an error path (a block that ends in raise) runs once: it is no level
    Valid("""
        def f(a, b):
            for x in a:
                for y in b:
                    if x == y:
                        names = [n for n in a if n not in b]
                        raise ValueError(names)
        """),
    # os.remove() deletes a file; it is not list.remove()
    Valid("""
        import os
        def f(dirs, names):
            for d in dirs:
                for n in names:
                    os.remove(n)
        """),
    # the inner loop draws from the outer loop's iterator: each item is taken once
    Valid("""
        def f(xs, ys):
            it = iter(xs)
            for a in it:
                for b in it:
                    for y in ys:
                        print(a, b, y)
        """),
    # chunks of one list: range(0, len(rows), k) with rows[i:i + k] visits every row once
    Valid("""
        def f(rows, cols, k):
            for i in range(0, len(rows), k):
                for row in rows[i:i + k]:
                    for c in cols:
                        print(row, c)
        """),
    # a table of the module's class (`Registry.table`, a literal) is fixed: no level
    Valid("""
        class Registry:
            table = {int: "i", str: "s", list: "l"}
        def f(a, b):
            for x in a:
                for y in b:
                    for t, name in Registry.table.items():
                        print(x, y, t, name)
        """),
    # a setting (an ALL_CAPS attribute) and an attribute defaulting to a constant are fixed
    Valid("""
        DEFAULT = ("username", "email")
        class Validator:
            def __init__(self, attributes=DEFAULT):
                self.attributes = attributes
            def check(self, a, b):
                dirs = settings.FIXTURE_DIRS
                for x in a:
                    for y in b:
                        for d in dirs:
                            for name in self.attributes:
                                print(x, y, d, name)
        """),
    # what a function returns from the item is the item's part: dependent iteration
    Valid("""
        def f(models, users):
            for model in models:
                for perm in permissions_of(model):
                    for u in users:
                        print(perm, u)
        """),
    # a loop that sleeps on every pass is paced by the clock, not by data
    Valid("""
        import time
        def watch(files, users):
            while not done():
                for f in files:
                    for u in users:
                        print(f, u)
                time.sleep(1)
        """),
    # session 4: each removal of a loop's own item from the list it walks happens once per element over
    # the whole run, so the outer loop around the call multiplies the scan, not the removals (O(n^2))
    Valid(DROP_INDEX.rstrip() + """
        def alter(self, index_names):
            for index_name in index_names:
                self.drop_index(index_name)
    """),
    # `if j == i:` on the inner loop's own index runs on one pass of it: the shift is per outer pass
    Valid("""
        def headers(columns, ordering):
            for i, name in enumerate(columns):
                primary = []
                for j, col in enumerate(ordering):
                    if j == i:
                        primary.insert(0, col)
                    else:
                        primary.append(col)
                print(name, primary)
        """),
    # the error a pass raised (`except ... as e`) holds that pass's messages: its parts add up
    Valid("""
        def clean(fields, value):
            errors = []
            for i, field in enumerate(fields):
                try:
                    field.clean(value[i])
                except ValueError as e:
                    errors.extend(m for m in e.messages if m not in errors)
            return errors
        """),
    # a table that outlives the call, extended up to n: each entry is computed once over all calls
    Valid("""
        FACT = [1]
        def fact(n):
            while len(FACT) <= n:
                FACT.append(FACT[-1] * len(FACT))
            return FACT[n]
        def pascal(n):
            for i in range(n):
                for j in range(i):
                    print(fact(i) // fact(j))
        """),
    # the inner worklist only receives items the outer one gives up: each item enters it once
    Valid(WORKLIST_TRANSFER),
    # test code is not reported: its loops run over the data written in the test
    Valid(TEST_TRIPLE_LOOP, path="tests/test_slicing.py"),
]

CX001_INVALID = [
    Invalid(TRIPLE_LOOP, 3),
    # list membership inside a double loop
    Invalid("""
        def f(a):
            out = []
            for x in a:
                for y in a:
                    if y not in out:
                        out.append(y)
        """, 4),
    # parameter annotated as a list; tuple() result
    Invalid("""
        def f(a, items: list[int]):
            for x in a:
                for y in a:
                    if x in items:
                        pass
        """, 3),
    # comprehensions: each for clause is a level
    Invalid("""
        def f(a):
            return [(x, y, z) for x in a for y in a for z in a]
        """, 3),
    Invalid("""
        def f(a):
            for x in a:
                total = sum(y * z for y in a for z in a)
        """, 3),
    # itertools.product(a, b, c) is three levels
    # three different collections: their product is the data's size, reported with `report-all`
    Invalid("""
        import itertools
        def f(a, b, c):
            for x, y, z in itertools.product(a, b, c):
                print(x, y, z)
        """, 4, **{"report-all": True}),
    # triples of one collection
    Invalid("""
        import itertools
        def f(a):
            for x, y, z in itertools.product(a, repeat=3):
                print(x, y, z)
        """, 4),
    Invalid("""
        from itertools import product
        def f(a):
            for t in product(a, repeat=3):
                print(t)
        """, 4),
    # a derived level adds, but the independent levels around and below it still multiply
    Invalid(DERIVED_BETWEEN, 3),
    # range(i) is not derived from i: the triangle loop is quadratic
    Invalid("""
        def f(a):
            for i in range(len(a)):
                for j in range(i):
                    for x in a:
                        print(j, x)
        """, 3),
    # a module-level int constant bounds range(); a parameter without a constant default does not
    Invalid("""
        LIMIT = 3
        def f(a, rounds):
            for _ in range(LIMIT):
                print(a)
            for _ in range(rounds):
                for x in a:
                    for y in a:
                        print(x, y)
        """, 6),
    Invalid("""
        function f(a, b, c) {
          for (const x of a) {
            for (const y of b) { for (const z of x.items) { if (c.includes(z)) { g(y); } } }
          }
        }
        """, 3, path="example.js"),
    Invalid("""
        package p
        func f(a []T, b []T, c []int) {
        	for _, x := range a {
        		for _, y := range b {
        			for _, z := range x.Items {
        				if slices.Contains(c, z) { _ = y }
        			}
        		}
        	}
        }
        """, 4, path="example.go"),
    # while loops count
    Invalid("""
        def f(a):
            while a:
                a = a[1:]
                for x in a:
                    for y in a:
                        print(x, y)
        """, 3),
    # list.index / count / remove / insert(0) / pop(0) inside a double loop
    Invalid("""
        def f(a, names):
            for x in a:
                for y in a:
                    print(names.index(y))
        """, 3),
    Invalid("""
        def f(a):
            queue = list(a)
            for x in a:
                for y in a:
                    queue.remove(y)
        """, 4),
    Invalid("""
        def f(a):
            queue = []
            for x in a:
                for y in a:
                    queue.insert(0, y)
        """, 4),
    Invalid("""
        def f(a):
            for x in a:
                queue = list(a)
                while queue:
                    queue.pop(0)
        """, 3, **{"report-all": True}),
    # sorted() / .sort() / sum / min / max / any / all over a collection inside a double loop
    Invalid("""
        def f(a):
            for x in a:
                for y in a:
                    print(sorted(a), max(a))
        """, 3),
    Invalid("""
        def f(a, b):
            for x in a:
                for y in a:
                    if any(b) or all(b):
                        b.sort()
        """, 3),
    # substring search on a known string
    Invalid("""
        def f(a):
            text = "".join(a)
            for x in a:
                for y in a:
                    if y in text:
                        pass
        """, 4),
    # a loop calling a same-module function that loops twice
    Invalid("""
        def pairs(a):
            return [(x, y) for x in a for y in a]
        def f(a):
            for x in a:
                pairs(a)
        """, 5),
    # methods of the same class through self
    Invalid("""
        class C:
            def __init__(self):
                self.items = []
            def has(self, x):
                return x in self.items
            def run(self, a):
                for x in a:
                    for y in a:
                        self.has(y)
        """, 8),
    # a nested function called in the loop
    Invalid("""
        def f(a):
            def inner(b):
                return [y for y in b]
            for x in a:
                for y in a:
                    inner(a)
        """, 5),
    # module top level
    Invalid("""
        data = load()
        for x in data:
            for y in data:
                for z in data:
                    print(x, y, z)
        """, 3),
    # a `continue` keeps the loop going past a block that ends in return
    Invalid("""
        def f(a):
            for x in a:
                for y in a:
                    if x is None:
                        continue
                    for z in a:
                        print(z)
                    return y
        """, 3),
    # a counter that grows is not a constant bound
    Invalid("""
        class T:
            size = 0
            def add(self):
                self.size += 1
            def test(self, a):
                for i in range(self.size):
                    for x in a:
                        for y in a:
                            print(i, x, y)
        """, 7),
    # JavaScript / TypeScript: loops, callbacks, .includes, same-file calls
    Invalid("""
        function f(a, b) {
          for (const x of a) {
            a.forEach(y => { if (b.includes(y)) { console.log(x); } });
          }
        }
        """, 3, path="example.js"),
    Invalid("""
        function pairs(a: number[]) { return a.flatMap(x => a.map(y => [x, y])); }
        function g(a: number[]) { for (const x of a) { pairs(a); } }
        """, 3, path="example.ts"),
    # Go: range loops, slices.Contains, receiver methods
    Invalid("""
        package p
        func f(a []int) {
        	for _, x := range a {
        		for _, y := range a {
        			if slices.Contains(a, y) { _ = x }
        		}
        	}
        }
        """, 4, path="example.go"),
    # Java: List.contains inside a double loop
    Invalid("""
        class A {
            void f(List<String> a) {
                for (String x : a) {
                    for (String y : a) { if (a.contains(y)) { } }
                }
            }
        }
        """, 4, path="Example.java"),
    # one self-call on a smaller input around quadratic work is cubic
    Invalid("""
        def peel(rows):
            if not rows:
                return 0
            total = 0
            for r in rows:
                for c in rows:
                    total += r * c
            return total + peel(rows[1:])
        """, 9),
    # lower threshold
    Invalid(DOUBLE_LOOP, 3, threshold=2),
    # a same-file search from the item returns more than the item's parts: a level
    Invalid(GRAPH_PLAN, 12),
    # test code is reported when the option asks for it
    Invalid(TEST_TRIPLE_LOOP, 3, path="tests/test_slicing.py", tests=True),
]

CX002_VALID = [
    # a module-level string literal is a fixed table, and so is a slice of it
    Valid("""
        _hexdig = "0123456789ABCDEFabcdef"
        _hextobyte = {(a + b).encode(): bytes.fromhex(a + b) for a in _hexdig[8:] for b in _hexdig}
        """),
    # a search that resumes from its last result walks the sequence once over the loop
    Valid("""
        def positions(pool, element):
            i = 0
            for e in element:
                i = pool.index(e, i)
                print(i)
        """),
    # a set literal that is later grown is still a set: membership is O(1)
    Valid("""
        def tables(rows, views):
            types = {"t"}
            if views:
                types.add("v")
            return [r for r in rows if r.type in types]
        """),
    # pairs of two different configured lists (databases x formats) are rows x columns
    Valid("""
        import itertools
        def targets(databases, formats):
            return [".".join(c) for c in itertools.product(databases, formats)]
        """),
    # the Z-function: each z[i] starts from the window the loop keeps, whose right end only moves forward
    Valid("""
        def z_function(s):
            z = [0] * len(s)
            left, right = 0, 0
            for i in range(1, len(s)):
                if i <= right:
                    z[i] = min(right - i + 1, z[i - left])
                while i + z[i] < len(s) and s[z[i]] == s[i + z[i]]:
                    z[i] += 1
                if i + z[i] - 1 > right:
                    left, right = i, i + z[i] - 1
            return z
        """),
    # a cycle walk that marks each slot it visits: every slot is marked once over all outer passes
    Valid("""
        def cycles(nxt):
            seen = [False] * len(nxt)
            count = 0
            for i in range(len(nxt)):
                u = i
                while not seen[u]:
                    seen[u] = True
                    u = nxt[u]
                count += 1
            return count
        """),
    # quickselect: the range moves past a random pivot (expected O(n) in all); the partition is the level
    Valid("""
        import random
        def partition(nums, left, right, pivot):
            while left <= right:
                if nums[left] < pivot:
                    left += 1
                else:
                    nums[left], nums[right] = nums[right], nums[left]
                    right -= 1
            return left
        def select(nums, k):
            left, right = 0, len(nums) - 1
            while left <= right:
                p = random.randint(left, right)
                i = partition(nums, left, right, nums[p])
                if i == k:
                    return nums[i]
                if i < k:
                    left = i + 1
                else:
                    right = i - 1
        """),
    # a level-order traversal that appends the items' children (and their values) to the next level
    Valid("""
        def levels(root):
            result, current = [], [root]
            while current:
                nxt, vals = [], []
                for node in current:
                    vals.append(node.val)
                    if node.left:
                        nxt.append(node.left)
                result.append(vals)
                current = nxt
            return result
        """),
    Valid("""
        def f(a):
            for x in a:
                print(x)
        """),
    # dict membership is O(1)
    Valid("""
        def f(a):
            seen = {}
            for x in a:
                if x not in seen:
                    seen[x] = 1
        """),
    # cubic is CX001's, not CX002's
    Valid(TRIPLE_LOOP),
    # constant-bounded inner loop
    Valid("""
        def f(a):
            for x in a:
                for i in range(10):
                    print(x, i)
        """),
    # dependent iteration is linear: the inner loop / scan runs over the outer item's parts
    Valid("""
        def f(groups):
            for name, members in groups.items():
                for m in sorted(members):
                    print(name, m)
            for g in groups.values():
                if "admin" in g.split(","):
                    print(g)
        """),
    Valid("""
        function f(groups) {
          for (const g of groups) { for (const m of g.members) { console.log(m); } }
          for (const g of groups) { if (g.tags.includes("x")) { console.log(g); } }
        }
        """, path="example.ts"),
    Valid("""
        package p
        func f(groups []Group) {
        	for _, g := range groups {
        		for _, m := range g.Members { _ = m }
        		if slices.Contains(g.Tags, "x") { return }
        	}
        	for k := range byName {
        		for _, v := range byName[k] { _ = v }
        	}
        }
        """, path="example.go"),
    # a call that leaves a flag parameter at its false default does not run `if flag:` blocks
    Valid("""
        class Ops:
            def add(self, op, beginning=False):
                if beginning:
                    self.ops.insert(0, op)
                else:
                    self.ops.append(op)
            def gen(self, items):
                for x in items:
                    self.add(x)
        """),
    # the element under the loop's key or index, and a local (re)assigned from the item
    Valid("""
        def f(d, rows, lookups):
            for k in d:
                for v in d[k]:
                    print(v)
            for i in range(len(rows)):
                for cell in rows[i]:
                    print(cell)
            for key, value in lookups.items():
                if callable(value):
                    value = value()
                print(",".join(str(x) for x in value))
        def g(shapes):
            for shape in shapes:
                geom = Geometry(shape.wkt)
                for poly in geom:
                    poly.srid = 4326
                    for ring in poly:
                        print(ring)
        """),
    Valid("""
        function f(elems, events) {
          let data;
          for (const elem of elems) { data = elem.data; for (const t in data.events) { g(t); } }
          for (const type in events) { for (const h of events[type]) { g(h); } }
        }
        """, path="example.js"),
    # a fixed word searched in a message is not a document scan; a selection of an item's parts
    # (a comprehension over them) is still its part
    Valid("""
        def f(errors, groups):
            for e in errors:
                if "timeout" in str(e):
                    print(e)
            for g in groups:
                picked = [m for m in g.members if m.active]
                for m in picked:
                    print(m)
        """),
    # a lookup keyed by the item (another table's group for it, a call with it) is the item's part
    Valid("""
        def f(d, groups, apps):
            for k in d:
                for v in groups[k]:
                    print(v)
            for key in d:
                state = apps.models[key, "x"]
                for c in state.constraints:
                    print(c)
            for label in d:
                for model in apps.get_app_config(label).get_models():
                    print(model)
        """),
    # a memoized callee is paid once per distinct argument, not once per call
    Valid("""
        import functools
        @functools.lru_cache(maxsize=None)
        def catalog(lang):
            return [line for line in open(lang)]
        def f(langs):
            for lang in langs:
                catalog(lang)
        """),
    Valid("""
        class Index:
            def facts(self, path):
                got = self._memo.get(path)
                if got is None:
                    got = self._memo[path] = [line for line in open(path)]
                return got
            def run(self, paths):
                for p in paths:
                    self.facts(p)
        """),
    # `+=` on the loop's own item builds a new short string each time: nothing accumulates
    Valid("""
        def labels(options):
            for label, needs_arg in options:
                if needs_arg:
                    label += "="
                print(label)
        """),
    # amortised inner loops add: a sliding window, a monotonic stack, a KMP failure link
    Valid("""
        def longest(nums, k):
            left = total = best = 0
            for right, x in enumerate(nums):
                total += x
                while total > k:
                    total -= nums[left]
                    left += 1
                best = max(best, right - left + 1)
            return best
        def next_greater(nums):
            out, stack = [-1] * len(nums), []
            for i, x in enumerate(nums):
                while stack and nums[stack[-1]] < x:
                    out[stack.pop()] = x
                stack.append(i)
            return out
        def prefix(pattern):
            fail, j = [-1] * len(pattern), -1
            for i in range(1, len(pattern)):
                while j >= 0 and pattern[j + 1] != pattern[i]:
                    j = fail[j]
                if pattern[j + 1] == pattern[i]:
                    j += 1
                fail[i] = j
            return fail
        """),
    # loops that halve, double or stop at a square root are not a level
    Valid("""
        def lookups(a, queries):
            for q in queries:
                lo, hi = 0, len(a)
                while lo < hi:
                    mid = (lo + hi) // 2
                    if a[mid] < q:
                        lo = mid + 1
                    else:
                        hi = mid
            for x in a:
                while x:
                    x //= 10
                i = 1
                while i < len(a):
                    i *= 2
                d = 2
                while d * d <= x:
                    d += 1
        """),
    # worklists: a heap popped in `while heap`, a breadth-first search by frontiers
    Valid("""
        import heapq
        def dijkstra(adj, src):
            dist, heap = {src: 0}, [(0, src)]
            while heap:
                d, u = heapq.heappop(heap)
                for v, w in adj[u]:
                    if d + w < dist.get(v, float("inf")):
                        dist[v] = d + w
                        heapq.heappush(heap, (d + w, v))
            return dist
        def levels(adj, src):
            q, seen = [src], {src}
            while q:
                nxt = []
                for u in q:
                    for v in adj[u]:
                        if v not in seen:
                            seen.add(v)
                            nxt.append(v)
                q = nxt
        """),
    # the same constructs in JavaScript / TypeScript, Go and Java: binary search, doubling,
    # a sliding window, a monotonic stack, a worklist, and rows[i] under an index loop
    Valid("""
        function f(a, queries, nums, k, adj, src, rows) {
          for (const q of queries) {
            let lo = 0, hi = a.length;
            while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < q) lo = mid + 1; else hi = mid; }
            for (let i = 1; i < a.length; i *= 2) { console.log(i); }
          }
          let left = 0, total = 0;
          for (let right = 0; right < nums.length; right++) {
            total += nums[right];
            while (total > k) { total -= nums[left]; left++; }
          }
          const stack = [];
          for (const x of nums) { while (stack.length && stack[stack.length - 1] < x) { stack.pop(); } stack.push(x); }
          const todo = [src];
          while (todo.length) { const node = todo.pop(); for (const v of adj[node]) { todo.push(v); } }
          for (let i = 0; i < rows.length; i++) { for (const c of rows[i]) { console.log(c); } }
        }
        """, path="example.js"),
    Valid("""
        package p
        func f(adj map[int][]int, src int, a []int, qs []int, nums []int, k int) {
        	queue := []int{src}
        	for len(queue) > 0 {
        		node := queue[0]
        		queue = queue[1:]
        		for _, v := range adj[node] {
        			queue = append(queue, v)
        		}
        	}
        	for _, q := range qs {
        		lo, hi := 0, len(a)
        		for lo < hi {
        			mid := (lo + hi) / 2
        			if a[mid] < q { lo = mid + 1 } else { hi = mid }
        		}
        	}
        	left, total := 0, 0
        	for right := 0; right < len(nums); right++ {
        		total += nums[right]
        		for total > k {
        			total -= nums[left]
        			left++
        		}
        	}
        }
        """, path="example.go"),
    Valid("""
        class A {
            int f(int[] a, int[] qs, int[] nums, int k) {
                for (int q : qs) {
                    int lo = 0, hi = a.length;
                    while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] < q) lo = mid + 1; else hi = mid; }
                }
                int left = 0, total = 0;
                for (int right = 0; right < nums.length; right++) {
                    total += nums[right];
                    while (total > k) { total -= nums[left]; left++; }
                }
                return total;
            }
        }
        """, path="Example.java"),
    # a self-call that re-enters with other arguments (a fallback) is not a level
    Valid("""
        def render(value, as_text=False):
            if not as_text and not isinstance(value, str):
                return render(str(value), as_text=True)
            return [c for c in value]
        """),
    # recursion: a tree traversal and a binary search on halves are linear or less
    Valid("""
        def total(node):
            if node is None:
                return 0
            return node.val + total(node.left) + total(node.right)
        def find(a, x, lo, hi):
            if lo >= hi:
                return -1
            mid = (lo + hi) // 2
            if a[mid] < x:
                return find(a, x, mid + 1, hi)
            return find(a, x, lo, mid)
        """),
    # rows x columns: each converter is applied to each row; the converters are a configured,
    # per-query list, and nothing would replace the inner loop (`report-all` reports it)
    Valid("""
        def apply(rows, converters):
            for row in rows:
                for conv in converters:
                    row = conv(row)
            return rows
        """),
    # draining a list built before the loop from the front is a memmove per pass, not a queue
    Valid("""
        def parse(bits):
            remaining = bits[2:]
            while remaining:
                option = remaining.pop(0)
                handle(option)
        """),
    # session 4 -----------------------------------------------------------------------------------
    # a collection this pass builds, one element at a time, walked at the same level: no new level
    Valid("""
        def deleted(models):
            for m in models:
                related = {}
                for f in m.fields:
                    if f.remote:
                        related[f.name] = f
                for name in sorted(related):
                    print(m, name)
        """),
    # a sliding window: the inner loop moves `left` on every pass and reads `s[left]`; `left` only
    # moves forward over the outer loop (every path shown: `report-all`)
    Valid("""
        def longest(s, k):
            cnt, left, best = {}, 0, 0
            for right in range(len(s)):
                cnt[s[right]] = cnt.get(s[right], 0) + 1
                while len(cnt) > k:
                    cnt[s[left]] -= 1
                    if not cnt[s[left]]:
                        del cnt[s[left]]
                    left += 1
                best = max(best, right - left + 1)
            return best
        """, **{"report-all": True}),
    # a tokenizer: the inner scan starts at the outer pointer and the outer one resumes past it
    Valid("""
        def quoted(text):
            index = 0
            while index < len(text):
                if text[index] != '"':
                    index += 1
                    continue
                end = index + 1
                while end < len(text) and text[end] != '"':
                    end += 1
                print(text[index:end])
                index = end + 1
        """),
    # runs of equal values: the outer pointer walks up to where the inner scan stopped
    Valid("""
        def runs(nums):
            i = 0
            while i < len(nums):
                j = i
                while j < len(nums) and nums[j] == nums[i]:
                    j += 1
                print(nums[i], j - i)
                while i < j:
                    i += 1
        """, **{"report-all": True}),
    # an empty class-level list that the class never grows: subclasses configure it
    Valid("""
        class Introspection:
            ignored_tables = []
            def tables(self, rows):
                return [r for r in rows if r[0] not in self.ignored_tables]
        """),
    # a comprehension over a literal or a configured table is as small as that table
    Valid("""
        import os
        def normalize(patterns):
            suffixes = {"%s*" % sep for sep in {"/", os.sep}}
            for p in patterns:
                for s in suffixes:
                    if p.endswith(s):
                        break
        """),
    Valid("""
        def fixture_dirs(apps, settings):
            dirs = [str(d) for d in settings.FIXTURE_DIRS]
            for app in apps:
                if app.path in dirs:
                    print(app)
        """),
    # `from string import ascii_uppercase` is the 26 letters
    Valid("""
        from string import ascii_uppercase
        def prefixes(starts):
            alphabet = ascii_uppercase
            for s in starts:
                print(alphabet.index(s))
        """),
    # a history capped by a constant slice holds at most 50 elements
    Valid("""
        class Stream:
            def __init__(self):
                self.history = []
            def unget(self, n):
                self.history = [n] + self.history[:49]
                return sum(x == n for x in self.history)
            def read(self, chunks):
                for c in chunks:
                    self.unget(c)
        """),
    # `*args` holds as many values as the call site writes
    Valid("""
        def discover(apps, *args):
            for app in apps:
                for module in args:
                    if module == app.name:
                        print(app)
        """),
    # a row of a fixed table, and a generator over `range(64)`, are fixed sizes
    Valid("""
        TESTS = [(2047, (2,)), (1373653, (2, 3))]
        def probable(n, check):
            for limit, bases in TESTS:
                if n < limit:
                    break
            else:
                bases = (check(i) for i in range(64))
            return all(check(n, b) for b in bases)
        def factor(todo, check):
            for n in todo:
                if probable(n, check):
                    print(n)
        """),
    # a match under `not` picks out every other element: the loop works on all of them, no search
    Valid("""
        def cells(rows, columns, pk):
            for row in rows:
                for name in columns:
                    if not (name == pk):
                        print(row[name])
        """),
    # the loop's own name normalised in the body (`name = opts.pk_name`) is still the item: its parts add
    Valid("""
        def spawns_duplicates(opts, path):
            for name in path.split("__"):
                if name == "pk":
                    name = opts.pk_name
                field = opts.get_field(name)
                if any(p.m2m for p in field.path_infos):
                    return True
            return False
        """),
    # a parameter's `[]` fallback holds no element: it does not make the caller's value a list
    Valid("""
        def parse(tokens, until=None):
            if until is None:
                until = []
            for token in tokens:
                if token in until:
                    return token
        """),
]

CX002_INVALID = [
    # a join by scanning: the inner loop looks for the user of each order (a dict would do it)
    Invalid("""
        def join(users, orders):
            for order in orders:
                for user in users:
                    if user.id == order.user_id:
                        order.user = user
                        break
        """, 3),
    # the inner loop rescans a list that the outer loop keeps growing (accumulate and rescan)
    Invalid("""
        def hidden(tables, hidden_tables):
            for name in tables:
                for prefix in hidden_tables[:]:
                    if name.startswith(prefix):
                        hidden_tables.append(name)
            return hidden_tables
        """, 3),
    # a generator in any() searches
    Invalid("""
        def missing(wanted, present):
            return [w for w in wanted if not any(p.name == w for p in present)]
        """, 3),
    # a list used as a queue: shifted from the front and grown by the same loop
    Invalid("""
        def bfs(root):
            queue = [root]
            seen = []
            while queue:
                node = queue.pop(0)
                seen.append(node)
                queue.extend(node.children)
            return seen
        """, 5),
    Invalid(DOUBLE_LOOP, 3),
    Invalid("""
        def dedupe(items):
            out = []
            for x in items:
                if x not in out:
                    out.append(x)
            return out
        """, 4),
    Invalid("""
        def f(a):
            return {x: [y for y in a] for x in a}
        """, 3),
    Invalid("""
        def f(a):
            for x in a:
                a.sort()
        """, 3),
    # two loops over the same item's parts multiply with each other (sum of |x.items|^2)
    Invalid("""
        def f(a):
            for x in a:
                for y in x.items:
                    for z in x.items:
                        print(y, z)
        """, 3),
    # ... but a call that passes the flag does
    Invalid("""
        class Ops:
            def add(self, op, beginning=False):
                if beginning:
                    self.ops.insert(0, op)
            def gen(self, items):
                for x in items:
                    self.add(x, beginning=True)
        """, 7, **{"report-all": True}),
    # the triangle of `range(i)` is a product (n^2 / 2), not the item's part
    Invalid("""
        def f(rows):
            for i in range(len(rows)):
                for j in range(i):
                    print(rows[i], rows[j])
        """, 3),
    # the item is only the membership's needle, not the collection: still a list scan
    Invalid("""
        def f(a, lst: list):
            for x in a:
                if x in lst:
                    print(x)
        """, 3),
    Invalid("""
        function f(a) {
          for (const x of a) { for (const y of x.items) { for (const z of x.items) { g(y, z); } } }
        }
        """, 3, path="example.js"),
    Invalid("""
        package p
        func f(a []T) {
        	for _, x := range a {
        		for _, y := range x.Items {
        			for _, z := range x.Items { _, _ = y, z }
        		}
        	}
        }
        """, 4, path="example.go"),
    # a retry loop that puts the items it could not handle back is no breadth-first search
    Invalid("""
        def order(pending, ready):
            while pending:
                deferred = []
                for item in pending:
                    if item.deps <= ready:
                        ready.add(item.name)
                    else:
                        deferred.append(item)
                pending = deferred
        """, 3),
    # a pointer reset on every pass is not amortised
    Invalid("""
        def runs(nums):
            for i in range(len(nums)):
                j = i
                while j < len(nums) and nums[j] == nums[i]:
                    j += 1
        """, 3),
    # a goroutine or an immediately invoked function runs where it is written: its loop nests
    Invalid("""
        package p
        func f(a []int) {
        	for _, x := range a {
        		go func() {
        			for _, y := range a { _ = x + y }
        		}()
        	}
        }
        """, 4, path="example.go"),
    Invalid("""
        function f(a) {
          for (const x of a) {
            (() => { for (const y of a) { console.log(x, y); } })();
          }
        }
        """, 3, path="example.js"),
    Invalid("""
        function runs(nums) {
          for (let i = 0; i < nums.length; i++) {
            let j = i;
            while (j < nums.length && nums[j] === nums[i]) { j++; }
          }
        }
        """, 3, path="example.js"),
    # one self-call on a smaller input around linear work: T(n) = T(n-1) + O(n)
    Invalid("""
        def peel(a):
            if not a:
                return 0
            return max(a) + peel(a[1:])
        """, 5),
    # memoised recursion: one call per state (i, j)
    Invalid("""
        import functools
        def lcs(a, b):
            @functools.cache
            def go(i, j):
                if i == len(a) or j == len(b):
                    return 0
                if a[i] == b[j]:
                    return 1 + go(i + 1, j + 1)
                return max(go(i + 1, j), go(i, j + 1))
            return go(0, 0)
        """, 9),
    # a dict made inside the call for de-duplication is no memo: the callee's loop counts
    Invalid("""
        def names(row):
            seen = {}
            for col in row:
                if col in seen:
                    continue
                seen[col] = True
            return seen
        def check(rows, header):
            for row in rows:
                names(header)
        """, 10, **{"report-all": True}),
    # session 4: removing the loop's own item from the list it walks scans that list on each removal
    Invalid(DROP_INDEX, 4),
    # the DFS path is a list: `child in stack` rescans it for every edge
    Invalid(WORKLIST_TRANSFER, 4),
]
