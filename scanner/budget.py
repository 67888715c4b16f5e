"""Per-file time budget: one pathological file must not hold the whole scan.

``time_budget(seconds)`` arms a one-shot ``SIGALRM`` timer around one file's rule run; when it
expires, :class:`FileTimeout` is raised in whatever Python code is running at that moment and
the engine turns it into a notification for that file. It works in the CLI process (serial
scans) and in process-pool workers alike, because both run files on their main thread.

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


def _disarm(previous) -> None:
    global _armed
    _armed = False
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[bool]:
    """Raise :class:`FileTimeout` in the body once ``seconds`` have passed (0: no budget).

    Yields whether the budget is enforced here.
    """
    global _armed
    if seconds <= 0 or not enforceable():
        yield False
        return
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield False  # someone else's timer is running (nested use, a test harness): leave it alone
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    if previous is None:  # a handler installed from C: restore the default rather than fail
        previous = signal.SIG_DFL
    try:
        _armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield True
    finally:
        try:
            _disarm(previous)
        except FileTimeout:  # the alarm landed between the body's end and the disarm: still a timeout
            _disarm(previous)
            raise
