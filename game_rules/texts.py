"""Every sentence the assessment shows to people, in every shipped language, keyed by a stable code.

The sentences are messages ``rules:<code>`` of the PO catalogs (:mod:`catalogs`, one per
language; docs/translating.md). Reasons, warnings and risk texts carry a code (for clients and
tests) and a :class:`Text` made from these templates; placeholders are filled with
``str.format``, and ``[name:singular|plural]`` markers agree with a :class:`Noun` placeholder.
Numbers and money follow each language's CLDR conventions (:mod:`catalogs.formatting`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from catalogs import entries, languages, message
from catalogs import formatting as fmt
from catalogs.text import Text

__all__ = [
    "CATALOGUE", "Noun", "Text", "capital_kind", "card_name", "card_names", "energy_text", "join", "money",
    "money_text", "pct", "regimes", "stakeholder", "subject", "tag_text", "text", "with_stakeholders",
]

PREFIX = "rules:"
#: Keys of words rather than sentences (names, phrases, unit words), not codes of ``text()``.
_TABLES = ("rules:stakeholder.", "rules:subject", "rules:regime.", "rules:tag.", "rules:capital.", "rules:word.",
           "rules:energy.", "rules:grammar.")


class _Catalogue(Mapping[str, tuple[str, ...]]):
    """The rule texts by code, each as a tuple of templates in :func:`catalogs.languages` order
    (read from the catalogs; kept under its former name for callers that list the codes)."""

    def _codes(self) -> list[str]:
        return [key.removeprefix(PREFIX) for key in entries("en")
                if key.startswith(PREFIX) and not key.startswith(_TABLES)]

    def __getitem__(self, code: str) -> tuple[str, ...]:
        return tuple(message(PREFIX + code, lang) for lang in languages())

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes())

    def __len__(self) -> int:
        return len(self._codes())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and not (PREFIX + code).startswith(_TABLES) and (PREFIX + code) in entries("en")


CATALOGUE: Mapping[str, tuple[str, ...]] = _Catalogue()


@dataclass(frozen=True)
class Noun:
    """A noun phrase in every language, with its grammatical number per language, so templates
    can make verbs agree: ``[key:singular form|plural form]``. Both mappings are keyed by language."""

    forms: Mapping[str, str]
    plural: Mapping[str, bool] | None = None

    def is_plural(self, lang: str) -> bool:
        return bool(self.plural and self.plural.get(lang, False))


_AGREE = re.compile(r"\[(\w+):([^|\]]*)\|([^\]]*)\]")


def _render(template: str, lang: str, values: dict[str, object]) -> str:
    """Fill one language's template: agreement markers first, then placeholders; a sentence
    that opens with a noun phrase (stored in lower case, with its article) gets a capital."""
    def agree(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        plural = value.is_plural(lang) if isinstance(value, Noun) else False
        return match.group(3) if plural else match.group(2)

    filled = {key: value.forms[lang] if isinstance(value, Noun) else
              value.get(lang) if isinstance(value, Text) else value for key, value in values.items()}
    out = _AGREE.sub(agree, template).format(**filled)
    opening = re.match(r"\{(\w+)\}", template)
    if opening and isinstance(values.get(opening.group(1)), Noun) and not _cased_name(out):
        return out[:1].upper() + out[1:]
    return out


def _cased_name(sentence: str) -> bool:
    """True when the sentence opens with a name whose case is its spelling ("eMaaS", "iPhone":
    a lower-case letter followed by a capital in the first word), which keeps its small letter."""
    first = sentence.split(" ", 1)[0]
    return len(first) > 1 and first[0].islower() and any(c.isupper() for c in first[1:])


def text(code: str, **values: object) -> Text:
    """The catalogue sentence ``code`` (catalog key ``rules:<code>``) with ``values`` filled in,
    in every shipped language; ``KeyError`` names an unknown code.

    A :class:`Text` value is filled language by language; a :class:`Noun` also makes the
    template's ``[name:singular|plural]`` markers agree with it.
    """
    if PREFIX + code not in entries("en"):
        raise KeyError(f"no text with code {code!r} in the catalogue (catalogs/locale/*/LC_MESSAGES/messages.po, "
                       f"context {PREFIX}{code})")
    return Text.build(lambda lang: _render(message(PREFIX + code, lang), lang, values))


def join(parts: list[Text], sep: str = "; ") -> Text:
    """Join several texts language by language."""
    return Text.build(lambda lang: sep.join(p.get(lang) for p in parts))


def money(value: float) -> str:
    """Whole euros for people, in English: ``€1,234,567``, ``€35,000`` (sign kept; CLDR)."""
    return fmt.money(value, "en")


def money_text(value: float) -> Text:
    """Whole euros in each language's CLDR convention: ``€1,234,567`` / ``1 234 567 €`` / ``1.234.567 €``."""
    return Text.build(lambda lang: fmt.money(value, lang))


def pct(value: float) -> Text:
    """A fraction as a percentage in each language's CLDR convention: ``30%``, ``30 %``."""
    return Text.build(lambda lang: fmt.percent(value, lang))


def day_text(value: date) -> Text:
    """A calendar day in each language's CLDR long form ("June 1, 2026" / "1 juin 2026")."""
    return Text.build(lambda lang: fmt.day(value, lang))


def energy_text(mwh: float) -> Text:
    """An annual primary-energy balance [MWh/yr] in each language (``rules:energy.primary``)."""
    return Text.build(lambda lang: message("rules:energy.primary", lang).format(
        value=fmt.quantity(mwh, "MWh/yr", lang)))


def _words(key: str) -> Text:
    return Text.build(lambda lang: message(key, lang))


def stakeholder(name: str) -> Text:
    """The stakeholder's name in every language (``rules:stakeholder.<id>``)."""
    key = f"rules:stakeholder.{name}"
    if key not in entries("en"):
        raise KeyError(f"expected a stakeholder id such as 'residents', got {name!r}")
    return _words(key)


def subject(name: str) -> Noun:
    """The stakeholder ``name`` as a noun phrase with its article and number, per language
    (``rules:subject.<id>``; its number ``rules:subject_number.<id>`` is "singular" or "plural")."""
    key = f"rules:subject.{name}"
    if key not in entries("en"):
        raise KeyError(f"expected a stakeholder id such as 'residents', got {name!r}")
    langs = languages()
    return Noun({lang: message(key, lang) for lang in langs},
                {lang: message(f"rules:subject_number.{name}", lang) == "plural" for lang in langs})


class _Titled(Protocol):
    id: str

    def title(self, lang: str) -> str: ...


def card_name(card: _Titled) -> Noun:
    """A card as people read it: its title and its id, e.g. "Rooftop PV (TECH-01)"."""
    return Noun({lang: f"{card.title(lang)} ({card.id})" for lang in languages()})


def _listing(parts: Sequence[str], word: str) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def card_names(cards: Sequence[_Titled]) -> Noun:
    """Several cards joined with "and" per language; plural when there is more than one."""
    names = [card_name(c) for c in cards]
    many = len(names) > 1
    langs = languages()
    return Noun({lang: _listing([n.forms[lang] for n in names], message("rules:word.and", lang)) for lang in langs},
                {lang: many for lang in langs})


def regimes(codes: Sequence[str]) -> Text:
    """Regimes such as ("DE", "FR") as "German or French" per language (adjectives before
    "law" / "droit" / "Recht": ``rules:regime.<code>``)."""
    def one(code: str, lang: str) -> str:
        key = f"rules:regime.{code}"
        return message(key, lang) if key in entries(lang) else code
    return Text.build(lambda lang: _listing([one(c, lang) for c in codes], message("rules:word.or", lang)))


def tag_text(tag: str) -> Text:
    """A card tag as words per language (``rules:tag.<tag>``; unknown tags: the tag with spaces)."""
    key = f"rules:tag.{tag}"
    return _words(key) if key in entries("en") else Text.same(tag.replace("_", " "))


def capital_kind(kind: str) -> Text:
    """A capital kind (``cards.effects.CapitalKind`` value) as words per language (``rules:capital.<kind>``)."""
    key = f"rules:capital.{kind}"
    return _words(key) if key in entries("en") else Text.same(kind.replace("_", " "))


def with_stakeholders(code: str, roles: dict[str, str], **values: object) -> Text:
    """Like :func:`text`, but ``roles`` maps placeholders to stakeholder ids, each filled with
    the stakeholder's noun phrase so verbs agree (see :func:`subject`)."""
    return text(code, **values, **{key: subject(who) for key, who in roles.items()})
