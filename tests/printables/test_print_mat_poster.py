"""The mat's markers are found by OpenCV where cards.mat_layout says; posters decode to their URL."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pytest
from PIL import Image
from print_helpers import decode, render

from cards.mat_layout import MARKERS
from printables.mat import build_mat, marker_bits
from printables.poster import PosterTable, build_posters
from server.cli import main
from server.cli.poster_cmd import pair_tables

MAT_DPI = 60


def _detect(image_path: Path) -> dict[int, np.ndarray]:
    image = np.asarray(Image.open(image_path).convert("L"))
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    detector = cv2.aruco.ArucoDetector(dictionary, cv2.aruco.DetectorParameters())
    corners, ids, _ = detector.detectMarkers(image)
    assert ids is not None, f"no marker found in {image_path.name}"
    return {int(i): c.reshape(4, 2) for i, c in zip(ids.flatten(), corners, strict=True)}


@pytest.mark.parametrize(("paper", "lang"), [("a3", "en"), ("a4x2", "de")])
def test_mat_markers_are_detected_at_the_layout_positions(tmp_path: Path, paper: str, lang: str) -> None:
    mat = build_mat(lang, paper)
    pages = render(mat.pdf_bytes, tmp_path, dpi=MAT_DPI)
    assert len(pages) == len(mat.sheets)
    found_ids: set[int] = set()
    px_per_mm = MAT_DPI / 25.4
    for sheet, image_path in zip(mat.sheets, pages, strict=True):
        detected = _detect(image_path)
        expected = {m.marker_id: m for m in MARKERS if sheet.shows(m)}
        assert set(detected) == set(expected), f"sheet {sheet.page + 1}: found {sorted(detected)}"
        for marker_id, marker in expected.items():
            want = np.array([sheet.to_page_mm(x, y) for x, y in marker.corners()]) * px_per_mm
            assert np.abs(detected[marker_id] - want).max() < 2.5, f"marker {marker_id} off: {detected[marker_id]} vs {want}"
        found_ids |= set(detected)
    assert found_ids == {0, 1, 2, 3}


def test_marker_bits_come_from_the_aruco_dictionary() -> None:
    bits = marker_bits(0)
    assert bits.shape == (6, 6) and bits[0].all() and bits[:, 0].all() and not bits[1:5, 1:5].all()


def test_mat_labels_every_slot_in_the_chosen_language() -> None:
    with pdfplumber.open(io.BytesIO(build_mat("fr", "a3").pdf_bytes)) as pdf:
        text = pdf.pages[0].extract_text()
    for label in ("QUI", "QUOI", "COMMENT", "POURQUOI", "GOUVERNANCE", "FINANCEMENT", "MESURES ÉNERGIE", "SCÉNARIO"):
        assert label in text


def test_posters_carry_name_code_and_a_readable_join_qr(tmp_path: Path) -> None:
    tables = [
        PosterTable("Confluence Nord", "http://192.168.1.10:8000/join/ab12CD", "AB12CD"),
        PosterTable("Harthof", "https://assembler.example.org/join/x9Y7"),
    ]
    pdf = build_posters(tables, "fr")
    pages = render(pdf, tmp_path, dpi=72)
    assert len(pages) == 2
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        height = float(doc.pages[0].height)
        texts = [page.extract_text() for page in doc.pages]
    for table, image_path, text in zip(tables, pages, texts, strict=True):
        found = decode(image_path, height, dpi=72)
        assert [f.text for f in found] == [table.join_url]
        assert table.name in text and "Rejoignez cette table" in text
        if table.code:
            assert " ".join(table.code) in text


def test_poster_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="join URL"):
        build_posters([PosterTable("A", "ftp://x")], "en")
    with pytest.raises(ValueError, match="one --join-url per --table"):
        pair_tables(["A", "B"], ["http://h/j"], [])
    assert pair_tables(["A b", "C"], ["http://h/j/{table}"], ["X1", "Y2"]) == [
        ("A b", "http://h/j/A%20b", "X1"),
        ("C", "http://h/j/C", "Y2"),
    ]


def test_a_single_table_poster_fills_the_table_placeholder_too() -> None:
    """One ``--table`` with ``--join-url https://example.org/j/{table}`` printed the literal
    ``{table}`` in the URL and its QR code (found by a newcomer's check): the placeholder is
    filled whatever the number of tables."""
    assert pair_tables(["Table 1"], ["https://example.org/j/{table}"], []) == [
        ("Table 1", "https://example.org/j/Table%201", None)
    ]


def test_cli_writes_deck_mat_and_poster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck_pdf, mat_pdf, poster_pdf = tmp_path / "d.pdf", tmp_path / "m.pdf", tmp_path / "p.pdf"
    assert main(["deck", "-o", str(deck_pdf), "--only", "why", "--print-and-play", "--paper", "letter", "--lang", "fr"]) == 0
    assert main(["mat", "-o", str(mat_pdf), "--paper", "a4x2"]) == 0
    assert main(["poster", "-o", str(poster_pdf), "--table", "T1", "--join-url", "http://h:8000/j/T1", "--code", "K7M2"]) == 0
    for path in (deck_pdf, mat_pdf, poster_pdf):
        assert path.read_bytes().startswith(b"%PDF")
    assert main(["deck", "-o", str(deck_pdf), "--only", "nonsense"]) == 2
    assert "expected --only categories" in capsys.readouterr().err
