"""Issue 14, session 4: values that a test or a doc writes for its own use (test doubles, settings
overrides, values of one made-up pattern, an account's example configuration in a doc), labels that
are not passwords, and unpacking assignments. Values are generated at test time; these are cases
written beside the rules (regression tests), not evidence of accuracy: that is benchmarks/credata.py
and benchmarks/realworld.py."""

from __future__ import annotations

import string

import pytest

from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source
from tests.conftest import run_cli, write
from tests.keygen import rand

PLAN = make_plan(Config(select=("SEC",)))
CONFIGURED = make_plan(Config(select=("SEC",), secret_context_levels={"test": "note", "docs": "note"}))
PASSWORD_RULES = ("SEC090", "SEC091", "SEC093")


def chosen() -> str:
    """A password a person might choose: a word-like run of letters and two digits."""
    return "k" + rand("aeiou", 1) + rand("bdfgklmnprst", 1) + rand("aeiou", 1) + rand("bdfgklmnprst", 2) + rand(
        string.digits, 2)


def found(path: str, text: str, plan=PLAN):
    return [f for f in scan_source(Source.from_bytes(path, text.encode()), plan).findings
            if f.rule_id in PASSWORD_RULES]


@pytest.mark.parametrize("text,line", [
    ("with override_settings(SECRET_KEY='{pw}'):\n    check()\n", 1),
    ("@override_settings(\n    SECRET_KEY='{pw}',\n)\ndef test_x():\n    pass\n", 2),
    ("@mock_inputs({{'password': '{pw}', 'username': 'alice'}})\ndef test_x():\n    pass\n", 1),
    ("@mock_inputs(\n    {{\n        'password': '{pw}',\n    }}\n)\ndef test_x():\n    pass\n", 3),
    ("with mock.patch.dict(os.environ, {{'DB_PASSWORD': '{pw}'}}):\n    run()\n", 1),
    ("client = FakeSmtpServer(password='{pw}')\n", 1),
])
def test_values_given_to_test_doubles_and_settings_overrides_are_left_out_unless_configured(text, line):
    pw = chosen()
    code = text.format(pw=pw)
    assert found("tests/test_settings.py", code) == []
    got = found("tests/test_settings.py", code, CONFIGURED)
    assert [(f.line, f.level) for f in got] == [(line, "note")]
    assert "test double or a settings override" in got[0].message and pw not in got[0].message
    # production code that calls something named like a double is still reported
    assert [f.line for f in found("app/settings.py", code)] == [line]


def test_values_of_one_made_up_pattern_in_a_test():
    prefix = rand(string.ascii_lowercase, 5)
    code = (f"settings = {{\n    'NAME': '{prefix}dbname',\n    'USER': '{prefix}user',\n"
            f"    'PASSWORD': '{prefix}password',\n    'HOST': '{prefix}host',\n}}\n")
    assert found("tests/dbshell/test_mysql.py", code) == []
    got = found("tests/dbshell/test_mysql.py", code, CONFIGURED)
    assert [(f.rule_id, f.line) for f in got] == [("SEC091", 4)] and "one pattern" in got[0].message
    # the same value with no sibling of its pattern stays a note
    alone = f"settings = {{'PASSWORD': '{prefix}password'}}\n"
    assert [(f.rule_id, f.line, f.level) for f in found("tests/dbshell/test_mysql.py", alone)] == [("SEC091", 1, "note")]


def test_an_accounts_example_configuration_in_a_doc():
    pw = chosen()
    doc = ("Settings::\n\n    DATABASES = {{\n        'default': {{\n            'USER': 'mydbuser',\n"
           "            'PASSWORD': '{pw}',\n        }}\n    }}\n")
    assert found("docs/ref/settings.txt", doc.format(pw=pw)) == []
    got = found("docs/ref/settings.txt", doc.format(pw=pw), CONFIGURED)
    assert [(f.line, f.level) for f in got] == [(6, "note")] and "example configuration" in got[0].message
    # a password with no account beside it stays a note; a random value (an issued key) too
    no_user = doc.replace("'USER': 'mydbuser',", "'HOST': 'db',")
    assert [(f.line, f.level) for f in found("docs/ref/settings.txt", no_user.format(pw=pw))] == [(6, "note")]
    issued = rand(string.ascii_letters + string.digits, 32)
    assert [f.line for f in found("docs/ref/settings.txt", doc.format(pw=issued))] == [6]
    # in production code the record is a default account: still a warning
    prod = found("app/settings.py", doc.format(pw=pw).replace("Settings::\n\n", ""))
    assert [(f.line, f.level) for f in prod] == [(4, "warning")]


@pytest.mark.parametrize("value", [
    "newsecret", "oldsecret", "wrong_password", "nopasswd", "invalidPassword", "abcdef1234", "56789secret",
    "passwordPASSWORDpassword", "1bcdefghij2bcdefghij3bcdefghij", "correct-horse-battery-staple",
])
def test_labels_filler_and_famous_samples_are_not_passwords(value):
    for path in ("app/settings.py", "tests/test_auth.py"):
        assert found(path, f"PASSWORD = '{value}'\n") == [], (path, value)


def test_a_word_with_its_role_but_more_still_counts():
    # the role words only make a label when the rest is the secret word itself
    value = "new" + chosen()
    assert [f.line for f in found("app/settings.py", f"PASSWORD = '{value}'\n")] == [1]


def test_unpacking_pairs_each_name_with_its_own_value(tmp_path):
    pw = chosen()
    write(tmp_path, {"app.py": f"user, pwd = 'marc', '{pw}'\nlogin, password = 'me@host.org', '{pw}'\n"
                               f"self.u, self.pwd = ('marc', '{pw}')\n"})
    run = run_cli("scan", str(tmp_path), "--select", "SEC091", "--no-cache", "--format", "json")
    got = sorted((f["line"], f["column"]) for f in run.json()["findings"])
    line1 = "user, pwd = 'marc', '"
    line2 = "login, password = 'me@host.org', '"
    line3 = "self.u, self.pwd = ('marc', '"
    assert got == [(1, len(line1) + 1), (2, len(line2) + 1), (3, len(line3) + 1)]
    # the password itself is masked, in the snippet as in the message
    text = run_cli("scan", str(tmp_path), "--select", "SEC091", "--no-cache")
    assert pw not in text.out and "marc" in text.out
