"""No output format ever holds a secret: only a short masked form (text, JSON, SARIF, GitHub)."""

from __future__ import annotations

import string

import pytest

from tests.conftest import run_cli, write
from tests.keygen import certificate, checksum_token, ec_key, jwt, pem_private, rand

ALNUM = string.ascii_letters + string.digits


def leaks(output: str, secret: str, width: int = 8) -> list[str]:
    """Every run of ``width`` characters of the secret that shows up in the output."""
    return [secret[i:i + width] for i in range(len(secret) - width + 1) if secret[i:i + width] in output]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("leaky")
    key = ec_key()
    pem = pem_private(key)
    secrets = {
        "github": checksum_token("ghp_"),
        "generic": rand(ALNUM, 28),
        "jwt": jwt({"sub": "x", "exp": 4102444800}),
        "url": rand(ALNUM, 18),
        "aws": rand(ALNUM + "/+", 40),
    }
    write(root, {
        "app.py": f"GH = '{secrets['github']}'\nclient_secret = '{secrets['generic']}'\n",
        "deploy.env": f"TOKEN_JWT={secrets['jwt']}\nDB=postgres://app:{secrets['url']}@db.prod:5432/x\n"
                      f"aws_secret_access_key={secrets['aws']}\n",
        "tls/bundle.pem": certificate(key) + pem,
    })
    body = [ln for ln in pem.splitlines() if not ln.startswith("-----")]
    return root, secrets, body


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_format_contains_a_secret(project, fmt):
    root, secrets, key_lines = project
    run = run_cli("scan", str(root), "--format", fmt, "--no-cache", "--select", "SEC")
    assert run.code == 1
    out = run.out + run.err
    for name, secret in secrets.items():
        assert not leaks(out, secret), (name, leaks(out, secret))
    for line in key_lines:
        assert not leaks(out, line, 12), line
    if fmt == "json":
        rules = {f["rule_id"] for f in run.json()["findings"]}
        assert {"SEC010", "SEC090", "SEC060", "SEC067", "SEC046", "SEC001", "SEC006"} <= rules


def test_fingerprint_follows_the_secret_not_the_line(tmp_path):
    token = checksum_token("ghp_")
    write(tmp_path, {"a.py": f"T = '{token}'\n"})
    first = run_cli("scan", str(tmp_path), "--format", "json", "--no-cache").json()["findings"][0]
    write(tmp_path, {"a.py": f"# moved down\n\nT = '{token}'\n"})
    moved = run_cli("scan", str(tmp_path), "--format", "json", "--no-cache").json()["findings"][0]
    assert moved["line"] == 3 and moved["fingerprint"] == first["fingerprint"]
