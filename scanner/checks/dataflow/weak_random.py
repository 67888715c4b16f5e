"""DF016 weak-random-secret: a value of the `random` module becomes a secret (CWE-338, CWE-330)."""

from __future__ import annotations

from scanner.checks.dataflow.base import DataflowRule
from scanner.rule import Invalid, Valid


class WeakRandomSecret(DataflowRule):
    """## What it does
    Reports values drawn from the `random` module (`random.random()`, `randint`, `choice`,
    `choices`, `sample`, `getrandbits`...) that reach a cookie's value (`set_cookie`,
    `set_signed_cookie`) or a password being set or hashed (`set_password`, `make_password`,
    `generate_password_hash`, `bcrypt.hashpw`), through any variables, whatever their names.

    ## Why is this bad?
    `random` is a Mersenne Twister: after 624 observed 32-bit outputs every later one is known, and
    a few outputs narrow the seed. Session ids, reset tokens and generated passwords made from it
    can be predicted (CWE-338).

    ## Example
    ```python
    sid = "".join(random.choice(ALPHABET) for _ in range(32))
    resp.set_cookie("sid", sid)
    ```

    ## Use instead
    `secrets.token_urlsafe()`, `secrets.choice()`, `secrets.token_hex()`.

    ## Known limits
    - Only these sinks count; a random value stored in a database or a session and used as a token
      later is not followed. `random.Random()` / `SystemRandom()` instances are not sources
      (`SystemRandom` is safe).
    - `int(...)` and the other conversions clean every value, random ones too.
    - A cookie that is no secret but is chosen at random (an A/B test bucket) is reported:
      suppress it there.

    ## References
    - [CWE-338](https://cwe.mitre.org/data/definitions/338.html),
      [CWE-330](https://cwe.mitre.org/data/definitions/330.html)
    """

    code = "DF016"
    name = "weak-random-secret"
    level = "warning"
    summary = "A value of the random module becomes a cookie or a password"
    cwe = (338, 330)
    security_severity = 5.9
    keywords = ("random",)
    equivalents = ("bandit:B311",)
    sink_kind = "token"
    labels = frozenset({"random"})

    VALID = [
        Valid("""\
            import secrets
            import random
            from flask import make_response
            def login():
                resp = make_response("ok")
                resp.set_cookie("sid", secrets.token_urlsafe(32), secure=True, httponly=True)
                resp.set_cookie("theme", "dark", max_age=int(random.random() * 3600))
                return resp
            """),
        Valid("""\
            import random
            from django.contrib.auth.hashers import make_password
            def reset(user, form):
                delay = random.random()
                user.set_password(form.cleaned_data["password"])
                return make_password(form.cleaned_data["password"]), delay
            """),
    ]
    INVALID = [
        Invalid("""\
            import random
            import string
            def login(response):
                sid = "".join(random.choice(string.ascii_letters) for _ in range(32))
                response.set_cookie("sid", sid, secure=True, httponly=True)
            """, 5),
        Invalid("""\
            import random
            from werkzeug.security import generate_password_hash
            def create(user):
                temp = str(random.getrandbits(64))
                user.set_password(temp)
                return generate_password_hash(temp)
            """, 5, 6),
    ]
