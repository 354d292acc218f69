"""The shipped typefaces, registered with reportlab so every printable embeds them.

Print shops refuse PDFs whose fonts are not embedded, and reportlab's standard fonts
(Helvetica…) never are; they also lack some glyphs French and German need on every printer.
So the package ships Noto Sans (SIL Open Font License 1.1, ``font_files/OFL.txt``) and every
printable draws with it; reportlab embeds a subset of each TrueType font it uses.

People type names, comments and workshop names in any script, so :func:`runs` falls back, per
character, through Noto Sans Math (≤, ≥, →), Noto Sans Symbols 2, the Noto faces of Arabic,
Hebrew, Devanagari, Bengali, Tamil, Thai, Armenian and Georgian, a Noto Sans CJK subset
(Chinese, Japanese, Korean) and monochrome Noto Emoji (all OFL, subset by
``scripts/build_fonts.py``). Right-to-left text is put in visual order first (Unicode
Bidirectional Algorithm, UAX #9, via python-bidi) and Arabic letters in their joined
presentation forms (arabic-reshaper), because reportlab draws characters in the order given.
A character no shipped font has prints as :data:`PLACEHOLDER` and is logged as a warning:
never silently dropped. Indic and Thai runs drawn on the canvas (:func:`draw_string`, the
report's tables) are shaped by HarfBuzz (uharfbuzz, through reportlab's ``shapeStr``):
conjuncts and vowel signs in place. Known gap: inside reportlab ``Paragraph``s (report prose)
they are drawn unshaped.

Draw text through :func:`draw_string` / :func:`draw_centred`, measure it with
:func:`text_width`, and build Paragraph markup with :func:`markup`, so the fallback is used
everywhere.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(__file__).parent / "font_files"
"""Where the TTF files and their licence live inside the package."""

log = logging.getLogger("printables.fonts")

#: Fallback faces after the symbols font, in the order tried: reportlab name -> file.
FALLBACKS: dict[str, str] = {
    "PCEDSans-Symbols2": "NotoSansSymbols2-Subset.ttf",
    "PCEDSans-Arabic": "NotoSansArabic-Subset.ttf",
    "PCEDSans-Hebrew": "NotoSansHebrew-Subset.ttf",
    "PCEDSans-Devanagari": "NotoSansDevanagari-Subset.ttf",
    "PCEDSans-Bengali": "NotoSansBengali-Subset.ttf",
    "PCEDSans-Tamil": "NotoSansTamil-Subset.ttf",
    "PCEDSans-Thai": "NotoSansThai-Subset.ttf",
    "PCEDSans-Armenian": "NotoSansArmenian-Subset.ttf",
    "PCEDSans-Georgian": "NotoSansGeorgian-Subset.ttf",
    "PCEDSans-CJK": "NotoSansCJK-Subset.ttf",
    "PCEDSans-Emoji": "NotoEmoji-Subset.ttf",
}
SHAPED: frozenset[str] = frozenset({"PCEDSans-Devanagari", "PCEDSans-Bengali", "PCEDSans-Tamil", "PCEDSans-Thai"})
"""Fallback faces whose runs need shaping (reordered vowel signs, conjuncts) to be legible."""
PLACEHOLDER = "\u25a1"
"""WHITE SQUARE, printed where no shipped font has the character (and a warning is logged)."""
_INVISIBLE = frozenset({0xFE0E, 0xFE0F, 0x200D, 0x200B, 0x2060, 0xFEFF}) | frozenset(range(0x1F3FB, 0x1F400))
"""Variation selectors, joiners and skin-tone modifiers: they change a neighbour's look and
have no glyph of their own in a monochrome face, so they are left out, not replaced."""

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


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with each code point as UTF-16BE (PDF 32000-1:2008, 9.10.3):
    reportlab writes ``<%04X>``, which for a character beyond U+FFFF (an emoji, a rare CJK
    ideograph) gives five hex digits and makes copy, search and screen readers read the wrong
    character (U+1F31E read as U+1F31)."""
    entries = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange", f"{len(subset)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end"])


@lru_cache(maxsize=1)
def register_fonts() -> FontNames:
    """Register the shipped fonts once per process and return their reportlab names.

    Raises ``FileNotFoundError`` naming the missing file when the package was installed without
    its font files (they are package data, see pyproject.toml).
    """
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # the module-level name reportlab calls when saving
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


@lru_cache(maxsize=1)
def register_fallbacks() -> tuple[str, ...]:
    """Register the fallback faces (once per process, on the first character the report font
    lacks: about 0.1 s a Latin-only document never pays); returns their names in order."""
    register_fonts()
    for name, filename in FALLBACKS.items():
        path = FONT_DIR / filename
        if not path.is_file():
            raise FileNotFoundError(f"expected the font file {path} shipped with printables, found none")
        font = TTFont(name, str(path))
        # Arabic arrives in visual order with its presentation forms: it must not be shaped again.
        font.shapable = name in SHAPED  # reportlab turns this off by itself without uharfbuzz
        pdfmetrics.registerFont(font)
    return (_FILES["symbols"][0], *FALLBACKS)


@lru_cache(maxsize=16)
def _cmap(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def _has(font: str, ch: str) -> bool:
    return ch.isspace() or ord(ch) in _cmap(font)


def _all_in(text: str, font: str) -> bool:
    cmap = _cmap(font)
    return all(ord(ch) in cmap or ch.isspace() for ch in text)


def _fallback(ch: str) -> str | None:
    """The first fallback face that has ``ch`` (None: no shipped font has it)."""
    return _fallback_of(ord(ch))


@lru_cache(maxsize=8192)
def _fallback_of(code: int) -> str | None:
    for name in register_fallbacks():
        if code in _cmap(name):
            return name
    return None


@lru_cache(maxsize=1024)
def _warn_missing(ch: str) -> None:
    log.warning("no shipped font draws %r (U+%04X %s); printed as %s", ch, ord(ch),
                unicodedata.name(ch, "unnamed"), PLACEHOLDER)


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """Split ``text`` into (segment, font) runs: ``font`` where it has the glyph, else the first
    fallback that has it, else :data:`PLACEHOLDER` (with a warning). Text should already be in
    visual order (:func:`visual_order`)."""
    out: list[tuple[str, str]] = []
    for ch in text:
        if ord(ch) in _INVISIBLE:
            continue
        use = font if _has(font, ch) else _fallback(ch)
        if use is None:
            _warn_missing(ch)
            ch, use = PLACEHOLDER, _fallback(PLACEHOLDER) or font
        if out and out[-1][1] == use:
            out[-1] = (out[-1][0] + ch, use)
        else:
            out.append((ch, use))
    return out


RTL_FROM = "\u0590"
"""No character below U+0590 (where Hebrew begins) is of bidirectional class R or AL, so text
below it (Latin, Greek, Cyrillic ...) skips the per-character look-up (a test checks this
against ``unicodedata``)."""


def _is_rtl(ch: str) -> bool:
    return ch >= RTL_FROM and unicodedata.bidirectional(ch) in ("R", "AL")


def visual_order(text: str) -> str:
    """``text`` as it must be drawn left to right: Arabic letters joined (arabic-reshaper) and
    right-to-left runs reordered by the Unicode Bidirectional Algorithm (python-bidi), in a
    left-to-right paragraph. Text without right-to-left characters is returned as it is."""
    if text.isascii() or not any(_is_rtl(ch) for ch in text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return str(get_display(arabic_reshaper.reshape(text), base_dir="L"))


def markup(text: str, font: str) -> str:
    """``text`` as reportlab Paragraph markup: in visual order, escaped (``<b>`` and ``&`` print
    as typed), and every run ``font`` lacks wrapped in ``<font name=...>`` of its fallback."""
    parts = []
    for seg, name in runs(visual_order(text), font):
        safe = escape(seg, {'"': "&quot;"})
        parts.append(safe if name == font else f'<font name="{name}">{safe}</font>')
    return "".join(parts)


def shaped(segment: str, font: str, size: float) -> str:
    """``segment`` ready to draw in ``font``: shaped by HarfBuzz (a reportlab ``ShapedStr``) for
    the faces in :data:`SHAPED`, else as it is."""
    if font in SHAPED and pdfmetrics.getFont(font).shapable:
        drawn: str = shapeStr(segment, font, size)  # a str subclass carrying the glyph positions
        return drawn
    return segment


def segment_width(segment: str, font: str, size: float) -> float:
    """[pt] width of one run as drawn (shaped advances for :data:`SHAPED` faces)."""
    drawn = shaped(segment, font, size)
    data = getattr(drawn, "__shapeData__", None)
    if data is not None:
        return float(sum(g.x_advance for g in data) * size / 1000)
    return float(pdfmetrics.stringWidth(segment, font, size))


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` set in ``font`` (with fallback) at ``size`` [pt], from font metrics [pt]."""
    if _all_in(text, font):
        return float(pdfmetrics.stringWidth(text, font, size))
    text = visual_order(text)
    return sum(segment_width(seg, name, size) for seg, name in runs(text, font))


def draw_string(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draw ``text`` with its left end at (x, y) [pt], switching to the fallback where needed."""
    for seg, name in runs(visual_order(text), font):
        canvas.setFont(name, size)
        canvas.drawString(x, y, shaped(seg, name, size))
        x += segment_width(seg, name, size)


def draw_centred(canvas: Canvas, cx: float, y: float, text: str, font: str, size: float) -> None:
    """Draw ``text`` centred on ``cx`` [pt] (see :func:`draw_string`)."""
    draw_string(canvas, cx - text_width(text, font, size) / 2, y, text, font, size)


def missing_glyphs(text: str, font: str) -> set[str]:
    """Characters of ``text`` that neither ``font`` nor any shipped fallback has (they print as
    :data:`PLACEHOLDER`)."""
    return {ch for ch in text if ord(ch) not in _INVISIBLE and not _has(font, ch) and _fallback(ch) is None}
