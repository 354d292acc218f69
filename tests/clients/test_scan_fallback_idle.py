"""The live camera's fallback to the server's recogniser does not flood the server (issue 15).

Chromium's fake camera shows an empty grey table top: nothing is ever read. The scanner may ask
the server about its sharpest frame after 1.5 s of nothing, then at growing gaps (1.5 s, 3 s,
6 s, ... at most 12 s; js/scanner.js), one upload at a time, and never while the phone is offline.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from playwright.sync_api import expect

from tests.clients.conftest import Server, camera_browser
from tests.clients.media import FRAME_H, FRAME_W, write_y4m_frames
from tests.clients.test_scan_guidance import _join_in_governance

pytestmark = pytest.mark.browser

WATCH_MS = 8000
"""How long the camera films nothing [ms]: uploads at about 1.5, 4.5 s (then 10.5 s) fit in it."""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Chromium whose camera shows a table top with no card (overrides the conftest browser)."""
    rng = np.random.default_rng(5)
    table = np.clip(110 + rng.normal(0, 6, (FRAME_H, FRAME_W)), 0, 255).astype(np.uint8)
    clip = write_y4m_frames([table] * 10, tmp_path_factory.mktemp("clip") / "empty.y4m")
    with camera_browser(clip) as instance:
        yield instance


def test_nothing_in_view_gives_a_few_spaced_uploads_and_none_offline(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = new_context(lang="en")
    page = context.new_page()
    uploads: list[float] = []
    page.on("request", lambda r: uploads.append(page.evaluate("() => performance.now()")) if "/photo" in r.url and r.method == "POST" else None)
    _join_in_governance(page, server, "en")
    page.click('.tabbar [data-tab="scan"]')
    page.click("#cam-toggle")
    expect(page.locator("#vf-idle")).to_be_hidden()
    page.wait_for_timeout(WATCH_MS)
    # The fallback runs (the server is asked), but at most once per 1.5 s and then less often.
    assert 1 <= len(uploads) <= 3, uploads
    gaps = np.diff(uploads)
    assert all(g >= 1400 for g in gaps), gaps
    assert list(gaps) == sorted(gaps), gaps  # the gap grows while nothing is found
    assert page.locator("#scan-result").text_content() in ("", None)  # no error shown for "nothing there"
    # Offline: no upload at all.
    context.set_offline(True)
    expect(page.locator("#status")).not_to_have_attribute("data-status", "live")
    before = len(uploads)
    page.wait_for_timeout(6000)
    assert len(uploads) == before, uploads
