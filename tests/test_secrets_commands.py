"""Recall on positions CredData's dev half showed we missed (issue 14, session 4): passwords in SQL
statements (SEC096) and on command lines (SEC097), quoted passphrases and Capybara's ``fill_in``
(SEC091), a query parameter at the end of a URL literal and a versioned hex token (SEC090). Every
value is generated here; these are rule regression tests written beside the rules, not evidence of
accuracy (the numbers on code nobody here wrote are in benchmarks/README.md)."""

from __future__ import annotations

import secrets
import string

import pytest

from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source
from tests.keygen import rand

PLAN = make_plan(Config(select=("SEC",)))
B62 = string.ascii_letters + string.digits


def found(path: str, text: str, plan=PLAN) -> list[tuple[str, int]]:
    result = scan_source(Source.from_bytes(path, text.encode()), plan)
    return sorted((f.rule_id, f.line) for f in result.findings)


def password() -> str:
    """A password a person might set: letters, a digit, a symbol."""
    return rand(string.ascii_letters, 8) + secrets.choice(string.digits) + "-" + rand(B62, 3)


def test_sql_statements_that_set_a_password():
    pw = [password() for _ in range(5)]
    sql = (f"CREATE USER 'app'@'%' IDENTIFIED BY '{pw[0]}';\n"
           f"ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY \"{pw[1]}\";\n"
           f"CREATE ROLE app WITH LOGIN PASSWORD '{pw[2]}';\n"
           f"CREATE LOGIN app WITH PASSWORD = '{pw[3]}';\n"
           "-- a hash, a bind parameter and no password are not findings\n"
           f"CREATE USER 'ro'@'%' IDENTIFIED BY PASSWORD '*{rand('0123456789ABCDEF', 40)}';\n"
           "CREATE USER ro2 IDENTIFIED BY :ro_password;\n"
           "ALTER USER ro3 PASSWORD NULL;\n")
    assert found("db/init.sql", sql) == [("SEC096", 1), ("SEC096", 2), ("SEC096", 3), ("SEC096", 4)]
    code = (f'cur.execute("ALTER USER app WITH PASSWORD \'{pw[4]}\'")\n'
            'cur.execute("ALTER USER app WITH PASSWORD \'" + pw + "\'")\n'
            '"""Load a library identified by \'name\'."""\n')
    assert found("setup.py", code) == [("SEC096", 1)]


def test_passwords_on_command_lines():
    pw = [password() for _ in range(6)]
    script = (f"mysqldump -u backup --password={pw[0]} app > app.sql\n"
              f"mysql -u root -p{pw[1]} -e 'show databases'\n"
              f"docker login -u deploy -p {pw[2]} registry.internal\n"
              f"openssl pkcs12 -export -in c.pem -out c.p12 -passout pass:{pw[3]}\n"
              f"sshpass -p '{pw[4]}' ssh deploy@host uptime\n"
              'mysqldump -u backup --password="$DB_PASSWORD" app\n'
              "docker login -u deploy -p $REGISTRY_TOKEN registry.internal\n"
              "mkdir -p build && mysql -u root -p app < dump.sql\n")
    assert found("deploy.sh", script) == [("SEC097", 1), ("SEC097", 2), ("SEC097", 3), ("SEC097", 4), ("SEC097", 5)]
    cs = f"class C {{\n    /// <code>Get-Thing -Logon -User bob -Password {pw[5]}</code>\n    void F() {{}}\n}}\n"
    assert found("src/Cmdlets/GetThing.cs", cs) == [("SEC097", 2)]


@pytest.mark.parametrize("text", [
    "Use the --password option to give it on the command line.\n",
    "tool login --password PASSWORD\n",
    "tool login --password <password>\n",
    "parser.add_argument('--password', help='the password')\n",
    "Connect-Server -Password (Read-Host -AsSecureString)\n",
])
def test_what_a_command_line_option_is_not(text):
    assert found("README.md" if "parser" not in text else "cli.py", text) == []


def test_quoted_passphrases_but_not_messages():
    words = " ".join(rand(string.ascii_lowercase, 6) for _ in range(3))
    code = (f"ssh_passphrase = '{words}'\n"
            "errors = {'password': 'is too short'}\n"
            "labels = {'password': 'Enter your password'}\n")
    assert found("deploy/config.py", code) == [("SEC091", 1)]


def test_fill_in_is_a_form_a_test_types_in():
    pw = password()
    spec = f'fill_in "Password", with: "{pw}"\nclick_button "Sign in"\n'
    assert found("spec/features/sign_in_spec.rb", spec) == []  # made up: left out by default
    shown = make_plan(Config(select=("SEC",), secret_context_levels={"test": "note"}))
    assert found("spec/features/sign_in_spec.rb", spec, shown) == [("SEC091", 1)]


def test_a_query_parameter_at_the_end_of_a_url_literal_and_a_versioned_token():
    token = rand(B62, 31) + secrets.choice(string.digits)
    hex_token = rand("0123456789abcdef", 40)
    cs = f'class C {{ string u = "https://api.example.test/refresh?refreshToken={token}"; }}\n'
    assert found("Client.cs", cs) == [("SEC090", 1)]
    py = (f'reply = {{"token": "v1.{hex_token}"}}\n'
          "token = settings.v1.api_token_for_service_account\n")
    assert found("app/github_app.py", py) == [("SEC090", 1)]


def test_a_scope_is_not_an_assignment():
    php = ("<?php\n$this->expectExceptionMessage('Method \"App\\\\Token\\\\RememberMeToken::getUserName()\" "
           "must return a user');\n")
    assert found("T.php", php) == []
