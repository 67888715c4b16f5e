"""Every rule proves itself: its valid examples give no finding of that rule, its invalid
examples give one on exactly the lines they name (Fixit / gitleaks / semgrep style)."""

from __future__ import annotations

import pytest

from scanner import registry
from scanner.config import Config
from scanner.engine import Plan, make_plan, scan_source
from scanner.source import Source

REG = registry.build()
CASES = [
    pytest.param(meta.id, kind, i, ex, id=f"{meta.id}-{meta.name}-{kind}{i}")
    for meta in sorted(REG.metas.values(), key=lambda m: m.id)
    for kind, examples in (("valid", meta.valid), ("invalid", meta.invalid))
    for i, ex in enumerate(examples)
]


def _plan_for(rule_id: str, options: tuple) -> Plan:
    cfg = Config(select=(rule_id,), rule_options={rule_id: dict(options)} if options else {})
    return make_plan(cfg)


@pytest.mark.parametrize("rule_id,kind,index,example", CASES)
def test_example(rule_id, kind, index, example):
    plan = _plan_for(rule_id, example.options)
    result = scan_source(Source.from_bytes(example.path, example.code.encode("utf-8")), plan)
    lines = sorted({f.line for f in result.findings if f.rule_id == rule_id})
    assert lines == sorted(set(example.lines)), f"{rule_id} {kind} example {index}:\n{example.code}"


def test_every_rule_has_examples_of_both_kinds():
    missing = [m.id for m in REG.metas.values() if not (m.valid and m.invalid)]
    assert not missing, f"rules without valid and invalid examples: {missing}"


def test_every_rule_has_docs_and_one_family_tag():
    for m in REG.metas.values():
        assert m.summary and m.docs, m.id
        families = [t for t in m.sarif_tags if t in ("secret", "complexity", "data-flow", "lint")]
        assert families == [m.family], m.id
        prefixes = {"secret": ("SEC",), "complexity": ("CX",), "data-flow": ("DF",),
                    "lint": ("PY", "JS", "GO", "JV")}[m.family]
        assert m.id.startswith(prefixes), m.id
