"""Plain data passed between the pipeline's stages.

Everything here is a frozen dataclass: discovery yields paths, the engine turns each file into
:class:`FileResult` (findings + notifications), and the reporters read a :class:`ScanResult`.
No stage mutates what another produced.

Positions: every :class:`Region` is SARIF-shaped (1-based lines and columns, columns counted in
Unicode code points, ``end_column`` one past the last character). Only ``scanner.source`` builds
regions from parser positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("note", "warning", "error")
LEVEL_RANK = {"none": 0, "note": 1, "warning": 2, "error": 3}
FAMILIES = ("secret", "complexity", "data-flow", "lint")


@dataclass(frozen=True, order=True)
class Region:
    start_line: int
    start_column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def __post_init__(self) -> None:
        if self.start_line < 1 or self.start_column < 1:
            raise ValueError(f"regions are 1-based, got {self}")


@dataclass(frozen=True)
class Location:
    """A place in a scanned file; ``path`` is POSIX and relative to the scan root."""

    path: str
    region: Region
    message: str = ""


@dataclass(frozen=True)
class Fix:
    """A whole-file replacement produced by a fixable rule (applied by ``--fix``)."""

    description: str
    new_text: str


@dataclass(frozen=True)
class Suppression:
    kind: str  # "inSource" | "external"
    justification: str = ""


@dataclass(frozen=True)
class Finding:
    rule_id: str
    level: str
    message: str
    location: Location
    # Hash input that does not depend on the line: the secret's digest or the normalized code span.
    fingerprint: str = ""
    related: tuple[Location, ...] = ()
    # Each code flow is a tuple of steps from source to sink.
    code_flows: tuple[tuple[Location, ...], ...] = ()
    properties: tuple[tuple[str, Any], ...] = ()
    snippet: str = ""  # already redacted where it could hold a secret
    suppressions: tuple[Suppression, ...] = ()
    fix: Fix | None = None
    commit: str = ""  # set by --history scans
    # The code the finding judges as a whole (complexity: the function). --diff-base/--staged count
    # a finding as new when any line of its evidence changed: this span, its region, its related
    # locations, any step of its code flows.
    scope: Region | None = None

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.region.start_line

    @property
    def suppressed(self) -> bool:
        return bool(self.suppressions)

    def sort_key(self) -> tuple:
        r = self.location.region
        return (self.location.path, r.start_line, r.start_column, self.rule_id, self.message)


# Notification rule ids of a file whose scan did not finish: with ``fail-on-timeout`` (the default)
# they fail the run, because the findings of the rest of the file are unknown.
INCOMPLETE = ("file-timeout", "worker-died")


@dataclass(frozen=True)
class Notification:
    """Something the scan could not do for one file (unreadable, unparseable, too large...)."""

    path: str
    message: str
    level: str = "warning"  # never "error": that would declare the whole run failed
    rule_id: str = ""  # e.g. the parse-error pseudo-rule
    region: Region | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.region.start_line if self.region else 0, self.message)


@dataclass(frozen=True)
class FileResult:
    path: str
    findings: tuple[Finding, ...] = ()
    notifications: tuple[Notification, ...] = ()
    skipped: bool = False
    sha256: str = ""
    seconds: float = 0.0
    timings: tuple[tuple[str, float], ...] = ()  # (rule or parse layer, seconds): SCANNER_PROFILE_RULES only
    # (module, file, sha256) of other files the findings depend on ("" file: the module did not resolve)
    depends: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class ScanResult:
    root: str  # absolute path of the scan root
    findings: tuple[Finding, ...]
    notifications: tuple[Notification, ...]
    files_scanned: int
    files_skipped: int
    rule_ids: tuple[str, ...]  # the enabled rules, sorted
    started: float
    ended: float
    fail_on: str = "warning"
    fail_on_timeout: bool = True  # an incomplete file (INCOMPLETE notifications) fails the run
    command_line: str = ""
    artifacts: tuple[tuple[str, str], ...] = ()  # (path, sha256) when --artifacts
    vcs: dict[str, str] = field(default_factory=dict)  # repositoryUri, revisionId, branch
    category: str = ""
    internal_error: str = ""
    configuration: dict[str, Any] = field(default_factory=dict)  # what narrowed the scan (scanner.trust)

    @property
    def exit_code(self) -> int:
        from scanner.thresholds import exit_code

        return exit_code(self)
