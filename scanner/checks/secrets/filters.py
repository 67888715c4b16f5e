"""False-positive filters: small pure functions, each answering one question about a candidate.

Each takes the candidate value (and sometimes the name it is assigned to or the file's path) and
returns True when the candidate is NOT a secret. The engine applies :func:`is_placeholder` to
every pattern's secret; the generic rule applies the rest through :func:`not_a_secret_value`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

# Documented examples: AWS's AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY,
# Stripe's docs keys, "your-token-here" and friends.
_PLACEHOLDER_WORDS = re.compile(
    r"""EXAMPLE|example[_-]?(?:key|token|secret)|(?:^|[^a-z])your[_\s-]|changeme|change[_-]me|
        placeholder|redacted|replace[_-]?me|insert[_-]|dummy|<[^<>\s]{1,60}>|
        \$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|%\([^)]*\)s|\#\{[^}]*\}|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$|
        \{[A-Za-z_][\w.]*[}(\[:!]|\{\d*\}|%[sdr](?![A-Za-z0-9])|  # format fields: {x}, {x.y(, {0}, %s
        ^(?:\#\{|\$\{|\{\{)""",  # an interpolation the value was cut inside: #{Shellwords.escape ...}
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
    r"^(?:(?:[A-Z]?[a-z]+|[A-Z]+)\d{0,2}(?:[_.\-](?:[A-Z]?[a-z]+|[A-Z]+)\d{0,2})*(?:[_.-]\d{1,2})?[_.-]?"
    r"|[a-z]+(?:[A-Z][a-z]+)+\d{0,2}|[A-Z][a-z]+(?:[A-Z][a-z]+)+\d{0,2})$"
)
# Password hashes in the formats of Django, passlib and crypt(3): stored hashes, not secrets.
_PASSWORD_HASH = re.compile(r"^(?:(?:pbkdf2_sha\d+|argon2|bcrypt(?:_sha256)?|scrypt|sha1|md5|crypt)\$|\$(?:2[abxy]?|5|6|argon2\w*|scrypt|pbkdf2[\w-]*)\$)")
_SECRET_WORDS = re.compile(r"(?i)passw|secret|token|api_?key|example|sample|dummy|insecure|test")
_TEST_NAME = re.compile(r"(?i)mock|dummy|fake|example|sample")
_PUBLIC_KEY = re.compile(r"^(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-\S+|sk-ssh-\S+)\b|PUBLIC KEY")
_PATH_OR_URL = re.compile(r"^(?:/|\./|\.\./|~/|[A-Za-z]:\\|https?://[^:@/]+(?:/|$))"
                          r"|^[\w./-]+\.(?:md|markdown|rst|html?|adoc|txt)(?:#\S*)?$")  # a link to a page: docs.md#anchor

LOCKFILES = frozenset({
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "Pipfile.lock",
    "uv.lock", "pdm.lock", "Cargo.lock", "go.sum", "composer.lock", "Gemfile.lock", "packages.lock.json",
    "gradle.lockfile", "flake.lock", "bun.lock", "mix.lock", "pubspec.lock", "Podfile.lock",
})


# Values published as examples in vendor documentation and RFCs: everyone knows them, so they
# grant nothing, and users suppress them at once (gitleaks and detect-secrets allow-list the same
# kind of value). They are not reported, by any rule. Stored as SHA-256 so that this file does
# not itself hold secret-looking text.
PUBLIC_SAMPLES = frozenset({
    "1a5d44a2dca19669d72edf4c4f1c27c4c1ca4b4408fbb17f6ce4ad452d78ddb3",  # AWS docs access key id
    "78314b11be2e581549ac1c4f616563fad3fdf0c3b71678f6e2299182080e0598",  # AWS docs secret access key
    "7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606",  # jwt.io's default token (HS256)
    "f7d838701b86c5dfb57bf95fbc5ce6df204cfc9f15ad6cdb39fd22f8776e47b6",  # jwt.io's default HS256 secret
    "a3a9e1ed9732cab28868127be00f1ce921acaefdd5c3b23a6e9e0072bd9c1a34",  # the UUID of RFC 4122 texts, Wikipedia
    "30a5154b77ab8b2ddbe19f5e7af72f33cc2a4a41f22940d965102650a1c72863",  # the UUID of RFC 4122 section 4.1
    "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",  # Stripe docs' test secret key
    "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",  # Stripe docs' publishable test key
    "a35b81a7d7927b70ec99270dd2362b88580a28574af812f2c02f56469579186f",  # RFC 6749 4.1.3 authorization code
    "6c96130f130ab0d6d158397e24d2bcc1c9a5e73ae081f6e983f1c7b545d24a4c",  # RFC 6749 access token
    "00cf4c781dc37003f7c7dd7d4c9a6ef1e0f4c62d9a291aa8bc398774e3fefd32",  # RFC 6749 refresh token
    "53f5da0aaa93d64cd5772c554cbf940f0539e689dddbeb8f923eec3f72c02ea9",  # RFC 6749 client secret
    "cf4d418ed3de92d71f767db5391d5a2dacd40e1ce49e75d1137e2ecf4982d844",  # RFC 7617 Basic credentials
    # the example JSON Web Keys of RFC 7520 (JOSE cookbook) and RFC 8037, which JOSE libraries test with
    "92a7d7ea52e43e7051a891902253e914208d166249aa7cda741739912c59de61",  # RFC 7520 3.4 RSA key, "d"
    "243cd6766dfc55feb19c57a662e8e712c0a37e6c44a00467255e0b4ac21182b7",  # RFC 7520 3.2 EC P-521 key, "d"
    "0330b11998cbc9abd5a585e755cb5df2f73f1a5632fdcc2abb19e05e3eceddb9",  # RFC 7520 3.5 symmetric key, "k"
    "190edf59d5736c3b3ea6bb36d57f5eb415a9b79f3201b381b8f3cb089135981f",  # RFC 8037 A.1 Ed25519 key, "d"
})


def is_public_sample(value: str) -> bool:
    """A value published as an example by a vendor's docs or an RFC (see PUBLIC_SAMPLES)."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest() in PUBLIC_SAMPLES


def is_placeholder(value: str) -> bool:
    """Documented examples, template variables and filler (``xxxx``, ``<token>``, ``${VAR}``)."""
    return bool(_PLACEHOLDER_WORDS.search(value) or _REPEATS.search(value))


def is_env_lookup(value: str) -> bool:
    """The value is read from the environment or a secret store, not written down."""
    return bool(_ENV_LOOKUP.search(value))


def is_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


# Names that say "this is the secret itself": a 40-hex value or a UUID under them is a secret
# (GitHub OAuth client secrets are 40 hex digits; many API keys are UUIDs).
_STRONG_SECRET_NAME = re.compile(r"(?i)secret|token|api[_.-]?key|apikey|passw|auth[_.-]?key|access[_.-]?key|private[_.-]?key"
                                 r"|(?:auth|device)[_.-]?code")
_ID_NAME = re.compile(r"(?i)(?:_|\b|[a-z])(?:id|uuid|guid)s?$|request|correlation|trace|session_?id|tenant|resource|client_?id|app_?id")


def names_the_secret(name: str) -> bool:
    """``client_secret``, ``REFRESH_TOKEN``, ``apiKey``: not ``token_id`` or ``request_token_uuid``."""
    return bool(name and _STRONG_SECRET_NAME.search(name) and not _ID_NAME.search(name)
                and not _HASH_NAME.search(name))


def is_hex_digest(value: str, name: str = "") -> bool:
    """A hex digest or git SHA: an exact digest length (unless the name says it is a secret), or
    any hex under a hash-like name."""
    if not _HEX.match(value):
        return False
    return (len(value) in (7, 12, 40, 64) and not names_the_secret(name)) or bool(name and _HASH_NAME.search(name))


def is_sri(value: str) -> bool:
    """Subresource integrity and similar ``sha512-...`` values."""
    return bool(_SRI.match(value))


def is_data_uri(value: str) -> bool:
    return value.startswith("data:")


def is_public_key(value: str) -> bool:
    return bool(_PUBLIC_KEY.search(value))


def is_identifier(value: str) -> bool:
    """Words (``my_secret_key``, ``DB_PASSWORD``, ``getToken``) name a secret, they are not one;
    six consonants in a row (``gcperfxrtqym...``) are not words."""
    return bool(_IDENTIFIER.match(value)) and not _NOT_WORDS.search(value)


def is_password_hash(value: str) -> bool:
    return bool(_PASSWORD_HASH.match(value))


def says_what_it_is(value: str) -> bool:
    """A value that contains a word like ``password`` or ``token`` names itself: a label."""
    return bool(_SECRET_WORDS.search(value))


def is_test_name(name: str) -> bool:
    """``MOCK_TOKEN``, ``fake_secret``: values meant to be fake. (``TEST_SECRET`` is not: test
    credentials are often real ones; findings in tests carry ``context = "test"`` instead.)"""
    return bool(_TEST_NAME.search(name))


_NOT_WORDS = re.compile(r"(?i)[bcdfghjklmnpqrstvwxz]{6}")
_SAYS_TEST = re.compile(r"(?:^|(?<=[^A-Za-z]))(?:test|Test|TEST)(?![a-z])|(?<=[a-z0-9])Test(?![a-z])")


def says_test(name: str) -> bool:
    """``TEST_SECRET``, ``testToken``, ``MASKED_TEST_SECRET2``: not ``latest_token`` or ``contest``."""
    return bool(_SAYS_TEST.search(name))


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
        (is_uuid(value) and not names_the_secret(name), "UUID"),
        (is_hex_digest(value, name), "hex digest"),
        (is_sri(value), "integrity hash"),
        (is_data_uri(value), "data URI"),
        (is_public_key(value), "public key"),
        (is_identifier(value), "identifier"),
        (is_code(value), "code"),
        (is_path_or_url(value), "path or URL"),
        (bool(name) and is_hash_name(name), "hash-like name"),
        (bool(name) and is_test_name(name), "name of a fake value"),
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
        _id(?![a-z])|ref(?![a-z])|prefix|suffix|store|manager|provider|callback|handler|function|func|fetch|commit|repo|version|branch|within)""")
# anywhere in the name: the value is derived from a password, or is about resetting one
_DERIVED_NAME = re.compile(r"(?i)hash|digest|salt|crypt|sha\d|md5|reset|forgot|expir|within|locale|i18n|translation")
_NAMEISH_WORDS = frozenset({
    "password", "passwd", "pass", "pwd", "passphrase", "secret", "none", "null", "nil", "true", "false",
    "undefined", "empty", "string", "str", "text", "required", "optional", "yes", "no", "on", "off", "self",
    "this", "value", "default", "unknown", "hidden", "your", "new", "old", "current", "confirm", "function",
    "object", "number", "boolean", "login", "user", "username", "foo", "bar", "baz", "qux", "test", "example",
    "token", "key", "nonce", "salt", "session", "otp", "pin", "guest",
})
_SEPARATED_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+$")
_PW_WORDS = re.compile(r"(?i)passw|passwd|pwd|pass(?![a-z])|secret|token|_key|key_|credential")


# "password1", "secret123": what docs and tutorials write where a password goes
_DOC_PASSWORD = re.compile(r"(?i)^(?:password|passwd|pass|pwd|pass_?word|secret)[_-]?\d{0,4}$")


def names_a_property(name: str) -> bool:
    """The part of the name after its secret word names something about the secret."""
    head = _SECRET_HEAD.search(name)
    return bool(head and _NOT_A_PASSWORD_NAME.search(name[head.end():]))


_SECRET_HEAD = re.compile(r"(?i)passw(?:or)?d|passphrase|pwd|pass|secret|token|api[_.-]?key|apikey|credentials?|"
                          r"(?:access|auth|private|signing|encryption|master)[_.-]?key")
_SEQUENCE = "01234567890123456789"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# a provider key's prefix with a body far too short for a key (Stripe's keys are sk_test_ + 24 or more)
_STAND_IN_KEY = re.compile(r"^[a-z]{2,8}_(?:test|live)_[A-Za-z0-9]{0,8}$")
# "client-secret", "payment-intent-secret", "gitHubDevClientSecret": a name with a secret word
_LABEL_WITH_WORD = re.compile(r"(?:(?<=[_.-])|(?<=[a-z])(?=[A-Z]))(?i:secret|token|key)"
                              r"|(?i:secret|token|key)(?=[_.-]|[A-Z])")
# fillers, and anonymous FTP's conventional password
_FILLER_WORDS = frozenset({"foobar", "fake", "bazbat", "notasecret", "nosecret", "secretkey", "anonymous", "anonymous@"})


_METASYNTACTIC = re.compile(r"(?i)^(?:foo|bar|baz|qux|quux|foobar)\d{1,2}$")
# "newsecret", "oldsecret", "wrongpassword", "nopasswd": the value says its role in a test (a rotation,
# a wrong input, no password), a label rather than a password
_ROLE_VALUE = re.compile(r"(?i)^(?:new|old|not|no|wrong|bad|invalid|incorrect)[_-]?(?:password|passwd|pass|pwd|secret|key|token)\d?$")


def squash(s: str) -> str:
    """Lower case, letters and digits only: ``DB_Password`` -> ``dbpassword``."""
    return re.sub(r"[^a-z0-9]", "", s.lower())


# secret.data.foo: a member (two levels down, or one that is not the value) of an object named like
# a secret; the name of the value is its last part
_MEMBER_TAIL = re.compile(r"(?i)^(?:\.|->)(?!value$|val$)\w+(?:(?:\.|->)\w+)*$")


_RUN_PART = re.compile(r"[a-z]+|\d+|[^a-z\d]+")
_RUN_WORDS = frozenset({"password", "passwd", "pass", "pwd", "secret", "key", "token"})
# xkcd 936's example passphrase: the best-known sample password there is
_FAMOUS_SAMPLES = frozenset({"correcthorsebatterystaple"})


def made_of_runs(value: str) -> bool:
    """``abcdef1234``, ``56789secret``: runs of the alphabet or of the digits (three or more, at
    least one of each kind or two runs), maybe with the word secret: keyboard filler."""
    parts = _RUN_PART.findall(value.lower())
    runs = [p for p in parts if len(p) >= 3 and (p in _ALPHABET or p in _SEQUENCE)]
    words = [p for p in parts if p in _RUN_WORDS]
    return len(parts) >= 2 and len(runs) + len(words) == len(parts) and len(runs) >= 1 and len(words) <= 1


_REPEATED_PART = 4  # characters
_REPEATED_MIN_LEN = 12


def repeats_a_part(value: str) -> bool:
    """``passwordPASSWORDpassword``, ``1bcdefghij2bcdefghij3bcdefghij``: one part written three
    times or more (case aside), filler or a test vector; digits alone are left to the other checks."""
    v = value.lower()
    if len(v) < _REPEATED_MIN_LEN or v.isdigit():
        return False
    seen: dict[str, int] = {}  # part -> where it was last counted (counts do not overlap)
    counts: dict[str, int] = {}
    for i in range(len(v) - _REPEATED_PART + 1):
        part = v[i:i + _REPEATED_PART]
        if seen.get(part, -_REPEATED_PART) <= i - _REPEATED_PART:
            seen[part] = i
            counts[part] = counts.get(part, 0) + 1
            if counts[part] >= 3:
                return True
    return False


def not_a_password(value: str, name: str) -> str | None:
    """The reason a password candidate is not one, or None when it may be one."""
    head = _SECRET_HEAD.search(name)
    tail = name[head.end():] if head else name
    checks = (
        (len(value) < 3, "too short"),
        (bool(_NOT_A_PASSWORD_NAME.search(tail)), "name of a password's property"),
        (bool(_DERIVED_NAME.search(name)), "derived from a password"),
        (bool(_MEMBER_TAIL.match(tail)) and not _PW_WORDS.search(tail), "a member of an object named like a secret"),
        (len(set(value)) <= 2, "filler"),
        (value.isalpha() and value[0].isupper() and value[1:].islower(), "a title (\"Secrets\", \"Password\")"),
        (squash(value) in squash(name), "the name itself"),
        (value.isdigit() and value in _SEQUENCE, "a digit sequence"),
        (value.isalpha() and value.lower() in _ALPHABET, "a run of the alphabet (filler)"),
        (value.isalpha() and value.isupper(), "a word in capitals: a constant (EXIT, BOTH)"),
        (bool(_STAND_IN_KEY.match(value)), "a stand-in for a test-mode key (ek_test_123)"),
        (bool(_LABEL_WITH_WORD.search(value)), "a label"),
        (bool(_DOC_PASSWORD.match(value)), "a documentation placeholder"),
        (value[0] in "$<{%[(", "template or expression"),
        (is_placeholder(value), "placeholder"),
        (is_env_lookup(value), "environment lookup"),
        (value.lower().strip("!?.:") in _NAMEISH_WORDS | _FILLER_WORDS, "a word, not a password"),
        (bool(_METASYNTACTIC.match(value)), "a metasyntactic word with a counter (foo1, bar2)"),
        (bool(_ROLE_VALUE.match(value)), "a label of the value's role (newsecret, wrongpassword)"),
        (made_of_runs(value), "runs of the alphabet or the digits (abcdef1234): filler"),
        (repeats_a_part(value), "one part written three times (passwordPASSWORDpassword): filler"),
        (squash(value) in _FAMOUS_SAMPLES, "a famous published sample password (xkcd 936)"),
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


# Human-chosen values: words a person can say (leet digits read as letters), few case changes
# (camelCase at word starts), few digits. Random keys of 24 characters or fewer switch case and
# mix digits far more often, and their letters are a fifth vowels, not a third.
_LEET = str.maketrans("013457@$", "oieastas")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{4,}")
_CASE_SWITCH = re.compile(r"(?=[a-z][A-Z]|[A-Z][a-z])")  # overlapping: every switch counts


def looks_human_chosen(value: str) -> bool:
    """``superS3cret``, ``veryPriv@ate``, ``LET_ME_IN-1``: a value a person made up, not a key."""
    if len(value) > 24 or sum(ch.isdigit() for ch in value) > max(2, len(value) // 4):
        return False
    letters_only = "".join(ch for ch in value if ch.isalpha())
    if len(letters_only) < 5 or len(_CASE_SWITCH.findall(letters_only)) > 3:
        return False
    words = "".join(ch for ch in value.translate(_LEET).lower() if ch.isalpha())
    vowels = sum(ch in "aeiouy" for ch in words)
    return vowels >= 0.3 * len(words) and not _CONSONANT_RUN.search(words)


# ----- made-up accounts: the password of a user that a test, a doc or an example makes ------

_OPENERS, _CLOSERS = "([{", ")]}"
_CALLEE = re.compile(r"([A-Za-z_$][\w$]*(?:\s*(?:\.|::|->)\s*[A-Za-z_$][\w$]*)*)\s*$")
# calls that create an account, sign in as one, or set or hash its password
_ACCOUNT_CALL = re.compile(
    r"(?i)(?:^|[.:>_])(?:a?login|log_?in|a?authenticate|sign_?in|sign_?up|register_?user|"
    r"create_?(?:super_?)?user|(?:super_?)?user|set_?password|make_?password|check_?password)$"
    r"|(?i:^|[.:>])(?:\w*user|users|accounts?)(?:[.:>]+\w+)*?[.:>]+(?:create|new|build|insert|add)$")  # User.objects.create
# a key of the same record that names the account: its user name or e-mail address
_ACCOUNT_KEY = re.compile(r"""(?ix)(?:^|[\s{(\[,])[:@$]?["']?(?:\b\B)["']?\s*(?:=>|=(?!=)|:)""")
# a password's confirmation field: what a sign-up or change-password form is given twice
_CONFIRM_KEY = re.compile(r"""(?ix)["']?(?:[\w.-]*(?:passw(?:or)?d|pwd|pass)[\w.-]*?(?:[-_.]?2|confirm\w*|again|repeat\w*|
                               retype\w*|verify\w*)|(?:confirm|repeat|retype|verify)\w*?(?:passw(?:or)?d|pwd|pass))["']?\s*(?:=>|=(?!=)|:)""")
_ASSIGN_IN_BRACES = re.compile(r"(?<![=!<>:])=(?![=>])")
_RECORD_REACH = 600


def _opener_before(text: str, start: int, reach: int) -> int:
    """The offset of the innermost bracket still open at ``start`` (within ``reach``), or -1."""
    depth = 0
    for i in range(start - 1, max(-1, start - reach - 1), -1):
        ch = text[i]
        if ch in _CLOSERS:
            depth += 1
        elif ch in _OPENERS:
            if depth == 0:
                return i
            depth -= 1
    return -1


def _closer_after(text: str, end: int, reach: int) -> int:
    depth = 0
    for i in range(end, min(len(text), end + reach)):
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            if depth == 0:
                return i
            depth -= 1
    return -1


def enclosing_record(text: str, start: int, end: int) -> tuple[str, str]:
    """The call arguments or the literal (dict, object, hash, array) the value at [start, end)
    is an element of, as ``(callee, text)``: ``("create_user", "(username='u', password='p')")``.
    ``("", line)`` when the value is not inside brackets nearby, or the brackets hold statements
    (a code block, not a record). Brackets are counted without reading strings: a crude but
    bounded look (at most a few hundred characters each way)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start: line_end if line_end != -1 else len(text)]
    opener = _opener_before(text, start, _RECORD_REACH)
    if opener == -1:
        return "", line
    closer = _closer_after(text, end, _RECORD_REACH)
    body = text[opener: closer + 1 if closer != -1 else end]
    if ";" in body or (text[opener] == "{" and _ASSIGN_IN_BRACES.search(body)):
        return "", line  # statements: a block of code
    callee = _CALLEE.search(text, max(0, opener - 80), opener) if text[opener] == "(" else None
    return (callee.group(1) if callee else ""), body


# calls that stand in for the real thing in a test: a double (mock_inputs, FakeClient, stub_request) or
# an override of the settings or the environment for the test's duration (override_settings, patch.dict)
_TEST_DOUBLE_CALL = re.compile(r"(?i)(?:^|[.:>])(?:\w*(?:mock|fake|stub)\w*|override_settings|modify_settings)$"
                               r"|(?i:^|[.:>])patch(?:[.:>](?:dict|object))?$")
_CALL_LEVELS = 3


def enclosing_calls(text: str, start: int) -> list[str]:
    """The callees of the calls around ``start``, innermost first (at most three levels, each
    within the record reach): ``["override_settings"]`` for ``override_settings(SECRET_KEY="...")``,
    ``["mock_inputs"]`` for ``@mock_inputs({"password": "..."})``."""
    out: list[str] = []
    pos = start
    for _ in range(_CALL_LEVELS):
        opener = _opener_before(text, pos, _RECORD_REACH)
        if opener == -1:
            break
        if text[opener] == "(":
            callee = _CALLEE.search(text, max(0, opener - 80), opener)
            out.append(callee.group(1).replace(" ", "") if callee else "")
        pos = opener
    return out


# "someuser", "somehost", "somepassword": made-up values of one pattern, a prefix and the field's name
_PATTERNED_VALUE = re.compile(r"(?i)^([a-z]{2,20}?)[_:.-]?(?:password|passwd|pass|pwd|secret)$")
_PATTERN_SIBLINGS = 2


def patterned_value(text: str, value: str) -> bool:
    """The value is a prefix and the word password (``somepassword``, ``settingpassword``) and the
    file writes the same prefix before other fields' names (``someuser``, ``somehost``): made-up
    values a test generates from one pattern."""
    m = _PATTERNED_VALUE.match(value)
    if not m:
        return False
    prefix = re.escape(m.group(1))
    siblings = set(re.findall(rf"""(?i)["']({prefix}[_:.-]?[a-z]{{2,20}})["']""", text))
    return len({s.lower() for s in siblings} - {value.lower()}) >= _PATTERN_SIBLINGS


# a key that names the account: its user name, login or e-mail address (USER of Django's DATABASES)
_USER_KEY = re.compile(r"""(?ix)(?:^|[\s{(\[,])["']?(?:[\w-]*[_-])?(?:user(?:_?name)?|login|e-?mail)["']?\s*(?:=>|=(?!=)|:)""")
def documented_account(text: str, start: int, end: int) -> bool:
    """In a doc, the record holding the password names the account it is for (``"USER":
    "mydatabaseuser"`` beside ``"PASSWORD"`` in a ``DATABASES`` example): a sample configuration,
    the reader creates that account with a password of their own."""
    return bool(_USER_KEY.search(enclosing_record(text, start, end)[1]))


def test_scaffolding(text: str, start: int, end: int) -> str | None:
    """Why the value at [start, end) is scaffolding of a test (meant for tests only), or None."""
    if any(_TEST_DOUBLE_CALL.search(c) for c in enclosing_calls(text, start) if c):
        return "given to a test double or a settings override"
    if patterned_value(text, text[start:end]):
        return "made-up values of one pattern (someuser, somepassword)"
    return None


def made_up_account(text: str, start: int, end: int) -> str | None:
    """Why the password at [start, end) belongs to an account the code itself makes (a test
    user, a form filled in by a test), or None: it is given to a call that creates the account,
    signs in as it or sets its password (``create_user(...)``, ``client.login(...)``,
    ``set_password(...)``), it sits in one record with the account's user name or e-mail, or
    it is typed twice into a form (a ``password2`` / ``password_confirmation`` field in the same
    record). Meant for tests, docs and examples: in production code the same shape is a default
    account's password, a real finding."""
    callee, record = enclosing_record(text, start, end)
    if callee and _ACCOUNT_CALL.search(callee.replace(" ", "")):
        return "the password of an account the code creates or signs in as"
    if _CONFIRM_KEY.search(record):
        return "form input typed with its confirmation"
    if _ACCOUNT_KEY.search(record):
        return "the password of an account named beside it"
    return None
