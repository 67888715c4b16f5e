"""Secrets stay secret: the scanner must never become the leak.

A corpus of real-format secrets, built at test time (real keys and a certificate from
``tests/keygen.py``, tokens with valid checksums and random bodies), is scanned in every output
format, with the result cache and a baseline, with ``--debug``, through the git paths
(``--staged``, ``--history``), with ``--diff``, and with a file that fails to parse and holds a
secret on its failing line. Then every artifact the runs produced (stdout, stderr, output files,
every file in the cache directory, the baseline) is searched for each secret value.
"""

from __future__ import annotations

import base64
import json
import secrets
import string
import zlib
from pathlib import Path

import pytest

from tests.conftest import git, run_cli, write
from tests.keygen import certificate, ec_key, pem_private, rsa_key

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def _rand(alphabet: str, n: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def _base62(n: int, width: int = 6) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def github_token(prefix: str = "ghp_") -> str:
    """GitHub's format: 30 random base62 characters and their CRC32 in 6 base62 digits."""
    body = _rand(B62, 30)
    return prefix + body + _base62(zlib.crc32(body.encode()))


def jwt() -> str:
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return ".".join([part({"alg": "HS256", "typ": "JWT"}),
                     part({"sub": _rand(string.digits, 10), "name": "Leak Test", "iat": 1700000000}),
                     _rand(string.ascii_letters + string.digits + "-_", 43)])


def corpus() -> dict[str, str]:
    """name -> secret value. Every value is new on every run."""
    from cryptography.hazmat.primitives import serialization

    rsa, ec = rsa_key(), ec_key()
    return {
        "rsa_pkcs1": pem_private(rsa),
        "rsa_pkcs8": pem_private(rsa, serialization.PrivateFormat.PKCS8),
        "ec": pem_private(ec),
        "github_pat": github_token("ghp_"),
        "github_oauth": github_token("gho_"),
        "github_app": github_token("ghs_"),
        "npm": github_token("npm_"),
        "aws_key_id": "AKIA" + _rand(string.ascii_uppercase + "234567", 16),
        "aws_secret": _rand(string.ascii_letters + string.digits + "+/", 40),
        "slack": f"xoxb-{_rand(string.digits, 12)}-{_rand(string.digits, 13)}-{_rand(string.ascii_letters + string.digits, 24)}",
        "stripe": "sk_live_" + _rand(string.ascii_letters + string.digits, 32),
        "google_api": "AIza" + _rand(string.ascii_letters + string.digits + "-_", 35),
        "jwt": jwt(),
        "url_password": _rand(string.ascii_letters + string.digits, 18),
        "bearer": _rand(string.ascii_letters + string.digits, 40),
        "generic_password": _rand(string.ascii_letters + string.digits + "!#%", 24),
        "broken_line_token": github_token("ghp_"),
    }


def needles(value: str) -> list[str]:
    """What must never appear: the value, and for PEM blocks each body line (a partial key is a leak)."""
    out = [value]
    if value.startswith("-----BEGIN"):
        out += [line for line in value.splitlines() if not line.startswith("-----") and len(line) >= 16]
    return out


@pytest.fixture(scope="module")
def leaky(tmp_path_factory):
    c = corpus()
    cert = certificate(ec_key())
    repo = tmp_path_factory.mktemp("leak") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    files = {
        "keys/id_rsa": c["rsa_pkcs1"],
        "keys/pkcs8.pem": c["rsa_pkcs8"],
        "keys/server.pem": c["ec"] + cert,
        "app/settings.py": (
            "import os\n\n"
            f"GITHUB_TOKEN = \"{c['github_pat']}\"\n"
            f"OAUTH = '{c['github_oauth']}'\n"
            f"APP_TOKEN = '{c['github_app']}'\n"
            f"AWS_ACCESS_KEY_ID = '{c['aws_key_id']}'\n"
            f"AWS_SECRET_ACCESS_KEY = '{c['aws_secret']}'\n"
            f"SLACK = '{c['slack']}'\n"
            f"STRIPE_KEY = '{c['stripe']}'\n"
            f"GOOGLE = '{c['google_api']}'\n"
            f"DATABASE_URL = 'postgres://admin:{c['url_password']}@db.internal.corp:5432/app'\n"
            f"HEADERS = {{'Authorization': 'Bearer {c['bearer']}'}}\n"
            f"password = \"{c['generic_password']}\"\n"
        ),
        "web/client.js": f"const npmToken = \"{c['npm']}\";\nconst session = '{c['jwt']}';\n",
        # fails to parse, with the secret on the failing line: parse errors must not quote it
        "broken.py": f"def f(:\n    token = \"{c['broken_line_token']}\" +\n",
        "broken.js": f"function ( {{ const t = '{c['broken_line_token']}'\n",
        "notebook.ipynb": json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                                                  "execution_count": 1,
                                                  "source": [f"key = '{c['github_pat']}'\n"]}],
                                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
    }
    write(repo, files)
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "secrets")
    # a staged change that adds another copy, for --staged
    (repo / "app" / "later.py").write_text(f"TOKEN = '{c['github_pat']}'\nimport os\n")
    git(repo, "add", "app/later.py")
    return repo, {**c, "certificate_body": "".join(cert.splitlines()[1:-1])}


def _artifacts(paths: list[Path]) -> dict[str, str]:
    out = {}
    for p in paths:
        files = [p] if p.is_file() else sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else []
        for f in files:
            out[str(f)] = f.read_bytes().decode("utf-8", "replace")
    return out


def test_no_secret_in_any_artifact_of_any_run(leaky, tmp_path):
    repo, c = leaky
    outdir = tmp_path / "out"
    outdir.mkdir()
    cache = tmp_path / "cache"
    baseline = tmp_path / "baseline.json"
    seen: dict[str, str] = {}
    codes = []

    def run(*args: str, name: str) -> None:
        r = run_cli(*args, cwd=repo)
        codes.append((name, r.code, r.err[-500:]))
        seen[f"{name}: stdout"] = r.out
        seen[f"{name}: stderr"] = r.err

    base = ("scan", str(repo), "--cache-dir", str(cache))
    # the first run fills the cache, the others read it; stdout and -o files carry the same renderers
    run(*base, "--format", "text", name="text (cold cache)")
    for fmt in ("text", "json", "sarif", "github"):
        run(*base, "--format", fmt, "-o", str(outdir / f"report.{fmt}"), "--debug", name=f"{fmt} -o --debug")
    run("baseline", "create", str(repo), "-o", str(baseline), name="baseline create")
    run(*base, "--baseline", str(baseline), "--format", "sarif", name="scan --baseline")
    run(*base, "--no-cache", "--format", "json", "-j", "2", "--debug", name="no cache, pool")
    run("scan", "--staged", "--format", "json", name="--staged")
    run("scan", "--history", "--format", "sarif", name="--history")
    run(*base, "--diff", "--no-cache", name="--diff")
    seen.update(_artifacts([outdir, cache, baseline, repo / ".scanner-cache"]))

    # every run worked and found secrets (a scan that crashed would leak nothing and prove nothing)
    for name, code, err in codes:
        assert code in (0, 1), (name, code, err)
    assert codes[0][1] == 1
    sarif = json.loads((outdir / "report.sarif").read_text())
    found = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
             for r in sarif["runs"][0]["results"]}
    assert ("SEC001", "keys/id_rsa") in found and ("SEC010", "app/settings.py") in found, found
    assert any(uri == "broken.py" for _, uri in found)  # the parse error is reported, and the token on it
    assert cache.is_dir() and any(cache.iterdir())
    assert baseline.is_file()

    leaks = [(name, where) for name, value in c.items() for n in needles(value)
             for where, text in seen.items() if n in text]
    assert not leaks, f"secret values found in scanner output: {leaks[:10]}"


@pytest.mark.parametrize("select", [None, "lint", "PY030"])
def test_other_findings_on_a_secret_line_mask_the_secret(tmp_path, select):
    """A lint finding quotes its line: a token on that line is masked even when no secret rule runs."""
    from tests.conftest import run_cli, write
    from tests.keygen import checksum_token

    token = checksum_token("ghp_")
    write(tmp_path, {"client.py": (
        "import requests\n\n"
        f'requests.get("https://api.example.com", headers={{"Authorization": "token {token}"}}, verify=False)\n'
    )})
    args = ["scan", str(tmp_path), "--no-cache"] + (["--select", select] if select else [])
    for fmt in ("text", "json", "sarif", "github"):
        run = run_cli(*args, "--format", fmt)
        assert run.code == 1, run.err
        assert token not in run.out + run.err, fmt
        assert token[4:20] not in run.out + run.err, fmt
    findings = run_cli(*args, "--format", "json").json()["findings"]
    assert any(f["rule_id"] == "PY030" and f["line"] == 3 for f in findings)
