"""The secret-pattern engine: loads the packs under ``rules/secrets/`` (and the user's packs named
by ``secret-packs`` in config) and runs them on every text file.

A pack is TOML with an optional ``[fragments]`` table and ``[[rule]]`` entries (schema in
docs/writing-rules.md): id, name, summary, description, level, ``keywords`` for the prefilter,
a verbose ``regex`` with a named ``secret`` group (``{fragment}`` names are expanded), an
``entropy`` floor, a ``validator`` named by its registered name, ``filters``, ``priority`` and
``valid``/``invalid`` examples that the test suite runs.

Per file: one pass of a keyword automaton (an RE2 ``Set``) finds which keywords occur; only the
rules owning one of them run their regex (rules without keywords always run), line-scoped rules
only on the lines where their keywords occur. Candidates go
through the filters, the entropy floor and the validator; overlapping candidates keep the most
specific rule (highest ``priority``); certificates are paired with private keys of the same file.
The secret itself never leaves this module unmasked: findings carry its hash (the fingerprint)
and a masked form only.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import tomllib
from itertools import chain
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from scanner.budget import FileTimeout
from scanner.checks.secrets import filters as filters_mod
from scanner.checks.secrets import treesitter_kv
from scanner.checks.secrets.entropy import looks_random, shannon
from scanner.checks.secrets.validators import VALIDATORS, Candidate, Verdict
from scanner.checks.secrets.pathcontext import path_context
from scanner.config import Config, ConfigError, context_levels, read_limited
from scanner.model import LEVEL_RANK
from scanner.redact import mask
from scanner.registry import rules_dir
from scanner.rule import Example, RuleGroup, RuleMeta

PACK_KEYS = {"id", "name", "summary", "description", "level", "keywords", "regex", "tags", "cwe", "precision",
             "security-severity", "valid", "invalid", "enabled", "version", "entropy", "validator", "filters",
             "priority", "scope", "context-levels"}
FILTERS = {"placeholder": filters_mod.is_placeholder, "env-lookup": filters_mod.is_env_lookup}
DEFAULT_FILTERS = ("placeholder",)
_FRAGMENT = re.compile(r"(?<!\\)\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Pattern:
    meta: RuleMeta
    regex: Any  # re.Pattern, or an re2 pattern for user packs
    keywords: tuple[str, ...]
    secret_group: int
    entropy: float | str | None = None  # bits/char, or "random": the length/charset-derived floor
    validator: str = ""
    filters: tuple[str, ...] = DEFAULT_FILTERS
    priority: int = 0
    scope: str = "file"  # "line": the regex runs only around the keywords, on their lines
    index: int = 0
    context_levels: tuple[tuple[str, str], ...] = ()  # default level per path context (lowers only)

    def candidates(self, text: str, spans: list[tuple[int, int]] | None = None):
        """(secret, start, end, named groups, match start) for every match with a non-empty secret, in the whole
        text or, for line-scoped patterns, in the given (start, end) line spans."""
        g = self.secret_group
        for pos, endpos in spans if spans is not None else ((0, len(text)),):
            for m in self.regex.finditer(text, pos, endpos):
                start, end = m.span(g)
                if start >= 0 and end > start:
                    yield text[start:end], start, end, m.groupdict(), m.start()


def _examples(entry: dict[str, Any], key: str, rid: str) -> tuple[Example, ...]:
    out = []
    for ex in entry.get(key, []):
        if isinstance(ex, str):
            out.append(Example(ex, (1,) if key == "invalid" else (), "example.txt"))
        elif isinstance(ex, dict) and "code" in ex:
            lines = tuple(ex.get("lines", [1] if key == "invalid" else []))
            out.append(Example(ex["code"], lines, ex.get("path", "example.txt")))
        else:
            raise ConfigError(f"{rid}: each '{key}' example is a string or a table with 'code'")
    return tuple(out)


def expand_fragments(regex: str, fragments: dict[str, str], where: str) -> str:
    """Replace ``{name}`` by the pack's fragment ``name`` (fragments may use earlier ones)."""

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in fragments:
            raise ConfigError(f"{where}: unknown fragment '{{{name}}}' (define it under [fragments])")
        return f"(?:{fragments[name]})"

    for _ in range(5):  # fragments may nest, a few levels deep
        new = _FRAGMENT.sub(sub, regex)
        if new == regex:
            break
        regex = new
    return regex


def strip_verbose(regex: str) -> str:
    """A ``(?x)`` pattern without its layout (whitespace and ``#`` comments), for RE2."""
    body = regex.lstrip()
    if not body.startswith("(?x)"):
        return regex
    body, out, i, in_class = body[4:], [], 0, False
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(body[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
            if body[i + 1 : i + 2] == "]":  # a literal ] first in a class
                out.append("]")
                i += 1
        elif ch == "#":
            while i < len(body) and body[i] != "\n":
                i += 1
        elif not ch.isspace():
            out.append(ch)
        i += 1
    return "".join(out)


def compile_re2(regex: str, where: str):
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(strip_verbose(regex), options)
    except re2.error as exc:
        msg = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise ConfigError(f"{where}: RE2 cannot compile the regex ({msg}); user packs use RE2 syntax, "
                          "without lookaround or backreferences, so that no pattern can hang a scan") from None


def _entropy(entry: dict[str, Any], where: str) -> float | str | None:
    value = entry.get("entropy")
    if value is None or value == "random" or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    raise ConfigError(f"{where}: 'entropy' is a number of bits per character or \"random\"")


_STR, _STRS, _INT = (str,), "list of strings", (int,)
# the type each pack key must have: a pack may come from an untrusted repository, so a wrong type
# is a clear configuration error here rather than an internal error deep in the engine
PACK_TYPES: dict[str, Any] = {
    "id": _STR, "name": _STR, "summary": _STR, "description": _STR, "level": _STR, "regex": _STR,
    "precision": _STR, "validator": _STR, "scope": _STR, "keywords": _STRS, "tags": _STRS, "filters": _STRS,
    "cwe": "list of integers", "priority": _INT, "version": _INT, "security-severity": (int, float),
    "enabled": (bool,), "valid": (list,), "invalid": (list,), "entropy": (int, float, str),
    "context-levels": (dict,),
}


def check_pack_shape(data: dict[str, Any], path: Path) -> None:
    """Raise ConfigError unless ``data`` has the shape of a pack (types only; values are checked later)."""
    where = f"secret pack {path}"
    if not isinstance(data.get("fragments", {}), dict):
        raise ConfigError(f"{where}: 'fragments' must be a table")
    rules = data.get("rule", [])
    if not isinstance(rules, list) or not all(isinstance(e, dict) for e in rules):
        raise ConfigError(f"{where}: 'rule' must be an array of tables ([[rule]])")
    for entry in rules:
        for key, want in PACK_TYPES.items():
            if key not in entry:
                continue
            value = entry[key]
            if want == _STRS:
                ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            elif want == "list of integers":
                ok = isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            else:
                ok = isinstance(value, want) and (bool in want or not isinstance(value, bool))
            if not ok:
                rid = entry["id"] if isinstance(entry.get("id"), str) else "?"
                kind = want if isinstance(want, str) else " or ".join(t.__name__ for t in want)
                raise ConfigError(f"{where}: rule {rid}: '{key}' must be {kind}, not {value!r:.40}")


def load_pack(path: Path, *, user: bool = False) -> list[Pattern]:
    try:
        data = tomllib.loads(read_limited(path))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"secret pack {path}: {getattr(exc, 'strerror', None) or exc}") from None
    check_pack_shape(data, path)
    fragments = {k: str(v) for k, v in data.get("fragments", {}).items()}
    out = []
    for entry in data.get("rule", []):
        rid = entry.get("id", "?")
        where = f"secret pack {path}: rule {rid}"
        unknown = set(entry) - PACK_KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key '{sorted(unknown)[0]}'")
        try:
            source = expand_fragments(entry["regex"], fragments, where)
            regex = compile_re2(source, where) if user else re.compile(source)
            meta = RuleMeta(
                id=entry["id"],
                name=entry["name"],
                family="secret",
                level=entry.get("level", "error"),
                summary=entry["summary"],
                docs=entry.get("description", entry["summary"]).strip(),
                tags=tuple(entry.get("tags", ())),
                cwe=tuple(entry.get("cwe", (798,))),
                precision=entry.get("precision", "high"),
                security_severity=entry.get("security-severity", 8.0),
                enabled_by_default=entry.get("enabled", True),
                version=entry.get("version", 1),
                valid=_examples(entry, "valid", rid),
                invalid=_examples(entry, "invalid", rid),
            )
        except KeyError as exc:
            raise ConfigError(f"{where}: missing key {exc}") from None
        except (re.error, ValueError) as exc:
            raise ConfigError(f"{where}: {exc}") from None
        if "secret" not in regex.groupindex:
            raise ConfigError(f"{where}: the regex needs a named group 'secret'")
        validator = entry.get("validator", "")
        if validator and validator not in VALIDATORS:
            raise ConfigError(f"{where}: unknown validator '{validator}' (known: {', '.join(sorted(VALIDATORS))})")
        # builtin packs filter placeholders unless they say otherwise; user packs choose explicitly
        flt = tuple(entry.get("filters", () if user else DEFAULT_FILTERS))
        bad = [f for f in flt if f not in FILTERS]
        if bad:
            raise ConfigError(f"{where}: unknown filter '{bad[0]}' (known: {', '.join(sorted(FILTERS))})")
        keywords = tuple(str(k) for k in entry.get("keywords", ()))
        scope = entry.get("scope", "file")
        if scope not in ("file", "line") or (scope == "line" and not keywords):
            raise ConfigError(f"{where}: 'scope' is \"file\" or \"line\" (a line-scoped rule needs keywords)")
        levels = tuple(sorted(context_levels(entry.get("context-levels", {}), f"{where}: context-levels").items()))
        out.append(Pattern(meta, regex, keywords, regex.groupindex["secret"], _entropy(entry, where), validator,
                           flt, int(entry.get("priority", 0)), scope, context_levels=levels))
    return out


@dataclass(frozen=True)
class Engine:
    """Every pattern, and one automaton over all their keywords (an RE2 ``Set``: a DFA that says
    in one pass which keywords occur). Keywords written with a capital letter match as written
    (``AKIA``, ``SK``); lower-case keywords match in any case (``password``)."""

    patterns: tuple[Pattern, ...]
    always: tuple[int, ...]  # patterns without keywords
    keywords: tuple[str, ...] = ()  # the automaton's entries, by index
    owners: tuple[tuple[int, ...], ...] = ()  # keyword index -> the patterns that own it
    automaton: Any = field(default=None, repr=False)

    def active(self, text: str) -> dict[int, list[tuple[int, int]] | None]:
        """The patterns to run on ``text``: index -> None (whole text) or the line spans where a
        line-scoped pattern's keywords occur. The cost does not grow with the number of rules."""
        out: dict[int, list[tuple[int, int]] | None] = dict.fromkeys(self.always)
        found = self.automaton.Match(text) if self.automaton is not None else None
        if not found:
            return out
        lines: dict[int, set[tuple[int, int]]] = {}
        lower = None
        for k in found:
            line_owners = [i for i in self.owners[k] if self.patterns[i].scope == "line"]
            for i in self.owners[k]:
                if self.patterns[i].scope != "line":
                    out[i] = None
            if not line_owners:
                continue
            word = self.keywords[k]
            if word == word.lower():
                lower = text.lower() if lower is None else lower
                haystack = lower if len(lower) == len(text) else None
            else:
                haystack = text
            spans = _line_spans(text, haystack, word)
            for i in line_owners:
                lines.setdefault(i, set()).update(spans)
        for i, spans in lines.items():
            if out.get(i, ()) is not None:
                out[i] = sorted(spans)
        return out


# A line-scoped rule looks at the keyword's line, at most this far around the keyword (minified
# files have lines of 100 kB).
WINDOW_BEFORE = 100
WINDOW_AFTER = 500


def _line_spans(text: str, haystack: str | None, word: str) -> set[tuple[int, int]]:
    """The (start, end) of every line of ``text`` where ``word`` occurs in ``haystack`` (the text
    itself or its lower-cased copy); without a haystack, a case-insensitive search of the text."""
    if haystack is None:  # lower() changed the length (a few non-ASCII letters do)
        offsets = (m.start() for m in re.finditer(re.escape(word), text, re.IGNORECASE))
    else:
        offsets = _find_all(haystack, word)
    spans = set()
    end = -1
    for pos in offsets:
        if pos <= end:
            continue  # inside the previous window
        start = max(text.rfind("\n", 0, pos) + 1, pos - WINDOW_BEFORE)
        nl = text.find("\n", pos, pos + WINDOW_AFTER)
        end = min(len(text), pos + WINDOW_AFTER) if nl == -1 else nl
        spans.add((start, end))
    return spans


def _find_all(haystack: str, word: str):
    pos = haystack.find(word)
    while pos != -1:
        yield pos
        pos = haystack.find(word, pos + len(word))


def build_engine(patterns: list[Pattern]) -> Engine:
    import re2

    patterns = [replace(p, index=i) for i, p in enumerate(patterns)]
    owners: dict[str, set[int]] = {}
    for p in patterns:
        for k in p.keywords:
            owners.setdefault(k, set()).add(p.index)
    words = tuple(sorted(owners))
    automaton = None
    if words:
        options = re2.Options()
        options.log_errors = False
        automaton = re2.Set.SearchSet(options)
        for w in words:
            automaton.Add(re2.escape(w) if w != w.lower() else "(?i)" + re2.escape(w))
        automaton.Compile()
    return Engine(tuple(patterns), tuple(p.index for p in patterns if not p.keywords), words,
                  tuple(tuple(sorted(owners[w])) for w in words), automaton)


@lru_cache(maxsize=8)
def load_engine(extra_packs: tuple[str, ...] = ()) -> Engine:
    packs = sorted((rules_dir() / "secrets").glob("*.toml"))
    patterns = [p for pack in packs for p in load_pack(pack)]
    patterns += [p for pack in extra_packs for p in load_pack(Path(pack), user=True)]
    return build_engine(patterns)


def load_patterns(extra_packs: tuple[str, ...] = ()) -> tuple[Pattern, ...]:
    return load_engine(extra_packs).patterns


@dataclass
class Hit:
    pattern: Pattern
    secret: str
    start: int
    end: int
    verdict: Verdict


def _passes(p: Pattern, secret: str) -> bool:
    if any(FILTERS[f](secret) for f in p.filters):
        return False
    if p.entropy == "random":
        return looks_random(secret)
    return p.entropy is None or shannon(secret) >= p.entropy


class _Kept:
    """Spans that do not overlap, sorted by start: an overlap test and an insert cost O(log n), so
    resolving overlaps stays linear-ish in the number of hits (a file of 20,000 tokens)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        return bool(i and self.ends[i - 1] > start) or (i < len(self.starts) and self.starts[i] < end)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


class _Vetoes:
    """Spans a validator rejected, per priority: sorted starts with the running maximum of ends, so
    "does a veto of a higher priority overlap this span" is one binary search per priority."""

    def __init__(self, vetoes: list[tuple[int, int, int]]) -> None:
        by_priority: dict[int, list[tuple[int, int]]] = {}
        for s, e, pr in vetoes:
            by_priority.setdefault(pr, []).append((s, e))
        self.levels = []
        for pr, spans in by_priority.items():
            spans.sort()
            reach, running = [], -1
            for _s, e in spans:
                running = max(running, e)
                reach.append(running)
            self.levels.append((pr, [s for s, _e in spans], reach))

    def vetoed(self, start: int, end: int, priority: int) -> bool:
        for pr, starts, reach in self.levels:
            if pr > priority:
                j = bisect.bisect_left(starts, end)  # vetoes that start before this span ends
                if j and reach[j - 1] > start:
                    return True
        return False


def _resolve(hits: list[Hit], vetoes: list[tuple[int, int, int]]) -> list[Hit]:
    """The most specific rule wins an overlap; a span that a more specific rule's validator
    rejected (a GitHub token with a wrong checksum) is not reported by a generic rule either."""
    kept, taken, veto = [], _Kept(), _Vetoes(vetoes)
    for h in sorted(hits, key=lambda h: (-h.pattern.priority, h.start, h.pattern.index)):
        if not veto.vetoed(h.start, h.end, h.pattern.priority) and not taken.overlaps(h.start, h.end):
            taken.add(h.start, h.end)
            kept.append(h)
    return sorted(kept, key=lambda h: (h.start, h.pattern.index))


def find_hits(ctx, wanted: set[str]) -> tuple[list[Hit], BaseException | None]:
    """Every candidate that survives filters, entropy and validator, overlaps resolved.

    When the file's time budget runs out (``FileTimeout``) the hits found so far are still
    resolved and returned with the exception, which the caller re-raises after reporting them.
    """
    engine = load_engine(ctx.config.secret_packs)
    text = ctx.source.text
    hits: list[Hit] = []
    vetoes: list[tuple[int, int, int]] = []  # spans a validator rejected: (start, end, priority)
    stopped: BaseException | None = None
    try:
        for i, spans in sorted(engine.active(text).items()):
            p = engine.patterns[i]
            if p.meta.id not in wanted:
                continue
            check = VALIDATORS.get(p.validator) if p.validator else None
            found = p.candidates(text, spans)
            if p.validator in treesitter_kv.READS_PAIRS and spans:  # pairs the line regex cannot see
                found = chain(found, treesitter_kv.candidates(ctx, p, spans))
            for secret, start, end, groups, match_start in found:
                if not _passes(p, secret) or filters_mod.is_public_sample(secret):
                    continue
                verdict = check(Candidate(secret, groups, start, end, ctx, match_start)) if check else Verdict()
                if verdict is not None:
                    hits.append(Hit(p, secret, start, end, verdict))
                elif "generic" not in p.meta.tags:  # the generic rules read one value two ways
                    vetoes.append((start, end, p.priority))
    except FileTimeout as exc:
        stopped = exc
    return _resolve(hits, vetoes), stopped


def pair_hits(hits: list[Hit], line_of) -> dict[int, tuple[str | None, str]]:
    """Per hit id: (level override, extra detail) for secrets that belong together in one file:
    a certificate and its private key, an AWS key id and a secret key."""
    out: dict[int, tuple[str | None, str]] = {}
    keys_ = [h for h in hits if h.verdict.role == "private-key" and h.verdict.public_key]
    for cert in (h for h in hits if h.verdict.role == "certificate" and h.verdict.public_key):
        for key in keys_:
            if key.verdict.public_key == cert.verdict.public_key:
                out[id(cert)] = ("error", f"; its private key is in this file (line {line_of(key.start)})")
                out[id(key)] = (None, f"; it matches the certificate on line {line_of(cert.start)}")
    # an AWS key id and a secret key in one file make a working credential pair
    ids = [h for h in hits if h.pattern.meta.name == "aws-access-key-id"]
    secrets = [h for h in hits if h.pattern.meta.name == "aws-secret-access-key"]
    if ids and secrets:
        for h in ids:
            out[id(h)] = (None, f"; a secret access key is on line {line_of(secrets[0].start)}")
        for h in secrets:
            out[id(h)] = (None, f"; an access key id is on line {line_of(ids[0].start)}")
    return out


def context_level(p: Pattern, where: str, level: str, config: Config) -> str:
    """The level of a finding of ``p`` in path context ``where``: the configuration's
    ``secret-context-levels`` decides; else the rule's own ``context-levels`` may lower it.
    ``"off"``: the finding is not reported."""
    if where in config.secret_context_levels:
        return config.secret_context_levels[where]
    default = dict(p.context_levels).get(where)
    if default == "off":
        return default
    return default if default and LEVEL_RANK[default] < LEVEL_RANK[level] else level


class SecretPatterns(RuleGroup):
    @classmethod
    def load_metas(cls, config: Config):
        return [p.meta for p in load_patterns(config.secret_packs)]

    def check(self) -> None:
        ctx = self.ctx
        hits, stopped = find_hits(ctx, {m.id for m in self.metas})
        line_of = lambda offset: ctx.source.position_of(offset)[0]
        paired = pair_hits(hits, line_of)
        where = path_context(ctx.source.path)
        for h in hits:
            level, extra = paired.get(id(h), (None, ""))
            level = context_level(h.pattern, where, level or h.verdict.level or h.pattern.meta.level, ctx.config)
            if level == "off" or (h.verdict.made_up and where not in ctx.config.secret_context_levels):
                continue
            detail = h.verdict.detail + extra if h.verdict.detail else extra.removeprefix("; ")
            if h.verdict.sample and where not in ctx.config.secret_context_levels:
                # sample data of a test or a doc (validators.Verdict.sample): still a finding, as a
                # note with its context (issue 14); the configuration may gate on it or leave it out
                level = "note"
                detail = f"{detail}; " if detail else ""
                detail += f"looks like sample data of a {where} file"
            message = f"{h.pattern.meta.summary}: {mask(h.secret)}" + (f" ({detail})" if detail else "")
            ctx.report(
                h.pattern.meta,
                ctx.source.region_from_offsets(h.start, h.end),
                message,
                level=level,
                secret=h.secret,
                properties={**_properties(h.verdict), "context": where},
            )
        if stopped is not None:  # the budget ran out: what was found is reported, then the file stops
            raise stopped


def _properties(verdict) -> dict:
    """The verdict's properties, plus the SHA-256 of a key's or certificate's public key (not a
    secret) so that ``scanner.keypairs`` can pair a certificate with its key in another file."""
    props = dict(verdict.properties)
    if verdict.public_key and verdict.role:
        props["publicKeySha256"] = hashlib.sha256(verdict.public_key).hexdigest()
        props["role"] = verdict.role  # "certificate" | "private-key"
    return props
