"""Names in every script on the screens (issue 14, point 17): the projector shows Arabic,
Chinese, Devanagari and emoji nicknames with the shipped Noto fallbacks (``clients/fonts``), which
the browser loads for exactly the characters it needs (CSS ``unicode-range``)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.clients.conftest import Server

WAIT = 20_000
NAMES = ("مريم", "王小明", "प्रिया", "Zoë 🌞🔋")


def _post(server: Server, path: str, body: dict[str, Any]) -> Any:
    req = urllib.request.Request(server.base + path, method="POST", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.loads(res.read())


def test_the_projector_draws_every_script_with_shipped_fonts(new_context, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workshop = _post(server, "/api/workshops", {"name": "Quartier 🌞 — 光伏 — حي الطاقة", "tables": 1})
    table = workshop["tables"][0]
    for name in NAMES:
        _post(server, "/api/join", {"code": table["join_code"], "nickname": name})
    wall = new_context(1280, 720, mobile=False).new_page()
    wall.goto(table["projector_url"])
    for name in NAMES:
        expect(wall.locator(".pseats")).to_contain_text(name, timeout=WAIT)
    wall.evaluate("document.fonts.ready")
    loaded = wall.evaluate("""async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.family.includes('PCED Fallback') && f.status === 'loaded').length; }""")
    assert loaded >= 4, loaded  # Arabic, CJK, Devanagari, emoji faces were needed and loaded
    for sample in ("王", "م", "प", "🌞"):
        assert wall.evaluate(f"document.fonts.check('16px \"PCED Fallback\"', {json.dumps(sample)})")
    wall.screenshot(path=str(tmp_path / "projector-names.png"))
    Path("/tmp/h14-projector-names.png").write_bytes((tmp_path / "projector-names.png").read_bytes())
