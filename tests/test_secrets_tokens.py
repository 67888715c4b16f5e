"""Provider tokens, generic secrets and their look-alikes; tokens are generated at test time."""

from __future__ import annotations

import string
import time

import pytest

from scanner.checks.secrets import patterns
from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source
from tests.conftest import run_cli, write
from tests.keygen import B62_LOWER_FIRST, checksum_token, jwt, rand

PLAN = make_plan(Config(select=("SEC",)))
ALNUM = string.ascii_letters + string.digits
URL64 = ALNUM + "-_"
HEX = "0123456789abcdef"


def scan(path: str, text: str):
    return [(f.rule_id, f.line) for f in scan_source(Source.from_bytes(path, text.encode()), PLAN).findings]


@pytest.mark.parametrize("prefix,rule", [("ghp_", "SEC010"), ("gho_", "SEC011"), ("ghu_", "SEC012"),
                                          ("ghs_", "SEC013"), ("ghr_", "SEC014"), ("npm_", "SEC055")])
def test_checksummed_tokens_in_both_base62_orders(prefix, rule):
    good, other_order = checksum_token(prefix), checksum_token(prefix, B62_LOWER_FIRST)
    bad = checksum_token(prefix, good=False)
    text = f"a = '{good}'\nb = '{other_order}'\nc = '{bad}'\n"
    assert scan("conf.py", text) == [(rule, 1), (rule, 2)]


CASES = [
    ("SEC015", lambda: "github_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59)),
    ("SEC020", lambda: "GOCSPX-" + rand(URL64, 28)),
    ("SEC021", lambda: "ya29." + rand(URL64, 120)),
    ("SEC022", lambda: "1//0" + rand(URL64, 60)),
    ("SEC023", lambda: "AIza" + rand(URL64, 35)),
    ("SEC030", lambda: "xoxb-" + rand("0123456789", 12) + "-" + rand("0123456789", 13) + "-" + rand(ALNUM, 24)),
    ("SEC031", lambda: "https://hooks.slack.com/services/T" + rand("ABCDEFGHIJ0123456789", 8) + "/B"
     + rand("ABCDEFGHIJ0123456789", 10) + "/" + rand(ALNUM, 24)),
    ("SEC035", lambda: rand(ALNUM, 3) + "8Q~" + rand(ALNUM + "_~.-", 34)),
    ("SEC040", lambda: "EAA" + rand(ALNUM, 160)),
    ("SEC045", lambda: "AKIA" + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)),
    ("SEC050", lambda: "sk_live_" + rand(ALNUM, 99)),
    ("SEC051", lambda: "sk_test_" + rand(ALNUM, 24)),
    ("SEC056", lambda: "pypi-AgEIcHlwaS5vcmc" + rand(URL64, 150)),
    ("SEC057", lambda: "SG." + rand(URL64, 22) + "." + rand(URL64, 43)),
    ("SEC058", lambda: "SK" + rand(HEX, 32)),
    ("SEC060", lambda: jwt({"sub": "u1", "exp": int(time.time()) + 3600})),
]


@pytest.mark.parametrize("rule,make", CASES, ids=[c[0] for c in CASES])
def test_provider_tokens(rule, make):
    token = make()
    text = f"# config\nsetting = \"{token}\"\n"
    assert scan("settings.cfg", text) == [(rule, 2)]


@pytest.mark.parametrize("rule,line", [
    ("SEC046", "aws_secret_access_key = {v40}"),
    ("SEC041", "FACEBOOK_APP_SECRET={hex32}"),
    ("SEC059", "TWILIO_AUTH_TOKEN={hex32}"),
    ("SEC065", "curl -H 'Authorization: Bearer {v40}' https://api.internal"),
    ("SEC066", "Authorization: Basic {basic}"),
    ("SEC067", "DATABASE_URL=postgres://app:{pw}@db.prod.internal:5432/app"),
])
def test_keyed_secrets(rule, line):
    import base64

    values = {"v40": rand(ALNUM + "/+", 40), "hex32": rand(HEX, 32), "pw": rand(ALNUM, 16),
              "basic": base64.b64encode(f"svc:{rand(ALNUM, 16)}".encode()).decode()}
    assert scan("deploy.env", "# x\n" + line.format(**values) + "\n") == [(rule, 2)]


def test_google_client_secret_json_wins_over_the_prefix_rule():
    text = ('{"web": {\n  "client_id": "1234-x.apps.googleusercontent.com",\n'
            f'  "client_secret": "GOCSPX-{rand(URL64, 28)}"\n}}}}\n')
    assert scan("client_secret_1234.json", text) == [("SEC024", 3)]


def test_jwt_message_has_alg_and_expiry_but_not_the_token():
    token = jwt({"sub": "alice", "exp": 4102444800}, alg="RS256")
    (f,) = scan_source(Source.from_bytes("t.txt", f"t={token}\n".encode()), PLAN).findings
    assert "alg=RS256" in f.message and "2100-01-01" in f.message
    assert token not in f.message and token[:20] not in f.message and token not in f.snippet
    assert dict(f.properties) == {"alg": "RS256", "expires": "2100-01-01T00:00:00+00:00", "context": "production"}
    expired = jwt({"exp": 1000000000})
    (g,) = scan_source(Source.from_bytes("t.txt", f"t={expired}\n".encode()), PLAN).findings
    assert g.level == "warning" and "expired" in g.message
    # in a test or a doc, an expired token is a recording that no verifier accepts any more: it
    # grants nothing and is not reported ...
    for path, text in (("tests/test_client.py", f"t = '{expired}'\n"), ("docs/usage.rst", f"t={expired}\n")):
        assert not scan_source(Source.from_bytes(path, text.encode()), PLAN).findings
    # ... unless the configuration names that context: then it has the level given there
    plan = make_plan(Config(select=("SEC",), secret_context_levels={"test": "note"}))
    (h,) = scan_source(Source.from_bytes("tests/test_client.py", f"t = '{expired}'\n".encode()), plan).findings
    assert (h.rule_id, h.level, h.line) == ("SEC060", "note", 1) and "expired" in h.message


def _hs256(claims: dict, key: bytes) -> str:
    import base64
    import hashlib
    import hmac
    import json

    enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    head = f"{enc(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())}.{enc(json.dumps(claims).encode())}"
    return f"{head}.{enc(hmac.new(key, head.encode(), hashlib.sha256).digest())}"


def test_tokens_signed_with_a_documented_key_or_unsigned_are_not_findings():
    claims = {"sub": rand(ALNUM, 8)}
    assert scan("app.py", f"t = '{_hs256(claims, rand(ALNUM, 24).encode())}'\n") == [("SEC060", 1)]
    # the key of the README examples ("secret") and jwt.io's default: anyone can mint these tokens
    for key in (b"secret", b"your-256-bit-secret"):
        assert scan("app.py", f"t = '{_hs256(claims, key)}'\n") == []
    unsigned = _hs256(claims, b"k").rpartition(".")[0] + "."
    assert scan("app.py", f"token = '{unsigned}'\n") == []


LOOKALIKES = [
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "api_key = '<your-api-key>'",
    "password = ${DB_PASSWORD}",
    "password: {{ secrets.DB_PASSWORD }}",
    "secret_key = os.environ['SECRET_KEY']",
    "secret = os.getenv('SECRET')",
    "commit_sha = 3f1a2b4c5d6e7f8091a2b3c4d5e6f708192a3b4c",
    "token_sha256 = 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    '"integrity": "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="',
    "session_token = 550e8400-e29b-41d4-a716-446655440000",
    "avatar_token = data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
    "ssh_public_key = ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
    "password = 'password123'",
    "PASSWORD_RESET_TOKEN_NAME = 'password_reset_token'",
    "db_password = 'pbkdf2_sha256$600000$abc$Zm9vYmFyYmF6cXV4'",
    'api_secret = "%s:%s_q8Zf3kJ9" % (user, pw)',
    'auth_token = f"{settings.TOKEN_PREFIX}-{uuid4()}-q8Zf3kJ9Lm2N"',
]


@pytest.mark.parametrize("line", LOOKALIKES)
def test_lookalikes_are_not_findings(line):
    assert scan("settings.py", line + "\n") == []


def test_wrong_github_checksum_is_not_a_finding():
    assert scan("a.txt", checksum_token("ghp_", good=False) + "\n") == []


@pytest.mark.parametrize("path,text,line", [
    ("app.py", "import os\n\nclient = Client(\n    api_key='{v}',\n)\n", 4),
    ("app.ts", "export const config = {{\n  clientSecret: \"{v}\",\n}};\n", 2),
    ("main.go", "package main\n\nconst apiToken = \"{v}\"\n", 3),
    ("App.java", "class App {{\n  private static final String DB_PASSWORD = \"{v}\";\n}}\n", 2),
    (".env", "DEBUG=1\nSTRIPE_SECRET={v}\n", 2),
    ("settings.ini", "[db]\nhost = db\npassword = {v}\n", 3),
    ("values.yaml", "db:\n  auth:\n    password: \"{v}\"\n", 3),
    ("config.json", "{{\n  \"apiKey\": \"{v}\"\n}}\n", 2),
    ("pyproject.toml", "[tool.x]\nauth_token = \"{v}\"\n", 2),
    ("app.properties", "db.user=app\ndb.password={v}\n", 2),
])
def test_generic_secret_in_code_and_config(path, text, line):
    value = rand(ALNUM, 24)
    assert scan(path, text.format(v=value)) == [("SEC090", line)]


@pytest.mark.parametrize("path,text", [
    ("app.py", "password = get_password()  # '{v}'\n"),
    ("app.py", "# api_key = '{v}'\n"),
    ("app.js", "const apiKey = process.env.API_KEY; // {v}\n"),
    ("package-lock.json", '{{"packages": {{"": {{"token": "{v}"}}}}}}\n'),
])
def test_generic_secret_skips_comments_calls_and_lockfiles(path, text):
    assert scan(path, text.format(v=rand(ALNUM, 24))) == []


def test_prefilter_runs_only_rules_whose_keywords_occur():
    engine = patterns.load_engine()
    by_id = {p.meta.id: p.index for p in engine.patterns}
    active = engine.active("nothing to see here\n")
    assert set(active) == set(engine.always) == set()
    active = engine.active("x = 'AKIA' and some ghp_ text\n")
    assert set(active) == {by_id["SEC045"], by_id["SEC010"]}
    active = engine.active("line one\nMY_PASSWORD = 1\n")  # lower-case keywords match any case
    assert active == {by_id["SEC090"]: [(9, 24)], by_id["SEC091"]: [(9, 24)]}


def test_user_pack_is_compiled_with_re2(tmp_path):
    pack = ('[[rule]]\nid = "SEC900"\nname = "acme-token"\nsummary = "ACME token"\nkeywords = ["acme_"]\n'
            "regex = '''(?x) (?P<secret> acme_ [A-Z0-9]{20} )  # the token'''\n"
            'valid = ["acme_short"]\ninvalid = ["acme_ABCDEFGHIJ0123456789"]\n')
    token = "acme_" + rand(string.ascii_uppercase + string.digits, 20)
    write(tmp_path, {"pack.toml": pack, "app.cfg": f"\nkey = {token}\n",
                     "pyproject.toml": '[tool.scanner]\nsecret-packs = ["pack.toml"]\nexclude = ["pack.toml"]\n'})
    run = run_cli("scan", str(tmp_path), "--format", "json", "--no-cache", cwd=tmp_path)
    assert [(f["rule_id"], f["line"]) for f in run.json()["findings"]] == [("SEC900", 2)]
    assert token not in run.out


def test_user_pack_that_re2_cannot_compile_is_a_config_error(tmp_path):
    pack = ('[[rule]]\nid = "SEC901"\nname = "slow-token"\nsummary = "x"\n'
            "regex = '''(?P<secret>(a+)+\\1(?=b))'''\n")
    write(tmp_path, {"pack.toml": pack, "a.txt": "aaaa\n",
                     "pyproject.toml": '[tool.scanner]\nsecret-packs = ["pack.toml"]\n'})
    run = run_cli("scan", str(tmp_path), cwd=tmp_path)
    assert run.code == 2
    assert "SEC901" in run.err and "RE2 cannot compile" in run.err and len(run.err.strip().splitlines()) == 1


def test_a_token_rejected_by_its_checksum_is_not_reported_as_generic_either():
    bad = checksum_token("ghp_", good=False)
    assert scan("app.env", f"GITHUB_TOKEN={bad}\n") == []
    assert scan("app.env", f"GITHUB_TOKEN={checksum_token('ghp_')}\n") == [("SEC010", 1)]


def test_aws_key_id_and_secret_key_are_reported_as_a_pair():
    key_id, secret = "AKIA" + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), rand(ALNUM + "/+", 40)
    text = f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"
    found = scan_source(Source.from_bytes("credentials", text.encode()), PLAN).findings
    assert [(f.rule_id, f.line) for f in found] == [("SEC045", 2), ("SEC046", 3)]
    assert "secret access key is on line 3" in found[0].message
    assert "access key id is on line 2" in found[1].message
