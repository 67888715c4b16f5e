"""Secrets never leave the process in full: masking and hashing live here."""

from __future__ import annotations

import hashlib
import re

_PEM_HEADER = re.compile(r"-{4,5}\s?BEGIN [A-Z0-9 ]{1,60}-{4,5}")


def mask(secret: str) -> str:
    """A short masked form: enough to recognise a token's kind, never enough to use it."""
    s = secret.strip()
    pem = _PEM_HEADER.match(s)
    if pem:  # the armour line is public and says what the key is; the body is not shown
        return f"{pem.group(0)}…{'*' * 6}"
    if len(s) <= 8:
        return "*" * min(len(s), 8) or "***"
    keep = 4 if len(s) >= 20 else 2
    head = s[:keep]
    if not (head.isascii() and head.isprintable()):
        head = ""  # binary content (key stores): show nothing of it
    return f"{head}…{'*' * 6}"


def digest(value: str | bytes) -> str:
    data = value.encode("utf-8", errors="surrogatepass") if isinstance(value, str) else value
    return hashlib.sha256(data).hexdigest()


def redact_text(text: str, secrets: list[str] | tuple[str, ...]) -> str:
    """Replace every occurrence of each secret in ``text`` by its masked form, and every line of a
    multi-line secret (a PEM body quoted with ``\\n`` escapes on one line) by asterisks."""
    pieces = {p.strip() for s in secrets if s and "\n" in s for p in s.split("\n")}
    for s in sorted(set(secrets), key=len, reverse=True):
        if s and s in text:
            text = text.replace(s, mask(s))
    for p in sorted(pieces, key=len, reverse=True):
        if len(p) >= 16 and not p.startswith("-----") and p in text:
            text = text.replace(p, "*" * 6)
    return text
