"""Every word the printables print that is not card data, in every shipped language.

The words are messages of the PO catalogs (:mod:`catalogs`; docs/translating.md) under the
contexts ``print:<key>``, ``print:category.<category>``, ``print:question.<category>``,
``print:slot.<slot>`` and ``print:guidance.<slot>``. :func:`t` fails loudly (naming key and
language) rather than printing a key, so a missing translation is a build error and a test
failure, not a blank on paper.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum

from cards.model import Category, Slot
from catalogs import check_lang, entries, languages, message


class _Table(Mapping[object, dict[str, str]]):
    """The texts of one concern by key (a string or a card category / slot): ``table[key][lang]``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def _context(self, key: object) -> str:
        return self.prefix + (key.value if isinstance(key, StrEnum) else str(key))

    def __getitem__(self, key: object) -> dict[str, str]:
        context = self._context(key)
        if context not in entries("en"):
            raise KeyError(f"no printable text {context!r} in the catalogs")
        return {lang: message(context, lang) for lang in languages()}

    def __iter__(self) -> Iterator[object]:
        return iter([k.removeprefix(self.prefix) for k in entries("en")
                     if k.startswith(self.prefix) and "." not in k.removeprefix(self.prefix)])

    def __len__(self) -> int:
        return sum(1 for _ in self)


CATEGORY_NAMES: Mapping[object, dict[str, str]] = _Table("print:category.")
CATEGORY_QUESTIONS: Mapping[object, dict[str, str]] = _Table("print:question.")
SLOT_NAMES: Mapping[object, dict[str, str]] = _Table("print:slot.")
SLOT_GUIDANCE: Mapping[object, dict[str, str]] = _Table("print:guidance.")
TEXTS: Mapping[object, dict[str, str]] = _Table("print:")


def t(key: str, lang: str) -> str:
    """The text ``key`` in ``lang``; ``KeyError``/``ValueError`` name what is missing."""
    check_lang(lang)
    return message(f"print:{key}", lang)


def category_name(category: Category, lang: str) -> str:
    """The printed name of ``category`` in ``lang``."""
    return message(f"print:category.{category.value}", check_lang(lang))


def slot_name(slot: Slot, lang: str) -> str:
    """The printed name of ``slot`` in ``lang``."""
    return message(f"print:slot.{slot.value}", check_lang(lang))
