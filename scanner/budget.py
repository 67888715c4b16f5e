"""Per-file time budget: one pathological file must not hold the whole scan.

``time_budget(seconds)`` arms two one-shot timers around one file's rule run: ``seconds`` of CPU
time of the process (``ITIMER_PROF``, user + system), and a wall-clock backstop of
``WALL_FACTOR`` times that (``ITIMER_REAL``) for a file that waits without computing. When either
expires, :class:`FileTimeout` is raised in whatever Python code is running at that moment and the
engine turns it into a notification for that file. It works in the CLI process (serial scans) and
in process-pool workers alike, because both run files on their main thread and one file at a time,
so the process's CPU time is the file's.

CPU time, not wall time: on a loaded machine (a CI runner sharing its cores, a laptop compiling)
an ordinary file takes many times its CPU time in wall time, and a wall-clock budget stopped
ordinary files there (the self-scan at load 50 on 2 cores). What the budget guards against, a
pathological file that makes a rule compute for minutes, is CPU time wherever it runs.

Design points:

* :class:`FileTimeout` derives from ``BaseException``, so the ``except Exception`` that shields
  each rule from another rule's bug does not swallow it: the budget ends the file, not a rule.
* The handler raises only while armed, and disarming happens before the timer is cancelled, so
  a signal that slips in between can never surface later in unrelated code of the main thread.
* Outside the main thread (a language server's worker threads, say) or on a platform without
  ``setitimer`` the budget is not enforced: a signal handler can only be set on the main thread.
* Native code (a C or Rust parser) cannot be interrupted: the handler runs as soon as control
  returns to Python. That is why deep nesting is refused before libcst sees it
  (:func:`scanner.parsing.check_nesting`).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

_armed = False


class FileTimeout(BaseException):  # BaseException on purpose: see the module docs
    """The current file used up its time budget."""


def _on_alarm(signum, frame) -> None:
    if _armed:
        raise FileTimeout()


def enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


WALL_FACTOR = 10  # the wall-clock backstop, in multiples of the CPU budget
_TIMERS = ((signal.ITIMER_PROF, signal.SIGPROF), (signal.ITIMER_REAL, signal.SIGALRM)) \
    if hasattr(signal, "setitimer") else ()


def _disarm(previous: dict) -> None:
    global _armed
    _armed = False
    for timer, sig in _TIMERS:
        signal.setitimer(timer, 0)
        signal.signal(sig, previous[sig])


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[bool]:
    """Raise :class:`FileTimeout` in the body once it has used ``seconds`` of CPU time, or
    ``WALL_FACTOR`` times that of wall time (0: no budget).

    Yields whether the budget is enforced here.
    """
    global _armed
    if seconds <= 0 or not enforceable():
        yield False
        return
    if any(signal.getitimer(timer)[0] > 0 for timer, _ in _TIMERS):
        yield False  # someone else's timer is running (nested use, a test harness): leave it alone
        return
    previous = {}
    for _, sig in _TIMERS:
        # None: a handler installed from C; restore the default rather than fail
        previous[sig] = signal.signal(sig, _on_alarm) or signal.SIG_DFL
    try:
        _armed = True
        signal.setitimer(signal.ITIMER_PROF, seconds)
        signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)
        yield True
    finally:
        try:
            _disarm(previous)
        except FileTimeout:  # the alarm landed between the body's end and the disarm: still a timeout
            _disarm(previous)
            raise
