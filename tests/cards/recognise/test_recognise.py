"""Cards come back from synthetic photos; foreign codes come back rejected; duplicates counted once per place."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
import zxingcpp

from cards.deck import Deck
from cards.recognise import FoundCard, Recognition, recognise_image
from cards.recognise import synthetic as syn
from cards.recognise.finders import find_finder_patterns, missed_codes
from cards.recognise.imaging import View
from cards.recognise.qr import read_codes


def _photo_of_card(payload: str, rng: np.random.Generator, size: tuple[int, int] = (1280, 960)) -> tuple[np.ndarray, tuple[float, float]]:
    """One card on a table filling a third of the frame; returns the photo and the QR centre [px]."""
    card = syn.card_image(payload, 8.0)
    photo, matrix = syn.on_background(card, size, rng, fill=0.45)
    return photo, syn.map_points(matrix, [syn.qr_centre_on_card(8.0)])[0]


def _centre(card: FoundCard) -> tuple[float, float]:
    return (sum(p[0] for p in card.corners) / 4, sum(p[1] for p in card.corners) / 4)


def test_a_clean_card_is_found_with_its_code_and_corners(deck: Deck, payloads: dict[str, str], rng: np.random.Generator) -> None:
    photo, qr_centre = _photo_of_card(payloads["WHO-02"], rng)
    result = recognise_image(syn.encode(photo, ".png"), deck)
    assert isinstance(result, Recognition)
    assert [c.id for c in result.cards] == ["WHO-02"]
    card = result.cards[0]
    assert card.code == deck.get("WHO-02").code
    assert len(card.corners) == 4
    # The corners enclose the QR symbol (24 mm box minus quiet zone at 8 px/mm x 0.45 fill).
    assert math.dist(_centre(card), qr_centre) < 3.0
    assert card.slot is None and not result.mat_found and result.rejected == ()
    assert result.ms > 0


@pytest.mark.parametrize(
    "defect",
    ["perspective", "rotation", "blur", "motion", "noise", "jpeg", "glare", "low_light", "shadow"],
)
def test_phone_photo_defects(defect: str, deck: Deck, payloads: dict[str, str], rng: np.random.Generator) -> None:
    photo, _ = _photo_of_card(payloads["WHO-03"], rng)
    quality = 90
    if defect == "perspective":
        photo, _m = syn.perspective(photo, 0.15, rng)
    elif defect == "rotation":
        photo, _m = syn.perspective(photo, 0.0, rng, angle_deg=137.0)
    elif defect == "blur":
        photo = syn.blur(photo, 2.0)
    elif defect == "motion":
        photo = syn.motion_blur(photo, 5)
    elif defect == "noise":
        photo = syn.noise(photo, 18.0, rng)
    elif defect == "jpeg":
        quality = 25
    elif defect == "glare":
        photo = syn.glare(photo, 0.9, rng)
    elif defect == "low_light":
        photo = syn.low_light(photo, 0.18, rng)
    else:
        photo = syn.shadow(photo, 0.7)
    result = recognise_image(syn.encode(photo, ".jpg", quality), deck)
    assert [c.id for c in result.cards] == ["WHO-03"], defect


def test_webp_and_transparent_png_are_read(deck: Deck, payloads: dict[str, str], rng: np.random.Generator) -> None:
    photo, _ = _photo_of_card(payloads["WHO-01"], rng)
    assert [c.id for c in recognise_image(syn.encode(photo, ".webp", 90), deck).cards] == ["WHO-01"]
    # A code drawn black on a fully transparent background: its quiet zone must read as white.
    code = syn.qr_image(payloads["WHO-04"], 300)
    rgba = np.zeros((400, 400, 4), dtype=np.uint8)
    rgba[50:350, 50:350, 3] = np.where(code == 0, 255, 0)
    assert [c.id for c in recognise_image(syn.encode(rgba, ".png"), deck).cards] == ["WHO-04"]


def test_foreign_and_stale_codes_are_rejected_never_cards(deck: Deck, payloads: dict[str, str]) -> None:
    canvas = np.full((900, 1600), 255, dtype=np.uint8)
    texts = ["HTTPS://EXAMPLE.COM/MENU", "PCED.0/WHO-01.XX", "OTHER.1/WHO-01.2D", "PCED.1/WHO-01.ZZ", payloads["WHO-01"]]
    for index, text in enumerate(texts):
        canvas[100:400, 20 + index * 310 : 320 + index * 310] = syn.qr_image(text, 300)
    result = recognise_image(syn.encode(canvas, ".png"), deck)
    assert [c.id for c in result.cards] == ["WHO-01"]
    reasons = {r.payload: r.reason for r in result.rejected}
    assert reasons == {
        "HTTPS://EXAMPLE.COM/MENU": "foreign",
        "PCED.0/WHO-01.XX": "stale_deck",
        "OTHER.1/WHO-01.2D": "other_deck",
        "PCED.1/WHO-01.ZZ": "bad_check",
    }


def test_two_copies_of_a_card_are_two_cards_one_code_is_one(deck: Deck, payloads: dict[str, str]) -> None:
    canvas = np.full((600, 1400), 255, dtype=np.uint8)
    for x in (50, 500, 950):
        canvas[150:450, x : x + 300] = syn.qr_image(payloads["WHO-01" if x < 900 else "WHO-02"], 300)
    result = recognise_image(syn.encode(canvas, ".png"), deck)
    assert sorted(c.id for c in result.cards) == ["WHO-01", "WHO-01", "WHO-02"]


def test_a_very_large_photo_is_downscaled_and_corners_stay_in_its_frame(deck: Deck, payloads: dict[str, str], rng: np.random.Generator) -> None:
    photo, qr_centre = _photo_of_card(payloads["WHO-02"], rng, size=(6000, 4500))
    data = syn.encode(photo, ".jpg", 85)
    result = recognise_image(data, deck)
    assert [c.id for c in result.cards] == ["WHO-02"]
    assert math.dist(_centre(result.cards[0]), qr_centre) < 12.0


def test_retry_recovers_codes_the_first_pass_misses(deck: Deck, payloads: dict[str, str]) -> None:
    """Tiny, soft codes (about 1.3 px per module) are read only from an enhanced copy."""
    canvas = np.full((480, 640), 255, dtype=np.uint8)
    code = syn.qr_image(payloads["WHO-03"], 38)
    canvas[200:238, 300:338] = code
    photo = syn.blur(canvas, 0.6)
    import zxingcpp

    plain = zxingcpp.read_barcodes(photo, formats=zxingcpp.BarcodeFormat.QRCode)
    result = recognise_image(syn.encode(photo, ".png"), deck)
    assert [c.id for c in result.cards] == ["WHO-03"]
    assert len(plain) == 0, "the photo should be hard for a single plain pass, else this test proves nothing"


def _codes_in_a_row(payloads: dict[str, str]) -> np.ndarray:
    canvas = np.full((400, 1300), 255, dtype=np.uint8)
    for index, payload in enumerate(payloads.values()):
        canvas[50:350, 20 + index * 320 : 320 + index * 320] = syn.qr_image(payload, 300)
    return canvas


def test_finder_patterns_are_found_three_per_code(payloads: dict[str, str]) -> None:
    patterns = find_finder_patterns(View(_codes_in_a_row(payloads)))
    assert patterns is not None
    assert len(patterns) == 12


def test_codes_already_read_leave_no_missed_code(payloads: dict[str, str]) -> None:
    """Patterns on decoded codes are not counted again: an easy photo is never retried."""
    view = View(_codes_in_a_row(payloads))
    patterns = find_finder_patterns(view)
    assert patterns is not None
    assert missed_codes(patterns, list(read_codes(view).symbols)) == []


def test_undecoded_codes_are_located_by_their_three_finders(payloads: dict[str, str]) -> None:
    """With nothing decoded, each code is one missed code whose box covers the whole symbol."""
    canvas = _codes_in_a_row(payloads)
    missed = missed_codes(find_finder_patterns(View(canvas)) or [], [])
    assert len(missed) == 4
    for index in range(4):
        x0, x1 = 20 + index * 320, 320 + index * 320
        assert any(b[0] <= x0 + 40 and b[2] >= x1 - 40 and b[1] <= 90 and b[3] >= 310 for b in (m.box for m in missed))


def test_lone_nested_squares_are_not_a_missed_code() -> None:
    """Icons that nest like finder patterns count only in threes with a QR corner's geometry."""
    canvas = np.full((400, 1300), 255, dtype=np.uint8)
    pattern = syn.qr_modules("X")[4:11, 4:11]
    big = cv2.resize(pattern, (70, 70), interpolation=cv2.INTER_NEAREST)
    for x, y in ((100, 100), (300, 100), (600, 250), (1000, 60)):  # in a row, or alone
        canvas[y : y + 70, x : x + 70] = big
    patterns = find_finder_patterns(View(canvas))
    assert patterns is not None and len(patterns) == 4
    assert missed_codes(patterns, []) == []


def test_a_table_photo_whose_codes_were_all_read_is_not_retried(deck: Deck, payloads: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from cards.recognise import pipeline

    rng = np.random.default_rng(5)
    canvas, _placed = syn.table_on_mat([payloads[i] for i in list(payloads) * 2], 4.0, rng)
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "_retry", lambda *args, **kwargs: calls.append(1))
    result = recognise_image(syn.encode(canvas, ".png"), deck)
    assert result.mat_found and len(result.cards) == 8
    assert calls == []


def test_small_blurred_tilted_card_is_read_from_a_sharp_upscale(deck: Deck, payloads: dict[str, str]) -> None:
    """A 640x480 frame, code under 2 px per module, tilted and out of focus."""
    rng = np.random.default_rng(3)
    card = syn.card_image(payloads["WHO-04"], 4.0, level="H")
    photo, _m = syn.on_background(card, (640, 480), rng, fill=0.5)
    photo, _m2 = syn.perspective(photo, 0.1, rng, 15.0)
    photo = syn.blur(photo, 0.9)
    data = syn.encode(photo, ".jpg", 90)
    plain = zxingcpp.read_barcodes(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE), formats=zxingcpp.BarcodeFormat.QRCode)
    assert plain == [], "the photo should be hard for a single plain pass, else this test proves nothing"
    assert [c.id for c in recognise_image(data, deck).cards] == ["WHO-04"]
