"""The per-file time budget: one pathological file stops at ``file-timeout``, the scan goes on.

A rule that never ends on one file (``TST901`` below, defined here and added to a real plan) is
the pathological case; it reports a finding before it starts spinning, so we can tell that
partial results are kept. It stops by itself after 60 s, so a broken budget fails the test
instead of hanging it.
"""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from scanner.budget import FileTimeout, time_budget
from scanner.config import Config, ConfigError, from_table
from scanner.discovery import Candidate
from scanner.engine import make_plan, scan_candidates, scan_source
from scanner.rule import Invalid, Rule, Valid
from scanner.source import Source
from tests.conftest import run_cli, write

GIVE_UP = 60.0


class SpinRule(Rule):
    """## What it does
    Test-only: reports line 1, then spins on files containing SPIN-FOREVER.
    """

    code = "TST901"
    name = "spin-forever"
    family = "lint"
    level = "warning"
    summary = "test rule that never finishes"
    keywords = ("SPIN-FOREVER",)
    VALID = [Valid("x = 1\n")]
    INVALID = [Invalid("SPIN-FOREVER\n", 1)]

    def check(self) -> None:
        self.report(1, "before the spin")
        end = time.monotonic() + GIVE_UP
        while time.monotonic() < end:
            try:
                sum(range(1000))
            except Exception:  # noqa: BLE001, S110 - a rule's broad except must not swallow the budget
                pass
        self.report(1, "the budget never fired")


def spin_plan(timeout: float):
    plan = make_plan(Config(file_timeout=timeout, select=("PY001",)))
    reg = plan.registry
    reg.metas.setdefault(SpinRule.meta.id, SpinRule.meta)
    reg.rule_classes[SpinRule.code] = SpinRule
    return replace(plan, enabled=plan.enabled | {SpinRule.code})


def _timeout_notes(result):
    return [n for n in result.notifications if n.rule_id == "file-timeout"]


def test_budget_interrupts_python_code_and_leaves_no_timer_behind():
    before = signal.getsignal(signal.SIGALRM)
    start = time.monotonic()
    with pytest.raises(FileTimeout), time_budget(0.2) as enforced:
        assert enforced
        while time.monotonic() - start < GIVE_UP:
            pass
    assert time.monotonic() - start < GIVE_UP
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_budget_that_does_not_expire_changes_nothing():
    before = signal.getsignal(signal.SIGALRM), signal.getsignal(signal.SIGPROF)
    with time_budget(30) as enforced:
        assert enforced
        assert signal.getitimer(signal.ITIMER_PROF)[0] > 0
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert (signal.getsignal(signal.SIGALRM), signal.getsignal(signal.SIGPROF)) == before
    time.sleep(0.05)  # nothing fires later in unrelated work


def test_budget_counts_cpu_time_and_waiting_only_against_the_wall_backstop():
    """Waiting costs no CPU time: a loaded machine must not stop an ordinary file. A file that
    waits far longer than its budget still ends, at the wall-clock backstop."""
    with time_budget(0.05) as enforced:
        assert enforced
        time.sleep(0.2)  # four budgets of waiting, hardly any CPU: no timeout
    start = time.monotonic()
    with pytest.raises(FileTimeout), time_budget(0.05):
        time.sleep(GIVE_UP)  # the backstop (WALL_FACTOR budgets of wall time) interrupts the sleep
    assert time.monotonic() - start < GIVE_UP


def test_budget_is_not_enforced_off_the_main_thread():
    seen = []

    def body():
        with time_budget(0.01) as enforced:
            time.sleep(0.05)
            seen.append(enforced)

    t = threading.Thread(target=body)
    t.start()
    t.join()
    assert seen == [False]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_zero_means_no_budget():
    with time_budget(0) as enforced:
        assert not enforced
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_serial_scan_stops_the_slow_file_and_keeps_its_partial_findings():
    plan = spin_plan(1.5)
    # lazy imports (libcst, grammars) happen inside the first file's budget: warm them first
    fast = scan_source(Source.from_bytes("fast.py", b"def f(:\n"), plan)
    assert not _timeout_notes(fast) and [f.rule_id for f in fast.findings] == ["PY001"]
    start = time.monotonic()
    result = scan_source(Source.from_bytes("slow.py", b"SPIN-FOREVER\n"), plan)
    assert time.monotonic() - start < GIVE_UP
    (note,) = _timeout_notes(result)
    assert note.path == "slow.py" and "stopped after 1.5 s" in note.message and note.level == "warning"
    messages = [f.message for f in result.findings if f.rule_id == "TST901"]
    assert messages == ["before the spin"]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_pool_workers_enforce_the_budget_too(tmp_path: Path):
    files = {f"f{i:02d}.py": "def f(:\n" for i in range(30)}
    files["f07.py"] = "SPIN-FOREVER\n"
    files["f21.py"] = "SPIN-FOREVER\n"
    write(tmp_path, files)
    cands = [Candidate(name, str(tmp_path / name)) for name in sorted(files)]
    plan = spin_plan(4.0)  # generous: each worker's first file also pays for lazy imports
    start = time.monotonic()
    results = scan_candidates(cands, plan, jobs=2)
    assert time.monotonic() - start < GIVE_UP
    by_path = {r.path: r for r in results}
    assert sorted(n.path for r in results for n in _timeout_notes(r)) == ["f07.py", "f21.py"]
    for name in files:
        if name in ("f07.py", "f21.py"):
            assert [f.message for f in by_path[name].findings] == ["before the spin"]
        else:  # every other file was scanned completely
            assert [(f.rule_id, f.line) for f in by_path[name].findings] == [("PY001", 1)]


def test_file_timeout_config_key():
    assert from_table({"file-timeout": 2.5}, "t", Path(".")).file_timeout == 2.5
    assert from_table({"file-timeout": 0}, "t", Path(".")).file_timeout == 0.0
    assert Config().file_timeout == 30.0
    for bad in (-1, "10s", True, 10**9):
        with pytest.raises(ConfigError, match="file-timeout"):
            from_table({"file-timeout": bad}, "t", Path("."))


def test_bad_file_timeout_is_a_usage_error_on_the_command_line(tmp_path):
    write(tmp_path, {".scanner.toml": 'file-timeout = "soon"\n', "a.py": "x = 1\n"})
    run = run_cli("scan", str(tmp_path))
    assert run.code == 2
    assert "file-timeout" in run.err and "Traceback" not in run.err


class CrashRule(Rule):
    """## What it does
    Test-only: kills its own process (as a native crash would) on files containing CRASH-NOW,
    but only in a pool worker, never in the test process itself.
    """

    code = "TST902"
    name = "crash-the-worker"
    family = "lint"
    level = "warning"
    summary = "test rule that kills its worker process"
    keywords = ("CRASH-NOW",)
    VALID = [Valid("x = 1\n")]
    INVALID = [Invalid("CRASH-NOW\n", 1)]
    fault_log = ""  # the dying worker's "Fatal Python error" dump goes here, not into the test run's output

    def check(self) -> None:
        import faulthandler
        import multiprocessing
        import os

        if multiprocessing.parent_process() is not None:
            if self.fault_log:
                faulthandler.enable(file=open(self.fault_log, "a"))  # noqa: SIM115 - the process dies holding it
            os.kill(os.getpid(), signal.SIGSEGV)
        self.report(1, "not in a worker")


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path, monkeypatch):
    log = tmp_path / "worker-fault.log"
    monkeypatch.setattr(CrashRule, "fault_log", str(log))
    files = {f"f{i:02d}.py": "def f(:\n" for i in range(30)}
    files["f12.py"] = "CRASH-NOW\n"
    write(tmp_path, files)
    cands = [Candidate(name, str(tmp_path / name)) for name in sorted(files)]
    plan = make_plan(Config(select=("PY001",)))
    plan.registry.metas.setdefault(CrashRule.meta.id, CrashRule.meta)
    plan.registry.rule_classes[CrashRule.code] = CrashRule
    plan = replace(plan, enabled=plan.enabled | {CrashRule.code})
    results = scan_candidates(cands, plan, jobs=2)
    by_path = {r.path: r for r in results}
    assert sorted(by_path) == sorted(files)
    crashed = by_path["f12.py"]
    assert crashed.skipped and "worker process died" in crashed.notifications[0].message
    # The crash dumps (the pool's worker, then the isolated retry) were captured, not printed.
    assert log.read_text().count("Fatal Python error: Segmentation fault") == 2
    for name in files:
        if name != "f12.py":
            assert [(f.rule_id, f.line) for f in by_path[name].findings] == [("PY001", 1)], name
