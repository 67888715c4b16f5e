"""The secret-pattern engine: loads the packs under ``rules/secrets/`` and runs them on every
text file in one pass.

A pack is TOML with ``[[rule]]`` entries (see docs/writing-rules.md): id, name, summary, level,
``keywords`` for the prefilter, a verbose ``regex`` with a named ``secret`` group, and
``valid``/``invalid`` examples that the test suite runs. The secret itself never leaves this
module unmasked: findings carry its hash (fingerprint) and a masked form only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from scanner.config import Config, ConfigError
from scanner.redact import mask
from scanner.registry import rules_dir
from scanner.rule import Example, RuleGroup, RuleMeta

PACK_KEYS = {"id", "name", "summary", "description", "level", "keywords", "regex", "tags", "cwe", "precision",
             "security-severity", "valid", "invalid", "enabled", "version"}


@dataclass(frozen=True)
class Pattern:
    meta: RuleMeta
    regex: re.Pattern
    keywords: tuple[str, ...]


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


def load_pack(path: Path) -> list[Pattern]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"secret pack {path}: {exc}") from None
    out = []
    for entry in data.get("rule", []):
        rid = entry.get("id", "?")
        unknown = set(entry) - PACK_KEYS
        if unknown:
            raise ConfigError(f"secret pack {path}: rule {rid}: unknown key '{sorted(unknown)[0]}'")
        try:
            regex = re.compile(entry["regex"])
            meta = RuleMeta(
                id=entry["id"],
                name=entry["name"],
                family="secret",
                level=entry.get("level", "error"),
                summary=entry["summary"],
                docs=entry.get("description", entry["summary"]),
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
            raise ConfigError(f"secret pack {path}: rule {rid}: missing key {exc}") from None
        except (re.error, ValueError) as exc:
            raise ConfigError(f"secret pack {path}: rule {rid}: {exc}") from None
        if "secret" not in regex.groupindex:
            raise ConfigError(f"secret pack {path}: rule {rid}: the regex needs a named group 'secret'")
        out.append(Pattern(meta, regex, tuple(entry.get("keywords", ()))))
    return out


@lru_cache(maxsize=8)
def load_patterns(extra_packs: tuple[str, ...] = ()) -> tuple[Pattern, ...]:
    packs = sorted((rules_dir() / "secrets").glob("*.toml"))
    packs += [Path(p) for p in extra_packs]
    return tuple(p for pack in packs for p in load_pack(pack))


class SecretPatterns(RuleGroup):
    @classmethod
    def load_metas(cls, config: Config):
        return [p.meta for p in load_patterns(config.secret_packs)]

    def check(self) -> None:
        text = self.ctx.source.text
        wanted = {m.id for m in self.metas}
        for pattern in load_patterns(self.ctx.config.secret_packs):
            if pattern.meta.id not in wanted:
                continue
            if pattern.keywords and not any(k in text for k in pattern.keywords):
                continue
            for m in pattern.regex.finditer(text):
                secret = m.group("secret")
                if not secret:
                    continue
                start, end = m.span("secret")
                self.ctx.report(
                    pattern.meta,
                    self.ctx.source.region_from_offsets(start, end),
                    f"{pattern.meta.summary}: {mask(secret)}",
                    secret=secret,
                )
