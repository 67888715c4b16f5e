"""Guard conditions that need more than a name: registered checks named by ``check`` in a
``[[guard]]`` entry of the taint spec.

Each check takes the walker, the guard call and the spec entry, and returns the cleanings the call
implies ``(when true, when false)``, each a list of (variable key, sink kinds), or None when the
call is not a guard after all. Two checks:

* ``regex``: ``re.fullmatch(P, x)``, ``re.match(P, x)``, ``re.search(P, x)`` and the same methods
  on a compiled pattern (``NAME = re.compile(P)`` anywhere in the file, or inline): the kinds
  :func:`~scanner.checks.dataflow.regex_guard.safe_kinds` allows for the pattern (anchored,
  and free of the characters that matter for each sink kind).
* ``prefix``: ``x.startswith(p)``: a containment check for paths; for URLs only when every literal
  prefix fixes the host or the first path segment. ``startswith("/")`` alone is not a redirect
  guard (``//evil.example`` passes it): it records a partial fact that becomes one together with
  ``not x.startswith("//")`` (see :data:`URL_FACTS`).
"""

from __future__ import annotations

import re
import weakref
from typing import Any

import libcst as cst

from scanner.checks.dataflow.cstwalk import call_arg, statements
from scanner.checks.dataflow.regex_guard import safe_kinds

# Partial facts about a URL (pseudo sink kinds kept in a taint's ``cleared`` set): starts with "/",
# and does not start with "//". Together they make a local path: safe for redirects and requests.
STARTS_SLASH = "url:starts-with-slash"
NOT_NETWORK_PATH = "url:not-double-slash"
URL_FACTS = frozenset({STARTS_SLASH, NOT_NETWORK_PATH})
# The other pair: every backslash replaced (``u.replace("\\", "/")``: browsers read ``\`` as ``/``),
# and no host when parsed (``not urlparse(u).netloc``, ``not yarl.URL(u).is_absolute()``).
NO_BACKSLASH = "url:no-backslash"
NO_HOST = "url:no-host"
RELATIVE_FACTS = frozenset({NO_BACKSLASH, NO_HOST})
URL_KINDS = frozenset({"redirect", "ssrf"})
# Partial facts about a path: has no ``..`` (``if ".." in p: return``), and is not the start of the
# string it is in (``BASE + "/" + p``: an absolute p stays under BASE, unlike ``os.path.join``).
# Together the value cannot leave the directory it is appended to.
NO_DOTDOT = "path:no-dotdot"
NOT_FIRST = "path:not-first"
PATH_FACTS = frozenset({NO_DOTDOT, NOT_FIRST})
_FIXED_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s\\@{}%]+[/?#]|/[^/\\\s{}%])")
_RE_FLAGS = {"I": re.I, "IGNORECASE": re.I, "M": re.M, "MULTILINE": re.M, "S": re.S, "DOTALL": re.S,
             "X": re.X, "VERBOSE": re.X, "A": re.A, "ASCII": re.A, "U": re.U, "UNICODE": re.U}


def with_url_facts(cleared: frozenset[str]) -> frozenset[str]:
    """Both partial URL facts known: the value is a local path (and both path facts: the value stays
    in its directory)."""
    if PATH_FACTS <= cleared:
        cleared = cleared | {"path"}
    return cleared | URL_KINDS if URL_FACTS <= cleared or RELATIVE_FACTS <= cleared else cleared


def literal(node: cst.CSTNode | None) -> str | None:
    """The text of a string literal without expressions, else None."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        try:
            v = node.evaluated_value
        except Exception:
            return None
        return v if isinstance(v, str) else None
    return None


def _flags(node: cst.CSTNode | None) -> int | None:
    """``re.I | re.M``; None when not made of known flags."""
    if node is None:
        return 0
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        left, right = _flags(node.left), _flags(node.right)
        return None if left is None or right is None else left | right
    name = node.attr.value if isinstance(node, cst.Attribute) else node.value if isinstance(node, cst.Name) else ""
    return _RE_FLAGS.get(name)


_ASSIGNED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def assigned_values(fa: Any) -> dict[int, cst.BaseExpression]:
    """id(target name) -> assigned value, for every ``NAME = value`` in the file (computed once)."""
    got = _ASSIGNED.get(fa)
    if got is None:
        got = {id(t.target): node.value for node in statements(fa.module.body, into_defs=True)
               if isinstance(node, cst.Assign) for t in node.targets if isinstance(t.target, cst.Name)}
        _ASSIGNED[fa] = got
    return got


def _compiled(fa: Any, node: cst.CSTNode, depth: int = 0) -> tuple[str, int] | None:
    """(pattern, flags) of ``re.compile("...")`` or a name bound only to one."""
    if isinstance(node, cst.Call):
        if "re.compile" not in fa.qnames(node.func):
            return None
        text, flags = literal(call_arg(node, "pattern", 0)), _flags(call_arg(node, "flags", 1))
        return (text, flags) if text is not None and flags is not None else None
    if isinstance(node, cst.Name) and depth < 3:
        values = assigned_values(fa)
        found = {_compiled(fa, values[id(n)], depth + 1) if id(n) in values else None
                 for n in fa.bound_nodes(node)}
        if len(found) == 1:
            return found.pop()
    return None


def regex(w: Any, call: cst.Call, guard: Any) -> tuple[list, list] | None:
    func = call.func
    how = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    if how not in ("fullmatch", "match", "search"):
        return None
    if guard.names and guard.names & w.fa.qnames(func):  # re.match(pattern, value, flags)
        text, flags = literal(call_arg(call, "pattern", 0)), _flags(call_arg(call, "flags", 2))
        subject = call_arg(call, "string", 1)
        pattern = (text, flags) if text is not None and flags is not None else None
    elif isinstance(func, cst.Attribute):  # PATTERN.match(value)
        subject = call_arg(call, "string", 0)
        pattern = _compiled(w.fa, func.value)
        if pattern is None and how == "fullmatch" and not w.expr(func.value):
            pattern = ("", -1)  # an unknown pattern that must match the whole value: trusted
    else:
        return None
    key = w.guard_key(subject) if subject is not None else None
    if key is None or pattern is None:
        return None
    kinds = frozenset({"*"}) if pattern[1] == -1 else safe_kinds(pattern[0], pattern[1], how)
    if "*" not in guard.clears:
        kinds = kinds & guard.clears
    return ([(key, kinds)], []) if kinds else None


def prefix(w: Any, call: cst.Call, guard: Any) -> tuple[list, list] | None:
    func = call.func
    if not isinstance(func, cst.Attribute) or not call.args:
        return None
    key = w.guard_key(func.value)
    if key is None:
        return None
    arg = call.args[0].value
    prefixes = ([literal(e.value) for e in arg.elements] if isinstance(arg, cst.Tuple)
                else [literal(arg)])
    kinds = set(guard.clears)
    if any(p is not None and p.startswith(("//", "/\\", "\\")) for p in prefixes):
        # x.startswith("//"): when false, x is not a network-path reference
        return [], [(key, frozenset({NOT_NETWORK_PATH}))]
    if any(p is not None and not _FIXED_URL.match(p) for p in prefixes):
        kinds -= URL_KINDS
        if all(p == "/" for p in prefixes):
            kinds.add(STARTS_SLASH)
    return ([(key, frozenset(kinds))], []) if kinds else None


_NORMALIZERS = frozenset({"os.path.realpath", "os.path.abspath", "os.path.normpath", "posixpath.realpath",
                          "posixpath.abspath", "posixpath.normpath"})


def normalized_prefix(w: Any, call: cst.Call, guard: Any) -> tuple[list, list] | None:
    """``os.path.commonprefix([os.path.realpath(p), BASE]) == BASE``: a character prefix, so a
    containment check only for a normalized path (``BASE/../etc`` has BASE as its prefix too)."""
    arg = call_arg(call, "m", 0)
    if not isinstance(arg, (cst.List, cst.Tuple)):
        return None
    keys = [w.guard_key(e.value) for e in arg.elements
            if isinstance(e.value, cst.Call) and w.fa.qnames(e.value.func) & _NORMALIZERS]
    cleans = [(k, frozenset(guard.clears)) for k in keys if k is not None]
    return (cleans, []) if cleans else None


CHECKS = {"regex": regex, "prefix": prefix, "normalized-prefix": normalized_prefix}


_URL_PARTS = frozenset({"netloc", "hostname", "host"})
_URL_PARSERS = frozenset({"urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse.urlparse",
                          "urlparse.urlsplit", "urllib3.util.parse_url", "yarl.URL", "httpx.URL"})


def host_subject(w: Any, node: cst.CSTNode) -> Any:
    """``urlparse(url).netloc`` (or ``parsed.hostname`` with ``parsed = urlparse(url)``): the key
    of ``url``, whose host an allow-list comparison then checks; else None."""
    if not isinstance(node, cst.Attribute) or node.attr.value not in _URL_PARTS:
        return None
    parsed = node.value
    if isinstance(parsed, cst.Name):
        values = assigned_values(w.fa)
        found = [values.get(id(n)) for n in w.fa.bound_nodes(parsed)]
        parsed = found[0] if len(found) == 1 else None
    if isinstance(parsed, cst.Call) and parsed.args and w.fa.qnames(parsed.func) & _URL_PARSERS:
        return w.guard_key(parsed.args[0].value)
    return None


_ABSOLUTE_CHECKS = frozenset({"yarl.URL", "httpx.URL"})


def relative_url(w: Any, test: cst.CSTNode) -> tuple[list, list] | None:
    """Conditions that tell whether a URL names a host: ``urlparse(u).netloc`` (truth, ``== ""``,
    ``!= ""``) and ``yarl.URL(u).is_absolute()`` (true for ``//host`` too). When the URL has none,
    it stays on this site once its backslashes are replaced as well (see :data:`RELATIVE_FACTS`).
    Returns (cleanings when true, when false), or None when ``test`` is no such condition."""
    no_host = frozenset({NO_HOST})
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Attribute) and test.func.attr.value == "is_absolute":
        parsed = test.func.value
        if isinstance(parsed, cst.Call) and parsed.args and w.fa.qnames(parsed.func) & _ABSOLUTE_CHECKS:
            key = w.guard_key(parsed.args[0].value)
            return ([], [(key, no_host)]) if key is not None else None
        return None
    if isinstance(test, cst.Attribute) and test.attr.value == "netloc":
        key = host_subject(w, test)
        return ([], [(key, no_host)]) if key is not None else None
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and literal(test.comparisons[0].comparator) == "":
        op = test.comparisons[0].operator
        if isinstance(test.left, cst.Attribute) and test.left.attr.value == "netloc" and isinstance(
                op, (cst.Equal, cst.NotEqual, cst.Is, cst.IsNot)):
            key = host_subject(w, test.left)
            if key is None:
                return None
            return ([(key, no_host)], []) if isinstance(op, (cst.Equal, cst.Is)) else ([], [(key, no_host)])
    return None


def backslashes_replaced(call: cst.Call) -> bool:
    """``u.replace("\\", "/")``: no backslash is left in the result."""
    if len(call.args) != 2 or not isinstance(call.func, cst.Attribute) or call.func.attr.value != "replace":
        return False
    old, new = literal(call.args[0].value), literal(call.args[1].value)
    return old == "\\" and new is not None and "\\" not in new


def either(left: list, right: list) -> list:
    """Cleanings that hold when one of two conditions holds (``a or b`` true, ``a and b`` false):
    the variables both clean, for the sink kinds both clean them for."""
    def kinds(cleanings: list) -> dict:
        out: dict = {}
        for key, k in cleanings:
            out[key] = out.get(key, frozenset()) | k
        return out

    lk, rk = kinds(left), kinds(right)
    out = []
    for key in lk.keys() & rk.keys():
        a, b = lk[key], rk[key]
        both = b if "*" in a else a if "*" in b else a & b
        if both:
            out.append((key, both))
    return out


def lookup(w: Any, value: cst.BaseExpression) -> list:
    """``v = TABLE[key]`` succeeded, so key is one of TABLE's keys (a KeyError otherwise): an
    allow-list check, when TABLE itself holds no untrusted data (its keys are the program's)."""
    if not isinstance(value, cst.Subscript) or len(value.slice) != 1:
        return []
    index = value.slice[0].slice
    if not isinstance(index, cst.Index) or not isinstance(index.value, cst.Name):
        return []
    if not isinstance(value.value, (cst.Name, cst.Attribute)) or w.expr(value.value):
        return []
    key = w.guard_key(index.value)
    return [(key, frozenset({"*"}))] if key is not None else []
