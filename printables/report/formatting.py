"""One way to print a number: every figure of a report goes through :func:`format_value`.

Tests format the assessment's numbers with the same function and look for the result in the
text extracted from the PDF, so what is printed is provably what was computed.

Conventions (CLDR number patterns for en, fr, de): English ``1,234.5``; French ``1 234,5`` (a
no-break space groups thousands); German ``1.234,5``. A no-break space (U+00A0) also joins the
number to its unit, so a line never breaks between them (reportlab does not break at U+00A0).
"""

from __future__ import annotations

import math

NBSP = "\u00a0"

_SEPARATORS: dict[str, tuple[str, str]] = {
    "en": (",", "."),
    "fr": (NBSP, ","),
    "de": (".", ","),
}

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
    "": 2,
}

#: How each unit is written in each language (after the number, joined by a no-break space).
_UNIT_TEXT: dict[str, dict[str, str]] = {
    "EUR": {"en": "€", "fr": "€", "de": "€"},
    "EUR/yr": {"en": "€/yr", "fr": "€/an", "de": "€/Jahr"},
    "kWh": {"en": "kWh", "fr": "kWh", "de": "kWh"},
    "kWh/yr": {"en": "kWh/yr", "fr": "kWh/an", "de": "kWh/Jahr"},
    "MWh": {"en": "MWh", "fr": "MWh", "de": "MWh"},
    "MWh/yr": {"en": "MWh/yr", "fr": "MWh/an", "de": "MWh/Jahr"},
    "kW": {"en": "kW", "fr": "kW", "de": "kW"},
    "kWp": {"en": "kWp", "fr": "kWc", "de": "kWp"},
    "%": {"en": "%", "fr": "%", "de": "%"},
    "fraction": {"en": "%", "fr": "%", "de": "%"},
    "EUR/kWh": {"en": "€/kWh", "fr": "€/kWh", "de": "€/kWh"},
    "years": {"en": "years", "fr": "ans", "de": "Jahre"},
    "t/yr": {"en": "t CO₂/yr", "fr": "t CO₂/an", "de": "t CO₂/Jahr"},
    "g/kWh": {"en": "g/kWh", "fr": "g/kWh", "de": "g/kWh"},
    "kWh/m2yr": {"en": "kWh/m²·yr", "fr": "kWh/m²·an", "de": "kWh/m²·Jahr"},
    "count": {"en": "", "fr": "", "de": ""},
    "points": {"en": "points", "fr": "points", "de": "Punkte"},
    "kWh/kWp": {"en": "kWh/kWp", "fr": "kWh/kWc", "de": "kWh/kWp"},
    "MWh_PE/yr": {"en": "MWh PE/yr", "fr": "MWh EP/an", "de": "MWh PE/Jahr"},
    "score": {"en": "", "fr": "", "de": ""},
    "": {"en": "", "fr": "", "de": ""},
}

KNOWN_UNITS: tuple[str, ...] = tuple(_DECIMALS)


def format_number(value: float, decimals: int, lang: str) -> str:
    """``value`` rounded to ``decimals`` places with ``lang``'s separators (no unit)."""
    if lang not in _SEPARATORS:
        raise ValueError(f"expected a language in {tuple(_SEPARATORS)}, got {lang!r}")
    if not math.isfinite(value):
        return "–"
    group, point = _SEPARATORS[lang]
    text = f"{abs(value):,.{decimals}f}"
    whole, _, frac = text.partition(".")
    whole = whole.replace(",", group)
    body = whole + (point + frac if frac else "")
    negative = round(value, decimals) < 0
    return ("-" if negative else "") + body


def unit_text(unit: str, lang: str) -> str:
    """How ``unit`` is written in ``lang`` (e.g. ``EUR/yr`` -> ``€/an`` in French).

    A unit this module does not know is printed as given: a report must not fail because the
    rules engine added a KPI in a new unit (the adapter maps the units it knows).
    """
    if lang not in _SEPARATORS:
        raise ValueError(f"expected a language in {tuple(_SEPARATORS)}, got {lang!r}")
    return _UNIT_TEXT[unit][lang] if unit in _UNIT_TEXT else unit


def format_value(value: float, unit: str, lang: str) -> str:
    """The one formatter of report figures: number, no-break space, unit in ``lang``.

    Known units have fixed decimals (see ``_DECIMALS``); unknown units get two. A ``fraction``
    (the unit of shares in every data output, 0.412) is printed as per cent (41.2 %): per cent
    exists only where a person reads the number.
    """
    if unit == "fraction":
        value *= 100.0
    number = format_number(value, _DECIMALS.get(unit, 2), lang)
    suffix = unit_text(unit, lang)
    return f"{number}{NBSP}{suffix}" if suffix else number
