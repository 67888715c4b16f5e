"""DF010 secret-in-log: a secret value flows into a log message or standard output (CWE-532)."""

from __future__ import annotations

import re

from scanner.checks.dataflow.base import SECRET_KEYWORDS, DataflowRule
from scanner.rule import Invalid, Valid

# A secret read from the environment/settings/config, or a parameter named like one.
_SECRET_SOURCE = re.compile(
    r"(?i)(?:environ|getenv|settings|config|secrets|vault)[^\n]{0,60}?(?:passw|secret|token|api_?key|private_?key|credential)"
    r"|\bdef \w+\([^)]*\b\w*(?:password|passwd|secret|token|api_?key)\w*\s*[,)=:]"
    r"|\b(?:request|req)\.\w+\W{1,3}(?:get\()?\W?\w*(?:password|token|secret)"
    # an environment variable's name in a constant, read by a variable key: ("STRIPE_SECRET_KEY", ...)
    r"|[\"'][A-Z][A-Z0-9_]*"
    r"(?:PASSW(?:OR)?D|PWD|SECRET|TOKEN|CREDENTIALS?|(?:API|PRIVATE|SECRET|ACCESS|AUTH|SESSION|SIGNING)_?KEY)[\"']"
)


class SecretInLog(DataflowRule):
    """## What it does
    Reports secret values written to logs or standard output (`print`, `logging.*`, `logger.*`,
    `sys.stdout.write`). Secrets are values read from secret-named environment variables
    (`os.environ["DB_PASSWORD"]`, `os.getenv("API_TOKEN")`), secret-named settings and config keys
    (`settings.SECRET_KEY`, `config["api_key"]`, `request.form["password"]`) and parameters named
    like a secret (`password`, `token`, `api_key`).

    ## Why is this bad?
    Logs are copied to aggregators, tickets and backups and read by many more people than the
    secret's owners; a secret in a log is a leaked secret.

    ## Example
    ```python
    token = os.environ["API_TOKEN"]
    logger.info("using token %s", token)
    ```

    ## Use instead
    Log that a secret is set, or a short fingerprint (`hashlib.sha256(token.encode()).hexdigest()[:8]`).

    ## Known limits
    - Which names are secret is a regular expression (`[secrets] name-regex` in the spec).
    - Hard-coded secrets found by the secret rules are not sources here (the SEC rules report them).
    - Masking with slices (`token[:4] + "..."`) is not recognised as a sanitizer.
    - A variable key counts as secret-named when it loops over a constant collection that holds
      such a name (`for name in ("API_TOKEN", "HOST"): os.getenv(name)`); the container filled
      with those values is then a secret as a whole, also where it is read by a harmless key.
    - A secret passed to a call of another module as a secret-named keyword argument
      (`connect(password=...)`, `Client(api_key=...)`) is taken as a credential that the returned
      object does not repeat; calls that build data from their keywords (`dict`, `format`,
      `SimpleNamespace`, `partial`, `replace`...) keep it. A data class imported from another
      module that prints its fields is missed.
    - Other modules: calls of functions imported from scanned files are followed (sinks inside
      them, what they return, sanitizers), and so are methods of imported classes (`mod.Class.method(x)`,
      `Class(a).method(x)`, or on a name bound once to `Class(a)`); objects built in another
      module and returned, and a file that names no source itself, are not (a request passed to
      an imported class's constructor counts as named).

    ## References
    - [CWE-532](https://cwe.mitre.org/data/definitions/532.html)
    """

    code = "DF010"
    name = "secret-in-log"
    summary = "A secret value is written to a log or to standard output"
    level = "warning"
    cwe = (532,)
    security_severity = 5.5
    equivalents = ("semgrep:python.lang.security.audit.logging.logger-credential-leak",)
    sink_kind = "log"
    labels = frozenset({"secret"})
    keywords = SECRET_KEYWORDS

    VALID = [
        Valid("""\
            import logging, os
            log = logging.getLogger(__name__)
            token = os.environ["API_TOKEN"]
            log.info("API token is set: %s", bool(token))
            """),
        Valid("""\
            import hashlib, os
            key = os.getenv("API_KEY", "")
            print("key fingerprint", hashlib.sha256(key.encode()).hexdigest()[:8])
            """),
        Valid("""\
            import logging, os
            home = os.environ["HOME"]
            logging.info("home is %s", home)
            """),
        Valid("""\
            import os
            def main():
                password = os.environ["DB_PASSWORD"]
                password = "<redacted>"
                print(password)
            """),
        Valid("""\
            import logging, os
            import redis
            log = logging.getLogger(__name__)
            def cache():
                client = redis.Redis(host="cache", password=os.environ["REDIS_PASSWORD"])
                log.info("cache ready: %s", client.connection_pool)
                return client
            """),
        Valid("""\
            import logging, os
            for name in ("HOME", "LANG"):
                logging.info("%s=%s", name, os.environ.get(name))
            """),
    ]
    INVALID = [
        Invalid("""\
            import logging, os
            logger = logging.getLogger(__name__)
            token = os.environ["API_TOKEN"]
            logger.info("calling the API with %s", token)
            """, 4),
        Invalid("""\
            import os
            db_url = "postgres://app:%s@db/app" % os.getenv("DB_PASSWORD")
            print("connecting to", db_url)
            """, 3),
        Invalid("""\
            import logging
            def login(username, password):
                logging.debug("login attempt %s/%s", username, password)
            """, 3),
        Invalid("""\
            from django.conf import settings
            import logging
            log = logging.getLogger("app")
            def boot():
                log.warning("secret key: " + settings.SECRET_KEY)
            """, 5),
        Invalid("""\
            import os, sys
            def show(value):
                sys.stdout.write(value + "\\n")
            show(os.environ.get("GITHUB_TOKEN"))
            """, 3),
        Invalid("""\
            import logging, os
            NEEDED = ["SMTP_HOST", "SMTP_PASSWORD"]
            def config():
                values = {}
                for var in NEEDED:
                    values[var] = os.getenv(var)
                logging.debug("mail config %r", values)
            """, 7),
        Invalid("""\
            import os
            from types import SimpleNamespace
            creds = SimpleNamespace(user="svc", password=os.environ["SVC_PASSWORD"])
            print(creds)
            """, 4),
    ]

    @classmethod
    def has_source(cls, text: str, extra: tuple[str, ...]) -> bool:
        return bool(_SECRET_SOURCE.search(text))

    def describe(self, what: str) -> str:
        return f"Secret value from {what}"
