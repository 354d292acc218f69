"""A text for people in every shipped language: a mapping keyed by language code.

One type for the rules engine, the deck and the reports (``game_rules.texts.Text`` and
``printables.report.model.Text`` are this class). Serialised as a JSON object
``{"en": ..., "fr": ..., ...}``; languages are whatever the catalogs ship, never a fixed list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ConfigDict, RootModel, model_validator

from catalogs import MissingTextError, languages, message


class LanguageAttributes:
    """Mixin for a ``RootModel`` keyed by language: ``text.fr`` reads the French entry, like the
    former per-language fields; private pydantic names go to pydantic."""

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("_"):
            root = self.__dict__.get("root")
            if isinstance(root, dict) and name in root:
                return root[name]
        return super().__getattr__(name)  # type: ignore[misc]


class Text(LanguageAttributes, RootModel[dict[str, str]]):
    """A text in several languages. ``Text(en="Yes", fr="Oui")`` or ``Text({"en": "Yes"})``;
    :meth:`get` raises :class:`~catalogs.MissingTextError` for a language it lacks."""

    model_config = ConfigDict(frozen=True)

    def __init__(self, root: Mapping[str, str] | None = None, /, **langs: str) -> None:
        super().__init__(dict(root) if root is not None else dict(langs))

    def get(self, lang: str) -> str:
        """The text in ``lang``; ``MissingTextError`` names the language and the ones on offer."""
        try:
            return self.root[lang]
        except KeyError:
            raise MissingTextError(f"expected a text in {lang!r}, this one has {tuple(self.root)}: {self.root}") from None

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.root.items())))

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(self.root)

    def map(self, fn: Callable[[str, str], str]) -> Text:
        """A new text with ``fn(lang, text)`` in each language."""
        return Text({lang: fn(lang, value) for lang, value in self.root.items()})

    @classmethod
    def same(cls, value: str) -> Text:
        """A name that is the same in every language (a place, a person, a card code)."""
        return cls({lang: value for lang in languages()})

    @classmethod
    def of(cls, key: str, domain: str = "messages", **params: object) -> Text:
        """The catalog text ``key`` in every shipped language, ``{name}`` placeholders filled."""
        return cls({lang: (message(key, lang, domain).format(**params) if params else message(key, lang, domain))
                    for lang in languages()})

    @classmethod
    def build(cls, fn: Callable[[str], str]) -> Text:
        """A text made language by language: ``fn(lang)`` for each shipped language."""
        return cls({lang: fn(lang) for lang in languages()})


def resolve(value: object, where: str = "text") -> dict[str, str]:
    """A text as data files write it, as a mapping over every shipped language.

    * ``"@KEY"``: the catalog message ``KEY`` (the ``cards`` catalog when the key names a card
      field, ``ROLE-01|title``, else ``messages``);
    * a mapping ``{lang: text}``: must hold every shipped language;
    * a plain string: a name that is the same in every language ("Munich Harthof" in a custom
      district file).

    Raises ``ValueError`` naming ``where``, the key or the missing languages.
    """
    langs = languages()
    if isinstance(value, RootModel):
        value = value.root
    if isinstance(value, str) and value.startswith("@"):
        key = value[1:]
        domain = "cards" if "|" in key else "messages"
        try:
            return {lang: message(key, lang, domain) for lang in langs}
        except KeyError as exc:
            raise ValueError(f"{where}: {exc}") from None
    if isinstance(value, str):
        return {lang: value for lang in langs}
    if isinstance(value, Mapping):
        missing = [lang for lang in langs if not value.get(lang)]
        if missing:
            raise ValueError(f"{where}: expected a text in every shipped language {langs}, missing {tuple(missing)}")
        return {str(k): str(v) for k, v in value.items()}
    raise ValueError(f"{where}: expected '@catalog-key', a name or a mapping of language -> text, "
                     f"got {type(value).__name__}")


class Label(Text):
    """A :class:`Text` read from a data file (see :func:`resolve` for the forms it accepts)."""

    @model_validator(mode="before")
    @classmethod
    def _resolve(cls, value: object) -> object:
        return resolve(value, "label")
