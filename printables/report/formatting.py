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
    "EUR/m²": 0,
    "EUR/t": 0,
    "EUR/(MWh/yr)": 0,
    "fraction/yr": 1,
    "factor": 2,
    "1/h": 2,
    "EUR/kW/h": 3,
    "km/yr": 0,
    "cars": 1,
    "": 2,
}

#: Units whose decimals fall to those given from a size on [same unit]: an energy price reads
#: 0.201 €/kWh, a battery's price per kWh of capacity 450 €/kWh (never "450.000 €/kWh", which a
#: German or French reader takes for 450 thousand).
_COARSER_FROM: dict[str, tuple[float, int]] = {"EUR/kWh": (10.0, 0)}

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
    if key in entries(lang):
        return message(key, lang)
    if "/" in unit:
        # A compound the catalogs lack (kWp/m²) is written from its known parts (kWc/m² in French).
        return "/".join(unit_text(part, lang) if part and f"unit:{part}" in entries(lang) else part
                        for part in unit.split("/"))
    return unit


def format_value(value: float, unit: str, lang: str) -> str:
    """The one formatter of report figures: number, no-break space, unit in ``lang``.

    Known units have fixed decimals (see ``_DECIMALS``); unknown units get two. A ``fraction``
    (the unit of shares in every data output, 0.412) is printed as per cent by the language's
    CLDR percent pattern (41.2% in English, 41,2 % in French), a ``fraction/yr`` as per cent per
    year: per cent exists only where a person reads the number.
    A ``factor`` (a multiplier, 0.8) is printed without a unit.
    """
    if unit in _SHARES or unit == "%":
        return _percent(value if unit in _SHARES else value / 100.0, unit, lang)
    decimals = _DECIMALS.get(unit, 2)
    if unit in _COARSER_FROM and abs(value) >= _COARSER_FROM[unit][0]:
        decimals = _COARSER_FROM[unit][1]
    number = format_number(value, decimals, lang)
    suffix = unit_text(unit, lang)
    return f"{number}{NBSP}{suffix}" if suffix else number


def _percent(fraction: float, unit: str, lang: str) -> str:
    """A share by the language's CLDR percent pattern (``15.0%`` in English, ``15,0 %`` in
    French, ``15,0%`` in Portuguese), so that a report never mixes ``59%`` and ``15.0 %``; a
    ``fraction/yr`` adds the unit's "per year" after the sign (``4.0%/yr``, ``4,0 %/an``)."""
    check_lang(lang)
    if not math.isfinite(fraction):
        return "–"
    digits = _DECIMALS[unit]
    # CLDR puts the sign before the number; a rounded zero keeps no sign (as format_number).
    if round(fraction * 100.0, digits) == 0:
        fraction = 0.0
    text = cldr.percent(fraction, lang, digits)
    if unit == "fraction/yr":
        text += unit_text(unit, lang).removeprefix(unit_text("fraction", lang))
    return text
