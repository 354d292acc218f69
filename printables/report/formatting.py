"""One way to print a number: every figure of a report goes through :func:`format_value`.

Tests format the assessment's numbers with the same function and look for the result in the
text extracted from the PDF, so what is printed is provably what was computed.

Conventions are CLDR's, through Babel (:mod:`catalogs.formatting`): English ``1,234.5``;
French ``1 234,5``; German ``1.234,5``; Portuguese (Portugal) ``1 234,5``. A no-break space
(U+00A0) also joins the number to its unit, so a line never breaks between them (reportlab
does not break at U+00A0). Unit names are catalog messages ``unit:<unit>``.
"""

from __future__ import annotations

import math

from catalogs import check_lang, entries, message
from catalogs import formatting as cldr

NBSP = "\u00a0"

#: Decimal places per unit: money to the euro, energy to the kWh or 0.1 MWh, shares to 0.1 %.
_DECIMALS: dict[str, int] = {
    "EUR": 0,
    "EUR/yr": 0,
    "kWh": 0,
    "kWh/yr": 0,
    "MWh": 1,
    "MWh/yr": 1,
    "kW": 1,
    "kWp": 1,
    "%": 1,
    "fraction": 1,
    "years": 1,
    "t/yr": 1,
    "g/kWh": 0,
    "kWh/m2yr": 1,
    "count": 0,
    "points": 0,
    "kWh/kWp": 0,
    "MWh_PE/yr": 1,
    "score": 3,
    "EUR/kWh": 3,
    "EUR/kWp": 0,
    "EUR/(MWh/yr)": 0,
    "fraction/yr": 1,
    "factor": 2,
    "1/h": 2,
    "EUR/kW/h": 3,
    "km/yr": 0,
    "": 2,
}

#: Units written without a symbol after the number.
_UNITLESS = frozenset({"", "count", "score", "factor"})
#: Units of shares: printed as per cent (per cent per year), the unit names say so.
_SHARES = frozenset({"fraction", "fraction/yr"})

KNOWN_UNITS: tuple[str, ...] = tuple(_DECIMALS)


def format_number(value: float, decimals: int, lang: str) -> str:
    """``value`` rounded to ``decimals`` places with ``lang``'s CLDR separators (no unit)."""
    check_lang(lang)
    if not math.isfinite(value):
        return "–"
    negative = round(value, decimals) < 0
    return ("-" if negative else "") + cldr.number(abs(value), lang, decimals)


def unit_text(unit: str, lang: str) -> str:
    """How ``unit`` is written in ``lang`` (e.g. ``EUR/yr`` -> ``€/an`` in French).

    A unit the catalogs do not know is printed as given: a report must not fail because the
    rules engine added a KPI in a new unit (the adapter maps the units it knows).
    """
    check_lang(lang)
    if unit in _UNITLESS:
        return ""
    key = f"unit:{unit}"
    return message(key, lang) if key in entries(lang) else unit


def format_value(value: float, unit: str, lang: str) -> str:
    """The one formatter of report figures: number, no-break space, unit in ``lang``.

    Known units have fixed decimals (see ``_DECIMALS``); unknown units get two. A ``fraction``
    (the unit of shares in every data output, 0.412) is printed as per cent (41.2 %), a
    ``fraction/yr`` as per cent per year: per cent exists only where a person reads the number.
    A ``factor`` (a multiplier, 0.8) is printed without a unit.
    """
    if unit in _SHARES:
        value *= 100.0
    number = format_number(value, _DECIMALS.get(unit, 2), lang)
    suffix = unit_text(unit, lang)
    return f"{number}{NBSP}{suffix}" if suffix else number
