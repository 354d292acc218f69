"""The shipped typeface, registered with reportlab so every printable embeds it.

Print shops refuse PDFs whose fonts are not embedded, and reportlab's standard fonts
(Helvetica…) never are; they also lack some glyphs French and German need on every printer.
So the package ships Noto Sans (SIL Open Font License 1.1, ``font_files/OFL.txt``) and every
printable draws with it; reportlab embeds a subset of each TrueType font it uses. Noto Sans has
no mathematical symbols (≤, ≥, →), so :func:`runs` sets those in Noto Sans Math, the fallback.
Draw text through :func:`draw_string` / :func:`draw_centred` and measure it with
:func:`text_width` so the fallback is used everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(__file__).parent / "font_files"
"""Where the TTF files and their licence live inside the package."""

_FILES = {
    "regular": ("PCEDSans", "NotoSans-Regular.ttf"),
    "bold": ("PCEDSans-Bold", "NotoSans-Bold.ttf"),
    "italic": ("PCEDSans-Italic", "NotoSans-Italic.ttf"),
    "symbols": ("PCEDSans-Symbols", "NotoSansMath-Regular.ttf"),
}


@dataclass(frozen=True)
class FontNames:
    """reportlab font names to pass to ``canvas.setFont`` (registered by :func:`register_fonts`)."""

    regular: str
    bold: str
    italic: str
    symbols: str


@lru_cache(maxsize=1)
def register_fonts() -> FontNames:
    """Register the shipped fonts once per process and return their reportlab names.

    Raises ``FileNotFoundError`` naming the missing file when the package was installed without
    its font files (they are package data, see pyproject.toml).
    """
    for name, filename in _FILES.values():
        path = FONT_DIR / filename
        if not path.is_file():
            raise FileNotFoundError(f"expected the font file {path} shipped with printables, found none")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        _FILES["regular"][0],
        normal=_FILES["regular"][0],
        bold=_FILES["bold"][0],
        italic=_FILES["italic"][0],
        boldItalic=_FILES["bold"][0],
    )
    return FontNames(*(_FILES[key][0] for key in ("regular", "bold", "italic", "symbols")))


@lru_cache(maxsize=16)
def _cmap(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def _has(font: str, ch: str) -> bool:
    return ch.isspace() or ord(ch) in _cmap(font)


def _all_in(text: str, font: str) -> bool:
    cmap = _cmap(font)
    return all(ord(ch) in cmap or ch.isspace() for ch in text)


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """Split ``text`` into (segment, font) runs: ``font`` where it has the glyph, else the fallback."""
    fallback = _FILES["symbols"][0]
    out: list[tuple[str, str]] = []
    for ch in text:
        use = font if _has(font, ch) or not _has(fallback, ch) else fallback
        if out and out[-1][1] == use:
            out[-1] = (out[-1][0] + ch, use)
        else:
            out.append((ch, use))
    return out


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` set in ``font`` (with fallback) at ``size`` [pt], from font metrics [pt]."""
    if _all_in(text, font):
        return float(pdfmetrics.stringWidth(text, font, size))
    return sum(float(pdfmetrics.stringWidth(seg, name, size)) for seg, name in runs(text, font))


def draw_string(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draw ``text`` with its left end at (x, y) [pt], switching to the fallback where needed."""
    for seg, name in runs(text, font):
        canvas.setFont(name, size)
        canvas.drawString(x, y, seg)
        x += float(pdfmetrics.stringWidth(seg, name, size))


def draw_centred(canvas: Canvas, cx: float, y: float, text: str, font: str, size: float) -> None:
    """Draw ``text`` centred on ``cx`` [pt] (see :func:`draw_string`)."""
    draw_string(canvas, cx - text_width(text, font, size) / 2, y, text, font, size)


def missing_glyphs(text: str, font: str) -> set[str]:
    """Characters of ``text`` neither ``font`` nor the fallback has (they would print as boxes)."""
    return {ch for ch in text if not _has(font, ch) and not _has(_FILES["symbols"][0], ch)}
