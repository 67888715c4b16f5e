"""A progress bar on stderr for long scans, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

MIN_FILES = 200  # shorter scans finish before a bar would help
INTERVAL = 0.1  # seconds between redraws


class ProgressBar:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < MIN_FILES:
            return
        now = time.monotonic()
        if done < total and now - self._last < INTERVAL:
            return
        self._last = now
        width = 30
        filled = width * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
