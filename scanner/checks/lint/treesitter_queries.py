"""The tree-sitter query engine: lint for JavaScript/TypeScript, Go and Java from data packs.

Takes the packs under ``rules/treesitter/*.toml`` (and any ``treesitter-packs`` from the config),
whose ``[[rule]]`` entries each hold a tree-sitter query, and returns findings at each match's
``@report`` capture. See docs/treesitter-rules.md for the pack format.

Cost model (see /work/shared/COSTS.md): the parse is the expensive part, so

* each rule's ``keywords`` are checked against the file's text first; when no enabled rule wants
  the file, it is never parsed;
* the queries of all enabled rules of a language are compiled together into ONE query (once per
  process), so one cursor pass over the tree serves every rule; matches of rules whose keywords
  are absent from the file are dropped (cheaper than compiling a query per keyword subset);
* ``#eq?``/``#match?``/``#any-of?`` run inside the tree-sitter binding; conditions a query cannot
  express are filter predicates registered in :mod:`scanner.checks.lint.ts_filters`.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from scanner.checks.lint.ts_filters import FILTERS, FilterEnv
from scanner.config import Config, ConfigError, read_limited
from scanner.parsing import GRAMMARS, ts_language
from scanner.registry import rules_dir
from scanner.rule import Example, RuleGroup, RuleMeta

PACK_KEYS = {"languages", "rule"}
RULE_KEYS = {
    "id", "name", "summary", "description", "message", "level", "languages", "query", "keywords", "tags",
    "cwe", "security-severity", "precision", "equivalents", "enabled", "version", "valid", "invalid",
}
# Predicates the tree-sitter binding evaluates (or stores) itself.
BUILTIN_PREDICATES = {
    "eq?", "not-eq?", "any-eq?", "any-not-eq?", "match?", "not-match?", "any-match?", "any-not-match?",
    "any-of?", "not-any-of?", "is?", "is-not?", "set!",
}
REPORT = "report"
EXAMPLE_PATHS = {"javascript": "example.js", "typescript": "example.ts", "tsx": "example.tsx",
                 "go": "example.go", "java": "Example.java", "python": "example.py"}
_TOKENS = re.compile(r'"(?:\\.|[^"\\])*"|;[^\n]*|#(?P<pred>[A-Za-z_][\w\-./]*[?!])|@(?P<cap>[A-Za-z_][\w\-.]*)')
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w\-.]*)\}")


@dataclass(frozen=True)
class QueryRule:
    meta: RuleMeta
    query: str
    keywords: tuple[str, ...]
    message: str


def predicates_of(query: str) -> list[str]:
    """The ``#name?`` / ``#name!`` predicates a query uses (strings and comments skipped)."""
    return [m.group("pred") for m in _TOKENS.finditer(query) if m.group("pred")]


def captures_of(query: str) -> set[str]:
    """The ``@name`` captures a query defines or uses (strings and comments skipped)."""
    return {m.group("cap") for m in _TOKENS.finditer(query) if m.group("cap")}


def compile_query(language: str, source: str):
    """``tree_sitter.Query`` for ``language``; raises ``tree_sitter.QueryError``."""
    import tree_sitter

    return tree_sitter.Query(ts_language(language), source)


def _examples(entry: dict[str, Any], key: str, rid: str, language: str, where: str) -> tuple[Example, ...]:
    out = []
    for ex in entry.get(key, []):
        if not isinstance(ex, dict) or not isinstance(ex.get("code"), str):
            raise ConfigError(f"{where}: rule {rid}: each '{key}' example is a table with 'code'")
        lines = tuple(ex.get("lines", []))
        if key == "invalid" and not lines:
            raise ConfigError(f"{where}: rule {rid}: an invalid example names the 'lines' it is flagged on")
        out.append(Example(ex["code"], lines, ex.get("path", EXAMPLE_PATHS.get(language, "example.txt"))))
    return tuple(out)


def _str_list(value: Any, what: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{what}' must be a list of strings")
    return tuple(value)


def _check_text(query: str, languages: tuple[str, ...], message: str, where: str) -> None:
    """What can be checked without a grammar: languages, predicates, the @report capture, the message."""
    for lang in languages:
        if lang not in GRAMMARS:
            raise ConfigError(f"{where}: unknown language {lang!r} (known: {', '.join(sorted(GRAMMARS))})")
    for pred in predicates_of(query):
        if pred not in BUILTIN_PREDICATES and pred not in FILTERS:
            known = ", ".join(f"#{p}" for p in sorted(FILTERS))
            raise ConfigError(f"{where}: unknown predicate '#{pred}' (filters: {known})")
    names = captures_of(query)
    if REPORT not in names:
        raise ConfigError(f"{where}: the query has no @{REPORT} capture (where findings are reported)")
    missing = [p for p in _PLACEHOLDER.findall(message) if p not in names]
    if missing:
        raise ConfigError(f"{where}: the message names {{{missing[0]}}}, which the query does not capture")


def check_compiles(query: str, languages: tuple[str, ...] | frozenset[str], where: str) -> None:
    """Compile the query for each language; a failure is a ConfigError naming language and position."""
    import tree_sitter

    for lang in sorted(languages):
        if ts_language(lang) is None:
            raise ConfigError(f"{where}: the tree-sitter grammar for {lang} is not installed")
        try:
            compile_query(lang, query)
        except tree_sitter.QueryError as exc:
            raise ConfigError(f"{where}: the query does not compile for {lang}: {exc}") from None


def load_pack(path: Path, *, compile_now: bool = True) -> list[QueryRule]:
    """Read and check one pack. ``compile_now=False`` skips compiling the queries (the shipped packs:
    the test suite compiles every one of them for every language, and start-up stays cheap)."""
    where = f"tree-sitter pack {path}"
    try:
        data = tomllib.loads(read_limited(path))
    except OSError as exc:
        raise ConfigError(f"{where}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None
    unknown = set(data) - PACK_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key '{min(unknown)}' (known: {', '.join(sorted(PACK_KEYS))})")
    default_langs = _str_list(data.get("languages", []), "languages", where)
    out = []
    for entry in data.get("rule", []):
        rid = entry.get("id", "?")
        rwhere = f"{where}: rule {rid}"
        unknown = set(entry) - RULE_KEYS
        if unknown:
            raise ConfigError(f"{rwhere}: unknown key '{min(unknown)}'")
        try:
            langs = _str_list(entry.get("languages", default_langs), "languages", rwhere)
            if not langs:
                raise ConfigError(f"{rwhere}: no 'languages' (set them on the rule or at the top of the pack)")
            query = entry["query"]
            meta = RuleMeta(
                id=entry["id"],
                name=entry["name"],
                family="lint",
                level=entry.get("level", "warning"),
                summary=entry["summary"],
                docs=entry.get("description", entry["summary"]).strip(),
                tags=_str_list(entry.get("tags", []), "tags", rwhere),
                cwe=tuple(entry.get("cwe", ())),
                precision=entry.get("precision", "high"),
                security_severity=entry.get("security-severity"),
                equivalents=_str_list(entry.get("equivalents", []), "equivalents", rwhere),
                languages=frozenset(langs),
                enabled_by_default=entry.get("enabled", True),
                version=entry.get("version", 1),
                valid=_examples(entry, "valid", rid, langs[0], where),
                invalid=_examples(entry, "invalid", rid, langs[0], where),
            )
        except KeyError as exc:
            raise ConfigError(f"{rwhere}: missing key {exc}") from None
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{rwhere}: {exc}") from None
        if not isinstance(query, str):
            raise ConfigError(f"{rwhere}: 'query' must be a string")
        message = entry.get("message", meta.summary)
        if not isinstance(message, str):
            raise ConfigError(f"{rwhere}: 'message' must be a string")
        _check_text(query, langs, message, rwhere)
        if compile_now:
            check_compiles(query, langs, rwhere)
        out.append(QueryRule(meta, query, _str_list(entry.get("keywords", []), "keywords", rwhere), message))
    return out


@lru_cache(maxsize=8)
def load_rules(extra_packs: tuple[str, ...] = ()) -> tuple[QueryRule, ...]:
    shipped = sorted((rules_dir() / "treesitter").glob("*.toml"))
    rules = [r for pack in shipped for r in load_pack(pack, compile_now=False)]
    rules += [r for p in extra_packs for r in load_pack(Path(p))]
    return tuple(rules)


@lru_cache(maxsize=256)
def combined_query(language: str, rules: tuple[QueryRule, ...]):
    """One query holding every given rule's patterns, and the rule of each pattern index."""
    starts, offset = [], 0
    for rule in rules:
        starts.append(offset)
        offset += len(rule.query.encode("utf-8")) + 1
    query = compile_query(language, "\n".join(r.query for r in rules))
    owners = tuple(rules[bisect.bisect_right(starts, query.start_byte_for_pattern(i)) - 1]
                   for i in range(query.pattern_count))
    return query, owners


def _packs(config: Config) -> tuple[str, ...]:
    return config.treesitter_packs


def _format(template: str, captures: dict[str, list[Any]]) -> str:
    def sub(m: re.Match) -> str:
        nodes = captures.get(m.group(1))
        if not nodes:
            return m.group(0)
        text = " ".join(nodes[0].text.decode("utf-8", "replace").split())
        return text if len(text) <= 40 else text[:37] + "..."

    return _PLACEHOLDER.sub(sub, template)


class TreeSitterQueries(RuleGroup):
    """Runs the query rules of the file's language in one cursor pass over its tree-sitter tree."""

    @classmethod
    def load_metas(cls, config: Config):
        return [r.meta for r in load_rules(_packs(config))]

    def check(self) -> None:
        ctx = self.ctx
        lang = ctx.source.language
        if lang is None:
            return
        enabled = {m.id for m in self.metas}
        rules = tuple(r for r in load_rules(_packs(ctx.config)) if r.meta.id in enabled and lang in r.meta.languages)
        text = ctx.source.text
        wanted = {r.meta.id for r in rules if not r.keywords or any(k in text for k in r.keywords)}
        if not wanted:
            return  # the file is never parsed for these rules
        tree = ctx.ts_tree
        if tree is None:
            return
        import tree_sitter

        query, owners = combined_query(lang, rules)
        env = FilterEnv(lang, tree.root_node)

        def predicate(name: str, args: list[tuple[str, str]], pattern_index: int, captures: dict) -> bool:
            if owners[pattern_index].meta.id not in wanted:
                return False
            values = [captures.get(v, []) if kind == "capture" else v for v, kind in args]
            return bool(FILTERS[name](env, *values))

        seen: set[tuple[str, int, int]] = set()
        for index, captures in tree_sitter.QueryCursor(query).matches(tree.root_node, predicate=predicate):
            rule = owners[index]
            if rule.meta.id not in wanted:
                continue
            nodes = captures.get(REPORT)
            if not nodes:
                continue
            node = nodes[0]
            key = (rule.meta.id, node.start_byte, node.end_byte)
            if key in seen:
                continue
            seen.add(key)
            ctx.report(rule.meta, node, _format(rule.message, captures))
