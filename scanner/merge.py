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
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MergeError(f"{path}: not a readable SARIF file ({exc})") from None
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


def merge_runs(runs: list[dict[str, Any]], command_line: str = "") -> dict[str, Any]:
    if not runs:
        raise MergeError("no runs to merge")
    first = runs[0]
    driver = first["tool"]["driver"]
    ident = (driver.get("name"), driver.get("version"), driver.get("properties", {}).get("rulesVersion"))
    rules: dict[str, dict[str, Any]] = {}
    results: dict[str, dict[str, Any]] = {}
    notes: dict[str, dict[str, Any]] = {}
    artifacts: dict[str, dict[str, Any]] = {}
    invocations = []
    for run in runs:
        d = run["tool"]["driver"]
        other = (d.get("name"), d.get("version"), d.get("properties", {}).get("rulesVersion"))
        if other != ident:
            raise MergeError(f"cannot merge runs of different tools or rule sets: {ident} and {other}")
        if run.get("originalUriBaseIds") != first.get("originalUriBaseIds"):
            raise MergeError("cannot merge runs with different source roots (originalUriBaseIds)")
        run_rules = d.get("rules", [])
        for rule in run_rules:
            rules.setdefault(rule["id"], rule)
        for res in run.get("results", []):
            res = dict(res)
            if "ruleIndex" in res and "ruleId" not in res:
                res["ruleId"] = run_rules[res["ruleIndex"]]["id"]
            results.setdefault(_key(res), res)
        invocations.extend(run.get("invocations", []))
        for art in run.get("artifacts", []):
            artifacts.setdefault(_key(art.get("location")), art)
    for n in (n for inv in invocations for n in inv.get("toolExecutionNotifications", [])):
        notes.setdefault(_key(n), n)

    rule_list = [rules[k] for k in sorted(rules)]
    index = {r["id"]: i for i, r in enumerate(rule_list)}
    merged_results = sorted(results.values(), key=_result_sort)
    any_supp = any("suppressions" in r for r in merged_results)
    for res in merged_results:
        res["ruleIndex"] = index[res["ruleId"]]
        if any_supp:
            res.setdefault("suppressions", [])  # within one run: all results have the array, or none
    invocation: dict[str, Any] = {
        "executionSuccessful": all(i.get("executionSuccessful", False) for i in invocations) and bool(invocations),
        "exitCode": _exit_code(invocations),
    }
    starts = [i["startTimeUtc"] for i in invocations if "startTimeUtc" in i]
    ends = [i["endTimeUtc"] for i in invocations if "endTimeUtc" in i]
    if starts:
        invocation["startTimeUtc"] = min(starts)
    if ends:
        invocation["endTimeUtc"] = max(ends)
    if command_line:
        invocation["commandLine"] = command_line
    if notes:
        invocation["toolExecutionNotifications"] = list(notes.values())
    invocation["properties"] = {"shards": [i.get("commandLine", "") for i in invocations]}

    out = {k: v for k, v in first.items() if k not in ("results", "invocations", "artifacts", "tool")}
    out["tool"] = {**first["tool"], "driver": {**driver, "rules": rule_list}}
    out["results"] = merged_results
    out["invocations"] = [invocation]
    if artifacts:
        out["artifacts"] = sorted(artifacts.values(), key=lambda a: a.get("location", {}).get("uri", ""))
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
