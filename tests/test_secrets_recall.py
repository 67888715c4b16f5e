"""Recall on shapes CredData showed we missed (issue 14, session 3): UUID-shaped secrets under a secret
name, keys under names that end in ``key`` (SEC094), ``"Bearer ..."``/``"Basic ..."`` string literals,
Grafana/Akamai and other prefixed tokens. Every value is generated here; these cases are rule
regression tests, not evidence of accuracy (the numbers are in benchmarks/README.md)."""

from __future__ import annotations

import base64
import json
import secrets
import string
import uuid

import pytest

from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source
from tests.keygen import rand

PLAN = make_plan(Config(select=("SEC",)))
B62 = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


def found(path: str, text: str) -> list[tuple[str, int]]:
    result = scan_source(Source.from_bytes(path, text.encode()), PLAN)
    return sorted((f.rule_id, f.line) for f in result.findings)


def b62_with_digit(n: int) -> str:
    return rand(B62, n - 1) + secrets.choice(string.digits)


@pytest.mark.parametrize("template", [
    'requests.get(url, headers={{"X-Api-Key": "{u}"}})\n',
    'requests.get("https://api.example.test/v1/items?apikey={u}&page=2")\n',
    'HEROKU_API_KEY = "{u}"\n',
    'device_code = "{u}"\n',
])
def test_a_uuid_under_a_secret_name_is_reported(template):
    assert found("client.py", template.format(u=uuid.uuid4())) == [("SEC090", 1)]


@pytest.mark.parametrize("template", [
    'request_id = "{u}"\n', 'TENANT_ID = "{u}"\n', 'client_id = "{u}"\n', '{{"id": "{u}"}}\n',
    'key = "{u}"\n',
])
def test_a_uuid_under_an_id_name_is_not(template):
    assert found("client.py", template.format(u=uuid.uuid4())) == []


def test_a_key_under_a_name_ending_in_key_is_reported():
    k = base64.b64encode(secrets.token_bytes(32)).decode()
    while not any(ch.isdigit() for ch in k):
        k = base64.b64encode(secrets.token_bytes(32)).decode()
    code = f'PublicKeyInfo(key_id="1", key="{k}")\nsettings = {{"serverKey": "{k}"}}\n'
    assert found("client.py", code) == [("SEC094", 1), ("SEC094", 2)]


@pytest.mark.parametrize("name", ["cache_key", "public_key", "sort_key", "session_key", "PROPERTY_KEY"])
def test_a_key_of_a_data_structure_is_not(name):
    assert found("client.py", f'{name} = "{b62_with_digit(30)}"\n') == []


def test_a_key_made_of_words_or_too_short_is_not():
    assert found("client.py", 'key = "FakeSdk_includeOnrampFeatureFlag"\n') == []
    assert found("client.py", f'key = "{b62_with_digit(16)}"\n') == []  # 95 bits


def test_authorization_values_in_string_literals():
    token = b62_with_digit(32)
    basic = base64.b64encode(f"svc-{rand(B62, 6)}:{b62_with_digit(14)}".encode()).decode()
    code = (f'class C {{ void F() {{\n  var token = "Bearer {token}";\n'
            f'  req.Headers.Add("X-Auth", "Basic {basic}");\n'
            f'  var uri = "Bearer authorization_uri=https://login.example.test/{uuid.uuid4()}";\n}} }}\n')
    assert found("Client.cs", code) == [("SEC065", 2), ("SEC066", 3)]


def test_grafana_and_akamai():
    legacy = base64.b64encode(json.dumps({"k": b62_with_digit(32), "n": "deploy", "id": 1}, separators=(",", ":")).encode()).decode()
    cloud = base64.b64encode(json.dumps({"o": "1", "n": "ci", "k": b62_with_digit(32)}, separators=(",", ":")).encode()).decode()
    code = (f"GRAFANA_TOKEN=glsa_{b62_with_digit(32)}_{rand(HEX, 8)}\n"
            f"GRAFANA_API_KEY={legacy}\n"
            f"GRAFANA_CLOUD_TOKEN=glc_{cloud}\n"
            f"client_token = akab-{rand(string.ascii_lowercase + string.digits, 16)}-"
            f"{rand(string.ascii_lowercase + string.digits, 16)}\n"
            f"host = akab-{rand(string.ascii_lowercase, 16)}-{rand(string.ascii_lowercase, 16)}.luna.akamaiapis.net\n")
    assert found("deploy.env", code) == [("SEC062", 1), ("SEC063", 3), ("SEC064", 2), ("SEC069", 4)]


@pytest.mark.parametrize("rule, value", [
    ("SEC070", lambda: "glpat-" + b62_with_digit(20)),
    ("SEC071", lambda: "hf_" + rand(string.ascii_letters, 34)),
    ("SEC072", lambda: "dop_v1_" + rand(HEX, 64)),
    ("SEC073", lambda: "shpat_" + rand(HEX, 32)),
    ("SEC074", lambda: f"PMAK-{rand(HEX, 24)}-{rand(HEX, 34)}"),
    ("SEC075", lambda: "dapi" + rand(HEX, 32)),
    ("SEC076", lambda: "sk-ant-api03-" + rand(B62 + "_-", 93) + "AA"),
    ("SEC077", lambda: "sk-proj-" + rand(B62 + "_-", 64)),
    ("SEC078", lambda: f"{secrets.randbelow(10**9 - 10**8) + 10**8}:AA" + rand(B62 + "_-", 33)),
    ("SEC079", lambda: "hvs." + rand(B62 + "_-", 91)),
    ("SEC080", lambda: "NRAK-" + rand(string.ascii_uppercase + string.digits, 27)),
])
def test_prefixed_tokens(rule, value):
    assert found("deploy.sh", f"export DEPLOY_CREDENTIAL_VALUE={value()}\n") == [(rule, 1)]
