"""Completeness of the catalogs: what CI fails on (``tests/catalogs``, ``assembler cards --check``).

:func:`problems` lists, for every shipped language and domain, each message that is missing or
empty (in any plural form), whose ``{placeholders}`` or ``[name:...]`` agreement markers differ
from the English source, a catalog whose ``Plural-Forms`` header is not CLDR's for its locale,
and a catalog whose header comment has no ``Review:`` line (``Review: awaiting a native
speaker's review`` until one has read it; the line is data, so no list of reviewed languages
lives in code).
"""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale
from babel.messages.plurals import get_plural

from catalogs import DOMAINS, LOCALE_DIR, SOURCE_LANG, catalog, entries, languages, po_path

_PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
_MARKER = re.compile(r"\[(\w+):")
REVIEW_NOTE = "awaiting a native speaker's review"
"""Words a catalog's header comment carries until a native speaker has reviewed it."""


def _shape(text: str) -> tuple[set[str], set[str]]:
    return set(_PLACEHOLDER.findall(text)), set(_MARKER.findall(text))


def problems(root: Path = LOCALE_DIR) -> list[str]:
    """Every completeness problem of the shipped catalogs, one readable line each (empty: none)."""
    out: list[str] = []
    for domain in DOMAINS:
        for lang in languages():
            if not po_path(lang, domain, root).exists():
                out.append(f"{lang}: no {domain} catalog at {po_path(lang, domain, root)}")
                continue
            out += _language_problems(lang, domain)
    return out


def _language_problems(lang: str, domain: str) -> list[str]:
    out: list[str] = []
    english = entries(SOURCE_LANG, domain)
    found = entries(lang, domain)
    where = f"{lang}/{domain}.po"
    for key, entry in english.items():
        other = found.get(key)
        if other is None:
            out.append(f"{where}: missing {key!r} (English: {entry.source!r})")
            continue
        if not all(other.forms):
            out.append(f"{where}: {key!r} is not translated (English: {entry.source!r})")
            continue
        want = _shape(entry.forms[0])
        for form in other.forms:
            if _shape(form) != want:
                out.append(f"{where}: {key!r} has placeholders {sorted(_shape(form)[0])} and markers "
                           f"{sorted(_shape(form)[1])}, English has {sorted(want[0])} and {sorted(want[1])}")
                break
    for key in sorted(set(found) - set(english)):
        out.append(f"{where}: {key!r} is not in the English catalog (a stale key: remove it)")
    cat = catalog(lang, domain)
    locale = cat.locale if isinstance(cat.locale, Locale) else Locale.parse(lang)
    expected = get_plural(str(locale))
    if cat.num_plurals != expected.num_plurals:
        out.append(f"{where}: Plural-Forms has {cat.num_plurals} forms, CLDR has {expected.num_plurals} for {locale}")
    if review_status(lang, domain) is None:
        out.append(f"{where}: the header comment needs a line 'Review: ...' ('Review: {REVIEW_NOTE}' until one has)")
    return out


def review_status(lang: str, domain: str = "messages") -> str | None:
    """The catalog's ``Review:`` header line (without the word), or None when it has none."""
    for line in (catalog(lang, domain).header_comment or "").splitlines():
        text = line.lstrip("# ").strip()
        if text.startswith("Review:"):
            return text.removeprefix("Review:").strip()
    return None


def awaiting_review(lang: str) -> bool:
    """True while ``lang``'s catalogs say they await a native speaker's review."""
    return any(REVIEW_NOTE in (review_status(lang, d) or "") for d in DOMAINS)
