"""Chart text that must stay whole: the tornado's input names wrap instead of being cut."""

from __future__ import annotations

from printables.fonts import register_fonts, text_width
from printables.report.charts import wrap_words


def test_a_long_german_input_name_wraps_onto_two_lines_without_losing_a_word() -> None:
    """"Jährliche Steigerung der Betriebs- und Wartungskosten *" was cut to "…Wartungskos…" in a
    label column of 36 % of the frame (about 177 pt at 6.8 pt); wrapped, every word is kept and
    each line fits, the assumption mark held to the last word by U+00A0."""
    font = register_fonts().regular
    name = "Jährliche Steigerung der Betriebs- und Wartungskosten\u00a0*"
    lines = wrap_words(name, font, 6.8, 150.0)
    assert len(lines) == 2
    assert " ".join(lines) == name
    assert all(text_width(line, font, 6.8) <= 150.0 for line in lines)
    assert lines[-1].endswith("Wartungskosten\u00a0*")


def test_a_name_that_fits_stays_on_one_line_and_a_third_line_is_cut() -> None:
    font = register_fonts().regular
    assert wrap_words("Diskontierungszins", font, 6.8, 150.0) == ["Diskontierungszins"]
    long = " ".join(["Wartungskosten"] * 12)
    lines = wrap_words(long, font, 6.8, 150.0)
    assert len(lines) == 2 and lines[-1].endswith("…")
