"""Django settings: PY052 django-debug-setting, PY053 weak-password-hasher (ast, settings modules only)."""

from __future__ import annotations

import ast
import re

from scanner.checks.lint._pyast import AstIndex, PyRule, in_tests
from scanner.rule import Invalid, Valid

# names only a Django settings module defines
_SETTINGS_NAMES = {"INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF", "WSGI_APPLICATION", "DATABASES"}
# settings meant for a developer's machine or a test run, by their file or package name
_DEV_PATH = re.compile(r"(?i)(?:^|[/\\_.-])(?:dev|devel|development|local|test|tests|testing|debug|ci)(?:[/\\_.-]|$)")


def _module_assignments(ix: AstIndex) -> dict[str, ast.Assign]:
    out: dict[str, ast.Assign] = {}
    for stmt in ix.tree.body:
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                if isinstance(t, ast.Name):
                    out[t.id] = stmt
    return out


def _production_settings(rule: PyRule, ix: AstIndex) -> dict[str, ast.Assign] | None:
    """The module-level assignments of a Django settings module not named for development or
    tests; None for any other file."""
    if in_tests(rule.ctx) or _DEV_PATH.search(str(rule.ctx.source.path)):
        return None
    assigned = _module_assignments(ix)
    return assigned if _SETTINGS_NAMES & assigned.keys() else None


class DjangoDebugSetting(PyRule):
    """## What it does
    Reports `DEBUG = True` written as a constant in a Django settings module (a module that
    defines `INSTALLED_APPS`, `MIDDLEWARE`, `ROOT_URLCONF`, `WSGI_APPLICATION` or `DATABASES`)
    whose path does not say it is for development or tests (`dev`, `local`, `test`, `ci`, ...).
    `DEBUG` read from the environment is quiet.

    ## Why is this bad?
    With `DEBUG` on, every error page shows the stack, local variables and most settings to
    whoever triggers it, and Django keeps every SQL query in memory (CWE-489, CWE-215).

    ## Example
    ```python
    DEBUG = True
    INSTALLED_APPS = [...]
    ```

    ## Use instead
    ```python
    DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
    ```
    """

    code = "PY052"
    name = "django-debug-setting"
    level = "warning"
    summary = "DEBUG = True in a Django settings module not named for development"
    keywords = ("DEBUG",)
    cwe = (489, 215)
    security_severity = 5.3
    tags = ("security",)
    VALID = [Valid("DEBUG = os.environ.get('DEBUG') == '1'\nINSTALLED_APPS = []\n", path="mysite/settings.py"),
             Valid("DEBUG = True\nINSTALLED_APPS = []\n", path="mysite/settings/dev.py"),
             Valid("DEBUG = True\n", path="tools/config.py")]
    INVALID = [Invalid("DEBUG = True\nINSTALLED_APPS = ['app']\n", 1, path="mysite/settings.py")]

    def run(self, ix: AstIndex) -> None:
        settings = _production_settings(self, ix)
        debug = settings.get("DEBUG") if settings else None
        if debug is not None and isinstance(debug.value, ast.Constant) and debug.value.value is True:
            self.report(debug, "`DEBUG = True` in settings that are not named for development: error pages "
                               "show code, variables and settings to anyone")


_WEAK_HASHERS = re.compile(r"(?:Unsalted)?(?:MD5|SHA1)PasswordHasher$|UnsaltedSHA1PasswordHasher$|CryptPasswordHasher$")


class WeakPasswordHasher(PyRule):
    """## What it does
    Reports a Django `PASSWORD_HASHERS` list (in a settings module not named for development or
    tests) whose first entry, the one new passwords are hashed with, is MD5, SHA-1 (salted or
    not) or `crypt`. Weak hashers listed after a strong one only verify old hashes and are quiet.

    ## Why is this bad?
    A fast, unstretched hash lets anyone who obtains the password table test billions of guesses
    per second on one GPU (CWE-916, CWE-328). Test settings use MD5 on purpose, for speed.

    ## Example
    ```python
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ```

    ## Use instead
    ```python
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher",
                        "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    ```
    """

    code = "PY053"
    name = "weak-password-hasher"
    level = "warning"
    summary = "Django hashes new passwords with MD5, SHA-1 or crypt"
    keywords = ("PASSWORD_HASHERS",)
    cwe = (916, 328)
    security_severity = 7.5
    tags = ("security",)
    VALID = [Valid("INSTALLED_APPS = []\nPASSWORD_HASHERS = ['django.contrib.auth.hashers.PBKDF2PasswordHasher',\n"
                   "    'django.contrib.auth.hashers.MD5PasswordHasher']\n", path="site/settings.py"),
             Valid("INSTALLED_APPS = []\nPASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\n",
                   path="site/test_settings.py")]
    INVALID = [Invalid("INSTALLED_APPS = []\nPASSWORD_HASHERS = [\n    'django.contrib.auth.hashers.MD5PasswordHasher',\n]\n",
                       3, path="site/settings.py")]

    def run(self, ix: AstIndex) -> None:
        settings = _production_settings(self, ix)
        hashers = settings.get("PASSWORD_HASHERS") if settings else None
        if hashers is None or not isinstance(hashers.value, (ast.List, ast.Tuple)) or not hashers.value.elts:
            return
        first = hashers.value.elts[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and _WEAK_HASHERS.search(first.value):
            self.report(first, f"New passwords are hashed with `{first.value.rsplit('.', 1)[-1]}`: fast and "
                               "unstretched; put Argon2 or PBKDF2 first")
