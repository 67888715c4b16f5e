"""The built wheel, not only the checkout: rules/ ships inside it and loads from there."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_wheel_ships_rule_data_and_loads_it(tmp_path):
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = out.glob("scanner-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert any(n.startswith("scanner/_rules/secrets/") and n.endswith(".toml") for n in names)
        site = tmp_path / "site"
        zf.extractall(site)
    # Run from the unpacked wheel only (dependencies from this environment, not the checkout).
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import scanner.registry as r; print(r.rules_dir())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )
    assert probe.stdout.strip() == str(site / "scanner" / "_rules")
    listed = subprocess.run([sys.executable, "-m", "scanner", "rules"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=True)
    assert any(line.split()[:2] == ["SEC001", "private-key"] for line in listed.stdout.splitlines())


def test_rule_reference_is_generated_from_metadata():
    from scanner import registry, ruledocs

    reg = registry.build()
    text = ruledocs.render(reg.metas.values())
    for meta in reg.metas.values():
        assert f"### {meta.id}" in text
        assert f"| [{meta.id}](#{meta.id.lower()}) | {meta.name} |" in text
