"""Finds every rule: ``Rule`` subclasses and ``RuleGroup``s in ``scanner.checks``, and the data
packs those groups load from the top-level ``rules/`` folder. One source of truth per rule.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from pathlib import Path

from scanner.config import Config, ConfigError
from scanner.rule import Registry, Rule, RuleGroup, RuleMeta

FAMILY_NAMES = {"secret", "complexity", "data-flow", "lint"}
# Which package under scanner/checks holds which family, and the id prefixes each family uses: a
# selection such as `--select secret` or `--select SEC` then imports only that package (no libcst,
# no tree-sitter query compilation). Packages not listed here are always imported.
FAMILY_PACKAGES = {"secrets": "secret", "complexity": "complexity", "dataflow": "data-flow", "lint": "lint"}
FAMILY_PREFIXES = {"secret": ("SEC",), "complexity": ("CX",), "data-flow": ("DF",),
                   "lint": ("PY", "JS", "TS", "GO", "JV")}


def rules_dir() -> Path:
    """The shipped ``rules/`` data: inside the wheel as ``scanner/_rules``, else the checkout's."""
    packaged = Path(__file__).parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def _all_subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_all_subclasses(sub))
    return out


def families_needed(config: Config) -> frozenset[str] | None:
    """The families a configuration can enable, or None when that needs every rule (the default)."""
    selectors = (*config.select, *config.extend_select, *config.rule_options)
    if not config.select:
        return None
    out: set[str] = set()
    for sel in selectors:
        s = sel.strip()
        if s.lower() in FAMILY_NAMES:
            out.add(s.lower())
            continue
        hits = {f for f, prefixes in FAMILY_PREFIXES.items()
                if any(p.startswith(s.upper()) or s.upper().startswith(p) for p in prefixes)}
        if not hits or not s[:1].isalpha() or "-" in s:
            return None  # a rule name (or anything unknown): load everything
        out |= hits
    return frozenset(out)


@lru_cache(maxsize=None)
def _import_checks(families: frozenset[str] | None = None) -> None:
    import scanner.checks as pkg

    for mod in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".", onerror=lambda name: None):
        family = FAMILY_PACKAGES.get(mod.name.split(".")[2])
        if families is None or family is None or family in families:
            importlib.import_module(mod.name)


def build(config: Config | None = None) -> Registry:
    config = config or Config()
    families = families_needed(config)
    _import_checks(families)
    reg = Registry()
    for cls in sorted(_all_subclasses(Rule), key=lambda c: c.code):
        if families is not None and cls.code and cls.meta.family not in families:
            continue
        if cls.code and cls.__module__.startswith("scanner.checks"):
            reg.add(cls.meta, cls.__module__)
            reg.rule_classes[cls.code] = cls
    for group in _all_subclasses(RuleGroup):
        if not group.__module__.startswith("scanner.checks"):
            continue
        ids = []
        for meta in group.load_metas(config):
            if families is not None and meta.family not in families:
                continue
            reg.add(meta, group.__name__)
            ids.append(meta.id)
        if ids or families is None:
            reg.groups.append((group, tuple(ids)))
    return reg


def _matches(meta: RuleMeta, selector: str) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s.lower() in FAMILY_NAMES:
        return meta.family == s.lower()
    return meta.id.upper().startswith(s.upper()) or meta.name == s.lower()


def check_selectors(reg: Registry, selectors: tuple[str, ...], what: str) -> None:
    for s in selectors:
        if not any(_matches(m, s) for m in reg.metas.values()):
            raise ConfigError(f"'{what}' names no rule: {s!r} (see `scanner rules`)")


def enabled_ids(reg: Registry, config: Config) -> frozenset[str]:
    check_selectors(reg, config.select, "select")
    check_selectors(reg, config.extend_select, "extend-select")
    check_selectors(reg, config.ignore, "ignore")
    metas = reg.metas.values()
    if config.select:
        chosen = {m.id for m in metas if any(_matches(m, s) for s in config.select)}
    else:
        chosen = {m.id for m in metas if m.enabled_by_default}
    chosen |= {m.id for m in metas if any(_matches(m, s) for s in config.extend_select)}
    ignored = {m.id for m in metas if any(_matches(m, s) for s in config.ignore)}
    return frozenset(chosen - ignored)
