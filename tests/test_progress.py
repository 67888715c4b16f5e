"""The progress bar: drawn on a terminal for long scans, never into pipes or files."""

from __future__ import annotations

import io

from scanner.progress import MIN_FILES, ProgressBar
from tests.conftest import run_cli, write


def test_bar_draws_on_a_terminal_and_clears_itself():
    out = io.StringIO()
    bar = ProgressBar(out, enabled=True)
    for i in range(1, MIN_FILES + 1):
        bar(i, MIN_FILES)
    bar.close()
    text = out.getvalue()
    assert f"{MIN_FILES}/{MIN_FILES} files" in text
    assert text.endswith("\r\x1b[2K")


def test_no_bar_for_short_scans():
    out = io.StringIO()
    bar = ProgressBar(out, enabled=True)
    bar(1, MIN_FILES - 1)
    bar.close()
    assert out.getvalue() == ""


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    write(tmp_path, {f"m{i:03d}.txt": "hello\n" for i in range(MIN_FILES + 10)})
    run = run_cli("scan", str(tmp_path), "--no-cache")
    assert run.code == 0
    assert "files]" not in run.err and "\r" not in run.err
    assert f"Scanned {MIN_FILES + 10} files" in run.out
