"""Helpers shared by the workshop-day browser tests (issue 13): the HTTP API, a workshop in a
phase, a phone that joins, and the projector's fit check."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from server.auth import COMMAND_RATE_PER_S
from tests.clients.conftest import Server

WAIT = 20_000
"""Upper bound [ms] for a change to reach a screen; a bound for failure, not a speed goal."""


def _api(server: Server, path: str, token: str | None = None, body: dict[str, Any] | None = None) -> Any:
    req = urllib.request.Request(server.base + path, method="POST" if body is not None else "GET",
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.loads(res.read())


def _workshop(server: Server, name: str, tables: int = 1, phase: str | None = None, **extra: Any) -> dict[str, Any]:
    workshop = _api(server, "/api/workshops", body={"name": name, "tables": tables, **extra})
    if phase:
        _api(server, f"/api/workshops/{workshop['workshop_id']}/commands", workshop["facilitator_token"],
             {"cmd_id": f"phase-{phase}-{workshop['workshop_id']}", "command": {"kind": "set_phase", "phase": phase}})
    return workshop


def _join(ctx: BrowserContext, code: str, nickname: str, skip_role: bool = True) -> Page:
    page = ctx.new_page()
    page.goto(f"/play?join={code}")
    expect(page.locator("#join-code")).to_have_value(code)
    page.fill("#join-nick", nickname)
    page.click("#join-form button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    expect(page.locator("#play-view, #role-view").locator("visible=true")).to_have_count(1, timeout=WAIT)
    if skip_role and page.locator("#role-view").is_visible():
        page.click("#role-skip")
    return page


def _type_code(page: Page, code: str) -> None:
    page.click('.tabbar [data-tab="scan"]')
    page.fill("#code-input", code)
    page.click("#code-form button[type=submit]")


BOARD_19 = ["GOV-01", "WHO-01", "WHO-02", "WHO-03", "WHAT-01", "WHAT-02", "WHAT-03", "HOW-01", "HOW-02", "HOW-03",
            "WHY-01", "WHY-02", "WHY-03", "TECH-01", "TECH-02", "TECH-03", "TECH-04", "TECH-05", "SCN-01"]
"""Nineteen cards, the largest board the issue measured (one table was 1,660 px tall)."""


def _fill_tables(server: Server, workshop: dict[str, Any]) -> None:
    """Plays BOARD_19 on every table with the facilitator's link, paced at the link's published
    rate budget (server.auth.COMMAND_RATE_PER_S, issue 14) so that no command is refused 429."""
    token = workshop["facilitator_token"]
    for table in workshop["tables"]:
        for card_id in BOARD_19:
            time.sleep(1 / COMMAND_RATE_PER_S)  # pacing at the published rate budget, see the docstring
            command: dict[str, Any] = {"kind": "play_card", "card_id": card_id, "source": "pick"}
            if card_id.startswith("SCN"):
                command.update(slot="scenario", revealed=True)
            out = _api(server, f"/api/tables/{table['table_id']}/commands", token,
                       {"cmd_id": f"fill-{table['table_id']}-{card_id}", "command": command})
            assert out.get("ok", True) is not False and out.get("type") != "reject", (card_id, out)


def _assert_fits(page: Page, cards: int) -> None:
    """The document is no taller or wider than the viewport, and every card lies inside it."""
    expect(page.locator("#room[data-fit]")).to_have_count(1, timeout=WAIT)
    page.wait_for_timeout(300)  # the fit runs one animation frame after the last draw
    size = page.evaluate("""() => ({h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth,
        vh: innerHeight, vw: innerWidth,
        out: [...document.querySelectorAll('#room [data-card]')].filter((e) => e.offsetParent !== null).map((e) => e.getBoundingClientRect())
             .filter((r) => r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.height < 4).length,
        shown: [...document.querySelectorAll('#room [data-card]')].filter((e) => e.offsetParent !== null).length})""")
    assert size["h"] <= size["vh"] and size["w"] <= size["vw"], size
    assert size["shown"] == cards and size["out"] == 0, size
