"""Score the JS/TS/Go/Java order analysis on solutions whose doc comments state their time complexity.

A second layout for ``complexity_corpus.py`` (which reads ``// Time:`` line comments): here the
bound sits in the doc comment above a solution, one solution after another in the same file, as in
neetcode-gh/leetcode's ``javascript/`` folder::

    /**
     * Hash Map - 2 Pass
     * Time O(N) | Space O(N)
     */
    var twoSum = (nums, target) => { ... };
    const getMap = (nums, map = new Map()) => { ... };   // a helper of the same solution

It fetches nothing: point it at a checkout (a ``git archive`` of the repository)::

    python benchmarks/complexity_corpus_doc.py --repo DIR --folder javascript
    python benchmarks/complexity_corpus_doc.py --repo DIR --folder javascript --misses dev
    python benchmarks/complexity_corpus_doc.py --repo DIR --folder . --layout cost   # hoanhan101/algo (Go)
    python benchmarks/complexity_corpus_doc.py --repo DIR --folder src --layout javadoc   # fishercoder1534/Leetcode

What is a sample: a comment line at the left margin (`` * Time O(...)``, ``// Time: O(...)``,
``Time O(...)`` inside a ``/* */`` block, ``Runtime`` for Time) covers every function defined after
it up to the next such line; the stated order is compared with the worst order the scanner finds
among them (the helpers of a solution are part of it). Each solution is analysed alone (the rest
of the file blanked, lines kept), because the solutions of one file reuse the same names
(``var maxDepth`` three times, each with its own ``dfs``), which no real module does. Comments indented into a function body
(``/* Time O(N) */`` on a statement) are about one statement and are ignored. The bound is read as
``complexity_corpus.stated_degree`` reads it (every variable is n; log and sqrt are no level);
halves, metrics and output are that script's.

``--layout cost`` reads the other layout of this kind, one solution per file with a header comment
(hoanhan101/algo, Go)::

    Cost:
    - O(n) time, O(1) space.

covering every function of the file but its tests (``Test*``, ``Benchmark*``, ``Example*``); a
``Cost:`` with several labelled bounds (``- Brute-force: O(n^3) time``) is skipped as unmapped.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import complexity_corpus as cc  # noqa: E402

from scanner import parsing  # noqa: E402
from scanner.checks.complexity import ts_order  # noqa: E402
from scanner.source import Source  # noqa: E402

SUFFIXES = {".js": "javascript", ".ts": "typescript", ".go": "go", ".java": "java"}
_STATEMENT = re.compile(r"^(?:\s?\*|//|/\*\*?)?\s*(?:Time|Runtime)(?:\s+complexity)?\s*:?\s*(O\(.*)$", re.I)
_FUNCS = re.compile(r"\b(MAX|MIN|LOG|SQRT|Max|Min|Log|Sqrt)\(")
_FUNCTION = re.compile(r"\bfunction\b|=>|^\s*func\b|^\s*(?:public|private|protected|static|\w+)\s[^=;]*\([^;]*\{?\s*$")


_DECLARATION = re.compile(r"^\s*(public|private|protected|static|final|class|func|function|[\w<>\[\],.?]+\s+\w+\s*\()")


def statements(text: str, javadoc: bool = False) -> list[tuple[int, str, int, int]]:
    """(line, statement, start, end) for each left-margin Time statement: it covers the lines from
    its comment's first line (``start``) up to the next statement's comment (``end``, excluded).
    ``javadoc``: the statement may be indented (a method's doc comment inside a class) when the
    first line after its comment declares something."""
    lines = text.split("\n")
    found = []
    for i, line in enumerate(lines, 1):
        if line.startswith(("  ", "\t")) and not (javadoc and _before_declaration(lines, i)):
            continue
        m = _STATEMENT.match(line.strip() if javadoc else line)
        if m:
            start = i
            while start > 1 and lines[start - 2].lstrip().startswith(("*", "/*", "//")) and not lines[start - 2].rstrip().endswith("*/"):
                start -= 1
            found.append((i, _FUNCS.sub(lambda f: f.group(1).lower() + "(", m.group(1)), start))
    out = []
    for k, (ln, st, start) in enumerate(found):
        end = found[k + 1][2] if k + 1 < len(found) else len(lines) + 1
        if k + 1 < len(found) and found[k + 1][2] == start:  # two statements in one comment: the same code
            end = next((f[2] for f in found[k + 1:] if f[2] != start), len(lines) + 1)
        out.append((ln, st, start, end))
    return out


_COST = re.compile(r"^Cost:\s*\n-\s*(.*?)\s+time\b", re.M)
_TESTS = re.compile(r"^(Test|Benchmark|Example|Fuzz)[A-Z_]|^(Test|Benchmark|Example|Fuzz)$")


def cost_samples(repo: Path, folder: str, counts: dict) -> list[cc.Sample]:
    out: list[cc.Sample] = []
    for path in sorted(p for p in (repo / folder).rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        rel = path.relative_to(repo).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        m = _COST.search(text)
        if not m:
            continue
        try:
            stated = cc.stated_degree(m.group(1))
        except cc.Unmapped:
            counts["unmapped statements"] = counts.get("unmapped statements", 0) + 1
            continue
        fcs = _orders(rel, text, SUFFIXES[path.suffix])
        if fcs is None:
            counts["unparsed solutions"] = counts.get("unparsed solutions", 0) + 1
            continue
        mine = [f for f in fcs if f.line and not _TESTS.match(f.name.rsplit(".", 1)[-1])]
        line = text[:m.start()].count("\n") + 1
        if mine:
            worst = max(mine, key=lambda f: (f.cost.order, -f.line))
            out.append(cc.Sample(rel, line, stated, cc._ours(worst.cost.order), (worst.name, str(worst.line))))
        else:
            out.append(cc.Sample(rel, line, stated, 0, ("(no loop, no recursion: not analysed)", "0")))
    return out


def _orders(rel: str, text: str, language: str):
    src = Source.from_bytes(rel, text.encode(), language=language)
    try:
        tree = parsing.parse_ts(src)
        return ts_order.analyze(tree, src) if tree is not None else None
    except parsing.ParseError:
        return None


def _before_declaration(lines: list[str], i: int) -> bool:
    """Line ``i`` (1-based) is in a comment whose first following code line declares something."""
    for line in lines[i:i + 8]:
        t = line.strip()
        if not t or t.startswith(("*", "/*", "//", "@")):
            continue
        return bool(_DECLARATION.match(t))
    return False


def samples(repo: Path, folder: str, counts: dict, javadoc: bool = False) -> list[cc.Sample]:
    out: list[cc.Sample] = []
    for path in sorted(p for p in (repo / folder).rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        rel = path.relative_to(repo).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        stmts = statements(text, javadoc)
        if not stmts:
            continue
        lines = text.split("\n")
        for line, statement, start, end in stmts:
            try:
                stated = cc.stated_degree(statement)
            except cc.Unmapped:
                counts["unmapped statements"] = counts.get("unmapped statements", 0) + 1
                continue
            fcs = _orders(rel, "\n" * (start - 1) + "\n".join(lines[start - 1:end - 1]), SUFFIXES[path.suffix])
            if fcs is None:
                counts["unparsed solutions"] = counts.get("unparsed solutions", 0) + 1
                continue
            fcs = [f for f in fcs if f.line]
            mine = [f for f in fcs if line < f.line < end]
            if mine:
                worst = max(mine, key=lambda f: (f.cost.order, -f.line))
                out.append(cc.Sample(rel, line, stated, cc._ours(worst.cost.order), (worst.name, str(worst.line))))
            elif any(_FUNCTION.search(x) for x in lines[line:end - 1]):
                out.append(cc.Sample(rel, line, stated, 0, ("(no loop, no recursion: not analysed)", "0")))
            else:
                counts["statements without a function"] = counts.get("statements without a function", 0) + 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", required=True, type=Path, help="checkout of the solutions repository")
    ap.add_argument("--folder", required=True, help="folder of solutions inside it (e.g. javascript)")
    ap.add_argument("--misses", choices=["dev"], help="list the dev half's misses (never the test half's)")
    ap.add_argument("--layout", choices=["doc", "javadoc", "cost"], default="doc",
                    help="doc: a Time line in the doc comment of each solution; javadoc: the same, also "
                         "indented before a method (fishercoder1534/Leetcode, Java); cost: a Cost: header per file")
    args = ap.parse_args(argv)
    counts: dict[str, int] = {}
    if args.layout == "cost":
        ss = cost_samples(args.repo, args.folder, counts)
    else:
        ss = samples(args.repo, args.folder, counts, javadoc=args.layout == "javadoc")
    print(f"## {args.folder}")
    print("skipped: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))
    parts = {h: [s for s in ss if cc.half(s.path) == h] for h in ("dev", "test")}
    table = {h: cc.score(part) for h, part in parts.items()}
    print("| metric | dev | test |\n|---|---|---|")
    for k in table["dev"]:
        print(f"| {k} | {table['dev'][k]} | {table['test'][k]} |")
    if args.misses == "dev":
        miss = sorted((s for s in parts["dev"] if s.ours != s.stated), key=lambda s: (str(s.stated), str(s.ours), s.path, s.line))
        print(f"\n### dev misses ({len(miss)})")
        for s in miss:
            print(f"stated {s.stated} ours {s.ours}  {s.path}:{s.line}  worst {s.functions[0]} (line {s.functions[1]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
