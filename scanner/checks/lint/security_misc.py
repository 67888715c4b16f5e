"""Security lint: PY036 tempfile-mktemp, PY038 subprocess-shell-true, PY039 yaml-unsafe-load,
PY041 assert-for-access-control.

Call rules use libcst's QualifiedNameProvider (behind keyword prefilters); the rest use ast."""

from __future__ import annotations

import ast
import re

import libcst

from scanner.checks.lint._pyast import AstIndex, CallRule, PyRule, in_tests, is_name, kwarg, string_value
from scanner.rule import Invalid, Valid


class TempfileMktemp(CallRule):
    """## What it does
    Reports `tempfile.mktemp()`.

    ## Why is this bad?
    It returns a name that does not exist *yet*; another process can create that file (or a
    symlink) before you open it (CWE-377, a time-of-check/time-of-use race).

    ## Example
    ```python
    path = tempfile.mktemp()
    ```

    ## Use instead
    ```python
    fd, path = tempfile.mkstemp()
    ```
    """

    code = "PY036"
    name = "tempfile-mktemp"
    level = "warning"
    summary = "Insecure temporary file name (tempfile.mktemp)"
    modules = ("tempfile",)
    keywords = ("mktemp",)
    cwe = (377,)
    security_severity = 5.5
    tags = ("security",)
    equivalents = ("ruff:S306", "bandit:B306")
    VALID = [Valid("import tempfile\nfd, p = tempfile.mkstemp()\n")]
    INVALID = [Invalid("import tempfile\np = tempfile.mktemp()\n", 2),
               Invalid("from tempfile import mktemp\np = mktemp('.txt')\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if "tempfile.mktemp" in names:
            self.report(node, "`tempfile.mktemp()` is racy; use `mkstemp()` or `NamedTemporaryFile()`")


_SUBPROCESS = {f"subprocess.{f}" for f in ("call", "run", "Popen", "check_call", "check_output")}


class SubprocessShellTrue(CallRule):
    """## What it does
    Reports `subprocess` calls with `shell=True`.

    ## Why is this bad?
    The command goes through `/bin/sh`: any part of it that comes from input can run arbitrary
    commands (CWE-78). A command built at run time (formatting, concatenation, a variable) is
    reported as a low-severity reminder of that (the data-flow rules report tainted commands
    with a path); a constant command string has nothing to inject and is quiet.

    ## Example
    ```python
    subprocess.run(f"convert {name} out.png", shell=True)
    ```

    ## Use instead
    ```python
    subprocess.run(["convert", name, "out.png"])
    ```
    """

    code = "PY038"
    name = "subprocess-shell-true"
    level = "note"
    summary = "subprocess call with shell=True"
    modules = ("subprocess",)
    keywords = ("shell=True",)
    cwe = ()  # a hardening note on every shell=True: the CWE-78 finding is DF002's, on tainted commands
    security_severity = 3.0
    precision = "medium"
    tags = ("security",)
    equivalents = ("ruff:S602", "bandit:B602")
    VALID = [Valid("import subprocess\nsubprocess.run(['ls', '-l'])\nsubprocess.run('ls', shell=False)\n"),
             Valid("import subprocess\nout = subprocess.check_output(\n    'git log -1 --format=%ct HEAD', shell=True)\n")]
    INVALID = [Invalid("import subprocess as sp\nsp.check_output('ls ' + d, shell=True)\n", 2),
               # every module of `import a, b` counts, not only the first
               Invalid("import sys, os.path as p, subprocess\nsubprocess.call(sys.argv[1], shell=True)\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if names & _SUBPROCESS and is_name(kwarg(node, "shell"), "True"):
            command = kwarg(node, "args")
            if command is None and node.args and node.args[0].keyword is None:
                command = node.args[0].value
            if command is None or string_value(command) is None:  # a constant command has nothing to inject
                self.report(node, "`subprocess` call with `shell=True` on a command built at run time")


_SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}


_UNSAFE_LOADERS = {"Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}
_EXPLICIT_UNSAFE = {"yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"}


class YamlUnsafeLoad(CallRule):
    """## What it does
    Reports `yaml.load()` without a `Loader`, or with a loader that can build arbitrary objects
    (`Loader`, `UnsafeLoader`, `FullLoader`, their C versions, or a class of the same file built
    on one of them), outside test code. A loader the rule cannot see (a variable, a class imported
    from elsewhere) is not reported.

    A warning, like bandit's B506 (medium severity): the code runs only when the document comes
    from someone untrusted, and the rule cannot see where it comes from (most loads read the
    project's own configuration). Untrusted data reaching an unsafe loader is the data-flow
    family's finding, an error. `yaml.unsafe_load()` / `yaml.full_load()` are not reported here:
    their name is the author's explicit choice, not the accident of a bare `yaml.load()` (ruff
    S506 and bandit B506 do not report them either).

    ## Why is this bad?
    YAML tags like `!!python/object/apply:os.system` run code while loading (CWE-502).

    ## Example
    ```python
    config = yaml.load(text)
    ```

    ## Use instead
    ```python
    config = yaml.safe_load(text)
    ```
    """

    code = "PY039"
    name = "yaml-unsafe-load"
    level = "warning"
    summary = "yaml.load without a safe Loader"
    modules = ("yaml",)
    keywords = ("yaml",)
    cwe = (502,)
    security_severity = 8.1
    tags = ("security",)
    equivalents = ("ruff:S506", "bandit:B506")
    VALID = [Valid("import yaml\nyaml.load(t, Loader=yaml.SafeLoader)\nyaml.safe_load(t)\n"),
             # the explicit unsafe spelling (with a fallback for an old PyYAML) is a decision
             Valid("try:\n    from yaml import unsafe_load as yaml_load\nexcept ImportError:\n"
                   "    from yaml import load as yaml_load\nconfig = yaml_load(fp)\n")]
    VALID += [
        # a loader class of the file built on SafeLoader; a loader from elsewhere; test code
        Valid("import yaml\nclass _MarksLoader(yaml.SafeLoader):\n    pass\nyaml.load(blob, Loader=_MarksLoader)\n"),
        Valid("import yaml\ndef load(source, loader):\n    return yaml.load(source, Loader=loader)\n"),
        Valid("import yaml\nyaml.load(t, yaml.FullLoader)\n", path="tests/test_load.py")]
    INVALID = [Invalid("import yaml\nyaml.load(t)\n", 2), Invalid("import yaml\nyaml.load(t, yaml.Loader)\n", 2),
               Invalid("import yaml\nclass MyLoader(yaml.Loader):\n    pass\nyaml.load(t, Loader=MyLoader)\n", 4)]

    @classmethod
    def wants(cls, ctx) -> bool:
        return super().wants(ctx) and not in_tests(ctx)  # nothing to report in tests (visit_Module)

    def visit_Module(self, node: libcst.Module) -> None:
        self._skip = in_tests(self.ctx)  # a test suite loads its own fixture documents
        self._bases: dict[str, list[str]] = {}  # the file's classes -> last names of their bases

    def visit_ClassDef(self, node: libcst.ClassDef) -> None:
        self._bases[node.name.value] = [n for n in (_last_name(a.value) for a in node.bases) if n]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if self._skip or names & _EXPLICIT_UNSAFE or not names & {"yaml.load", "yaml.load_all"}:
            return
        loader = kwarg(node, "Loader")
        if loader is None and len(node.args) > 1 and node.args[1].keyword is None:
            loader = node.args[1].value
        if loader is None:
            self.report(node, "`yaml.load()` without a `Loader` can run code from the document (PyYAML < 5.1)")
        elif self._unsafe(_last_name(loader), 0):
            self.report(node, "`yaml.load()` without `Loader=yaml.SafeLoader` can run code from the document")

    def _unsafe(self, name: str | None, depth: int) -> bool:
        """A loader known to build arbitrary objects: PyYAML's own unsafe ones, or a class of this
        file derived from one (and from no safe one). A loader from elsewhere (a variable, an
        imported class) is not known: quiet."""
        if name is None or depth > 8:
            return False
        if name in self._bases:
            bases = self._bases[name]
            return not any(b in _SAFE_LOADERS for b in bases) and any(self._unsafe(b, depth + 1) for b in bases)
        return name in _UNSAFE_LOADERS


def _last_name(node: libcst.BaseExpression) -> str | None:
    return node.value if isinstance(node, libcst.Name) else node.attr.value if isinstance(node, libcst.Attribute) else None


_ACCESS = re.compile(r"(?i)\b(is_authenticated|is_superuser|is_staff|is_admin|has_perm|has_perms|"
                     r"has_permission|is_authorized|authorized|permission|role)\b")
# `can_edit` is a permission only on (or about) a principal; `connection.features.can_return_rows`
# is a capability flag of a backend
_CAN = re.compile(r"\bcan_[a-z_]+")
_PRINCIPAL = re.compile(r"(?i)\b(user|users|request|principal|account|member|actor|viewer|owner|identity)\b")


def _access_check(text: str) -> bool:
    return bool(_ACCESS.search(text) or (_CAN.search(text) and _PRINCIPAL.search(text)))


class AssertForAccessControl(PyRule):
    """## What it does
    Reports `assert` statements that check authentication, permissions or roles
    (`assert user.is_authenticated`, `assert request.user.has_perm(...)`), outside test files.

    ## Why is this bad?
    `python -O` removes every `assert`: the check silently disappears in optimized deployments,
    and everyone gets in (CWE-617, CWE-285).

    ## Example
    ```python
    assert request.user.is_staff
    ```

    ## Use instead
    ```python
    if not request.user.is_staff:
        raise PermissionDenied
    ```

    ## Known limits
    Judged by names in the asserted expression; bandit's B101 and ruff's S101 report every `assert`
    instead (so they are not claimed as equivalents: a project's `ignore = ["S101"]` does not turn
    this rule off).
    """

    code = "PY041"
    name = "assert-for-access-control"
    level = "error"
    summary = "assert used for an access-control check"
    keywords = ("assert",)
    cwe = (617, 285)
    security_severity = 7.5
    tags = ("security",)
    # No `equivalents`: ruff S101 / bandit B101 report every `assert` (56 on Django vs 1 here). Claiming
    # them would let the common `ignore = ["S101"]` or `# noqa: S101` silence an access-control check.
    VALID = [Valid("assert len(items) > 0\n", path="app/views.py"),
             Valid("assert user.is_staff\n", path="tests/test_views.py"),
             # a backend's capability flag, not a permission
             Valid("assert not (fields and not self.connection.features.can_return_rows)\n", path="db/sql.py")]
    INVALID = [Invalid("def view(request):\n    assert request.user.is_authenticated\n", 2, path="app/views.py"),
               Invalid("def edit(user, doc):\n    assert user.can_edit(doc)\n", 2, path="app/docs.py")]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return
        for node in ix.nodes(ast.Assert):
            if _access_check(ast.unparse(node.test)):
                self.report(node, "Access-control check in `assert` is removed by `python -O`")
