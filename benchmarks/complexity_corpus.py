"""Score CX001/CX002's order analysis on algorithm solutions whose authors state their time complexity.

Reads a checkout of a solutions repository that you point it at (it fetches nothing), for example
kamyu104/LeetCode-Solutions::

    python benchmarks/complexity_corpus.py --repo /work/scratch/complexity
    python benchmarks/complexity_corpus.py --repo DIR --misses dev     # list the dev half's misses

What is a sample: a comment ``# Time:  O(...)`` (``// Time:`` in TypeScript, Go and Java)

* at the start of a line at column 0 covers every function defined after it, up to the next such
  comment: the stated order is compared with the worst order the scanner finds among them;
* indented on its own line covers the next ``def`` / function after it;
* after code on a ``def`` / ``class`` line (``def z_function(s):  # Time: O(n)``) covers that one.

The stated bound is read in the single-variable sense: every variable is n, so ``O(n * m)`` and
``O(m * n)`` are degree 2, ``O(n log n)`` / ``O(n * alpha(n))`` / ``O(sqrt(n))`` are rounded down to
whole levels (log and sqrt factors are not levels), ``O(2^n)``, ``O(n!)``, ``O(n^k)`` with a
variable exponent and ``O(C(n, k))`` are exponential. A statement that names operations
(``ctor: O(n)``), holds several bounds of different degree (``O(n^3 * 4^n) = O(1)``) or uses a
notation this reader does not know is skipped and counted.

Files are split into two halves by a hash of their path: ``dev`` (misses may be read and used to
improve the model) and ``test`` (only its numbers are read). The output is deterministic.

Metrics, per language and half:

* exact: the scanner's order equals the stated degree (exponential counts as its own degree);
* O(n^3)+ recall: of the samples stated polynomial of degree >= 3, how many the scanner gives >= 3;
* false cubic: stated <= 2, scanner >= 3 (a false CX001), over the samples stated <= 2;
* false quadratic: stated <= 1, scanner >= 2 (a false CX002 or worse), over the samples stated <= 1;
* exponential recall: stated exponential, scanner exponential.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scanner import parsing  # noqa: E402
from scanner.checks.complexity import py_order, ts_order  # noqa: E402
from scanner.checks.complexity.order import EXPONENTIAL, FunctionCost  # noqa: E402
from scanner.source import Source  # noqa: E402

EXP = "exp"
LANGUAGES = {  # directory, file suffixes, comment marker, language
    "python": ("Python", (".py",), "#"),
    "typescript": ("TypeScript", (".ts",), "//"),
    "go": ("Golang", (".go",), "//"),
    "java": ("Java", (".java",), "//"),
}

# ----- reading a stated bound -----------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_\u0370-\u03ff][\w\u0370-\u03ff']*)|(\|)|([-+*/^!(),~]))")
_ZERO_FUNCS = {"log", "lg", "ln", "alpha", "α", "loglog", "sqrt"}


class Unmapped(Exception):
    pass


def _tokens(text: str) -> list[str]:
    out, i = [], 0
    text = text.replace("·", "*").replace("×", "*").replace("**", "^").replace("√", "sqrt")
    while i < len(text):
        m = _TOKEN.match(text, i)
        if not m or m.end() == i:
            if text[i:].strip() == "":
                break
            raise Unmapped(f"character {text[i]!r}")
        i = m.end()
        num, name, bar, op = m.groups()
        if name is not None:
            out.extend(_split_log(name))
        else:
            out.append(num or bar or op)
    return out


def _split_log(name: str) -> list[str]:
    """``nlogn`` -> n log n, ``mlogm`` -> m log m, ``logk`` -> log k (authors glue them)."""
    if name in _ZERO_FUNCS or "log" not in name or name.startswith("log") and name[3:] == "":
        return [name]
    head, _, tail = name.partition("log")
    return [*([head, "*"] if head else []), "log", *(_split_log(tail) if tail else [])]


class _Parser:
    """degree of: expr := term (+|- term)*; term := power ((*|/|juxtaposed) power)*;
    power := atom (^ atom)* !?; atom := number | name | name(args) | (expr) | |expr| | log atom."""

    def __init__(self, toks: list[str]) -> None:
        self.t, self.i = toks, 0

    def peek(self) -> str | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self, want: str | None = None) -> str:
        tok = self.peek()
        if tok is None or want is not None and tok != want:
            raise Unmapped(f"expected {want or 'more'}")
        self.i += 1
        return tok

    def expr(self):
        d = self.term()
        while self.peek() in ("+", "-"):
            self.take()
            d = _max(d, self.term())
        return d

    def term(self):
        d = self.power()
        while True:
            tok = self.peek()
            if tok in ("*", "/"):
                self.take()
                rhs = self.power()
                d = _add(d, rhs) if tok == "*" else _sub(d, rhs)
            elif tok is not None and tok not in ("+", "-", ")", ",", "|", "~"):
                d = _add(d, self.power())  # juxtaposed: `n log n`, `2 n`
            else:
                return d

    def power(self):
        base_tok = self.peek()
        d = self.atom()
        while self.peek() == "^":
            self.take()
            exp_tok = self.peek()
            e = self.atom()
            if e == 0 and exp_tok is not None and re.fullmatch(r"\d+(\.\d+)?", exp_tok):
                d = d if d == EXP else d * float(exp_tok)
            elif e == 0:
                pass  # n^(1/2) and friends: treated as its base... rare; keep the base
            else:
                d = EXP if base_tok is not None else EXP
        if self.peek() == "!":
            self.take()
            d = EXP if d != 0 else 0
        return d

    def atom(self):
        tok = self.take()
        if tok == "(":
            d = self.expr()
            self.take(")")
            return d
        if tok == "|":
            d = self.expr()
            self.take("|")
            return d
        if re.fullmatch(r"\d+(\.\d+)?", tok):
            return 0
        if tok in ("log", "lg", "ln", "loglog"):  # log n, log(n), log|V|, log^2 n
            if self.peek() == "^":
                self.take()
                self.atom()
            self.power_free_atom()
            return 0
        if self.peek() == "(":
            self.take("(")
            args = [self.expr()]
            while self.peek() == ",":
                self.take()
                args.append(self.expr())
            self.take(")")
            if tok in _ZERO_FUNCS:
                return 0
            if tok == "min":
                return _min(*args)
            if tok == "max":
                return _max(*args)
            if tok == "C" and len(args) == 2:
                return EXP if args[1] != 0 else args[0] * 0 + 1  # C(n, 2)-like constants are rare
            raise Unmapped(f"function {tok}()")
        if tok.isalpha() or re.fullmatch(r"[\w']+", tok):
            return 1
        raise Unmapped(f"token {tok!r}")

    def power_free_atom(self):
        """The argument of ``log``: one atom (``log n``, ``log(m * n)``, ``log|V|``)."""
        tok = self.peek()
        if tok is None:
            raise Unmapped("log of nothing")
        self.atom()


def _add(a, b):
    return EXP if EXP in (a, b) else a + b


def _sub(a, b):
    if a == EXP:
        return EXP
    if b == EXP:
        raise Unmapped("division by an exponential")
    return max(0, a - b)


def _max(*ds):
    return EXP if EXP in ds else max(ds)


def _min(*ds):
    finite = [d for d in ds if d != EXP]
    return min(finite) if finite else EXP


_O = re.compile(r"O\(")


def stated_degree(statement: str) -> int | str:
    """The degree of the bound after ``Time:`` (``int`` or ``"exp"``); raises Unmapped."""
    text = statement.strip()
    if not text.startswith("O("):
        raise Unmapped("names an operation or has no bound")  # `ctor: O(1)`, `precompute: O(r)`
    degrees = []
    for m in _O.finditer(text):
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        if depth:
            raise Unmapped("unbalanced parentheses")
        inner = text[m.end(): j - 1]
        p = _Parser(_tokens(inner))
        d = p.expr()
        if p.peek() is not None:
            raise Unmapped(f"trailing {p.peek()!r}")
        degrees.append(d)
        rest = text[j:].lstrip()
        if not rest.startswith(("=", "~", "->")):
            break  # what follows is prose (`, r = max(nums)`, `on average`)
    if len(set(degrees)) > 1 and not all(d == degrees[0] or _whole(d) == _whole(degrees[0]) for d in degrees):
        raise Unmapped("several bounds of different degree")
    return _whole(degrees[0])


def _whole(d):
    return d if d == EXP else int(d + 1e-9)


# ----- finding samples --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    path: str
    line: int  # the statement's line
    stated: int | str
    ours: int | str
    functions: tuple[str, ...]  # the scanner's worst function (name, path) for misses


_DEF = {
    "python": re.compile(r"^\s*(async\s+)?(def|class)\s"),
    "typescript": re.compile(r"^\s*(export\s+)?(async\s+)?(function|class)\b|^\s*(const|let|var)\s+\w+\s*=.*=>|^\s*\w+\s*\(.*\)\s*(:\s*[^{]+)?\{\s*$"),
    "go": re.compile(r"^\s*func\b"),
    "java": re.compile(r"^\s*(public|private|protected|static|final|\s)*[\w<>\[\], ]+\s+\w+\s*\([^;]*$|^\s*(public\s+)?class\b"),
}


def statements(text: str, marker: str, language: str):
    """(line, statement, scope) for each Time statement: scope is ("block", start, end) for a
    column-0 comment, ("def", def line) for an indented comment or one on a definition line."""
    lines = text.split("\n")
    found = []
    for i, line in enumerate(lines, 1):
        at = line.find(marker)
        if at < 0:
            continue
        m = re.match(r"\s*Time\s*:\s*(.*)$", line[at + len(marker):])
        if not m:
            continue
        code = line[:at]
        if code.strip():
            if _DEF[language].match(code):
                found.append((i, m.group(1), ("def", i)))
            continue
        if at == 0:
            found.append((i, m.group(1), ("block", i)))
        else:
            nxt = next((j for j in range(i + 1, min(len(lines), i + 6) + 1) if _DEF[language].match(lines[j - 1])),
                       None)
            if nxt is not None:
                found.append((i, m.group(1), ("def", nxt)))
    blocks = [f for f in found if f[2][0] == "block"]
    # a block runs to the next column-0 statement; consecutive header lines (`# Time:` then more
    # `# Time:` lines of the same header) are one block each, and an empty block has no function
    ends = {b[0]: (blocks[k + 1][0] if k + 1 < len(blocks) else len(lines) + 1) for k, b in enumerate(blocks)}
    return [(ln, st, ("block", ln, ends[ln]) if sc[0] == "block" else sc) for ln, st, sc in found]


def orders(path: Path, language: str) -> list[FunctionCost] | None:
    src = Source.from_bytes(path.name, path.read_bytes(), language=language)
    try:
        if language == "python":
            return py_order.analyze(parsing.parse_ast(src), src)
        tree = parsing.parse_ts(src)
        return ts_order.analyze(tree, src) if tree is not None else None
    except parsing.ParseError:
        return None


def _ours(k: int):
    return EXP if k >= EXPONENTIAL else k


def samples(repo: Path, language: str, counts: dict) -> list[Sample]:
    folder, suffixes, marker = LANGUAGES[language]
    root = repo / folder
    out: list[Sample] = []
    if not root.is_dir():
        return out
    for path in sorted(p for p in root.rglob("*") if p.suffix in suffixes and p.is_file()):
        rel = path.relative_to(repo).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        stmts = statements(text, marker, language)
        if not stmts:
            continue
        fcs = orders(path, language)
        if fcs is None:
            counts["unparsed files"] = counts.get("unparsed files", 0) + 1
            continue
        fcs = [f for f in fcs if f.line]
        defs = [False] + [bool(_DEF[language].match(x)) for x in text.split("\n")]  # by 1-based line
        for line, statement, scope in stmts:
            try:
                stated = stated_degree(statement)
            except Unmapped:
                counts["unmapped statements"] = counts.get("unmapped statements", 0) + 1
                continue
            if scope[0] == "block":
                mine = [f for f in fcs if scope[1] < f.line < scope[2]]
            else:
                mine = [f for f in fcs if f.line == scope[1]]
            if mine:
                worst = max(mine, key=lambda f: (f.cost.order, -f.line))
                out.append(Sample(rel, line, stated, _ours(worst.cost.order), (worst.name, str(worst.line))))
            elif any(defs[i] for i in (range(scope[1] + 1, scope[2]) if scope[0] == "block" else [scope[1]])):
                out.append(Sample(rel, line, stated, 0, ("(no loop, no recursion: not analysed)", "0")))
            else:
                counts["statements without a function"] = counts.get("statements without a function", 0) + 1
    return out


def half(path: str) -> str:
    return "dev" if hashlib.sha256(path.encode()).digest()[0] % 2 == 0 else "test"


def _rate(num: int, den: int) -> str:
    return f"{num}/{den} = {num / den:.1%}" if den else "0/0"


def score(ss: list[Sample]) -> dict[str, str]:
    poly = [s for s in ss if s.stated != EXP]
    exact = sum(s.ours == s.stated for s in ss)
    cubic = [s for s in poly if s.stated >= 3]
    le2 = [s for s in poly if s.stated <= 2]
    le1 = [s for s in poly if s.stated <= 1]
    exp = [s for s in ss if s.stated == EXP]

    def at_least(s, k):
        return s.ours == EXP or s.ours >= k

    return {
        "samples": str(len(ss)),
        "exact order": _rate(exact, len(ss)),
        "O(n^3)+ recall": _rate(sum(at_least(s, 3) for s in cubic), len(cubic)),
        "false cubic (stated <= n^2, ours >= n^3)": _rate(sum(at_least(s, 3) for s in le2), len(le2)),
        "false quadratic (stated <= n log n, ours >= n^2)": _rate(sum(at_least(s, 2) for s in le1), len(le1)),
        "exponential recall": _rate(sum(s.ours == EXP for s in exp), len(exp)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", required=True, type=Path, help="checkout with Python/, TypeScript/, Golang/, Java/")
    ap.add_argument("--misses", choices=["dev"], help="list the dev half's misses (never the test half's)")
    ap.add_argument("--language", choices=sorted(LANGUAGES), action="append")
    args = ap.parse_args(argv)
    for language in args.language or list(LANGUAGES):
        counts: dict[str, int] = {}
        ss = samples(args.repo, language, counts)
        if not ss and not counts:
            continue
        print(f"## {language}")
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
        print(f"skipped: {skipped}")
        parts = {"dev": [s for s in ss if half(s.path) == "dev"], "test": [s for s in ss if half(s.path) == "test"]}
        table = {name: score(part) for name, part in parts.items()}
        keys = list(next(iter(table.values())))
        print("| metric | dev | test |\n|---|---|---|")
        for k in keys:
            print(f"| {k} | {table['dev'][k]} | {table['test'][k]} |")
        if args.misses == "dev":
            miss = sorted((s for s in parts["dev"] if s.ours != s.stated),
                          key=lambda s: (str(s.stated), str(s.ours), s.path, s.line))
            print(f"\n### dev misses ({len(miss)})")
            for s in miss:
                print(f"stated {s.stated} ours {s.ours}  {s.path}:{s.line}  worst {s.functions[0]} (line {s.functions[1]})")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
