"""Offline validators, registered by name: packs refer to them as ``validator = "<name>"``.

A validator takes a :class:`Candidate` (the matched secret, the regex's named groups and the
file's context) and returns a :class:`Verdict` (keep it, maybe at another level, with a detail
that is safe to print) or ``None`` (not a secret). A detail or property never holds the secret:
it says what the secret *is* (``RSA 2048-bit private key``, ``JWT alg=HS256, expires ...``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scanner.checks.secrets import filters, keys, treesitter_kv
from scanner.checks.secrets.entropy import looks_random, shannon, strength_bits
from scanner.checks.secrets.pathcontext import path_context

if TYPE_CHECKING:
    from scanner.context import FileContext


@dataclass(frozen=True)
class Candidate:
    secret: str
    groups: dict[str, str | None]
    start: int  # the secret's character offsets in the file's text
    end: int
    ctx: FileContext
    match_start: int = -1  # where the whole match starts


@dataclass(frozen=True)
class Verdict:
    level: str | None = None  # None: the rule's level
    detail: str = ""  # appended to the message; never the secret
    properties: dict[str, Any] = field(default_factory=dict)
    public_key: bytes | None = None  # pairs a certificate with its private key in one file
    role: str = ""  # "private-key" | "certificate"
    # sample data of a test, doc or example (a made-up value, an expired recorded token): not
    # reported unless ``secret-context-levels`` names the file's context
    sample: bool = False
    # the password of an account the test, doc or example makes itself (filters.made_up_account):
    # it protects nothing outside that code; left out unless ``secret-context-levels`` names the context
    made_up: bool = False


KEEP = Verdict()
SAMPLE = Verdict(sample=True)
SAMPLE_BITS = 80  # in tests, docs and examples, a random-looking value below this is sample data
KEY_BITS = 128  # an issued key's strength; a random dictionary key or fixture id is usually shorter
Validator = Callable[[Candidate], "Verdict | None"]
VALIDATORS: dict[str, Validator] = {}


def validator(name: str) -> Callable[[Validator], Validator]:
    def register(fn: Validator) -> Validator:
        VALIDATORS[name] = fn
        return fn

    return register


# ----- checksums ------------------------------------------------------------------------------

B62_DIGITS_UPPER = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
B62_DIGITS_LOWER = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def base62(n: int, alphabet: str, width: int = 6) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = alphabet[r] + out
    return out.rjust(width, alphabet[0])


def crc32_base62_ok(token: str) -> bool:
    """GitHub (``ghp_`` ...) and npm (``npm_``) tokens: the last 6 characters are the base62 CRC32
    of the 30 random ones. Both base62 digit orders are in use; either is accepted."""
    body = token.rsplit("_", 1)[-1]
    if len(body) < 7:
        return False
    payload, check = body[:-6], body[-6:]
    crc = zlib.crc32(payload.encode("ascii", "replace"))
    return check in (base62(crc, B62_DIGITS_UPPER), base62(crc, B62_DIGITS_LOWER))


@validator("crc32-base62")
def _crc32_base62(c: Candidate) -> Verdict | None:
    return KEEP if crc32_base62_ok(c.secret) else None


# ----- JWT -----------------------------------------------------------------------------------


def b64url_json(part: str) -> dict | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


# HMAC keys that documentation signs its example tokens with (jwt.io's defaults, the literal
# "secret" of PyJWT's and jsonwebtoken's READMEs): whoever reads the docs can mint such a token
_DOC_HMAC_KEYS = (b"secret", b"your-256-bit-secret", b"your-384-bit-secret", b"your-512-bit-secret", b"shhhhh")
_HMAC_HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def signed_with_a_documented_key(token: str, alg: str) -> bool:
    """An HMAC-signed token whose signature verifies with a key printed in documentation."""
    digest = _HMAC_HASHES.get(alg)
    head, _, sig = token.rpartition(".")
    if digest is None or not sig:
        return False
    try:
        want = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
    except (binascii.Error, ValueError):
        return False
    return any(hmac.compare_digest(hmac.new(k, head.encode("ascii"), digest).digest(), want) for k in _DOC_HMAC_KEYS)


def is_unsigned_jwt(value: str) -> bool:
    """``header.payload.`` with alg "none" or no signature: anyone can write one, it proves nothing."""
    parts = value.split(".")
    if len(parts) != 3:
        return False
    header = b64url_json(parts[0]) if parts[0].startswith("eyJ") else None
    return header is not None and (not parts[2] or str(header.get("alg", "")).lower() == "none")


@validator("jwt")
def _jwt(c: Candidate) -> Verdict | None:
    parts = c.secret.split(".")
    if len(parts) != 3:
        return None
    header, payload = b64url_json(parts[0]), b64url_json(parts[1])
    if header is None or payload is None or "alg" not in header:
        return None
    alg = str(header.get("alg"))[:20]
    if is_unsigned_jwt(c.secret) or signed_with_a_documented_key(c.secret, alg):
        return None
    if keys.signed_by_a_key_in(c.ctx.source.text, c.secret, alg):
        return None  # a fixture of a key in the same file: the key is the finding
    props: dict[str, Any] = {"alg": alg}
    detail = f"alg={alg}"
    level, sample = None, False
    exp = payload.get("exp")
    if isinstance(exp, (int, float)) and not isinstance(exp, bool):
        try:
            when = dt.datetime.fromtimestamp(exp, dt.UTC)
        except (OverflowError, OSError, ValueError):
            when = None
        if when is not None:
            props["expires"] = when.isoformat(timespec="seconds")
            expired = when < dt.datetime.now(dt.UTC)
            # a recorded token of a test or a doc, that no verifier accepts any more: it grants
            # nothing (left out unless ``secret-context-levels`` names the context)
            sample = expired and path_context(c.ctx.source.path) != "production"
            detail += f", {'expired' if expired else 'expires'} {when.date().isoformat()}"
            level = "warning" if expired else None
    else:
        detail += ", no expiry"
    return Verdict(level=level, detail=detail, properties=props, made_up=sample)


# ----- keys and certificates -----------------------------------------------------------------

MIN_KEY_BODY = 100  # base64 characters: fewer is a header, a doc or a truncated sample


def _key_verdict(pem: str, label: str) -> Verdict | None:
    body = keys.pem_body(pem)
    if not body:
        return None  # a header with no body: parsers, docs, tests of parsers
    info = keys.parse_private_key(pem, label)
    props = {"algorithm": info.algorithm, "encrypted": info.encrypted, "parsed": info.parsed}
    if info.bits:
        props["bits"] = info.bits
    if info.parsed and not info.encrypted:
        return Verdict(detail=info.describe(), properties=props, public_key=info.public_der, role="private-key")
    if info.encrypted:
        return Verdict(level="warning", detail=info.describe() + " (passphrase-protected)", properties=props,
                       role="private-key")
    if len(body) * 4 // 3 < MIN_KEY_BODY or shannon(base64.b64encode(body).decode()) < 5.0:
        return None  # a short or filler body ("MIIEpAIBAAKCAQEA...AAAA") that does not parse
    return Verdict(level="warning", detail="private key that does not parse (truncated or altered?)",
                   properties=props, role="private-key")


@validator("private-key")
def _private_key(c: Candidate) -> Verdict | None:
    norm = keys.normalize_pem(c.secret)
    if norm is None:
        return None
    return _key_verdict(norm[1], norm[0])


@validator("certificate")
def _certificate(c: Candidate) -> Verdict | None:
    norm = keys.normalize_pem(c.secret)
    if norm is None:
        return None
    info = keys.parse_certificate(norm[1])
    if info is None:
        return None
    state = "expired" if info.expired else "expires"
    return Verdict(
        detail=f"subject {info.subject[:120]}, issuer {info.issuer[:120]}, {state} {info.not_after}",
        properties={"subject": info.subject[:200], "issuer": info.issuer[:200], "notAfter": info.not_after},
        public_key=info.public_der,
        role="certificate",
    )


@validator("base64-pem")
def _base64_pem(c: Candidate) -> Verdict | None:
    b64 = re.sub(r"\s", "", c.secret)
    try:
        text = base64.b64decode(b64 + "=" * (-len(b64) % 4)).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if "PRIVATE KEY-----" not in text:
        return None
    norm = keys.normalize_pem(text)
    if norm is None:
        return None
    verdict = _key_verdict(norm[1], norm[0])
    if verdict is None:
        return None
    return Verdict(verdict.level, verdict.detail + ", base64-encoded", verdict.properties, verdict.public_key,
                   verdict.role)


@validator("der-private-key")
def _der_private_key(c: Candidate) -> Verdict | None:
    info = keys.parse_der_private_key(c.secret)
    if info is None:
        return None
    props = {"algorithm": info.algorithm, "encrypted": False, "parsed": True}
    if info.bits:
        props["bits"] = info.bits
    return Verdict(detail=info.describe() + ", base64 DER without PEM armour", properties=props,
                   public_key=info.public_der, role="private-key")


def _b64_chars(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9+/]", text))


@validator("pgp-private-key")
def _pgp(c: Candidate) -> Verdict | None:
    inner = c.secret.split("-----", 2)[-1]
    lines = [ln for ln in keys._unescape(inner).split("\n") if ":" not in ln]
    return Verdict(detail="PGP private key block") if _b64_chars("".join(lines)) >= 200 else None


@validator("putty-key")
def _putty(c: Candidate) -> Verdict | None:
    m = re.search(r"Private-Lines:\s*(\d+)", c.secret)
    if not m or int(m.group(1)) == 0:
        return None
    enc = re.search(r"Encryption:\s*(\S+)", c.secret)
    algo = re.search(r"PuTTY-User-Key-File-\d+:\s*(\S+)", c.secret)
    kind = algo.group(1) if algo else "unknown"
    if enc and enc.group(1) != "none":
        return Verdict(level="warning", detail=f"encrypted PuTTY {kind} key", properties={"algorithm": kind})
    return Verdict(detail=f"PuTTY {kind} key", properties={"algorithm": kind})


@validator("ssh2-key")
def _ssh2(c: Candidate) -> Verdict | None:
    lines = [ln for ln in keys._unescape(c.secret).split("\n")[1:-1] if ":" not in ln and not ln.startswith(" ")]
    return Verdict(detail="SSH2 (ssh.com) private key") if _b64_chars("".join(lines)) >= MIN_KEY_BODY else None


# ----- values --------------------------------------------------------------------------------


@validator("random")
def _random(c: Candidate) -> Verdict | None:
    """Keep only values with the entropy of a random string of their length and alphabet."""
    return KEEP if looks_random(c.secret) else None


@validator("random-body")
def _random_body(c: Candidate) -> Verdict | None:
    """The same, on the regex's ``body`` group: the random part of a token with a fixed prefix or shape."""
    return KEEP if looks_random(c.groups.get("body") or "") else None


# example hosts of RFC 2606 (not localhost: a password to a local database is often the real one)
_EXAMPLE_HOSTS = re.compile(r"(?i)(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid)(?::\d+)?$")
_WEAK_WORDS = frozenset({"password", "passwd", "pass", "pwd", "secret", "user", "username", "test", "foo", "bar",
                         "changeme", "admin", "root", "guest", "demo", "token", "xxx", "dbpass", "mypassword"})


@validator("url-credentials")
def _url_credentials(c: Candidate) -> Verdict | None:
    user, host = c.groups.get("user") or "", c.groups.get("host") or ""
    pw = c.secret
    text = c.ctx.source.text
    scheme_start = text.rfind("://", 0, c.start - len(user))
    if scheme_start < 1 or not text[scheme_start - 1].isalpha():
        return None  # "://" after a digit or a symbol: not a URL scheme
    if _placeholder_pair(user, pw) or _EXAMPLE_HOSTS.search(host):
        return None
    return KEEP


def _placeholder_pair(user: str, pw: str) -> bool:
    """``user:password``, ``admin:admin``, ``$USER:$TOKEN``, ``<user>:<pass>``: not a real pair."""
    return (pw.lower() in _WEAK_WORDS or pw == user or filters.is_placeholder(pw) or filters.is_placeholder(user)
            or pw.startswith(("$", "%", "{")))


@validator("user-password")
def _user_password(c: Candidate) -> Verdict | None:
    """``curl -u user:password``: the same placeholders as in URLs."""
    return None if _placeholder_pair(c.groups.get("user") or "", c.secret) else KEEP


@validator("basic-auth")
def _basic_auth(c: Candidate) -> Verdict | None:
    try:
        decoded = base64.b64decode(c.secret + "=" * (-len(c.secret) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    _user, sep, pw = decoded.partition(":")
    if not sep or not pw or pw.lower() in _WEAK_WORDS or filters.is_placeholder(decoded):
        return None
    return KEEP


@validator("bearer")
def _bearer(c: Candidate) -> Verdict | None:
    if filters.not_a_secret_value(c.secret) in ("placeholder", "environment lookup", "identifier"):
        return None
    return KEEP if looks_random(c.secret, slack=0.3) else None


# ----- generic assignments -------------------------------------------------------------------

def in_string_literal(ctx: FileContext, start: int, end: int, key_start: int = -1) -> bool | None:
    """Whether [start, end) is the text of a string literal holding a value; None when the tree cannot
    tell (scanner.checks.secrets.treesitter_kv: interpolations, concatenations with code)."""
    return treesitter_kv.in_value_literal(ctx, start, end, key_start)


_NAME_TAIL = re.compile(r"[\w.$@-]{0,60}$")


def full_name(c: Candidate) -> str:
    """The whole key name: the regex matched it from its secret word on (``..._SECRET``)."""
    name = c.groups.get("name") or ""
    if c.match_start <= 0:
        return name
    text = c.ctx.source.text
    head = _NAME_TAIL.search(text, max(0, c.match_start - 60), c.match_start)
    return (head.group() if head else "") + name


# a version tag before a hex token (GitHub App installation tokens were "v1." and 40 hex digits):
# the token is the hex part, not an attribute chain
_VERSIONED_HEX = re.compile(r"^v\d{1,2}\.(?=[0-9a-f]{32,}$)")


@validator("generic-secret")
def _generic(c: Candidate) -> Verdict | None:
    value, name = _VERSIONED_HEX.sub("", c.secret), full_name(c)
    if filters.is_lockfile(c.ctx.source.path):
        return None
    if filters.not_a_secret_value(value, name) or is_unsigned_jwt(value):
        return None
    if not looks_random(value) and not (filters.is_uuid(value) and filters.names_the_secret(name)):
        return None  # a UUID is random, but its dashes and hex digits fail the base64 entropy floor
    if filters.names_a_property(name):
        return None  # secret_type, token_url, password_field: something about a secret
    # a commented-out value is kept when it has a key's strength (a made-up example in a comment is shorter)
    if not placed_like_a_value(c, quotes_in_code=False, commented_out=strength_bits(value) >= KEY_BITS):
        return None
    where = path_context(c.ctx.source.path)
    why = _sample_setting(c, where, filters.looks_human_chosen(value)) if where != "production" else None
    if why:
        return Verdict(detail=why, made_up=True)
    # superS3cret in a test or a doc, MASKED_TEST_SECRET in a test: sample data (as for SEC091);
    # so is a value too short to be an issued key (under 80 bits: keyboard-typed fixtures)
    if where != "production" and (filters.looks_human_chosen(value) or strength_bits(value) < SAMPLE_BITS
                                  or (where == "test" and filters.says_test(name))):
        return SAMPLE
    return KEEP


# ----- passwords -----------------------------------------------------------------------------

# Languages without a grammar here: their values must be quoted (an unquoted word is code).
_CODE_SUFFIXES = frozenset({
    ".cs", ".php", ".rb", ".kt", ".kts", ".scala", ".groovy", ".gradle", ".swift", ".rs", ".c", ".h", ".cc",
    ".cpp", ".hpp", ".cxx", ".m", ".mm", ".dart", ".lua", ".pl", ".pm", ".r", ".ex", ".exs", ".erl", ".hs",
    ".clj", ".fs", ".vb", ".ps1", ".psm1", ".sbt", ".coffee", ".vue", ".svelte", ".jsp", ".erb",
})
# Prose: a value after "password:" is only taken when it is quoted or assigned with "=".
_PROSE_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".txt", ".adoc", ".asciidoc", ".html", ".htm", ""})


_PROSE_LIST = re.compile(r",[ \t]+[A-Za-z]+(?:,|[ \t]+[a-z])")
_STYLE_SUFFIXES = frozenset({".css", ".scss", ".sass", ".less", ".styl"})  # input[type=password]:focus
_LOCALE_PATH = re.compile(r"(?i)(?:^|/)(?:locales?|i18n|l10n|lang|translations?)/")


def _suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1].lower()
    return "." + name.rsplit(".", 1)[-1] if "." in name.lstrip(".") else ""


def _query_parameter(c: Candidate) -> bool:
    """``...?refreshToken=<value>&...``: a parameter of a query string (inside a URL literal)."""
    if (c.groups.get("op") or "") != "=":
        return False
    start = c.match_start - len(full_name(c)) + len(c.groups.get("name") or "")
    return c.ctx.source.text[start - 1: start] in ("?", "&")


def placed_like_a_value(c: Candidate, quotes_in_code: bool, commented_out: bool = False) -> bool:
    """Whether the candidate sits where a value is written: in code, inside a string literal
    (quoted, when ``quotes_in_code``), or, when ``commented_out``, quoted in a comment (a line of
    code commented out still holds its value); in languages without a grammar here, quoted; in
    prose, quoted or after ``=``; unquoted, not followed by more words (``password: Repeat it``)."""
    path = c.ctx.source.path
    suffix = _suffix(path)
    quoted = bool(c.groups.get("q"))
    if _LOCALE_PATH.search(path) or suffix in _STYLE_SUFFIXES:
        return False  # translations ("password: Senha") and selectors (input[type=password]:focus)
    # None: no grammar, or the tree cannot say (a syntax error there, HTML around PHP)
    in_literal = in_string_literal(c.ctx, c.start, c.end, c.match_start) if c.ctx.source.language else None
    if in_literal and _unpacked_to_another(c):
        return False  # `user, pwd = "u", "p"`: "u" is the user's, the regex paired it with the wrong name
    if in_literal is not None:
        if not in_literal and commented_out and quoted and treesitter_kv.in_comment(c.ctx, c.start, c.end):
            return True  # `// clientSecret = "..."`: the value of a line commented out
        if (quotes_in_code and not quoted) or not in_literal:
            return False  # code, but not a string literal: a variable, a call, a comment, a docstring
    elif (suffix in _CODE_SUFFIXES or c.ctx.source.language) and not quoted and not _query_parameter(c):
        return False  # code that the tree cannot read (a syntax error there): its values are quoted
    elif (suffix in _PROSE_SUFFIXES and not quoted and (c.groups.get("op") or "") != "="
          and filters.too_plain(c.secret)):
        return False  # "Password: the one you chose"; a random-looking value after ":" still counts
    if not quoted:
        text = c.ctx.source.text
        eol = text.find("\n", c.end)
        rest = text[c.end: eol if eol != -1 else len(text)].strip()
        if rest and (rest[0].isalnum() or rest[0] in "\"'") and text[c.start - 1: c.start].isspace():
            return False  # "password: Repeat it", "pw = ask 'Password?'": prose or a command
        if _PROSE_LIST.match(rest):
            return False  # "a secret: token, password, nonce": a list in prose
    return True


def _unpacked_to_another(c: Candidate) -> bool:
    target = treesitter_kv.unpacked_to(c.ctx, c.start, c.end)
    name = filters.squash(c.groups.get("name") or "")
    return target is not None and not (name and filters.squash(target).endswith(name))


_COMPARISONS = frozenset({"==", "===", "!=", "!=="})


def _password_verdict(c: Candidate) -> Verdict | None:
    """A password placed like a value: kept, or made up when a test, doc or example makes its account."""
    if not placed_like_a_value(c, quotes_in_code=True):
        return None
    if (c.groups.get("op") or "") in _COMPARISONS and not c.groups.get("q"):
        return None  # "password1 != password2": a comparison with a bare word compares code
    where = path_context(c.ctx.source.path)
    if where != "production":
        if (c.groups.get("op") or "").startswith(","):  # fill_in "Password", with: "...": a test types it in
            return Verdict(detail="form input a test types in (fill_in)", made_up=True)
        why = filters.made_up_account(c.ctx.source.text, c.start, c.end) or _sample_setting(c, where, True)
        if why:
            return Verdict(detail=why, made_up=True)
    return KEEP


def _sample_setting(c: Candidate, where: str, chosen: bool) -> str | None:
    """Why a value of a test, doc or example exists only for that code (``where`` is not production):
    scaffolding of a test, or, in a doc, a password a person chose (``chosen``) for the account
    that the example names."""
    text = c.ctx.source.text
    why = filters.test_scaffolding(text, c.start, c.end)
    if not why and where == "docs" and chosen and filters.documented_account(text, c.start, c.end):
        why = "an example configuration of an account in the docs"
    return why


# a passphrase: two to five lower-case words (leet digits and symbols inside them), not a sentence
_PASSPHRASE = re.compile(r"^[a-z0-9!@#$%^&*+_-]{2,24}(?: [a-z0-9!@#$%^&*+_-]{2,24}){1,4}$")
_SENTENCE_WORDS = frozenset({
    "a", "an", "the", "is", "are", "be", "been", "was", "to", "of", "in", "on", "at", "for", "with", "by", "from",
    "and", "or", "not", "no", "must", "can", "cannot", "should", "will", "may", "your", "you", "my", "our", "this",
    "that", "it", "its", "if", "as", "too", "enter", "new", "old", "invalid", "incorrect", "wrong", "required",
    "missing", "empty", "blank", "match", "matches", "confirm", "repeat", "here", "please", "set", "use", "see",
})


def passphrase_like(value: str) -> bool:
    """``correct horse battery staple``: words a person chose; not a message (``is too short``)."""
    words = value.split(" ")
    return bool(_PASSPHRASE.match(value)) and not any(w.strip("!.?,:") in _SENTENCE_WORDS for w in words) \
        and not any(filters.not_a_password(w, "password") for w in words if len(w) >= 3)


@validator("password")
def _password(c: Candidate) -> Verdict | None:
    if filters.is_lockfile(c.ctx.source.path) or filters.not_a_password(c.secret, full_name(c)):
        return None
    if " " in c.secret and not passphrase_like(c.secret):
        return None
    return _password_verdict(c)


# ----- Django ----------------------------------------------------------------------------------

DJANGO_INSECURE = "django-insecure-"


@validator("django-secret-key")
def _django_secret_key(c: Candidate) -> Verdict | None:
    value = c.secret
    if filters.is_placeholder(value.removeprefix(DJANGO_INSECURE)) or filters.is_env_lookup(value):
        return None
    if value.startswith(DJANGO_INSECURE):
        return Verdict(detail="the development key `startproject` writes (django-insecure-): replace it before "
                              "deploying", properties={"insecureDefault": True})
    if filters.is_identifier(value) or filters.says_what_it_is(value) or not looks_random(value, slack=0.3):
        return None
    return KEEP


# ----- JSON Web Keys ---------------------------------------------------------------------------

_KTY = re.compile(r"""["']?kty["']?\s*:\s*["'](?P<kty>[A-Za-z]+)["']""")


@validator("jwk")
def _jwk(c: Candidate) -> Verdict | None:
    """``d`` (RSA/EC/OKP) or ``k`` (oct) in the same flat object as ``kty``."""
    text = c.ctx.source.text
    start = text.rfind("{", max(0, c.start - 4000), c.start)
    end = text.find("}", c.end, c.end + 4000)
    if start == -1 or end == -1 or "{" in text[start + 1:c.start] or "{" in text[c.end:end]:
        return None
    kty = _KTY.search(text, start, end)
    if kty is None or filters.is_placeholder(c.secret):
        return None
    kind = kty.group("kty")
    member = c.groups.get("member")
    if (member == "k") != (kind == "oct") or kind not in ("RSA", "EC", "OKP", "oct"):
        return None
    return Verdict(detail=f"{kind} JSON Web Key with its private member '{member}'", properties={"kty": kind})


@validator("password-argument")
def _password_argument(c: Candidate) -> Verdict | None:
    if filters.is_lockfile(c.ctx.source.path) or filters.not_a_password(c.secret, "password"):
        return None
    return _password_verdict(c)


# ----- keys under their own names ---------------------------------------------------------------

# keys of data structures and public halves: not secrets, whatever their value looks like
_NOT_A_SECRET_KEY = re.compile(
    r"(?i)(?:public|pub|cache|sort|primary|foreign|row|partition|idempotency|storage|object|bucket|s3|i18n|"
    r"l10n|translation|lookup|dict|map|hash|hot|short_?cut|react|vue|element|item|field|column|index|"
    r"unique|natural|composite|surrogate|query|group|session|property|setting|option|config|header|param|key)"
    r"[_.-]?keys?$")


@validator("key-named-secret")
def _key_named(c: Candidate) -> Verdict | None:
    name = full_name(c)
    if _NOT_A_SECRET_KEY.search(name) or filters.is_uuid(c.secret) or strength_bits(c.secret) < KEY_BITS:
        return None
    if not any(ch.isdigit() for ch in c.secret):
        return None  # `StripeSdk_includeOnramp`: words; 22 random base62 characters hold a digit 98% of the time
    return _generic(c)


# ----- Grafana ---------------------------------------------------------------------------------

def _b64_json(text: str) -> dict | None:
    try:
        data = json.loads(base64.b64decode(text + "=" * (-len(text) % 4), validate=True))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


@validator("grafana-json-key")
def _grafana_json_key(c: Candidate) -> Verdict | None:
    """Grafana API keys and Grafana Cloud tokens: base64 JSON with the token's name and key."""
    data = _b64_json(c.secret)
    if not data or not isinstance(data.get("k"), str) or "n" not in data or filters.is_placeholder(data["k"]):
        return None
    return KEEP if looks_random(data["k"], slack=0.3) else None


@validator("openai-key")
def _openai_key(c: Candidate) -> Verdict | None:
    """Project keys: their random body; older keys: the parts around ``T3BlbkFJ``."""
    body = c.groups.get("body") or c.secret.removeprefix("sk-").replace("T3BlbkFJ", "")
    return KEEP if looks_random(body) else None


# ----- passwords in commands (SQL statements, command-line options) ----------------------------

# stored hashes an SQL statement may carry instead of a password: MySQL's *<40 hex>, PostgreSQL's
# md5<32 hex> and SCRAM verifiers
_SQL_HASH = re.compile(r"^(?:\*[0-9A-Fa-f]{40}|md5[0-9a-f]{32}|SCRAM-SHA-\d+\$\S+)$")


@validator("sql-password")
def _sql_password(c: Candidate) -> Verdict | None:
    value = c.secret
    if _SQL_HASH.match(value) or value[0] in ":?@" or filters.not_a_password(value, "password"):
        return None  # a hash, a bind parameter (:pw, ?, @pw), a placeholder
    return _password_verdict(c)


_PROSE_WORD = re.compile(r"^[a-z]+$")


@validator("command-line-password")
def _command_line_password(c: Candidate) -> Verdict | None:
    """A command line is a value wherever it is written (a script, a doc, a usage example in a
    comment); a bare lower-case word after the option is a sentence's (``the --password option``)."""
    value = c.secret
    if filters.is_lockfile(c.ctx.source.path) or value[0] in "-=:" or filters.not_a_password(value, "password"):
        return None
    if not c.groups.get("q") and _PROSE_WORD.match(value):
        return None
    return KEEP
