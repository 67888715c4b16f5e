"""False-positive filters: small pure functions, each answering one question about a candidate.

Each takes the candidate value (and sometimes the name it is assigned to or the file's path) and
returns True when the candidate is NOT a secret. The engine applies :func:`is_placeholder` to
every pattern's secret; the generic rule applies the rest through :func:`not_a_secret_value`.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# Documented examples: AWS's AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY,
# Stripe's docs keys, "your-token-here" and friends.
_PLACEHOLDER_WORDS = re.compile(
    r"""EXAMPLE|example[_-]?(?:key|token|secret)|(?:^|[^a-z])your[_\s-]|changeme|change[_-]me|
        placeholder|redacted|replace[_-]?me|insert[_-]|dummy|<[^<>\s]{1,60}>|
        \$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|%\([^)]*\)s|\#\{[^}]*\}|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$|
        \{[A-Za-z_][\w.]*[}(\[:!]|\{\d*\}|%[sdr](?![A-Za-z0-9])""",  # format fields: {x}, {x.y(, {0}, %s
    re.VERBOSE,
)
_REPEATS = re.compile(r"(.)\1{5,}|xxxx|XXXX|\*\*\*|\.\.\.")
_ENV_LOOKUP = re.compile(
    r"""os\.environ|os\.getenv|getenv\(|process\.env|ENV\[|System\.getenv|env\(|Environment\.|
        secrets\.|vault:|!vault|\bsecretKeyRef\b|valueFrom""",
    re.VERBOSE,
)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_SRI = re.compile(r"^(?:sha(?:1|256|384|512)|md5)[-:]", re.IGNORECASE)
_HASH_NAME = re.compile(r"(?i)hash|digest|sha(?:\d+|sum)?(?![a-z])|md5|checksum|fingerprint|commit|revision|\brev\b|etag|integrity|nonce_?len|_id$|public")
# words joined by separators (snake, kebab, dotted, SCREAMING, Title-Case) or camelCase, maybe
# with a version digit: names and labels, not random values
_IDENTIFIER = re.compile(
    r"^(?:(?:[A-Z]?[a-z]+|[A-Z]+)\d{0,2}(?:[_.\-](?:[A-Z]?[a-z]+|[A-Z]+)\d{0,2})*[_.-]?"
    r"|[a-z]+(?:[A-Z][a-z]+)+\d{0,2}|[A-Z][a-z]+(?:[A-Z][a-z]+)+\d{0,2})$"
)
# Password hashes in the formats of Django, passlib and crypt(3): stored hashes, not secrets.
_PASSWORD_HASH = re.compile(r"^(?:(?:pbkdf2_sha\d+|argon2|bcrypt(?:_sha256)?|scrypt|sha1|md5|crypt)\$|\$(?:2[abxy]?|5|6|argon2\w*|scrypt|pbkdf2[\w-]*)\$)")
_SECRET_WORDS = re.compile(r"(?i)passw|secret|token|api_?key|example|sample|dummy|insecure|test")
_TEST_NAME = re.compile(r"(?i)test|mock|dummy|fake|example|sample")
_PUBLIC_KEY = re.compile(r"^(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-\S+|sk-ssh-\S+)\b|PUBLIC KEY")
_PATH_OR_URL = re.compile(r"^(?:/|\./|\.\./|~/|[A-Za-z]:\\|https?://[^:@/]+(?:/|$))")

LOCKFILES = frozenset({
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "Pipfile.lock",
    "uv.lock", "pdm.lock", "Cargo.lock", "go.sum", "composer.lock", "Gemfile.lock", "packages.lock.json",
    "gradle.lockfile", "flake.lock", "bun.lock", "mix.lock", "pubspec.lock", "Podfile.lock",
})


def is_placeholder(value: str) -> bool:
    """Documented examples, template variables and filler (``xxxx``, ``<token>``, ``${VAR}``)."""
    return bool(_PLACEHOLDER_WORDS.search(value) or _REPEATS.search(value))


def is_env_lookup(value: str) -> bool:
    """The value is read from the environment or a secret store, not written down."""
    return bool(_ENV_LOOKUP.search(value))


def is_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


def is_hex_digest(value: str, name: str = "") -> bool:
    """A hex digest or git SHA: an exact digest length, or any hex under a hash-like name."""
    if not _HEX.match(value):
        return False
    return len(value) in (7, 12, 40) or bool(name and _HASH_NAME.search(name))


def is_sri(value: str) -> bool:
    """Subresource integrity and similar ``sha512-...`` values."""
    return bool(_SRI.match(value))


def is_data_uri(value: str) -> bool:
    return value.startswith("data:")


def is_public_key(value: str) -> bool:
    return bool(_PUBLIC_KEY.search(value))


def is_identifier(value: str) -> bool:
    """Words (``my_secret_key``, ``DB_PASSWORD``, ``getToken``) name a secret, they are not one."""
    return bool(_IDENTIFIER.match(value))


def is_password_hash(value: str) -> bool:
    return bool(_PASSWORD_HASH.match(value))


def says_what_it_is(value: str) -> bool:
    """A value that contains a word like ``password`` or ``token`` names itself: a label."""
    return bool(_SECRET_WORDS.search(value))


def is_test_name(name: str) -> bool:
    """``TEST_SECRET``, ``mock_token``: values meant to be fake."""
    return bool(_TEST_NAME.search(name))


def too_plain(value: str) -> bool:
    """Digits only, or a short value with fewer than three kinds of character."""
    if value.isdigit():
        return True
    kinds = sum((any(c.islower() for c in value), any(c.isupper() for c in value),
                 any(c.isdigit() for c in value), any(not c.isalnum() for c in value)))
    return len(value) < 16 and kinds < 3


_CODE = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(|\[)|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$")


def is_code(value: str) -> bool:
    """A call, subscript or attribute chain (``rand.Text()``, ``settings.API_KEY``): code, not a value."""
    return bool(_CODE.match(value))


def is_path_or_url(value: str) -> bool:
    return bool(_PATH_OR_URL.match(value))


def is_lockfile(path: str) -> bool:
    return PurePosixPath(path).name in LOCKFILES


def is_hash_name(name: str) -> bool:
    """Names such as ``token_hash`` or ``password_sha256`` hold digests, not secrets."""
    return bool(_HASH_NAME.search(name))


def not_a_secret_value(value: str, name: str = "") -> str | None:
    """The reason a generic candidate is not a secret, or None when it may be one."""
    checks = (
        (is_placeholder(value), "placeholder"),
        (is_env_lookup(value), "environment lookup"),
        (is_uuid(value), "UUID"),
        (is_hex_digest(value, name), "hex digest"),
        (is_sri(value), "integrity hash"),
        (is_data_uri(value), "data URI"),
        (is_public_key(value), "public key"),
        (is_identifier(value), "identifier"),
        (is_code(value), "code"),
        (is_path_or_url(value), "path or URL"),
        (bool(name) and is_hash_name(name), "hash-like name"),
        (bool(name) and is_test_name(name), "test fixture name"),
        (is_password_hash(value), "password hash"),
        (says_what_it_is(value), "label"),
        (too_plain(value), "too plain"),
    )
    return next((why for hit, why in checks if hit), None)


# The part of a password-like name after its password word: these hold something about a
# password (a rule, a field, a label, a hash), not the password itself.
_NOT_A_PASSWORD_NAME = re.compile(
    r"""(?ix)(?:hash|digest|salt|sha\d*(?![a-z])|md5|bcrypt|crypt(?:ed)?(?![a-z])|enc(?:rypted)?(?![a-z])|len(?:gth)?|size|min|max|count|
        field|label|text|title|hint|prompt|message|msg|error|placeholder|input|selector|locator|xpath|css|column|col(?![a-z])|
        policy|polic|rule|regex|pattern|strength|complexity|format|valid|require|
        file|path|dir|url|uri|endpoint|route|link|page|form|view|template|reset|forgot|change|update|expir|age|
        type|kind|mode|env|var(?![a-z])|name|key_?name|param|attr|prop|flag|enabled|enable|disable|allow|
        auth_?method|method|command|cmd|prompt|char|mask|visible|show|toggle|timeout|retry|retries|
        _id(?![a-z])|store|manager|provider|callback|handler|function|func|fetch|commit|repo|version|branch|within)""")
# anywhere in the name: the value is derived from a password, or is about resetting one
_DERIVED_NAME = re.compile(r"(?i)hash|digest|salt|crypt|reset|forgot|expir|within|locale|i18n|translation")
_NAMEISH_WORDS = frozenset({
    "password", "passwd", "pass", "pwd", "passphrase", "secret", "none", "null", "nil", "true", "false",
    "undefined", "empty", "string", "str", "text", "required", "optional", "yes", "no", "on", "off", "self",
    "this", "value", "default", "unknown", "hidden", "your", "new", "old", "current", "confirm", "function",
    "object", "number", "boolean", "login", "user", "username", "foo", "bar", "baz", "qux", "test", "example",
})
_SEPARATED_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+$")
_PW_WORDS = re.compile(r"(?i)passw|passwd|pwd|pass(?![a-z])|secret|token|_key|key_|credential")


# "password1", "secret123": what docs and tutorials write where a password goes
_DOC_PASSWORD = re.compile(r"(?i)^(?:password|passwd|pass|pwd|secret|test|admin|user|pass_?word)[_-]?\d{0,4}$")


def _squash(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


def not_a_password(value: str, name: str) -> str | None:
    """The reason a password candidate is not one, or None when it may be one."""
    head = re.search(r"(?i)(?:passw(?:or)?d|passphrase|pwd|pass)", name)
    tail = name[head.end():] if head else name
    checks = (
        (len(value) < 3, "too short"),
        (bool(_NOT_A_PASSWORD_NAME.search(tail)), "name of a password's property"),
        (bool(_DERIVED_NAME.search(name)), "derived from a password"),
        (len(set(value)) <= 2, "filler"),
        (_squash(value) in _squash(name), "the name itself"),
        (bool(_DOC_PASSWORD.match(value)), "a documentation placeholder"),
        (value[0] in "$<{%[(", "template or expression"),
        (is_placeholder(value), "placeholder"),
        (is_env_lookup(value), "environment lookup"),
        (value.lower().strip("!?.:") in _NAMEISH_WORDS, "a word, not a password"),
        (is_code(value), "code"),
        (is_path_or_url(value), "path or URL"),
        (is_password_hash(value), "password hash"),
        (bool(_SEPARATED_NAME.match(value)) and bool(_PW_WORDS.search(value)), "name of another setting"),
        (value.isupper() and "_" in value, "constant name"),
        (value.startswith(("$", "@", "#{", "%", "&", "*")) and value[1:2].isalpha(), "variable"),
        (value in ("String", "string", "str", "Int", "char", "bool"), "type"),
        (is_data_uri(value), "data URI"),
    )
    return next((why for hit, why in checks if hit), None)
