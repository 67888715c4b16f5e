"""What git says about the scanned tree: commit, branch and repository, for SARIF provenance."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_USERINFO = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@]*@", re.IGNORECASE)


def git(root: Path, *args: str, timeout: float = 20) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                             timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def repository_uri(remote: str) -> str:
    """An absolute URI for the remote, with any credentials in it dropped."""
    remote = _USERINFO.sub(r"\g<scheme>", remote)
    m = re.match(r"^[\w.-]+@([\w.-]+):(.+)$", remote)  # scp-like git@host:owner/repo.git
    if m:
        return f"ssh://{m.group(1)}/{m.group(2)}"
    if "://" in remote:
        return remote
    return Path(remote).resolve().as_uri() if remote else ""


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
