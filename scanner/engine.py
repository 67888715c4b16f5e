"""The pipeline, end to end: discover -> read -> rules -> suppress -> baseline -> ScanResult.

``scan_paths()`` is the importable API the CLI calls. ``scan_source()`` is the pure core used
by tests, the language server and ``--staged``/``--history`` scans. Files run in a process
pool when there are enough of them; results are sorted, so output never depends on scheduling.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import stat
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from scanner import profiling, suppress
from scanner import registry as registry_mod
from scanner.budget import FileTimeout, time_budget
from scanner.config import Config, default_jobs, resolve_rule_options
from scanner.context import FileContext
from scanner.discovery import Candidate, discover, find_root
from scanner.model import FileResult, Finding, Notification, ScanResult
from scanner.redact import redact_text
from scanner.rule import Registry
from scanner.source import Source, looks_binary, reads_binary

PARALLEL_MIN_FILES = 24  # below this a pool's start-up costs more than it saves
TIMEOUT_MESSAGE = "scan of this file stopped"
UNCHANGED = -1.0  # FileResult.seconds of a file whose content still has the hash the cache expected


@dataclass(frozen=True)
class Plan:
    """What every file of one scan is checked with: resolved config, rules and their order."""

    config: Config
    registry: Registry
    enabled: frozenset[str]
    debug: bool = False
    project: Any = None  # scanner.project.ProjectIndex of the scanned files (scan_paths sets it)

    @property
    def names(self) -> dict[str, str]:
        return {i: m.name for i, m in self.registry.metas.items()}


def make_plan(config: Config, debug: bool = False) -> Plan:
    reg = registry_mod.build(config)
    config = resolve_rule_options(config, reg.metas)
    return Plan(config, reg, registry_mod.enabled_ids(reg, config), debug)


# ----- one file ------------------------------------------------------------------------------


def _guarded(ctx: FileContext, what: str, fn, debug: bool) -> None:
    if profiling.ENABLED:
        fn = profiling.wrap(what, fn)
    try:
        fn()
    except RecursionError:
        ctx.notifications.append(Notification(ctx.source.path, f"{what}: the file is nested too deeply", "warning"))
    except Exception as exc:  # a rule bug must not cost the other rules or files
        detail = traceback.format_exc() if debug else type(exc).__name__
        ctx.notifications.append(Notification(ctx.source.path, f"{what} failed on this file: {detail}", "warning"))


def run_rules(ctx: FileContext, plan: Plan) -> None:
    # No rule can be a CstRule unless scanner.cst (and so libcst) was imported: do not import it here.
    cst_mod = sys.modules.get("scanner.cst")
    CstRule = cst_mod.CstRule if cst_mod is not None else ()  # noqa: N806

    reg, enabled = plan.registry, plan.enabled
    cst_rules = []
    for rid, cls in reg.rule_classes.items():
        if rid not in enabled or not _wants(cls, rid, ctx):
            continue
        rule = cls(ctx)
        if isinstance(rule, CstRule):
            cst_rules.append(rule)
        else:
            _guarded(ctx, f"rule {rid}", rule.check, plan.debug)
    for group, ids in reg.groups:
        metas = tuple(reg.metas[i] for i in ids if i in enabled)
        if metas and group.wants(ctx):
            _guarded(ctx, group.__name__, group(ctx, metas).check, plan.debug)
    if cst_rules:
        wrapper = ctx.cst
        if wrapper is not None:
            if profiling.ENABLED:
                profiling.wrap_cst_rules(cst_rules)
            # A rule that only looks at the Module (the data-flow rules run their own analysis from
            # visit_Module) runs alone, so its failure loses no other rule's findings; the wrapper
            # (scanner.cstmeta) calls such a batch without walking every node.
            from scanner.cstmeta import MODULE_ONLY

            walking = []
            for rule in cst_rules:
                if rule.get_visitors().keys() <= MODULE_ONLY:
                    _guarded(ctx, "libcst rules", lambda r=rule: wrapper.visit_batched([r]), plan.debug)
                else:
                    walking.append(rule)
            if walking:
                _guarded(ctx, "libcst rules", lambda: wrapper.visit_batched(walking), plan.debug)


def _wants(cls, rid: str, ctx: FileContext) -> bool:
    if profiling.ENABLED:  # a prefilter's own cost (the shared ast it asks for is charged to the parse)
        return profiling.timed(f"prefilter {rid}", cls.wants)(ctx)
    return cls.wants(ctx)


def _dedupe_fingerprints(findings: Iterable[Finding]) -> list[Finding]:
    """Identical spans in one file get distinct fingerprints by occurrence, in file order."""
    seen: dict[str, int] = {}
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        n = seen.get(f.fingerprint, 0)
        seen[f.fingerprint] = n + 1
        if n:
            f = replace(f, fingerprint=hashlib.sha256(f"{f.fingerprint}:{n}".encode()).hexdigest())
        out.append(f)
    return out


@lru_cache(maxsize=4)
def _secrets_plan(secret_packs: tuple[str, ...]) -> Plan:
    return make_plan(Config(select=("secret",), secret_packs=secret_packs))


def _redact_location(loc, secrets):
    return replace(loc, message=redact_text(loc.message, secrets)) if loc.message else loc


def _mask_every_secret(ctx: FileContext, plan: Plan, *, probe: bool = True) -> None:
    """Every secret of the file is masked in every finding and notification of the file, not only
    the finding's own: two secrets on one line must not print each other (issue 14/18).

    A lint or data-flow finding quotes its source line, which may hold a secret. When the secret
    rules were not selected for this scan, they run once more on this file for redaction only
    (just for files that have findings to show; ``probe=False`` after the budget ran out: then
    findings that are not secret findings show no source text at all).
    """
    metas = plan.registry.metas
    if not ctx.findings and not ctx.notifications:
        return
    known = ctx
    if not any(metas[i].family == "secret" for i in plan.enabled) and any(
            metas[f.rule_id].family != "secret" for f in ctx.findings):
        known = None
        if probe:
            sp = _secrets_plan(plan.config.secret_packs)
            scratch = FileContext(ctx.source, plan.config, sp.enabled)
            try:
                run_rules(scratch, sp)
                known = scratch
            except Exception:  # noqa: BLE001 - we cannot tell what to mask: show no source text
                known = None
        if known is None:
            ctx.findings[:] = [replace(f, snippet="") for f in ctx.findings]
            return
    if not known.secrets:
        return
    src = ctx.source
    for i, f in enumerate(ctx.findings):
        if f.location.path != src.path:
            continue  # a finding in another module was masked against that module
        own = ctx.secret_at.get(i)
        secrets = known.secrets_near(f.location.region)
        if own is not None:
            snippet = ctx.redacted_snippet(f.location.region, own, secrets) if f.snippet else ""
        else:
            full = src.snippet(f.location.region, max_chars=1 << 20)
            snippet = redact_text(full, secrets)[:200] if f.snippet else ""
        ctx.findings[i] = replace(
            f, snippet=snippet, message=redact_text(f.message, secrets),
            related=tuple(_redact_location(loc, secrets) for loc in f.related),
            code_flows=tuple(tuple(_redact_location(loc, secrets) for loc in flow) for flow in f.code_flows))
    ctx.notifications[:] = [replace(n, message=redact_text(n.message, known.secrets)) for n in ctx.notifications]


def scan_source(source: Source, plan: Plan) -> FileResult:
    """Rules, suppression comments and masking all run inside the file's time budget; when it runs
    out, what was found is kept, the cheap remainder (linear suppression parsing, masking with the
    secrets already known) runs, and the file gets a ``file-timeout`` notification."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _scan_source(source, plan)
    finally:
        if collecting:
            gc.enable()


def _scan_source(source: Source, plan: Plan) -> FileResult:
    start = time.perf_counter()
    if profiling.ENABLED:
        profiling.install()
    ctx = FileContext(source, plan.config, plan.enabled)
    ctx.project = plan.project
    limit = plan.config.file_timeout
    stage = "rules"
    findings: list[Finding] | None = None
    try:
        with time_budget(limit):
            run_rules(ctx, plan)
            stage = "mask"
            _mask_every_secret(ctx, plan)
            stage = "suppress"
            findings = suppress.apply(_dedupe_fingerprints(ctx.findings), source.lines, plan.names, source.path)
    except FileTimeout:
        ctx.notifications.append(Notification(
            source.path, f"{TIMEOUT_MESSAGE} after {limit:g} s of CPU time (file-timeout); findings made before that are kept",
            "warning", "file-timeout"))
    if findings is None:
        if stage in ("rules", "mask"):
            _mask_every_secret(ctx, plan, probe=False)
        deduped = _dedupe_fingerprints(ctx.findings)
        # suppression comments are read with linear-time, length-capped parsing; if even that ran out
        # of time, the findings stay unsuppressed: a comment that was not read can hide nothing
        findings = deduped if stage == "suppress" else suppress.apply(deduped, source.lines, plan.names, source.path)
    ctx.notifications.extend(ctx.cap_notifications())
    return FileResult(
        path=source.path,
        findings=tuple(findings),
        notifications=tuple(ctx.notifications),
        sha256=source.sha256,
        seconds=time.perf_counter() - start,
        timings=profiling.take() if profiling.ENABLED else (),
        depends=tuple(sorted((m, rel, sha) for m, (rel, sha) in ctx.depends.items())),
    )


def scan_file(cand: Candidate, plan: Plan, expect: str = "") -> FileResult:
    """Read one file (the I/O edge) and scan it. Never raises.

    ``expect``: the content hash the cache holds a result for; when the file still has it, the
    result is ``FileResult(path, sha256=expect, seconds=UNCHANGED)`` and nothing is scanned.
    """
    path = cand.relpath
    try:
        # O_NOFOLLOW | O_NONBLOCK, then fstat: a file swapped for a symlink or a FIFO after discovery
        # is neither followed nor waited on.
        fd = os.open(cand.abspath, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return FileResult(path, notifications=(Notification(
                    path, "not a regular file (FIFO, socket or device); not scanned"),), skipped=True)
            size = st.st_size
            if size > plan.config.max_file_size:
                mib = plan.config.max_file_size / (1024 * 1024)
                return FileResult(path, notifications=(
                    Notification(path, f"file is larger than max-file-size ({size} bytes > {mib:g} MiB); not scanned"),
                ), skipped=True)
            data = fh.read(plan.config.max_file_size + 1)
    except FileNotFoundError:
        return FileResult(path, notifications=(Notification(path, "file vanished during the scan"),), skipped=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink where discovery saw a file
            return FileResult(path, notifications=(Notification(
                path, "became a symbolic link during the scan; not followed"),), skipped=True)
        return FileResult(path, notifications=(Notification(path, f"cannot read file: {exc.strerror}"),), skipped=True)
    if looks_binary(data, path) and not reads_binary(path):
        return FileResult(path, notifications=(Notification(path, "binary file; not scanned", "note"),), skipped=True)
    sha = hashlib.sha256(data).hexdigest()
    if expect and sha == expect:
        return FileResult(path, sha256=sha, seconds=UNCHANGED)
    source = Source.from_bytes(path, data, sha256=sha)
    try:
        return scan_source(source, plan)
    except Exception as exc:  # last line of defence: one file never ends the scan
        detail = traceback.format_exc() if plan.debug else type(exc).__name__
        return FileResult(path, notifications=(Notification(path, f"internal error while scanning: {detail}"),))


# ----- many files ----------------------------------------------------------------------------

_WORKER_PLAN: Plan | None = None


def _init_worker(plan: Plan) -> None:
    global _WORKER_PLAN
    _WORKER_PLAN = plan
    _die_with_parent()


def _die_with_parent() -> None:
    """Linux: a worker gets SIGTERM when the scanner process dies (a CI job killed on time-out must
    not leave workers scanning on). Elsewhere this is a no-op."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _scan_in_worker(task: tuple[Candidate, str]) -> FileResult:
    assert _WORKER_PLAN is not None
    return scan_file(task[0], _WORKER_PLAN, task[1])


def _call_in_worker(call: tuple[Callable, tuple]) -> Any:
    fn, args = call
    return fn(_WORKER_PLAN, *args)


class Isolated:
    """One worker process that runs scans one at a time, for serial scans (``-j 1``, small scans),
    ``--staged``/``--history`` and the language server: a file that kills its process (a native
    parser's SIGSEGV) costs that file only, and the worker is replaced. The worker is forked, so
    it starts with what this process has imported. Where no child process can be started, scans
    run in this process (``SCANNER_NO_ISOLATION=1`` asks for that too).
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.pool: ProcessPoolExecutor | None = None
        self.inprocess = os.environ.get("SCANNER_NO_ISOLATION") == "1"

    def run(self, fn: Callable, *args, on_crash: Callable[[], Any]) -> Any:
        """``fn(plan, *args)`` in the worker (``fn`` must be a module-level function); ``on_crash()``
        gives the result when the worker died."""
        if not self.inprocess:
            try:
                if self.pool is None:
                    self.pool = ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=(self.plan,))
                future = self.pool.submit(_call_in_worker, (fn, args))
            except (OSError, RuntimeError, AssertionError):  # no child processes here (a daemon, a sandbox)
                self.inprocess = True
            else:
                try:
                    return future.result()
                except BrokenProcessPool:
                    self.close()
                    return on_crash()
        return fn(self.plan, *args)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Isolated:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def died(path: str) -> FileResult:
    return FileResult(path, notifications=(Notification(
        path, "the scanner's worker process died while scanning this file; not scanned", "warning",
        "worker-died"),), skipped=True)


def scan_source_with(plan: Plan, source: Source) -> FileResult:
    """``scan_source`` with the plan first (for :meth:`Isolated.run`)."""
    return scan_source(source, plan)


def _scan_file_with(plan: Plan, cand: Candidate, expect: str) -> FileResult:
    return scan_file(cand, plan, expect)


Progress = Callable[[int, int], None]  # (files done, files in all): the CLI's progress bar


def _noop_progress(done: int, total: int) -> None:
    pass


def _scan_tasks(tasks: Sequence[tuple[Candidate, str]], plan: Plan, jobs: int,
                progress: Progress = _noop_progress) -> list[FileResult]:
    total = len(tasks)
    if jobs <= 1 or len(tasks) < PARALLEL_MIN_FILES:
        serial = []
        with Isolated(plan) as worker:
            for c, expect in tasks:
                serial.append(worker.run(_scan_file_with, c, expect, on_crash=lambda c=c: died(c.relpath)))
                progress(len(serial), total)
        return serial
    # Largest files first, in small chunks: one big file (a 10k-line test module costs seconds) must
    # not start last while the other workers sit idle. Results go back into the callers' order.
    order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i][0]))
    ordered = [tasks[i] for i in order]
    chunk = max(1, min(16, len(tasks) // (jobs * 32)))
    done: list[FileResult] = []
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(plan,)) as pool:
            for r in pool.map(_scan_in_worker, ordered, chunksize=chunk):
                done.append(r)
                progress(len(done), total)
    except BrokenProcessPool:  # a worker died (native crash, OOM kill): never the end of the scan
        done.extend(_scan_isolated(ordered[len(done):], plan))
    out: list[FileResult] = [None] * len(tasks)  # type: ignore[list-item]
    for i, r in zip(order, done):
        out[i] = r
    return out


def _size(cand: Candidate) -> int:
    try:
        return os.stat(cand.abspath, follow_symlinks=False).st_size
    except OSError:
        return 0


def _scan_isolated(tasks: Sequence[tuple[Candidate, str]], plan: Plan) -> list[FileResult]:
    """After a worker died: each remaining file in a process of its own, so the one that kills
    its process gets a notification and every other file is still scanned."""
    out = []
    for task in tasks:
        try:
            with ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=(plan,)) as pool:
                out.append(pool.submit(_scan_in_worker, task).result())
        except BrokenProcessPool:
            out.append(died(task[0].relpath))
    return out


def scan_candidates(cands: Sequence[Candidate], plan: Plan, jobs: int, cache=None,
                    progress: Progress = _noop_progress) -> list[FileResult]:
    """Scan in candidate order; with a ``scanner.cache.Cache``, files it proves unchanged are not scanned."""
    if cache is None:
        return _scan_tasks([(c, "") for c in cands], plan, jobs, progress)
    from scanner.cache import reconcile

    return reconcile(cache, cands, lambda tasks: _scan_tasks(tasks, plan, jobs, progress), lambda c: scan_file(c, plan))


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per rule, place and fingerprint: a sink in one module that several files' data
    reaches is reported once (with the code flow that sorts first)."""
    best: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.rule_id, f.location, f.fingerprint)
        if key not in best or _flow_key(f) < _flow_key(best[key]):
            best[key] = f
    return list(best.values())


def _flow_key(f: Finding) -> tuple:
    return tuple((loc.path, loc.region.start_line if loc.region else 0, loc.message)
                 for flow in f.code_flows for loc in flow)


def collect(
    results: Iterable[FileResult],
    extra_notes: Iterable[Notification],
    plan: Plan,
    root: Path,
    started: float,
    **meta,
) -> ScanResult:
    findings: list[Finding] = []
    notes: list[Notification] = list(extra_notes)
    scanned = skipped = 0
    artifacts = []
    for r in results:
        findings.extend(r.findings)
        notes.extend(r.notifications)
        if r.skipped:
            skipped += 1
        else:
            scanned += 1
            if r.sha256:
                artifacts.append((r.path, r.sha256))
    from scanner.keypairs import pair_across_files

    findings = pair_across_files(findings, plan.config.rule_levels)
    return ScanResult(
        root=str(root),
        findings=tuple(sorted(_unique(findings), key=Finding.sort_key)),
        notifications=tuple(sorted(notes, key=Notification.sort_key)),
        files_scanned=scanned,
        files_skipped=skipped,
        rule_ids=tuple(sorted(plan.enabled)),
        started=started,
        ended=time.time(),
        fail_on=plan.config.fail_on,
        fail_on_timeout=plan.config.fail_on_timeout,
        artifacts=tuple(sorted(artifacts)),
        **meta,
    )


def scan_paths(
    paths: Sequence[str | Path],
    config: Config | None = None,
    *,
    plan: Plan | None = None,
    jobs: int | None = None,
    command_line: str = "",
    category: str = "",
    use_cache: bool = False,
    cache_dir: str | Path | None = None,
    file_filter: Callable[[str], bool] | None = None,
    finding_filter: Callable[[Finding], bool] | None = None,
    progress: Progress = _noop_progress,
) -> ScanResult:
    """Scan files and directories; the API behind ``scanner scan``.

    ``progress(done, total)`` is called as files finish (the CLI draws a bar on a terminal).

    ``use_cache``: reuse and store per-file results in ``cache_dir`` (default ``<root>/.scanner-cache``).
    ``file_filter(relpath)`` narrows the discovered files (``--shard``, ``--diff-base``) and
    ``finding_filter(finding)`` keeps only the findings it accepts (``--diff-base``).
    """
    from scanner import vcs

    started = time.time()
    plan = plan or make_plan(config or Config())
    path_list = [Path(p) for p in paths] or [Path.cwd()]
    root = find_root(path_list)
    found = discover(path_list, root, plan.config)
    # Every discovered Python file is a module other files' rules may read (before --shard and
    # --diff-base narrow what is scanned: a callee need not be in the shard or the diff).
    from scanner.project import ProjectIndex

    plan = replace(plan, project=ProjectIndex.from_paths(str(root), (c.relpath for c in found.candidates)))
    cache = None
    cache_notes: list[Notification] = []
    if use_cache:
        from scanner.cache import Cache

        cache = Cache.for_root(root, plan, cache_dir)
        if not cache.usable:
            from scanner.cache import foreign_files
            from scanner.config import ConfigError

            what = f"the cache directory {cache.directory}"
            others = foreign_files(cache.directory)
            why = (f"it holds files the cache did not write ({', '.join(others)})" if others
                   else "it is a symbolic link or not a directory")
            if cache_dir:
                raise ConfigError(f"--cache-dir: refusing {what}: {why}")
            cache_notes.append(Notification(str(cache.directory.name), f"{what} is not used: {why}", "warning"))
            cache = None
    cands = [c for c in found.candidates if file_filter(c.relpath)] if file_filter else found.candidates
    results = scan_candidates(cands, plan, jobs or default_jobs(plan.config), cache, progress)
    if cache is not None:
        cache.save()
    if profiling.ENABLED:
        profiling.report(results)
    if finding_filter:
        results = [replace(r, findings=tuple(f for f in r.findings if finding_filter(f))) for r in results]
    return collect(
        results, (*found.notifications, *cache_notes), plan, root, started,
        command_line=command_line, category=category, vcs=vcs.provenance(root),
    )
