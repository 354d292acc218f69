"""Money for people: the fast path lays amounts into the shape CLDR gives each language and must
print exactly what Babel prints (Unicode CLDR via Babel, https://babel.pocoo.org/)."""

from __future__ import annotations

import random

from catalogs import languages
from catalogs.formatting import _money_babel, money


def test_fast_money_equals_babel_in_every_shipped_language() -> None:
    rng = random.Random(11)
    amounts = [0, 1, -1, 999, 1000, -1000, 1234, 99_999, 100_000, 999_999, -999_999,
               *(rng.randint(-999_999, 999_999) for _ in range(2000))]
    for lang in languages():
        for amount in amounts:
            assert money(amount, lang) == _money_babel(amount, lang, "EUR"), (lang, amount)


def test_a_million_and_more_keeps_every_euro() -> None:
    """A council reads sentences beside tables of whole euros: 1,037,878 € is never "€1M"
    (CLDR currency patterns via Babel: en "¤#,##0.00", de "#,##0.00 ¤" with "." grouping)."""
    assert money(1_037_878, "en") == "€1,037,878"
    assert money(-2_500_000, "de") == "-2.500.000\u00a0€"
    for lang in languages():
        for amount in (1_037_878, -12_345_678, 1_234_567_890):
            assert money(amount, lang) == _money_babel(amount, lang, "EUR"), (lang, amount)
