"""The phone's live scanner reads across frames and tells the participant what to do (issue 15).

Chromium's fake camera plays a clip of a card of the project's own deck (printed by
``printables.card_face``, rasterised with ``pdftoppm``) in which a reflection clips the QR code
for 1.2 s, then a hand's motion smears it for 1.2 s, then it is sharp for 1.2 s, in a loop. While
the frames cannot be read the phone shows the advice for the cause ("tilt to avoid the
reflection", "hold still"); the sharp frames play the card and the advice goes.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zxingcpp
from playwright.sync_api import Page, expect

from cards.codes import parse_payload
from cards.deck import default_deck
from catalogs import languages
from catalogs.browser import browser_messages
from catalogs.formatting import bcp47
from tests.clients.conftest import SCANNED_CARD, SCREENSHOTS, Server, camera_browser
from tests.clients.media import (
    card_scene,
    exposed_frame,
    glare_frame,
    motion_frame,
    render_card_png,
    write_y4m_frames,
)

pytestmark = pytest.mark.browser

WAIT = 20_000
"""Upper bound [ms] for a change to reach the screen; a bound for failure, not a speed goal."""
SEGMENT = 12
"""Frames per segment of the clip (10 fps: 1.2 s each)."""


def _texts(lang: str) -> dict[str, Any]:
    """The screen texts the browser receives for ``lang`` (compiled from the PO catalogs)."""
    return browser_messages(lang)


def _frames(work: Path) -> dict[str, np.ndarray]:
    png = render_card_png(default_deck(), SCANNED_CARD, work / "card.png")
    scene = card_scene(png)
    return {"glare": glare_frame(scene), "motion": motion_frame(scene), "sharp": exposed_frame(scene)}


@pytest.fixture(scope="module")
def guidance_frames(tmp_path_factory: pytest.TempPathFactory) -> dict[str, np.ndarray]:
    if shutil.which("pdftoppm") is None:
        pytest.fail("the browser tests need pdftoppm: apt-get install poppler-utils")
    return _frames(tmp_path_factory.mktemp("guide"))


@pytest.fixture(scope="module")
def browser(guidance_frames: dict[str, np.ndarray], tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Chromium whose camera plays glare, motion and sharp segments in a loop (overrides the
    conftest browser, whose camera shows only sharp frames)."""
    frames = [guidance_frames[name] for name in ("glare", "motion", "sharp") for _ in range(SEGMENT)]
    clip = write_y4m_frames(frames, tmp_path_factory.mktemp("clip") / "guide.y4m")
    with camera_browser(clip) as instance:
        yield instance


def test_the_clip_is_unreadable_where_it_should_be(guidance_frames: dict[str, np.ndarray]) -> None:
    """zxing-cpp (the library the phone's worker runs as WebAssembly) reads the sharp frame and
    neither the glare nor the motion frame: the clip tests what it claims to."""
    deck = default_deck()
    read = {name: [r.text for r in zxingcpp.read_barcodes(f, formats=zxingcpp.BarcodeFormat.QRCode)] for name, f in guidance_frames.items()}
    assert [parse_payload(deck, text).card.id for text in read["sharp"]] == [SCANNED_CARD]
    assert read["glare"] == [] and read["motion"] == []


def _post(server: Server, path: str, body: dict[str, object], token: str | None = None) -> dict[str, object]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    req = urllib.request.Request(server.base + path, method="POST", data=json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(req, timeout=10) as res:
        return dict(json.loads(res.read()))


def _join_in_governance(page: Page, server: Server, lang: str) -> None:
    """A fresh workshop in ``lang`` in the governance phase (where the scanned governance card is
    playable), joined by ``page``. The workshop's language, not the browser's, rules the phone
    until the person picks one (issue 13, point 7)."""
    workshop = _post(server, "/api/workshops", {"name": "Guide room", "tables": 1, "lang": lang})
    command = {"cmd_id": "guide-phase-" + str(workshop["workshop_id"])[:8], "command": {"kind": "set_phase", "phase": "governance"}}
    _post(server, f"/api/workshops/{workshop['workshop_id']}/commands", command, str(workshop["facilitator_token"]))
    tables = workshop["tables"]
    assert isinstance(tables, list)
    page.goto(f"/play?join={tables[0]['join_code']}")
    page.fill("#join-nick", "Dana")
    page.click("#join-form button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    page.locator("#role-view:visible, #play-view:visible").first.wait_for(timeout=WAIT)
    if page.locator("#role-view").is_visible():
        page.click("#role-skip")
    expect(page.locator("#play-view")).to_be_visible(timeout=WAIT)


@pytest.mark.parametrize("lang", languages())
def test_the_phone_says_what_to_do_while_frames_are_unreadable(new_context, server: Server, lang: str) -> None:  # type: ignore[no-untyped-def]
    texts = _texts(lang)
    page = new_context(lang=bcp47(lang)).new_page()
    _join_in_governance(page, server, lang)
    page.click('.tabbar [data-tab="scan"]')
    page.click("#cam-toggle")
    guide = page.locator("#scan-guide")
    # Both causes are shown while their frames play (the clip loops every 3.6 s).
    expect(guide).to_have_text(texts["scan.guide_glare"], timeout=WAIT)
    if lang == "en":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "phone-scan-guide.png"), full_page=False)
    expect(guide).to_have_text(texts["scan.guide_still"], timeout=WAIT)
    # The sharp frames are read (two agreeing frames) and the card is played; the advice goes.
    expect(page.locator("#scan-result")).not_to_be_empty(timeout=WAIT)
    expect(guide).to_be_hidden(timeout=WAIT)
    title = default_deck().get(SCANNED_CARD).text.get(lang).title
    expect(page.locator("#scan-result")).to_contain_text(title)
