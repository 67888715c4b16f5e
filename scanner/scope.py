"""What one ``scanner scan`` covers and judges: the whole tree, a shard of it, the staged diff, a
history range or the changes since a merge base; then the baseline and the opt-in artifact list.

The CLI calls :func:`run` and :func:`finish`; the scanning itself stays in ``scanner.engine``
(whole files) and ``scanner.gitscan`` (git-driven scans).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from scanner import engine
from scanner.config import ConfigError
from scanner.model import Finding, ScanResult


def parse_shard(spec: str) -> tuple[int, int]:
    """``"K/N"`` -> (K, N) with 1 <= K <= N."""
    try:
        k_text, n_text = spec.split("/")
        k, n = int(k_text), int(n_text)
    except ValueError:
        raise ConfigError(f"--shard must look like K/N (e.g. 2/4), not {spec!r}") from None
    if not 1 <= k <= n:
        raise ConfigError(f"--shard {spec}: K must be between 1 and N")
    return k, n


def shard_of(relpath: str, n: int) -> int:
    """The 1-based shard that owns a file: a hash of its root-relative path, the same on every machine."""
    return int.from_bytes(hashlib.sha256(relpath.encode("utf-8", "surrogateescape")).digest()[:8], "big") % n + 1


def _both(a: Callable | None, b: Callable | None) -> Callable | None:
    if a and b:
        return lambda x: a(x) and b(x)
    return a or b


def run(
    paths: Sequence[str],
    plan: engine.Plan,
    *,
    staged: bool = False,
    history: str | None = None,
    diff_base: str | None = None,
    shard: str | None = None,
    command_line: str = "",
    category: str = "",
    **engine_options,
) -> ScanResult:
    """Dispatch one scan; ``engine_options`` (e.g. the result cache) go to ``engine.scan_paths``."""
    from scanner import gitscan

    modes = [name for name, on in (("--staged", staged), ("--history", history), ("--diff-base", diff_base)) if on]
    if len(modes) > 1:
        raise ConfigError(f"{' and '.join(modes)} cannot be combined")
    if shard and (staged or history):
        raise ConfigError(f"--shard cannot be combined with {modes[0]}")
    start = Path(paths[0]) if paths else Path.cwd()
    meta = {"command_line": command_line, "category": category}
    if staged:
        return gitscan.scan_staged(start if start.is_dir() else start.parent, plan, paths, **meta)
    if history:
        return gitscan.scan_history(start if start.is_dir() else start.parent, plan, history, paths, **meta)
    file_filter: Callable[[str], bool] | None = None
    finding_filter: Callable[[Finding], bool] | None = None
    if shard:
        k, n = parse_shard(shard)
        file_filter = lambda rel: shard_of(rel, n) == k  # noqa: E731
    if diff_base:
        root = engine.find_root([Path(p) for p in paths] or [Path.cwd()])
        files, finding_filter = gitscan.diff_base_filters(root, diff_base)
        file_filter = _both(file_filter, files)
    return engine.scan_paths(list(paths) or ["."], plan=plan, file_filter=file_filter,
                             finding_filter=finding_filter, **meta, **engine_options)


def finish(result: ScanResult, *, baseline: str | None = None, artifacts: bool = False) -> ScanResult:
    """Apply the baseline (known findings become suppressed, kind external) and drop the artifact
    list unless ``--artifacts`` asked for it."""
    if baseline:
        from scanner import baseline as baseline_mod

        result = baseline_mod.apply(result, baseline_mod.load(Path(baseline)), Path(baseline).name)
    if not artifacts and result.artifacts:
        result = replace(result, artifacts=())
    return result
