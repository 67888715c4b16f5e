#!/usr/bin/env python3
"""Real-world benchmark: the default scan of pinned real projects, compared with a committed triage.

Code nobody here wrote is the only fair test of a rule. This script

1. downloads the projects pinned in ``benchmarks/realworld.toml`` (PyPI sdists, npm tarballs, Debian packages
   that ship Go sources), checks each archive's SHA-256 and unpacks it under ``--work``
   (default ``benchmarks/.work/realworld``, which git ignores); nothing is downloaded twice;
2. scans each project with the default rules (``scanner scan --format json --no-cache``);
3. compares the findings with ``benchmarks/triage/<project>.toml``, where a person who read the code gave each
   finding a verdict (``true``, ``false`` or ``debatable``) and a one-line reason. Entries are keyed by rule,
   path and the finding's fingerprint, which does not change when lines move;
4. prints, per family and per rule: findings, triaged, verdicts, precision strict (only ``true`` counts) and
   lenient (``debatable`` counted true); then every untriaged finding, every ``true`` finding that is gone
   (a lost true positive) and every ``false``/``debatable`` entry whose finding is gone (remove it:
   ``--prune``).

Exit status: 0 when every finding is triaged and no true finding was lost, 1 otherwise, 2 on a setup error.

    python benchmarks/realworld.py                       # every project
    python benchmarks/realworld.py --project django      # one (repeatable)
    python benchmarks/realworld.py --stub                # add verdict = "todo" entries for the untriaged
    python benchmarks/realworld.py --prune               # drop entries of false findings that are gone
    python benchmarks/realworld.py --peers               # also count bandit/ruff/detect-secrets/semgrep findings
    python benchmarks/realworld.py --import-verdicts V.jsonl   # verdicts judged elsewhere, one JSON line each:
                                                         # project, rule, path, fingerprint, verdict, reason

Nothing here is a test; the numbers go into ``benchmarks/README.md`` by hand, with the date and commit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROJECTS_FILE = HERE / "realworld.toml"
TRIAGE_DIR = HERE / "triage"
VERDICTS = ("true", "false", "debatable")
FINGERPRINT_CHARS = 16


# ----- the pinned projects -----------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    name: str
    kind: str
    source: str  # pypi | npm | debian
    spec: str
    archive: str
    sha256: str
    scan: str = ""

    @property
    def triage_file(self) -> Path:
        return TRIAGE_DIR / f"{self.name}.toml"


def load_projects(path: Path = PROJECTS_FILE) -> list[Project]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Project(**entry) for entry in data["project"]]


def _run(cmd: list[str], **kw) -> None:
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(project: Project, downloads: Path) -> Path:
    """The project's archive in ``downloads``, fetched once with the ecosystem's own client."""
    downloads.mkdir(parents=True, exist_ok=True)
    archive = downloads / project.archive
    if not archive.exists():
        if project.source == "pypi":
            _run([sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:", "--no-deps",
                  project.spec, "-d", str(downloads)])
        elif project.source == "npm":
            _run(["npm", "pack", project.spec, "--silent", "--pack-destination", str(downloads)])
        elif project.source == "debian":
            _run(["apt-get", "download", "-q", project.spec], cwd=downloads)
        else:
            raise SystemExit(f"realworld: {project.name}: unknown source {project.source!r}")
    if not archive.exists():
        raise SystemExit(f"realworld: {project.name}: expected {archive.name} after the download")
    got = _sha256(archive)
    if got != project.sha256:
        raise SystemExit(f"realworld: {project.name}: {archive.name} has SHA-256 {got}, pinned {project.sha256}")
    return archive


def unpack(project: Project, archive: Path, trees: Path) -> Path:
    """The unpacked tree (a git repository of its own, so discovery works as in a checkout)."""
    dest = trees / project.name
    if not dest.exists():
        tmp = trees / f".{project.name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if project.source == "debian":
            _run(["dpkg-deb", "-x", str(archive), str(tmp)])
            top = tmp
        else:
            with tarfile.open(archive) as tar:
                tar.extractall(tmp, filter="data")
            entries = list(tmp.iterdir())
            top = entries[0] if len(entries) == 1 and entries[0].is_dir() else tmp
        root = top / project.scan if project.scan else top
        root.rename(dest)
        shutil.rmtree(tmp, ignore_errors=True)
    if not (dest / ".git").exists():
        # Without a repository of its own, the scanner checkout's .gitignore (benchmarks/.work/) would hide it.
        _run(["git", "init", "-q", str(dest)])
    return dest


# ----- scanning ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    rule: str
    family: str
    level: str
    path: str
    line: int
    fingerprint: str
    message: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.path, self.fingerprint[:FINGERPRINT_CHARS])


def scan(tree: Path, jobs: int, extra: list[str]) -> tuple[list[Found], list[dict]]:
    cmd = [sys.executable, "-m", "scanner", "scan", ".", "--format", "json", "--no-cache", "--fail-on", "never",
           "-j", str(jobs), *extra]
    proc = subprocess.run(cmd, cwd=tree, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"realworld: scanner failed on {tree} ({proc.returncode}):\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    found = [Found(f["rule_id"], f["family"], f["level"], f["path"], f["line"], f["fingerprint"], f["message"])
             for f in report["findings"] if not f.get("suppressed")]
    return found, report.get("notifications", [])


# ----- triage ------------------------------------------------------------------------------------


@dataclass
class Entry:
    rule: str
    path: str
    fingerprint: str
    line: int
    verdict: str
    reason: str
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.path, self.fingerprint[:FINGERPRINT_CHARS])

    @property
    def judged(self) -> bool:
        return self.verdict in VERDICTS and bool(self.reason.strip())


def load_triage(path: Path) -> list[Entry]:
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = []
    for item in data.get("finding", []):
        entries.append(Entry(rule=item["rule"], path=item["path"], fingerprint=item["fingerprint"],
                             line=int(item.get("line", 0)), verdict=item.get("verdict", "todo"),
                             reason=item.get("reason", ""), message=item.get("message", "")))
    return entries


def _toml_str(text: str) -> str:
    return json.dumps(text)  # a JSON string (ASCII, escaped) is a valid TOML basic string


def write_triage(project: Project, entries: list[Entry]) -> None:
    lines = [
        f"# Triage of the default scan of {project.spec} ({project.kind}), benchmarks/realworld.py.",
        "# One entry per finding, keyed by rule, path and fingerprint (line moves keep the key; `line` is where",
        "# the finding was when it was judged). verdict: true | false | debatable, with a one-line reason written",
        "# from the code. `message` is the scanner's (masked) message, for the reader.",
        "",
    ]
    for e in sorted(entries, key=lambda e: (e.path, e.line, e.rule, e.fingerprint)):
        lines += [
            "[[finding]]",
            f"rule = {_toml_str(e.rule)}",
            f"path = {_toml_str(e.path)}",
            f"line = {e.line}",
            f"fingerprint = {_toml_str(e.fingerprint[:FINGERPRINT_CHARS])}",
            f"verdict = {_toml_str(e.verdict)}",
            f"reason = {_toml_str(e.reason)}",
            f"message = {_toml_str(e.message)}",
            "",
        ]
    project.triage_file.parent.mkdir(parents=True, exist_ok=True)
    project.triage_file.write_text("\n".join(lines), encoding="utf-8")


@dataclass
class Comparison:
    project: Project
    found: list[Found]
    verdict_of: dict[tuple[str, str, str], Entry]
    untriaged: list[Found] = field(default_factory=list)
    gone: list[Entry] = field(default_factory=list)


def compare(project: Project, found: list[Found], entries: list[Entry]) -> Comparison:
    by_key = {e.key: e for e in entries}
    keys = {f.key for f in found}
    cmp = Comparison(project, found, {k: e for k, e in by_key.items() if k in keys and e.judged})
    cmp.untriaged = [f for f in found if f.key not in cmp.verdict_of]
    cmp.gone = [e for k, e in by_key.items() if k not in keys]
    return cmp


def import_verdicts(projects: list[Project], jsonl: Path) -> int:
    """Set the verdict and reason of the matching triage entries from ``jsonl``; returns how many were set."""
    by_project: dict[str, dict[tuple[str, str, str], dict]] = defaultdict(dict)
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        if line.strip():
            v = json.loads(line)
            if "tool" in v and "fingerprint" not in v:
                raise SystemExit(f"realworld: {jsonl}: peer verdicts (no fingerprint) go to --import-peer-verdicts")
            if v["verdict"] not in VERDICTS or not v["reason"].strip():
                raise SystemExit(f"realworld: {jsonl}: a verdict needs one of {VERDICTS} and a reason: {line}")
            by_project[v["project"]][(v["rule"], v["path"], v["fingerprint"][:FINGERPRINT_CHARS])] = v
    count = 0
    for project in projects:
        verdicts = by_project.get(project.name)
        if not verdicts:
            continue
        entries = load_triage(project.triage_file)
        for e in entries:
            v = verdicts.get(e.key)
            if v:
                e.verdict, e.reason = v["verdict"], v["reason"]
                count += 1
        write_triage(project, entries)
    return count


# ----- report ------------------------------------------------------------------------------------


def _precision(c: Counter) -> tuple[str, str]:
    judged = c["true"] + c["false"] + c["debatable"]
    if not judged:
        return "-", "-"
    return f"{c['true'] / judged:.2f}", f"{(c['true'] + c['debatable']) / judged:.2f}"


def table(comparisons: list[Comparison]) -> str:
    per_rule: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for cmp in comparisons:
        for f in cmp.found:
            c = per_rule[(f.family, f.rule)]
            c["findings"] += 1
            entry = cmp.verdict_of.get(f.key)
            if entry:
                c["triaged"] += 1
                c[entry.verdict] += 1
    rows = ["| family | rule | findings | triaged | true | debatable | false | precision strict | lenient |",
            "|---|---|---|---|---|---|---|---|---|"]
    families: dict[str, Counter] = defaultdict(Counter)
    for (family, rule), c in sorted(per_rule.items()):
        families[family].update(c)
        rows.append(f"| {family} | {rule} | {c['findings']} | {c['triaged']} | {c['true']} | {c['debatable']} "
                    f"| {c['false']} | {' | '.join(_precision(c))} |")
    for family, c in sorted(families.items()):
        rows.append(f"| **{family}** | all | {c['findings']} | {c['triaged']} | {c['true']} | {c['debatable']} "
                    f"| {c['false']} | {' | '.join(_precision(c))} |")
    return "\n".join(rows)


def level_table(comparisons: list[Comparison]) -> str:
    """Precision per family and SARIF level (the lint issue's targets are per level: error, warning)."""
    per: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for cmp in comparisons:
        for f in cmp.found:
            entry = cmp.verdict_of.get(f.key)
            c = per[(f.family, f.level)]
            c["findings"] += 1
            if entry:
                c[entry.verdict] += 1
    rows = ["| family | level | findings | true | debatable | false | precision strict | lenient |",
            "|---|---|---|---|---|---|---|---|"]
    for (family, level), c in sorted(per.items()):
        rows.append(f"| {family} | {level} | {c['findings']} | {c['true']} | {c['debatable']} | {c['false']} "
                    f"| {' | '.join(_precision(c))} |")
    return "\n".join(rows)


def per_project(comparisons: list[Comparison]) -> str:
    rows = ["| project | kind | findings | untriaged | true gone |", "|---|---|---|---|---|"]
    for cmp in comparisons:
        lost = sum(1 for e in cmp.gone if e.verdict == "true")
        rows.append(f"| {cmp.project.spec} | {cmp.project.kind} | {len(cmp.found)} | {len(cmp.untriaged)} "
                    f"| {lost} |")
    return "\n".join(rows)


# ----- peers (their findings are not triaged here: counted, and written out for sampled triage) -------

PEERS = {"bandit": "bandit==1.8.6", "detect-secrets": "detect-secrets==1.5.0", "ruff": "ruff==0.14.5",
         "semgrep": "semgrep==1.185.0"}
SEMGREP_LANGUAGES = ("python", "javascript", "go")


def _peer_findings(name: str, data, tree: Path) -> list[dict]:
    """One dict per finding (tool, rule, path relative to the tree, line, message), whatever the tool's JSON."""
    rel = lambda p: os.path.relpath(os.path.join(tree, p), tree)  # noqa: E731
    if name == "bandit":
        return [{"rule": r["test_id"], "path": rel(r["filename"]), "line": r["line_number"],
                 "message": r["issue_text"]} for r in data.get("results", [])]
    if name == "ruff":
        return [{"rule": r["code"] or "syntax", "path": rel(r["filename"]), "line": r["location"]["row"],
                 "message": r["message"]} for r in data]
    if name == "detect-secrets":
        return [{"rule": h["type"], "path": rel(path), "line": h["line_number"], "message": h["type"]}
                for path, hits in data.get("results", {}).items() for h in hits]
    return [{"rule": _semgrep_rule(r["check_id"]), "path": rel(r["path"]), "line": r["start"]["line"],
             "message": r["extra"]["message"][:200]} for r in data.get("results", [])]


def _semgrep_rule(check_id: str) -> str:
    """``python.lang.security.audit.eval-detected`` out of semgrep's id (prefixed with the rules folder's path)."""
    parts = check_id.split(".")
    starts = [i for i, part in enumerate(parts) if part in SEMGREP_LANGUAGES]
    return ".".join(parts[starts[-1]:]) if starts else check_id


def peer_findings(tree: Path, venv: Path, semgrep_rules: Path | None,
                  only: list[str] | None = None) -> dict[str, list[dict] | str]:
    """Each peer's findings on ``tree`` with its default rules (semgrep: the local rules folders given)."""
    bin_ = venv / "bin"
    commands = {
        "bandit": [str(bin_ / "bandit"), "-r", ".", "-f", "json", "-q"],
        # --isolated: ruff's own default rules, not the project's ruff config (the projects that have one are
        # clean under it, and we scan with our defaults too).
        "ruff": [str(bin_ / "ruff"), "check", ".", "--isolated", "--output-format", "json", "--no-cache",
                 "--exit-zero"],
        # --all-files: without it detect-secrets scans only files git tracks, and each tree is a fresh
        # `git init` with nothing tracked (0 findings everywhere).
        "detect-secrets": [str(bin_ / "detect-secrets"), "scan", "--all-files", "."],
    }
    if semgrep_rules:
        configs = [a for d in SEMGREP_LANGUAGES if (semgrep_rules / d).is_dir()
                   for a in ("--config", str(semgrep_rules / d))]
        commands["semgrep"] = [str(bin_ / "semgrep"), "scan", *configs, "--json", "--metrics", "off",
                               "--disable-version-check", "--quiet", "."]
    out: dict[str, list[dict] | str] = {}
    # scanner: ignore[CX002] each tool's output is read once: linear in their total size
    for name in only or PEERS:
        cmd = commands.get(name)
        if cmd is None:
            out[name] = "no rules given (--semgrep-rules)"
            continue
        if not Path(cmd[0]).exists():
            out[name] = "not installed"
            continue
        proc = subprocess.run(cmd, cwd=tree, capture_output=True, text=True)
        try:
            out[name] = _peer_findings(name, json.loads(proc.stdout), tree)
        except (json.JSONDecodeError, KeyError, TypeError):
            out[name] = f"failed ({proc.returncode})"
    return out


def sample_peers(peer_dir: Path, projects: list[Project], tools: list[str], size: int,
                 seed: int) -> list[Path]:
    """A simple random sample of ``size`` findings per tool, over the projects pooled (not stratified).

    The findings are put in one canonical order first (project, path, line, rule, message), so a seed gives the
    same sample whatever order the files were written in. Writes ``<tool>.sample.jsonl`` (a work list: one
    finding per line, to judge) beside the findings; returns those files."""
    written = []
    # scanner: ignore[CX001] each findings file is read once: linear in all the findings
    for tool in tools:
        pool = []
        for project in projects:
            findings = peer_dir / f"{project.name}.{tool}.jsonl"
            if not findings.exists():
                raise SystemExit(f"realworld: {findings} is missing: run --peers first")
            pool += [json.loads(line) for line in findings.read_text(encoding="utf-8").splitlines() if line]
        pool.sort(key=lambda f: (f["project"], f["path"], f["line"], f["rule"], f["message"]))
        chosen = random.Random(seed).sample(pool, min(size, len(pool)))
        out = peer_dir / f"{tool}.sample.jsonl"
        out.write_text("".join(json.dumps(f) + "\n" for f in chosen), encoding="utf-8")
        print(f"realworld: {tool}: {len(chosen)} of {len(pool)} findings (seed {seed}) -> {out}")
        written.append(out)
    return written


PEER_KEYS = ("project", "tool", "rule", "path", "line", "verdict", "reason")


def peer_sample_file(tool: str) -> Path:
    return TRIAGE_DIR / f"peers-{tool}-sample.toml"


def import_peer_verdicts(jsonl: Path, header: str) -> dict[str, int]:
    """Write ``benchmarks/triage/peers-<tool>-sample.toml`` from judged peer findings (JSON lines with
    project, tool, rule, path, line, verdict, reason); ``header`` says how the sample was drawn."""
    by_tool: dict[str, list[dict]] = defaultdict(list)
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        if line.strip():
            v = json.loads(line)
            if v.get("verdict") not in VERDICTS or not v.get("reason", "").strip():
                raise SystemExit(f"realworld: {jsonl}: a verdict needs one of {VERDICTS} and a reason: {line}")
            by_tool[v["tool"]].append(v)
    # scanner: ignore[CX002] the header is written once per tool file (four tools at most)
    for tool, judged in by_tool.items():
        lines = [f"# {text}" for text in header.splitlines()] + [""]
        for v in judged:
            lines += ["[[finding]]"] + [f"{k} = {v[k] if k == 'line' else _toml_str(str(v[k]))}"
                                        for k in PEER_KEYS] + [""]
        peer_sample_file(tool).write_text("\n".join(lines), encoding="utf-8")
    return {tool: len(judged) for tool, judged in by_tool.items()}


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% for z = 1.96)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def peer_precision() -> str:
    """Each judged peer sample's precision, strict and lenient, with 95% Wilson intervals."""
    rows = ["| tool | sampled | true | debatable | false | strict (95% CI) | lenient (95% CI) |",
            "|---|---|---|---|---|---|---|"]
    # scanner: ignore[CX002] each sample file is read once: linear in all the sampled findings
    for path in sorted(TRIAGE_DIR.glob("peers-*-sample.toml")):
        findings = tomllib.loads(path.read_text(encoding="utf-8")).get("finding", [])
        c = Counter(f["verdict"] for f in findings)
        n = sum(c[v] for v in VERDICTS)
        cells = []
        for k in (c["true"], c["true"] + c["debatable"]):
            low, high = wilson(k, n)
            cells.append(f"{k / n:.2f} ({low:.2f}-{high:.2f})" if n else "-")
        tool = path.stem.removeprefix("peers-").removesuffix("-sample")
        rows.append(f"| {tool} | {n} | {c['true']} | {c['debatable']} | {c['false']} | {' | '.join(cells)} |")
    return "\n".join(rows)


def write_peer_findings(project: Project, tree: Path, args: argparse.Namespace,
                        peer_dir: Path) -> dict[str, str]:
    """Run the peers on ``tree``; each one's findings go to PEER_DIR/<project>.<tool>.jsonl; their counts."""
    peer_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for tool, got in peer_findings(tree, args.work / "peers-venv", args.semgrep_rules, args.peer).items():
        if isinstance(got, str):
            counts[tool] = got
            continue
        counts[tool] = str(len(got))
        with (peer_dir / f"{project.name}.{tool}.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"project": project.name, "tool": tool, **f}) + "\n" for f in got)
    print(f"{project.name}: peers " + ", ".join(f"{t} {n}" for t, n in counts.items()), file=sys.stderr)
    return counts


def install_peers(venv: Path) -> None:
    if not (venv / "bin" / "bandit").exists():
        _run([sys.executable, "-m", "venv", str(venv)])
        for spec in PEERS.values():
            subprocess.run([str(venv / "bin" / "pip"), "install", "-q", spec], check=False)


# ----- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=HERE / ".work" / "realworld",
                    help="download and unpack here (default benchmarks/.work/realworld)")
    ap.add_argument("--project", action="append", default=[], help="only this project (repeatable)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--stub", action="store_true", help='add verdict = "todo" entries for untriaged findings')
    ap.add_argument("--prune", action="store_true",
                    help="remove entries of false/debatable findings that are gone (a gone true one stays)")
    ap.add_argument("--peers", action="store_true",
                    help="also run bandit, ruff, detect-secrets (and semgrep) on each project; their findings go "
                         "to WORK/peers/<project>.<tool>.jsonl for sampled triage")
    ap.add_argument("--peers-only", action="store_true",
                    help="run the peers (as --peers) without scanning with ours or comparing the triage")
    ap.add_argument("--peer", action="append", default=[], choices=list(PEERS),
                    help="with --peers: only this peer (repeatable; default all)")
    ap.add_argument("--semgrep-rules", type=Path, metavar="DIR",
                    help="a checkout of semgrep-rules (the scan is offline): its python/, javascript/, go/ folders")
    ap.add_argument("--quiet", action="store_true", help="no list of untriaged findings")
    ap.add_argument("--import-verdicts", type=Path, metavar="JSONL",
                    help="set verdicts judged elsewhere (JSON lines), then exit")
    ap.add_argument("--sample-peers", type=int, metavar="N",
                    help="draw a random sample of N findings per peer from WORK/peers (written by --peers) into "
                         "WORK/peers/<tool>.sample.jsonl, to judge, then exit (--peer to choose tools)")
    ap.add_argument("--seed", type=int, default=7, help="random seed of --sample-peers (default 7)")
    ap.add_argument("--import-peer-verdicts", type=Path, metavar="JSONL",
                    help="write benchmarks/triage/peers-<tool>-sample.toml from judged peer findings, then exit")
    ap.add_argument("--sample-note", default="",
                    help="with --import-peer-verdicts: how the sample was drawn (the file's header comment)")
    ap.add_argument("--peer-precision", action="store_true",
                    help="print the judged peer samples' precision with 95%% Wilson intervals, then exit")
    ap.add_argument("scanner_args", nargs="*", help="extra arguments for `scanner scan` (after --)")
    args = ap.parse_args(argv)

    projects = load_projects()
    if args.project:
        unknown = set(args.project) - {p.name for p in projects}
        if unknown:
            print(f"realworld: unknown project(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        projects = [p for p in projects if p.name in args.project]
    if args.import_verdicts:
        print(f"realworld: {import_verdicts(projects, args.import_verdicts)} verdicts set")
        return 0
    if args.sample_peers:
        sample_peers(args.work / "peers", projects, args.peer or list(PEERS), args.sample_peers, args.seed)
        return 0
    if args.import_peer_verdicts:
        counts = import_peer_verdicts(args.import_peer_verdicts, args.sample_note)
        print("realworld: " + ", ".join(f"{tool} {n}" for tool, n in counts.items()) + " peer verdicts written")
        return 0
    if args.peer_precision:
        print(peer_precision())
        return 0
    args.peers = args.peers or args.peers_only
    if args.peers:
        install_peers(args.work / "peers-venv")

    comparisons = []
    peers: dict[str, dict[str, str]] = {}
    peer_dir = args.work / "peers"
    for project in projects:  # scanner: ignore[CX002] each archive is hashed once: linear in their total size
        tree = unpack(project, download(project, args.work / "downloads"), args.work / "trees")
        if args.peers_only:
            peers[project.name] = write_peer_findings(project, tree, args, peer_dir)
            continue
        found, notifications = scan(tree, args.jobs, args.scanner_args)
        entries = load_triage(project.triage_file)
        cmp = compare(project, found, entries)
        comparisons.append(cmp)
        print(f"{project.name}: {len(found)} findings, {len(cmp.untriaged)} untriaged, {len(cmp.gone)} gone, "
              f"{len(notifications)} notifications", file=sys.stderr)
        if args.stub or args.prune:
            kept = [e for e in entries
                    if not (args.prune and e in cmp.gone and e.verdict in ("false", "debatable", "todo"))]
            known = {e.key for e in kept}
            messages = {f.key: (f.line, f.message) for f in found}
            for e in kept:  # refresh where the finding is now, for the reader
                if e.key in messages:
                    e.line, e.message = messages[e.key]
            if args.stub:
                kept += [Entry(f.rule, f.path, f.fingerprint, f.line, "todo", "", f.message)
                         for f in cmp.untriaged if f.key not in known]
            write_triage(project, kept)
        if args.peers:
            peers[project.name] = write_peer_findings(project, tree, args, peer_dir)

    if comparisons:
        print("\n## Per project\n")
        print(per_project(comparisons))
        print("\n## Per family and rule (default rules)\n")
        print(table(comparisons))
        print("\n## Per family and level\n")
        print(level_table(comparisons))
    if args.peers:
        names = args.peer or list(PEERS)
        print(f"\n## Peers' findings on the same trees (listed in {peer_dir})\n")
        print("| project | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for name, counts in peers.items():
            print(f"| {name} | " + " | ".join(counts.get(n, "-") for n in names) + " |")
        print("\n## Peers' precision on their judged samples (benchmarks/triage/peers-*-sample.toml)\n")
        print(peer_precision())

    untriaged = [(cmp.project.name, f) for cmp in comparisons for f in cmp.untriaged]
    lost = [(cmp.project.name, e) for cmp in comparisons for e in cmp.gone if e.verdict == "true"]
    stale = [(cmp.project.name, e) for cmp in comparisons for e in cmp.gone if e.verdict != "true"]
    if untriaged and not args.quiet:
        print(f"\n## Untriaged findings ({len(untriaged)})\n")
        for name, f in sorted(untriaged, key=lambda t: (t[0], t[1].path, t[1].line)):
            print(f"UNTRIAGED {name}: {f.path}:{f.line} {f.rule} {f.message}")
    if lost:
        print(f"\n## True findings that are gone ({len(lost)}): lost true positives\n")
        for name, e in lost:
            print(f"LOST {name}: {e.path}:{e.line} {e.rule} ({e.reason})")
    if stale and not args.prune:
        print(f"\n## Entries whose finding is gone ({len(stale)}): remove them (--prune)\n")
        for name, e in stale:
            print(f"GONE {name}: {e.path}:{e.line} {e.rule} [{e.verdict}] ({e.reason})")
    print(f"\nsummary: {sum(len(c.found) for c in comparisons)} findings, {len(untriaged)} untriaged, "
          f"{len(lost)} true findings lost, {len(stale)} stale entries")
    return 1 if untriaged or lost else 0


if __name__ == "__main__":
    sys.exit(main())
