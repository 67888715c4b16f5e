"""TLS: PY030 request-without-cert-validation, PY031 ssl-insecure-protocol, PY032
ssl-no-verification (libcst + QualifiedNameProvider, keyword-prefiltered)."""

from __future__ import annotations

import re

import libcst
from libcst.metadata import QualifiedNameProvider

from scanner.checks.lint._pyast import CallRule, in_tests, is_name, kwarg
from scanner.rule import Invalid, Valid

_HTTP_CALLS = {f"{lib}.{fn}" for lib in ("requests", "httpx")
               for fn in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream",
                          "Client", "AsyncClient", "Session", "session")}


class RequestWithoutCertValidation(CallRule):
    """## What it does
    Reports `requests` / `httpx` calls and clients created with `verify=False`.

    ## Why is this bad?
    Certificate validation is what makes HTTPS authenticate the server: without it anyone on the
    network path can impersonate it and read or change the traffic (CWE-295).

    ## Example
    ```python
    requests.get(url, verify=False)
    ```

    ## Use instead
    ```python
    requests.get(url, verify="/path/to/internal-ca.pem")
    ```

    ## References
    - [CWE-295](https://cwe.mitre.org/data/definitions/295.html)
    """

    code = "PY030"
    name = "request-without-cert-validation"
    level = "error"
    summary = "HTTP request with certificate validation disabled (verify=False)"
    modules = ("requests", "httpx")
    keywords = ("verify=False",)
    cwe = (295,)
    security_severity = 7.5
    tags = ("security",)
    equivalents = ("ruff:S501", "bandit:B501")
    VALID = [Valid("import requests\nrequests.get('https://x', verify=True)\n"),
             Valid("def get(url, verify=False):\n    pass\nget('u', verify=False)\n")]
    INVALID = [Invalid("import requests\nrequests.get('https://x', verify=False)\n", 2),
               Invalid("from httpx import Client as C\nc = C(\n    verify=False)\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if names & _HTTP_CALLS and is_name(kwarg(node, "verify"), "False"):
            self.report(node, "Certificate validation is disabled (`verify=False`)")


class _ChoiceTracker(CallRule):
    """Counts, while visiting, how deep the visitor is inside code that offers or tests a TLS
    setting instead of making it: a comparison (`mode == ssl.CERT_NONE`), a branch or conditional
    expression chosen by a verification/TLS option (`CERT_REQUIRED if verify else CERT_NONE`,
    `if args.tls_version == "tlsv1": ...`), a table from option names to values
    (`{"TLSv1.0": SSL.TLSv1_METHOD}`). Test code counts as chosen throughout."""

    def visit_Module(self, node: libcst.Module) -> None:
        self._chosen = 1 if in_tests(self.ctx) else 0

    def visit_Comparison(self, node: libcst.Comparison) -> None:
        self._chosen += 1

    def leave_Comparison(self, original_node: libcst.Comparison) -> None:
        self._chosen -= 1

    def visit_If(self, node: libcst.If) -> None:
        self._chosen += _option_test(node.test)

    def leave_If(self, original_node: libcst.If) -> None:
        self._chosen -= _option_test(original_node.test)

    def visit_IfExp(self, node: libcst.IfExp) -> None:
        self._chosen += _option_test(node.test)

    def leave_IfExp(self, original_node: libcst.IfExp) -> None:
        self._chosen -= _option_test(original_node.test)

    def visit_Dict(self, node: libcst.Dict) -> None:
        self._chosen += _option_table(node)

    def leave_Dict(self, original_node: libcst.Dict) -> None:
        self._chosen -= _option_table(original_node)


# a condition naming one of these chooses by an option the caller sets
_OPTION_WORDS = re.compile(r"(?i)verif|insecure|cert|ssl|tls|check|valid|secure|protocol")


def _option_table(node: libcst.Dict) -> int:
    """1 for a table from option names to constants (``{"TLSv1.0": SSL.TLSv1_METHOD, "TLS": ...}``):
    every entry a string key and a dotted constant, at least two of them."""
    els = node.elements
    return int(len(els) >= 2 and all(isinstance(e, libcst.DictElement) and isinstance(e.key, libcst.SimpleString)
                                      and isinstance(e.value, libcst.Attribute) for e in els))


def _option_test(test: libcst.CSTNode) -> int:
    """1 when a condition tests a verification/TLS option (names, attribute names, short strings)."""
    stack = [test]
    while stack:
        n = stack.pop()
        text = n.value if isinstance(n, libcst.Name) else n.value if isinstance(n, libcst.SimpleString) else ""
        if text and len(text) < 64 and _OPTION_WORDS.search(text):
            return 1
        stack.extend(n.children)
    return 0


_OLD = {"PROTOCOL_SSLv2", "PROTOCOL_SSLv3", "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1", "PROTOCOL_SSLv23"}
_OLD_QNAMES = {f"ssl.{p}" for p in _OLD - {"PROTOCOL_SSLv23"}} | {
    "ssl.TLSVersion.SSLv3", "ssl.TLSVersion.TLSv1", "ssl.TLSVersion.TLSv1_1",
    "OpenSSL.SSL.SSLv2_METHOD", "OpenSSL.SSL.SSLv3_METHOD", "OpenSSL.SSL.TLSv1_METHOD",
    "OpenSSL.SSL.TLSv1_1_METHOD"}


class SslInsecureProtocol(_ChoiceTracker):
    """## What it does
    Reports uses of SSLv2, SSLv3, TLS 1.0 and TLS 1.1 in `ssl` and pyOpenSSL
    (`ssl.PROTOCOL_TLSv1`, `ssl.TLSVersion.TLSv1_1`, `SSL.SSLv3_METHOD`, ...), and
    `ssl.wrap_socket()` without `ssl_version` (removed in Python 3.12; it allowed old protocols).

    An old version a user can choose is the user's choice: a table from option names to versions
    (`{"TLSv1.0": SSL.TLSv1_METHOD, ...}`), a branch taken on a TLS/protocol option, a comparison
    (`if version == ssl.PROTOCOL_TLSv1`) are quiet. Test code is left out.

    ## Why is this bad?
    These protocol versions have practical attacks (POODLE, BEAST) and are disabled by current
    servers and browsers (CWE-327).

    ## Example
    ```python
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    ```

    ## Use instead
    ```python
    ctx = ssl.create_default_context()
    ```

    ## References
    - [RFC 8996: Deprecating TLS 1.0 and TLS 1.1](https://www.rfc-editor.org/rfc/rfc8996)
    """

    code = "PY031"
    name = "ssl-insecure-protocol"
    level = "error"
    summary = "SSL/TLS with a broken protocol version"
    modules = ("ssl", "OpenSSL")
    keywords = ("SSLv2", "SSLv3", "TLSv1", "wrap_socket")
    cwe = (327,)
    security_severity = 7.5
    tags = ("security",)
    equivalents = ("ruff:S502", "bandit:B502", "ruff:S504", "bandit:B504")
    VALID = [Valid("import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n"
                   "ctx.minimum_version = ssl.TLSVersion.TLSv1_2\n")]
    VALID += [
        # a table of the versions a user may choose, a branch taken on the user's TLS option
        Valid("from OpenSSL import SSL\nMETHODS = {\n    'TLS': SSL.SSLv23_METHOD,\n    'TLSv1.0': SSL.TLSv1_METHOD,\n}\n"),
        Valid("import ssl\nif args.tls_version == 'tlsv1':\n    version = ssl.PROTOCOL_TLSv1\n")]
    INVALID = [Invalid("import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n", 2),
               Invalid("from ssl import wrap_socket\ns = wrap_socket(sock)\n", 2),
               Invalid("import ssl\nctx.minimum_version = ssl.TLSVersion.TLSv1_1\n", 2)]

    def visit_Attribute(self, node: libcst.Attribute) -> None:
        if self._chosen:
            return
        if node.attr.value in _OLD or node.attr.value.endswith(("_METHOD", "SSLv3", "TLSv1", "TLSv1_1")):
            names = {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
            if names & _OLD_QNAMES:
                self.report(node, f"`{sorted(names & _OLD_QNAMES)[0]}` is a broken SSL/TLS protocol version")

    def visit_Name(self, node: libcst.Name) -> None:
        if node.value in _OLD and not self._chosen:
            names = {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
            if names & _OLD_QNAMES:
                self.report(node, f"`{sorted(names & _OLD_QNAMES)[0]}` is a broken SSL/TLS protocol version")

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        # removed in Python 3.12 whatever the options: reported in any branch, not in tests
        if "ssl.wrap_socket" in names and kwarg(node, "ssl_version") is None and not in_tests(self.ctx):
            self.report(node, "`ssl.wrap_socket()` without `ssl_version` allows broken protocol versions")


class SslNoVerification(_ChoiceTracker):
    """## What it does
    Reports TLS contexts that skip certificate or host name verification:
    `ssl._create_unverified_context()`, `ssl.CERT_NONE`, and `check_hostname = False`.

    Verification turned off only when an option asks for it is the caller's choice, like
    `verify=verify` for PY030: `ssl.CERT_NONE` / `check_hostname = False` chosen by a condition
    on a verification option (`CERT_REQUIRED if verify else CERT_NONE`, `if not
    self.validate_cert: ...`; the condition names verify, insecure, cert, ssl, tls, check, valid
    or secure) is quiet, and so is `ssl.CERT_NONE` compared with (`mode == ssl.CERT_NONE`) or in a
    table from option names to modes.
    Test code is left out: a test suite talks to its own throwaway certificates.

    ## Why is this bad?
    The connection is encrypted but not authenticated: a man in the middle presents any
    certificate and is accepted (CWE-295).

    ## Example
    ```python
    ctx = ssl._create_unverified_context()
    ```

    ## Use instead
    ```python
    ctx = ssl.create_default_context(cafile="internal-ca.pem")
    ```

    ## References
    - [Python docs: ssl security considerations](https://docs.python.org/3/library/ssl.html#security-considerations)
    """

    code = "PY032"
    name = "ssl-no-verification"
    level = "error"
    summary = "TLS context without certificate or host name verification"
    modules = ("ssl",)
    keywords = ("_create_unverified_context", "CERT_NONE", "check_hostname")
    cwe = (295,)
    security_severity = 7.5
    tags = ("security",)
    equivalents = ("ruff:S323", "bandit:B323")
    VALID = [Valid("import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = True\n"),
             # verification off only when the caller's option says so; a comparison sets nothing
             Valid("import ssl\ndef context(verify):\n    return create_urllib3_context(\n"
                   "        cert_reqs=ssl.CERT_REQUIRED if verify else ssl.CERT_NONE)\n"),
             Valid("import ssl\nif not request.validate_cert:\n    ctx.check_hostname = False\n"
                   "    ctx.verify_mode = ssl.CERT_NONE\n"),
             Valid("import ssl\nif cert_reqs == ssl.CERT_NONE:\n    context.check_hostname = False\n"),
             Valid("import ssl\nctx.verify_mode = ssl.CERT_NONE\n", path="tests/test_tls.py")]
    INVALID = [Invalid("import ssl\nctx = ssl._create_unverified_context()\n", 2),
               Invalid("import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\n"
                       "ctx.verify_mode = ssl.CERT_NONE\n", 3, 4),
               Invalid("import ssl\nclass Tls:\n    def __init__(self, validate=ssl.CERT_NONE):\n"
                       "        self.validate = validate\n", 3),
               Invalid("import ssl, sys\nif sys.platform == 'darwin':\n    ctx.verify_mode = ssl.CERT_NONE\n", 3)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if names & {"ssl._create_unverified_context", "ssl._create_stdlib_context"} and not self._chosen:
            self.report(node, "`ssl._create_unverified_context()` does not verify certificates")

    def visit_Attribute(self, node: libcst.Attribute) -> None:
        if node.attr.value == "CERT_NONE" and not self._chosen:
            names = {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
            if "ssl.CERT_NONE" in names:
                self.report(node, "`ssl.CERT_NONE` turns certificate verification off")

    def visit_Assign(self, node: libcst.Assign) -> None:
        if self._chosen:
            return
        if is_name(node.value, "False") and any(
                isinstance(t.target, libcst.Attribute) and t.target.attr.value == "check_hostname"
                for t in node.targets):
            self.report(node, "`check_hostname = False` turns host name verification off")

