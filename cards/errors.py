"""Errors of the deck, each naming what was expected and what came."""


class DeckError(ValueError):
    """A card file is broken: names the file, the card and the field."""


class PayloadError(ValueError):
    """A scanned or typed payload is not a card of this deck.

    ``reason`` is a stable code a client can translate (``foreign``, ``stale_deck``,
    ``other_deck``, ``bad_check``, ``unknown_card``).
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
