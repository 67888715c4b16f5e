"""Private keys and certificates: rebuild a PEM block from however it was written, then parse it
with ``cryptography``. Takes text (or bytes for PKCS#12) and returns :class:`KeyInfo` /
:class:`CertInfo`: plain facts (algorithm, size, encrypted, subject...) that are safe to print,
plus the public key's DER so that a certificate can be paired with its private key.
"""

from __future__ import annotations

import base64
import binascii
import re
import functools
import struct
import warnings
from dataclasses import dataclass

# cryptography is imported inside the functions: most files have no key, and the import costs
# about 80 ms per process.

_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)
# The glue of string literals around a line: a leading quote (maybe after "+"), a trailing quote
# (maybe before "+", "," or a line continuation). A bare "+" is base64 and stays.
_LEAD = re.compile(r"^(?:\+\s*)?[rRbBuUfF]{0,2}[\"'`]")
_TRAIL = re.compile(r"[\"'`]\s*[+,;)]*\s*\\?$|\s*\\$")


def _quiet(fn):
    """Run a parser with cryptography's warnings silenced: a repository's old keys and
    certificates (negative serial numbers, DSA, weak curves) make it warn on stderr, which is
    noise in every output format and could echo details of the scanned key."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class KeyInfo:
    algorithm: str  # "RSA", "EC", "DSA", "Ed25519", "unknown"
    bits: int | None
    encrypted: bool
    parsed: bool
    public_der: bytes | None = None

    def describe(self) -> str:
        size = f" {self.bits}-bit" if self.bits else ""
        state = "encrypted " if self.encrypted else ""
        return f"{state}{self.algorithm}{size} private key"


@dataclass(frozen=True)
class CertInfo:
    subject: str
    issuer: str
    not_after: str  # ISO date
    expired: bool
    public_der: bytes


def _unescape(raw: str) -> str:
    return raw.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\r", "\n").replace("\r", "\n")


def normalize_pem(raw: str) -> tuple[str, str] | None:
    """(label, canonical PEM) from a block written raw, indented, with escaped ``\\n`` or as
    concatenated string literals; None when there is no complete block."""
    lines = []
    for line in _unescape(raw).split("\n"):
        line = _LEAD.sub("", _TRAIL.sub("", line.strip())).strip()
        if line:
            lines.append(line)
    m = _PEM.search("\n".join(lines))
    if not m:
        return None
    label, inner = m.group(1), m.group(2)
    headers, body = [], []
    for line in inner.split("\n"):
        if ":" in line and not body:
            headers.append(line)
        elif line:
            body.append(re.sub(r"[^A-Za-z0-9+/=]", "", line))
    b64 = "".join(body)
    wrapped = "\n".join(b64[i : i + 64] for i in range(0, len(b64), 64))
    head = "\n".join(headers) + "\n\n" if headers else ""
    return label, f"-----BEGIN {label}-----\n{head}{wrapped}\n-----END {label}-----\n"


def pem_body(pem: str) -> bytes:
    inner = pem.split("-----", 2)[2].rsplit("-----END", 1)[0]
    b64 = "".join(line for line in inner.split("\n") if ":" not in line)
    try:
        return base64.b64decode(b64 + "=" * (-len(b64) % 4))
    except (binascii.Error, ValueError):
        return b""


def _describe_key(key) -> tuple[str, int | None]:
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

    if isinstance(key, rsa.RSAPrivateKey):
        return "RSA", key.key_size
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return f"EC {key.curve.name}", key.curve.key_size
    if isinstance(key, dsa.DSAPrivateKey):
        return "DSA", key.key_size
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "Ed25519", 256
    if isinstance(key, ed448.Ed448PrivateKey):
        return "Ed448", 456
    return type(key).__name__.removeprefix("_"), None


def public_der(public_key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


_LABEL_ALGO = {"RSA PRIVATE KEY": "RSA", "EC PRIVATE KEY": "EC", "DSA PRIVATE KEY": "DSA"}


def _ssh_string(data: bytes, pos: int) -> tuple[bytes, int]:
    (n,) = struct.unpack(">I", data[pos : pos + 4])
    return data[pos + 4 : pos + 4 + n], pos + 4 + n


def _openssh_encrypted(body: bytes) -> tuple[bool, str] | None:
    """(encrypted?, key type) from an ``openssh-key-v1`` blob; None when it is not one."""
    magic = b"openssh-key-v1\0"
    if not body.startswith(magic):
        return None
    try:
        cipher, pos = _ssh_string(body, len(magic))
        _kdf, pos = _ssh_string(body, pos)
        _kdfopts, pos = _ssh_string(body, pos)
        pos += 4  # number of keys
        pub, pos = _ssh_string(body, pos)
        keytype, _ = _ssh_string(pub, 0)
    except struct.error:
        return None
    return cipher != b"none", keytype.decode("ascii", "replace")


@_quiet
def parse_private_key(pem: str, label: str) -> KeyInfo:
    """Parse a canonical PEM private key. Never raises."""
    from cryptography.hazmat.primitives import serialization

    if label == "OPENSSH PRIVATE KEY":
        info = _openssh_encrypted(pem_body(pem))
        if info is None:
            return KeyInfo("OpenSSH", None, False, False)
        encrypted, keytype = info
        if encrypted:
            return KeyInfo(f"OpenSSH {keytype}", None, True, True)
        try:
            key = serialization.load_ssh_private_key(pem.encode(), password=None)
        except Exception:  # noqa: BLE001 - cryptography raises several types on bad input
            return KeyInfo(f"OpenSSH {keytype}", None, False, False)
        algo, bits = _describe_key(key)
        return KeyInfo(algo, bits, False, True, public_der(key.public_key()))
    try:
        # the RSA consistency check costs ~70 ms per key and tells us nothing we report
        key = serialization.load_pem_private_key(
            pem.encode(), password=None, unsafe_skip_rsa_key_validation=True
        )
    except TypeError:  # "Password was not given but private key is encrypted"
        return KeyInfo(_LABEL_ALGO.get(label, "PKCS#8"), None, True, True)
    except Exception:  # noqa: BLE001
        return KeyInfo(_LABEL_ALGO.get(label, "unknown"), None, "ENCRYPTED" in pem, False)
    algo, bits = _describe_key(key)
    return KeyInfo(algo, bits, False, True, public_der(key.public_key()))


@_quiet
def parse_certificate(pem: str) -> CertInfo | None:
    from cryptography import x509

    try:
        cert = x509.load_pem_x509_certificate(pem.encode())
        not_after = cert.not_valid_after_utc
        import datetime as dt

        return CertInfo(
            subject=cert.subject.rfc4514_string(),
            issuer=cert.issuer.rfc4514_string(),
            not_after=not_after.date().isoformat(),
            expired=not_after < dt.datetime.now(dt.UTC),
            public_der=public_der(cert.public_key()),
        )
    except Exception:  # noqa: BLE001
        return None


@dataclass(frozen=True)
class Pkcs12Info:
    protected: bool
    key: KeyInfo | None
    certificates: int
    parsed: bool


@_quiet
def parse_pkcs12(data: bytes) -> Pkcs12Info:
    from cryptography.hazmat.primitives.serialization import pkcs12

    for password in (None, b""):
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(data, password)
        except Exception:  # noqa: BLE001
            continue
        info = None
        if key is not None:
            algo, bits = _describe_key(key)
            info = KeyInfo(algo, bits, False, True, public_der(key.public_key()))
        return Pkcs12Info(False, info, (1 if cert else 0) + len(extra or ()), True)
    # DER SEQUENCE + version 3: a PKCS#12 we cannot open without the password
    looks_p12 = data[:1] == b"\x30" and b"\x02\x01\x03" in data[:8]
    return Pkcs12Info(True, None, 0, looks_p12)


# The first bytes of unarmoured DER private keys, base64-encoded: PKCS#1 RSA, PKCS#8 RSA, SEC1 EC,
# PKCS#8 EC and PKCS#8 Ed25519 (see rules/secrets/keys.toml, SEC008).
@_quiet
def parse_der_private_key(b64: str) -> KeyInfo | None:
    """A base64 DER private key without PEM armour, or None when the text is not one."""
    from cryptography.hazmat.primitives import serialization

    try:
        der = base64.b64decode(b64 + "=" * (-len(b64) % 4), validate=True)
        key = serialization.load_der_private_key(der, password=None, unsafe_skip_rsa_key_validation=True)
    except Exception:  # noqa: BLE001 - not a key: many base64 blobs start like one
        return None
    algo, bits = _describe_key(key)
    return KeyInfo(algo, bits, False, True, public_der(key.public_key()))


# ----- a JSON Web Token and the keys beside it --------------------------------------------------

_PEM_RAW = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----.{0,8000}?-----END \1-----", re.DOTALL)
_SSH_PUBLIC = re.compile(r"(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/]+={0,2}")


MAX_KEYS_PER_FILE = 32  # a file of many JWTs and many keys must not cost JWTs x keys parses


@functools.lru_cache(maxsize=4)
def _public_keys_in(text: str) -> tuple:
    """The public keys of the unencrypted private keys, public keys and certificates in ``text``
    (the first MAX_KEYS_PER_FILE blocks; parsed once per file, however many tokens it holds)."""
    from itertools import islice

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    out = []
    # scanner: ignore[CX002] normalize_pem reads the lines of one block: linear in the text overall
    for m in islice(_PEM_RAW.finditer(text), MAX_KEYS_PER_FILE):
        got = normalize_pem(m.group(0))
        if got is None:
            continue
        label, pem = got
        try:
            if "PRIVATE KEY" in label and "ENCRYPTED" not in label and "Proc-Type" not in pem:
                out.append(serialization.load_pem_private_key(pem.encode(), None, unsafe_skip_rsa_key_validation=True)
                           .public_key())  # the public half is all a signature check needs
            elif "PUBLIC KEY" in label:
                out.append(serialization.load_pem_public_key(pem.encode()))
            elif label == "CERTIFICATE":
                out.append(x509.load_pem_x509_certificate(pem.encode()).public_key())
        except (ValueError, TypeError, NotImplementedError):
            continue
    return tuple(out)


def _verify(public_key, alg: str, data: bytes, sig: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa, utils

    digest = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}.get(alg[-3:])
    try:
        if isinstance(public_key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)) and alg in ("EdDSA", "Ed25519"):
            public_key.verify(sig, data)
        elif isinstance(public_key, rsa.RSAPublicKey) and digest and alg[:2] in ("RS", "PS"):
            pad = padding.PKCS1v15() if alg.startswith("RS") else padding.PSS(padding.MGF1(digest()), digest.digest_size)
            public_key.verify(sig, data, pad, digest())
        elif isinstance(public_key, ec.EllipticCurvePublicKey) and digest and alg.startswith("ES"):
            half = len(sig) // 2
            der = utils.encode_dss_signature(int.from_bytes(sig[:half], "big"), int.from_bytes(sig[half:], "big"))
            public_key.verify(der, data, ec.ECDSA(digest()))
        else:
            return False
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


@functools.lru_cache(maxsize=4)
def _shared_secrets_in(text: str) -> tuple[str, ...]:
    """Public key texts that a confused verifier would use as an HMAC secret (SSH lines, PEM blocks)."""
    from itertools import islice

    found = [m.group(0) for m in _SSH_PUBLIC.finditer(text)]
    found += [m.group(0) for m in _PEM_RAW.finditer(text) if "PRIVATE" not in m.group(1)]
    return tuple(islice(found, MAX_KEYS_PER_FILE))


@_quiet
def signed_by_a_key_in(text: str, token: str, alg: str) -> bool:
    """The token's signature verifies with a key written in ``text``: a private or public key, a
    certificate, or (HMAC, the algorithm-confusion fixtures of JOSE libraries) the text of a public
    key used as the shared secret. Such a token is a fixture of that key, which is reported itself."""
    if "-----BEGIN" not in text and not _SSH_PUBLIC.search(text):
        return False
    import hashlib
    import hmac

    head, _, sig64 = token.rpartition(".")
    try:
        sig = base64.urlsafe_b64decode(sig64 + "=" * (-len(sig64) % 4))
    except (binascii.Error, ValueError):
        return False
    data = head.encode("ascii")
    if alg.startswith("HS"):
        digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}.get(alg)
        if digest is None:
            return False
        shared = _shared_secrets_in(text)
        return any(hmac.compare_digest(hmac.new(k.encode(), data, digest).digest(), sig)
                   for s in shared for k in (s, s + "\n"))
    return any(_verify(k, alg, data, sig) for k in _public_keys_in(text))
