"""Benchmark: the full deck in en, fr and de, seconds per page against a same-run baseline.

Baseline: reportlab drawing the same number of pages with one string and one vector QR code
each (matrix from ``qrcode``, drawn as in :mod:`printables.qr`), so the ratio shows what the
card layout, text fitting and imposition cost on top of the unavoidable PDF work.

Run: ``.venv/bin/python bench/bench_deck.py`` (prints a table; no assertion, no timing limit).
"""

from __future__ import annotations

import io
import time

from reportlab.pdfgen.canvas import Canvas

from cards.deck import default_deck
from catalogs import languages
from printables import qr
from printables.deck_pdf import DeckOptions, build_deck
from printables.fonts import register_fonts
from printables.geometry import PAPERS


def baseline(pages: int) -> tuple[float, int]:
    """Seconds and bytes for ``pages`` pages, each one string and one QR code."""
    fonts = register_fonts()
    start = time.perf_counter()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAPERS["a4"].size_pt, initialFontName=fonts.regular)
    for index in range(pages):
        canvas.setFont(fonts.regular, 12)
        canvas.drawString(72, 760, f"Page {index + 1}")
        qr.draw(canvas, qr.matrix(f"PCED.1/BENCH-{index:02d}.XX", "H"), 72, 500, 68)
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - start, len(buffer.getvalue())


def main() -> None:
    deck = default_deck()
    build_deck(DeckOptions(lang="en", only=(deck.cards[0].category,)), deck)  # warm fonts and caches
    print(f"{'lang':<5} {'pages':>5} {'cards':>5} {'s/page':>8} {'base s/page':>11} {'ratio':>6} {'PDF KB':>7} {'base KB':>7}")
    for lang in languages():
        start = time.perf_counter()
        result = build_deck(DeckOptions(lang=lang), deck)
        elapsed = time.perf_counter() - start
        base_s, base_bytes = baseline(result.page_count)
        per_page, base_per_page = elapsed / result.page_count, base_s / result.page_count
        print(
            f"{lang:<5} {result.page_count:>5} {len(result.fronts()):>5} {per_page:>8.4f} {base_per_page:>11.4f} "
            f"{per_page / base_per_page:>6.1f} {len(result.pdf_bytes) / 1024:>7.0f} {base_bytes / 1024:>7.0f}"
        )


if __name__ == "__main__":
    main()
