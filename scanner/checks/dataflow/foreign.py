"""Places in other modules of the project inside a taint path (:class:`Foreign`: a libcst node of
another module; :class:`Pinned`: a position known from its ``ast``), the other module as one file's
analysis sees it (:class:`Module`), and a finding reported at a sink in another module
(:func:`report_foreign`), made exactly as that file's own scan would make it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from scanner.model import Location
from scanner.source import Source


class Foreign:
    """A node of another module's tree inside a taint path: knows its file and position."""

    __slots__ = ("mod", "node")

    def __init__(self, mod: Module, node: cst.CSTNode) -> None:
        self.mod, self.node = mod, node

    def location(self, message: str) -> Location:
        return Location(self.mod.source.path, self.mod.region(self.node), message)


class Pinned(Foreign):
    """A place in another module known from its ``ast`` only (a step through a function whose
    module is not parsed with libcst)."""

    __slots__ = ("check", "path", "region")

    def __init__(self, path: str, region: Any, check: tuple[str, str, str] | None = None) -> None:
        self.path, self.region = path, region  # no libcst node, so not Foreign.__init__
        self.check = check  # (file, function, parameter) whose summary may clean the value

    def location(self, message: str) -> Location:
        return Location(self.path, self.region, message)


@dataclass
class Module:
    """Another module of the project, analysed for one file's session."""

    source: Source
    wrapper: Any
    analysis: Any
    top: dict[str, cst.FunctionDef]
    wrapped: dict[int, Foreign] = field(default_factory=dict)
    positions: Any = None
    secrets: list[str] | None = None

    def wrap(self, node: Any) -> Any:
        if isinstance(node, Foreign):
            return node
        got = self.wrapped.get(id(node))
        if got is None:
            got = self.wrapped[id(node)] = Foreign(self, node)
        return got

    def region(self, node: cst.CSTNode):
        if self.positions is None:
            from libcst.metadata import PositionProvider

            self.positions = self.wrapper.resolve(PositionProvider)
        return self.source.region_from_cst(self.positions[node])



def report_foreign(ctx: Any, meta: Any, sink: Foreign, message: str, code_flows: tuple, properties: dict) -> None:
    """A finding at a sink in another module, found from this file: made exactly as that file's own
    scan would make it (location, snippet, fingerprint, ``scanner: ignore`` on the sink's line,
    secrets masked), then carried in this file's result."""
    from dataclasses import replace

    from scanner import suppress
    from scanner.context import FileContext
    from scanner.redact import redact_text

    mod = sink.mod
    there = FileContext(mod.source, ctx.config, ctx.enabled)
    there.report(meta, mod.region(sink.node), message, code_flows=code_flows, properties=properties)
    if not there.findings:
        return
    finding = suppress.apply(there.findings, mod.source.lines, {meta.id: meta.name})[0]
    secrets = _secrets_in(mod, ctx.config)
    if secrets is None:  # we cannot tell what to mask: show no source text
        finding = replace(finding, snippet="")
    elif secrets:
        finding = replace(finding, snippet=redact_text(finding.snippet, secrets),
                          message=redact_text(finding.message, secrets))
    ctx.findings.append(finding)


def _secrets_in(mod: Module, config: Any) -> list[str] | None:
    """The secrets the secret rules find in another module (to mask them in a finding's snippet)."""
    if mod.secrets is None:
        from scanner.context import FileContext
        from scanner.engine import _secrets_plan, run_rules

        plan = _secrets_plan(config.secret_packs)
        probe = FileContext(mod.source, config, plan.enabled)
        try:
            run_rules(probe, plan)
        except Exception:
            return None
        mod.secrets = probe.secrets
    return mod.secrets

