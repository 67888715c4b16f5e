"""Per-file context: the parse layer (lazy, shared, at most once per file) and ``report()``.

Rules ask the context for what they need (``ctx.cst``, ``ctx.ast``, ``ctx.ts_tree``); each
parser runs at most once per file and only when asked. A parse failure becomes a notification
and the property returns ``None``: the text path of the same file keeps going.
"""

from __future__ import annotations

import hashlib
import re
from functools import cached_property
from typing import TYPE_CHECKING, Any

from scanner.model import Finding, Fix, Location, Notification, Region
from scanner.redact import mask, redact_text

if TYPE_CHECKING:
    from scanner.config import Config
    from scanner.rule import RuleMeta
    from scanner.source import Source

_WS = re.compile(r"\s+")

# Caps on what one file can report (a 9.5 MB minified file gave 106k findings and a 117 MB SARIF):
# past them, findings are counted, not kept, and the file gets a notification. The secrets of
# dropped findings are still masked everywhere.
MAX_FINDINGS_PER_RULE = 500
MAX_FINDINGS_PER_FILE = 2000


class FileContext:
    def __init__(self, source: Source, config: Config, enabled: frozenset[str]) -> None:
        self.source = source
        self.config = config
        self.enabled = enabled
        self.findings: list[Finding] = []
        self.notifications: list[Notification] = []
        # Plaintext of the secrets reported in this file: in memory only, used to mask them in every
        # other finding's snippet and message (engine.scan_source), never stored or printed.
        self.secrets: list[str] = []
        self._parse_errors: dict[str, str] = {}
        self.project = None  # scanner.project.ProjectIndex: the scan's Python modules (cross-module rules)
        self.depends: dict[str, tuple[str, str]] = {}  # module -> (file, sha256) this result read
        self.per_rule: dict[str, int] = {}  # findings reported per rule (kept or not)
        self.dropped: dict[str, int] = {}  # findings past a cap, per rule
        self.secret_at: dict[int, str] = {}  # index in ``findings`` -> that finding's secret (masking only)
        self.secret_lines: dict[int, list[str]] = {}  # line -> the secrets whose span covers it

    # ----- options ---------------------------------------------------------------------------

    def options_for(self, meta: RuleMeta) -> dict[str, Any]:
        opts = meta.default_options
        opts.update(self.config.rule_options.get(meta.id, {}))
        return opts

    # ----- parse layer -----------------------------------------------------------------------

    def parse_failed(self, parser: str, message: str, region: Region | None = None) -> None:
        if parser in self._parse_errors:
            return
        self._parse_errors[parser] = message
        self.notifications.append(
            Notification(self.source.path, f"{parser} could not parse this file: {message}", "warning",
                         "parse-error", region)
        )

    @cached_property
    def cst(self):
        """libcst ``MetadataWrapper`` of the module, or None when it does not parse."""
        from scanner import parsing

        try:
            return parsing.parse_cst(self.source, self.__dict__.get("ast"))  # the ast, if already parsed
        except parsing.ParseError as exc:
            self.parse_failed("libcst", exc.message, exc.region)
            return None

    @cached_property
    def ast(self):
        """``ast.Module`` or None when it does not parse."""
        from scanner import parsing

        try:
            return parsing.parse_ast(self.source)
        except parsing.ParseError as exc:
            self.parse_failed("python", exc.message, exc.region)
            return None

    @cached_property
    def ts_tree(self):
        """tree-sitter ``Tree`` for the file's language, or None when there is no grammar."""
        from scanner import parsing

        return parsing.parse_ts(self.source)

    # ----- reporting -------------------------------------------------------------------------

    def region_of(self, where: Any) -> Region:
        """Accepts a Region, a line number, a tree-sitter node, an ast node or a libcst node."""
        if isinstance(where, Region):
            return where
        if isinstance(where, int):
            return self.source.region_for_line(where)
        if hasattr(where, "start_point"):  # tree-sitter
            return self.source.region_from_ts(where)
        if hasattr(where, "lineno"):  # ast
            return self.source.region_from_ast(where)
        if hasattr(where, "start") and hasattr(where.start, "line"):  # libcst CodeRange
            return self.source.region_from_cst(where)
        # a libcst node: needs PositionProvider metadata
        from libcst.metadata import PositionProvider

        return self.source.region_from_cst(self.cst.resolve(PositionProvider)[where])

    def redacted_snippet(self, region: Region, secret: str, others: list[str] | tuple[str, ...] = ()) -> str:
        """The region's lines with the secret's span masked (then any other copy of it, and every
        secret of ``others``), cut to 200 characters after masking."""
        src = self.source
        start = src.offset_of(region.start_line, region.start_column)
        end_line = region.end_line or region.start_line
        end = src.offset_of(end_line, region.end_column) if region.end_column else start + len(secret)
        line_start = src.line_starts[region.start_line - 1]
        nl = src.text.find("\n", end)
        line_end = len(src.text) if nl == -1 else nl
        text = src.text[line_start:start] + mask(secret) + src.text[end:line_end]
        return redact_text(text, [secret, *others])[:200]

    def location(self, where: Any, message: str = "") -> Location:
        return Location(self.source.path, self.region_of(where), message)

    def report(
        self,
        meta: RuleMeta,
        where: Any,
        message: str,
        *,
        level: str | None = None,
        secret: str | None = None,
        fingerprint: str | None = None,
        related: tuple[Location, ...] = (),
        code_flows: tuple[tuple[Location, ...], ...] = (),
        properties: dict[str, Any] | None = None,
        fix: Fix | None = None,
        scope: Region | None = None,
    ) -> None:
        """Record a finding. ``secret`` (plaintext) is used for the fingerprint and redaction only."""
        if meta.id not in self.enabled:
            return
        region = None
        if secret:
            self.secrets.append(secret)
            region = self.region_of(where)
            for line in range(region.start_line, (region.end_line or region.start_line) + 1):
                self.secret_lines.setdefault(line, []).append(secret)
        n = self.per_rule[meta.id] = self.per_rule.get(meta.id, 0) + 1
        if n > MAX_FINDINGS_PER_RULE or len(self.findings) >= MAX_FINDINGS_PER_FILE:
            self.dropped[meta.id] = self.dropped.get(meta.id, 0) + 1
            return
        region = region or self.region_of(where)
        level = self.config.rule_levels.get(meta.id) or level or meta.level
        if secret:
            material = hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
            snippet = self.redacted_snippet(region, secret)
            message = redact_text(message, [secret])
        elif fingerprint is not None:
            material, snippet = fingerprint, self.source.snippet(region)
        else:
            snippet = self.source.snippet(region)
            material = _WS.sub(" ", self.source.snippet(region, 400)).strip()
        if secret:
            self.secret_at[len(self.findings)] = secret
        self.findings.append(
            Finding(
                rule_id=meta.id,
                level=level,
                message=message,
                location=Location(self.source.path, region),
                fingerprint=hashlib.sha256(f"{meta.id}\0{self.source.path}\0{material}".encode()).hexdigest(),
                related=related,
                code_flows=code_flows,
                properties=tuple(sorted((properties or {}).items())),
                snippet=snippet,
                fix=fix,
                scope=scope,
            )
        )

    def cap_notifications(self) -> list[Notification]:
        """One warning per rule whose findings in this file went past a cap."""
        return [Notification(self.source.path, f"{n} more {rid} finding{'s' if n != 1 else ''} in this file not "
                             f"reported (at most {MAX_FINDINGS_PER_RULE} per rule and {MAX_FINDINGS_PER_FILE} per "
                             "file); the run fails on the ones reported", "warning", "findings-capped")
                for rid, n in sorted(self.dropped.items())]

    def secrets_near(self, region: Region, everywhere: int = 256) -> list[str]:
        """The secrets to mask in a finding at ``region``: those on its lines, and every secret of the
        file when there are few (a copy of a secret that no rule reported). Bounded per finding, so
        masking stays linear in the findings however many secrets a hostile file holds."""
        if len(self.secrets) <= everywhere:
            return self.secrets
        end = min(region.end_line or region.start_line, region.start_line + 5)
        return [s for line in range(region.start_line, end + 1) for s in self.secret_lines.get(line, ())]
