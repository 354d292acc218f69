"""Helpers for the printables tests: real PDFs, rendered with pdftoppm, read with zxing-cpp.

A plain module (not conftest) so test files import it by name; pytest puts this folder on sys.path."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image

from cards.deck import default_deck
from printables.deck_pdf import DeckOptions, DeckPdf, build_deck

DPI = 110
"""Render resolution: 0.73 mm QR modules get about 3 px each, enough for zxing-cpp."""


@dataclass(frozen=True)
class Found:
    """A QR code decoded on a page: its text and centre in PDF points (origin bottom-left)."""

    text: str
    x: float
    y: float


def render(pdf: bytes, directory: Path, dpi: int = DPI, first: int | None = None, last: int | None = None) -> list[Path]:
    """Render every page (or first..last, 1-based) with pdftoppm; return the image files in order.

    Grey-scale PGM rather than PNG: the same raster, without the zlib step that made PNG output
    five times slower on this 2-core machine (a full deck is about 40 pages)."""
    if shutil.which("pdftoppm") is None:
        raise RuntimeError("expected pdftoppm (Debian package poppler-utils) on PATH, found none")
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "in.pdf"
    source.write_bytes(pdf)
    command = ["pdftoppm", "-r", str(dpi), "-gray"]
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    subprocess.run([*command, str(source), str(directory / "page")], check=True, capture_output=True)
    return sorted(directory.glob("page-*.pgm"), key=lambda p: int(p.stem.split("-")[-1]))


def decode(image_path: Path, page_height_pt: float, dpi: int = DPI) -> list[Found]:
    """Every QR code zxing-cpp finds on a rendered page, with centres in PDF points."""
    image = np.asarray(Image.open(image_path).convert("L"))
    scale = 72.0 / dpi
    found = []
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        pos = result.position
        xs = [pos.top_left.x, pos.top_right.x, pos.bottom_right.x, pos.bottom_left.x]
        ys = [pos.top_left.y, pos.top_right.y, pos.bottom_right.y, pos.bottom_left.y]
        cx, cy = sum(xs) / 4 * scale, sum(ys) / 4 * scale
        found.append(Found(result.text, cx, page_height_pt - cy))
    return found


@cache
def built_deck(lang: str, paper: str, pnp: bool) -> DeckPdf:
    """The full shipped deck for one language/paper/mode, built once per test session."""
    return build_deck(DeckOptions(lang=lang, paper=paper, print_and_play=pnp), default_deck())
