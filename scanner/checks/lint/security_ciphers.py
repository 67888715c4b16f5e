"""Ciphers and keys in ``cryptography`` and PyCryptodome: PY045 weak-key-size, PY046 broken-cipher
(libcst + QualifiedNameProvider, only on files that import one of those libraries)."""

from __future__ import annotations

import re

import libcst
from libcst.metadata import QualifiedNameProvider

from scanner.checks.lint._pyast import CallRule, in_tests, kwarg, string_value
from scanner.rule import Invalid, Valid

_CRYPTO_MODULES = ("cryptography", "Crypto", "Cryptodome")
_ASYM = "cryptography.hazmat.primitives.asymmetric."
_PYCRYPTO_KEYS = re.compile(r"(?:Crypto|Cryptodome)\.PublicKey\.(RSA|DSA|ECC)\.generate")
# (name, argument position, keyword) of the size argument of each key generator
_SIZE_ARG = {f"{_ASYM}rsa.generate_private_key": ("RSA", 1, "key_size"),
             f"{_ASYM}dsa.generate_private_key": ("DSA", 0, "key_size"),
             f"{_ASYM}dsa.generate_parameters": ("DSA", 0, "key_size"),
             f"{_ASYM}dh.generate_parameters": ("DH", 1, "key_size")}
_MIN_BITS = 2048
# elliptic curves under 224 bits (NIST SP 800-57: 112-bit security needs at least 224)
_SMALL_CURVES = {"SECP192R1", "SECT163K1", "SECT163R2"}
_SMALL_ECC_NAMES = {"p192", "p-192", "secp192r1", "prime192v1", "nist p-192"}


def _arg(node: libcst.Call, position: int, keyword: str) -> libcst.BaseExpression | None:
    value = kwarg(node, keyword)
    if value is not None:
        return value
    positional = [a for a in node.args if a.keyword is None and not a.star]
    return positional[position].value if len(positional) > position else None


def _int_value(node: libcst.BaseExpression | None) -> int | None:
    if isinstance(node, libcst.Integer):
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return None
    return None


class WeakKeySize(CallRule):
    """## What it does
    Reports keys generated with `cryptography` or PyCryptodome that are too small to be safe: RSA,
    DSA and Diffie-Hellman sizes under 2048 bits given as a literal
    (`rsa.generate_private_key(65537, 1024)`, `RSA.generate(1024)`), and elliptic curves under 224
    bits (`ec.SECP192R1`, `SECT163K1`, `SECT163R2`, PyCryptodome's `ECC.generate(curve="P-192")`).
    A size the rule cannot read (a variable, a setting) is not reported. Test code is left out:
    test suites make small keys because they are fast.

    ## Why is this bad?
    1024-bit RSA/DSA keys and 160-bit-class curves are within reach of well-funded attackers and
    are disallowed by NIST SP 800-131A since 2013; signatures and key exchanges made with them can
    be forged or broken (CWE-326).

    ## Example
    ```python
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    ```

    ## Use instead
    ```python
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    ```

    ## References
    - [NIST SP 800-131A Rev. 2](https://csrc.nist.gov/pubs/sp/800/131/a/r2/final)
    """

    code = "PY045"
    name = "weak-key-size"
    level = "warning"
    summary = "RSA/DSA key under 2048 bits or elliptic curve under 224 bits"
    modules = _CRYPTO_MODULES
    keywords = ("generate",)
    cwe = (326,)
    security_severity = 7.4
    tags = ("security",)
    equivalents = ("ruff:S505", "bandit:B505")
    VALID = [Valid("from cryptography.hazmat.primitives.asymmetric import rsa, ec\n"
                   "k = rsa.generate_private_key(public_exponent=65537, key_size=2048)\n"
                   "e = ec.generate_private_key(ec.SECP256R1())\nj = rsa.generate_private_key(65537, size)\n"),
             Valid("from Crypto.PublicKey import RSA\nkey = RSA.generate(4096)\n"),
             Valid("from Crypto.PublicKey import DSA\nkey = DSA.generate(1024)\n", path="tests/test_keys.py")]
    INVALID = [Invalid("from cryptography.hazmat.primitives.asymmetric import rsa\n"
                       "k = rsa.generate_private_key(65537,\n    1024)\n", 2),
               Invalid("from cryptography.hazmat.primitives.asymmetric import dsa\n"
                       "k = dsa.generate_private_key(key_size=1024)\n", 2),
               Invalid("from cryptography.hazmat.primitives.asymmetric import ec\n"
                       "k = ec.generate_private_key(curve=ec.SECP192R1())\n", 2),
               Invalid("from Cryptodome.PublicKey import RSA as rsa_\nkey = rsa_.generate(bits=1024)\n", 2),
               Invalid("from Crypto.PublicKey import ECC\nkey = ECC.generate(curve='P-192')\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if in_tests(self.ctx):
            return
        for n in names:
            if n in _SIZE_ARG:
                kind, position, keyword = _SIZE_ARG[n]
                self._check_bits(node, kind, _arg(node, position, keyword))
            elif n == f"{_ASYM}ec.generate_private_key":
                curve = _arg(node, 0, "curve")
                if isinstance(curve, libcst.Call):
                    curve = curve.func
                if curve is not None:
                    small = {q.name.rsplit(".", 1)[-1] for q in self.get_metadata(QualifiedNameProvider, curve, set())
                             if q.name.startswith(f"{_ASYM}ec.")} & _SMALL_CURVES
                    if small:
                        self.report(node, f"Elliptic curve `{small.pop()}` is under 224 bits; use SECP256R1 or larger")
            elif m := _PYCRYPTO_KEYS.fullmatch(n):
                if m[1] == "ECC":
                    curve = string_value(_arg(node, 99, "curve"))
                    if curve and curve.lower() in _SMALL_ECC_NAMES:
                        self.report(node, f"Elliptic curve `{curve}` is under 224 bits; use P-256 or larger")
                else:
                    self._check_bits(node, m[1], _arg(node, 0, "bits"))

    def _check_bits(self, node: libcst.Call, kind: str, size: libcst.BaseExpression | None) -> None:
        bits = _int_value(size)
        if bits is not None and bits < _MIN_BITS:
            self.report(node, f"{kind} key of {bits} bits is breakable; use at least {_MIN_BITS} (3072 past 2030)")


_CIPHERS = "cryptography.hazmat.primitives.ciphers."
_DECREPIT = "cryptography.hazmat.decrepit.ciphers."
# block ciphers with 64-bit blocks (Sweet32) or broken key schedules, and stream ciphers with biases
_WEAK_ALGOS = {"ARC4", "Blowfish", "IDEA", "CAST5", "SEED", "TripleDES"}
_PYCRYPTO_CIPHER = re.compile(r"(?:Crypto|Cryptodome)\.Cipher\.(DES|DES3|ARC2|ARC4|Blowfish|CAST|XOR)\.new")
_PYCRYPTO_ECB = re.compile(r"(?:Crypto|Cryptodome)\.Cipher\.\w+\.MODE_ECB")


class WeakCipher(CallRule):
    """## What it does
    Reports broken or obsolete ciphers and the ECB mode in `cryptography` and PyCryptodome:
    `algorithms.ARC4`, `Blowfish`, `IDEA`, `CAST5`, `SEED`, `TripleDES`, `modes.ECB`, and
    PyCryptodome's `DES`, `DES3`, `ARC2`, `ARC4`, `Blowfish`, `CAST`, `XOR` ciphers and
    `MODE_ECB`. Test code is left out.

    ## Why is this bad?
    RC4 has exploitable keystream biases, DES keys are brute-forced in hours, 64-bit block ciphers
    (Blowfish, 3DES, IDEA, CAST5) leak plaintext after a few hundred gigabytes under one key
    (Sweet32), XOR is not encryption, and ECB encrypts equal blocks to equal ciphertext, so the
    structure of the data shows through (CWE-327).

    ## Example
    ```python
    cipher = Cipher(algorithms.AES(key), modes.ECB())
    ```

    ## Use instead
    ```python
    aesgcm = AESGCM(key)  # authenticated encryption
    ```

    ## Known limits
    Reading data encrypted long ago with one of these ciphers may be unavoidable: suppress the
    finding on that line with a reason.
    """

    code = "PY046"
    name = "broken-cipher"
    level = "warning"
    summary = "Broken cipher (DES, RC4, Blowfish, ...) or ECB mode"
    modules = _CRYPTO_MODULES
    keywords = ("ARC4", "Blowfish", "IDEA", "CAST", "SEED", "TripleDES", "DES", "ARC2", "XOR", "ECB")
    cwe = (327,)
    security_severity = 7.4
    tags = ("security",)
    equivalents = ("bandit:B304", "bandit:B305", "ruff:S304", "ruff:S305")
    VALID = [Valid("from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n"
                   "c = Cipher(algorithms.AES(key), modes.CBC(iv))\n"),
             Valid("from Crypto.Cipher import AES\nc = AES.new(key, AES.MODE_GCM)\nn = AES.block_size\n"),
             Valid("from Crypto.Cipher import DES\nc = DES.new(key, DES.MODE_CBC, iv)\n", path="tests/test_des.py")]
    INVALID = [Invalid("from cryptography.hazmat.primitives.ciphers import Cipher, algorithms\n"
                       "c = Cipher(algorithms.ARC4(key), mode=None)\n", 2),
               Invalid("from cryptography.hazmat.primitives.ciphers.modes import ECB\nmode = ECB()\n", 2),
               Invalid("from Crypto.Cipher import DES as des\nc = des.new(key, des.MODE_CTR, counter=ctr)\n", 2),
               Invalid("from Cryptodome.Cipher import AES\nc = AES.new(key, AES.MODE_ECB)\n", 2)]

    def on_call(self, node: libcst.Call, names: set[str]) -> None:
        if in_tests(self.ctx):
            return
        for n in names:
            for prefix in (_CIPHERS, _DECREPIT):
                tail = n[len(prefix):] if n.startswith(prefix) else ""
                if tail.startswith("algorithms.") and tail[11:] in _WEAK_ALGOS:
                    self.report(node, f"`{tail[11:]}` is a broken or obsolete cipher; use AES-GCM or ChaCha20-Poly1305")
                    return
                if tail == "modes.ECB":
                    self.report(node, "ECB mode shows the structure of the plaintext; use GCM (or CBC with a MAC)")
                    return
            if m := _PYCRYPTO_CIPHER.fullmatch(n):
                self.report(node, f"`{m[1]}` is a broken or obsolete cipher; use AES in GCM or EAX mode")
                return

    def visit_Attribute(self, node: libcst.Attribute) -> None:
        if node.attr.value == "MODE_ECB" and not in_tests(self.ctx):
            if any(_PYCRYPTO_ECB.fullmatch(q.name) for q in self.get_metadata(QualifiedNameProvider, node, set())):
                self.report(node, "ECB mode shows the structure of the plaintext; use GCM or EAX")
