#!/usr/bin/env python3
"""Secrets on real labeled credentials: Samsung's CredData, scored on the original repositories.

    python benchmarks/credata.py prepare --credata GIT_DIR --mirrors /work/.mirror --data DIR
    python benchmarks/credata.py score --data DIR [--split dev|test|all] [--misses] [--detect-secrets]

Nothing is downloaded and nothing from CredData or its repositories is committed. ``prepare`` reads
git directories that are already on this machine (CredData's own, for ``meta/*.csv`` and
``snapshot.json``, and one git directory per repository, found as ``MIRRORS/<owner>+<name>/repo``)
and writes, under ``DIR``: ``meta/<id>.csv`` and ``snapshot.json`` for the selected repositories, and
``repos/<id>/<original path>`` for every labeled file at the commit CredData pins. The values are
the original ones (CredData's own download script obfuscates them; we read the pinned commits
instead, so the scanner sees the real text and the real file paths).

Selection (fixed below, never by score): CredData's meta files in name order, skipping the 15
reserved repositories, repositories with no true label, and repositories with more than 300 true
labels (one of them would outweigh all the others: openssl has 5,165), until 56 repositories.
Repositories whose pinned commit is not in the local git directory are skipped at ``prepare``
time (the list of skipped ones is printed and written to ``DIR/skipped.txt``). The split is by
position in that list: even positions are the **dev** half (its misses may be read while working
on the rules), odd positions the **test** half (only its numbers are read).

Scoring (CredData's convention: only labeled lines count). A label is a row of ``meta/*.csv``:
file, ``LineStart:LineEnd``, ``GroundTruth`` (T = a credential; F and X = not one), the value's
``ValueStart:ValueEnd`` on the line and a ``Category`` (``Password``, ``Token``, ``Key``, ...,
several joined by ``:``). A finding is one reported region, counted once per (file, line range).

- lenient: a true label is found when a finding's lines overlap its lines; a finding is a false
  positive when it overlaps no true label and overlaps a false (F/X) label. Findings on lines
  that carry no label are counted apart ("unlabeled") and not in the precision (CredData's
  labels cover what several scanners reported; a line none of them reported has no truth);
  ``precision (all lines)`` counts them as false positives too, the pessimistic reading.
- strict: as lenient, but the finding's span must overlap the labeled value's span
  (``ValueStart:ValueEnd``; a label without a value span falls back to its lines).

Recall is given per category (a label counts in each of its categories); false positives per
category are those of the F/X label they sit on. With ``--detect-secrets`` (when installed) the
same files are scanned by ``detect-secrets scan --all-files`` and scored the same way (lenient
only: it reports lines, not spans).
"""

from __future__ import annotations

import argparse
import binascii
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

# Never fetched, read or scored: the reserved evaluation repositories (../shared/RESERVED.md).
RESERVED = frozenset(name.lower() for name in (
    "francescomalatesta/laravel-api-boilerplate-jwt", "aio-libs/aiomysql", "threedr3am/learnjavabug",
    "hussien89aa/KotlinUdemy", "gilesknap/gphotos-sync", "postmanlabs/har-to-postman", "slackhq/slack-api-docs",
    "panva/jose", "paramiko/paramiko", "Mastercard/client-encryption-java", "appleboy/gorush", "probot/probot",
    "cloudfoundry/credhub", "phpseclib/phpseclib", "Clear-Bible/ClearDashboard",
))

# The selection rule applied to CredData at c2e5761a (see the module docstring): (meta id, repository).
SELECTED = (
    ("00408ef6", "LibreSprite/LibreSprite"), ("0064e882", "microsoft/VFSForGit"), ("02dfa7ec", "arachnys/cabot"),
    ("0401c075", "ubisoft/massgate"), ("0436af4a", "git-ecosystem/git-credential-manager"),
    ("05357e88", "gojhonny/CredCrack"), ("057480bf", "hashcat/hashcat"),
    ("06dd1bf2", "grafana/grafana-com-public-clients"), ("07715e92", "scalikejdbc/scalikejdbc"),
    ("08295bf0", "tpolecat/skunk"), ("0a0d22aa", "hoto/jenkins-credentials-decryptor"),
    ("0b0a8cd6", "tgbot-collection/YYeTsBot"), ("0ce78112", "NullArray/AutoSploit"), ("0de15ccf", "aspnet/Security"),
    ("0f133e09", "PyGithub/PyGithub"), ("0fc802c8", "kubernetes-sigs/kubespray"), ("10e03406", "rancher/rancher"),
    ("110f8d35", "MyCATApache/Mycat-Server"), ("16fc0238", "feathersjs/feathers"), ("177cf0f9", "XTLS/Xray-core"),
    ("1a2de400", "grpc-ecosystem/grpc-gateway"), ("1ca5e942", "predis/predis"), ("1ce69180", "sferik/twitter"),
    ("1d8ec728", "composer/composer"), ("1e007c58", "nntaoli-project/goex"), ("1fb36b4f", "an-tao/drogon"),
    ("1fd3645c", "python273/vk_api"), ("2035b073", "scwuaptx/CTF"), ("20b9d2a4", "rabbitmq/rabbitmq-tutorials"),
    ("21867a14", "kivy/python-for-android"), ("22548287", "DefactoSoftware/Hours"), ("234978d9", "99designs/aws-vault"),
    ("255bae6f", "huginn/huginn"), ("262e8107", "anthropics/claude-cookbooks"),
    ("271c71d8", "googleprojectzero/sandbox-attacksurface-analysis-tools"), ("28728ab4", "go-acme/lego"),
    ("288eaba8", "knex/knex"), ("29d5ecae", "jenkinsci/gitlab-plugin"), ("2c47a91c", "askmike/gekko"),
    ("2cca776b", "sherlock-project/sherlock"), ("2df212a2", "boto/boto3"), ("2e665fa9", "deepstreamIO/deepstream.io"),
    ("2e6b3af5", "scribejava/scribejava"), ("2e944350", "thephpleague/oauth2-server"),
    ("30201159", "tweetstream/tweetstream"), ("31423103", "sahat/hackathon-starter"),
    ("32f5ea73", "symfony/security-core"), ("349ac2b1", "heartcombo/devise"), ("34cb4bc8", "ThreeMammals/Ocelot"),
    ("353ae7fa", "8treenet/freedom"), ("35c273e2", "microsoft/Git-Credential-Manager-for-Mac-and-Linux"),
    ("369d561d", "redisson/redisson"), ("36b76643", "netlify/gocommerce"), ("36d0fbbb", "LonamiWebs/Telethon"),
    ("371ea6d8", "mailgun/mailgun-php"), ("372310b3", "wuyouzhuguli/SpringAll"),
)
SPLIT = {rid: ("dev" if i % 2 == 0 else "test") for i, (rid, _name) in enumerate(SELECTED)}
NAMES = dict(SELECTED)


def repo_id(snapshot_key: str) -> str:
    """CredData's meta id of a snapshot entry: the CRC32 of the key's bytes."""
    return f"{binascii.crc32(binascii.unhexlify(snapshot_key)):08x}"


def file_id(path: str) -> str:
    """CredData's FileID: the first 8 hex digits of the SHA-256 of the path in the repository."""
    return hashlib.sha256(path.encode()).hexdigest()[:8]


def _refuse_reserved(name: str) -> None:
    if name.lower().removesuffix(".git") in RESERVED:
        sys.exit(f"refusing to use reserved repository {name}")


# ----- prepare --------------------------------------------------------------------------------


def _git(git_dir: Path, *args: str, binary: bool = False):
    out = subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True, check=False)
    if out.returncode:
        return None
    return out.stdout if binary else out.stdout.decode("utf-8", "replace")


def _mirror(mirrors: Path, name: str) -> Path | None:
    base = mirrors / name.replace("/", "+") / "repo"
    for cand in (base / ".git", base):
        if (cand / "HEAD").exists():
            return cand
    return None


def prepare(args) -> int:
    credata = Path(args.credata)
    data = Path(args.data)
    snapshot = json.loads(_git(credata, "show", "HEAD:snapshot.json") or "{}")
    by_id = {repo_id(k): (k[:40], url) for k, url in snapshot.items()}
    (data / "meta").mkdir(parents=True, exist_ok=True)
    kept: dict[str, str] = {}
    skipped = []
    for rid, name in SELECTED:
        _refuse_reserved(name)
        commit, url = by_id[rid]
        if url.lower().removesuffix(".git").split("github.com/")[-1] != name.lower():
            sys.exit(f"{rid}: snapshot names {url}, not {name}")
        git_dir = _mirror(Path(args.mirrors), name)
        if git_dir is None or _git(git_dir, "cat-file", "-t", commit) is None:
            skipped.append(f"{rid} {name}: pinned commit {commit} not available locally")
            continue
        meta = _git(credata, "show", f"HEAD:meta/{rid}.csv") or ""
        wanted = {row["FileID"] for row in csv.DictReader(meta.splitlines())}
        listing = _git(git_dir, "ls-tree", "-r", "-z", "--full-tree", commit) or ""
        out_dir = data / "repos" / rid
        found = set()
        for entry in listing.split("\0"):
            if "\t" not in entry:
                continue
            info, path = entry.split("\t", 1)
            mode, kind, blob = info.split()
            if kind != "blob" or mode == "120000" or path.endswith(".xml"):
                continue
            fid = file_id(path)
            if fid not in wanted:
                continue
            target = out_dir / path
            if not target.resolve().is_relative_to(out_dir.resolve()):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(git_dir, "cat-file", "blob", blob, binary=True) or b"")
            found.add(fid)
        (data / "meta" / f"{rid}.csv").write_text(meta, "utf-8")
        kept[rid] = name
        print(f"{rid} {name}: {len(found)}/{len(wanted)} labeled files", file=sys.stderr)
    (data / "snapshot.json").write_text(json.dumps({k: v for k, v in snapshot.items()
                                                    if repo_id(k) in kept}, indent=1), "utf-8")
    (data / "skipped.txt").write_text("".join(s + "\n" for s in skipped), "utf-8")
    for s in skipped:
        print("skipped:", s, file=sys.stderr)
    return 0


# ----- labels and findings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    rid: str
    path: str  # relative to repos/<rid>
    line_start: int
    line_end: int
    truth: bool
    value_start: int  # -1: the whole line
    value_end: int
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    path: str  # repos/<rid>/...
    line: int
    end_line: int
    col: int  # 0-based, or -1 when unknown
    end_col: int
    rule: str = ""


def load_labels(data: Path, split: str) -> tuple[list[Label], dict[str, str]]:
    """The labels of the selected repositories in ``split``, and FileID -> path per file."""
    snapshot = json.loads((data / "snapshot.json").read_text("utf-8"))
    labels: list[Label] = []
    files: dict[str, str] = {}
    for key, url in snapshot.items():
        rid = repo_id(key)
        _refuse_reserved(url.split("github.com/")[-1])
        if rid not in SPLIT or (split != "all" and SPLIT[rid] != split):
            continue
        root = data / "repos" / rid
        ids = {file_id(p.relative_to(root).as_posix()): p.relative_to(data).as_posix()
               for p in root.rglob("*") if p.is_file()} if root.is_dir() else {}
        with open(data / "meta" / f"{rid}.csv", encoding="utf-8", newline="") as fh:
            rows = [(ids.get(row["FileID"]), row) for row in csv.DictReader(fh)]
        # a row whose file is missing (an .xml file, or absent at the pinned commit) is not scored
        labels += [_label(rid, path, row) for path, row in rows if path is not None]
        files.update((path, rid) for path, _row in rows if path is not None)
    return labels, files


def _num(v: str | None) -> int:
    return int(v) if v not in ("", None) else -1


def _label(rid: str, path: str, row: dict[str, str]) -> Label:
    categories = tuple(c for c in (row.get("Category") or "Other").split(":") if c)
    return Label(rid, path, int(row["LineStart"]), int(row["LineEnd"]), row["GroundTruth"] == "T",
                 _num(row["ValueStart"]), _num(row["ValueEnd"]), categories)


# CredData labels test, documentation and example credentials true (its labeling rules: "all
# credentials in test directories should be labeled as True"); the scanner's default treats a
# password people choose there as sample data and does not report it. ``--all-contexts`` scores
# with every context reported (the configuration a team would use to see those too).
ALL_CONTEXTS = 'secret-context-levels = { test = "note", docs = "note", example = "note" }\n'


def run_scanner(data: Path, files: list[str], extra: list[str], config: str = "") -> list[Finding]:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "empty.toml"
        cfg.write_text(config, "utf-8")
        listfile = Path(tmp) / "out.json"
        cmd = [sys.executable, "-m", "scanner", "scan", "--select", "secret", "--format", "json", "--no-cache",
               "--config", str(cfg), "--fail-on", "never", "-o", str(listfile), *extra, "--",
               *[str(data / f) for f in files]]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=data)
        if proc.returncode not in (0, 1):
            sys.exit(f"scanner failed ({proc.returncode}): {proc.stderr[-2000:]}")
        report = json.loads(listfile.read_text("utf-8"))
    root = Path(report["root"])
    out = []
    for f in report["findings"]:
        path = (root / f["path"]).resolve().relative_to(data.resolve()).as_posix()
        end_col = f.get("end_column")
        out.append(Finding(path, f["line"], f.get("end_line") or f["line"], f["column"] - 1,
                           end_col - 1 if end_col else -1, f["rule_id"]))
    return out


def run_detect_secrets(data: Path, files: list[str]) -> list[Finding] | None:
    exe = shutil.which("detect-secrets")
    if exe is None:
        return None
    out = []
    chunk = 200
    for i in range(0, len(files), chunk):
        proc = subprocess.run([exe, "scan", "--all-files", *files[i:i + chunk]], capture_output=True, text=True,
                              cwd=data)
        out += _ds_findings(json.loads(proc.stdout or "{}").get("results", {}))
    return out


def _ds_findings(results: dict) -> list[Finding]:
    lines = {(Path(path).as_posix(), item["line_number"]) for path, items in results.items() for item in items}
    return [Finding(path, n, n, -1, -1, "detect-secrets") for path, n in sorted(lines)]


# ----- scoring --------------------------------------------------------------------------------


def _lines_overlap(f: Finding, lab: Label) -> bool:
    return f.line <= lab.line_end and lab.line_start <= f.end_line


def _span_overlap(f: Finding, lab: Label) -> bool:
    if lab.value_start < 0 or f.col < 0:
        return _lines_overlap(f, lab)
    f0, f1 = (f.line, f.col), (f.end_line, f.end_col if f.end_col >= 0 else 1 << 30)
    v_end = lab.value_end if lab.value_end >= 0 else 1 << 30
    l0, l1 = (lab.line_start, lab.value_start), (lab.line_end, v_end)
    return f0 < l1 and l0 < f1


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    unlabeled: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def precision_all(self) -> float:
        return self.tp / (self.tp + self.fp + self.unlabeled) if self.tp + self.fp + self.unlabeled else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _found(lab: Label, findings, match) -> bool:
    return any(match(f, lab) for f in findings)


def score(labels: list[Label], findings: list[Finding], match) -> tuple[Score, dict[str, Score], list, list]:
    """Overall and per-category scores; the missed true labels and the false-positive findings."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in {(f.path, f.line, f.end_line, f.col, f.end_col): f for f in findings}.values():
        by_file[f.path].append(f)
    labels_by_file: dict[str, list[Label]] = defaultdict(list)
    for lab in labels:
        labels_by_file[lab.path].append(lab)
    total, per_cat = Score(), defaultdict(Score)
    missed, false = [], []
    for lab in (x for x in labels if x.truth):
        hit = _found(lab, by_file.get(lab.path, ()), match)
        total.tp += hit
        total.fn += not hit
        for c in lab.categories:
            per_cat[c].tp += hit
            per_cat[c].fn += not hit
        if not hit:
            missed.append(lab)
    seen = set()
    for path, fs in by_file.items():
        for f in fs:
            key = (path, f.line, f.end_line)
            if key in seen:
                continue
            seen.add(key)
            labs = labels_by_file.get(path, [])
            if any(lab.truth and match(f, lab) for lab in labs):
                continue
            neg = [lab for lab in labs if not lab.truth and _lines_overlap(f, lab)]
            if neg:
                total.fp += 1
                for c in neg[0].categories:
                    per_cat[c].fp += 1
                false.append((f, neg[0]))
            elif not any(lab.truth and _lines_overlap(f, lab) for lab in labs):
                total.unlabeled += 1
                false.append((f, None))
    return total, dict(per_cat), missed, false


def _row(name: str, s: Score) -> str:
    return (f"| {name} | {s.tp} | {s.fn} | {s.fp} | {s.unlabeled} | {s.precision:.2f} | {s.recall:.2f} | "
            f"{s.f1:.2f} | {s.precision_all:.2f} |")


HEADER = ("| | TP | FN | FP | unlabeled | precision | recall | F1 | precision (all lines) |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|")


def _line_text(data: Path, lab_or_f) -> str:
    path, line = lab_or_f.path, getattr(lab_or_f, "line_start", None) or lab_or_f.line
    try:
        lines = (data / path).read_text("utf-8", "replace").splitlines()
        return lines[line - 1].strip()[:160] if line - 1 < len(lines) else ""
    except OSError:
        return ""


def score_cmd(args) -> int:
    data = Path(args.data)
    labels, files = load_labels(data, args.split)
    file_list = sorted(files)
    repos = sorted({NAMES[r] for r in files.values()})
    print(f"split {args.split}: {len(repos)} repositories, {len(file_list)} labeled files, "
          f"{sum(lab.truth for lab in labels)} true labels, {sum(not lab.truth for lab in labels)} false labels")
    findings = run_scanner(data, file_list, args.scanner_arg or [], ALL_CONTEXTS if args.all_contexts else "")
    if args.all_contexts:
        print("(--all-contexts: " + ALL_CONTEXTS.strip() + ")")
    results = {"scanner": findings}
    if args.detect_secrets:
        ds = run_detect_secrets(data, file_list)
        if ds is None:
            print("(detect-secrets is not installed: pip install detect-secrets)")
        else:
            results["detect-secrets"] = ds
    for tool, fs in results.items():
        modes = [("lenient", _lines_overlap)] + ([("strict", _span_overlap)] if tool == "scanner" else [])
        for mode, match in modes:
            total, per_cat, missed, false = score(labels, fs, match)
            # bare UUIDs (request ids, collection ids) are labeled true when CredSweeper's UUID
            # rule matched them; the row below leaves out the labels whose only category is UUID
            no_uuid, _, _, _ = score([x for x in labels if x.categories != ("UUID",)], fs, match)
            print(f"\n### {tool}, {mode}\n\n{HEADER}\n{_row('all', total)}\n{_row('all but UUID-only labels', no_uuid)}")
            for cat in sorted(per_cat, key=lambda c: (-(per_cat[c].tp + per_cat[c].fn), c)):
                print(_row(cat, per_cat[cat]))
            if args.misses and tool == "scanner" and mode == "lenient":
                if args.split == "test":
                    print("\n(misses of the test half are not listed: it is held out)")
                    continue
                print("\nmissed true labels:")
                for lab in missed:
                    print(f"  {lab.path}:{lab.line_start} [{':'.join(lab.categories)}] {_line_text(data, lab)}")
                print("\nfalse positives (F/X label or unlabeled):")
                for f, lab in false:
                    tag = ":".join(lab.categories) if lab else "unlabeled"
                    print(f"  {f.path}:{f.line} {f.rule} [{tag}] {_line_text(data, f)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare", help="lay out the selected repositories from local git directories")
    p.add_argument("--credata", required=True, help="CredData's git directory")
    p.add_argument("--mirrors", required=True, help="directory of <owner>+<name>/repo git directories")
    p.add_argument("--data", required=True)
    s = sub.add_parser("score", help="scan the labeled files and score them")
    s.add_argument("--data", required=True)
    s.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    s.add_argument("--misses", action="store_true", help="list misses and false positives (dev only)")
    s.add_argument("--detect-secrets", action="store_true", help="also score detect-secrets, when installed")
    s.add_argument("--scanner-arg", action="append", help="extra argument for `scanner scan`")
    s.add_argument("--all-contexts", action="store_true",
                   help="report secrets in tests, docs and examples too (CredData labels them true)")
    args = ap.parse_args(argv)
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    return prepare(args) if args.cmd == "prepare" else score_cmd(args)


if __name__ == "__main__":
    sys.exit(main())
