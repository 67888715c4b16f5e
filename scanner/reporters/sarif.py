"""SARIF 2.1.0, built with sarif-om and serialized by one function (``_to_json``).

sarif-om is a set of attrs classes with no serializer of its own; the usual serializer drops
every value equal to the field's default (a result's ``level`` of "warning" vanishes), so we
serialize ourselves: ``None`` is dropped, defaults are dropped except the fields that readers
need explicitly, and a suppression's pre-standard ``state`` becomes the schema's ``status``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import attr
import sarif_om as om

from scanner import __version__
from scanner.model import Finding, Location, Notification, ScanResult
from scanner.rule import RuleMeta

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "scannerFingerprint/v1"
INFO_URI = "https://github.com/scanner-dev/scanner"
ALWAYS_WRITE = {"level", "kind"}  # explicit even when equal to sarif-om's default


def _to_json(obj: Any) -> Any:
    if attr.has(type(obj)):
        out: dict[str, Any] = {}
        for a in attr.fields(type(obj)):
            value = getattr(obj, a.name)
            if value is None:
                continue
            default = a.default.factory() if isinstance(a.default, attr.Factory) else a.default  # type: ignore[attr-defined]
            if value == default and a.name not in ALWAYS_WRITE:
                continue
            out[a.metadata["schema_property_name"]] = _to_json(value)
        if isinstance(obj, om.Suppression):
            out["status"] = out.pop("state", "accepted")
        return out
    if isinstance(obj, (list, tuple)):
        return [_to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _to_json(v) for k, v in obj.items()}
    return obj


def _utc(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _region(loc: Location) -> om.Region:
    r = loc.region
    return om.Region(
        start_line=r.start_line,
        start_column=r.start_column,
        end_line=r.end_line,
        end_column=r.end_column,
    )


def _physical(loc: Location, snippet: str = "") -> om.PhysicalLocation:
    region = _region(loc)
    if snippet:
        region.snippet = om.ArtifactContent(text=snippet)
    return om.PhysicalLocation(
        artifact_location=om.ArtifactLocation(uri=_uri(loc.path), uri_base_id="%SRCROOT%"),
        region=region,
    )


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def _location(loc: Location, snippet: str = "", id_: int | None = None) -> om.Location:
    return om.Location(
        id=id_,
        physical_location=_physical(loc, snippet),
        message=om.Message(text=loc.message) if loc.message else None,
    )


def help_uri(rule_id: str) -> str:
    return f"{INFO_URI}/blob/main/docs/rules.md#{rule_id.lower()}"


def rule_descriptor(meta: RuleMeta) -> om.ReportingDescriptor:
    props: dict[str, Any] = {"tags": meta.sarif_tags, "precision": meta.precision}
    if meta.security_severity is not None:
        props["security-severity"] = f"{meta.security_severity:.1f}"
    if meta.equivalents:
        props["equivalents"] = list(meta.equivalents)
    props["family"] = meta.family
    help_text = meta.docs or meta.summary
    return om.ReportingDescriptor(
        id=meta.id,
        name=meta.name,
        short_description=om.MultiformatMessageString(text=meta.summary),
        full_description=om.MultiformatMessageString(text=meta.full_description),
        help=om.MultiformatMessageString(text=help_text, markdown=help_text),
        help_uri=help_uri(meta.id),
        default_configuration=om.ReportingConfiguration(level=meta.level, enabled=meta.enabled_by_default),
        properties=props,
    )


def _result(f: Finding, rule_index: int, any_suppressions: bool) -> om.Result:
    res = om.Result(
        rule_id=f.rule_id,
        rule_index=rule_index,
        level=f.level,
        kind="fail",
        message=om.Message(text=f.message),
        locations=[_location(f.location, f.snippet)],
        partial_fingerprints={FINGERPRINT_KEY: f.fingerprint},
    )
    if f.related:
        res.related_locations = [_location(loc, id_=i + 1) for i, loc in enumerate(f.related)]
    if f.code_flows:
        res.code_flows = [
            om.CodeFlow(thread_flows=[om.ThreadFlow(locations=[
                om.ThreadFlowLocation(location=_location(step), execution_order=i + 1) for i, step in enumerate(flow)
            ])])
            for flow in f.code_flows
        ]
    props = dict(f.properties)
    if f.commit:
        props["commit"] = f.commit
    if props:
        res.properties = props
    if any_suppressions:
        res.suppressions = [
            om.Suppression(kind=s.kind, state="accepted", justification=s.justification or None) for s in f.suppressions
        ]
    return res


def _notification(n: Notification) -> om.Notification:
    loc = None
    if n.path:
        loc = [om.Location(physical_location=om.PhysicalLocation(
            artifact_location=om.ArtifactLocation(uri=_uri(n.path), uri_base_id="%SRCROOT%"),
            region=om.Region(start_line=n.region.start_line, start_column=n.region.start_column) if n.region else None,
        ))]
    return om.Notification(
        message=om.Message(text=f"{n.path}: {n.message}" if n.path else n.message),
        level=n.level,
        locations=loc,
        descriptor=om.ReportingDescriptorReference(id=n.rule_id) if n.rule_id else None,
    )


def to_sarif(result: ScanResult, metas: dict[str, RuleMeta], *, all_rules: bool = False) -> dict[str, Any]:
    """The SARIF log as a plain dict (version first), ready for ``json.dumps``."""
    used = set(result.rule_ids) | {f.rule_id for f in result.findings}
    rule_list = sorted((m for m in metas.values() if all_rules or m.id in used), key=lambda m: m.id)
    index = {m.id: i for i, m in enumerate(rule_list)}
    any_supp = any(f.suppressions for f in result.findings)
    root_uri = Path(result.root).resolve().as_uri().rstrip("/") + "/"
    exit_code = result.exit_code
    invocation = om.Invocation(
        execution_successful=not result.internal_error,
        exit_code=exit_code,
        start_time_utc=_utc(result.started),
        end_time_utc=_utc(result.ended),
        command_line=result.command_line or None,
        working_directory=om.ArtifactLocation(uri=Path(os.getcwd()).resolve().as_uri().rstrip("/") + "/"),
        tool_execution_notifications=[_notification(n) for n in result.notifications] or None,
        properties={"scanner/configuration": result.configuration} if result.configuration else None,
    )
    if result.internal_error:
        invocation.tool_execution_notifications = [
            *(invocation.tool_execution_notifications or []),
            om.Notification(message=om.Message(text=result.internal_error), level="error"),
        ]
    run = om.Run(
        tool=om.Tool(driver=om.ToolComponent(
            name="scanner",
            semantic_version=__version__,
            version=__version__,
            information_uri=INFO_URI,
            rules=[rule_descriptor(m) for m in rule_list],
            properties={"rulesVersion": rules_version(rule_list)},
        )),
        results=[_result(f, index[f.rule_id], any_supp) for f in result.findings if f.rule_id in index],
        invocations=[invocation],
        column_kind="unicodeCodePoints",
        original_uri_base_ids={"%SRCROOT%": om.ArtifactLocation(uri=root_uri)},
    )
    if result.category:
        run.automation_details = om.RunAutomationDetails(id=f"{result.category.rstrip('/')}/{_utc(result.started)}")
    vcs = result.vcs
    if vcs.get("repositoryUri"):
        run.version_control_provenance = [om.VersionControlDetails(
            repository_uri=vcs["repositoryUri"],
            revision_id=vcs.get("revisionId"),
            branch=vcs.get("branch"),
            mapped_to=om.ArtifactLocation(uri_base_id="%SRCROOT%"),
        )]
    if result.artifacts:
        run.artifacts = [
            om.Artifact(location=om.ArtifactLocation(uri=_uri(p), uri_base_id="%SRCROOT%"), hashes={"sha-256": h})
            for p, h in result.artifacts
        ]
    log = om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])
    body = _to_json(log)
    return {"version": body.pop("version"), **body}


def rules_version(metas) -> str:
    """A short digest of every rule's id and version: changes whenever any rule does."""
    import hashlib

    h = hashlib.sha256("".join(f"{m.id}:{m.version};" for m in metas).encode()).hexdigest()
    return f"{__version__}+{h[:12]}"
