"""Which sink kinds a successful regular-expression match makes a value safe for.

Takes a pattern's text, its flags and how it is applied (``fullmatch``, ``match`` or ``search``);
returns the sink kinds a value that matched can no longer harm (an empty set when the pattern is
not anchored at both ends, or allows the characters that matter). The pattern is read with the
standard library's own regex parser (``re._parser``, ``sre_parse`` before 3.11), never run.

What the value can contain is computed exactly for the characters that matter (a small
universe of punctuation, whitespace and one letter/digit each), plus whether two dots can follow
each other (``..`` climbs a directory). A kind is cleared when none of its dangerous characters
can occur:

* path: no ``/``, ``\\``, NUL, and no ``..``;
* command: no shell metacharacter, quote, whitespace or glob;
* sql: word characters and ``.`` only;
* code: word characters only (a bare name calls nothing), or no letter or underscore at all
  (arithmetic on literals: nothing to name, call or import);
* xss / xml: no ``<``, ``>``, ``&``, quotes;
* ssrf / redirect: no ``/``, ``\\``, ``:``, ``@`` (cannot name another host), or a literal prefix that
  fixes the scheme and host, or the first path segment (``^https://api\\.example\\.com/``).

Lookarounds are ignored (a ``(?!.*\\.\\.)`` does not make ``[\\w.]+`` safe here: a missed guard
costs a finding, never a missed one).
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

# The characters that decide safety, plus a letter, a digit and a non-ASCII letter as witnesses.
UNIVERSE = frozenset("/\\.\x00;|&$`<>()'\"\n\r\t *?[]{}~!#:@%=+,-^a0é_")
_DANGER = {
    "path": frozenset("/\\\x00"),
    "command": frozenset(";|&$`<>()'\"\n\r\t *?[]{}~!#\\"),
    "sql": UNIVERSE - frozenset("a0é._"),
    "code": UNIVERSE - frozenset("a0é_"),
    "xss": frozenset("<>&'\""),
    "xml": frozenset("<>&'\""),
    "ssrf": frozenset("/\\:@"),
    "redirect": frozenset("/\\:@"),
    "ldap": frozenset("*()\\\x00=&|!<>~,+;#'\""),
    "xpath": frozenset("'\"[]()/=@<>|*:"),
    "template": frozenset("{}%#"),
}
# Characters that name things in Python code (identifiers, keywords, attributes).
_NAMING = frozenset("aé_")
_CAT = {
    C.CATEGORY_DIGIT: lambda c: c.isdigit(),
    C.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
    C.CATEGORY_SPACE: lambda c: c.isspace(),
    C.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    C.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    C.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


class _Shape:
    """What a sub-pattern can match, over :data:`UNIVERSE`: every character, the first and last
    characters, whether it can be empty, and whether it can contain ``..``."""

    __slots__ = ("chars", "first", "last", "empty", "dotdot")

    def __init__(self, chars=frozenset(), first=frozenset(), last=frozenset(), empty=True, dotdot=False):
        self.chars, self.first, self.last, self.empty, self.dotdot = chars, first, last, empty, dotdot


def _one(chars: frozenset[str]) -> _Shape:
    return _Shape(chars, chars, chars, False, False)


def _seq(parts: list[_Shape]) -> _Shape:
    out = _Shape()
    for p in parts:
        dotdot = out.dotdot or p.dotdot or ("." in out.last and "." in p.first)
        first = out.first | p.first if out.empty else out.first
        last = p.last | out.last if p.empty else p.last
        out = _Shape(out.chars | p.chars, first, last, out.empty and p.empty, dotdot)
    return out


def _alt(parts: list[_Shape]) -> _Shape:
    out = _Shape(empty=False)
    for p in parts:
        out = _Shape(out.chars | p.chars, out.first | p.first, out.last | p.last, out.empty or p.empty,
                     out.dotdot or p.dotdot)
    return out


def _in(items, ignorecase: bool) -> frozenset[str]:
    negate, chars = False, set()
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE:
            lo, hi = av
            chars.update(c for c in UNIVERSE if lo <= ord(c) <= hi)
        elif op is C.CATEGORY:
            test = _CAT.get(av)
            chars.update(c for c in UNIVERSE if test is None or test(c))
        else:  # an unknown set item: anything
            chars.update(UNIVERSE)
    got = frozenset(c for c in UNIVERSE if c in chars or (ignorecase and c.swapcase() in chars))
    return UNIVERSE - got if negate else got


def _shape(pattern, flags: int) -> _Shape:
    parts = []
    for op, av in pattern:
        if op is C.LITERAL:
            c = chr(av)
            parts.append(_one(frozenset({c, c.swapcase()} if flags & re.I else {c}) & UNIVERSE))
        elif op is C.NOT_LITERAL:
            parts.append(_one(UNIVERSE - {chr(av)}))
        elif op is C.ANY:
            parts.append(_one(UNIVERSE if flags & re.S else UNIVERSE - {"\n"}))
        elif op is C.IN:
            parts.append(_one(_in(av, bool(flags & re.I))))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            s = _shape(sub, flags)
            many = hi is C.MAXREPEAT or hi > 1
            parts.append(_Shape(s.chars, s.first, s.last, s.empty or lo == 0,
                                s.dotdot or (many and "." in s.last and "." in s.first)))
        elif op is C.SUBPATTERN:
            _group, add, delete, sub = av
            parts.append(_shape(sub, (flags | add) & ~delete))
        elif op is getattr(C, "ATOMIC_GROUP", None):
            parts.append(_shape(av, flags))
        elif op is C.BRANCH:
            parts.append(_alt([_shape(b, flags) for b in av[1]]))
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # matches no character
        else:  # back-references, conditionals: could be anything
            parts.append(_Shape(UNIVERSE, UNIVERSE, UNIVERSE, True, True))
    return _seq(parts)


_STARTS = {C.AT_BEGINNING, C.AT_BEGINNING_STRING}


def _anchored(items: list, how: str, flags: int) -> bool:
    """The whole value must match: anchored at the start (``match``/``fullmatch`` are) and at the
    end (``fullmatch`` is; ``$`` only without MULTILINE, ``\\Z`` always)."""
    if how == "fullmatch":
        return True
    if not items:
        return False
    ends = {C.AT_END_STRING} if flags & re.M else {C.AT_END, C.AT_END_STRING}
    starts = {C.AT_BEGINNING_STRING} if flags & re.M else _STARTS
    start_ok = how == "match" or (items[0][0] is C.AT and items[0][1] in starts)
    return start_ok and items[-1][0] is C.AT and items[-1][1] in ends


def _literal_prefix(items: list) -> str:
    out = []
    for op, av in items:
        if op is C.AT and av in _STARTS:
            continue
        if op is not C.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


_URL_FIXED = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s\\@]+[/?#]|/[^/\\\s])")


@lru_cache(maxsize=256)
def safe_kinds(pattern: str, flags: int = 0, how: str = "match") -> frozenset[str]:
    """Sink kinds a value that ``re.<how>(pattern, value, flags)`` accepted is safe for."""
    try:
        parsed = P.parse(pattern, flags)
    except Exception:
        return frozenset()
    flags = flags | parsed.state.flags
    items = list(parsed)
    if any(op is C.BRANCH for op, _ in items) or not _anchored(items, how, flags):
        return frozenset()  # ^a|b$: each alternative is anchored at one end only
    shape = _shape(items, flags)
    kinds = {kind for kind, bad in _DANGER.items() if not (shape.chars & bad)}
    if not (shape.chars & _NAMING):
        kinds.add("code")  # no letter or underscore: no name to look up or call, only literals
    if shape.dotdot:
        kinds.discard("path")
    prefix = _literal_prefix(items)
    if how != "search" or (items and items[0][0] is C.AT):
        if _URL_FIXED.match(prefix):
            kinds |= {"ssrf", "redirect"}
    return frozenset(kinds)
