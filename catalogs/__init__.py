"""Every text for people, per language, from gettext PO catalogs: the one source of translations.

Layout (the standard gettext tree that Babel, Poedit, Weblate and Crowdin open)::

    catalogs/locale/messages.pot                  the template (English msgids, empty msgstr)
    catalogs/locale/cards.pot                     the deck's texts, template
    catalogs/locale/<lang>/LC_MESSAGES/messages.po   screens, printables, reports, rule texts
    catalogs/locale/<lang>/LC_MESSAGES/cards.po      the deck: title, hook, body of each card

Every message has a context (``msgctxt``) naming its stable key, e.g. ``rules:kpi.pv_yield``,
``print:poster_join``, ``report:report.title``, ``screen:join.submit``, ``ROLE-01|title``;
the msgid is the English text, so a translator reads the source beside the key. Plurals use
gettext's ``msgid_plural`` with the language's ``Plural-Forms`` (CLDR's rules, via Babel).

The shipped languages are the directories present (:func:`languages`): adding a language is
adding its two PO files (docs/translating.md). English is the source language and comes first.
Nothing here falls back to English: a missing text raises :class:`MissingTextError` naming the key
and the language, and ``tests/catalogs`` fails CI on any message left untranslated.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANG = "en"
DOMAINS = ("messages", "cards")

__all__ = [
    "DATA_CONTEXT", "DOMAINS", "LOCALE_DIR", "SOURCE_LANG", "CatalogEntry", "MissingTextError", "UnknownLanguageError", "check_lang",
    "entries", "entry", "has", "languages", "message", "message_key", "messages", "native_name", "plural", "po_path",
]


class UnknownLanguageError(ValueError):
    """A language with no catalog; the message names the languages on offer."""


class MissingTextError(KeyError):
    """A key with no text (or an empty translation) in a language; the message names both."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def po_path(lang: str, domain: str = "messages", root: Path | None = None) -> Path:
    """Where the ``domain`` catalog of ``lang`` lives under ``root`` (default: the shipped tree)."""
    return (root or LOCALE_DIR) / lang / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """The shipped languages: every ``<lang>/LC_MESSAGES/messages.po`` present, English first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))
    return tuple(sorted(found, key=lambda code: (code != SOURCE_LANG, code)))


def check_lang(lang: str, what: str = "a language") -> str:
    """``lang`` if a catalog exists for it, else :class:`UnknownLanguageError` naming the choices."""
    if lang not in languages():
        raise UnknownLanguageError(f"expected {what} in {languages()}, got {lang!r}")
    return lang


@dataclass(frozen=True)
class CatalogEntry:
    """One message of one catalog: key (context), English source, text(s) in the language."""

    key: str
    source: str
    text: str | tuple[str, ...]
    plural_source: str | None = None

    @property
    def forms(self) -> tuple[str, ...]:
        """The text as a tuple of forms (one form for a message without plural)."""
        return self.text if isinstance(self.text, tuple) else (self.text,)


@dataclass(frozen=True)
class _Loaded:
    catalog: Catalog
    by_key: Mapping[str, CatalogEntry]
    plural_index: Callable[[int], int]


DATA_CONTEXT = "data"
"""The ``msgctxt`` of the data phrases (:mod:`catalogs.data_phrases`): their msgid is the key."""


def message_key(message: Message) -> str:
    """The key of a catalog message: its context, or ``data:<msgid>`` for a data phrase (whose
    context ``data`` is shared by every phrase and whose English text is the stable key)."""
    context = str(message.context or "")
    if context == DATA_CONTEXT:
        source = message.id if isinstance(message.id, str) else message.id[0]
        return f"{DATA_CONTEXT}:{source}"
    return context


def _entry(message: Message) -> CatalogEntry:
    source = message.id if isinstance(message.id, str) else message.id[0]
    plural_source = None if isinstance(message.id, str) else message.id[1]
    text = message.string if isinstance(message.string, str) else tuple(message.string or ())
    return CatalogEntry(key=message_key(message), source=source, text=text, plural_source=plural_source)


@cache
def _load(lang: str, domain: str) -> _Loaded:
    path = po_path(check_lang(lang), domain)
    if not path.exists():
        raise UnknownLanguageError(f"expected a {domain} catalog for {lang!r} at {path}, found none")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=domain)
    by_key = {message_key(m): _entry(m) for m in catalog if m.id and m.context}
    return _Loaded(catalog=catalog, by_key=by_key, plural_index=gettext.c2py(catalog.plural_expr))


def entries(lang: str, domain: str = "messages") -> Mapping[str, CatalogEntry]:
    """Every message of ``lang``'s ``domain`` catalog, by key."""
    return _load(lang, domain).by_key


def catalog(lang: str, domain: str = "messages") -> Catalog:
    """The parsed Babel catalog (headers, plural forms) of ``lang``'s ``domain``."""
    return _load(lang, domain).catalog


def entry(key: str, lang: str, domain: str = "messages") -> CatalogEntry:
    """The entry ``key`` in ``lang``; :class:`MissingTextError` if absent."""
    found = entries(lang, domain).get(key)
    if found is None:
        raise MissingTextError(f"no text {key!r} in the {lang!r} {domain} catalog ({po_path(lang, domain)})")
    return found


def has(key: str, domain: str = "messages") -> bool:
    """True when the source catalog (English) has ``key``."""
    return key in entries(SOURCE_LANG, domain)


def message(key: str, lang: str, domain: str = "messages") -> str:
    """The text ``key`` in ``lang`` (the singular form of a plural message)."""
    text = entry(key, lang, domain).forms[0]
    if not text:
        raise MissingTextError(f"text {key!r} is not translated in the {lang!r} {domain} catalog")
    return text


def messages(key: str, domain: str = "messages") -> dict[str, str]:
    """The text ``key`` in every shipped language, by language code."""
    return {lang: message(key, lang, domain) for lang in languages()}


def plural(key: str, lang: str, n: int) -> str:
    """The form of the plural message ``key`` that ``lang`` uses for the count ``n``."""
    loaded = _load(lang, "messages")
    forms = entry(key, lang).forms
    index = loaded.plural_index(abs(n)) if len(forms) > 1 else 0
    text = forms[min(index, len(forms) - 1)]
    if not text:
        raise MissingTextError(f"plural form {index} of {key!r} is not translated in the {lang!r} catalog")
    return text


def native_name(lang: str) -> str:
    """The language's name in itself, capitalised (CLDR via Babel): "Português", "Deutsch"."""
    from babel import Locale

    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]
