"""The catalogs as the browser reads them: JSON compiled from the same PO files (one source).

``browser_messages(lang)`` is what ``/static/i18n/<lang>.json`` serves (server/app.py): every
``screen:<key>`` message under ``<key>``, every ``unit:<unit>`` under ``unit:<unit>``; a plural
message becomes ``{"one": ..., "other": ...}`` keyed by CLDR plural category, which
``Intl.PluralRules(locale).select(n)`` picks in ``clients/js/i18n.js``. ``_meta`` carries the
language, its BCP 47 locale for ``Intl`` and its native name.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from catalogs import entries, languages, native_name, plural
from catalogs.formatting import bcp47, locale

#: Counts tried to find an example of each CLDR plural category (1e6 for French "many").
_SAMPLES = (*range(0, 200), 1000, 10_000, 100_000, 1_000_000, 2_000_000)


@cache
def category_samples(lang: str) -> dict[str, int]:
    """One integer count per CLDR plural category of ``lang``'s locale (``{"one": 1, "other": 0}``)."""
    rule = locale(lang).plural_form
    out: dict[str, int] = {}
    for n in _SAMPLES:
        out.setdefault(rule(n), n)
    return out


def browser_messages(lang: str) -> dict[str, Any]:
    """The screens' texts of ``lang`` for ``clients/js/i18n.js`` (see the module docstring)."""
    out: dict[str, Any] = {}
    samples = category_samples(lang)
    for key, entry in entries(lang).items():
        if key.startswith("screen:"):
            name = key.removeprefix("screen:")
        elif key.startswith("unit:"):
            name = key
        else:
            continue
        if entry.plural_source is None:
            out[name] = entry.forms[0]
        else:
            out[name] = {category: plural(key, lang, n) for category, n in samples.items()}
    out["_meta"] = {"lang": lang, "locale": bcp47(lang), "name": native_name(lang)}
    return out


def language_list() -> list[dict[str, str]]:
    """Every shipped language for a language switcher: code, BCP 47 locale, native name."""
    return [{"code": lang, "locale": bcp47(lang), "name": native_name(lang)} for lang in languages()]


__all__ = ["browser_messages", "category_samples", "language_list"]
