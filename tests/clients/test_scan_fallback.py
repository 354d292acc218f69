"""The live camera falls back to the server's recogniser, which also reads card markers (issue 15).

Chromium's fake camera plays a card of the project's own deck (printed by
``printables.card_face``, rasterised with ``pdftoppm``) whose QR code is blanked with paper white:
only the card's marker (an AprilTag 36h11) names it. The browser's QR reader reads nothing, so
after about 1.5 s the scanner sends its sharpest recent frame to the photo endpoint with
``?play=0`` and plays the card the server names, through the same command path as a live read.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp
from playwright.sync_api import expect

from cards.deck import default_deck
from cards.recognise import recognise_image
from tests.clients.conftest import SCANNED_CARD, Server, camera_browser
from tests.clients.media import (
    EXPOSURE,
    card_scene,
    exposed_frame,
    render_card_png,
    write_y4m_frames,
)
from tests.clients.test_scan_guidance import _join_in_governance

pytestmark = pytest.mark.browser

WAIT = 20_000
"""Upper bound [ms] for a change to reach the screen; a bound for failure, not a speed goal."""


def marker_only_frame(work: Path) -> np.ndarray:
    """The card's exposed frame with its QR code (found by zxing-cpp) and a margin of a fifth of
    its side painted paper white: the marker, 30 mm or more from the code, stays."""
    png = render_card_png(default_deck(), SCANNED_CARD, work / "card.png")
    frame = exposed_frame(card_scene(png)).copy()
    (code,) = zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode)
    p = code.position
    quad = np.array([(c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)], np.float32)
    centre = quad.mean(axis=0)
    cv2.fillConvexPoly(frame, np.round(centre + 1.2 * (quad - centre)).astype(np.int32), int(255 * EXPOSURE))
    return frame


@pytest.fixture(scope="module")
def frame(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    if shutil.which("pdftoppm") is None:
        pytest.fail("the browser tests need pdftoppm: apt-get install poppler-utils")
    return marker_only_frame(tmp_path_factory.mktemp("marker"))


@pytest.fixture(scope="module")
def browser(frame: np.ndarray, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Chromium whose camera shows only the marker-only card (overrides the conftest browser)."""
    clip = write_y4m_frames([frame] * 10, tmp_path_factory.mktemp("clip") / "marker.y4m")
    with camera_browser(clip) as instance:
        yield instance


def test_the_frame_has_a_marker_and_no_code(frame: np.ndarray) -> None:
    """zxing-cpp (what the browser's worker runs) reads nothing; the server's recogniser names the
    card by its marker alone: the clip tests what it claims to."""
    assert zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode) == []
    ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 92])
    assert ok
    cards = recognise_image(jpeg.tobytes(), default_deck()).cards
    assert [(c.id, c.read_by) for c in cards] == [(SCANNED_CARD, "marker")]


def test_a_card_read_by_its_marker_alone_is_played_once(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = new_context(lang="en").new_page()
    uploads: list[str] = []
    page.on("request", lambda r: uploads.append(r.url) if "/photo" in r.url and r.method == "POST" else None)
    _join_in_governance(page, server, "en")
    page.click('.tabbar [data-tab="scan"]')
    page.click("#cam-toggle")
    title = default_deck().get(SCANNED_CARD).text.get("en").title
    expect(page.locator("#scan-result")).to_contain_text(title, timeout=WAIT)
    assert uploads and all(u.endswith("/photo?play=0") for u in uploads), uploads
    # The card stays in view for 5 s more: it is played once, however many frames the server reads.
    page.wait_for_timeout(5000)
    me = json.loads(page.evaluate("() => localStorage.getItem('pced.participant')"))
    req = urllib.request.Request(f"{server.base}/api/tables/{me['table_id']}/events",
                                 headers={"Authorization": f"Bearer {me['participant_token']}"})
    with urllib.request.urlopen(req, timeout=10) as res:
        events = json.loads(res.read())["events"]
    played = [e for e in events if e["type"] == "card_played"]
    assert [(e["card_id"], e["source"]) for e in played] == [(SCANNED_CARD, "scan")], played
    assert len(uploads) <= 5, uploads
    expect(page.locator("#scan-result")).to_contain_text(title)  # never "already on the board"  # 1.5 s apart at least, then further apart
