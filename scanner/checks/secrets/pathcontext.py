"""Where a secret sits, from its path alone: ``test``, ``docs``, ``example`` or ``production``.

Findings keep being reported wherever they are; the context goes into the finding's properties
(JSON and SARIF ``properties.context``) and selects a level from ``secret-context-levels`` in
the configuration (or a rule's own ``context-levels`` defaults), so that a team can gate on
production code only. The path is the scanned file's path relative to the scan root.
"""

from __future__ import annotations

import re
from functools import lru_cache

CONTEXTS = ("production", "test", "docs", "example")

_TEST = re.compile(
    r"""(?ix)(?:^|/)(?:tests?|testing|__tests__|spec|specs|test[_-]?data|testdata|fixtures?|__fixtures__|
        __mocks__|mocks?|e2e|integration[_-]?tests?|unit[_-]?tests?|[\w.-]*\.Tests?|[\w-]+[_-]tests?)/
      | (?:^|/)(?:test_[^/]*|[^/]*_(?:tests?|spec)\.\w+|[^/]*\.(?:test|spec)\.\w+|conftest\.py)$
      | (?:^|/)(?:\.?env\.test(?:ing)?|test(?:ing)?\.env|\.env\.test(?:ing)?)$""")   # the environment of the tests
_TEST_CLASS = re.compile(r"(?:^|/)[A-Za-z0-9]*[a-z0-9]Tests?\.\w+$")  # FooTest.java, BarTests.cs (case matters)
_DOCS = re.compile(
    r"""(?ix)(?:^|/)(?:docs?|documentation|manual|man|guides?|wiki)/
      | \.(?:md|markdown|rst|adoc|asciidoc|textile|rdoc)$ | (?:^|/)(?:README|CHANGELOG|CHANGES|HISTORY)[^/]*$""")
_EXAMPLE = re.compile(
    r"""(?ix)(?:^|/)(?:examples?|samples?|demos?|tutorials?|quickstart|playground|sandbox)/
      | (?:^|/)[^/]*(?:\.example|\.sample|\.dist|\.template|\.tmpl)(?:\.\w+)?$ | (?:^|/)[^/]*[._-](?:example|sample)\.\w+$""")


@lru_cache(maxsize=4096)
def path_context(path: str) -> str:
    """The context of a repository-relative path (forward slashes)."""
    path = path.replace("\\", "/")
    if _TEST.search(path) or _TEST_CLASS.search(path):
        return "test"
    if _EXAMPLE.search(path):
        return "example"
    if _DOCS.search(path):
        return "docs"
    return "production"
