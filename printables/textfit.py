"""Fit a card's words into a box: wrap, shrink within a floor, or refuse.

Text never overflows and is never clipped silently: :func:`fit_blocks` either returns lines
that fit or raises :class:`TextFitError` naming the card, the language and how much is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from printables.fonts import text_width

LEADING = 1.18
"""Line height as a multiple of the type size; Noto Sans sets comfortably at 1.15–1.2."""

SHRINK_STEP = 0.02
"""Scale decrement per fitting attempt (2 % of the nominal sizes)."""


class TextFitError(ValueError):
    """A card's text does not fit its box even at the smallest allowed size."""


@dataclass(frozen=True)
class Block:
    """One paragraph to fit: its text, font, nominal size [pt] and space after it [pt]."""

    text: str
    font: str
    size: float
    gap_after: float = 0.0
    max_lines: int = 0


@dataclass(frozen=True)
class FittedBlock:
    """A paragraph after fitting: lines, the size used [pt] and its leading [pt]."""

    lines: tuple[str, ...]
    font: str
    size: float
    leading: float
    gap_after: float

    @property
    def height(self) -> float:
        """Height the block takes including the gap after it [pt]."""
        return len(self.lines) * self.leading + self.gap_after


def _split_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Break a word wider than ``width`` into hyphenated pieces (long German compounds)."""
    pieces: list[str] = []
    rest = word
    while text_width(rest, font, size) > width:
        cut = len(rest) - 1
        while cut > 1 and text_width(rest[:cut] + "-", font, size) > width:
            cut -= 1
        pieces.append(rest[:cut] + "-")
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def wrap(text: str, font: str, size: float, width: float, split_words: bool = True) -> list[str] | None:
    """Greedy word wrap of ``text`` to ``width`` [pt].

    A word wider than the line is hyphenated when ``split_words``; otherwise the result is None
    (the caller shrinks the type first and splits words only as a last resort).
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        if not split_words and text_width(word, font, size) > width:
            return None
        for piece in _split_word(word, font, size, width):
            candidate = f"{current} {piece}" if current else piece
            if text_width(candidate, font, size) <= width:
                current = candidate
            else:
                if current:
                    lines.append(current)
                current = piece
    if current:
        lines.append(current)
    return lines


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """:func:`wrap` with word splitting allowed (always returns lines)."""
    return wrap(text, font, size, width) or []


def _fit_at(blocks: Sequence[Block], scale: float, width: float, split_words: bool) -> list[FittedBlock] | None:
    fitted = []
    for block in blocks:
        size = block.size * scale
        lines = wrap(block.text, block.font, size, width, split_words)
        if lines is None or (block.max_lines and len(lines) > block.max_lines):
            return None
        fitted.append(FittedBlock(tuple(lines), block.font, size, size * LEADING, block.gap_after * scale))
    return fitted


def fit_blocks(blocks: Sequence[Block], width: float, height: float, floor_ratio: float, what: str) -> list[FittedBlock]:
    """Set ``blocks`` one under the other in ``width`` x ``height`` [pt], shrinking all together.

    Sizes shrink in steps of :data:`SHRINK_STEP` from 100 % down to ``floor_ratio`` of nominal,
    first keeping words whole, then hyphenating over-long words; the first scale at which every block fits its line limit and the sum fits ``height`` wins.
    Raises :class:`TextFitError` naming ``what`` (card and language) when none does.
    """
    needed = 0.0
    for split_words in (False, True):
        scale = 1.0
        while scale >= floor_ratio - 1e-9:
            fitted = _fit_at(blocks, scale, width, split_words)
            if fitted is not None:
                needed = sum(b.height for b in fitted) - fitted[-1].gap_after
                if needed <= height:
                    return fitted
            scale -= SHRINK_STEP
    detail = f"needs {needed:.1f} pt of {height:.1f} pt" if needed else "a block exceeds its line limit"
    raise TextFitError(
        f"{what}: text does not fit its box even at {floor_ratio:.0%} of the nominal size ({detail}); "
        "shorten the text in the deck file"
    )
