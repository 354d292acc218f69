"""Numbers, money, percentages, units and dates for people, by CLDR (Babel) in each language.

The formatting locale of a language is its catalog's ``Language`` header (``pt`` is written
``pt_PT`` there: Porto reads ``1 234,5`` and ``12 €``), so no table of locales lives in code.
Unit names (``MWh/yr`` -> ``MWh/an``, ``MWh/Jahr``, ``MWh/ano``) are catalog messages
``unit:<unit>``; the number beside them is CLDR's.

Sources: Unicode CLDR (https://cldr.unicode.org/), as shipped by Babel 2.19
(https://babel.pocoo.org/en/latest/numbers.html).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

from catalogs import catalog, entries, message

#: Non-breaking space: a number and its unit never break apart on paper.
NBSP = "\u00a0"
_UNITLESS = frozenset({"", "count", "score"})


@cache
def locale(lang: str) -> Locale:
    """The CLDR locale that formats ``lang`` (its catalog's ``Language`` header)."""
    found = catalog(lang).locale
    return found if isinstance(found, Locale) else Locale.parse(lang)


def bcp47(lang: str) -> str:
    """The locale as a BCP 47 tag for browsers' ``Intl`` (``pt-PT``)."""
    loc = locale(lang)
    return "-".join(part for part in (loc.language, loc.script, loc.territory) if part)


def country(code: str, lang: str) -> str:
    """The country of an ISO 3166-1 alpha-2 ``code`` by its CLDR territory name in ``lang``
    (``NO`` -> ``Norway``, ``Norwegen``, ``Norvège``, ``Noruega``); an unknown code as given."""
    return str(locale(lang).territories.get(code.upper(), code))


def number(value: float, lang: str, digits: int = 0) -> str:
    """``value`` with exactly ``digits`` decimals and the language's separators (``2 500,5``)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=locale(lang), decimal_quantization=True)


def percent(fraction: float, lang: str, digits: int = 0) -> str:
    """A fraction as a percentage by CLDR (``30 %`` in French, ``30%`` in English)."""
    pattern = locale(lang).percent_formats[None].pattern.split(";")[0]
    if digits > 0:
        pattern = pattern.replace("0%", "0." + "0" * digits + "%").replace("0\u00a0%", "0." + "0" * digits + "\u00a0%")
    return format_percent(fraction, format=pattern, locale=locale(lang), decimal_quantization=True)


def _money_babel(value: int, lang: str, currency: str) -> str:
    loc = locale(lang)
    pattern = loc.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    return format_currency(value, currency, format=pattern, locale=loc, currency_digits=False)


#: Amounts that check the shape read off CLDR (grouping, minimum grouping digits, sign, symbol),
#: up to billions so that a grouping other than by thousands falls back to Babel.
_MONEY_PROBES = (0, 7, 42, 999, 1000, 1234, 12345, 99999, 123456, 999999, 1234567, 12345678, 1234567890)


@cache
def _money_shape(lang: str, currency: str) -> tuple[str, str, str, str, str] | None:
    """(prefix, suffix, negative prefix, negative suffix, group separator) of whole amounts
    in ``lang``, read off Babel's own output; None when Babel's output for the
    probe amounts cannot be reproduced this way (then every amount goes through Babel)."""
    def shape(sample: str, digits: str) -> tuple[str, str, str] | None:
        first, last = sample.find(digits[0]), sample.rfind(digits[-1])
        if first < 0 or last < first:
            return None
        body = sample[first:last + 1]
        groups = {ch for ch in body if not ch.isdigit()}
        return sample[:first], sample[last + 1:], groups.pop() if len(groups) == 1 else ""

    pos, neg = shape(_money_babel(123456, lang, currency), "123456"), shape(_money_babel(-123456, lang, currency), "123456")
    if pos is None or neg is None or pos[2] != neg[2]:
        return None
    found = (pos[0], pos[1], neg[0], neg[1], pos[2])
    for probe in (*_MONEY_PROBES, *(-v for v in _MONEY_PROBES if v)):
        if _money_fast(probe, found) != _money_babel(probe, lang, currency):
            return None
    return found


def _money_fast(value: int, shape: tuple[str, str, str, str, str]) -> str:
    prefix, suffix, neg_prefix, neg_suffix, group = shape
    digits = f"{abs(value):,}".replace(",", group)
    return f"{neg_prefix}{digits}{neg_suffix}" if value < 0 else f"{prefix}{digits}{suffix}"


def money(value: float, lang: str, currency: str = "EUR") -> str:
    """Whole euros for people at every magnitude, in the language's CLDR currency format:
    ``€1,037,878`` / ``1 037 878 €`` / ``1.037.878 €``, as the report's tables print them
    (a council compares the sentences with the tables; a compact ``€1M`` hides 4 %).

    The amount is laid into the shape CLDR gives the language (checked against Babel on probe
    amounts when first used): an assessment formats thousands of amounts in every language,
    and Babel's pattern engine made that half of its time."""
    whole = round(value)
    shape = _money_shape(lang, currency)
    return _money_fast(whole, shape) if shape is not None else _money_babel(whole, lang, currency)


def unit_name(unit: str, lang: str) -> str:
    """The unit as people write it in ``lang`` (catalog ``unit:<unit>``; the unit itself if it has
    no entry, e.g. ``kW``, which is the same everywhere)."""
    key = f"unit:{unit}"
    if unit in _UNITLESS:
        return ""
    return message(key, lang) if key in entries(lang) else unit


def quantity(value: float, unit: str, lang: str, digits: int = 0) -> str:
    """A number with its unit: ``1 234 MWh/an``, ``1.234 MWh/Jahr``."""
    return f"{number(value, lang, digits)}{NBSP}{unit_name(unit, lang)}"


def day(value: date | datetime, lang: str, width: str = "long") -> str:
    """A date by CLDR: ``29 novembre 2026``, ``29. November 2026``, ``29 de novembro de 2026``."""
    return format_date(value, width, locale=locale(lang))


def moment(value: datetime, lang: str, width: str = "short") -> str:
    """A date and time by CLDR, in the datetime's own time zone."""
    return format_datetime(value, width, tzinfo=value.tzinfo, locale=locale(lang))


def clock(value: datetime, lang: str) -> str:
    """A time of day with seconds by CLDR (``15:04:09``, ``3:04:09 PM``)."""
    from babel.dates import format_time

    return format_time(value, "medium", tzinfo=value.tzinfo, locale=locale(lang))


def month_short(month: int, lang: str) -> str:
    """The abbreviated name of ``month`` (1-12) by CLDR: ``Jan``, ``janv.``, ``Jan.``, ``jan.``."""
    from babel.dates import get_month_names

    return str(get_month_names("abbreviated", locale=locale(lang))[month])
