"""Properties the fuzzers check, shared by ``tests/test_fuzz.py`` (few examples, every CI run) and
``tests/fuzz/run.py`` (many examples, run by hand). Each ``check_*`` takes drawn values and raises
on a violation; :data:`PROPERTIES` pairs each with the strategies that feed it.
"""

from __future__ import annotations

import json
import string
from functools import lru_cache

from hypothesis import strategies as st

from scanner.model import Finding, Location, Notification, Region, ScanResult, Suppression
from scanner.source import Source, decode

# Fragments that steer random input into the interesting paths: secret prefixes, PEM armour,
# pragma comments, quotes, brackets, encodings' byte-order marks, invalid UTF-8, NULs.
FRAGMENTS = [
    b"ghp_", b"gho_", b"npm_", b"AKIA", b"xoxb-", b"sk_live_", b"AIza", b"eyJ", b"Bearer ", b"Basic ",
    b"-----BEGIN RSA PRIVATE KEY-----\n", b"-----END RSA PRIVATE KEY-----\n", b"-----BEGIN CERTIFICATE-----\n",
    b"password = ", b"api_key: ", b"secret=", b"token\t=\t", b"postgres://u:", b"@host/db",
    b"# scanner: ignore[SEC]", b"// scanner: ignore", b"/* scanner: ignore[", b"]", b"*/",
    b"'", b'"', b'"""', b"`", b"(", b")", b"[", b"{", b"}", b"\\", b"\n", b"\r\n", b"\r", b"\t", b" " * 8,
    b"\x00", b"\xff", b"\xfe", b"\xc3\x28", b"\xe2\x82", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
    b"# -*- coding: latin-1 -*-\n", b"# -*- coding: utf-16 -*-\n", b"# coding: bogus\n",
    b"def f(", b"for x in y:\n", b"import os\n", b"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
]
ALNUM = string.ascii_letters + string.digits

file_bytes = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=40),
                       st.text(ALNUM + "+/=_-", min_size=1, max_size=60).map(str.encode)),
             max_size=40).map(b"".join),
)
paths = st.sampled_from(["a.py", "b.js", "c.ts", "d.go", "e.java", "f.txt", ".env", "g.json", "h.yaml",
                         "i.ipynb", "noext", "j.tsx", "k.properties", "l.toml", "m.ini"])
languages = st.sampled_from([None, "python", "javascript"])


@lru_cache(maxsize=4)
def plan(select: tuple[str, ...]):
    from scanner.config import Config
    from scanner.engine import make_plan

    return make_plan(Config(select=select, file_timeout=0))


# ----- the text path ---------------------------------------------------------------------------


def check_text_path(data: bytes, path: str) -> None:
    """Any bytes through Source and the secrets rules: no exception, regions inside the file."""
    scan_bytes(data, path, ("SEC",))


def check_all_rules(data: bytes, path: str) -> None:
    """The same with every rule (parsers included)."""
    scan_bytes(data, path, ("ALL",))


def scan_bytes(data: bytes, path: str, select: tuple[str, ...]) -> None:
    from scanner.engine import scan_source

    # no binary sniff here: NUL bytes after the sniffed head reach the rules in real scans too
    source = Source.from_bytes(path, data)
    result = scan_source(source, plan(select))
    n_lines = len(source.lines)
    for f in result.findings:
        r = f.location.region
        assert 1 <= r.start_line <= n_lines, (f, n_lines)
        assert r.start_column >= 1
        if r.end_line is not None:
            assert r.start_line <= r.end_line <= n_lines
        if r.end_column is not None and r.end_line in (None, r.start_line):
            assert r.end_column >= r.start_column
        json.dumps([f.message, f.snippet, dict(f.properties)])
    for n in result.notifications:
        assert n.level in ("note", "warning")


# ----- decoders ------------------------------------------------------------------------------


def check_decode(data: bytes, language: str | None) -> None:
    text, encoding = decode(data, language)
    assert isinstance(text, str)
    if encoding == "latin-1":
        assert text.encode("latin-1") == data  # the fallback is lossless: every byte reaches the rules
    elif encoding == "utf-8":
        assert text.encode("utf-8") == data
    src = Source.from_bytes("x.py" if language == "python" else "x.txt", data, language=language)
    assert len(src.line_starts) == len(src.lines)
    src.utf8  # noqa: B018 - must not raise
    for offset in (0, len(src.text) // 2, len(src.text), len(src.text) + 5):
        line, col = src.position_of(offset)
        assert 1 <= line <= len(src.lines) and col >= 1
        reg = src.region_from_offsets(offset, offset + 3)
        assert reg.start_line >= 1 and reg.start_column >= 1


# ----- suppression comments -----------------------------------------------------------------

ids = st.lists(st.text(ALNUM + "-", min_size=1, max_size=12), max_size=5)
openers = st.sampled_from(["#", "//", "/*", "--", ";", "<!--", "REM", "%"])


def check_pragma_roundtrip(opener: str, code: str, id_list: list[str], spaces: str) -> None:
    from scanner.suppress import parse_line

    line = f"{code} {opener} scanner:{spaces}ignore[{', '.join(id_list)}]"
    got = parse_line(line)
    assert got == tuple(id_list), (line, got)
    bare = f"{code} {opener} scanner:{spaces}ignore"
    assert parse_line(bare) == ()


def check_pragma_any_line(line: str) -> None:
    from scanner.suppress import parse_line

    got = parse_line(line)
    assert got is None or all(isinstance(i, str) and i and i == i.strip() and "]" not in i for i in got)


def check_suppress_apply(lines: list[str], rule_ids: list[str]) -> None:
    from scanner.suppress import apply

    findings = [Finding(rid, "warning", "m", Location("a.py", Region(1 + i % max(1, len(lines) + 2))))
                for i, rid in enumerate(rule_ids)]
    out = apply(findings, lines, {rid: rid.lower() for rid in rule_ids})
    assert len(out) == len(findings)


# ----- SARIF and the other reporters --------------------------------------------------------

texts = st.text(max_size=200)
rel_paths = st.lists(st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s and s not in (".", "..")),
                     min_size=1, max_size=3).map("/".join)
regions = st.builds(
    lambda sl, sc, el, ec: Region(sl, sc, (sl + el) if el is not None else None, ec),
    st.integers(1, 10**6), st.integers(1, 10**4), st.one_of(st.none(), st.integers(0, 50)),
    st.one_of(st.none(), st.integers(1, 10**4)),
)
locations = st.builds(Location, rel_paths, regions, texts)
findings = st.builds(
    lambda rid, level, msg, loc, fp, snippet, supp, related, props: Finding(
        rid, level, msg, loc, fp, related=tuple(related), snippet=snippet,
        suppressions=(Suppression("inSource", "x"),) if supp else (), properties=tuple(sorted(props.items()))),
    st.sampled_from(["SEC001", "CX001", "PY001", "JS001"]), st.sampled_from(["note", "warning", "error"]), texts,
    locations, st.text(string.hexdigits, max_size=64), texts, st.booleans(), st.lists(locations, max_size=2),
    st.dictionaries(st.text(ALNUM, min_size=1, max_size=8), st.one_of(st.integers(), texts, st.booleans()),
                    max_size=3),
)
notifications = st.builds(
    Notification, st.one_of(st.just(""), rel_paths), texts, st.sampled_from(["note", "warning"]),
    st.sampled_from(["", "parse-error", "file-timeout"]), st.one_of(st.none(), regions))


def check_reporters(fs: list[Finding], ns: list[Notification], category: str) -> None:
    from scanner.reporters import render
    from tests.conftest import validate_sarif

    metas = plan(("ALL",)).registry.metas
    result = ScanResult(
        root="/tmp/fuzz root", findings=tuple(sorted(fs, key=Finding.sort_key)),
        notifications=tuple(sorted(ns, key=Notification.sort_key)), files_scanned=len(fs), files_skipped=0,
        rule_ids=tuple(sorted({f.rule_id for f in fs})), started=1.7e9, ended=1.7e9 + 1, category=category,
    )
    doc = json.loads(render("sarif", result, metas))
    validate_sarif(doc)
    assert len(doc["runs"][0]["results"]) == len(fs)
    json.loads(render("json", result, metas))
    render("text", result, metas)
    gh = render("github", result, metas)
    for line in gh.split("\n")[:-1]:  # one annotation per line: messages cannot inject commands
        assert line.startswith(("::error ", "::warning ", "::notice ")), line


PROPERTIES = {
    "text_path_secrets": (check_text_path, {"data": file_bytes, "path": paths}),
    "text_path_all_rules": (check_all_rules, {"data": file_bytes, "path": paths}),
    "decode": (check_decode, {"data": file_bytes, "language": languages}),
    "pragma_roundtrip": (check_pragma_roundtrip, {
        "opener": openers, "code": st.text(ALNUM + " =()'", max_size=30), "id_list": ids,
        "spaces": st.sampled_from(["", " ", "  ", "\t"])}),
    "pragma_any_line": (check_pragma_any_line, {"line": st.text(max_size=300)}),
    "suppress_apply": (check_suppress_apply, {"lines": st.lists(st.text(max_size=80), max_size=6),
                                              "rule_ids": st.lists(st.sampled_from(["SEC001", "CX001", "PY001"]),
                                                                   max_size=6)}),
    "reporters": (check_reporters, {"fs": st.lists(findings, max_size=6), "ns": st.lists(notifications, max_size=4),
                                    "category": st.one_of(st.just(""), st.text(ALNUM + "/-", max_size=20))}),
}
