"""DF015 django-insecure-settings: a Django settings module that turns a protection off.

Not a taint rule: module-level assignments read on the file's shared ``ast``, in files that look like
Django settings (they assign ``INSTALLED_APPS``, ``MIDDLEWARE`` or ``ROOT_URLCONF``). A hard-coded
``SECRET_KEY`` is the secret rules' business.
"""

from __future__ import annotations

import ast
import re

from scanner.checks.dataflow.cookies import TEST_PATH
from scanner.rule import Invalid, Rule, Valid, cwe_tags

_MARKERS = frozenset({"INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF"})
# Settings meant for a developer's machine or the test run: DEBUG = True is their point.
_DEV_PATH = re.compile(r"(?i)(dev|develop|development|local|test|testing|ci)[^/]*\.py$|/(dev|local)/[^/]*\.py$")
_WEAK_HASHERS = re.compile(r"(MD5|SHA1|UnsaltedSHA1|UnsaltedMD5|Crypt)PasswordHasher$")
_PICKLE_SERIALIZER = re.compile(r"PickleSerializer$")


def _str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _autoescape_off(node: ast.AST) -> ast.AST | None:
    """The ``"autoescape": False`` entry of a TEMPLATES option dict, if any."""
    for d in ast.walk(node):
        if isinstance(d, ast.Dict):
            for k, v in zip(d.keys, d.values):
                if _str(k) == "autoescape" and isinstance(v, ast.Constant) and v.value is False:
                    return k
    return None


# Each problem's CWEs, the most specific first (a consumer that reads the first tag files it there):
# a fast password hash is CWE-916 (a child of weak hash, CWE-328, itself under CWE-327).
CWE_DEBUG, CWE_HOSTS, CWE_HASHER, CWE_PICKLE, CWE_AUTOESCAPE = (489,), (20,), (916, 328, 327), (502,), (79,)


def problems(tree: ast.Module, dev: bool) -> list[tuple[ast.AST, str, tuple[int, ...]]]:
    assigns: dict[str, ast.AST] = {}
    for stmt in tree.body:  # NAME = value / NAME: T = value (settings are assigned one at a time)
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else getattr(stmt, "target", None)
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(target, ast.Name) and stmt.value is not None:
            assigns[target.id] = stmt.value
    if _MARKERS.isdisjoint(assigns):
        return []
    out: list[tuple[ast.AST, str, tuple[int, ...]]] = []
    debug = assigns.get("DEBUG")
    if not dev and isinstance(debug, ast.Constant) and debug.value is True:
        out.append((debug, "DEBUG = True in settings that are not marked for development", CWE_DEBUG))
    hosts = assigns.get("ALLOWED_HOSTS")
    if not dev and isinstance(hosts, (ast.List, ast.Tuple)) and "*" in [_str(e) for e in hosts.elts]:
        out.append((hosts, 'ALLOWED_HOSTS accepts any host ("*"): Host header poisoning of absolute URLs',
                    CWE_HOSTS))
    hashers = assigns.get("PASSWORD_HASHERS")
    if isinstance(hashers, (ast.List, ast.Tuple)) and hashers.elts and _WEAK_HASHERS.search(_str(hashers.elts[0]) or ""):
        out.append((hashers.elts[0], "the first PASSWORD_HASHERS entry (used for new passwords) is a fast hash (MD5/SHA-1/crypt)",
                    CWE_HASHER))
    serializer = _str(assigns.get("SESSION_SERIALIZER"))
    if serializer and _PICKLE_SERIALIZER.search(serializer):
        out.append((assigns["SESSION_SERIALIZER"], "sessions are pickled: a forged session (leaked SECRET_KEY) runs code",
                    CWE_PICKLE))
    templates = assigns.get("TEMPLATES")
    where = _autoescape_off(templates) if templates is not None else None
    if where is not None:
        out.append((where, "templates are rendered with autoescape off: every variable is raw HTML",
                    CWE_AUTOESCAPE))
    return out


class DjangoInsecureSettings(Rule):
    """## What it does
    In a Django settings module (one that assigns `INSTALLED_APPS`, `MIDDLEWARE` or
    `ROOT_URLCONF`), reports: `DEBUG = True` and `ALLOWED_HOSTS` containing `"*"` outside
    development settings (a file named like `dev`, `local`, `test` or `ci`), an MD5/SHA-1/crypt hasher as
    the first `PASSWORD_HASHERS` entry, `SESSION_SERIALIZER` set to the pickle serializer, and
    `TEMPLATES` options with `"autoescape": False`.

    ## Why is this bad?
    `DEBUG = True` shows settings, source and stack traces to anyone who triggers an error (CWE-489).
    A wildcard host lets a forged `Host` header into password-reset links (CWE-20). Fast password
    hashes are cracked offline (CWE-916). A pickled session turns a leaked `SECRET_KEY` into code
    execution (CWE-502). Autoescape off makes every template variable an XSS sink (CWE-79).

    ## Example
    ```python
    DEBUG = True
    ALLOWED_HOSTS = ["*"]
    ```

    ## Use instead
    `DEBUG = env.bool("DJANGO_DEBUG", False)`, the real host names, the default hashers (PBKDF2,
    Argon2, bcrypt), the default JSON session serializer, autoescape on.

    ## Known limits
    - Only literal values at the module's top level are read: `DEBUG = env("DEBUG")` or settings
      built in a function are trusted.
    - A hard-coded `SECRET_KEY` is reported by the secret rules, not here. Test code is skipped.

    ## References
    - [CWE-489](https://cwe.mitre.org/data/definitions/489.html) (DEBUG),
      [CWE-916](https://cwe.mitre.org/data/definitions/916.html) and
      [CWE-328](https://cwe.mitre.org/data/definitions/328.html) (hashers),
      [CWE-502](https://cwe.mitre.org/data/definitions/502.html) (pickled sessions),
      [CWE-79](https://cwe.mitre.org/data/definitions/79.html) (autoescape),
      [CWE-20](https://cwe.mitre.org/data/definitions/20.html) (hosts). Each result's own
      `properties.tags` in SARIF name its problem's CWEs, the most specific first.
    - [Django deployment checklist](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/)
    """

    code = "DF015"
    name = "django-insecure-settings"
    family = "data-flow"
    level = "warning"
    summary = "Django settings turn a protection off"
    languages = frozenset({"python"})
    keywords = ("INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF")
    # the rule's tags name every problem's CWEs; each result carries its own first (``properties.tags``)
    cwe = (489, 916, 328, 327, 502, 79, 20)
    security_severity = 6.5
    precision = "high"
    tags = ("security", "configuration")
    equivalents = ("semgrep:python.django.security.audit.xss.global-autoescape-off",)

    VALID = [
        Valid("""\
            import os
            DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
            ALLOWED_HOSTS = ["example.com"]
            INSTALLED_APPS = ["django.contrib.auth"]
            PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher",
                                "django.contrib.auth.hashers.MD5PasswordHasher"]
            """, path="mysite/settings.py"),
        Valid("""\
            DEBUG = True
            ALLOWED_HOSTS = ["*"]
            INSTALLED_APPS = ["django.contrib.auth"]
            """, path="mysite/settings/local.py"),
        Valid("""\
            DEBUG = True
            PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
            """, path="mysite/notsettings.py"),
    ]
    INVALID = [
        Invalid("""\
            DEBUG = True
            ALLOWED_HOSTS = ["*"]
            INSTALLED_APPS = ["django.contrib.auth"]
            """, 1, 2, path="mysite/settings.py"),
        Invalid("""\
            ROOT_URLCONF = "mysite.urls"
            PASSWORD_HASHERS = [
                "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
            ]
            SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"
            """, 3, 5, path="mysite/production.py"),
        Invalid("""\
            MIDDLEWARE = []
            TEMPLATES = [{
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {"autoescape": False},
            }]
            """, 4, path="config/settings.py"),
    ]

    def check(self) -> None:
        path = self.ctx.source.path.replace("\\", "/")
        if TEST_PATH.search(path):
            return
        tree = self.ctx.ast
        if tree is None:
            return
        for node, message, cwe in problems(tree, bool(_DEV_PATH.search(path))):
            # tags of the rule name every problem it reports; each result names its own
            self.ctx.report(self.meta, self.ctx.region_of(node), message, properties={"tags": cwe_tags(cwe)})
