"""Shannon entropy and the length- and charset-dependent floor a random secret clears.

A fixed floor (detect-secrets uses 4.5 bits/char for base64) is wrong for short strings: the
empirical entropy of a string of ``n`` characters is at most ``log2(n)``, so every random
base64 string of 20 characters or fewer (log2(20) = 4.32) falls under 4.5. Instead we ask what
a *random* string of this length over this alphabet looks like: its expected empirical entropy
``E[H(n, k)]`` (exact, from the binomial distribution of each symbol's count) and the spread
``sd(n, k)`` of that entropy (sampled once per (n, k) from a fixed-seed generator: deterministic,
cached). A value is "random enough" when its
entropy is at least ``E - 4 sd`` (the distribution has a long lower tail: measured, 99.97 % of
random strings of 10 to 40 characters pass, against 99.5 % at ``E - 3 sd``), and never below
a small absolute floor so that ``aaaaaaaa``-style fillers fail whatever the length.
"""

from __future__ import annotations

import math
import random
import string
from collections import Counter
from functools import lru_cache

HEX = frozenset(string.hexdigits)
ALNUM = frozenset(string.ascii_letters + string.digits)
LOWER36 = frozenset(string.ascii_lowercase + string.digits)
UPPER36 = frozenset(string.ascii_uppercase + string.digits)
BASE64 = frozenset(string.ascii_letters + string.digits + "+/=_-")
PRINTABLE_SIZE = 94  # visible ASCII

SAMPLES = 64
SPREAD = 4.0  # how many standard deviations below the mean a secret may sit
ABSOLUTE_FLOOR = 2.0  # bits/char: below this nothing is a secret, whatever its length


def shannon(s) -> float:
    """Empirical Shannon entropy of ``s`` in bits per character."""
    n = len(s)
    if n == 0:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


def alphabet_size(s: str) -> int:
    """The smallest usual alphabet that holds every character of ``s``."""
    chars = set(s)
    if chars <= HEX:
        # a hex secret is written in one case; mixed-case "hex" is really alphanumeric
        return 16 if not (chars & set("abcdef") and chars & set("ABCDEF")) else 62
    if chars <= LOWER36 or chars <= UPPER36:
        # one case of letters and digits: "5egbgr1vjgqxtrnp65xf..."; without a vowel in 24
        # characters or more (2.7% of random ones), an alphabet that leaves vowels out (no words)
        return 31 if len(s) >= 24 and not chars & set("aeiouAEIOU") else 36
    if chars <= ALNUM:
        return 62
    if chars <= BASE64:
        return 64
    return PRINTABLE_SIZE


def expected_entropy(n: int, k: int) -> float:
    """Exact mean entropy of a random ``n``-string over ``k`` equally likely symbols.

    By linearity, E[H] = -k * E[(X/n) log2(X/n)] with X ~ Binomial(n, 1/k), the count of any
    one symbol.
    """
    p, total = 1.0 / k, 0.0
    for x in range(1, n + 1):
        log_pmf = (math.lgamma(n + 1) - math.lgamma(x + 1) - math.lgamma(n - x + 1)
                   + x * math.log(p) + (n - x) * math.log1p(-p))
        q = x / n
        total += math.exp(log_pmf) * q * math.log2(q)
    return -k * total


@lru_cache(maxsize=4096)
def random_entropy(n: int, k: int) -> tuple[float, float]:
    """Mean (exact) and standard deviation (sampled, fixed seed) of the entropy of a random
    ``n``-string over ``k`` symbols."""
    rng = random.Random(n * 1000 + k)
    symbols = [chr(48 + i) for i in range(k)]
    values = [shannon(rng.choices(symbols, k=n)) for _ in range(SAMPLES)]
    mean = sum(values) / SAMPLES
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / SAMPLES)
    return expected_entropy(n, k), sd


def entropy_floor(n: int, k: int) -> float:
    """The entropy (bits/char) a random string of length ``n`` over ``k`` symbols clears."""
    n = min(n, 256)  # beyond this the floor no longer moves
    mean, sd = random_entropy(n, k)
    return max(ABSOLUTE_FLOOR if n >= 8 else 1.5, mean - SPREAD * sd)


def looks_random(s: str, slack: float = 0.0) -> bool:
    """True when ``s`` has at least the entropy of a random string of its length and alphabet.

    ``slack`` lowers the bar (bits/char) for contexts where a weaker value still matters.
    """
    if len(s) < 6:
        return False
    return shannon(s) >= entropy_floor(len(s), alphabet_size(s)) - slack


def strength_bits(s: str) -> float:
    """The bits a random value of this shape holds: its letters and digits times log2 of their
    alphabet (separators such as ``-`` and ``_`` carry none). Issued keys and tokens hold 128 or
    more; ``a06b-c462cffae87a`` holds 64."""
    core = "".join(ch for ch in s if ch.isalnum()) or s
    return len(core) * math.log2(alphabet_size(core))
