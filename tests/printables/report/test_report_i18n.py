"""Report labels with a count agree with it (gettext plural forms, CLDR plural rules).

Issue 13, point 12: "1 inputs do not move the result" and "1 draws" read wrong in every
language. The counts of ``sens.flat``, ``unc.draws`` and ``unc.intro`` pick the form of the
catalog's ``Plural-Forms`` (Babel writes them from CLDR: English and German one/other, French
one for 0 and 1, Portuguese one for 1 only) and print ``n`` in the language's CLDR format.
"""

from __future__ import annotations

import pytest

from catalogs import entry, languages
from catalogs import formatting as cldr
from printables.report.i18n import t

COUNTED = ("sens.flat", "unc.draws", "unc.intro")


@pytest.mark.parametrize("key", COUNTED)
@pytest.mark.parametrize("lang", languages())
def test_one_and_many_take_different_forms(key: str, lang: str) -> None:
    forms = entry(f"report:{key}", lang).forms
    assert len(forms) >= 2, f"{key} in {lang} must be a plural message, has {forms}"
    one, two = t(key, lang, n=1), t(key, lang, n=2)
    assert one != two.replace("2", "1"), (one, two)
    assert one.startswith(cldr.number(1, lang)) and two.startswith(cldr.number(2, lang))


@pytest.mark.parametrize("lang", languages())
def test_the_count_is_written_by_cldr(lang: str) -> None:
    """1,000 draws is ``1 000`` in French and Portuguese, ``1.000`` in German (CLDR via Babel)."""
    assert t("unc.draws", lang, n=1000).startswith(cldr.number(1000, lang) + " ")


def test_french_zero_is_singular() -> None:
    """CLDR French: 0 and 1 take the "one" form (``0 tirage``), unlike English (``0 draws``)."""
    assert t("unc.draws", "fr", n=0) == t("unc.draws", "fr", n=1).replace("1", "0")
    assert t("unc.draws", "en", n=0) == t("unc.draws", "en", n=2).replace("2", "0")
