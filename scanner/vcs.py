"""Every git call the scanner makes, and what git says about the scanned tree (SARIF provenance).

The scanned repository is untrusted, and so is its ``.git/config`` (an extracted archive, a CI
artifact or a hostile checkout can carry one). Every git process goes through :func:`command`,
which turns off whatever in the repository's configuration could run a program or change what git
shows: the fsmonitor hook, hooks, every filter driver (``clean``/``smudge``/``process``), every
diff driver (``textconv``/``command``), external diff, pager, editor, ssh, credential helpers,
GPG (``log.showSignature``) and every transport. ``safe.directory`` is left to git: a repository
owned by someone else is refused by git, and the scanner does not override that.
"""

from __future__ import annotations

import os
import re
import subprocess
from functools import lru_cache
from pathlib import Path

# Fixed overrides: settings that name a program git may run, or that change git's output format.
SAFE_CONFIG = (
    "core.fsmonitor=false", "core.hooksPath=/dev/null", "core.sshCommand=false", "core.pager=cat",
    "core.editor=false", "core.askPass=", "core.gitProxy=", "core.alternateRefsCommand=",
    "credential.helper=", "gpg.program=false", "gpg.ssh.program=false", "gpg.x509.program=false",
    "log.showSignature=false", "diff.external=", "protocol.allow=never", "submodule.recurse=false",
    "core.untrackedCache=false", "core.quotepath=off", "diff.noprefix=false", "color.ui=false",
    "diff.mnemonicPrefix=false", "log.showRoot=true",
)
# Per-driver settings that run a program: each one the configuration names is overridden empty.
_DRIVER_KEY = re.compile(r"^(filter|diff|merge)\.(.+)\.(clean|smudge|process|textconv|command|driver)$",
                         re.IGNORECASE)
# The caller's environment is trusted (it is the user's, not the repository's); git must only never prompt.
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat"}


def environment() -> dict[str, str]:
    return {**os.environ, **_ENV}


@lru_cache(maxsize=64)
def _driver_overrides(root: str) -> tuple[str, ...]:
    """``-c name=`` for every filter/diff/merge driver command the repository's configuration names
    (``git config`` only reads configuration: it runs nothing)."""
    try:
        argv = ["git", "--no-pager", "-C", root, "config", "--name-only", "--get-regexp", r"^(filter|diff|merge)\."]
        proc = subprocess.run(argv,
                              capture_output=True, timeout=20, check=False, env=environment())
    except (OSError, subprocess.SubprocessError):
        return ()
    out: list[str] = []
    for name in proc.stdout.decode("utf-8", "surrogateescape").splitlines():
        m = _DRIVER_KEY.match(name.strip())
        if m:
            out += ["-c", f"{name.strip()}="]
            if m.group(1).lower() == "filter":
                out += ["-c", f"filter.{m.group(2)}.required=false"]
    return tuple(out)


def command(root: Path | str, *args: str) -> list[str]:
    """The argv of a git call in ``root`` with the repository's executable settings turned off."""
    flags = [x for kv in SAFE_CONFIG for x in ("-c", kv)]
    return ["git", "--no-pager", *flags, *_driver_overrides(str(root)), "-C", str(root), *args]


def run(root: Path | str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run git safely (see :func:`command`); raises ``OSError``/``SubprocessError`` like ``subprocess.run``."""
    return subprocess.run(command(root, *args), capture_output=True, timeout=timeout, check=False, env=environment())


def popen(root: Path | str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(command(root, *args), env=environment(), **kwargs)


def git(root: Path, *args: str, timeout: float = 20) -> str | None:
    try:
        out = run(root, *args, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.decode("utf-8", "surrogateescape").strip() if out.returncode == 0 else None


def repository_uri(remote: str) -> str:
    """An absolute URI for the remote with every credential form dropped: user and password (a raw
    ``@`` in the password too), query strings (``?access_token=``) and fragments."""
    remote = remote.strip()
    if "://" in remote:
        scheme, rest = remote.split("://", 1)
        rest = re.split(r"[?#]", rest.rsplit("@", 1)[-1], maxsplit=1)[0]
        return f"{scheme.lower()}://{rest}"
    m = re.match(r"^(?:.*@)?([A-Za-z0-9.-]{2,}):(?!//)([^?#]+)", remote)  # scp-like [user@]host:owner/repo.git
    if m:
        return f"ssh://{m.group(1)}/{m.group(2).lstrip('/')}"
    return Path(re.split(r"[?#]", remote, maxsplit=1)[0]).resolve().as_uri() if remote else ""


def provenance(root: Path) -> dict[str, str]:
    top = git(root, "rev-parse", "--show-toplevel")
    if not top:
        return {}
    info = {"root": top}
    head = git(root, "rev-parse", "HEAD")
    if head:
        info["revisionId"] = head
    branch = git(root, "rev-parse", "--abbrev-ref", "HEAD")
    if branch and branch != "HEAD":
        info["branch"] = branch
    remote = git(root, "config", "--get", "remote.origin.url")
    info["repositoryUri"] = repository_uri(remote) if remote else Path(top).resolve().as_uri()
    return info
