"""Private keys, certificates and key stores, with real material generated at test time."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization as ser

from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source
from tests.conftest import run_cli, write
from tests.keygen import certificate, dsa_key, ec_key, ed25519_key, pem_private, pkcs12, rsa_key

PLAN = make_plan(Config(select=("SEC",)))
TRAD, PKCS8, OPENSSH = ser.PrivateFormat.TraditionalOpenSSL, ser.PrivateFormat.PKCS8, ser.PrivateFormat.OpenSSH


def scan(path: str, text: str):
    return scan_source(Source.from_bytes(path, text.encode()), PLAN).findings


def only(findings, rule_id):
    return [f for f in findings if f.rule_id == rule_id]


@pytest.mark.parametrize("key,fmt,password,algo,level", [
    (rsa_key, TRAD, None, "RSA 2048-bit", "error"),
    (rsa_key, PKCS8, None, "RSA 2048-bit", "error"),
    (ec_key, TRAD, None, "EC secp256r1", "error"),
    (ec_key, PKCS8, None, "EC secp256r1", "error"),
    (dsa_key, TRAD, None, "DSA 2048-bit", "error"),
    (ed25519_key, PKCS8, None, "Ed25519", "error"),
    (ec_key, OPENSSH, None, "EC secp256r1", "error"),
    (ed25519_key, OPENSSH, None, "Ed25519", "error"),
    (rsa_key, PKCS8, b"pw", "encrypted PKCS#8", "warning"),  # ENCRYPTED PRIVATE KEY
    (rsa_key, TRAD, b"pw", "encrypted RSA", "warning"),  # legacy Proc-Type: 4,ENCRYPTED
])
def test_every_key_form_is_parsed(key, fmt, password, algo, level):
    pem = pem_private(key(), fmt, password)
    (f,) = only(scan("deploy/key.pem", "# deploy key\n" + pem), "SEC001")
    assert (f.line, f.level) == (2, level)
    assert algo in f.message
    assert pem.splitlines()[1] not in f.message + f.snippet


def test_escaped_newlines_in_service_account_json():
    pem = pem_private(rsa_key(), PKCS8)
    doc = json.dumps({"type": "service_account", "project_id": "p"}, indent=1)[:-2]
    text = doc + ',\n "private_key": ' + json.dumps(pem) + "\n}\n"
    (f,) = only(scan("sa.json", text), "SEC001")
    assert f.line == text.splitlines().index(next(ln for ln in text.splitlines() if "private_key" in ln)) + 1
    assert "RSA 2048-bit" in f.message and f.level == "error"


def test_concatenated_and_indented_literals():
    lines = pem_private(ec_key(), TRAD).splitlines()
    py = "KEY = (\n" + "".join(f'    "{ln}\\n"\n' for ln in lines) + ")\n"
    js = "const key =\n" + " +\n".join(f"  '{ln}\\n'" for ln in lines) + ";\n"
    yaml = "tls:\n  key: |\n" + "".join(f"    {ln}\n" for ln in lines)
    for path, text, line in (("k.py", py, 2), ("k.js", js, 2), ("k.yaml", yaml, 3)):
        (f,) = only(scan(path, text), "SEC001")
        assert (f.line, f.level) == (line, "error"), path
        assert "EC secp256r1" in f.message


def test_base64_of_a_whole_pem():
    pem = pem_private(rsa_key(), TRAD)
    b64 = base64.b64encode(pem.encode()).decode()
    text = f"apiVersion: v1\nkind: Secret\ndata:\n  tls.key: {b64}\n"
    (f,) = only(scan("secret.yaml", text), "SEC005")
    assert f.line == 4 and "RSA 2048-bit" in f.message and "base64" in f.message
    wrapped = "\n".join(b64[i:i + 76] for i in range(0, len(b64), 76))
    (f,) = only(scan("key.b64", "x\n" + wrapped + "\n"), "SEC005")
    assert f.line == 2


def test_header_without_body_and_public_keys_are_not_findings():
    text = ('BEGIN = "-----BEGIN RSA PRIVATE KEY-----"\nEND = "-----END RSA PRIVATE KEY-----"\n'
            + ec_key().public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo).decode())
    assert scan("parser.py", text) == ()


def test_certificate_is_a_note_and_an_error_next_to_its_key():
    key = ec_key()
    cert = certificate(key, "svc.example")
    (note,) = only(scan("ca.pem", cert), "SEC006")
    assert note.level == "note" and "CN=svc.example" in note.message and "expires" in note.message
    bundle = "# bundle\n" + cert + pem_private(key, PKCS8)
    (err,) = only(scan("bundle.pem", bundle), "SEC006")
    key_line = bundle.splitlines().index("-----BEGIN PRIVATE KEY-----") + 1
    assert (err.line, err.level) == (2, "error") and f"line {key_line}" in err.message
    other = "# bundle\n" + cert + pem_private(rsa_key(), PKCS8)
    (still_note,) = only(scan("other.pem", other), "SEC006")
    assert still_note.level == "note"
    # a certificate is public: in tests, docs and examples it is a fixture (its private key, if
    # any, is still reported by the key rule)
    assert only(scan("tests/keys/ca.pem", cert), "SEC006") == [] and only(scan("docs/ca.pem", cert), "SEC006") == []
    assert [f.rule_id for f in scan("tests/keys/bundle.pem", bundle)] == ["SEC001"]


def test_pkcs12_files_are_opened(tmp_path):
    key = rsa_key()
    cert = certificate(key)
    write(tmp_path, {"open.p12": pkcs12(key, cert), "locked.pfx": pkcs12(key, cert, b"s3cret"),
                     "readme.txt": "see open.p12\n"})
    run = run_cli("scan", str(tmp_path), "--format", "json", "--select", "SEC", "--no-cache")
    found = {(f["path"], f["rule_id"], f["line"], f["level"]) for f in run.json()["findings"]}
    assert found == {("open.p12", "SEC007", 1, "error"), ("locked.pfx", "SEC007", 1, "warning")}
    msg = next(f["message"] for f in run.json()["findings"] if f["path"] == "open.p12")
    assert "RSA 2048-bit" in msg


def _rs256(claims: dict, key) -> str:
    import base64
    import json

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    head = f"{enc(json.dumps({'alg': 'RS256', 'typ': 'JWT'}).encode())}.{enc(json.dumps(claims).encode())}"
    return f"{head}.{enc(key.sign(head.encode(), padding.PKCS1v15(), hashes.SHA256()))}"


def test_a_token_signed_by_the_key_beside_it_is_a_fixture_of_that_key():
    key, other = rsa_key(), rsa_key(3072)  # rsa_key() is cached: another size is another key
    pem = pem_private(key, PKCS8)
    own = f'KEY = """{pem}"""\nTOKEN = "{_rs256({"sub": "fixture"}, key)}"\n'
    assert [f.rule_id for f in scan("tests/test_tokens.py", own)] == ["SEC001"]
    foreign = f'KEY = """{pem}"""\nTOKEN = "{_rs256({"sub": "fixture"}, other)}"\n'
    assert sorted(f.rule_id for f in scan("tests/test_tokens.py", foreign)) == ["SEC001", "SEC060"]
