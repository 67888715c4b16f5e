"""Real keys and certificates, generated at test time (never committed)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID


@lru_cache(maxsize=None)
def rsa_key(bits: int = 2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@lru_cache(maxsize=None)
def ec_key():
    return ec.generate_private_key(ec.SECP256R1())


def pem_private(key, fmt=serialization.PrivateFormat.TraditionalOpenSSL, password: bytes | None = None) -> str:
    enc = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, fmt, enc).decode()


def certificate(key, common_name: str = "test.example", days: int = 30) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


# ----- tokens and more key formats (secrets tests and the accuracy benchmark) -------------------

import base64 as _b64  # noqa: E402
import json as _json  # noqa: E402
import secrets as _secrets  # noqa: E402
import string as _string  # noqa: E402
import zlib as _zlib  # noqa: E402

B62 = _string.digits + _string.ascii_uppercase + _string.ascii_lowercase
B62_LOWER_FIRST = _string.digits + _string.ascii_lowercase + _string.ascii_uppercase


def rand(alphabet: str, n: int) -> str:
    return "".join(_secrets.choice(alphabet) for _ in range(n))


def base62(n: int, alphabet: str = B62, width: int = 6) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = alphabet[r] + out
    return out.rjust(width, alphabet[0])


def checksum_token(prefix: str, alphabet: str = B62, good: bool = True) -> str:
    """A GitHub classic / npm style token: 30 random base62 chars + base62 CRC32 of them."""
    payload = rand(_string.ascii_letters + _string.digits, 30)
    check = base62(_zlib.crc32(payload.encode()), alphabet)
    if not good:
        check = check[:-1] + ("A" if check[-1] != "A" else "B")
    return prefix + payload + check


def jwt(claims: dict, alg: str = "HS256") -> str:
    def enc(obj) -> str:
        return _b64.urlsafe_b64encode(_json.dumps(obj).encode()).rstrip(b"=").decode()

    sig = _b64.urlsafe_b64encode(_secrets.token_bytes(32)).rstrip(b"=").decode()
    return f"{enc({'alg': alg, 'typ': 'JWT'})}.{enc(claims)}.{sig}"


def dsa_key():
    from cryptography.hazmat.primitives.asymmetric import dsa

    return dsa.generate_private_key(key_size=2048)


def ed25519_key():
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return ed25519.Ed25519PrivateKey.generate()


def pkcs12(key, cert_pem: str, password: bytes | None = None) -> bytes:
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12

    cert = x509.load_pem_x509_certificate(cert_pem.encode())
    enc = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return p12.serialize_key_and_certificates(b"test", key, cert, None, enc)
