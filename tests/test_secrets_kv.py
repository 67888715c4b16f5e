"""Issue 14: key/value secrets read on the tree-sitter tree, in Kotlin, PHP, C#, Ruby (and the languages
that had a grammar before). Values are generated at test time. These are cases written beside the code
(regression tests), not evidence of accuracy: that is benchmarks/credata.py and the real-world benchmark."""

from __future__ import annotations

import string

import pytest

from scanner.config import Config
from scanner.engine import make_plan, scan_source
from scanner.source import Source
from tests.keygen import rand

PLAN = make_plan(Config(select=("SEC",)))
ALNUM = string.ascii_letters + string.digits
GENERIC = ("SEC090", "SEC091")  # either rule may win a random-looking password


def key() -> str:
    """A random-looking value: a generic secret for SEC090, a password for SEC091."""
    return "Q" + rand(ALNUM, 23)


def lines_of(path: str, text: str, rules=GENERIC) -> list[int]:
    result = scan_source(Source.from_bytes(path, text.encode()), PLAN)
    return sorted(f.line for f in result.findings if f.rule_id in rules)


@pytest.mark.parametrize("path,code,line", [
    # Kotlin: a typed property, a const, a named argument, a map entry, a setter with a literal key
    ("Settings.kt", 'val password: String = "{k}"\n', 1),
    ("Settings.kt", 'object C {{\n    private const val AES_KEY = "{k}"\n}}\n', 2),
    ("Client.kt", 'fun f() {{\n    login(user = u, password = "{k}")\n}}\n', 2),
    ("Client.kt", 'val m = mapOf("user" to u, "password" to "{k}")\n', 1),
    ("Client.kt", 'fun f() {{ props.setProperty("db.password", "{k}") }}\n', 1),
    ("Client.kt", 'val signingKey =\n    "{k}"\n', 2),  # the value on the next line
    # PHP: $key, array entries, class properties and constants, define(), $this->secret
    ("config.php", "<?php\n$key = '{k}';\n", 2),
    ("config.php", "<?php\n$config = [\n    'db_password' => '{k}',\n];\n", 3),
    ("User.php", "<?php\nclass A {{\n    private string $apiSecret = '{k}';\n}}\n", 3),
    ("User.php", "<?php\nclass A {{ const AES_KEY = '{k}'; }}\n", 2),
    ("wp-config.php", "<?php\ndefine('AUTH_KEY', '{k}');\n", 2),
    ("User.php", '<?php\n$this->secret = "{k}";\n', 2),
    # C#: fields, properties, object and collection initializers, named arguments, verbatim strings
    ("Client.cs", 'class A {{\n    const string proxyPassword = "{k}";\n}}\n', 2),
    ("Client.cs", 'class A {{\n    public string Token {{ get; set; }} = "{k}";\n}}\n', 2),
    ("Client.cs", 'class A {{\n    static readonly string AesKey = @"{k}";\n}}\n', 2),
    ("Client.cs", 'var c = new NetworkCredential {{ UserName = "u", Password = "{k}" }};\n', 1),
    ("Client.cs", 'var d = new Dictionary<string, string> {{ {{ "apiKey", "{k}" }} }};\n', 1),
    ("Client.cs", 'var d = new Dictionary<string, string> {{ ["password"] = "{k}" }};\n', 1),
    ("Client.cs", 'class A {{ void F() {{ cfg["db:password"] = "{k}"; }} }}\n', 1),
    ("Client.cs", 'class A {{ void F() {{ Login(password: "{k}"); }} }}\n', 1),
    # Ruby: hashes in both syntaxes, config setters, instance variables, keyword arguments
    ("app.rb", 'h = {{ password: "{k}" }}\n', 1),
    ("app.rb", "h = {{ :api_key => '{k}' }}\n", 1),
    ("config/initializers/twitter.rb", "config.consumer_secret = '{k}'\n", 1),
    ("app.rb", '@secret = "{k}"\n', 1),
    ("app.rb", "connect(host: 'db', password: '{k}')\n", 1),
    # the languages that had a grammar before: a literal key argument and a value on the next line
    ("Conf.java", 'class C {{ void f() {{ props.setProperty("mail.smtp.password", "{k}"); }} }}\n', 1),
    ("Conf.java", 'class C {{\n    static final String API_TOKEN =\n        "{k}";\n}}\n', 3),
    ("conf.go", 'package c\n\nvar cfg = Config{{\n\tToken: "{k}",\n}}\n', 4),
    ("app.ts", 'const apiKey: string =\n  "{k}";\n', 2),
])
def test_value_of_a_secret_named_key_is_reported(path, code, line):
    assert lines_of(path, code.format(k=key())) == [line]


@pytest.mark.parametrize("path,code", [
    # interpolation: the literal is not the value
    ("Settings.kt", 'val apiToken = "tok_${{suffix}}{k}"\n'),
    ("config.php", '<?php\n$key = "{k}{{$suffix}}";\n'),
    ("app.rb", 'h = {{ password: "#{{prefix}}{k}" }}\n'),
    ("Client.cs", 'class A {{ string token = $"{k}{{suffix}}"; }}\n'),
    ("app.js", "const apiKey = `${{prefix}}{k}`;\n"),
    ("app.py", 'api_key = f"{{prefix}}{k}"\n'),
    # concatenation with code: a part of a value
    ("Settings.kt", 'val apiToken = "{k}" + suffix\n'),
    ("config.php", "<?php\n$password = '{k}' . $suffix;\n"),
    ("Client.cs", 'class A {{ string password = "{k}" + suffix; }}\n'),
    ("app.rb", "password = '{k}' + suffix\n"),
    ("Conf.java", 'class C {{ String password = "{k}" + suffix; }}\n'),
    # type annotations, expressions and parameters are not values
    ("Auth.kt", "fun login(user: String, password: String): Boolean = check(user, password)\n"),
    ("User.php", "<?php\nfunction setPassword(string $password): self {{ $this->password = $password; }}\n"),
    ("User.php", "<?php\n$password = $this->password;\n"),
    ("Client.cs", "class A {{ string password = GetPassword(); }}\n"),
    ("app.rb", "password = ENV.fetch('DB_PASSWORD')\n"),
    # comments: a password people choose, or a value shorter than a key (under 128 bits)
    ("Settings.kt", '// val password = "hunter2"\nval x = 1\n'),
    ("app.rb", "# config.consumer_secret = '{k:.12}'\nx = 1\n"),
    # a literal key and its default in a lookup is not a binding; a list of words is not a list of pairs
    ("Client.kt", 'val t = prefs.getString("api_token", "{k}")\n'),
    ("Client.cs", 'class A {{ string[] words = {{ "password", "{k}", "secret", "{k}" }}; }}\n'),
    # a literal first argument of a call that does not store is as likely a value: verify(password, encoded)
    ("test_hashers.py", 'def test():\n    hasher.verify("password", "{k}")\n'),
    ("Check.java", 'class C {{ void f() {{ hasher.verify("password", "{k}"); }} }}\n'),
    # a word inside a camelCase name is not what the name holds
    ("_mapping.js", "var aliases = {{\n  'allPass': 'overEvery',\n  'anyPass': 'overSome'\n}};\n"),
])
def test_what_is_not_a_value_is_not_reported(path, code):
    assert lines_of(path, code.format(k=key())) == []


@pytest.mark.parametrize("path, code", [
    ("Settings.kt", '// val apiToken = "{k}"\nval x = 1\n'),
    ("app.rb", "# config.consumer_secret = '{k}'\nx = 1\n"),
    ("Constants.cs", 'class C {{\n    //public const string OAuth2ClientSecret = "{k}";\n}}\n'),
])
def test_a_key_in_a_line_commented_out_is_reported(path, code):
    """A random value of a key's strength (24 base62 characters: 143 bits) keeps its secret when
    its line is commented out."""
    lines = lines_of(path, code.format(k=key()), rules=("SEC090",))
    assert lines == [2 if path.endswith(".cs") else 1]


def test_php_outside_its_tags_is_read_by_its_quotes():
    """A .php file without ``<?php`` is HTML to the grammar: the quoted-value rule of languages
    without a grammar applies."""
    k = key()
    assert lines_of("config.php", f"$config['db_pass'] = '{k}';\n") == [1]
    assert lines_of("page.php", f"<p>password = {k}</p>\n") == []


def test_a_pair_found_twice_is_reported_once():
    """The line regex and the tree read the same pair: one finding."""
    k = key()
    result = scan_source(Source.from_bytes("app.rb", f"h = {{ api_key: '{k}' }}\n".encode()), PLAN)
    assert [(f.rule_id, f.line) for f in result.findings] == [("SEC090", 1)]


def test_the_secret_is_masked_in_the_message():
    k = key()
    result = scan_source(Source.from_bytes("Conf.kt", f'val m = mapOf("password" to "{k}")\n'.encode()), PLAN)
    assert result.findings and all(k not in f.message and k not in (f.snippet or "") for f in result.findings)
