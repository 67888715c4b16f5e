"""Score the data-flow (and security lint) rules on two public labeled corpora, per CWE, beside bandit and semgrep.

Fetches nothing: point it at directories you brought in yourself (never committed).

    python benchmarks/dataflow_corpora.py --codeql DIR --semgrep DIR [--no-peers] [--json OUT] [--misses]

Corpora
-------
* ``--codeql DIR``: GitHub CodeQL's Python query tests (``python/ql/test/query-tests/Security/CWE-*``), one
  directory per query named ``CWE-NNN-Name`` (the CWE comes from the directory name), with the ``.py`` test files
  and, where the tests carry no inline labels, the query's ``.expected`` file. A line is labeled by, in order:
  inline expectations (``# $ Alert`` / ``# $ MISSING: Alert``: positive; ``# $ SPURIOUS: Alert``: negative; in a
  file that uses them every other line is negative, as CodeQL's inline-expectation tests fail on any other
  alert); else trailing ``# NOT OK`` / ``# BAD`` (positive) and ``# OK`` / ``# GOOD`` (negative; a comment that
  says both, "OK if only on UNIX, NOT OK on Windows", is left out); else the ``#select`` rows of the ``.expected``
  file (positive; realigned when the stored ``.expected`` belongs to a version of the test with shifted lines:
  the shift that makes the most rows' columns end on a line end is used, and reported).
* ``--semgrep DIR``: a checkout of semgrep-rules (its ``python/`` tree): each test ``.py`` beside rule ``.yaml``
  files, annotated ``# ruleid: <id>`` (positive) / ``# todoruleid:`` (positive semgrep misses) and ``# ok: <id>`` /
  ``# todook:`` (negative) on the line before the labeled one or at its end. The CWE is the first CWE of the named
  rule's ``metadata.cwe``. Rules are split into ``taint`` (``mode: taint``: a source-to-sink flow) and
  ``pattern`` (everything else: many flag an API regardless of data, e.g. every ``shell=True``).

Scoring
-------
Labels and findings are compared per statement: a finding on any line of the statement that holds the labeled
line counts (multi-line calls). A tool finds a positive when one of its findings on that statement carries a CWE
of the label's CWE group (e.g. 94/95 code injection, 77/78/88 command, 22/23/36/73 path, 611/776/827 XML,
326/327/328/916 weak crypto, 330/338 randomness, 614/1004 cookies). A false finding is a finding of the same
group on a negative line. Findings on unlabeled lines of files without inline expectations are not scored (the
corpora do not say whether those lines are safe); they are counted as "unscored".

Tools: scanner (the default rule set, all families; CWEs from its SARIF ``tool.driver.rules[].properties.tags``),
bandit (``issue_cwe``), semgrep (``--config`` on the semgrep-rules ``python/`` directory given, offline,
``--metrics=off``; note that semgrep on its own rules' tests is circular: those tests were written for those
rules). Peers missing from PATH are reported as not run.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

GROUPS: tuple[frozenset[int], ...] = (
    frozenset({77, 78, 88}),
    frozenset({94, 95, 96}),
    frozenset({79, 80, 116}),
    frozenset({22, 23, 35, 36, 73}),
    frozenset({611, 776, 827}),
    frozenset({326, 327, 328, 916}),
    frozenset({330, 338}),
    frozenset({614, 1004, 1275}),
    frozenset({312, 532}),
    frozenset({74, 1336}),
)


def group(cwe: int) -> frozenset[int]:
    for g in GROUPS:
        if cwe in g:
            return g
    return frozenset({cwe})


@dataclass
class Label:
    corpus: str  # codeql | semgrep-taint | semgrep-pattern
    path: Path
    line: int
    cwe: int
    positive: bool
    origin: str  # rule id / query dir


@dataclass
class FileInfo:
    stmt_of: dict[int, int] = field(default_factory=dict)  # line -> first line of the innermost statement
    inline: bool = False  # every unlabeled line is negative (CodeQL inline expectations)
    cwe: int | None = None


def statement_map(path: Path) -> dict[int, int]:
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError):
        return {}
    spans: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            end = node.end_lineno or node.lineno
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                end = node.body[0].lineno - 1 if node.body else end  # the header only
            elif hasattr(node, "body") and isinstance(getattr(node, "body"), list) and node.body:
                end = node.body[0].lineno - 1  # compound statement: its header
            spans.append((node.lineno, max(end, node.lineno)))
    out: dict[int, int] = {}
    for start, end in sorted(spans, key=lambda s: s[1] - s[0], reverse=True):
        for line in range(start, end + 1):
            out[line] = start  # smaller spans overwrite larger ones
    return out


# ---------------------------------------------------------------------------------------------- CodeQL

INLINE = re.compile(r"#\s*\$\s*(?P<body>.*)$")
CWE_DIR = re.compile(r"^CWE-0*(\d+)")


def _trailing_comment(line: str) -> str | None:
    # a code line's trailing comment (not a comment-only line); good enough for test files
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    idx = line.find("#")
    while idx != -1:
        before = line[:idx]
        if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
            return line[idx:]
        idx = line.find("#", idx + 1)
    return None


def _expected_rows(expected: Path) -> list[tuple[str, int, int, int]]:
    rows = []
    text = expected.read_text(errors="replace")
    if "#select" in text:
        text = text.split("#select", 1)[1]
    for m in re.finditer(r"^\| (?P<f>[\w./-]+\.py):(\d+):(\d+):(\d+):(\d+) \|", text, re.M):
        rows.append((m.group("f"), int(m.group(2)), int(m.group(3)), int(m.group(5))))
    return rows


def _realign(lines: list[str], rows: list[tuple[int, int, int]]) -> int:
    best, best_score = 0, -1
    for shift in range(-8, 9):
        score = 0
        for line, col, endcol in rows:
            n = line + shift
            if 1 <= n <= len(lines):
                text = lines[n - 1].split("#")[0].rstrip()
                if len(text) >= endcol and text[col - 1 : col] not in ("", " "):
                    score += 1 + (len(text) == endcol)
        if score > best_score or (score == best_score and abs(shift) < abs(best)):
            best, best_score = shift, score
    return best


def codeql_labels(root: Path, infos: dict[Path, FileInfo], notes: list[str]) -> list[Label]:
    labels: list[Label] = []
    for qdir in sorted(p for p in root.rglob("CWE-*") if p.is_dir()):
        m = CWE_DIR.match(qdir.name)
        if not m:
            continue
        cwe = int(m.group(1))
        expected_rows: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for exp in qdir.glob("*.expected"):
            for fname, line, col, endcol in _expected_rows(exp):
                expected_rows[Path(fname).name].append((line, col, endcol))
        for py in sorted(qdir.rglob("*.py")):
            lines = py.read_text(errors="replace").splitlines()
            info = infos.setdefault(py, FileInfo())
            info.stmt_of = statement_map(py)
            info.cwe = cwe
            found: list[Label] = []
            inline = any(INLINE.search(x) and "Alert" in x for x in lines)
            for no, text in enumerate(lines, 1):
                if inline:
                    mm = INLINE.search(text)
                    if mm and "Alert" in mm.group("body"):
                        body = mm.group("body")
                        if re.search(r"SPURIOUS:[^$]*Alert", body) and not re.search(r"Alert[^$]*SPURIOUS", body):
                            found.append(Label("codeql", py, no, cwe, False, qdir.name))
                        else:
                            found.append(Label("codeql", py, no, cwe, True, qdir.name))
                    continue
                comment = _trailing_comment(text)
                if not comment:
                    continue
                c = comment.lstrip("#").strip().upper()
                bad = c.startswith(("NOT OK", "BAD")) or " NOT OK" in c
                good = c.startswith(("OK", "GOOD"))
                if bad and good:
                    continue
                if bad or good:
                    found.append(Label("codeql", py, no, cwe, bad, qdir.name))
            if not found and expected_rows.get(py.name):
                rows = expected_rows[py.name]
                shift = _realign(lines, rows)
                if shift:
                    notes.append(f"{py.relative_to(root)}: .expected rows realigned by {shift:+d} lines")
                for line, _c, _e in rows:
                    found.append(Label("codeql", py, line + shift, cwe, True, qdir.name + " (.expected)"))
            info.inline = inline
            labels.extend(found)
    return labels


# ---------------------------------------------------------------------------------------------- semgrep

ANNOT = re.compile(r"#\s*(?P<kind>todoruleid|ruleid|todook|ok)\s*:\s*(?P<ids>[\w.,\s-]+)")


def semgrep_rule_meta(root: Path) -> dict[str, tuple[list[int], str]]:
    import yaml

    meta: dict[str, tuple[list[int], str]] = {}
    for y in sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml")):
        try:
            doc = yaml.safe_load(y.read_text(errors="replace"))
        except yaml.YAMLError:
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
            continue
        for rule in doc["rules"]:
            if not isinstance(rule, dict) or "id" not in rule:
                continue
            cwes = []
            for c in (rule.get("metadata") or {}).get("cwe") or []:
                mm = re.match(r"CWE-0*(\d+)", str(c))
                if mm:
                    cwes.append(int(mm.group(1)))
            meta[str(rule["id"])] = (cwes, "taint" if rule.get("mode") == "taint" else "pattern")
    return meta


def semgrep_labels(root: Path, infos: dict[Path, FileInfo], notes: list[str]) -> list[Label]:
    meta = semgrep_rule_meta(root)
    labels: list[Label] = []
    skipped = Counter()
    for py in sorted(root.rglob("*.py")):
        if py.name.endswith(".fixed.py"):
            continue
        lines = py.read_text(errors="replace").splitlines()
        info = infos.setdefault(py, FileInfo())
        info.stmt_of = statement_map(py)
        for no, text in enumerate(lines, 1):
            mm = ANNOT.search(text)
            if not mm:
                continue
            target = no
            if text.strip().startswith("#"):
                target = no + 1
                while target <= len(lines) and (not lines[target - 1].strip() or lines[target - 1].strip().startswith("#")):
                    target += 1
            positive = mm.group("kind") in ("ruleid", "todoruleid")
            for rid in re.split(r"[,\s]+", mm.group("ids").strip()):
                if not rid:
                    continue
                cwes, mode = meta.get(rid) or meta.get(rid.rsplit(".", 1)[-1]) or ([], "")
                if not cwes:
                    skipped[rid] += 1
                    continue
                labels.append(Label(f"semgrep-{mode}", py, target, cwes[0], positive, rid))
    if skipped:
        notes.append(f"semgrep: {sum(skipped.values())} annotations name rules without a CWE (left out)")
    return labels


# ---------------------------------------------------------------------------------------------- tools

@dataclass(frozen=True)
class Hit:
    path: Path
    line: int
    end_line: int
    cwes: frozenset[int]
    rule: str
    steps: tuple[tuple[Path, int], ...] = ()  # the code flow's locations (scanner only)


def run_scanner(paths: list[Path]) -> list[Hit] | None:
    cmd = [sys.executable, "-m", "scanner", "scan", "--no-cache", "--format", "sarif", "--fail-on", "never", *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        print(proc.stderr[-2000:], file=sys.stderr)
        return None
    sarif = json.loads(proc.stdout)
    hits: list[Hit] = []
    for run in sarif["runs"]:
        rule_cwes: dict[str, frozenset[int]] = {}
        for r in run["tool"]["driver"].get("rules", []):
            tags = (r.get("properties") or {}).get("tags", [])
            rule_cwes[r["id"]] = frozenset(int(t.rsplit("-", 1)[1]) for t in tags if t.startswith("external/cwe/cwe-"))
        bases = {k: Path(v.get("uri", "").removeprefix("file://")) for k, v in run.get("originalUriBaseIds", {}).items()}
        for res in run.get("results", []):
            loc = res["locations"][0]["physicalLocation"]
            uri = loc["artifactLocation"]["uri"]
            p = Path(uri.removeprefix("file://"))
            if not p.is_absolute():
                p = bases.get(loc["artifactLocation"].get("uriBaseId", ""), Path.cwd()) / p
            reg = loc.get("region", {})
            line = reg.get("startLine", 1)
            steps = []
            for flow in res.get("codeFlows", []):
                for thread in flow.get("threadFlows", []):
                    for tl in thread.get("locations", []):
                        ph = tl.get("location", {}).get("physicalLocation", {})
                        u = ph.get("artifactLocation", {})
                        sp = Path(u.get("uri", "").removeprefix("file://"))
                        if not sp.is_absolute():
                            sp = bases.get(u.get("uriBaseId", ""), Path.cwd()) / sp
                        steps.append((sp.resolve(), ph.get("region", {}).get("startLine", 0)))
            hits.append(Hit(p.resolve(), line, reg.get("endLine", line), rule_cwes.get(res["ruleId"], frozenset()),
                            res["ruleId"], tuple(steps)))
    return hits


def run_bandit(paths: list[Path]) -> list[Hit] | None:
    exe = shutil.which("bandit")
    if not exe:
        return None
    proc = subprocess.run([exe, "-r", "-q", "-f", "json", *map(str, paths)], capture_output=True, text=True)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return None
    hits = []
    for r in data.get("results", []):
        cwe = (r.get("issue_cwe") or {}).get("id")
        lines = r.get("line_range") or [r["line_number"]]
        hits.append(Hit(Path(r["filename"]).resolve(), min(lines), max(lines), frozenset({cwe} if cwe else ()), r["test_id"]))
    return hits


def run_semgrep(paths: list[Path], rules: Path) -> list[Hit] | None:
    exe = shutil.which("semgrep")
    if not exe:
        return None
    env = {**__import__("os").environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    cmd = [exe, "scan", "--config", str(rules), "--metrics=off", "--disable-version-check", "--json", "-q",
           "--no-git-ignore", *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        print(proc.stderr[-2000:], file=sys.stderr)
        return None
    hits = []
    for r in data.get("results", []):
        cwes = set()
        for c in (r.get("extra", {}).get("metadata") or {}).get("cwe") or []:
            mm = re.match(r"CWE-0*(\d+)", str(c))
            if mm:
                cwes.add(int(mm.group(1)))
        hits.append(Hit(Path(r["path"]).resolve(), r["start"]["line"], r["end"]["line"], frozenset(cwes), r["check_id"]))
    return hits


# ---------------------------------------------------------------------------------------------- scoring

@dataclass
class Score:
    pos: int = 0
    found: int = 0
    neg: int = 0
    false: int = 0


def score(labels: list[Label], infos: dict[Path, FileInfo], hits: list[Hit], via_flow: bool = False):
    """``via_flow``: a positive is also found by a finding whose code flow passes through its statement
    (semgrep-rules label some taint rules where the string is built, e.g. ``url = "https://%s" % host``,
    the line before the call that sends it); negatives still count only a finding's own location."""
    by_stmt: dict[tuple[Path, int], list[Hit]] = defaultdict(list)
    by_step: dict[tuple[Path, int], list[Hit]] = defaultdict(list)
    for h in hits:
        info = infos.get(h.path)
        if info is None:
            continue
        stmts = {info.stmt_of.get(n, n) for n in range(h.line, h.end_line + 1)}
        for s in stmts:
            by_stmt[(h.path, s)].append(h)
        for path, line in h.steps if via_flow else ():
            step_info = infos.get(path)
            if step_info is not None:
                by_step[(path, step_info.stmt_of.get(line, line))].append(h)
    table: dict[tuple[str, int], Score] = defaultdict(Score)
    missed: list[Label] = []
    false: list[tuple[Label, Hit]] = []
    labeled: set[tuple[Path, int, frozenset[int]]] = set()
    for lab in labels:
        path = lab.path.resolve()
        info = infos[lab.path]
        s = info.stmt_of.get(lab.line, lab.line)
        g = group(lab.cwe)
        labeled.add((path, s, g))
        cands = [h for h in by_stmt.get((path, s), []) if h.cwes & g]
        if lab.positive and not cands:
            cands = [h for h in by_step.get((path, s), []) if h.cwes & g]
        key = (lab.corpus, min(g))
        sc = table[key]
        if lab.positive:
            sc.pos += 1
            if cands:
                sc.found += 1
            else:
                missed.append(lab)
        else:
            sc.neg += 1
            if cands:
                sc.false += 1
                false.append((lab, cands[0]))
    # CodeQL inline-expectation files: any other finding of the file's CWE group is false
    unscored = 0
    for h in hits:
        info = infos.get(h.path) or infos.get(Path(h.path))
        if info is None:
            continue
        s = info.stmt_of.get(h.line, h.line)
        if info.inline and info.cwe is not None:
            g = group(info.cwe)
            if h.cwes & g and (h.path, s, g) not in labeled:
                sc = table[("codeql", min(g))]
                sc.neg += 1
                sc.false += 1
                false.append((Label("codeql", h.path, h.line, info.cwe, False, "unlabeled (inline file)"), h))
                labeled.add((h.path, s, g))
                continue
        if not any((h.path, s, group(c)) in labeled for c in h.cwes):
            unscored += 1
    return table, missed, false, unscored


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--codeql", type=Path)
    ap.add_argument("--semgrep", type=Path, help="semgrep-rules checkout (its python/ tree is used)")
    ap.add_argument("--no-peers", action="store_true", help="run the scanner only")
    ap.add_argument("--json", type=Path, help="write the per-CWE table and the misses here")
    ap.add_argument("--peers-cache", type=Path, help="reuse (or write) bandit's and semgrep's findings here")
    ap.add_argument("--misses", action="store_true", help="list the scanner's misses and false findings")
    args = ap.parse_args(argv)
    infos: dict[Path, FileInfo] = {}
    notes: list[str] = []
    labels: list[Label] = []
    paths: list[Path] = []
    sg_rules: Path | None = None
    if args.codeql:
        labels += codeql_labels(args.codeql.resolve(), infos, notes)
        paths.append(args.codeql.resolve())
    if args.semgrep:
        root = args.semgrep.resolve()
        sg_rules = root / "python" if (root / "python").is_dir() else root
        labels += semgrep_labels(sg_rules, infos, notes)
        paths.append(sg_rules)
    if not labels:
        ap.error("no labels: give --codeql and/or --semgrep")
    infos = {p.resolve(): i for p, i in infos.items()}
    for lab in labels:
        lab.path = lab.path.resolve()
    tools: dict[str, list[Hit] | None] = {"scanner": run_scanner(paths)}
    if not args.no_peers:
        cached = json.loads(args.peers_cache.read_text()) if args.peers_cache and args.peers_cache.exists() else None
        if cached:
            for name, rows in cached.items():
                tools[name] = None if rows is None else [
                    Hit(Path(r[0]), r[1], r[2], frozenset(r[3]), r[4]) for r in rows]
        else:
            tools["bandit"] = run_bandit(paths)
            tools["semgrep"] = run_semgrep(paths, sg_rules) if sg_rules else None
            if args.peers_cache:
                args.peers_cache.write_text(json.dumps({
                    n: None if tools[n] is None else [[str(h.path), h.line, h.end_line, sorted(h.cwes), h.rule] for h in tools[n]]
                    for n in ("bandit", "semgrep")}))
    results = {name: (score(labels, infos, hits) if hits is not None else None) for name, hits in tools.items()}
    for n in notes:
        print("note:", n)
    print(f"labels: {sum(l.positive for l in labels)} positive, {sum(not l.positive for l in labels)} negative "
          f"in {len({l.path for l in labels})} files")
    keys = sorted({k for r in results.values() if r for k in r[0]}, key=lambda k: (k[0], k[1]))
    names = list(tools)
    head = "| corpus | CWE | positives | " + " | ".join(f"{n} found" for n in names) + " | negatives | " + \
        " | ".join(f"{n} false" for n in names) + " |"
    print(head)
    print("|" + "---|" * (4 + 2 * len(names)))
    totals: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
    for key in keys:
        ref = next(r[0][key] for r in results.values() if r and key in r[0])
        cells_f, cells_x = [], []
        for n in names:
            r = results[n]
            if r is None:
                cells_f.append("not run")
                cells_x.append("not run")
                continue
            sc = r[0].get(key, Score())
            cells_f.append(f"{sc.found}")
            cells_x.append(f"{sc.false}")
            t = totals[n][key[0]]
            t.pos += sc.pos
            t.found += sc.found
            t.neg += sc.neg
            t.false += sc.false
        print(f"| {key[0]} | {key[1]} | {ref.pos} | " + " | ".join(cells_f) + f" | {ref.neg} | " + " | ".join(cells_x) + " |")
    print()
    for corpus in sorted({k[0] for k in keys}):
        parts = []
        for n in names:
            if results[n] is None:
                parts.append(f"{n}: not run")
                continue
            t = totals[n][corpus]
            rec = t.found / t.pos if t.pos else 0.0
            parts.append(f"{n}: recall {t.found}/{t.pos} = {rec:.2f}, false {t.false}/{t.neg}")
        print(f"{corpus}: " + "; ".join(parts))
    lenient = score(labels, infos, tools["scanner"], via_flow=True)[0] if tools["scanner"] is not None else {}
    for corpus in sorted({k[0] for k in lenient}):
        pos = sum(v.pos for k, v in lenient.items() if k[0] == corpus)
        found = sum(v.found for k, v in lenient.items() if k[0] == corpus)
        print(f"{corpus}: scanner, counting a finding whose code flow passes the labeled statement: recall {found}/{pos} = {found / pos if pos else 0:.2f}")
    for n in names:
        if results[n] is not None:
            print(f"{n}: {results[n][3]} findings on unscored lines")
    if args.misses and results["scanner"]:
        _, missed, false, _ = results["scanner"]
        print("\nscanner misses:")
        for lab in missed:
            print(f"  MISS {lab.corpus} CWE-{lab.cwe} {lab.path}:{lab.line} [{lab.origin}]")
        print("scanner false findings:")
        for lab, h in false:
            print(f"  FALSE {lab.corpus} CWE-{lab.cwe} {lab.path}:{lab.line} {h.rule} [{lab.origin}]")
    if args.json:
        out = {
            n: None if r is None else {
                "table": {f"{k[0]}:{k[1]}": vars(v) for k, v in r[0].items()},
                "missed": [f"{l.corpus} CWE-{l.cwe} {l.path}:{l.line} {l.origin}" for l in r[1]],
                "false": [f"{l.corpus} CWE-{l.cwe} {l.path}:{l.line} {h.rule}" for l, h in r[2]],
            }
            for n, r in results.items()
        }
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
