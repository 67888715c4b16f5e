"""A certificate and its private key in two files of one directory (``server.crt`` + ``server.key``).

Inside one file the secret rules pair them already (``pair_hits``). Across files this runs once per
scan, on the findings of every file: a certificate note whose public key (``publicKeySha256``, the
SHA-256 of the SubjectPublicKeyInfo, not a secret) matches a private key found beside it becomes an
error, and both findings name the other file. Fingerprints do not change (baselines stay valid).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import replace

from scanner.model import Finding, Location

KEY_DIGEST = "publicKeySha256"
ROLE = "role"


def _role_and_digest(f: Finding) -> tuple[str, str] | None:
    props = dict(f.properties)
    digest, role = props.get(KEY_DIGEST), props.get(ROLE)
    return (role, digest) if isinstance(digest, str) and role in ("certificate", "private-key") else None


def _with_detail(message: str, detail: str) -> str:
    return message[:-1] + f"; {detail})" if message.endswith(")") else f"{message} ({detail})"


def pair_across_files(findings: Iterable[Finding], fixed_levels: Mapping[str, str] | None = None) -> list[Finding]:
    """``fixed_levels``: rule id -> level the configuration sets (those levels are not raised)."""
    fixed_levels = fixed_levels or {}
    out = list(findings)
    keys: dict[tuple[str, str], list[int]] = {}  # (directory, public key digest) -> private key findings
    certs: list[tuple[int, str, str]] = []
    for i, f in enumerate(out):
        got = _role_and_digest(f)
        if got is None:
            continue
        role, digest = got
        where = posixpath.dirname(f.path)
        if role == "private-key":
            keys.setdefault((where, digest), []).append(i)
        else:
            certs.append((i, where, digest))
    # scanner: ignore[CX002] the inner list holds the keys of one public key in one directory (one, usually)
    for i, where, digest in certs:
        cert = out[i]
        partners = [j for j in keys.get((where, digest), ()) if out[j].path != cert.path]
        if not partners:
            continue
        key = out[partners[0]]
        level = fixed_levels.get(cert.rule_id) or "error"
        out[i] = replace(cert, level=level,
                         message=_with_detail(cert.message, f"its private key is in {posixpath.basename(key.path)} "
                                                            f"(line {key.line})"),
                         related=(*cert.related, Location(key.path, key.location.region, "the matching private key")))
        for j in partners:
            k = out[j]
            out[j] = replace(k, message=_with_detail(k.message, f"it matches the certificate in "
                                                                f"{posixpath.basename(cert.path)}"),
                             related=(*k.related, Location(cert.path, cert.location.region, "the matching certificate")))
    return out
