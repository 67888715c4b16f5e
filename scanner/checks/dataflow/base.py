"""What every DF rule shares: the prefilter, the shared per-file analysis, and how a hit is reported.

A DF rule is a :class:`~scanner.cst.CstRule` that declares ``ScopeProvider``; the engine batches all
CST rules of a file into one parse and one traversal, and the first DF rule's ``visit_Module``
computes the taint analysis that all DF rules then read (:func:`taint.analysis_for`).
A rule only says which sink kind it reports and which source labels count for it.
"""

from __future__ import annotations

import re
import weakref
from typing import Any, ClassVar

import libcst as cst
from libcst.metadata import ScopeProvider

from scanner.checks.dataflow.foreign import Foreign, report_foreign
from scanner.checks.dataflow.imports import confirmed, imports_project
from scanner.checks.dataflow.reach import reach_for
from scanner.checks.dataflow.spec import load_spec, sink_mentions, sink_roots, source_pattern
from scanner.checks.dataflow.flow import Hit
from scanner.checks.dataflow.taint import analysis_for
from scanner.cst import CstRule
from scanner.rule import RuleGroup

# A taint rule has nothing to do in a file that reads no untrusted input: the engine skips libcst
# (the expensive part) unless one of these occurs in the text.
SOURCE_KEYWORDS = (
    "request", "input(", "argv", "environ", "getenv", "recv", "stdin", ".route(", "fastapi", "UploadFile",
    "self.kwargs", "self.args", "Handler", "(event", "req.",
)
SECRET_KEYWORDS = (
    "environ", "getenv", "password", "passwd", "secret", "token", "api_key", "apikey", "PASSWORD",
    "SECRET", "TOKEN", "API_KEY", "credential", "CREDENTIAL", "private_key", "PRIVATE_KEY",
)


# Names written before "(": the calls a file can make (a sink's last name part must be one).
_CALLED = re.compile(r"(\w+)\(")
# Text facts the ten rules' prefilters share, computed once per file.
_MEMO: weakref.WeakKeyDictionary[Any, dict] = weakref.WeakKeyDictionary()


def _memo(ctx: Any, key: Any, compute) -> Any:
    facts = _MEMO.get(ctx)
    if facts is None:
        facts = _MEMO[ctx] = {}
    if key not in facts:
        facts[key] = compute()
    return facts[key]


class DataflowRule(CstRule):
    family = "data-flow"
    level = "error"
    precision = "high"
    tags = ("security", "taint")
    keywords = SOURCE_KEYWORDS
    # Positions are resolved only when a finding is reported (ctx.location): most files have none.
    METADATA_DEPENDENCIES = (ScopeProvider,)

    sink_kind: ClassVar[str] = ""
    # Second prefilter: a sink of this kind must be named in the file. The words come from the spec
    # (each sink's last name part, called), plus these for sinks that are not calls.
    sink_keywords: ClassVar[tuple[str, ...]] = ()
    # Source labels that count for this rule ("user", "env", "secret").
    labels: ClassVar[frozenset[str]] = frozenset({"user", "cli"})

    @classmethod
    def wants(cls, ctx) -> bool:
        text = ctx.source.text
        if not _memo(ctx, cls.keywords, lambda: super(DataflowRule, cls).wants(ctx)):
            return False
        extra = tuple(ctx.config.dataflow_specs)
        if not _memo(ctx, cls.has_source.__func__, lambda: cls.has_source(text, extra)):
            # A function of another module may return a source, but asking every file that names
            # none costs more than a third of the whole DF run on Django: see the known limits.
            return False
        if not any(k in text for k in cls.sink_keywords):
            called = _memo(ctx, "called", lambda: set(_CALLED.findall(text)))
            mentions = [root for root, last in sink_mentions(extra, cls.sink_kind) if last in called]
            if None not in mentions:
                roots = _memo(ctx, "roots", lambda: set(sink_roots(extra).findall(text)))
                if roots.isdisjoint(mentions) and not _memo(ctx, "project", lambda: imports_project(ctx)):
                    return False  # no sink here, and no function of another scanned module to reach one
        # The sharp check, on the shared ast: a source that can reach a sink of this kind.
        reach = reach_for(ctx)
        return reach is None or reach.wants(cls.labels, cls.sink_kind)

    @classmethod
    def has_source(cls, text: str, extra: tuple[str, ...]) -> bool:
        return bool(source_pattern(extra).search(text))

    def visit_Module(self, node: cst.Module) -> None:
        analysis = analysis_for(self.ctx)
        if analysis is None:
            return
        done: set[int] = set()
        for hit in analysis.hits:
            if hit.kind != self.sink_kind or id(hit.sink) in done or not (hit.taint.origin.labels & self.labels):
                continue
            if not self.counts(hit):
                continue
            if not confirmed(self.ctx, hit):
                continue  # it went through another module's function that cleans it
            done.add(id(hit.sink))
            self.report_hit(hit)

    def counts(self, hit: Hit) -> bool:
        """A rule's own condition on a hit of its kind and labels (every hit by default)."""
        return True

    def report_hit(self, hit: Hit) -> None:
        ctx, origin = self.ctx, hit.taint.origin

        def at(node: Any, message: str):  # a node of this file, or of another module (imports.Foreign)
            return node.location(message) if isinstance(node, Foreign) else ctx.location(node, message)

        source_loc = at(origin.node, f"Source: {origin.what}")
        flow = [source_loc]
        for node, message in hit.taint.steps:
            flow.append(at(node, message))
        sink_loc = at(hit.sink, f"Sink: {hit.what}")
        flow.append(sink_loc)
        line = source_loc.region.start_line
        where = f"line {line}" if source_loc.path == sink_loc.path else f"{source_loc.path} line {line}"
        message = f"{self.describe(origin.what)} ({where}) reaches {hit.what}"
        props = {"source": origin.what, "sink": hit.what}
        if isinstance(hit.sink, Foreign):
            report_foreign(ctx, self.meta, hit.sink, message, (tuple(flow),), props)
        else:
            ctx.report(self.meta, sink_loc.region, message, code_flows=(tuple(flow),), properties=props)

    def describe(self, what: str) -> str:
        return f"Untrusted data from {what}"


class DataflowSpecCheck(RuleGroup):
    """Loads the taint model when the scan is planned, so a broken ``dataflow-specs`` file is a
    configuration error (exit 2, one clear message) instead of a failure on every file."""

    @classmethod
    def load_metas(cls, config) -> list:
        load_spec(tuple(config.dataflow_specs))
        return []

    def check(self) -> None:
        """Serves no rule."""
