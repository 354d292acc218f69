"""The card marker, the second identity channel (issue 15): printed on every front, read alone only
when exact, cross-checked with the QR code of the same card, never confused with the mat's markers."""

from __future__ import annotations

import dataclasses
import io
import itertools
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from cards.codes import card_payload
from cards.deck import Deck, default_deck
from cards.markers import MARKER_CELLS, card_for_marker, dictionary, marker_cells, marker_id
from cards.recognise import recognise_image
from cards.recognise.card_geometry import (
    MARKER_MM,
    MARKER_TO_CODE_CENTRE_MM,
    QR_BOX_INSET_MM,
    QR_BOX_MM,
)
from cards.recognise.combine import combine
from cards.recognise.imaging import View
from cards.recognise.markers import MarkerRead, along, find_card_markers
from cards.recognise.mat import find_mat
from cards.recognise.qr import Symbol

card_face = pytest.importorskip("printables.card_face", reason="printables draws the card face")
DPI = 150
PX_PER_MM = DPI / 25.4


def _front(deck: Deck, card_id: str, tmp: Path, marker: float | None = None) -> np.ndarray:
    """A poker front rasterised at 150 dpi (grey), with the shipped marker or ``marker`` [mm]."""
    from printables.canvas import PrintCanvas
    from printables.fonts import register_fonts
    from printables.geometry import CARD_SIZES

    size = CARD_SIZES["poker"] if marker is None else dataclasses.replace(CARD_SIZES["poker"], marker=marker)
    fonts = register_fonts()
    card = deck.get(card_id)
    content = card_face.prepare_front(card, "en", size, fonts, card_payload(deck, card))
    buffer = io.BytesIO()
    canvas = PrintCanvas(buffer, pagesize=size.size_pt, initialFontName=fonts.regular, invariant=True)
    card_face.draw_front(canvas, content, 0, 0, size, 0.0, fonts)
    canvas.showPage()
    canvas.save()
    (tmp / f"{card_id}.pdf").write_bytes(buffer.getvalue())
    out = tmp / card_id
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", str(tmp / f"{card_id}.pdf"), str(out)], check=True, timeout=60)
    return np.asarray(cv2.imread(f"{out}.png", cv2.IMREAD_GRAYSCALE), dtype=np.uint8)


def _code_box(face: np.ndarray) -> tuple[slice, slice]:
    """Rows and columns of the QR box on a rasterised front."""
    x0 = round((63.0 - QR_BOX_INSET_MM - QR_BOX_MM) * PX_PER_MM)
    y0 = round((88.0 - QR_BOX_INSET_MM - QR_BOX_MM) * PX_PER_MM)
    side = round(QR_BOX_MM * PX_PER_MM)
    return slice(y0, y0 + side), slice(x0, x0 + side)


def _photo(face: np.ndarray) -> bytes:
    """The face on a grey table, as a PNG."""
    photo = cv2.copyMakeBorder(face, 80, 80, 80, 80, cv2.BORDER_CONSTANT, value=110)
    ok, png = cv2.imencode(".png", photo)
    assert ok
    return png.tobytes()


def _on_mat(face: np.ndarray, k: float = 4.0) -> bytes:
    """The face laid in the mat's WHAT slot, with the mat's four markers, at ``k`` px per mm (PNG)."""
    from cards.mat_layout import ARUCO_DICTIONARY, MARKERS, MAT_HEIGHT_MM, MAT_WIDTH_MM, SLOTS
    from cards.model import Slot

    canvas = np.full((round(MAT_HEIGHT_MM * k), round(MAT_WIDTH_MM * k)), 225, np.uint8)
    mat_dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICTIONARY))
    for marker in MARKERS:
        side = round(marker.size * k)
        x, y = round(marker.x * k), round(marker.y * k)
        canvas[y : y + side, x : x + side] = cv2.aruco.generateImageMarker(mat_dictionary, marker.marker_id, side)
    card = cv2.resize(face, (round(63 * k), round(88 * k)), interpolation=cv2.INTER_AREA)
    slot = SLOTS[Slot.WHAT]
    x, y = round((slot.x + slot.width / 2 - 31.5) * k), round((slot.y + slot.height / 2 - 44) * k)
    canvas[y : y + card.shape[0], x : x + card.shape[1]] = card
    ok, png = cv2.imencode(".png", canvas)
    assert ok
    return png.tobytes()


def test_marker_ids_follow_the_card_id() -> None:
    """``prefix index x 64 + number`` (cards/markers.py): fixed by the id, unique over the deck."""
    assert (marker_id("ROLE-01"), marker_id("GOV-03"), marker_id("SCN-13"), marker_id("WHO-64")) == (1, 67, 461, None)
    deck = default_deck()
    ids = [marker_id(card.id) for card in deck]
    assert None not in ids and len(set(ids)) == len(deck.cards)
    assert all(card_for_marker(deck, marker_id(card.id) or 0) is card for card in deck)
    assert card_for_marker(deck, 586) is None
    with pytest.raises(ValueError, match="expected a card id like GOV-03"):
        marker_id("XYZ-01")


def test_deck_markers_differ_in_at_least_11_cells() -> None:
    """The false-id safety the docs state: 36h11's minimum Hamming distance (11, Olson 2011), checked
    on the deck's own markers with every rotation."""
    deck = default_deck()
    codes = {card.id: marker_cells(marker_id(card.id) or 0)[1:-1, 1:-1] for card in deck}
    nearest = min(int((a != np.rot90(b, r)).sum()) for a, b in itertools.combinations(codes.values(), 2) for r in range(4))
    assert nearest >= 11
    assert marker_cells(1).shape == (MARKER_CELLS, MARKER_CELLS)


def test_marker_geometry_matches_the_printed_face() -> None:
    """The marker's size and place the recogniser assumes (card_geometry) are what printables draws;
    its cells are at least twice the QR module on every card size."""
    from cards.codes import compact_payload
    from printables import qr
    from printables.geometry import CARD_SIZES, MM

    box = card_face.marker_box(CARD_SIZES["poker"])
    assert box is not None
    assert (box.x / MM, box.y / MM, box.w / MM) == pytest.approx((QR_BOX_INSET_MM, QR_BOX_INSET_MM, MARKER_MM))
    deck = default_deck()
    payload = compact_payload(deck, deck.cards[0])
    for size in CARD_SIZES.values():
        module = size.qr_box / (qr.choose(payload, size.qr_box, size.name).size + 8)
        assert size.marker_cell >= 2 * module, size.name
        text = card_face.text_box(size)
        # The footer's top: id line, gap and the code's cap height (0.4 + 0.525 + 0.3 + 0.72 code_pt)
        # stay below the text box.
        assert card_face.footer_floor(size) + size.code_pt * 1.95 < text.y, size.name


def test_a_card_is_read_by_its_marker_when_its_code_is_blanked(deck: Deck, tmp_path: Path) -> None:
    """Alone on a table, the code read: no marker pass (nothing left to explain). Code blanked:
    the marker names the card, and reports the code's corners where the code was printed."""
    face = _front(deck, "WHO-02", tmp_path)
    both = recognise_image(_photo(face), deck)
    assert [(c.id, c.read_by) for c in both.cards] == [("WHO-02", "qr")]
    rows, cols = _code_box(face)
    face[rows, cols] = 255
    alone = recognise_image(_photo(face), deck)
    assert [(c.id, c.read_by) for c in alone.cards] == [("WHO-02", "marker")]
    assert alone.unread == ()
    got = np.mean(alone.cards[0].corners, axis=0)
    assert np.allclose(got, np.mean(both.cards[0].corners, axis=0), atol=1.5 * PX_PER_MM)


def test_on_the_mat_both_channels_agree_and_the_marker_alone_gives_the_slot(deck: Deck, tmp_path: Path) -> None:
    """On the mat the markers are always read: code and marker agree; with the code blanked the
    marker's card centre lands in the same slot as the code's."""
    from cards.model import Slot

    face = _front(deck, "WHO-02", tmp_path)
    both = recognise_image(_on_mat(face), deck)
    assert [(c.id, c.read_by, c.slot) for c in both.cards] == [("WHO-02", "qr+marker", Slot.WHAT)]
    rows, cols = _code_box(face)
    face[rows, cols] = 255
    alone = recognise_image(_on_mat(face), deck)
    assert [(c.id, c.read_by, c.slot) for c in alone.cards] == [("WHO-02", "marker", Slot.WHAT)]


def test_a_marker_that_disagrees_with_the_code_leaves_the_place_unread(deck: Deck, tmp_path: Path) -> None:
    """WHO-02's marker beside WHO-03's code: neither is guessed, the place is reported unread."""
    face = _front(deck, "WHO-02", tmp_path)
    other = _front(deck, "WHO-03", tmp_path)
    rows, cols = _code_box(face)
    face[rows, cols] = other[rows, cols]
    result = recognise_image(_on_mat(face), deck)
    assert result.cards == ()
    assert len(result.unread) == 1 and result.unread[0].slot is not None


def test_a_marker_read_with_a_corrected_cell_names_no_card(deck: Deck, tmp_path: Path) -> None:
    """One data cell flipped: OpenCV still decodes the marker (it corrects up to 5 bits), but
    without its code the card is reported unread, not named."""
    face = _front(deck, "WHO-02", tmp_path)
    rows, cols = _code_box(face)
    face[rows, cols] = 255
    cell = MARKER_MM / MARKER_CELLS * PX_PER_MM
    left, top = QR_BOX_INSET_MM * PX_PER_MM, (88.0 - QR_BOX_INSET_MM - MARKER_MM) * PX_PER_MM
    black = marker_cells(marker_id("WHO-02") or 0)[3, 3]
    y0, x0 = round(top + 3 * cell) + 1, round(left + 3 * cell) + 1
    face[y0 : round(y0 + cell) - 2, x0 : round(x0 + cell) - 2] = 255 if black else 0
    markers = find_card_markers(View(face, 1.0))
    assert [(m.marker_id, m.exact) for m in markers] == [(marker_id("WHO-02"), False)]
    result = recognise_image(_photo(face), deck)
    assert result.cards == ()
    assert len(result.unread) == 1


def test_a_card_printed_without_a_marker_reads_as_before(deck: Deck, tmp_path: Path) -> None:
    face = _front(deck, "WHO-02", tmp_path, marker=0.0)
    assert [(c.id, c.read_by) for c in recognise_image(_photo(face), deck).cards] == [("WHO-02", "qr")]


def test_card_markers_and_mat_markers_are_never_confused() -> None:
    """Every deck marker on one sheet: the card detector finds each exactly, the mat detector
    (DICT_4X4_50) none; the mat's four markers are no card marker."""
    from cards.mat_layout import ARUCO_DICTIONARY

    deck = default_deck()
    ids = sorted(marker_id(card.id) or 0 for card in deck)
    tile = 80
    sheet = np.full((tile * 11, tile * 10), 255, np.uint8)
    for index, number in enumerate(ids):
        image = cv2.aruco.generateImageMarker(dictionary(), number, tile - 20, borderBits=1)
        y, x = divmod(index, 10)
        sheet[y * tile + 10 : y * tile + tile - 10, x * tile + 10 : x * tile + tile - 10] = image
    found = find_card_markers(View(sheet, 1.0))
    assert sorted(m.marker_id for m in found) == ids and all(m.exact for m in found)
    assert find_mat(View(sheet, 1.0), full_resolution=True) is None
    mat_dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICTIONARY))
    mats = np.full((tile * 2, tile * 2), 255, np.uint8)
    for number in range(4):
        y, x = divmod(number, 2)
        mats[y * tile + 10 : y * tile + tile - 10, x * tile + 10 : x * tile + tile - 10] = cv2.aruco.generateImageMarker(mat_dictionary, number, tile - 20)
    assert find_card_markers(View(mats, 1.0)) == ()


def _marker_at(deck: Deck, card_id: str, x: float, y: float, side: float = 64.0, *, exact: bool = True) -> MarkerRead:
    """An upright marker read [px] whose top-left corner is (x, y)."""
    return MarkerRead(marker_id(card_id) or 0, ((x, y), (x + side, y), (x + side, y + side), (x, y + side)), exact)


def _symbol_for(marker: MarkerRead, text: str) -> Symbol:
    """A decoded code where ``marker`` predicts its card's code (upright, 19.55 mm)."""
    cx, cy = along(marker, MARKER_TO_CODE_CENTRE_MM, MARKER_MM)
    half = 10 * marker.side / MARKER_MM
    return Symbol(text, ((cx - half, cy - half), (cx + half, cy - half), (cx + half, cy + half), (cx - half, cy + half)))


def test_combine_rules_on_reads(deck: Deck, payloads: dict[str, str]) -> None:
    """The rules of cards/recognise/combine.py on reads placed by hand (4 px per mm)."""
    marker = _marker_at(deck, "WHO-02", 100, 400)
    same, other = _symbol_for(marker, payloads["WHO-02"]), _symbol_for(marker, payloads["WHO-03"])
    agreed = combine([same], (marker,), deck)
    assert agreed.confirmed == [same] and agreed.withdrawn == [] and agreed.marker_cards == []
    clash = combine([other], (marker,), deck)
    assert clash.withdrawn == [other] and len(clash.unread) == 1 and clash.marker_cards == []
    stale = combine([_symbol_for(marker, payloads["WHO-02"].replace("PCED.1/", "PCED.0/"))], (marker,), deck)
    assert stale.marker_cards == [] and stale.withdrawn == [] and stale.unread == []
    alone = combine([], (marker,), deck)
    assert [m.card_id for m in alone.marker_cards] == ["WHO-02"] and alone.unread == []
    doubtful = combine([], (_marker_at(deck, "WHO-02", 100, 400, exact=False),), deck)
    assert doubtful.marker_cards == [] and len(doubtful.unread) == 1 and len(doubtful.doubtful) == 1
    # Its code read elsewhere (300 px away): no second copy from the marker.
    far = Symbol(payloads["WHO-02"], ((700, 100), (780, 100), (780, 180), (700, 180)))
    assert combine([far], (marker,), deck).marker_cards == []
    # A marker of no card of this deck names nothing.
    assert combine([], (MarkerRead(586, marker.corners, True),), deck).marker_cards == []


def test_the_second_pass_finds_a_marker_whose_border_meets_a_neighbour() -> None:
    """The benchmark's one 12 MP miss (seed 15, a "motion" table photo, ROLE-07): a neighbouring
    card's edge crosses the marker's bottom border and a hand's motion smears it (0.8 cell).
    Modelled here on a 12 MP page: 15 px cells, a mid-grey card over half of the bottom border
    row, tilted 4 deg, a 10 px diagonal streak. The first pass (threshold offset 7, 1280 px copy)
    finds no marker; the second (offset 15, 2000 px) finds it exactly, and only it."""
    from cards.recognise.markers import find_more_markers

    mid = marker_id("ROLE-07")
    assert mid is not None
    cell, side = 15, 8 * 15
    page = np.full((3000, 4000), 200, np.uint8)
    y0, x0 = 1400, 1900
    page[y0 : y0 + side, x0 : x0 + side] = np.where(cv2.aruco.generateImageMarker(dictionary(), mid, side) > 0, 200, 25)
    yy, xx = np.mgrid[:3000, :4000]
    page[yy > y0 + side - cell / 2 + (xx - x0) * np.tan(np.radians(4))] = 100
    streak = np.zeros((10, 10), np.float32)
    cv2.line(streak, (0, 9), (9, 0), 1.0, 1, cv2.LINE_AA)
    photo = cv2.filter2D(page, -1, streak / streak.sum())
    photo = np.clip(photo + np.random.default_rng(1).normal(0, 3, photo.shape), 0, 255).astype(np.uint8)
    view = View(photo)
    assert find_card_markers(view) == ()
    (read,) = find_more_markers(view, ())
    assert read.marker_id == mid and read.exact
    assert abs(read.centre[0] - (x0 + side / 2)) < 3 and abs(read.centre[1] - (y0 + side / 2)) < 3
    # A marker the first pass already holds is not returned twice.
    assert find_more_markers(view, (read,)) == ()
