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
from babel.numbers import format_compact_currency, format_currency, format_decimal, format_percent

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


def money(value: float, lang: str, currency: str = "EUR") -> str:
    """Euros for people: whole euros below a million (``35 000 €``), compact above (``1,2 M €``)."""
    loc = locale(lang)
    if abs(value) >= 1e6:
        return format_compact_currency(value, currency, locale=loc, fraction_digits=1)
    pattern = loc.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    return format_currency(round(value), currency, format=pattern, locale=loc, currency_digits=False)


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
