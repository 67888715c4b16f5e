"""The gate and the editor as a new user finds them (issue 19), through the real CLI."""

from __future__ import annotations

from tests.conftest import run_cli, write


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    write(tmp_path, {"ok.py": "x = 1\n"})
    missing = str(tmp_path / "nonexistent" / "path")
    run = run_cli("scan", missing)
    assert run.code == 2
    assert missing in run.err
    # One good and one mistyped path: still an error, naming the mistyped one only.
    run = run_cli("scan", str(tmp_path / "ok.py"), str(tmp_path / "typo.py"))
    assert run.code == 2 and "typo.py" in run.err and "ok.py" not in run.err
    run = run_cli("baseline", "create", missing, "-o", str(tmp_path / "b.json"))
    assert run.code == 2 and missing in run.err


LOOPS = "def f(a):\n    for x in a:\n        for y in a:\n            print(x, y)\n"
ESC = "\x1b["


def test_color_can_be_forced_into_a_pipe_and_follows_no_color_and_force_color(tmp_path):
    write(tmp_path, {"loops.py": LOOPS})
    target = str(tmp_path / "loops.py")
    assert ESC in run_cli("scan", "--color", "always", target).out  # stdout is a pipe here
    assert ESC not in run_cli("scan", "--color", "never", target, env={"FORCE_COLOR": "1", "NO_COLOR": ""}).out
    assert ESC in run_cli("scan", target, env={"FORCE_COLOR": "1", "NO_COLOR": ""}).out
    assert ESC not in run_cli("scan", target, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).out
    assert ESC not in run_cli("scan", target, env={"NO_COLOR": ""}).out  # auto: a pipe is not a terminal
    assert ESC not in run_cli("scan", "--no-color", target, env={"FORCE_COLOR": "1", "NO_COLOR": ""}).out


def test_text_output_names_notification_levels_as_json_does(tmp_path):
    write(tmp_path, {".scanner.toml": 'max-file-size = "1k"\n', "big.txt": "x = 1\n" * 400, "ok.py": "x = 1\n"})
    notes = run_cli("scan", str(tmp_path), "--format", "json").json()["notifications"]
    assert [(n["path"], n["level"]) for n in notes] == [("big.txt", "warning")]
    text = run_cli("scan", str(tmp_path), cwd=tmp_path).out
    assert "big.txt: warning: file is larger than max-file-size" in text
    assert "notice" not in text


def test_aws_pair_message_has_no_stray_separator(tmp_path):
    write(tmp_path, {"creds.ini": "[default]\naws_access_key_id = AKIAZ7FAKE3ABCDEFGHI\n"
                                  "aws_secret_access_key = FAKEq8Zf3kJ9Lm2Np4Rs6Tv8Xy0Bc2De4Fg6Hj8K\n"})
    found = run_cli("scan", str(tmp_path), "--format", "json").json()["findings"]
    messages = {f["line"]: f["message"] for f in found if f["rule_name"].startswith("aws-")}
    assert sorted(messages) == [2, 3]
    assert messages[2].endswith("(a secret access key is on line 3)"), messages[2]
    assert messages[3].endswith("(an access key id is on line 2)"), messages[3]
    assert not any("(;" in m for m in messages.values())


def test_text_paths_are_relative_to_the_current_directory(tmp_path):
    project = write(tmp_path / "project", {"app/sub/loops.py": LOOPS})
    # Scanning a subdirectory from the project: the path the user can open from here.
    run = run_cli("scan", "app/sub", cwd=project)
    assert "app/sub/loops.py:2:5: CX002" in run.out, run.out
    # From inside the scanned tree, and from elsewhere (an absolute path).
    assert "loops.py:2:5: CX002" in run_cli("scan", ".", cwd=project / "app" / "sub").out.splitlines()[0]
    elsewhere = write(tmp_path / "elsewhere", {"x.txt": ""})
    run = run_cli("scan", str(project / "app"), cwd=elsewhere)
    assert f"{project / 'app' / 'sub' / 'loops.py'}:2:5: CX002" in run.out
    # SARIF stays relative to %SRCROOT% (the scan root).
    sarif = run_cli("scan", "app/sub", "--format", "sarif", cwd=project).json()
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uriBaseId"] == "%SRCROOT%"
    assert uri["uri"] == "loops.py"


def test_every_rule_tagged_security_has_a_security_severity(tmp_path):
    run = run_cli("scan", str(tmp_path), "--select", "secret,complexity,data-flow,lint", "--format", "sarif")
    rules = run.json()["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > 100 and "PY021" in {r["id"] for r in rules}
    for rule in rules:
        props = rule["properties"]
        if "security" in props["tags"]:
            assert 0 < float(props.get("security-severity", "0")) <= 10, rule["id"]


def test_ci_docs_install_from_a_release_tag_that_pip_can_build(tmp_path):
    """docs/ci.md must not send users to `pip install scanner` (an unrelated PyPI package); its
    git-URL form, with the tag it names, builds this project's wheel (a local clone stands in for
    the hosted repository)."""
    import re
    import subprocess
    import sys
    import tomllib

    from scanner import __version__
    from tests.conftest import ROOT, git

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version == __version__
    ci = (ROOT / "docs" / "ci.md").read_text()
    assert not re.search(r"pip install\s+['\"]?scanner['\"]?\s*$", ci, re.MULTILINE)
    specs = set(re.findall(r"scanner @ git\+(https://\S+?)@(v[\w.]+)", ci))
    assert specs and {tag for _url, tag in specs} == {f"v{version}"}
    for name in ("docs/integrations.md", "README.md", ".pre-commit-hooks.yaml"):
        revs = re.findall(r"rev:\s*(\S+)", (ROOT / name).read_text())
        assert revs == [f"v{version}"], name

    clone = tmp_path / "scanner"
    subprocess.run(["git", "clone", "-q", "--no-local", str(ROOT), str(clone)], check=True, capture_output=True)
    git(clone, "tag", "-f", "-a", f"v{version}", "-m", f"scanner {version}")
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    f"scanner @ git+file://localhost{clone}@v{version}"], check=True, capture_output=True, timeout=600)
    assert [w.name for w in out.glob("*.whl")] == [f"scanner-{version}-py3-none-any.whl"]


# ----- --diff-base / --staged judge a finding by all of its evidence --------------------------

QUADRATIC_F = "def f(a):\n    for x in a:\n        for y in a:\n            print(x, y)\n"
CUBIC_F = "def f(a):\n    for x in a:\n        for y in a:\n            for z in a:\n                print(x, y, z)\n"
OLD_G = "\n\ndef g(b):\n    total = 0\n    for x in b:\n        for y in b:\n            total += x * y\n    return total\n"
VIEW = '''import sqlite3

from flask import request

SQL = "select * from t where a = "


def old_view():
    name = request.args["name"]
    # an old injection the branch does not touch
    return sqlite3.connect("db").execute(SQL + name)


def new_view():
    q = {q}
    db = sqlite3.connect("db")
    return db.execute(SQL + q)
'''


def _new(run) -> set[tuple[str, str, int]]:
    return {(f["rule_id"], f["path"], f["line"]) for f in run.json()["findings"] if not f["suppressed"]}


def _base_repo(repo):
    from tests.conftest import git

    write(repo, {"loops.py": QUADRATIC_F + OLD_G, "views.py": VIEW.format(q='"constant"'), "other.py": "x = 1\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return git


def test_diff_base_reports_a_finding_whose_evidence_changed_not_only_its_line(git_repo):
    git = _base_repo(git_repo)
    git(git_repo, "checkout", "-q", "-b", "feature")
    # A third inner loop (line 4; the finding sits on the unchanged outer loop, line 2) and a new
    # SQL injection made by changing only its source line (the sink, line 17, is unchanged).
    write(git_repo, {"loops.py": CUBIC_F + OLD_G, "views.py": VIEW.format(q='request.args["q"]')})
    git(git_repo, "commit", "-q", "-am", "feature")
    args = ("scan", "--diff-base", "main", "--format", "json", "--no-cache", "--select", "CX,DF001")
    full = _new(run_cli("scan", "--format", "json", "--no-cache", "--select", "CX,DF001", cwd=git_repo))
    assert {("CX002", "loops.py", 10), ("DF001", "views.py", 11)} <= full  # the old findings exist
    run = run_cli(*args, cwd=git_repo)
    assert run.code == 1
    assert _new(run) == {("CX001", "loops.py", 2), ("DF001", "views.py", 17)}
    # An unrelated change (a comment in g, another file) does not report the old findings.
    git(git_repo, "checkout", "-q", "main")
    git(git_repo, "checkout", "-q", "-b", "unrelated")
    write(git_repo, {"other.py": "x = 2\n", "loops.py": QUADRATIC_F + OLD_G + "\nVERSION = 2\n", "views.py": VIEW.format(q='"constant"').replace("import sqlite3\n",
                                                                                             "import sqlite3  # db\n")})
    git(git_repo, "commit", "-q", "-am", "unrelated")
    run = run_cli(*args, cwd=git_repo)
    assert run.code == 0 and _new(run) == set(), run.out


def test_staged_reports_a_finding_whose_evidence_changed_not_only_its_line(git_repo):
    git = _base_repo(git_repo)
    write(git_repo, {"loops.py": CUBIC_F + OLD_G, "views.py": VIEW.format(q='request.args["q"]')})
    git(git_repo, "add", "-A")
    run = run_cli("scan", "--staged", "--format", "json", "--select", "CX,DF001", cwd=git_repo)
    assert run.code == 1
    assert _new(run) == {("CX001", "loops.py", 2), ("DF001", "views.py", 17)}


def test_certificate_pairs_with_its_private_key_in_a_file_beside_it(tmp_path):
    from tests.keygen import certificate, ec_key, pem_private, rsa_key

    key = rsa_key()
    write(tmp_path, {
        "deploy/server.crt": certificate(key), "deploy/server.key": pem_private(key),
        # a certificate beside a key that is not its own
        "other/site.crt": certificate(ec_key()), "other/site.key": pem_private(rsa_key(3072)),
        # the matching key, but in another directory
        "elsewhere/copy.crt": certificate(key),
    })
    run = run_cli("scan", str(tmp_path), "--format", "json", "--no-cache")
    found = {(f["path"], f["rule_name"]): f for f in run.json()["findings"]}
    cert = found[("deploy/server.crt", "certificate")]
    assert (cert["rule_id"], cert["line"], cert["level"]) == ("SEC006", 1, "error")
    assert cert["message"].endswith("; its private key is in server.key (line 1))"), cert["message"]
    assert found[("deploy/server.key", "private-key")]["message"].endswith("; it matches the certificate in server.crt)")
    for lonely in ("other/site.crt", "elsewhere/copy.crt"):
        f = found[(lonely, "certificate")]
        assert f["level"] == "note" and "private key is in" not in f["message"], f
    assert "matches the certificate" not in found[("other/site.key", "private-key")]["message"]
    # SARIF: the pair points at each other, and the report is still valid.
    sarif = run_cli("scan", str(tmp_path), "--format", "sarif", "--no-cache").json()
    (res,) = [r for r in sarif["runs"][0]["results"]
              if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "deploy/server.crt"]
    assert res["level"] == "error"
    assert any(loc["physicalLocation"]["artifactLocation"]["uri"] == "deploy/server.key"
               for loc in res.get("relatedLocations", []))
