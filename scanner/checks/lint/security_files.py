"""Files: PY048 world-writable-permissions (ast)."""

from __future__ import annotations

import ast
import stat

from scanner.checks.lint._pyast import AstIndex, PyRule, dotted, in_tests
from scanner.rule import Invalid, Valid

_STAT_BITS = {name: getattr(stat, name) for name in dir(stat) if name.startswith("S_I") and name[3:4] in "RWXS"
              and isinstance(getattr(stat, name), int)}


def _known_bits(node: ast.AST) -> int:
    """The permission bits an expression certainly sets: literals and ``stat.S_I*`` constants
    joined by ``|`` (``st.st_mode | 0o111`` sets at least 0o111); 0 for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _known_bits(node.left) | _known_bits(node.right)
    name = dotted(node).rsplit(".", 1)[-1]
    return _STAT_BITS.get(name, 0) if name.startswith("S_I") else 0


class WorldWritablePermissions(PyRule):
    """## What it does
    Reports `os.chmod()` / `os.lchmod()` / `os.fchmod()` and `Path.chmod()` with a mode that
    lets every user write the file: a literal (`0o777`, `0o666`, `511`) or `stat` constants
    (`stat.S_IWOTH`, `stat.S_IRWXO`) that set the world-writable bit (0o002), also when joined to
    other bits (`st.st_mode | stat.S_IWOTH`). A directory with the sticky bit (`0o1777`, like
    `/tmp`) is not reported: there only a file's owner can delete or rename it. A mode computed
    at run time is not followed. Test code is left out.

    ## Why is this bad?
    Unlike the mode given to `open()`/`mkdir()`, `chmod` is not reduced by the umask: any local
    user or compromised service can then change the file, a script or configuration that runs
    with someone else's rights, or plant a symlink (CWE-732, incorrect permission assignment;
    CWE-276).

    ## Example
    ```python
    os.chmod(script, 0o777)
    ```

    ## Use instead
    ```python
    os.chmod(script, 0o755)
    ```
    """

    code = "PY048"
    name = "world-writable-permissions"
    level = "warning"
    summary = "chmod makes a file writable by every user"
    keywords = ("chmod",)
    cwe = (732, 276)
    security_severity = 7.8
    tags = ("security",)
    equivalents = ("ruff:S103", "bandit:B103")
    VALID = [Valid("import os\nos.chmod('f', 0o755)\nos.chmod('f', 0o644)\nos.chmod(p, mode)\n"),
             Valid("import os, stat\nos.chmod(p, stat.S_IRWXU | stat.S_IRGRP)\nos.chmod(p, st.st_mode | stat.S_IXUSR)\n"),
             # sticky shared directory, like /tmp
             Valid("import os\nos.chmod(shared_dir, 0o1777)\n"),
             Valid("import os\nos.chmod(p, 0o777)\n", path="tests/test_perms.py")]
    INVALID = [Invalid("import os\nos.chmod('file', 0o777)\n", 2),
               Invalid("import os\nos.fchmod(fd, 0o100666)\n", 2),
               Invalid("import os, stat\nos.chmod(p, stat.S_IRWXU | stat.S_IRWXO)\n", 2),
               Invalid("import os, stat\nos.chmod(p, os.stat(p).st_mode | stat.S_IWOTH)\n", 2),
               Invalid("from pathlib import Path\nPath('run.sh').chmod(0o777)\n", 2),
               Invalid("from os import chmod\nchmod('f', mode=511)\n", 2)]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return
        for call in ix.nodes(ast.Call):
            name = dotted(call.func).rsplit(".", 1)[-1] or getattr(call.func, "attr", "")
            if name not in ("chmod", "lchmod", "fchmod"):
                continue
            if isinstance(call.func, ast.Attribute) and name == "chmod" and len(call.args) == 1:
                mode = call.args[0]  # pathlib.Path.chmod(mode)
            else:
                mode = call.args[1] if len(call.args) > 1 else next(
                    (k.value for k in call.keywords if k.arg == "mode"), None)
            bits = _known_bits(mode) if mode is not None else 0
            if bits & stat.S_IWOTH and not bits & stat.S_ISVTX:
                self.report(call, f"Mode {oct(bits)} lets every user write this file; drop the world-write bit")
