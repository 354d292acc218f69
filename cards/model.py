"""What a card is: the typed shape of one card of the PCED deck.

The deck is data (YAML under ``cards/deck/``); this module is the contract every other part of
the product reads: the printables draw these fields, the rules engine reads ``effects``, the
server plays cards by ``id``. Validation happens here, once, on load (see :mod:`cards.deck`).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator

from cards.effects import Effects
from catalogs import languages
from catalogs.text import LanguageAttributes

CARD_FIELDS = ("title", "hook", "body")
"""The words of a card, each a message ``<card id>|<field>`` of the ``cards`` catalogs."""

#: Human codes avoid characters people confuse when typing from paper (0/O, 1/I/L).
HUMAN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
HUMAN_CODE_RE = re.compile(rf"^[{HUMAN_CODE_ALPHABET}]{{4}}$")
CARD_ID_RE = re.compile(r"^(ROLE|GOV|WHO|WHAT|HOW|WHY|TECH|SCN)-\d{2}$")

#: Length limits [characters] so that every language fits a poker card (63 x 88 mm) at a
#: readable size; the printables shrink text within a floor and fail the build past it.
MAX_TITLE = 42
MAX_HOOK = 90
MAX_BODY = 260


class Category(StrEnum):
    """The eight kinds of card; each has its own colour band, shape and back."""

    ROLE = "role"
    GOVERNANCE = "governance"
    WHO = "who"
    WHAT = "what"
    HOW = "how"
    WHY = "why"
    ENERGY = "energy"
    SCENARIO = "scenario"


#: Card id prefix for each category; the id names its category so a typed id is self-checking.
ID_PREFIX: dict[Category, str] = {
    Category.ROLE: "ROLE",
    Category.GOVERNANCE: "GOV",
    Category.WHO: "WHO",
    Category.WHAT: "WHAT",
    Category.HOW: "HOW",
    Category.WHY: "WHY",
    Category.ENERGY: "TECH",
    Category.SCENARIO: "SCN",
}


class Slot(StrEnum):
    """The board's slots, as printed on the table mat."""

    WHO = "who"
    WHAT = "what"
    HOW = "how"
    WHY = "why"
    GOVERNANCE = "governance"
    FINANCING = "financing"
    MEASURES = "measures"
    SCENARIO = "scenario"


#: Where a card of each category may lie. Role cards are taken by a seat, not placed on the
#: board. *Why* cards are revenue or financing patterns: revenue lies in WHY, capital in FINANCING.
CATEGORY_SLOTS: dict[Category, tuple[Slot, ...]] = {
    Category.ROLE: (),
    Category.GOVERNANCE: (Slot.GOVERNANCE,),
    Category.WHO: (Slot.WHO,),
    Category.WHAT: (Slot.WHAT,),
    Category.HOW: (Slot.HOW,),
    Category.WHY: (Slot.WHY, Slot.FINANCING),
    Category.ENERGY: (Slot.MEASURES,),
    Category.SCENARIO: (Slot.SCENARIO,),
}


class SolutionPackage(StrEnum):
    """ASCEND's six Solution Packages (ASCEND, Horizon Europe grant 101096571: https://ascend-project.eu)."""

    SP1 = "SP1"  # digitalisation: ICT, digital twin, KPI engine, MCDA
    SP2 = "SP2"  # energy communities and prosumer services
    SP3 = "SP3"  # buildings' energy performance
    SP4 = "SP4"  # mobility and public spaces
    SP5 = "SP5"  # co-creation, citizen-centred
    SP6 = "SP6"  # governance: the urban orchestrator


class Icon(StrEnum):
    """The pictograms the printables and screens know how to draw."""

    SUN = "sun"
    BATTERY = "battery"
    HEAT = "heat"
    HOUSE = "house"
    BUILDING = "building"
    CITY = "city"
    PEOPLE = "people"
    PERSON = "person"
    HANDSHAKE = "handshake"
    COIN = "coin"
    BANK = "bank"
    CHART = "chart"
    GRID = "grid"
    PLUG = "plug"
    CAR = "car"
    BIKE = "bike"
    BUS = "bus"
    LEAF = "leaf"
    SHIELD = "shield"
    SCALE = "scale"
    GEAR = "gear"
    DATA = "data"
    PHONE = "phone"
    TOOLS = "tools"
    KEY = "key"
    FACTORY = "factory"
    FLAME = "flame"
    SNOW = "snow"
    DROP = "drop"
    LIGHTNING = "lightning"
    GLOBE = "globe"
    DOCUMENT = "document"
    MEGAPHONE = "megaphone"
    SCHOOL = "school"
    WARNING = "warning"
    CLOCK = "clock"
    ARROWS = "arrows"
    WIND = "wind"
    STORE = "store"
    STAR = "star"


def _clean(text: str) -> str:
    return " ".join(text.split())


class CardText(BaseModel):
    """One language's words on a card."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, Field(min_length=2, max_length=MAX_TITLE)]
    hook: Annotated[str, Field(min_length=5, max_length=MAX_HOOK)]
    body: Annotated[str, Field(min_length=20, max_length=MAX_BODY)]

    @field_validator("title", "hook", "body", mode="before")
    @classmethod
    def _normalise_space(cls, value: object) -> object:
        return _clean(value) if isinstance(value, str) else value


class Texts(LanguageAttributes, RootModel[dict[str, CardText]]):
    """A card's words in every shipped language (:func:`catalogs.languages`), keyed by language."""

    model_config = ConfigDict(frozen=True)

    def get(self, lang: str) -> CardText:
        """Return the text in ``lang``; ``ValueError`` names the languages on offer."""
        try:
            return self.root[lang]
        except KeyError:
            raise ValueError(f"expected a language in {tuple(self.root)}, got {lang!r}") from None

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.root.items())))

    @model_validator(mode="after")
    def _every_language_differs(self) -> Texts:
        missing = [lang for lang in languages() if lang not in self.root]
        if missing:
            raise ValueError(f"missing in language {', '.join(missing)} (every shipped language needs "
                             f"{', '.join(CARD_FIELDS)})")
        # A copied English text in another language's slot is the typical placeholder; refuse it.
        langs = languages()
        for field in ("hook", "body"):
            values = [getattr(self.root[lang], field) for lang in langs]
            if len(set(values)) < len(values):
                copies = sorted({lang for lang, v in zip(langs, values, strict=True) if values.count(v) > 1})
                raise ValueError(f"{field} is the same in {', '.join(copies)}: not translated")
        return self


class Card(BaseModel):
    """One card of the deck."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    code: str
    category: Category
    sp: SolutionPackage
    icon: Icon
    text: Texts
    effects: Effects = Field(default_factory=Effects)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not CARD_ID_RE.match(value):
            raise ValueError(f"expected an id like GOV-03 (prefix and two digits), got {value!r}")
        return value

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str) -> str:
        if not HUMAN_CODE_RE.match(value):
            raise ValueError(
                f"expected 4 characters from {HUMAN_CODE_ALPHABET} (no 0, O, 1, I, L), got {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _id_matches_category(self) -> Card:
        prefix = ID_PREFIX[self.category]
        if not self.id.startswith(prefix + "-"):
            raise ValueError(
                f"a {self.category.value} card's id starts with {prefix}-, got {self.id!r}"
            )
        return self

    @property
    def slots(self) -> tuple[Slot, ...]:
        """The board slots this card may be placed in (empty for role cards)."""
        return CATEGORY_SLOTS[self.category]

    def title(self, lang: str) -> str:
        """The card's title in ``lang``."""
        return self.text.get(lang).title
