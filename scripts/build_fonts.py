"""Build the fallback fonts shipped for names and comments in every script (issue 14, point 17).

The files come from Noto (SIL Open Font License 1.1): Debian's ``fonts-noto-core`` (TrueType:
Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai, Armenian, Georgian, Symbols 2), Debian's
``fonts-noto-cjk`` (Noto Sans CJK SC, CFF outlines) and npm's ``@fontsource/noto-emoji``
(monochrome Noto Emoji, WOFF). reportlab embeds TrueType outlines only, so the CJK face is
subset to the characters people type in names (GB 2312 level 1 hanzi, the JIS X 0208 level 1
kanji, kana, the 2,350 KS X 1001 hangul syllables, CJK punctuation and full-width forms) and its
cubic outlines converted to quadratic ones (fontTools' cu2qu). Every file is subset to its
script's Unicode blocks to keep the repository small.

Run (once, when the fonts change), e.g. after ``apt-get download fonts-noto-core fonts-noto-cjk``
and ``npm pack @fontsource/noto-emoji@5.3.2`` unpacked into ``DIR``::

    python scripts/build_fonts.py DIR/usr/share/fonts DIR/package/files/noto-emoji-emoji-400-normal.woff
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
OUT_DIRS = (ROOT / "printables" / "font_files", ROOT / "clients" / "fonts")


def _ranges(*spans: tuple[int, int]) -> set[int]:
    return {c for lo, hi in spans for c in range(lo, hi + 1)}


#: output file -> (source file under the Debian font tree, code points kept)
SCRIPTS: dict[str, tuple[str, set[int]]] = {
    "NotoSansArabic-Subset.ttf": ("truetype/noto/NotoSansArabic-Regular.ttf",
                                  _ranges((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0x200C, 0x200F))),
    "NotoSansHebrew-Subset.ttf": ("truetype/noto/NotoSansHebrew-Regular.ttf", _ranges((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    "NotoSansDevanagari-Subset.ttf": ("truetype/noto/NotoSansDevanagari-Regular.ttf",
                                      _ranges((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x200C, 0x200D))),
    "NotoSansBengali-Subset.ttf": ("truetype/noto/NotoSansBengali-Regular.ttf", _ranges((0x0980, 0x09FF), (0x200C, 0x200D))),
    "NotoSansTamil-Subset.ttf": ("truetype/noto/NotoSansTamil-Regular.ttf", _ranges((0x0B80, 0x0BFF))),
    "NotoSansThai-Subset.ttf": ("truetype/noto/NotoSansThai-Regular.ttf", _ranges((0x0E00, 0x0E7F))),
    "NotoSansArmenian-Subset.ttf": ("truetype/noto/NotoSansArmenian-Regular.ttf", _ranges((0x0530, 0x058F))),
    "NotoSansGeorgian-Subset.ttf": ("truetype/noto/NotoSansGeorgian-Regular.ttf", _ranges((0x10A0, 0x10FF), (0x1C90, 0x1CBF))),
    "NotoSansSymbols2-Subset.ttf": ("truetype/noto/NotoSansSymbols2-Regular.ttf",
                                    _ranges((0x2190, 0x21FF), (0x2300, 0x23FF), (0x25A0, 0x27BF), (0x2B00, 0x2BFF))),
}


def _decoded(codec: str, lead: range, trail: range) -> set[int]:
    out: set[int] = set()
    for a in lead:
        for b in trail:
            try:
                text = bytes((a, b)).decode(codec)
            except UnicodeDecodeError:
                continue
            out.update(ord(ch) for ch in text)
    return out


def cjk_codepoints() -> set[int]:
    """Characters of names in Chinese, Japanese and Korean that the subset keeps."""
    hanzi = _decoded("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))      # GB 2312 level 1 (3,755)
    kanji = _decoded("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))      # JIS X 0208 level 1 (2,965)
    hangul = _decoded("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))     # KS X 1001 hangul (2,350)
    return hanzi | kanji | hangul | _ranges((0x3000, 0x30FF), (0x31F0, 0x31FF), (0xFF00, 0xFFEF))


def _subset(font: TTFont, codepoints: set[int], layout: bool) -> TTFont:
    options = subset.Options()
    options.layout_features = ["*"] if layout else []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    return font


def cff_to_glyf(font: TTFont) -> TTFont:
    """Quadratic TrueType outlines from CFF ones (reportlab embeds TrueType only)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font.sfntVersion = "\x00\x01\x00\x00"
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    return font


def main(fonts_dir: str, emoji_woff: str) -> int:
    base = Path(fonts_dir)
    built: dict[str, TTFont] = {}
    for out, (source, codepoints) in SCRIPTS.items():
        built[out] = _subset(TTFont(base / source), codepoints, layout=True)
    cjk = TTCollection(base / "opentype/noto/NotoSansCJK-Regular.ttc").fonts[2]  # Noto Sans CJK SC
    built["NotoSansCJK-Subset.ttf"] = cff_to_glyf(_subset(cjk, cjk_codepoints(), layout=False))
    emoji = TTFont(emoji_woff)
    emoji.flavor = None
    built["NotoEmoji-Subset.ttf"] = _subset(emoji, set(emoji.getBestCmap()) - set(range(0x80)), layout=False)
    for out_dir in OUT_DIRS:
        for name, font in built.items():
            font.save(out_dir / name)
            print(f"{out_dir / name}: {(out_dir / name).stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
