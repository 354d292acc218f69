"""Recognising printed cards in phone photos and camera frames (no web, no database).

``recognise_image(data, deck, limits)`` takes the bytes of a JPEG, PNG, WebP or HEIC photo and returns
the cards of ``deck`` whose QR codes it reads, with the codes' corners and, when the table mat's
markers are visible, the mat slot each card lies in. See docs/recognition.md.
"""

from __future__ import annotations

from cards.recognise.limits import ImageLimits, ImageRejected
from cards.recognise.pipeline import (
    FoundCard,
    Recognition,
    RejectedCode,
    UnreadCode,
    recognise_image,
)

__all__ = ["FoundCard", "ImageLimits", "ImageRejected", "Recognition", "RejectedCode", "UnreadCode", "recognise_image"]
