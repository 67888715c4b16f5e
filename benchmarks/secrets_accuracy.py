#!/usr/bin/env python3
"""Secret-detection accuracy: scanner and detect-secrets side by side on a labeled corpus.

    python benchmarks/secrets_accuracy.py                 # 12 samples per kind, seed 1
    python benchmarks/secrets_accuracy.py --per-kind 30 --seed 7 --keep /tmp/corpus

The corpus is generated on every run (nothing is committed): true secrets of every kind the
secret rules cover (provider tokens with valid checksums, real RSA/EC/DSA/Ed25519 keys in every
PEM and OpenSSH form, certificates and PKCS#12 files made with ``cryptography``, generic
secrets in code and config files) and hard look-alikes (documented examples, placeholders,
template variables, environment lookups, digests, git SHAs, SRI hashes, lockfiles, UUIDs, data
URIs, public keys, tokens with a wrong checksum, key headers without a body, certificate
requests...). Each sample is one file whose secret sits on known lines.

Scoring, per tool: a positive sample is found when the tool reports a finding on one of its
secret's lines; every other reported (file, line) is a false positive. Recall is per kind;
precision = found / (found + false positives), overall and per look-alike kind.

detect-secrets is not a project dependency: ``pip install detect-secrets`` to include it
(it is run as ``detect-secrets scan --all-files``, default plugins and filters).
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cryptography.hazmat.primitives import serialization as ser

from tests import keygen

ALNUM = string.ascii_letters + string.digits
URL64 = ALNUM + "-_"
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@dataclass
class Sample:
    kind: str
    positive: bool
    path: str
    content: str | bytes
    lines: tuple[int, ...] = ()  # where the secret is (positives)


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def checksum_token(self, prefix: str, good: bool = True) -> str:
        payload = self.s(ALNUM, 30)
        alphabet = keygen.B62 if self.rng.random() < 0.5 else keygen.B62_LOWER_FIRST
        check = keygen.base62(zlib.crc32(payload.encode()), alphabet)
        if not good:
            check = check[:-1] + ("A" if check[-1] != "A" else "B")
        return prefix + payload + check

    def jwt(self) -> str:
        def enc(obj) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

        claims = {"sub": self.s(ALNUM, 10), "iat": 1700000000, "exp": 1700000000 + self.rng.randint(0, 10**9)}
        alg = self.rng.choice(["HS256", "RS256", "ES256"])
        return f"{enc({'alg': alg, 'typ': 'JWT'})}.{enc(claims)}.{self.s(URL64, 43)}"


# One secret-named assignment in each file format: (path, template, line of the value).
# {S}: SCREAMING_SNAKE, {s}: snake_case, {c}: camelCase, {v}: the value.
FORMATS = [
    ("app/settings.py", "import os\n\nDEBUG = False\n{S} = \"{v}\"\n", 4),
    ("src/config.js", "module.exports = {{\n  port: 8080,\n  {c}: '{v}',\n}};\n", 3),
    ("cmd/main.go", "package main\n\nconst {c} = \"{v}\"\n", 3),
    ("src/App.java", "class App {{\n    static final String {S} = \"{v}\";\n}}\n", 2),
    (".env", "PORT=8080\n{S}={v}\n", 2),
    ("app.ini", "[service]\nhost = api.internal\n{s} = {v}\n", 3),
    ("deploy/values.yaml", "service:\n  host: api.internal\n  {s}: \"{v}\"\n", 3),
    ("config/app.json", "{{\n  \"host\": \"api.internal\",\n  \"{c}\": \"{v}\"\n}}\n", 3),
    ("config.toml", "[service]\n{s} = \"{v}\"\n", 2),
    ("app.properties", "service.host=api.internal\nservice.{c}={v}\n", 2),
]


def code_line(g: Gen, name: str, value: str) -> tuple[str, str, int]:
    """(path, text, line) with ``name = value`` written in one of many file formats."""
    path, template, line = g.rng.choice(FORMATS)
    snake = name.lower()
    camel = snake.split("_")[0] + "".join(w.title() for w in snake.split("_")[1:])
    return path, template.format(S=snake.upper(), s=snake, c=camel, v=value), line


def pem_lines(text: str, marker: str = "-----BEGIN") -> tuple[int, ...]:
    lines = text.splitlines()
    return tuple(i + 1 for i, ln in enumerate(lines) if marker in ln)[:1]


def positives(g: Gen) -> dict[str, callable]:
    def token_file(value: str, prefix_line: str = "# service credentials") -> tuple[str, str, tuple[int, ...]]:
        return "conf/service.cfg", f"{prefix_line}\nvalue = {value}\n", (2,)

    def key_file(key, fmt, password=None):
        pem = keygen.pem_private(key, fmt, password)
        text = "# deploy key\n" + pem
        return "keys/deploy.pem", text, (2,)

    rsa, ec = keygen.rsa_key, keygen.ec_key
    T, P8, SSH = ser.PrivateFormat.TraditionalOpenSSL, ser.PrivateFormat.PKCS8, ser.PrivateFormat.OpenSSH

    def escaped_json():
        pem = keygen.pem_private(rsa(), P8)
        text = '{\n  "type": "service_account",\n  "private_key": ' + json.dumps(pem) + "\n}\n"
        return "sa.json", text, (3,)

    def concatenated():
        lines = keygen.pem_private(ec(), T).splitlines()
        text = "KEY = (\n" + "".join(f'    "{ln}\\n"\n' for ln in lines) + ")\n"
        return "app/keys.py", text, (2,)

    def base64_pem():
        b = base64.b64encode(keygen.pem_private(rsa(), T).encode()).decode()
        return "k8s/secret.yaml", f"kind: Secret\ndata:\n  tls.key: {b}\n", (3,)

    def cert_and_key():
        key = ec()
        text = keygen.certificate(key, "svc.internal") + keygen.pem_private(key, P8)
        return "tls/bundle.pem", text, (1, len(text.splitlines()) - 4)

    def pgp():
        body = "\n".join(g.s(B64, 64) for _ in range(8))
        return "keys/secret.asc", f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{body}\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----\n", (1,)

    def putty():
        pub = "\n".join(g.s(B64, 64) for _ in range(2))
        priv = g.s(B64, 48)
        text = (f"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n{pub}\n"
                f"Private-Lines: 1\n{priv}\nPrivate-MAC: {g.s(HEX, 64)}\n")
        return "keys/deploy.ppk", text, (1,)

    def ssh2():
        body = "\n".join(g.s(B64, 64) for _ in range(6))
        return "keys/id_ssh2", f"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: \"deploy\"\n{body}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n", (1,)

    def p12():
        key = rsa()
        return "certs/client.p12", keygen.pkcs12(key, keygen.certificate(key)), (1,)

    def client_json():
        text = ('{"installed": {\n  "client_id": "%s-%s.apps.googleusercontent.com",\n  "client_secret": "GOCSPX-%s",\n'
                '  "redirect_uris": ["http://localhost"]\n}}\n') % (g.s("0123456789", 12), g.s(HEX, 32), g.s(URL64, 28))
        return "client_secret_1.json", text, (3,)

    def aws_pair():
        text = (f"[default]\naws_access_key_id = AKIA{g.s(B32, 16)}\n"
                f"aws_secret_access_key = {g.s(B64, 40)}\n")
        return ".aws/credentials", text, (2, 3)

    def generic(name):
        def make():
            path, text, line = code_line(g, name, g.s(ALNUM + "-_", g.rng.randint(20, 40)))
            return path, text, (line,)
        return make

    def basic():
        cred = base64.b64encode(f"svc:{g.s(ALNUM, 16)}".encode()).decode()
        return "scripts/call.sh", f"#!/bin/sh\ncurl -H 'Authorization: Basic {cred}' https://api.internal/\n", (2,)

    return {
        "github-classic": lambda: token_file(g.checksum_token(g.rng.choice(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]))),
        "github-fine-grained": lambda: token_file("github_pat_" + g.s(ALNUM, 22) + "_" + g.s(ALNUM, 59)),
        "google-client-secret": lambda: token_file("GOCSPX-" + g.s(URL64, 28)),
        "google-access-token": lambda: token_file("ya29." + g.s(URL64, 150)),
        "google-refresh-token": lambda: token_file("1//0" + g.s(URL64, 100)),
        "google-api-key": lambda: token_file("AIza" + g.s(URL64, 35)),
        "google-client-secret-json": client_json,
        "slack-token": lambda: token_file(f"xox{g.rng.choice('bpa')}-{g.s('0123456789', 12)}-{g.s('0123456789', 13)}-{g.s(ALNUM, 24)}"),
        "slack-webhook": lambda: token_file(f"https://hooks.slack.com/services/T{g.s(B32, 10)}/B{g.s(B32, 10)}/{g.s(ALNUM, 24)}"),
        "entra-client-secret": lambda: token_file(g.s(ALNUM, 3) + g.s("0123456789", 1) + "Q~" + g.s(ALNUM + "_~.-", 34)),
        "facebook-token": lambda: token_file("EAA" + g.s(ALNUM, 180)),
        "aws-key-pair": aws_pair,
        "stripe": lambda: token_file(f"sk_live_{g.s(ALNUM, 99)}"),
        "npm": lambda: token_file(g.checksum_token("npm_")),
        "pypi": lambda: token_file("pypi-AgEIcHlwaS5vcmc" + g.s(URL64, 160)),
        "sendgrid": lambda: token_file(f"SG.{g.s(URL64, 22)}.{g.s(URL64, 43)}"),
        "twilio": lambda: token_file("SK" + g.s(HEX, 32)),
        "jwt": lambda: token_file(g.jwt()),
        "bearer": lambda: ("scripts/call.sh", f"#!/bin/sh\ncurl -H 'Authorization: Bearer {g.s(ALNUM, 40)}' https://api.internal/\n", (2,)),
        "basic-auth": basic,
        "url-credentials": lambda: token_file(f"postgres://app:{g.s(ALNUM, 20)}@db.prod.internal:5432/app"),
        "key-rsa-pkcs1": lambda: key_file(rsa(), T),
        "key-pkcs8": lambda: key_file(g.rng.choice([rsa, ec])(), P8),
        "key-pkcs8-encrypted": lambda: key_file(rsa(), P8, b"pass"),
        "key-pkcs1-encrypted": lambda: key_file(rsa(), T, b"pass"),
        "key-ec": lambda: key_file(ec(), T),
        "key-dsa": lambda: key_file(keygen.dsa_key(), T),
        "key-openssh": lambda: key_file(g.rng.choice([ec, keygen.ed25519_key])(), SSH),
        "key-escaped-json": escaped_json,
        "key-concatenated": concatenated,
        "key-base64-pem": base64_pem,
        "key-pgp": pgp,
        "key-putty": putty,
        "key-ssh2": ssh2,
        "certificate+key": cert_and_key,
        "pkcs12": p12,
        "generic-password": generic("db_password"),
        "generic-api-key": generic("api_key"),
        "generic-client-secret": generic("client_secret"),
        "generic-token": generic("auth_token"),
    }


def lookalikes(g: Gen) -> dict[str, callable]:
    def f(text: str, path: str = "conf/app.cfg"):
        return path, text

    def placeholder():
        v = g.rng.choice(["xxxxxxxxxxxxxxxxxxxxxxxx", "<your-api-key>", "${API_KEY}", "{{ secrets.API_KEY }}",
                          "YOUR_API_KEY_HERE", "changeme", "********", "%(api_key)s", "REPLACE_ME"])
        path, text, _ = code_line(g, g.rng.choice(["api_key", "db_password", "client_secret"]), v)
        return path, text

    def env_lookup():
        return g.rng.choice([
            ("app.py", "import os\nAPI_KEY = os.environ['API_KEY']\nDB_PASSWORD = os.getenv('DB_PASSWORD', '')\n"),
            ("app.js", "const apiKey = process.env.API_KEY;\nconst token = process.env.GITHUB_TOKEN;\n"),
            ("ci.yml", "env:\n  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n"),
        ])

    def digest():
        name = g.rng.choice(["sha256", "checksum", "token_hash", "password_digest", "commit", "etag"])
        return f(f"{name} = {g.s(HEX, g.rng.choice([40, 64]))}\n")

    def sri():
        v = base64.b64encode(g.rng.randbytes(64)).decode()
        return "package-lock.json", ('{\n  "packages": {\n    "node_modules/x": {\n      "version": "1.0.0",\n'
                                     f'      "integrity": "sha512-{v}"\n    }}\n  }}\n}}\n')

    def lockfile():
        return "poetry.lock", (f'[[package]]\nname = "x"\nversion = "1.0"\n[metadata]\ncontent-hash = "{g.s(HEX, 64)}"\n'
                               f'[package.source]\ntoken = "{g.s(ALNUM, 32)}"\n')

    def uuid_():
        import uuid

        return f(f"session_token = {uuid.UUID(int=g.rng.getrandbits(128))}\n")

    def data_uri():
        v = base64.b64encode(g.rng.randbytes(60)).decode()
        return f(f"avatar_token = data:image/png;base64,{v}\n")

    def public_key():
        key = g.rng.choice([keygen.rsa_key, keygen.ec_key])()
        if g.rng.random() < 0.5:
            pem = key.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo).decode()
            return "keys/deploy.pub.pem", pem
        ssh = key.public_key().public_bytes(ser.Encoding.OpenSSH, ser.PublicFormat.OpenSSH).decode()
        return "keys/authorized_keys", ssh + " deploy@host\n"

    def csr():
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes
        from cryptography.x509.oid import NameOID

        key = keygen.ec_key()
        req = (x509.CertificateSigningRequestBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "svc.internal")]))
               .sign(key, hashes.SHA256()))
        return "tls/svc.csr", req.public_bytes(ser.Encoding.PEM).decode()

    def header_only():
        return "app/pem.py", ('BEGIN = "-----BEGIN RSA PRIVATE KEY-----"\nEND = "-----END RSA PRIVATE KEY-----"\n'
                              "def is_key(text):\n    return BEGIN in text and END in text\n")

    def code_values():
        return g.rng.choice([
            ("app.py", "api_key = get_api_key(settings.ENVIRONMENT)\npassword = form.cleaned_data['password']\n"),
            ("app.js", "const token = await auth.getToken(user.id);\nconst secret = config.clientSecret;\n"),
            ("app.go", "password := os.Getenv(\"DB_PASSWORD\")\ntoken := auth.NewToken(user)\n"),
        ])

    def password_hash():
        return "fixtures/users.json", (f'[{{"username": "admin", "password": "pbkdf2_sha256$600000${g.s(ALNUM, 22)}$'
                                       f'{base64.b64encode(g.rng.randbytes(32)).decode()}"}}]\n')

    return {
        "aws-documented-example": lambda: f("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                                            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
        "placeholder": placeholder,
        "env-lookup": env_lookup,
        "hex-digest": digest,
        "git-sha": lambda: f(f"revision: {g.s(HEX, 40)}\nparent {g.s(HEX, 40)}\n", "meta.txt"),
        "sri-integrity": sri,
        "lockfile": lockfile,
        "uuid": uuid_,
        "data-uri": data_uri,
        "public-key": public_key,
        "certificate-request": csr,
        "key-header-only": header_only,
        "github-wrong-checksum": lambda: f(f"token = {g.checksum_token('ghp_', good=False)}\n"),
        "npm-wrong-checksum": lambda: f(f"//registry.npmjs.org/:_authToken={g.checksum_token('npm_', good=False)}\n", ".npmrc"),
        "code-not-value": code_values,
        "password-hash": password_hash,
    }


def build(root: Path, per_kind: int, seed: int) -> list[Sample]:
    g = Gen(seed)
    out: list[Sample] = []
    for kind, make in positives(g).items():
        for i in range(per_kind):
            path, content, lines = make()
            p = f"pos/{kind}/{i}/{path}"
            out.append(Sample(kind, True, p, content, lines))
    for kind, make in lookalikes(g).items():
        for i in range(per_kind):
            path, content = make()
            out.append(Sample(kind, False, f"neg/{kind}/{i}/{path}", content))
    for s in out:
        target = root / s.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(s.content, bytes):
            target.write_bytes(s.content)
        else:
            target.write_text(s.content, encoding="utf-8")
    return out


def run_scanner(root: Path) -> set[tuple[str, int]]:
    from scanner.config import Config
    from scanner.engine import scan_paths

    result = scan_paths([root], Config(select=("SEC",), respect_gitignore=False), jobs=1)
    return {(f.path, f.line) for f in result.findings}


def run_detect_secrets(root: Path) -> set[tuple[str, int]] | None:
    exe = shutil.which("detect-secrets") or str(Path(sys.executable).parent / "detect-secrets")
    if not Path(exe).exists():
        return None
    proc = subprocess.run([exe, "scan", "--all-files", "."], cwd=root, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"detect-secrets failed: {proc.stderr.strip()[:200]}", file=sys.stderr)
        return None
    data = json.loads(proc.stdout)
    return {(path, r["line_number"]) for path, results in data["results"].items() for r in results}


@dataclass
class Score:
    found: dict[str, int]
    total: dict[str, int]
    fps: dict[str, int]

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.total.values()))

    @property
    def precision(self) -> float:
        tp = sum(self.found.values())
        return tp / max(1, tp + sum(self.fps.values()))


def score(samples: list[Sample], reported: set[tuple[str, int]]) -> Score:
    found: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    fps: dict[str, int] = defaultdict(int)
    by_path = {s.path: s for s in samples}
    claimed: set[tuple[str, int]] = set()
    for s in samples:
        if s.positive:
            total[s.kind] += 1
            hits = {(s.path, n) for n in s.lines} & reported
            if hits:
                found[s.kind] += 1
                claimed |= hits
    for path, line in reported - claimed:
        s = by_path.get(path)
        fps[s.kind if s else "other"] += 1
    return Score(found, total, fps)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-kind", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", metavar="DIR", help="write the corpus here and keep it")
    args = ap.parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="secrets-corpus-"))
    try:
        samples = build(root, args.per_kind, args.seed)
        kinds_pos = sorted({s.kind for s in samples if s.positive})
        kinds_neg = sorted({s.kind for s in samples if not s.positive})
        n_pos = sum(s.positive for s in samples)
        print(f"corpus: {n_pos} true secrets in {len(kinds_pos)} kinds, {len(samples) - n_pos} look-alikes in "
              f"{len(kinds_neg)} kinds (seed {args.seed})\n")
        t = time.perf_counter()
        tools = {"scanner": run_scanner(root)}
        times = {"scanner": time.perf_counter() - t}
        t = time.perf_counter()
        ds = run_detect_secrets(root)
        if ds is None:
            print("detect-secrets is not installed: `pip install detect-secrets` to compare.\n")
        else:
            tools["detect-secrets"] = ds
            times["detect-secrets"] = time.perf_counter() - t
        scores = {name: score(samples, rep) for name, rep in tools.items()}
        names = list(scores)
        print(f"{'recall by kind':28}" + "".join(f"{n:>16}" for n in names))
        for k in kinds_pos:
            print(f"{k:28}" + "".join(f"{scores[n].found.get(k, 0):>10}/{scores[n].total[k]:<5}" for n in names))
        print(f"\n{'false positives by kind':28}" + "".join(f"{n:>16}" for n in names))
        for k in kinds_neg + sorted({k for s in scores.values() for k in s.fps} - set(kinds_neg)):
            print(f"{k:28}" + "".join(f"{scores[n].fps.get(k, 0):>16}" for n in names))
        print()
        for n in names:
            s = scores[n]
            print(f"{n:16} recall {s.recall:.3f}   precision {s.precision:.3f}   "
                  f"({sum(s.found.values())} found, {sum(s.fps.values())} false positives, {times[n]:.1f} s)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
