"""``scanner merge``: the SARIF reports of ``scan --shard K/N`` runs -> one valid run.

Rules are deduplicated by id and every result's ``ruleIndex`` is re-pointed at the merged list;
results, notifications and artifacts are concatenated (duplicates dropped); the invocation spans
the earliest start to the latest end and is successful only if every shard's was. Shards must
come from the same tool version and rule set, or the merged report would lie about what ran.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scanner.thresholds import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS


class MergeError(Exception):
    pass


def _runs(path: Path) -> list[dict[str, Any]]:
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise MergeError(f"{path}: not a readable SARIF file ({type(exc).__name__})") from None
    if not isinstance(doc, dict) or doc.get("version") != "2.1.0" or not isinstance(doc.get("runs"), list):
        raise MergeError(f"{path}: not a SARIF 2.1.0 log")
    return doc["runs"]


def _key(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True)


def _result_sort(res: dict[str, Any]) -> tuple:
    loc = (res.get("locations") or [{}])[0].get("physicalLocation", {})
    region = loc.get("region", {})
    return (loc.get("artifactLocation", {}).get("uri", ""), region.get("startLine", 0), region.get("startColumn", 0),
            res.get("ruleId", ""), res.get("message", {}).get("text", ""))


def _identity(run: dict[str, Any]) -> tuple:
    d = run["tool"]["driver"]
    return (d.get("name"), d.get("version"), d.get("properties", {}).get("rulesVersion"))


def _check_compatible(runs: list[dict[str, Any]]) -> None:
    if not runs:
        raise MergeError("no runs to merge")
    first = runs[0]
    for run in runs[1:]:
        if _identity(run) != _identity(first):
            raise MergeError(f"cannot merge runs of different tools or rule sets: {_identity(first)} and {_identity(run)}")
        if run.get("originalUriBaseIds") != first.get("originalUriBaseIds"):
            raise MergeError("cannot merge runs with different source roots (originalUriBaseIds)")


def _unique(items, key) -> list:
    """Items in first-seen order, dropping later ones with the same key."""
    seen: dict[str, Any] = {}
    for item in items:
        seen.setdefault(_key(key(item)), item)
    return list(seen.values())


def _results(runs: list[dict[str, Any]], index: dict[str, int]) -> list[dict[str, Any]]:
    """Every run's results, each named by rule id and re-pointed at the merged rule list."""
    collected = []
    for run in runs:
        run_rules = run["tool"]["driver"].get("rules", [])
        collected.extend({"ruleId": run_rules[res["ruleIndex"]]["id"], **res} if "ruleId" not in res else dict(res)
                         for res in run.get("results", []))
    merged = sorted(_unique(collected, lambda r: r), key=_result_sort)
    any_supp = any("suppressions" in r for r in merged)
    for res in merged:
        res["ruleIndex"] = index[res["ruleId"]]
        if any_supp:
            res.setdefault("suppressions", [])  # within one run: all results have the array, or none
    return merged


def _invocation(invocations: list[dict[str, Any]], command_line: str) -> dict[str, Any]:
    """One invocation for the whole sharded scan: successful only if every shard was."""
    inv: dict[str, Any] = {
        "executionSuccessful": bool(invocations) and all(i.get("executionSuccessful", False) for i in invocations),
        "exitCode": _exit_code(invocations),
    }
    starts = [i["startTimeUtc"] for i in invocations if "startTimeUtc" in i]
    ends = [i["endTimeUtc"] for i in invocations if "endTimeUtc" in i]
    if starts:
        inv["startTimeUtc"] = min(starts)
    if ends:
        inv["endTimeUtc"] = max(ends)
    if command_line:
        inv["commandLine"] = command_line
    notes = _unique((n for i in invocations for n in i.get("toolExecutionNotifications", [])), lambda n: n)
    if notes:
        inv["toolExecutionNotifications"] = notes
    inv["properties"] = {"shards": [i.get("commandLine", "") for i in invocations]}
    return inv


def merge_runs(runs: list[dict[str, Any]], command_line: str = "") -> dict[str, Any]:
    _check_compatible(runs)
    first = runs[0]
    driver = first["tool"]["driver"]
    rules = {r["id"]: r for run in reversed(runs) for r in run["tool"]["driver"].get("rules", [])}
    rule_list = [rules[k] for k in sorted(rules)]
    index = {r["id"]: i for i, r in enumerate(rule_list)}
    out = {k: v for k, v in first.items() if k not in ("results", "invocations", "artifacts", "tool")}
    out["tool"] = {**first["tool"], "driver": {**driver, "rules": rule_list}}
    out["results"] = _results(runs, index)
    out["invocations"] = [_invocation([i for run in runs for i in run.get("invocations", [])], command_line)]
    artifacts = _unique((a for run in runs for a in run.get("artifacts", [])), lambda a: a.get("location"))
    if artifacts:
        out["artifacts"] = sorted(artifacts, key=lambda a: a.get("location", {}).get("uri", ""))
    return out


def _exit_code(invocations: list[dict[str, Any]]) -> int:
    codes = [i.get("exitCode", EXIT_ERROR) for i in invocations]
    if EXIT_ERROR in codes or not all(i.get("executionSuccessful", False) for i in invocations):
        return EXIT_ERROR
    return EXIT_FINDINGS if EXIT_FINDINGS in codes else EXIT_CLEAN


def merge_files(paths: list[Path], command_line: str = "") -> tuple[dict[str, Any], int]:
    """The merged log and the exit code the combined scan would have had."""
    runs, schema = [], None
    for p in paths:
        for run in _runs(p):
            runs.append(run)
        schema = schema or json.loads(p.read_text("utf-8")).get("$schema")
    run = merge_runs(runs, command_line)
    log: dict[str, Any] = {"version": "2.1.0"}
    if schema:
        log["$schema"] = schema
    log["runs"] = [run]
    return log, run["invocations"][0]["exitCode"]
