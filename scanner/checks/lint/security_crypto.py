"""Crypto: PY033 weak-hash, PY034 insecure-random-for-secrets (libcst + QualifiedNameProvider),
PY035 timing-unsafe-digest-comparison (ast)."""

from __future__ import annotations

import ast
import re

import libcst

from scanner.checks.lint._pyast import AstIndex, CallRule, PyRule, dotted, in_tests, is_name, kwarg, string_value
from scanner.rule import Invalid, Valid

_WEAK = {"md5", "sha1", "md4", "md2", "sha"}


class WeakHash(CallRule):
    """## What it does
    Reports `hashlib.md5()` / `hashlib.sha1()` (also through `hashlib.new("md5")`) unless the call
    says `usedforsecurity=False`, and the same algorithms (MD2, MD4, MD5, SHA-1) made with
    `cryptography` (`hashes.MD5()`, `hashes.SHA1()`) or PyCryptodome (`MD5.new()`, `SHA.new()`),
    which have no such flag.

    ## Why is this bad?
    MD5 and SHA-1 have practical collision attacks: they must not protect passwords, signatures
    or integrity against an attacker (CWE-327, CWE-328). For checksums, cache keys and ETags they
    are fine: say so with `usedforsecurity=False` (Python 3.9+), which also makes the call work on
    FIPS systems.

    The level says which: a warning when the hashed data or the function/class doing it is about
    passwords, secrets, tokens, signatures, salts or keys (outside tests); otherwise a note
    (acting on it is adding `usedforsecurity=False`, a FIPS concern). Reading a constant of the
    algorithm (`hashlib.sha1().block_size`) hashes nothing and is quiet.

    ## Example
    ```python
    digest = hashlib.md5(password.encode()).hexdigest()
    ```

    ## Use instead
    ```python
    digest = hashlib.sha256(data).hexdigest()
    cache_key = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    ```

    ## References
    - [CWE-328](https://cwe.mitre.org/data/definitions/328.html)
    """

    code = "PY033"
    name = "weak-hash"
    level = "warning"
    summary = "MD5/SHA-1 without usedforsecurity=False"
    modules = ("hashlib", "cryptography", "Crypto", "Cryptodome")
    keywords = ("md5", "sha1", "MD5", "SHA1", "md4", "MD4", "MD2", "SHA")
    cwe = (328, 327)
    security_severity = 5.9
    tags = ("security",)
    equivalents = ("ruff:S324", "bandit:B324", "bandit:B303")
    VALID = [Valid("import hashlib\nhashlib.md5(b'x', usedforsecurity=False)\nhashlib.sha256(b'x')\n"),
             Valid("import hashlib\nSECRET = 'x' * hashlib.sha1().block_size\n")]
    VALID += [Valid("from cryptography.hazmat.primitives import hashes\nh = hashes.SHA256()\n"),
              Valid("from Crypto.Hash import SHA256\nh = SHA256.new(b'x')\n")]
    INVALID = [Invalid("import hashlib\nh = hashlib.md5(b'x')\n", 2),
               Invalid("from hashlib import new\nh = new('SHA1', b'x')\n", 2),
               Invalid("import hashlib\nh = hashlib.new(data=b'x', name='MD4')\n", 2),
               Invalid("from cryptography.hazmat.primitives import hashes\nh = hashes.Hash(hashes.MD5())\n", 2),
               Invalid("from Crypto.Hash import MD5 as md5\nh = md5.new(b'x')\n", 2),
               Invalid("from Cryptodome.Hash import SHA\nh = SHA.new(b'x')\n", 2),
               Invalid("import hashlib\ndef check(password):\n    return hashlib.md5(password.encode()).hexdigest()\n", 3)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        algo = None
        for n in names:
            if n.startswith("hashlib.") and n[8:] in _WEAK:
                algo = n[8:]
            elif n == "hashlib.new" and (node.args and node.args[0].keyword is None or kwarg(node, "name")):
                v = string_value(kwarg(node, "name") or node.args[0].value)
                if v and v.lower().replace("-", "") in _WEAK:
                    algo = v
            elif _LIBRARY_HASH.fullmatch(n):
                algo = n.rsplit(".", 2)[-2] if n.endswith(".new") else n.rsplit(".", 1)[-1]
        if not algo or is_name(kwarg(node, "usedforsecurity"), "False") or id(node) in self._sizes_only:
            return
        code = libcst.Module([]).code_for_node
        context = " ".join([*self._scopes, *(code(a.value) for a in node.args)])
        if not in_tests(self.ctx) and _SECURITY_USE.search(context):
            self.report(node, f"Weak hash `{algo}` on security data (`{_SECURITY_USE.search(context)[0]}`): "
                              "MD5/SHA-1 collisions are practical; use SHA-256 or a password hasher")
        elif any(n.startswith("hashlib.") for n in names):
            self.report(node, f"Weak hash `{algo}` without `usedforsecurity=False`: if it is a checksum or "
                              "cache key, say so (FIPS builds refuse the call otherwise)", level="note")
        else:
            self.report(node, f"Weak hash `{algo}`: fine for a checksum, broken for signatures, passwords "
                              "and integrity against an attacker; prefer SHA-256", level="note")

    def visit_Module(self, node: libcst.Module) -> None:
        self._scopes: list[str] = []
        self._sizes_only: set[int] = set()

    def visit_FunctionDef(self, node: libcst.FunctionDef) -> None:
        self._scopes.append(node.name.value)

    def leave_FunctionDef(self, original_node: libcst.FunctionDef) -> None:
        self._scopes.pop()

    def visit_ClassDef(self, node: libcst.ClassDef) -> None:
        self._scopes.append(node.name.value)

    def leave_ClassDef(self, original_node: libcst.ClassDef) -> None:
        self._scopes.pop()

    def visit_Attribute(self, node: libcst.Attribute) -> None:
        # `hashlib.sha1().block_size`: a constant of the algorithm is read, nothing is hashed
        if isinstance(node.value, libcst.Call) and not node.value.args and node.attr.value in _SIZE_ATTRS:
            self._sizes_only.add(id(node.value))


_SIZE_ATTRS = {"block_size", "digest_size", "name"}
# cryptography's hash classes, PyCryptodome's hash modules (`MD5.new()`; `SHA` is SHA-1)
_LIBRARY_HASH = re.compile(r"cryptography\.hazmat\.primitives\.hashes\.(?:MD5|SHA1)"
                           r"|(?:Crypto|Cryptodome)\.Hash\.(?:MD2|MD4|MD5|SHA|SHA1)\.new")
# what the hashed data, or the function/class doing it, says it protects
_SECURITY_USE = re.compile(r"(?i)passw|passwd|pwd|secret|token|signature|signing|hmac|credential|"
                           r"\bauth|_auth|salt|nonce|otp\b|api_?key|private_?key")


_RANDOM_FNS = {f"random.{f}" for f in ("random", "randint", "randrange", "choice", "choices", "sample",
                                       "getrandbits", "randbytes", "uniform", "shuffle")}
_SECRET_WORDS = re.compile(r"(?i)(token|passw|passwd|pwd|secret|nonce|salt|otp|api_?key|session_?id|csrf|"
                           r"reset_?code|verification_?code|activation|invite_?code|auth_?code)")


class InsecureRandomForSecrets(CallRule):
    """## What it does
    Reports the `random` module used to make a token, password, key, salt, nonce or similar: a
    `random.*` call assigned to (or returned from a function, or passed as a keyword) whose name
    says it is secret.

    ## Why is this bad?
    `random` is a Mersenne Twister: after 624 outputs an observer can predict every later value
    (CWE-330, CWE-338). Use `secrets` (`secrets.token_urlsafe()`, `secrets.choice`).

    ## Example
    ```python
    reset_token = "".join(random.choice(ALPHABET) for _ in range(32))
    ```

    ## Use instead
    ```python
    reset_token = secrets.token_urlsafe(32)
    ```

    ## Known limits
    Judged by names: random values for simulations, sampling and jitter are not reported (unlike
    bandit's B311 and ruff's S311, which report every call, and which it therefore does not claim as
    equivalents), and a secret stored under an innocent name is missed.

    ## References
    - [Python docs: secrets](https://docs.python.org/3/library/secrets.html)
    """

    code = "PY034"
    name = "insecure-random-for-secrets"
    level = "warning"
    summary = "random module used for a token, password or key"
    modules = ("random",)
    keywords = ("random",)
    cwe = (338, 330)
    security_severity = 5.3
    tags = ("security",)
    # No `equivalents`: ruff S311 / bandit B311 report every `random` call, this rule only calls that
    # make secrets. Claiming them would let a project's `ignore = ["S311"]` (common: random is fine for
    # jitter) or `# noqa: S311` silence the narrower, high-value finding, and compare unlike counts.
    VALID = [Valid("import random\ndelay = random.uniform(0, 1)\n"),
             Valid("import secrets\ntoken = secrets.token_hex(16)\n")]
    INVALID = [
        Invalid("import random\nreset_token = ''.join(random.choice('ab') for _ in range(8))\n", 2),
        Invalid("from random import randint\ndef make_password():\n    return str(randint(0, 9))\n", 3),
        Invalid("import random\nUser(api_key=random.getrandbits(64))\n", 2),
    ]

    @classmethod
    def wants(cls, ctx) -> bool:
        # a report needs a secret word in a name of the file (the names are the file's own text)
        return super().wants(ctx) and _SECRET_WORDS.search(ctx.source.text) is not None

    def visit_Module(self, node: libcst.Module) -> None:
        self.names: list[str] = []  # innermost assignment target / function / keyword names

    def visit_FunctionDef(self, node: libcst.FunctionDef) -> None:
        self.names.append(node.name.value)

    def leave_FunctionDef(self, original_node: libcst.FunctionDef) -> None:
        self.names.pop()

    def visit_Assign(self, node: libcst.Assign) -> None:
        self.names.append(" ".join(libcst.Module([]).code_for_node(t.target) for t in node.targets))

    def leave_Assign(self, original_node: libcst.Assign) -> None:
        self.names.pop()

    def visit_Arg(self, node: libcst.Arg) -> None:
        self.names.append(node.keyword.value if node.keyword is not None else "")

    def leave_Arg(self, original_node: libcst.Arg) -> None:
        self.names.pop()

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if not names & _RANDOM_FNS:
            return
        context = next((n for n in reversed(self.names) if n), "")
        if _SECRET_WORDS.search(context):
            fn = sorted(names & _RANDOM_FNS)[0]
            self.report(node, f"`{fn}` is predictable; use `secrets` for `{context[:40]}`")


_DIGEST_ATTRS = {"hexdigest", "digest"}
_SECRET_NAME = re.compile(r"(?i)(signature|digest|hmac|^mac$|_mac$)")
_MAC_ONLY = re.compile(r"(?i)^mac$|_mac$")


_KEYED = re.compile(r"(?i)hmac|mac$|^mac|sig")
# a name that starts like this holds a switch or an outcome, not a signature (`verify_signature`)
_FLAG_PREFIX = re.compile(r"(?i)^_*(verify|check|validate|require|use|is|has|should|enable|skip|allow|want)_")


def _digest_call(node: ast.AST) -> bool:
    """A keyed digest: ``hmac.new(...).hexdigest()``, ``hmac.digest(...)``, ``mac.digest()``. A plain
    hash (``hashlib.sha256(data).hexdigest()``) has no key to leak: anyone can compute it."""
    if not isinstance(node, ast.Call):
        return False
    if dotted(node.func) == "hmac.digest":
        return True
    if not (isinstance(node.func, ast.Attribute) and node.func.attr in _DIGEST_ATTRS):
        return False
    receiver = node.func.value
    if isinstance(receiver, ast.Call):
        return "hmac" in dotted(receiver.func).lower()
    name = dotted(receiver).rsplit(".", 1)[-1]
    return bool(_KEYED.search(name))


def _secret_name(node: ast.AST, macs: bool) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    if not name or _FLAG_PREFIX.search(name) or not _SECRET_NAME.search(name):
        return False
    # `mac` alone is a network address (`data["mac"] == mac`) unless the file computes MACs
    return macs or not _MAC_ONLY.search(name)


def _constant_name(node: ast.AST) -> bool:
    """``DIGEST_MD5``, ``NTLM_SIGNATURE``, ``ds.DIGEST_SHA1``: a module constant, public and fixed
    (a mechanism name, a file's magic bytes); comparing with it leaks nothing secret."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return bool(name) and name.isupper()


def _value(node: ast.AST) -> bool:
    return isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call))


class TimingUnsafeDigestComparison(PyRule):
    """## What it does
    Reports `==` / `!=` between a keyed digest (`hmac.new(...).hexdigest()`, `mac.digest()`,
    `hmac.digest()`) or a value named like a signature or MAC, and another non-literal value. A
    plain hash (`hashlib.sha256(data).hexdigest()`) is not a MAC: anyone can compute it, so its
    timing leaks nothing; names of switches (`verify_signature`) are not signatures; a comparison
    with an upper-case constant (`DIGEST_MD5`, `NTLM_SIGNATURE`) compares with public data; a
    name that is only `mac` is a network address unless the file mentions `hmac`. Test code is
    left out.

    ## Why is this bad?
    `==` on strings stops at the first differing character, so the response time leaks how much
    of a guessed signature is right; an attacker recovers a valid MAC byte by byte (CWE-208).

    ## Example
    ```python
    if hmac.new(key, body, "sha256").hexdigest() == request.headers["X-Signature"]:
        ...
    ```

    ## Use instead
    ```python
    if hmac.compare_digest(hmac.new(key, body, "sha256").hexdigest(), request.headers["X-Signature"]):
        ...
    ```

    ## References
    - [Python docs: hmac.compare_digest](https://docs.python.org/3/library/hmac.html#hmac.compare_digest)
    """

    code = "PY035"
    name = "timing-unsafe-digest-comparison"
    level = "warning"
    summary = "Digest or signature compared with == (timing attack)"
    keywords = ("digest", "signature", "hmac", "mac")
    cwe = (208,)
    security_severity = 5.9
    tags = ("security",)
    VALID = [Valid("import hmac\nok = hmac.compare_digest(a.hexdigest(), sig)\n"),
             Valid("if token is None or token == '':\n    pass\n"),
             # a plain hash of public data has no key to leak
             Valid("import hashlib\nfor row in rows:\n    if hashlib.sha256(row).hexdigest() == wanted_hash:\n"
                   "        break\n"),
             # switches named after signatures
             Valid("if verify is not None and verify != verify_signature:\n    warn()\n"),
             # a public constant (a mechanism name, magic bytes); a MAC address; a test's assertion
             Valid("if self.sasl_mechanism == DIGEST_MD5:\n    pass\nif message[0:8] != NTLM_SIGNATURE:\n    pass\n"),
             Valid("def find(data, mac):\n    return data['mac'] == mac\n"),
             Valid("def test_sign(sig, expected_signature):\n    assert sig == expected_signature\n",
                   path="tests/test_sign.py")]
    INVALID = [Invalid("import hmac\nif hmac.new(k, b, 'sha256').hexdigest() == sig:\n    pass\n", 2),
               Invalid("def check(signature, expected):\n    return signature != expected\n", 2),
               Invalid("import hmac\nmac = hmac.new(k, b, 'sha1')\nif mac.hexdigest() == header:\n    pass\n", 3)]

    def run(self, ix: AstIndex) -> None:
        if in_tests(self.ctx):
            return  # a test's assertion on a digest is not an oracle anyone can time
        macs = "hmac" in self.ctx.source.text.lower()
        for cmp in ix.nodes(ast.Compare):
            left = cmp.left
            for op, right in zip(cmp.ops, cmp.comparators):
                pair = (left, right)
                if isinstance(op, (ast.Eq, ast.NotEq)) and all(_value(s) for s in pair) and \
                        not any(_constant_name(s) for s in pair) and (
                        any(_digest_call(s) for s in pair) or any(_secret_name(s, macs) for s in pair)):
                    self.report(cmp, "Compare digests and signatures with `hmac.compare_digest()`, not `==`")
                    break
                left = right
