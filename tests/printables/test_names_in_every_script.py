"""Names, comments and workshop names in every script reach the PDF (issue 14, point 17).

Before the fallback chain, Arabic and Chinese nicknames printed as "()", "Zoë 🌞🔋" as "Zoë " and a
workshop "Quartier 🌞 — 光伏 — حي الطاقة" as "Quartier — —". Reference for the right-to-left
order: the Unicode Bidirectional Algorithm (UAX #9, https://www.unicode.org/reports/tr9/), for
the joined Arabic forms: Unicode's Arabic Presentation Forms-B (U+FE70-U+FEFF).
"""

from __future__ import annotations

import io
import logging
import subprocess
import unicodedata

import pytest
from reportlab.pdfgen.canvas import Canvas

from printables.fonts import (
    PLACEHOLDER,
    draw_string,
    markup,
    missing_glyphs,
    register_fonts,
    runs,
    visual_order,
)

SAMPLES = {
    "arabic": "مريم",
    "chinese": "王小明",
    "japanese": "さくら",
    "korean": "김민준",
    "devanagari": "प्रिया",
    "hebrew": "דנה",
    "thai": "สมชาย",
    "greek": "Ωμέγα",
    "emoji": "Zoë 🌞🔋",
    "workshop": "Quartier 🌞 — 光伏 — حي الطاقة",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_character_has_a_shipped_font(name: str) -> None:
    fonts = register_fonts()
    text = SAMPLES[name]
    assert missing_glyphs(text, fonts.regular) == set()
    drawn = "".join(seg for seg, _font in runs(visual_order(text), fonts.regular))
    assert PLACEHOLDER not in drawn
    assert len(drawn.replace(" ", "")) >= len(unicodedata.normalize("NFC", text).replace(" ", "")) - 1  # Arabic joins


def test_emoji_and_cjk_use_their_fallback_faces() -> None:
    fonts = register_fonts()
    used = dict((seg, font) for seg, font in runs("Zoë 🌞🔋 王", fonts.regular))
    assert used["🌞🔋"] == "PCEDSans-Emoji" and used["王"] == "PCEDSans-CJK"


def test_arabic_is_joined_and_right_to_left() -> None:
    shown = visual_order("حي الطاقة")
    assert all(0xFE70 <= ord(ch) <= 0xFEFF or ch == " " for ch in shown), shown
    # Visual order: the first word (حي) is drawn at the right end.
    assert unicodedata.normalize("NFKC", shown.split(" ")[-1]) == "يح"


def test_a_character_no_font_has_prints_a_placeholder_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    fonts = register_fonts()
    hieroglyph = "\U00013000"
    with caplog.at_level(logging.WARNING, logger="printables.fonts"):
        drawn = runs(f"Ann {hieroglyph}", fonts.regular)
    assert "".join(seg for seg, _ in drawn).endswith(PLACEHOLDER)
    assert any("U+13000" in r.getMessage() for r in caplog.records)


def test_paragraph_markup_escapes_and_switches_fonts() -> None:
    fonts = register_fonts()
    text = markup("<b>王</b> & 🌞", fonts.regular)
    assert "&lt;b&gt;" in text and "&amp;" in text
    assert '<font name="PCEDSans-CJK">王</font>' in text and '<font name="PCEDSans-Emoji">🌞</font>' in text


def test_a_pdf_embeds_the_fallbacks_and_keeps_the_text() -> None:
    fonts = register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out)
    for k, text in enumerate(SAMPLES.values()):
        draw_string(canvas, 40, 780 - 20 * k, text, fonts.regular, 12)
    canvas.save()
    pdf = out.getvalue()
    embedded = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for face in ("NotoSansArabic", "NotoSansCJK", "NotoEmoji", "NotoSansDevanagari", "NotoSansHebrew", "NotoSansThai"):
        assert face in embedded, embedded
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for sample in ("王小明", "さくら", "김민준", "Ωμέγα", "光伏", "דנה"[::-1]):
        assert sample in text or sample[::-1] in text, (sample, text)
    assert "🌞🔋" in text  # copy and search read the emoji, not U+1F31 (ToUnicode beyond U+FFFF)
    assert "ﻣﺮﻳﻢ" in text or "مريم" in unicodedata.normalize("NFKC", text)[::-1] or "ﻢﻳﺮﻣ" in text


def test_devanagari_is_shaped_on_the_canvas() -> None:
    """"प्रिया" is 6 code points; shaped (HarfBuzz, Noto Sans Devanagari) it is 4 glyphs: the
    conjunct "प्र" is one, and the vowel sign ि (cluster 0) is drawn before the consonant it
    follows in memory (Unicode Standard, 12.1 Devanagari)."""
    from printables.fonts import register_fallbacks, segment_width, shaped

    register_fallbacks()
    drawn = shaped("प्रिया", "PCEDSans-Devanagari", 12)
    glyphs = drawn.__shapeData__  # type: ignore[attr-defined]
    assert len("प्रिया") == 6 and len(glyphs) == 4
    assert [g.cluster for g in glyphs][:2] == [0, 0]
    assert segment_width("प्रिया", "PCEDSans-Devanagari", 12) > 0


def test_no_right_to_left_character_below_the_fast_path_bound() -> None:
    """``visual_order`` skips the per-character look-up for characters below ``RTL_FROM``
    (U+0590, the start of the Hebrew block): none of them is of bidirectional class R or AL in
    this Python's Unicode database (UAX #9, https://www.unicode.org/reports/tr9/), so mixed
    texts reorder exactly as before and Latin text comes back unchanged."""
    from printables.fonts import RTL_FROM

    below = [hex(c) for c in range(ord(RTL_FROM)) if unicodedata.bidirectional(chr(c)) in ("R", "AL")]
    assert below == []
    assert visual_order("Zoë — 1 234,5 €") == "Zoë — 1 234,5 €"
    assert visual_order("Table דנה 2") != "Table דנה 2"
