"""Property-based tests (hypothesis) over the text path, the decoders, the suppression-comment
parser and the reporters. Example counts are modest so CI stays fast; ``tests/fuzz/run.py`` runs
the same properties with many more examples."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.properties import PROPERTIES

FAST = {"pragma_roundtrip": 150, "pragma_any_line": 150, "suppress_apply": 100, "decode": 150}


def _make(name: str):
    fn, strategies = PROPERTIES[name]
    examples = FAST.get(name, 40)
    return settings(max_examples=examples, deadline=None, derandomize=False, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])(
        given(**strategies)(fn))


@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_property(name):
    _make(name)()
