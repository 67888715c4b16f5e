"""Vendored, minified and bundled code is left out by default, with one notification in every format."""

from __future__ import annotations

import pytest

from tests.conftest import git, run_cli, write

EVAL = "eval(userInput);\n"


def _tree(root):
    write(root, {
        "src/app.js": EVAL,
        "src/app.min.js": EVAL,
        "static/vendor/lib/a.js": EVAL,
        "third_party/x/b.js": EVAL,
        "node_modules/pkg/index.js": EVAL,
        # a bundled build: one very long line, no .min in its name
        "dist/bundle.js": "var a=1;" * 1000 + "\n" + EVAL,
        # a long line in a Python file is not a bundle
        "tool.py": "x = '" + "a" * 6000 + "'\n",
    })


def _paths(run):
    return sorted({f["path"] for f in run.json()["findings"] if f["rule_id"].startswith("JS")})


@pytest.mark.parametrize("in_git", [False, True])
def test_vendored_left_out_with_one_notification(tmp_path, in_git):
    _tree(tmp_path)
    if in_git:
        git(tmp_path, "init", "-q")
    run = run_cli("scan", ".", "--format", "json", "--no-cache", cwd=tmp_path)
    assert _paths(run) == ["src/app.js"]
    notes = [n for n in run.json()["notifications"] if "vendored" in n["message"]]
    assert len(notes) == 1
    assert "include-vendored" in notes[0]["message"] and "--include-vendored" in notes[0]["message"]

    every = run_cli("scan", ".", "--format", "json", "--no-cache", "--include-vendored", cwd=tmp_path)
    assert _paths(every) == ["dist/bundle.js", "node_modules/pkg/index.js", "src/app.js", "src/app.min.js",
                             "static/vendor/lib/a.js", "third_party/x/b.js"]
    assert not [n for n in every.json()["notifications"] if "vendored" in n["message"]]


def test_vendored_notification_in_text_sarif_github(tmp_path):
    _tree(tmp_path)
    text = run_cli("scan", ".", "--no-cache", cwd=tmp_path)
    assert "left out" in text.out and "--include-vendored" in text.out
    sarif = run_cli("scan", ".", "--format", "sarif", "--no-cache", cwd=tmp_path).json()
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert sum("--include-vendored" in n["message"]["text"] for n in notes) == 1
    github = run_cli("scan", ".", "--format", "github", "--no-cache", cwd=tmp_path)
    assert github.out.count("left out") == 1 and "::warning title=scanner vendored::" in github.out


def test_config_key_and_named_directory(tmp_path):
    _tree(tmp_path)
    write(tmp_path, {".scanner.toml": "include-vendored = true\n"})
    run = run_cli("scan", ".", "--format", "json", "--no-cache", cwd=tmp_path)
    assert "third_party/x/b.js" in _paths(run)
    # a vendored directory named on the command line is scanned
    (tmp_path / ".scanner.toml").unlink()
    named = run_cli("scan", "third_party/x", "--format", "json", "--no-cache", cwd=tmp_path)
    assert [p.rsplit("/", 1)[-1] for p in _paths(named)] == ["b.js"]
    named_file = run_cli("scan", "src/app.min.js", "--format", "json", "--no-cache", cwd=tmp_path)
    assert [p.rsplit("/", 1)[-1] for p in _paths(named_file)] == ["app.min.js"]
