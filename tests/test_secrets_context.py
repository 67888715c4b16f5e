"""Issue 14: where a secret is (path context and its level), passwords people choose, keys without
armour, JSON Web Keys, public sample values. Keys are generated at test time; these are cases written
beside the rules (regression tests), not evidence of accuracy: that is benchmarks/credata.py."""

from __future__ import annotations

import base64
import string

import pytest
from cryptography.hazmat.primitives import serialization

from scanner.checks.secrets.pathcontext import path_context
from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source
from tests.conftest import run_cli, validate_sarif, write
from tests.keygen import ec_key, ed25519_key, rand, rsa_key

PLAN = make_plan(Config(select=("SEC",)))
ALNUM = string.ascii_letters + string.digits


def findings(path: str, text: str, plan=PLAN):
    return scan_source(Source.from_bytes(path, text.encode()), plan).findings


def scan(path: str, text: str, plan=PLAN):
    return [(f.rule_id, f.line) for f in findings(path, text, plan)]


@pytest.mark.parametrize("path,context", [
    ("tests/test_views.py", "test"), ("src/app/FooTest.java", "test"), ("pkg/handler_test.go", "test"),
    ("web/src/login.spec.ts", "test"), ("spec/models/user_spec.rb", "test"), ("src/Core.Tests/A.cs", "test"),
    ("docs/setup.txt", "docs"), ("README.md", "docs"), ("guide/intro.rst", "docs"),
    ("examples/client.py", "example"), ("conf/production.env.example", "example"), (".sample.env", "example"),
    ("api/test.env", "test"), (".env.test", "test"), ("config/.env.testing", "test"), ("latest.env", "production"),
    ("src/latest.py", "production"), ("app/settings.py", "production"), ("contest/x.py", "production"),
])
def test_path_context(path, context):
    assert path_context(path) == context


def test_context_property_and_default_levels_of_the_password_rule():
    pw = "k" + rand(ALNUM, 5) + "9"  # short, human-like
    text = f"DB = dict(password='{pw}')\n"
    (prod,) = findings("app/settings.py", text)
    assert (prod.rule_id, prod.level, dict(prod.properties)["context"]) == ("SEC091", "warning", "production")
    # a password people choose, in a test, doc or example, is usually sample data: still a
    # finding, as a note with its context (issue 14) ...
    for path, where in (("tests/test_db.py", "test"), ("docs/settings.rst", "docs"), ("examples/db.py", "example")):
        (f,) = findings(path, text)
        assert (f.rule_id, f.level, dict(f.properties)["context"]) == ("SEC091", "note", where)
    # ... that the configuration can leave out, or gate on
    plan = make_plan(Config(select=("SEC",), secret_context_levels={"test": "off", "docs": "warning"}))
    assert not findings("tests/test_db.py", text, plan)
    (doc,) = findings("docs/settings.rst", text, plan)
    assert (doc.rule_id, doc.level) == ("SEC091", "warning")


def test_secret_context_levels_config_sets_the_level_of_every_secret_rule():
    key = ec_key().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    plan = make_plan(Config(select=("SEC",), secret_context_levels={"test": "note", "production": "error"}))
    (in_test,) = findings("tests/fixtures/key.pem", key, plan)
    assert (in_test.rule_id, in_test.level) == ("SEC001", "note")
    pw = "k" + rand(ALNUM, 5) + "9"
    (in_prod,) = findings("app/settings.py", f"PASSWORD = '{pw}'\n", plan)
    assert (in_prod.rule_id, in_prod.level) == ("SEC091", "error")
    # without the configuration a private key in tests keeps its level
    (default,) = findings("tests/fixtures/key.pem", key)
    assert default.level == "error"


def test_context_in_json_and_sarif_and_config_validation(tmp_path):
    pw = "k" + rand(ALNUM, 5) + "9"
    write(tmp_path, {"tests/test_login.py": f"login(password='{pw}')\n", "app.py": f"login(password='{pw}x')\n",
                     ".scanner.toml": 'secret-context-levels = { test = "note" }\n'})
    run = run_cli("scan", str(tmp_path), "--select", "SEC091", "--format", "json", "--no-cache")
    got = {(f["path"], f["level"], f["properties"]["context"]) for f in run.json()["findings"]}
    assert got == {("tests/test_login.py", "note", "test"), ("app.py", "warning", "production")}
    assert pw not in run.out
    sarif = run_cli("scan", str(tmp_path), "--select", "SEC091", "--format", "sarif", "--no-cache").json()
    validate_sarif(sarif)
    contexts = {r["properties"]["context"] for r in sarif["runs"][0]["results"]}
    assert contexts == {"test", "production"}
    write(tmp_path, {".scanner.toml": 'secret-context-levels = { tests = "note" }\n'})
    bad = run_cli("scan", str(tmp_path), "--select", "SEC091")
    assert bad.code == 2 and "unknown context 'tests'" in bad.err



@pytest.mark.parametrize("text,line", [
    ("user = User.objects.create_user(username='joe', password='{pw}')\n", 1),
    ("User.objects.create(\n    username='joe',\n    password='{pw}',\n)\n", 3),
    ("self.client.login(username='joe', password='{pw}')\n", 1),
    ("await client.alogin(username='joe', password='{pw}')\n", 1),
    ("u.set_password('{pw}')\n", 1),
    ("data = {{\n    'new_password1': '{pw}',\n    'new_password2': '{pw}',\n}}\n", 2),
    ("data = {{'old_password': '{pw}', 'new_password1': 'x{pw}', 'new_password2': 'y{pw}'}}\n", 1),
])
def test_the_password_of_an_account_a_test_makes_is_left_out_unless_configured(text, line):
    pw = rand(string.ascii_lowercase, 7) + rand(string.digits, 2)  # a password a person might choose
    code = text.format(pw=pw)
    # a test user's password, form input typed with its confirmation: they protect nothing
    assert "SEC091" not in [r for r, _ in scan("tests/test_auth.py", code)]
    assert "SEC093" not in [r for r, _ in scan("tests/test_auth.py", code)]
    # the configuration that names the context brings them back, saying what they are
    plan = make_plan(Config(select=("SEC",), secret_context_levels={"test": "note"}))
    got = [f for f in findings("tests/test_auth.py", code, plan) if f.rule_id in ("SEC091", "SEC093")]
    assert got and got[0].line == line and got[0].level == "note"
    assert "account" in got[0].message or "form input" in got[0].message
    assert pw not in got[0].message
    # the same account made by production code (a seed, a command) has a default password
    prod = [f for f in findings("app/management/commands/seed.py", code) if f.rule_id in ("SEC091", "SEC093")]
    assert prod and prod[0].line == line and prod[0].level == "warning"


def test_a_password_beside_no_account_stays_a_note_in_tests():
    pw = rand(string.ascii_lowercase, 7) + rand(string.digits, 2)  # a password a person might choose
    for text in (f"DATABASES = {{'default': {{'PASSWORD': '{pw}'}}}}\n", f"const auth = {{ secret: '{pw}' }};\n",
                 f"def test_x():\n    password = '{pw}'\n    assert check(password)\n"):
        path = "tests/test_db.py" if "DATABASES" in text or "def" in text else "src/app.test.ts"
        got = [f for f in findings(path, text) if f.rule_id == "SEC091"]
        assert got and got[0].level == "note", text


def test_a_block_of_code_is_not_a_record():
    # `username` elsewhere in a class or function body does not make the password an account's
    pw = rand(string.ascii_lowercase, 7) + rand(string.digits, 2)  # a password a person might choose
    text = f"class T {{\n  const string password = \"{pw}\";\n  void F() {{ Login(\"x\"); }}\n}}\n"
    assert ("SEC091", 2) in scan("src/Core.Tests/AuthTests.cs", text)


@pytest.mark.parametrize("path,text", [
    ("docs/topics/auth.txt", "if password1 and password2 and password1 != password2:\n"),
    ("tests/test_settings.py", "with override_settings(SETTING_PASS='EXIT', SETTING_EXIT='EXIT'):\n"),
    ("tests/test_crypto.py", "SECRET = 'abcdefghijkl'\n"),
    ("config.yml", "password: abcdefg\n"),
])
def test_comparisons_with_code_constants_and_the_alphabet_are_not_passwords(path, text):
    assert "SEC091" not in [r for r, _ in scan(path, text)]


@pytest.mark.parametrize("path,text,line", [
    ("docker-compose.yml", "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD={v}\n", 4),
    ("app.js", "const cfg = {{ user: 'app', password: '{v}' }};\n", 1),
    ("Login.cs", 'const string testPassword = "{v}";\n', 1),
    ("config.php", "<?php\n$config['db_pass'] = '{v}';\n", 2),
    ("auth.py", "if password == '{v}':\n    ok()\n", 1),
    ("deploy.sh", "docker run -e MYSQL_ROOT_PASSWORD={v} -d mysql\n", 1),
    ("Settings.kt", 'val password: String = "{v}"\n', 1),
    ("app.properties", "spring.datasource.password={v}\n", 1),
])
def test_human_chosen_passwords_in_every_syntax(path, text, line):
    value = "k" + rand(string.ascii_lowercase, 6) + "42"
    assert ("SEC091", line) in scan(path, text.format(v=value))


@pytest.mark.parametrize("path,text", [
    ("forms.py", "PASSWORD_FIELD = 'password_confirmation'\n"),
    ("config/locales/pt-BR.yml", "pt-BR:\n  password: Senha atual\n"),
    ("base.css", "input[type=password]:focus { color: red }\n"),
    ("app.py", "password = request.form['password']\n"),
    ("Auth.kt", "fun login(user: String, password: String): Boolean = check(user, password)\n"),
    ("docs/install.md", "The password: the one you chose at installation.\n"),
    ("app.py", "# password = 'hunter22'\nx = 1\n"),
])
def test_what_is_not_a_password(path, text):
    assert [r for r, _ in scan(path, text) if r in ("SEC090", "SEC091")] == []


def test_shared_secret_is_not_a_hash_name():
    value = rand(ALNUM, 32)
    assert scan("settings.py", f"SHARED_SECRET = '{value}'\n") == [("SEC090", 1)]
    assert scan("settings.py", f"SHA256_SECRET = '{value}'\n") == []


def test_uuid_and_hex_under_a_secret_name():
    uuid = "0f1e2d3c-4b5a-4697-8a1b-" + rand("0123456789abcdef", 12)
    hex40 = rand("0123456789abcdef", 40)
    text = f"REFRESH_TOKEN = '{uuid}'\nCLIENT_ID = '{uuid}'\nclient_secret = '{hex40}'\ncommit = '{hex40}'\n"
    assert scan("conf.py", text) == [("SEC090", 1), ("SEC090", 3)]


@pytest.mark.parametrize("make,fmt", [
    (lambda: rsa_key(1024), serialization.PrivateFormat.TraditionalOpenSSL),
    (lambda: rsa_key(1024), serialization.PrivateFormat.PKCS8),
    (ec_key, serialization.PrivateFormat.TraditionalOpenSSL),
    (ec_key, serialization.PrivateFormat.PKCS8),
    (ed25519_key, serialization.PrivateFormat.PKCS8),
])
def test_der_private_key_without_armour(make, fmt):
    der = make().private_bytes(serialization.Encoding.DER, fmt, serialization.NoEncryption())
    b64 = base64.b64encode(der).decode()
    (f,) = findings("Crypto.java", f'static final String KEY = "{b64}";\n')
    assert f.rule_id == "SEC008" and "private key" in f.message and b64[:20] not in f.message


def test_private_jwk_and_public_jwk():
    key = ec_key()
    nums = key.private_numbers()

    def b64u(n: int) -> str:
        return base64.urlsafe_b64encode(n.to_bytes(32, "big")).rstrip(b"=").decode()

    public = f'{{"kty": "EC", "crv": "P-256", "x": "{b64u(nums.public_numbers.x)}", "y": "{b64u(nums.public_numbers.y)}"'
    private = public + f',\n "d": "{b64u(nums.private_value)}"}}'
    assert scan("jwks.json", public + "}") == []
    assert scan("key.json", private) == [("SEC009", 2)]


def test_public_sample_values_are_not_reported():
    # the AWS documentation's example pair: published, so it grants nothing
    text = "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    assert scan("credentials", text) == []


def test_django_secret_key_and_its_insecure_default():
    insecure = "django-insecure-" + rand(ALNUM + "!@#$%^&*(-_=+)", 50)
    (f,) = findings("mysite/settings.py", f"SECRET_KEY = '{insecure}'\n")
    assert f.rule_id == "SEC092" and "startproject" in f.message and insecure not in f.message
    assert scan("mysite/settings.py", "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n") == []


def test_encrypted_key_keeps_warning_and_says_encrypted():
    key = rsa_key(1024).private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.BestAvailableEncryption(b"pass-phrase"))
    (f,) = findings("tests/fixtures/enc.pem", key.decode())
    assert f.rule_id == "SEC001" and f.level == "warning" and "encrypted" in f.message


def test_cryptography_warnings_do_not_reach_stderr(tmp_path):
    # a certificate whose serial number is negative makes cryptography warn when it is parsed
    from tests.keygen import certificate

    body = "".join(ln for ln in certificate(ec_key()).splitlines() if not ln.startswith("-----"))
    der = bytearray(base64.b64decode(body))
    i = der.index(bytes([0xA0, 0x03, 0x02, 0x01, 0x02])) + 5  # [0] version v3, then the serial INTEGER
    der[i + 2] |= 0x80
    pem = "-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(bytes(der)).decode() + "-----END CERTIFICATE-----\n"
    write(tmp_path, {"ca.pem": pem})
    run = run_cli("scan", str(tmp_path), "--select", "SEC006", "--format", "json", "--no-cache")
    assert [f["rule_id"] for f in run.json()["findings"]] == ["SEC006"]
    assert "serial" not in run.err and "Warning" not in run.err


def test_published_example_jwks_are_not_findings_but_other_private_jwks_are():
    # RFC 8037 appendix A.1: the Ed25519 example key every JOSE library tests with (public)
    rfc = '{"kty": "OKP", "crv": "Ed25519", "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",\n' \
          ' "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}\n'
    assert scan("tests/keys/jwk_okp.json", rfc) == []
    own = rfc.replace("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A", rand(ALNUM + "-_", 43))
    assert scan("tests/keys/jwk_okp.json", own) == [("SEC009", 1)]


def test_off_hides_every_secret_finding_of_a_context():
    key = ec_key().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    assert [f.rule_id for f in findings("docs/keys.pem", key)] == ["SEC001"]
    plan = make_plan(Config(select=("SEC",), secret_context_levels={"docs": "off"}))
    assert not findings("docs/keys.pem", key, plan)
    assert [f.rule_id for f in findings("app/keys.pem", key, plan)] == ["SEC001"]


def test_context_level_must_be_a_level_or_off(tmp_path):
    write(tmp_path, {"app.py": "x = 1\n", ".scanner.toml": 'secret-context-levels = { docs = "hidden" }\n'})
    bad = run_cli("scan", str(tmp_path), "--select", "SEC091")
    assert bad.code == 2 and "note, warning, error, off" in bad.err


def test_ruby_files_known_by_name_are_read_as_ruby():
    from scanner.source import language_for

    assert [language_for(p) for p in ("Gemfile", "app/Vagrantfile", "Rakefile", "Podfile", "Makefile")] == \
        ["ruby", "ruby", "ruby", "ruby", None]
    pw = rand(string.ascii_lowercase, 7) + rand(string.digits, 2)
    text = f'Vagrant.configure("2") do |config|\n  # config.ssh.password = "{pw}"\n  config.ssh.password = "{pw}"\nend\n'
    # the commented-out line is a comment on the Ruby tree; the assignment is a value
    assert scan("Vagrantfile", text) == [("SEC091", 3)]


def test_camel_case_pass_names_what_has_a_password_only():
    pw = rand(string.ascii_lowercase, 7) + rand(string.digits, 2)
    assert scan("src/Proxy.cs", f'class P {{\n    const string proxyPass   = "{pw}";\n}}\n') == [("SEC091", 2)]
    assert scan("src/mail.js", f"const smtpPass = '{pw}';\n") == [("SEC091", 1)]
    assert not scan("src/alias.js", f"const a = {{ allPass: '{pw}', firstPass: '{pw}', RenderPass: '{pw}' }};\n")
