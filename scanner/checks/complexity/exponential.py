"""CX005 exponential-work: recursion that branches without shrinking its input by a fraction or
remembering its results, and loops over every subset (``range(1 << n)``).

The analysis is CX001's (``order.py`` with ``py_recursion`` and ``py_loops``); this rule reports the
functions whose own code is exponential, which CX001 and CX002 never report as O(n^k).
"""

from __future__ import annotations

from scanner.checks.complexity.nested_loops import LANGUAGES, _OrderRule, file_orders
from scanner.checks.complexity.order import EXPONENTIAL, report_orders
from scanner.rule import Invalid, Valid


class ExponentialWork(_OrderRule):
    """## What it does
    Reports functions whose own work is exponential in the size of their input:

    - a function that calls itself two or more times per call (or once inside a loop) on inputs
      that shrink by a constant (`f(n - 1) + f(n - 2)`, `f(i + 1, ...)` in a loop), without a
      memo (`functools.cache`, `lru_cache`, a mapping or table outside the call that it reads back
      and stores into) and without marking what it visited for good (backtracking that undoes
      its marks after the call is exponential);
    - a loop over every subset: `for mask in range(1 << n)` / `range(2 ** len(xs))`.

    Recursion that is not exponential gets its order from the recurrence and is CX001's or CX002's
    to report: one self-call on a smaller input is one level, a traversal of a tree or graph
    (`f(node.left)`, `for v in adj[u]: f(v)`) one level, divide and conquer on halves
    (`f(lo, mid)`, a pivot split) n log n (counted as one level), memoised or visited-marking
    recursion one level per parameter that changes between calls.

    The result sits on the first self-call (or the loop); its message names the recursion, and
    `properties.bigO` is `"O(2^n)"`. A function that only calls an exponential function is not
    reported: the callee is.

    ## Why is this bad?
    Exponential work finishes on 20 items and never on 60. A memo (`@functools.cache`) or a
    bottom-up table usually makes it polynomial.

    ## Example
    ```python
    def fib(n):
        if n < 2:
            return n
        return fib(n - 1) + fib(n - 2)
    ```

    ## Use instead
    ```python
    import functools

    @functools.cache
    def fib(n):
        if n < 2:
            return n
        return fib(n - 1) + fib(n - 2)
    ```

    JavaScript, TypeScript, Go and Java get the same recurrences (`ts_recursion`): a memo is a `Map`,
    an object or a table outside the call that the function stores into and returns a read of
    (`memo.set(k, v)` / `return memo.get(k)`, Go's `if v, ok := memo[k]; ok { return v }`,
    `memo.put` / `containsKey`); a method calling itself on a part of its receiver
    (`child.count()` for each child) is a traversal; a split of a slice at the same index
    (`parse(tokens.slice(0, i))`, `parse(tokens.slice(i + 1))`) is divide and conquer.

    ## Known limits
    Loops over every subset are found in Python only. Recursion through another function (mutual recursion) is not followed. Pruning
    is not modelled: a backtracking search that a bound cuts short is still reported, and it is
    exponential in the worst case. A self-call on a part of a parameter (`node.left`) is taken as
    a traversal even when the same part is visited again through another path (a DAG without a
    memo).
    """

    code = "CX005"
    name = "exponential-work"
    level = "warning"
    summary = "Function does exponential work (branching recursion without a memo, a loop over every subset)"
    languages = LANGUAGES
    keywords = ()  # a recursive function needs no loop: every Python file
    VALID = [
        # memoised: one call per value of n
        Valid("""
            import functools
            @functools.cache
            def fib(n):
                return n if n < 2 else fib(n - 1) + fib(n - 2)
            """),
        # a memo table outside the call, read back before recursing
        Valid("""
            def count(n, memo):
                if n in memo:
                    return memo[n]
                memo[n] = n if n < 2 else count(n - 1, memo) + count(n - 2, memo)
                return memo[n]
            """),
        # a generator enumerating partitions: its work follows its output, which no memo shrinks (Python)
        Valid("""
            def partitions(items, k):
                if k == 1:
                    yield [items]
                elif len(items) == k:
                    yield [[x] for x in items]
                else:
                    first, *rest = items
                    for p in partitions(rest, k - 1):
                        yield [[first], *p]
                    for p in partitions(rest, k):
                        for i in range(len(p)):
                            yield p[:i] + [[first] + p[i]] + p[i + 1:]
            """),
        # a tree traversal visits each node once
        Valid("""
            def size(node):
                if node is None:
                    return 0
                return 1 + size(node.left) + size(node.right)
            def depth(node):
                return 1 + max((depth(c) for c in node.children), default=0)
            """),
        # divide and conquer on halves, and a split at a pivot
        Valid("""
            def merge_sort(a):
                if len(a) < 2:
                    return a
                mid = len(a) // 2
                return merge(merge_sort(a[:mid]), merge_sort(a[mid:]))
            def build(lo, hi, order, where):
                if lo >= hi:
                    return None
                i = where[order[lo]]
                return (build(lo + 1, i, order, where), build(i + 1, hi, order, where))
            """),
        # a flood fill marks each cell for good: one call per cell
        Valid("""
            def fill(grid, i, j):
                if i < 0 or j < 0 or i >= len(grid) or j >= len(grid[0]) or grid[i][j] != 1:
                    return
                grid[i][j] = 0
                fill(grid, i + 1, j)
                fill(grid, i - 1, j)
                fill(grid, i, j + 1)
                fill(grid, i, j - 1)
            """),
        # a graph search over adjacency lists with a visited set
        Valid("""
            def reach(adj, start):
                seen = {start}
                def dfs(u):
                    for v in adj[u]:
                        if v not in seen:
                            seen.add(v)
                            dfs(v)
                dfs(start)
                return seen
            """),
        # calling an exponential function is the callee's finding, not the caller's
        Valid("""
            def all_fibs(ns):
                return [slow_fib(n) for n in ns]
            """),
        # JavaScript: a memo Map outside the call; a tree walk; a split at a pivot; a varargs re-dispatch
        Valid("""
            const memo = new Map();
            function ways(n) {
              if (n < 2) return 1;
              if (memo.has(n)) return memo.get(n);
              memo.set(n, ways(n - 1) + ways(n - 2));
              return memo.get(n);
            }
            function depth(node) {
              return 1 + Math.max(0, ...node.children.map(c => depth(c)));
            }
            function parse(tokens) {
              for (let i = 0; i < tokens.length; i++) {
                if (tokens[i] === '+') { return [parse(tokens.slice(0, i)), parse(tokens.slice(i + 1))]; }
              }
              return tokens[0];
            }
            class Group {
              add(object) {
                if (arguments.length > 1) {
                  for (let i = 0; i < arguments.length; i++) { this.add(arguments[i]); }
                  return this;
                }
                if (object.parent) { object.parent.remove(object); }
                this.children.push(object);
                return this;
              }
            }
            """, path="example.js"),
        # Go: the `if v, ok := memo[k]; ok { return v }` memo; Java: a quicksort on a pivot
        Valid("""
            package p
            var memo = map[int]int{}
            func ways(n int) int {
            	if n < 2 {
            		return 1
            	}
            	if v, ok := memo[n]; ok {
            		return v
            	}
            	memo[n] = ways(n-1) + ways(n-2)
            	return memo[n]
            }
            """, path="example.go"),
        Valid("""
            class S {
                void sort(int[] a, int lo, int hi) {
                    if (lo >= hi) return;
                    int p = partition(a, lo, hi);
                    sort(a, lo, p - 1);
                    sort(a, p + 1, hi);
                }
            }
            """, path="Example.java"),
        # memoised through a helper that calls back (JS Map, Go map, Java HashMap): states, not exponential
        Valid("""
            function memoWays(n, memo = new Map()) {
              if (n < 2) return 1;
              if (memo.has(n)) return memo.get(n);
              return store(n, memo);
            }
            function store(n, memo) {
              const v = memoWays(n - 1, memo) + memoWays(n - 2, memo);
              memo.set(n, v);
              return v;
            }
            """, path="example.js"),
        Valid("""
            package p

            var cache = map[int]int{}

            func count(n int) int {
            	if n < 2 {
            		return 1
            	} else if cache[n] != 0 {
            		return cache[n]
            	}
            	return keep(n)
            }

            func keep(n int) int {
            	cache[n] = count(n-1) + count(n-2)
            	return cache[n]
            }
            """, path="example.go"),
        Valid("""
            class Fib {
                Map<Integer, Long> memo = new HashMap<>();
                long ways(int n) {
                    if (n < 2) return 1;
                    if (memo.containsKey(n)) return memo.get(n);
                    return store(n);
                }
                long store(int n) {
                    long v = ways(n - 1) + ways(n - 2);
                    memo.put(n, v);
                    return v;
                }
            }
            """, path="Example.java"),
    ]
    INVALID = [
        Invalid("""
            def fib(n):
                if n < 2:
                    return n
                return fib(n - 1) + fib(n - 2)
            """, 5),
        # backtracking that undoes its choice after the call
        Invalid("""
            def subsets(nums, i, path, out):
                if i == len(nums):
                    out.append(list(path))
                    return
                path.append(nums[i])
                subsets(nums, i + 1, path, out)
                path.pop()
                subsets(nums, i + 1, path, out)
            """, 7),
        # a self-call in a loop
        Invalid("""
            def perms(items, used, path, out):
                if len(path) == len(items):
                    out.append(path)
                for i, x in enumerate(items):
                    if not used[i]:
                        used[i] = True
                        perms(items, used, path + [x], out)
                        used[i] = False
            """, 8),
        Invalid("""
            function fib(n) {
              return n < 2 ? n : fib(n - 1) + fib(n - 2);
            }
            function perms(items, used, path, out) {
              if (path.length === items.length) { out.push(path.slice()); return; }
              for (let i = 0; i < items.length; i++) {
                if (used[i]) continue;
                used[i] = true;
                path.push(items[i]);
                perms(items, used, path, out);
                path.pop();
                used[i] = false;
              }
            }
            """, 3, 11, path="example.js"),
        Invalid("""
            package p
            func fib(n int) int {
            	if n < 2 {
            		return n
            	}
            	return fib(n-1) + fib(n-2)
            }
            """, 7, path="example.go"),
        Invalid("""
            class F {
                long fib(int n) { return n < 2 ? n : fib(n - 1) + this.fib(n - 2); }
            }
            """, 3, path="Example.java"),
        # branching through a same-file helper that calls back: each function of the cycle is exponential
        Invalid("""
            function ways(n) {
              if (n < 2) return 1;
              return split(n);
            }
            function split(n) {
              return ways(n - 1) + ways(n - 2);
            }
            """, 4, 7, path="example.js"),
        Invalid("""
            class Fib {
                long plain(int n) {
                    if (n < 2) return 1;
                    return twice(n);
                }
                long twice(int n) {
                    return plain(n - 1) + plain(n - 2);
                }
            }
            """, 5, 8, path="Example.java"),
        # a loop over every subset
        Invalid("""
            def best(items):
                top = 0
                for mask in range(1 << len(items)):
                    top = max(top, mask)
                return top
            """, 4),
    ]

    def check(self) -> None:
        report_orders(self.ctx, self.meta, file_orders(self.ctx), EXPONENTIAL, None)
