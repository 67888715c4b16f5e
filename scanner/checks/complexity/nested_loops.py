"""CX001 nested-loops (O(n^3) and worse) and CX002 quadratic-loops (O(n^2)).

Both rules read one analysis per file (``order.py`` + a language adapter), computed at most once
even when both are enabled.
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING

from scanner.checks.complexity import py_examples, ts_examples
from scanner.checks.complexity.order import EXPONENTIAL, FunctionCost, report_orders
from scanner.checks.complexity.ts_recursion import may_recurse
from scanner.checks.secrets.pathcontext import path_context
from scanner.rule import Rule

if TYPE_CHECKING:
    from scanner.context import FileContext

LANGUAGES = frozenset({"python", "javascript", "typescript", "tsx", "go", "java"})
# Outside Python (where recursion is not modelled) a function of order >= 2 has a loop or a callback
# somewhere in the file. Python files are always analysed: a recursive function needs no loop.
KEYWORDS = ("for", "while", ".map(", ".filter(", ".reduce(", ".some(", ".every(", ".find(", ".flatMap(")

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def file_orders(ctx: FileContext) -> list[FunctionCost]:
    """The order of every function in the file (memoized per file context)."""
    cached = _CACHE.get(ctx)
    if cached is not None:
        return cached
    result: list[FunctionCost] = []
    if ctx.source.language == "python":
        text = ctx.source.text
        tree = ctx.ast if any(k in text for k in ("for", "while")) or _may_recurse(text) else None
        if tree is not None:
            from scanner.checks.complexity import py_order

            result = py_order.analyze(tree, ctx.source)
    elif not _minified(ctx) and (any(k in ctx.source.text for k in KEYWORDS) or may_recurse(ctx.source.text)):
        tree = ctx.ts_tree
        if tree is not None:
            from scanner.checks.complexity import ts_order

            result = ts_order.analyze(tree, ctx.source)
    _CACHE[ctx] = result
    return result


_DEF_NAME = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)", re.M)


def _may_recurse(text: str) -> bool:
    """A loop-free Python file matters only if a function may call itself: some defined name
    appears as a call at least twice (its ``def`` line is one)."""
    for name in set(_DEF_NAME.findall(text)):
        call = name + "("
        # `def name(` and ` name(` (a function), or `self.name(` / `cls.name(` (a method)
        if text.count(" " + call) + text.count("self." + call) + text.count("cls." + call) > 1:
            return True
    return False


def _minified(ctx: FileContext) -> bool:
    """Minified or generated JavaScript (very long lines): not code anyone edits, not reported."""
    text = ctx.source.text
    return len(text) > 2000 and len(text) / max(1, text.count("\n")) > MINIFIED_LINE_LENGTH


MINIFIED_LINE_LENGTH = 250  # average characters per line


class _OrderRule(Rule):
    family = "complexity"
    languages = LANGUAGES
    keywords = ()  # see KEYWORDS: checked in file_orders for the languages where it holds

    def _functions(self) -> list[FunctionCost]:
        """The file's orders, or none in test code unless the `tests` option asks for it."""
        if not self.opts.get("tests") and path_context(self.ctx.source.path) == "test":
            return []
        return file_orders(self.ctx)

    def _products(self) -> bool:
        """Report every path of the order, not only the ones a reader acts on (``order.actionable``)?
        Both adapters mark searching levels (``py_search``, ``ts_search``)."""
        return bool(self.opts.get("report-all"))
    # medium: 62% of 42 hand-checked Django findings after the dependent-iteration change (46% before,
    # by the same strict criterion); see docs/complexity.md "Precision"
    precision = "medium"


class NestedLoops(_OrderRule):
    """## What it does
    Computes the polynomial order O(n^k) of every function's worst path and reports functions of
    order `threshold` (default 3) or more: a triple loop, a double loop with a list membership test
    inside, a loop that calls a same-module function that itself loops twice.

    What counts as a level: `for` and `while` loops (a `while` whose test compares against a constant
    does not count), each `for` clause of a comprehension or generator expression,
    `itertools.product(a, b, c)` (three levels), and operations that hide a loop when they run
    inside one: `x in a_list` (or a string), `list.index` / `count` / `remove`,
    `insert(0, ...)`, `pop(0)`, `sorted()` / `.sort()`, `sum` / `min` / `max` / `any` / `all`
    over a collection. Calls to functions of the same file and `self.method()`
    of the same class add the callee's order. Sequential loops add (the worse one wins), nested
    loops multiply. Loops over constant-bounded iterables (`range(3)`, literal tuples and lists,
    names assigned a literal, ALL_CAPS constants such as `range(MAX_ROUNDS)`, `len()` of a literal
    tuple constant, a parameter whose default is such a constant) do not raise the order.
    Membership in a set or dict is not a loop.

    Dependent iteration does not multiply: a loop (or a hidden scan) over a collection derived from
    an enclosing loop's item (`for f in findings: for flow in f.code_flows:`, `for dirpath, dirs,
    names in os.walk(root): for n in names:`, a local assigned from the item in the loop body, or
    a same-file function called with the item) visits each part of the nested structure once over
    all outer passes, so it adds to the outer level. It stays in the path and in the related
    locations as "not a level". Two loops over the same item's parts nested in each other still
    multiply, and so does `range(i)` (a triangle, not a chain on the item). A collection selected by
    the item (`groups[k]`, `models[app, name]`, `get_app_config(label).get_models()`) is its part.

    Loops that run log n or sqrt n times are not levels (halving, doubling, binary searches,
    `while i * i <= n`); amortised inner loops add (a pointer or a stack the enclosing loop never
    resets: two pointers, sliding windows, monotonic stacks, KMP failure links); worklists
    (`heappop`, breadth-first frontiers, `queue[1:]`, `shift()`) amortise loops over an item's
    neighbours. A recursive function gets its order from the recurrence: one self-call on a
    smaller input is a level, a traversal of a tree or graph O(n), divide and conquer n log n
    (one level), memoised or visited-marking recursion one level per changing parameter; branching
    recursion without either is exponential and CX005's. The message says what n is:
    `O(n^2) where n = len(rows)`, `O(n^2) = O(len(users) * len(banned))`; `properties.bound`
    carries the symbolic form.

    JavaScript, TypeScript, Go and Java get the same analysis: their loops, `forEach` / `map` /
    `filter` / `reduce` / `some` / `every` / `find` callbacks, `.includes` / `.indexOf` (JS/TS),
    `slices.Contains` / `slices.Index` (Go), `.contains` / `.indexOf` / `.remove` on a `List`
    (Java), and calls to functions of the same file.

    The result sits on the outermost loop of the worst path; every level is a related location
    that says why it counts; `properties.order` is k and `properties.bigO` e.g. `"O(n^3)"`.
    A function whose worst path starts with a call (it adds no level of its own) is not
    reported: the callee is.

    ## Why is this bad?
    Cubic work is instant on ten items and a time-out on ten thousand. Hidden loops are the usual
    culprit: `if x in seen` on a list inside a double loop is O(n^3), on a set O(n^2).

    ## Example
    ```python
    def common(groups, wanted):
        out = []
        for group in groups:
            for item in wanted:
                if item in out:  # out is a list: a third level
                    continue
                out.append(item)
        return out
    ```

    ## Use instead
    ```python
    def common(groups, wanted):
        seen = set()
        out = []
        for group in groups:
            for item in wanted:
                if item not in seen:
                    seen.add(item)
                    out.append(item)
        return out
    ```

    ## Options
    - `threshold` (int, default 3): the lowest order reported by this rule. O(n^2) functions are
      CX002's, so that `ignore = ["CX002"]` silences the notes and keeps the warnings.
    - `tests` (bool, default false): also report in test code (`tests/`, `test_*.py`,
      `conftest.py`... the paths the secret rules call `test` context). A test's loops run over
      the data written in the test (fixtures, expected-value tables), so an order claim there
      says nothing about how the code scales; set it to check test helpers anyway.
    - `report-all` (bool, default false): report every function at the order, not only the paths
      a reader acts on (every language: `py_search` and `ts_search` mark the searching levels). By default a path is reported when an inner level searches (a
      hidden scan such as `x in a_list`; a loop whose `if` compares its element with an outside
      value, `if user.id == order.user_id`, or passes both to a predicate; a `for`-`else`; a
      generator in `any` / `all` / `next`), rescans a list the outer loop keeps growing, crosses a
      collection with itself (`for a in xs: for b in xs[i:]`, `for j in range(i)`, pairs of one
      collection), is recursion, or shifts a list that the loop also grows (a queue). A path whose
      inner levels only use each element of another collection for the outer item (rows x
      columns: each converter per row, each field per object) is the size of the data it walks,
      and on real code its inner collection is mostly a configured or per-item list; draining a
      list from the front (`while bits: bits.pop(0)`) is a memmove per pass. On the 7 Python
      projects of the real-world benchmark this was tuned on, the default leaves out 94 of 129
      false CX002 findings and 8 of 50 debatable or true ones (see `benchmarks/README.md`).
      JavaScript, TypeScript, Go and Java use the same rule: a search callback (`some`, `find`,
      `anyMatch`...), a `filter` on the outer item, `===` / `equals()` / a predicate relating the
      element to an outside value (not only to the loop's own bound), a condition that repeats a
      search (`while ((i = indexOf(seen, v, i)) > -1)`), a rescan of what the loop pushes, a
      `shift()` / `unshift()` / `splice()` of an array the loop also pushes (a queue). A loop
      with no bound to name (`while (src)`) is never "the same collection" as another, and a
      callee's plain names are its own (`source` in the caller and in the callee are two slices).

    What is no level, in Python (each a cause of false claims on real code): string `+=` on a
    name (CPython extends a local str in place: amortised linear); membership in a tuple (records
    and fixed option sets); `os.remove()` and other functions of an imported module (not list
    methods); work on an error path (a block that ends in `raise`: it runs once and ends the
    loops around it); a `while` that waits on every pass (`sleep`, `wait`, polling a process) or
    whose exit does not depend on progress through any data (a retry after a collision, a
    re-prompt, a random draw accepted, unwrapping decorators); a second loop over the iterator
    an enclosing loop draws from (`it = iter(xs)`); the chunks `xs[i:i + k]` of
    `range(0, len(xs), k)`; ALL_CAPS attributes (`settings.FIXTURE_DIRS`), a table of a class of
    the module (`Registry.table = {...}`), an attribute or parameter that defaults to a constant.
    What a call returns from the item (`split_cookies(value)`, `vars(model)`, a worklist item
    passed to a helper) is the item's part, unless the callee is a function of the same file
    that does linear work beyond the item's parts (a graph search from a node): then the loop
    over its result is a level of its own.

    ## Known limits
    Every collection counts as size n, so two loops over two unrelated collections are O(n^2).
    Types are inferred from assignments and annotations in the same file only: membership in a
    parameter or attribute of unknown type is not counted (no false alarm, but a missed level).
    Calls reach functions of the same file and methods of the same class only; recursion counts 0.
    A chain on the item can
    reach data shared by every item (`field.model._meta.fields`); it is still taken as the item's
    own part (a missed level). Derivation through calls is followed for Python only.
    A call to a memoized function (`@functools.cache`/`@lru_cache`, or a function that returns
    what it looked up in, and stored into, a mapping that outlives the call such as `self._cache`)
    counts 0 at the call: its work is paid once per distinct argument, so how often that is stays
    unknown (a missed level when every call has a new argument).
    """

    code = "CX001"
    name = "nested-loops"
    level = "warning"
    summary = "Function is O(n^3) or worse (nested loops, hidden linear operations inside loops)"
    options = {"threshold": 3, "tests": False, "report-all": False}
    VALID = py_examples.CX001_VALID + ts_examples.CX001_VALID
    INVALID = py_examples.CX001_INVALID + ts_examples.CX001_INVALID

    def check(self) -> None:
        # exponential work is CX005's (exponential-work), never reported as O(n^k)
        report_orders(self.ctx, self.meta, self._functions(), self.opts["threshold"], EXPONENTIAL,
                      products=self._products())


class QuadraticLoops(_OrderRule):
    """## What it does
    Reports functions whose worst path is O(n^2): two nested loops, or a loop around an operation
    that hides one (`x in a_list`, `list.index`, `sorted()`, a call to an O(n) function of the same
    file...). The analysis is CX001's (see `scanner rules explain CX001`); this rule takes the
    orders from `threshold` (default 2) up to CX001's threshold, which stays CX001's.

    It is a separate rule, not CX001 at level `note`, so that each can be selected, ignored and
    suppressed on its own: most code bases have many legitimate quadratic loops over small
    collections and will `ignore = ["CX002"]` while keeping the cubic warnings; others gate on it.

    ## Why is this bad?
    Quadratic work is the most common accidental slowdown: a deduplication with a list, a lookup
    by `.index()` in a loop, a nested loop that joins two lists that a dict would join in O(n).

    ## Example
    ```python
    def dedupe(items):
        out = []
        for x in items:
            if x not in out:
                out.append(x)
        return out
    ```

    ## Use instead
    ```python
    def dedupe(items):
        return list(dict.fromkeys(items))
    ```

    ## Options
    - `threshold` (int, default 2): the lowest order reported (orders at or above CX001's
      threshold are CX001's).
    - `tests` (bool, default false): also report in test code, as CX001's option.
    - `report-all` (bool, default false): report every O(n^2) function, not only the paths a
      reader acts on (a search, a hidden scan, one collection crossed with itself, a queue); see
      CX001's option.

    ## Known limits
    The same as CX001: every collection counts as size n, unknown types are not counted as
    linear.
    """

    code = "CX002"
    name = "quadratic-loops"
    level = "note"
    summary = "Function is O(n^2) (nested loops, hidden linear operations inside a loop)"
    options = {"threshold": 2, "tests": False, "report-all": False}
    VALID = py_examples.CX002_VALID + ts_examples.CX002_VALID

    INVALID = py_examples.CX002_INVALID + ts_examples.CX002_INVALID

    def check(self) -> None:
        high = self.ctx.options_for(NestedLoops.meta)["threshold"]
        report_orders(self.ctx, self.meta, self._functions(), self.opts["threshold"], high, products=self._products())
