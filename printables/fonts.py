"""The shipped typeface, registered with reportlab so every printable embeds it.

Print shops refuse PDFs whose fonts are not embedded, and reportlab's standard fonts
(Helvetica…) never are; they also lack some glyphs French and German need on every printer.
So the package ships Noto Sans (SIL Open Font License 1.1, ``font_files/OFL.txt``) and every
printable draws with it; reportlab embeds a subset of each TrueType font it uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "font_files"
"""Where the TTF files and their licence live inside the package."""

_FILES = {
    "regular": ("PCEDSans", "NotoSans-Regular.ttf"),
    "bold": ("PCEDSans-Bold", "NotoSans-Bold.ttf"),
    "italic": ("PCEDSans-Italic", "NotoSans-Italic.ttf"),
}


@dataclass(frozen=True)
class FontNames:
    """reportlab font names to pass to ``canvas.setFont`` (registered by :func:`register_fonts`)."""

    regular: str
    bold: str
    italic: str


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
    return FontNames(regular=_FILES["regular"][0], bold=_FILES["bold"][0], italic=_FILES["italic"][0])


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` set in ``font`` at ``size`` [pt], from the font's own metrics [pt]."""
    return float(pdfmetrics.stringWidth(text, font, size))
