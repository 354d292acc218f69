"""Cards come back from synthetic photos; foreign codes come back rejected; duplicates counted once per place."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cards.deck import Deck
from cards.recognise import FoundCard, Recognition, recognise_image
from cards.recognise import synthetic as syn
from cards.recognise.imaging import View
from cards.recognise.qr import count_finder_patterns


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


def test_finder_patterns_are_counted_three_per_code(payloads: dict[str, str]) -> None:
    canvas = np.full((400, 1300), 255, dtype=np.uint8)
    for index, payload in enumerate(payloads.values()):
        canvas[50:350, 20 + index * 320 : 320 + index * 320] = syn.qr_image(payload, 300)
    assert count_finder_patterns(View(canvas)) == 12
