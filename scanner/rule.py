"""What a rule is: one self-describing unit.

A rule's code, name, family, level, docs, tags, options and valid/invalid examples live in one
place. The test suite, ``scanner rules explain``, the generated rule reference and SARIF
``tool.driver.rules[]`` all read :class:`RuleMeta`; nothing is written twice.

Two ways to define rules:

* a :class:`Rule` subclass (or :class:`CstRule` for libcst visitors, batched into one traversal
  per file): metadata are class attributes, the docstring is the docs, ``check()`` reports;
* a :class:`RuleGroup`: one checker that serves many data-defined rules (secret patterns and
  tree-sitter queries under the top-level ``rules/`` folder), so one pass over a file serves all.

Rules are pure: they get a fresh instance per file and report through their
:class:`~scanner.context.FileContext`; they never read global settings or do I/O.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from scanner.model import FAMILIES, LEVELS

if TYPE_CHECKING:
    from scanner.context import FileContext


@dataclass(frozen=True)
class Example:
    """A snippet a rule must accept (``lines == ()``) or flag on exactly ``lines``."""

    code: str
    lines: tuple[int, ...] = ()
    path: str = "example.py"
    options: tuple[tuple[str, Any], ...] = ()


def Valid(code: str, *, path: str = "example.py", **options: Any) -> Example:  # noqa: N802
    return Example(textwrap.dedent(code), (), path, tuple(sorted(options.items())))


def Invalid(code: str, *lines: int, path: str = "example.py", **options: Any) -> Example:  # noqa: N802
    if not lines:
        raise ValueError("an invalid example names the line(s) it must be flagged on")
    return Example(textwrap.dedent(code), tuple(lines), path, tuple(sorted(options.items())))


def cwe_tags(cwe: tuple[int, ...]) -> tuple[str, ...]:
    """SARIF tags of CWE numbers, in the given order (the most specific first)."""
    return tuple(f"external/cwe/cwe-{n}" for n in cwe)


@dataclass(frozen=True)
class RuleMeta:
    id: str  # stable code with a family prefix: SEC001, CX001, DF001, PY001
    name: str  # kebab-case, reads as "allow <name>"
    family: str
    level: str
    summary: str  # one line: SARIF shortDescription
    docs: str = ""  # Markdown with Ruff's headings: SARIF help, `scanner rules explain`
    tags: tuple[str, ...] = ()
    cwe: tuple[int, ...] = ()
    precision: str = "high"  # very-high | high | medium | low
    security_severity: float | None = None
    equivalents: tuple[str, ...] = ()  # e.g. ("ruff:F401", "pyflakes:UnusedImport")
    options: tuple[tuple[str, Any], ...] = ()  # defaults; config may override
    languages: frozenset[str] | None = None  # None: every text file
    fixable: bool = False
    enabled_by_default: bool = True
    version: int = 1  # bump when behaviour changes: invalidates caches
    valid: tuple[Example, ...] = ()
    invalid: tuple[Example, ...] = ()

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"{self.id}: family must be one of {FAMILIES}, not {self.family!r}")
        if self.level not in LEVELS:
            raise ValueError(f"{self.id}: level must be one of {LEVELS}, not {self.level!r}")
        if not self.name or self.name != self.name.lower() or " " in self.name or "_" in self.name:
            raise ValueError(f"{self.id}: name must be kebab-case, not {self.name!r}")

    @property
    def default_options(self) -> dict[str, Any]:
        return dict(self.options)

    @property
    def sarif_tags(self) -> list[str]:
        tags = [self.family, *self.tags]
        tags += cwe_tags(self.cwe)
        # Code scanning files a `security` rule by its security-severity: a CWE alone (CWE-772, a
        # resource leak) does not make a rule a security rule.
        if self.cwe and self.security_severity is not None and "security" not in tags:
            tags.append("security")
        return list(dict.fromkeys(tags))

    @property
    def full_description(self) -> str:
        """The docs' first paragraph, bounded for code scanning (<= 1024 chars)."""
        body = self.docs.strip()
        first = body.split("\n\n", 1)[0] if body else self.summary
        for heading in ("## What it does\n", "## What it does"):
            if body.startswith(heading):
                first = body[len(heading) :].strip().split("\n\n", 1)[0]
        first = " ".join(first.split())
        return first[:1024] or self.summary


_META_FIELDS = (
    "tags",
    "cwe",
    "precision",
    "security_severity",
    "equivalents",
    "fixable",
    "enabled_by_default",
    "version",
)


class Rule:
    """Base class for a rule defined in Python. Subclasses set the class attributes below."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    family: ClassVar[str] = ""
    level: ClassVar[str] = "warning"
    summary: ClassVar[str] = ""
    languages: ClassVar[frozenset[str] | None] = None
    # Prefilter: the rule runs on a file only if one of these strings occurs in its text.
    keywords: ClassVar[tuple[str, ...]] = ()
    options: ClassVar[dict[str, Any]] = {}
    VALID: ClassVar[list[Example]] = []
    INVALID: ClassVar[list[Example]] = []

    tags: ClassVar[tuple[str, ...]] = ()
    cwe: ClassVar[tuple[int, ...]] = ()
    precision: ClassVar[str] = "high"
    security_severity: ClassVar[float | None] = None
    equivalents: ClassVar[tuple[str, ...]] = ()
    fixable: ClassVar[bool] = False
    enabled_by_default: ClassVar[bool] = True
    version: ClassVar[int] = 1

    meta: ClassVar[RuleMeta]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.code:  # an abstract intermediate base
            return
        cls.meta = RuleMeta(
            id=cls.code,
            name=cls.name,
            family=cls.family,
            level=cls.level,
            summary=cls.summary,
            docs=inspect.cleandoc(cls.__doc__ or ""),
            options=tuple(cls.options.items()),
            languages=frozenset(cls.languages) if cls.languages is not None else None,
            valid=tuple(cls.VALID),
            invalid=tuple(cls.INVALID),
            **{f: getattr(cls, f) for f in _META_FIELDS},
        )

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.opts = ctx.options_for(self.meta)

    @classmethod
    def wants(cls, ctx: FileContext) -> bool:
        if cls.languages is not None and ctx.source.language not in cls.languages:
            return False
        return not cls.keywords or any(k in ctx.source.text for k in cls.keywords)

    def check(self) -> None:
        """Run on the file; report with ``self.report``. CST rules use visit_* methods instead."""

    def report(self, where: Any, message: str, **kwargs: Any) -> None:
        self.ctx.report(self.meta, where, message, **kwargs)


class RuleGroup:
    """One checker serving many rules (data-defined packs). Subclasses implement both methods."""

    @classmethod
    def load_metas(cls, config: Any) -> Iterable[RuleMeta]:
        raise NotImplementedError

    def __init__(self, ctx: FileContext, metas: tuple[RuleMeta, ...]) -> None:
        self.ctx = ctx
        self.metas = metas  # only the enabled ones

    @classmethod
    def wants(cls, ctx: FileContext) -> bool:
        return True

    def check(self) -> None:
        raise NotImplementedError


@dataclass
class Registry:
    """Every known rule, by id, and the checkers that run them."""

    metas: dict[str, RuleMeta] = field(default_factory=dict)
    rule_classes: dict[str, type[Rule]] = field(default_factory=dict)
    groups: list[tuple[type[RuleGroup], tuple[str, ...]]] = field(default_factory=list)

    def add(self, meta: RuleMeta, origin: str) -> None:
        if meta.id in self.metas:
            raise ValueError(f"rule id {meta.id} is defined twice ({origin})")
        if any(m.name == meta.name for m in self.metas.values()):
            raise ValueError(f"rule name {meta.name} is used twice ({origin})")
        self.metas[meta.id] = meta
