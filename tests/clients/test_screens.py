"""The screens in a real browser against the real server (issue 7, "Done when").

One workshop is played through the way a room plays it: the facilitator creates it from the
landing page, two phones join one table, one phone scans a printed card through the fake camera,
the other types a card's code, a phone goes offline and back, and the console draws the table's
assessment. Screenshots at phone, laptop and 1080p sizes go to docs/screenshots/.
"""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from cards.deck import default_deck
from catalogs.browser import browser_messages
from tests.clients.conftest import SCANNED_CARD, SCREENSHOTS, RequestLog, Server

pytestmark = pytest.mark.browser

WAIT = 20_000
"""Upper bound [ms] for a change to reach a screen; a bound for failure, not a speed goal."""


def _api(server: Server, path: str, token: str | None = None, body: dict[str, Any] | None = None) -> Any:
    req = urllib.request.Request(server.base + path, method="POST" if body is not None else "GET",
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.loads(res.read())


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if not name.startswith("phone"):
        # Documentation images of the console and projector show the charts, not a passing toast
        # (the phone shots keep theirs: the confirmation is what they show).
        expect(page.locator("#toasts .toast")).to_have_count(0, timeout=10_000)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def _create_workshop(ctx: BrowserContext) -> tuple[Page, str]:
    page = ctx.new_page()
    page.goto("/")
    page.fill("#w-name", "Confluence PED lab")
    page.fill("#w-tables", "2")
    page.click("#create button[type=submit]")
    page.wait_for_url(re.compile(r"/f/[^/]+$"), timeout=WAIT)
    token = page.url.rsplit("/", 1)[1]
    expect(page.locator(".tcard")).to_have_count(2, timeout=WAIT)
    return page, token


def _join(ctx: BrowserContext, code: str, nickname: str) -> Page:
    page = ctx.new_page()
    page.goto(f"/play?join={code}")
    expect(page.locator("#join-code")).to_have_value(code)
    page.fill("#join-nick", nickname)
    page.click("#join-form button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    return page


def _card(page: Page, card_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f'#board [data-card="{card_id}"]')


def _tab(page: Page, name: str) -> None:
    page.click(f'.tabbar [data-tab="{name}"]')


def test_a_room_plays_a_table(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    deck = default_deck()
    console_ctx = new_context(1366, 768, mobile=False)
    console, fac_token = _create_workshop(console_ctx)
    workshop = _api(server, "/api/workshops/" + _api(server, "/api/session", fac_token)["workshop_id"], fac_token)
    table = workshop["tables"][0]

    # The projector of table 1 shows the join QR code while people join.
    wall_ctx = new_context(1920, 1080, mobile=False)
    wall = wall_ctx.new_page()
    wall.goto(table["projector_url"])
    expect(wall.locator(".join .big-code")).to_have_text(table["join_code"], timeout=WAIT)
    expect(wall.locator(".join svg")).to_be_visible()

    # Two phones join the same table; the first picks a role.
    ana = _join(new_context(), table["join_code"], "Ana")
    ben = _join(new_context(), table["join_code"], "Ben <b>")
    expect(ana.locator("#role-view")).to_be_visible(timeout=WAIT)
    _shot(ana, "phone-roles")
    ana.locator("#role-list li button.primary").first.click()
    expect(ana.locator("#play-view")).to_be_visible(timeout=WAIT)
    ben.click("#role-skip")
    expect(wall.locator(".pseats span")).to_have_count(2, timeout=WAIT)
    expect(wall.locator(".pseats")).to_contain_text("Ben <b>")  # nickname shown as text, not HTML
    _shot(wall, "projector-joining-1080p")

    # The facilitator opens the governance phase for every table from the console.
    console.select_option("#all-phase", "governance")
    console.click("#all-phase-set")
    expect(ana.locator("#phase")).to_have_text("Governance", timeout=WAIT)

    # Ana scans the printed card with the camera; it lands on Ben's phone and on the projector.
    _tab(ana, "scan")
    ana.click("#cam-toggle")
    expect(ana.locator("#scan-result")).to_have_class(re.compile("ok"), timeout=WAIT)
    expect(_card(ben, SCANNED_CARD)).to_have_count(1, timeout=WAIT)
    expect(wall.locator(f'[data-card="{SCANNED_CARD}"]')).to_have_count(1, timeout=WAIT)
    _shot(ana, "phone-scan")
    ana.click("#cam-toggle")

    # The canvas phase opens who/what/how/why; Ben types the printed code of a card; it lands on
    # Ana's board. (Governance holds one card, as the mat prints: test_workshop_day covers it.)
    console.select_option("#all-phase", "canvas")
    console.click("#all-phase-set")
    expect(ana.locator("#phase")).to_have_text(re.compile("Who"), timeout=WAIT)
    typed = deck.get("WHO-02")
    _tab(ben, "scan")
    ben.fill("#code-input", typed.code.lower())
    ben.click("#code-form button[type=submit]")
    _tab(ana, "board")
    expect(_card(ana, typed.id)).to_have_count(1, timeout=WAIT)
    expect(ben.locator("#scan-result")).to_have_class(re.compile("ok"))
    _shot(ana, "phone-board")

    # A typed code the deck does not know is refused with a reason, and nothing is played.
    ben.fill("#code-input", "ZZZZ")
    ben.click("#code-form button[type=submit]")
    expect(ben.locator("#scan-result")).to_have_class(re.compile("bad"), timeout=WAIT)
    expect(ben.locator("#scan-result")).to_contain_text("Unknown card")

    # Ben goes offline and plays; Ana plays meanwhile; back online nothing is lost or doubled.
    offline_card, online_card = deck.get("WHAT-02"), deck.get("HOW-02")
    ben.context.set_offline(True)
    expect(ben.locator("#status")).to_have_attribute("data-status", "offline", timeout=WAIT)
    ben.fill("#code-input", offline_card.code)
    ben.click("#code-form button[type=submit]")
    expect(ben.locator("#pending")).to_be_visible()
    _tab(ana, "scan")
    ana.fill("#code-input", online_card.code)
    ana.click("#code-form button[type=submit]")
    _tab(ana, "board")
    expect(_card(ana, online_card.id)).to_have_count(1, timeout=WAIT)
    ben.context.set_offline(False)
    expect(ben.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    expect(ben.locator("#pending")).to_be_hidden(timeout=WAIT)
    _tab(ben, "board")
    for page in (ana, ben):
        for card in (SCANNED_CARD, typed.id, offline_card.id, online_card.id):
            expect(_card(page, card)).to_have_count(1, timeout=WAIT)
    me = ben.evaluate("JSON.parse(localStorage.getItem('pced.participant'))")
    snap = _api(server, f"/api/tables/{table['table_id']}/snapshot", me["participant_token"])
    played = [p["card_id"] for p in snap["table"]["plays"]]
    assert sorted(played) == sorted([SCANNED_CARD, typed.id, offline_card.id, online_card.id]), played

    # More canvas cards that move value, so the assessment has flows and risks to draw.
    _tab(ana, "hand")
    _shot(ana, "phone-hand")
    for card_id in ("WHO-01", "WHAT-01", "HOW-01", "WHY-01", "TECH-01"):
        _api(server, f"/api/tables/{table['table_id']}/commands", me["participant_token"],
             {"cmd_id": f"test-{card_id}", "command": {"kind": "play_card", "card_id": card_id, "source": "pick"}})
    _tab(ana, "board")
    expect(_card(ana, "TECH-01")).to_have_count(1, timeout=WAIT)

    # The console shows the table live, then its Sankey and risk matrix.
    tcard = console.locator(f'.tcard[data-table-id="{table["table_id"]}"]')
    expect(tcard.locator('[data-card="TECH-01"]')).to_have_count(1, timeout=WAIT)
    _shot(console, "console-laptop")
    tcard.locator('[data-key="open"]').click()
    console.click('#detail-tabs [data-view="flows"]')
    expect(console.locator("#chart-sankey")).to_have_attribute("data-chart", "sankey", timeout=60_000)
    expect(console.locator("#chart-sankey svg").first).to_be_visible()
    _shot(console, "console-sankey-laptop")
    console.click('#detail-tabs [data-view="risks"]')
    expect(console.locator("#chart-risks")).to_have_attribute("data-chart", "risk-matrix", timeout=WAIT)
    expect(console.locator("#chart-risks svg")).to_be_visible()
    # Each listed risk starts with its family's name, so a reader knows what kind of risk it is.
    first_risk = console.locator("#risk-list li").first.inner_text()
    families = browser_messages("en")
    assert any(first_risk.startswith(v + ":") for k, v in families.items() if k.startswith("riskkind.")), first_risk
    console.set_viewport_size({"width": 1920, "height": 1080})
    console.locator("#chart-risks").scroll_into_view_if_needed()
    _shot(console, "console-risks-1080p")
    console.click('#detail-tabs [data-view="energy"]')
    console.wait_for_timeout(500)
    _shot(console, "console-energy-1080p")

    # The projector follows the board; phone-sized and laptop-sized shots of the wall view too.
    expect(wall.locator('[data-card="TECH-01"]')).to_have_count(1, timeout=WAIT)
    _shot(wall, "projector-board-1080p")
    wall.set_viewport_size({"width": 1366, "height": 768})
    _shot(wall, "projector-board-laptop")


def test_no_request_leaves_the_app(new_context, server: Server, requests_seen: RequestLog) -> None:  # type: ignore[no-untyped-def]
    """Every page, with the scanner worker and its WebAssembly, asks only the app's own host."""
    workshop = _api(server, "/api/workshops", body={"name": "Offline room", "tables": 1})
    ctx = new_context()
    phone = _join(ctx, workshop["tables"][0]["join_code"], "Cleo")
    expect(phone.locator("#role-view")).to_be_visible(timeout=WAIT)
    phone.click("#role-skip")
    _tab(phone, "scan")
    phone.click("#cam-toggle")
    expect(phone.locator("#viewfinder")).to_have_attribute("data-engine", re.compile("."), timeout=WAIT)
    expect(phone.locator("#scan-result")).not_to_be_empty(timeout=WAIT)  # the worker decoded a frame
    desk = new_context(1366, 768, mobile=False)
    for url in ("/", workshop["facilitator_url"], workshop["projector_url"], workshop["review_url"]):
        page = desk.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert any(u.endswith("zxing_reader.wasm") for u in requests_seen.urls) or phone.locator("#viewfinder").get_attribute("data-engine") == "native"
    assert requests_seen.foreign(server.host) == []


def test_a_card_url_opened_by_the_phone_camera_app_is_played_once_joined(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """`/C/PCED.1/...` printed on a card, opened before joining, is played right after joining."""
    deck = default_deck()
    workshop = _api(server, "/api/workshops", body={"name": "Camera app", "tables": 1})
    fac = workshop["facilitator_token"]
    _api(server, f"/api/workshops/{workshop['workshop_id']}/commands", fac,
         {"cmd_id": "phase-gov-1", "command": {"kind": "set_phase", "phase": "governance"}})
    card = deck.get("GOV-05")
    from cards.codes import card_payload

    ctx = new_context()
    page = ctx.new_page()
    page.goto(f"/C/{card_payload(deck, card)}")
    expect(page.locator("#pending-card-note")).to_be_visible(timeout=WAIT)
    page.fill("#join-code", workshop["tables"][0]["join_code"])
    page.fill("#join-nick", "Dora")
    page.click("#join-form button[type=submit]")
    expect(_card(page, card.id)).to_have_count(1, timeout=WAIT)
    page.reload()
    expect(page.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    expect(_card(page, card.id)).to_have_count(1)


def test_screens_fit_from_320_px_to_4k(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """No horizontal scrolling at 320 px, and the console and projector fill a 4K screen."""
    workshop = _api(server, "/api/workshops", body={"name": "Sizes", "tables": 3})
    for width, height, url in ((320, 640, f"/play?join={workshop['tables'][0]['join_code']}"), (320, 640, workshop["facilitator_url"]),
                               (3840, 2160, workshop["facilitator_url"]), (3840, 2160, workshop["projector_url"])):
        page = new_context(width, height, mobile=width < 800).new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} at {width}px scrolls sideways by {overflow}px"
        if width > 3000:
            page.screenshot(path=str(SCREENSHOTS / ("console-4k.png" if "/f/" in url else "projector-room-4k.png")))
