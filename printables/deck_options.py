"""What ``assembler deck`` asks for: the options of a printed deck, checked (docs/printing.md).

Its own module so that the deck's pages (``deck_pdf``) and its cover (``cover``) both read it
without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from cards.model import Category
from catalogs import languages
from printables.geometry import CARD_SIZES, MAX_BLEED_MM, PAPERS

MAX_COPIES = 20


@dataclass(frozen=True)
class DeckOptions:
    """What ``assembler deck`` asks for (see docs/printing.md). Lengths in millimetres."""

    lang: str = "en"
    paper: str = "a4"
    card: str = "poker"
    bleed_mm: float = 3.0
    print_and_play: bool = False
    backs: str = "duplex"
    back_offset: tuple[float, float] = (0.0, 0.0)
    base_url: str | None = None
    only: tuple[Category, ...] = ()
    copies: int = 1

    def validate(self) -> None:
        """Raise ``ValueError`` naming the option, what was expected and what came."""
        checks = [
            (self.lang in languages(), f"expected --lang in {languages()}, got {self.lang!r}"),
            (self.paper in PAPERS, f"expected --paper in {tuple(PAPERS)}, got {self.paper!r}"),
            (self.card in CARD_SIZES, f"expected --card in {tuple(CARD_SIZES)}, got {self.card!r}"),
            (0 <= self.bleed_mm <= MAX_BLEED_MM, f"expected --bleed between 0 and {MAX_BLEED_MM} mm, got {self.bleed_mm}"),
            (self.backs in ("duplex", "none"), f"expected --backs duplex or none, got {self.backs!r}"),
            (1 <= self.copies <= MAX_COPIES, f"expected --copies between 1 and {MAX_COPIES}, got {self.copies}"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    @property
    def effective_bleed_mm(self) -> float:
        """Print-and-play has no bleed whatever ``bleed_mm`` says."""
        return 0.0 if self.print_and_play else self.bleed_mm
