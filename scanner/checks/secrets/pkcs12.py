"""SEC007: PKCS#12 key stores (``.p12``, ``.pfx``) in the repository.

These files are binary, which the engine normally skips; ``scanner.source.reads_binary`` lets
these two extensions through so that this rule can open them with ``cryptography``.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from scanner.checks.secrets.keys import parse_pkcs12
from scanner.checks.secrets.pathcontext import path_context
from scanner.model import Region
from scanner.rule import Invalid, Rule, Valid
from scanner.source import BINARY_SECRET_SUFFIXES


class Pkcs12File(Rule):
    """## What it does
    Reports PKCS#12 key stores (`.p12`, `.pfx`). The file is opened with `cryptography`: one that
    opens without a password (or with an empty one) is an error and the message names the key's
    algorithm and size; a password-protected one is a warning, since the password is often
    weak or sits next to it.

    ## Why is this bad?
    A key store bundles a private key with its certificate chain: whoever cracks or knows the
    password can impersonate the certificate's subject.

    ## Use instead
    Keep key stores in a secret manager or the CI's secure files; ignore `*.p12` and `*.pfx`.

    ## Known limits
    Other key-store formats (JKS, BKS) are not recognised.
    """

    code = "SEC007"
    name = "pkcs12-file"
    family = "secret"
    level = "error"
    summary = "PKCS#12 key store"
    cwe = (798, 321)
    security_severity = 8.0
    tags = ("private-key",)
    VALID = [Valid("a text file that merely mentions client.p12\n", path="README.txt")]
    INVALID = [Invalid("FAKE: not a real key store, still a .p12 file in the repository\n", 1, path="client.p12")]

    @classmethod
    def wants(cls, ctx) -> bool:
        return PurePosixPath(ctx.source.path).suffix.lower() in BINARY_SECRET_SUFFIXES

    def check(self) -> None:
        info = parse_pkcs12(self.ctx.source.data)
        props: dict = {"passwordProtected": info.protected, "parsed": info.parsed}
        if not info.protected:
            what = info.key.describe() if info.key else "no private key"
            props["certificates"] = info.certificates
            if info.key:
                props["algorithm"] = info.key.algorithm
                props["bits"] = info.key.bits
            message, level = f"PKCS#12 key store without a password ({what})", "error" if info.key else "warning"
        elif info.parsed:
            message, level = "encrypted, password-protected PKCS#12 key store", "warning"
        else:
            message, level = "file named like a PKCS#12 key store that does not parse", "warning"
        props["context"] = where = path_context(self.ctx.source.path)
        level = self.ctx.config.secret_context_levels.get(where, level)
        if level == "off":
            return
        # The secret is the whole file: its hash is the fingerprint, and no byte of it is shown.
        self.report(Region(1, 1), message, level=level, secret=self.ctx.source.text, properties=props)
