"""Loops of JavaScript, TypeScript, Go and Java that are not a level of their own (the text-level
counterpart of ``py_loops``), for ``ts_order``:

* :func:`log_loop`: the loop doubles or halves its counter (``i *= 2``, ``n /= 10``, ``n >>= 1``,
  ``n = Math.floor(n / 2)``) or is a binary search (``lo <= hi`` with a midpoint ``/ 2`` or ``>> 1``);
* :func:`amortised`: inside another loop, a ``while`` (or a ``for`` without an initialiser) that only
  advances a pointer or pops a stack that the enclosing loop does not reset: two pointers, sliding
  windows, monotonic stacks, KMP failure links;
* :func:`level_pass`: inside a loop that drains a worklist, a loop up to the worklist's current size
  that takes its items off it (the level loop of a level-order traversal) visits each item once
  over all passes;
* :func:`popped`: the names a worklist loop binds to the items it takes off its queue
  (``node := queue[0]; queue = queue[1:]``, ``const node = queue.shift()``, ``queue.poll()``): loops
  over an item's neighbours are amortised over the whole traversal.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_KEYWORDS = frozenset({"let", "var", "const", "len", "length", "size", "true", "false", "null", "nil", "this",
                       "Math", "floor", "isEmpty", "new", "int", "for", "while", "range", "do"})


def _names(text: str) -> set[str]:
    return {n for n in _NAME.findall(text) if n not in _KEYWORDS and not n.isupper()}


def condition(header: str) -> str:
    """The loop's condition, from its header text (``for (init; cond; step)``, ``while (cond)``,
    ``for cond {``, ``for init; cond; post {``)."""
    h = re.sub(r"^\s*(for|while)\s*", "", header).strip()
    if h.startswith("(") and h.endswith(")"):
        h = h[1:-1]
    parts = h.split(";")
    return parts[1] if len(parts) == 3 else parts[0]


def update(header: str) -> str:
    h = re.sub(r"^\s*(for|while)\s*", "", header).strip().strip("()")
    parts = h.split(";")
    return parts[2] if len(parts) == 3 else ""


def init(header: str) -> str:
    h = re.sub(r"^\s*(for|while)\s*", "", header).strip().strip("()")
    parts = h.split(";")
    return parts[0] if len(parts) == 3 else ""


def log_loop(header: str, body: str) -> str | None:
    cond = condition(header)
    watched = _names(cond)
    if not watched:
        return None
    step = update(header)
    for n in watched:
        e = re.escape(n)  # n *= 2, n >>= 1, n = Math.floor(n / 2), n += n (doubling)
        scaled = rf"\b{e}\s*(\*=|/=|<<=|>>=|>>>=)|\b{e}\s*=\s*(Math\.floor\()?\(?\s*{e}\s*(\*|/|<<|>>)|\b{e}\s*\+=\s*{e}\b"
        if re.search(scaled, step) or re.search(scaled, body):
            return f"multiplies or divides `{n}` on every pass: log n passes, not a level"
    if re.search(r"\b(\w+)\s*\*\s*\1\s*<=?", cond):
        return "runs while `i * i` stays below the bound: sqrt n passes, not a level"
    if len(watched) >= 2 and re.search(r"[<>]=?", cond) and re.search(r"/\s*2\b|>>>?\s*1\b", body):
        return "a binary search: it halves the range on every pass, log n passes, not a level"
    return None


def amortised(header: str, body: str, outer_body: str) -> str | None:
    """``outer_body``: the enclosing loop's body text without this loop."""
    if init(header).strip():
        return None  # for (let j = i; ...): restarts on every pass of the enclosing loop
    watched = _names(condition(header))
    for n in sorted(watched):
        e = re.escape(n)
        moves = re.search(rf"\b{e}(\[[^\]]*\])?\s*(\+\+|--|\+=|-=)|(\+\+|--){e}\b|\b{e}\s*=\s*\w+\[\s*{e}\s*\]"
                          rf"|\b{e}\.(pop|shift|pollLast|pollFirst|poll|removeLast|removeFirst|delete|dequeue)\(|\b{e}\s*=\s*{e}\[",
                          update(header) + "\n" + body)  # `for ; i < n && s[i] == c; i++ {}` moves i in its header
        if not moves:
            continue
        if re.search(rf"\b(let|var|const)\s+{e}\b|\b{e}\s*:=|\b{e}\s*=(?!=)(?!\s*{e}\b)", outer_body):
            continue  # reset on every pass of the enclosing loop
        return (f"moves `{n}`, which the enclosing loop never resets: amortised over it (two pointers, a "
                "sliding window, a stack or a failure link), so it adds to that level")
    return None


def popped(header: str, body: str) -> set[str]:
    cond = condition(header)
    out: set[str] = set()
    for q in _names(cond):
        e = re.escape(q)
        for m in re.finditer(rf"(?:(?:let|const|var)\s+|\b)(\w+)\s*:?=\s*{e}(?:\.(?:shift|pop|poll|remove|"
                             rf"removeFirst|pollFirst|pollLast)\(\s*\)|\[0\]|\[len\({e}\)\s*-\s*1\])", body):
            out.add(m.group(1))
    return out


_SIZED = re.compile(r"([A-Za-z_$][\w$.]*)\s*\.\s*(?:length\b|[sS]ize\(\)|isEmpty\(\)|IsEmpty\(\)|Len\(\))"
                    r"|\blen\(\s*([A-Za-z_$][\w$.]*)\s*\)")


def sized(text: str) -> set[str]:
    """The collections whose size a condition tests: ``queue`` of ``queue.length``, ``!q.isEmpty()``,
    ``len(q) > 0``."""
    return {a or b for a, b in _SIZED.findall(text)}


def level_pass(header: str, body: str, drained: set[str], values: dict) -> str | None:
    """A loop up to the current size of a worklist that an enclosing loop drains, taking its items
    off it: ``while (queue.length) { for (let i = queue.length; i > 0; i--) { queue.shift() } }``,
    ``n := len(q); for i := 0; i < n; i++ { q = q[1:] }``. ``values``: the function's locals."""
    if not drained:
        return None
    size = r"(?:([A-Za-z_$][\w$.]*)\s*\.\s*(?:length\b|[sS]ize\(\)|Len\(\))|\blen\(\s*([A-Za-z_$][\w$.]*)\s*\))\s*(?:-\s*1\s*)?"
    bounds = {a or b for a, b in re.findall(rf"(?:=|<=?|>=?|:=)\s*\(?\s*{size}\)?(?=[;)]|\s*$|\s*\{{)", header)}
    for n in set(_NAME.findall(header)):  # let count = queue.length; while (count) ...
        if n in values:
            m = re.fullmatch(size, _text_of(values[n]).strip())
            if m:
                bounds.add(m.group(1) or m.group(2))
    for q in sorted(bounds & drained):
        e = re.escape(q)
        if re.search(rf"\b{e}\.(shift|pop|dequeue|poll|pollFirst|pollLast|removeFirst|removeLast|remove|Pop|PopFront"
                     rf"|PopBack|Dequeue|Shift)\(\s*\)"
                     rf"|\b{e}\s*=\s*{e}\[1:\]|\b{e}\s*=\s*{e}\[:len\(", body):
            return (f"takes this level's items off `{q}`, which the enclosing loop drains: each item once "
                    "over all passes (a level-order traversal), so it adds to that level")
    return None


def _text_of(node) -> str:
    return node.text.decode("utf-8", "replace") if node is not None and hasattr(node, "text") else ""
