"""A workshop day in the room, in a real browser against the real server (issue 13).

Each test is one of the issue's findings, fixed as a kind: the slot a card lands in, the links
phones open, the projector that fits any board, and so on.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from cards.deck import default_deck
from cards.model import Slot
from tests.clients.conftest import Server, _free_port, _wait_healthy

pytestmark = pytest.mark.browser

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


def test_a_financing_card_typed_in_the_financing_phase_lands_in_the_financing_slot(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """Three capital cards typed by their printed codes in the financing phase lie under
    "Financing" (where game_rules.financing counts them), not under "Why (revenue)"; the mat's
    "one card" under governance holds: a second card offers to replace the first."""
    deck = default_deck()
    workshop = _workshop(server, "Slots", phase="financing")
    table = workshop["tables"][0]
    phone = _join(new_context(), table["join_code"], "Ana")
    capital = [c for c in deck.cards if c.effects.capital and Slot.FINANCING in c.slots][:3]
    for card in capital:
        _type_code(phone, card.code.lower())
        expect(phone.locator("#scan-result")).to_have_class(re.compile("ok"), timeout=WAIT)
    phone.click('.tabbar [data-tab="board"]')
    for card in capital:
        expect(phone.locator(f'#board [data-slot="financing"] [data-card="{card.id}"]')).to_have_count(1, timeout=WAIT)
    expect(phone.locator('#board [data-slot="why"] [data-card]')).to_have_count(0)

    # Governance: the mat prints "One card". A second is refused with the reason and a replace dialog.
    _type_code(phone, deck.get("GOV-01").code)
    expect(phone.locator("#scan-result")).to_have_class(re.compile("ok"), timeout=WAIT)
    _type_code(phone, deck.get("GOV-02").code)
    dialog = phone.locator("#replace-dialog")
    expect(dialog).to_be_visible(timeout=WAIT)
    expect(dialog).to_contain_text(deck.get("GOV-01").title("en"))
    phone.click("#replace-yes")
    phone.click('.tabbar [data-tab="board"]')
    expect(phone.locator('#board [data-slot="governance"] [data-card="GOV-02"]')).to_have_count(1, timeout=WAIT)
    expect(phone.locator('#board [data-slot="governance"] [data-card]')).to_have_count(1)


# ----------------------------------------------------------------------------- 1. links


@pytest.fixture(scope="module")
def public_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`assembler serve --public-url`: listening on loopback, handing out a room address.

    192.0.2.10 is TEST-NET-1 (RFC 5737): the test only reads links built on it, never opens them."""
    work = tmp_path_factory.mktemp("public-server")
    port = _free_port()
    log = work / "server.log"
    exe = Path(sys.executable).with_name("assembler")
    cmd = [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), "--public-url", f"http://192.0.2.10:{port}",
           "--database-url", f"sqlite:///{work / 'db.sqlite'}"]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, cwd=work, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process, log)
        yield Server(base, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _qr_texts(pdf: bytes, work: Path, first: int = 1, last: int = 1) -> list[str]:
    """Every QR code zxing-cpp reads on pages first..last of ``pdf`` rendered at 150 dpi."""
    import zxingcpp
    from PIL import Image

    work.mkdir(parents=True, exist_ok=True)
    (work / "doc.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-f", str(first), "-l", str(last), "-png", str(work / "doc.pdf"), str(work / "page")], check=True)
    return [r.text for png in sorted(work.glob("page*.png")) for r in zxingcpp.read_barcodes(Image.open(png))]


def _download(server: Server, path: str, token: str) -> bytes:
    req = urllib.request.Request(server.base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=120) as res:
        return bytes(res.read())


def test_posters_and_deck_qr_codes_carry_the_public_url_from_a_localhost_console(browser, public_server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Opened through 127.0.0.1, the console, the projector's join QR, the posters and the deck's
    QR codes all carry the public base URL a phone can open; the console shows no warning."""
    public = f"http://192.0.2.10:{public_server.base.rsplit(':', 1)[1]}"
    workshop = _workshop(public_server, "Links")
    assert workshop["facilitator_url"].startswith(public + "/f/")
    token = workshop["facilitator_token"]
    posters = _qr_texts(_download(public_server, f"/api/workshops/{workshop['workshop_id']}/posters.pdf?lang=fr", token), tmp_path / "p")
    assert posters == [f"{public}/j/{workshop['tables'][0]['join_code']}"], posters
    # The deck's card fronts start after its cover pages; the QR codes use upper case (QR
    # alphanumeric mode, cards.codes), which URL schemes and hosts ignore.
    deck = _qr_texts(_download(public_server, "/api/print/deck.pdf?lang=fr", token), tmp_path / "d", 1, 8)
    assert len(deck) >= 9 and all(text.upper().startswith(public.upper() + "/C/") for text in deck), deck

    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=public_server.base)
    try:
        console = ctx.new_page()
        console.goto(f"/f/{token}")
        expect(console.locator(".tcard")).to_have_count(1, timeout=WAIT)
        expect(console.locator("#loopback-warning")).to_be_hidden()
        wall = ctx.new_page()
        wall.goto(workshop["tables"][0]["projector_url"].replace(public, public_server.base))
        expect(wall.locator(".join .url")).to_have_text(f"{public}/j/{workshop['tables'][0]['join_code']}", timeout=WAIT)
    finally:
        ctx.close()


def test_the_console_warns_when_links_point_to_this_computer(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """A server only this computer reaches (no --public-url, bound to 127.0.0.1): the console says
    that phones cannot open its links, in the console's language, before anyone prints."""
    workshop = _workshop(server, "Loopback")
    console = new_context(1366, 768, mobile=False, lang="de-DE").new_page()
    console.goto(workshop["facilitator_url"])
    warning = console.locator("#loopback-warning")
    expect(warning).to_be_visible(timeout=WAIT)
    expect(warning).to_contain_text("--public-url")
    expect(warning).to_contain_text("Telefone")


def test_the_public_base_is_a_room_address_whenever_there_is_one() -> None:
    """`serve` builds every link on --public-url, else its first LAN address when listening on all
    interfaces, else a single non-loopback bind address; None means only this computer reaches it."""
    from server.cli.serve import public_base

    assert public_base("http", "0.0.0.0", 8000, None, ["192.168.1.20"]) == "http://192.168.1.20:8000"
    assert public_base("https", "0.0.0.0", 8443, "https://assembler.lyon.fr/", ["192.168.1.20"]) == "https://assembler.lyon.fr"
    assert public_base("http", "10.0.0.5", 8000, None, []) == "http://10.0.0.5:8000"
    assert public_base("http", "127.0.0.1", 8000, None, ["192.168.1.20"]) is None
    assert public_base("http", "0.0.0.0", 8000, None, []) is None


def test_a_phone_on_plain_http_is_told_how_to_scan_anyway(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    """Over http on the room's Wi-Fi (not a secure context, unlike localhost) the phone does not
    offer a camera button that cannot work: it explains the camera app, https with a self-signed
    certificate and typing the code. The room address is simulated: requests to http://room.test
    are answered by the real server on loopback (Playwright routing), so nothing leaves the machine."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="fr-FR")
    ctx.route("http://room.test:8000/**", lambda route: route.fulfill(
        response=route.fetch(url=route.request.url.replace("http://room.test:8000", server.base))))
    try:
        workshop = _workshop(server, "Wi-Fi", lang="fr")
        page = ctx.new_page()
        page.goto(f"http://room.test:8000/play?join={workshop['tables'][0]['join_code']}")
        assert page.evaluate("window.isSecureContext") is False
        page.fill("#join-nick", "Élise")
        page.click("#join-form button[type=submit]")
        expect(page.locator("#play-view, #role-view").locator("visible=true")).to_have_count(1, timeout=WAIT)
        if page.locator("#role-view").is_visible():
            page.click("#role-skip")
        page.click('.tabbar [data-tab="scan"]')
        notice = page.locator("#cam-insecure")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("appareil photo")
        expect(notice).to_contain_text("https")
        expect(page.locator("#cam-toggle")).to_be_hidden()
        expect(page.locator("#code-input")).to_be_visible()
    finally:
        ctx.close()


# ----------------------------------------------------------------------------- 2. projector

BOARD_19 = ["GOV-01", "WHO-01", "WHO-02", "WHO-03", "WHAT-01", "WHAT-02", "WHAT-03", "HOW-01", "HOW-02", "HOW-03",
            "WHY-01", "WHY-02", "WHY-03", "TECH-01", "TECH-02", "TECH-03", "TECH-04", "TECH-05", "SCN-01"]
"""Nineteen cards, the largest board the issue measured (one table was 1,660 px tall)."""


def _fill_tables(server: Server, workshop: dict[str, Any]) -> None:
    token = workshop["facilitator_token"]
    for table in workshop["tables"]:
        for card_id in BOARD_19:
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


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160)])
def test_the_room_projector_fits_12_tables_of_19_cards(new_context, server: Server, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """12 tables x 19 cards at 1080p and 4K: no scrolling, every card on screen; one table with
    19 cards fits alone too; with a rotation pace the wall shows one table at a time."""
    workshop = _workshop(server, f"Wall {width}", tables=12)
    _fill_tables(server, workshop)
    wall = new_context(width, height, mobile=False, lang="fr-FR").new_page()
    wall.goto(workshop["projector_url"])
    expect(wall.locator("#room [data-card]")).to_have_count(12 * 19, timeout=60_000)
    _assert_fits(wall, 12 * 19)
    single = new_context(width, height, mobile=False).new_page()
    single.goto(workshop["tables"][0]["projector_url"])
    expect(single.locator("#room [data-card]")).to_have_count(19, timeout=WAIT)
    _assert_fits(single, 19)
    rotating = new_context(width, height, mobile=False).new_page()
    rotating.goto(workshop["projector_url"] + "?rotate=15")
    expect(rotating.locator("#room [data-card]")).to_have_count(12 * 19, timeout=60_000)
    _assert_fits(rotating, 19)
    expect(rotating.locator("#rotation")).to_contain_text("1")


# ----------------------------------------------------------------------------- 3. comments


def test_the_facilitator_reads_and_writes_comments_everywhere(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """A phone's table comment and card comment read as text in the console (per table and per
    card), on the review page, and on the projector only when the facilitator chose to show them;
    the facilitator comments from the console, and a private note stays in the console."""
    workshop = _workshop(server, "Comments", phase="canvas", lang="de")
    table = workshop["tables"][0]
    phone = _join(new_context(), table["join_code"], "Chloé")
    me = phone.evaluate("JSON.parse(localStorage.getItem('pced.participant'))")
    ack = _api(server, f"/api/tables/{table['table_id']}/commands", me["participant_token"],
               {"cmd_id": "c-play", "command": {"kind": "play_card", "card_id": "WHO-01", "source": "pick"}})
    _api(server, f"/api/tables/{table['table_id']}/commands", me["participant_token"],
         {"cmd_id": "c-card", "command": {"kind": "comment", "text": "Les locataires paient-ils moins ?", "play_id": ack["seq"]}})
    phone.click('.tabbar [data-tab="table"]')
    phone.fill("#comment-input", "Qui porte le risque <b>?</b>")
    phone.click("#comment-form button[type=submit]")

    console = new_context(1366, 768, mobile=False).new_page()
    console.goto(workshop["facilitator_url"])
    tcard = console.locator(f'.tcard[data-table-id="{table["table_id"]}"]')
    panel = tcard.locator(".comments-panel")
    expect(panel).to_contain_text("Qui porte le risque <b>?</b>", timeout=WAIT)
    expect(panel).to_contain_text("Les locataires paient-ils moins ?")
    expect(panel).to_contain_text("Chloé")
    tcard.locator('[data-key="comment-text"]').fill("Pensez au financement.")
    tcard.locator('[data-key="comment-send"]').click()
    tcard.locator('[data-key="comment-text"]').fill("Table lente, relancer.")
    tcard.locator('[data-key="comment-private"]').check()
    tcard.locator('[data-key="comment-send"]').click()
    expect(panel.locator(".comment-list li")).to_have_count(4, timeout=WAIT)
    tcard.locator('[data-key="open"]').click()
    expect(console.locator('#detail-board [data-slot="who"] .comment-list')).to_contain_text("Les locataires paient-ils moins ?", timeout=WAIT)
    expect(console.locator("#detail-comments")).to_contain_text("Pensez au financement.")

    expect(phone.locator("#comments")).to_contain_text("Pensez au financement.", timeout=WAIT)
    expect(phone.locator("#comments")).not_to_contain_text("Table lente")

    review = new_context(1366, 768, mobile=False, lang="de-DE").new_page()
    review.goto(workshop["review_url"])
    expect(review.locator("#tables")).to_contain_text("Qui porte le risque <b>?</b>", timeout=WAIT)
    expect(review.locator("#tables")).not_to_contain_text("Table lente")
    expect(review.locator("#tables")).to_contain_text("Teilnehmende")  # the review names nobody, in German
    expect(review.locator("#tables")).not_to_contain_text("Participant")
    expect(review.locator("#tables")).not_to_contain_text("Chloé")

    wall = new_context(1920, 1080, mobile=False).new_page()
    wall.goto(table["projector_url"])
    expect(wall.locator('[data-card="WHO-01"]')).to_have_count(1, timeout=WAIT)
    expect(wall.locator("#room")).not_to_contain_text("Qui porte le risque")
    wall.goto(table["projector_url"] + "?comments=1")
    expect(wall.locator("#room")).to_contain_text("Qui porte le risque <b>?</b>", timeout=WAIT)
    expect(wall.locator("#room")).not_to_contain_text("Table lente")


# ----------------------------------------------------------------------------- 5. timer end


def test_the_timer_ends_visibly_and_does_what_the_facilitator_chose(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """At 0:00 the phone, the projector and the console show "Time's up" (an SVG bell, no emoji),
    and the console carries out the chosen follow-up: one table locks, the other goes on to the
    next phase, each exactly once."""
    workshop = _workshop(server, "Timer", tables=2, phase="canvas")
    lock_table, next_table = workshop["tables"]
    token = workshop["facilitator_token"]
    console = new_context(1366, 768, mobile=False).new_page()
    console.goto(workshop["facilitator_url"])
    expect(console.locator(".tcard")).to_have_count(2, timeout=WAIT)
    phone = _join(new_context(), lock_table["join_code"], "Dan")
    wall = new_context(1920, 1080, mobile=False).new_page()
    wall.goto(lock_table["projector_url"])
    for table, then in ((lock_table, "lock"), (next_table, "next_phase")):
        _api(server, f"/api/tables/{table['table_id']}/commands", token,
             {"cmd_id": f"timer-{then}", "command": {"kind": "start_timer", "duration_s": 2, "then": then, "sound": True}})
    for page, locator in ((phone, "#timer"), (wall, "[data-timer]"), (console, f'#table-{lock_table["table_id"]} [data-timer-for]')):
        expect(page.locator(locator)).to_have_class(re.compile("timer-ended"), timeout=WAIT)
        expect(page.locator(locator)).to_contain_text("Time's up")
        expect(page.locator(locator + " svg.icon-bell")).to_have_count(1)
    phone_snapshot = lambda t: _api(server, f"/api/tables/{t['table_id']}/snapshot", token)["table"]  # noqa: E731
    expect(console.locator(f'#table-{lock_table["table_id"]} [data-key="lock"]')).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    assert phone_snapshot(lock_table)["locked"] is True
    expect(console.locator(f'#table-{next_table["table_id"]} [data-key="phase"]')).to_have_value("value_flows", timeout=WAIT)
    console.reload()
    expect(console.locator(".tcard")).to_have_count(2, timeout=WAIT)
    console.wait_for_timeout(2500)
    assert phone_snapshot(next_table)["phase"] == "value_flows", "a reloaded console must not advance the phase again"


# ----------------------------------------------------------------------------- 6. scanned before joining


def test_a_card_scanned_before_its_phase_waits_in_the_hand(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """A printed card opened with the phone's camera app before joining, in the roles phase, is
    refused by the table (phase_closed) but kept in the hand, offered when governance opens, and
    played from there."""
    from cards.codes import card_payload

    deck = default_deck()
    card = deck.get("GOV-04")
    workshop = _workshop(server, "Later")
    table = workshop["tables"][0]
    page = new_context().new_page()
    page.goto(f"/C/{card_payload(deck, card)}")
    expect(page.locator("#pending-card-note")).to_be_visible(timeout=WAIT)
    page.fill("#join-code", table["join_code"])
    page.fill("#join-nick", "Eve")
    page.click("#join-form button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    page.click("#role-skip")
    later = page.locator(f'#later-list > li[data-card="{card.id}"]')
    expect(later).to_be_visible(timeout=WAIT)
    expect(later).to_contain_text("Waits for its phase")
    page.reload()
    expect(page.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    if page.locator("#role-view").is_visible():
        page.click("#role-skip")
    expect(later).to_be_visible(timeout=WAIT)
    _api(server, f"/api/workshops/{workshop['workshop_id']}/commands", workshop["facilitator_token"],
         {"cmd_id": "later-gov", "command": {"kind": "set_phase", "phase": "governance"}})
    expect(page.locator("#toasts")).to_contain_text("A card you kept can be played now.", timeout=WAIT)
    later.locator("button.primary").click()
    expect(page.locator(f'#board [data-slot="governance"] [data-card="{card.id}"]')).to_have_count(1, timeout=WAIT)
    expect(page.locator("#later")).to_be_hidden()


# ----------------------------------------------------------------------------- 7. workshop language


def test_the_workshop_language_applies_until_the_person_picks_one(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """A phone whose browser is English, that already opened the app once, joins a French
    workshop and reads French; after picking Deutsch in the switcher it stays German."""
    workshop = _workshop(server, "Langue", lang="fr")
    ctx = new_context(lang="en-GB")
    first = ctx.new_page()
    first.goto("/play")
    expect(first.locator("html")).to_have_attribute("lang", "en", timeout=WAIT)
    first.close()
    page = _join(ctx, workshop["tables"][0]["join_code"], "Fanny")
    expect(page.locator("html")).to_have_attribute("lang", "fr", timeout=WAIT)
    expect(page.locator('.tabbar [data-tab="board"]')).to_contain_text("Plateau")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "fr", timeout=WAIT)
    page.select_option(".lang-switch", "de")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "de", timeout=WAIT)
    expect(page.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    expect(page.locator("html")).to_have_attribute("lang", "de")


# ----------------------------------------------------------------------------- 8. kicked phone


def test_a_removed_phone_says_so_drops_its_queue_and_rejoins_only_if_allowed(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """Kicked while offline with a move queued: back online the phone says it was removed, the
    queued move is dropped (never played, no "saved" message), and no rejoin is offered. A seat
    removed with may_rejoin gets a "Join again" button that opens the join form."""
    deck = default_deck()
    workshop = _workshop(server, "Kick", phase="canvas")
    table, token = workshop["tables"][0], workshop["facilitator_token"]
    phone = _join(new_context(), table["join_code"], "Gus")
    me = phone.evaluate("JSON.parse(localStorage.getItem('pced.participant'))")
    phone.context.set_offline(True)
    expect(phone.locator("#status")).to_have_attribute("data-status", "offline", timeout=WAIT)
    _type_code(phone, deck.get("WHO-04").code)
    expect(phone.locator("#pending")).to_be_visible()
    _api(server, f"/api/tables/{table['table_id']}/commands", token,
         {"cmd_id": "kick-gus", "command": {"kind": "kick", "seat_id": me["seat_id"]}})
    phone.context.set_offline(False)
    expect(phone.locator("#kicked-view")).to_be_visible(timeout=WAIT)
    expect(phone.locator("#kicked-view")).to_contain_text("removed you")
    expect(phone.locator("#kicked-rejoin")).to_be_hidden()
    assert phone.evaluate(f"localStorage.getItem('pced.outbox.{me['seat_id']}')") in (None, "[]")
    snap = _api(server, f"/api/tables/{table['table_id']}/snapshot", token)["table"]
    assert [p["card_id"] for p in snap["plays"]] == [], snap["plays"]

    other = _join(new_context(), table["join_code"], "Hana")
    hana = other.evaluate("JSON.parse(localStorage.getItem('pced.participant'))")
    _api(server, f"/api/tables/{table['table_id']}/commands", token,
         {"cmd_id": "kick-hana", "command": {"kind": "kick", "seat_id": hana["seat_id"], "may_rejoin": True}})
    expect(other.locator("#kicked-rejoin")).to_be_visible(timeout=WAIT)
    other.click("#kicked-rejoin")
    expect(other.locator("#join-code")).to_have_value(table["join_code"], timeout=WAIT)


# ----------------------------------------------------------------------------- 9. nicknames


def test_a_nickname_already_at_the_table_is_refused_with_a_reason(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """A second "Ana" (any case) at a table gets a clear reason in the join form and can pick another."""
    workshop = _workshop(server, "Names")
    code = workshop["tables"][0]["join_code"]
    _join(new_context(), code, "Ana")
    page = new_context(lang="de-DE").new_page()
    page.goto(f"/play?join={code}")
    page.fill("#join-nick", "ANA")
    page.click("#join-form button[type=submit]")
    expect(page.locator("#join-error")).to_contain_text("Spitznamen", timeout=WAIT)
    page.fill("#join-nick", "Ana B.")
    page.click("#join-form button[type=submit]")
    expect(page.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)


# ----------------------------------------------------------------------------- 10. add and close tables


def test_the_facilitator_adds_and_closes_tables_during_the_workshop(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """From a German console: a third table is added (its code joins a phone), the first is
    closed (its code is refused with the reason; "all tables" commands skip it), then reopened.
    Default table names read in the console's language ("Tisch 1", not "Table 1")."""
    workshop = _workshop(server, "Tische", tables=2, lang="de")
    console = new_context(1366, 768, mobile=False, lang="de-DE").new_page()
    console.goto(workshop["facilitator_url"])
    expect(console.locator(".tcard")).to_have_count(2, timeout=WAIT)
    expect(console.locator(".tcard h3").first).to_have_text("Tisch 1")
    wall = new_context(1920, 1080, mobile=False, lang="de-DE").new_page()
    wall.goto(workshop["projector_url"])
    expect(wall.locator(".ptable")).to_have_count(2, timeout=WAIT)
    console.click("#add-table")
    expect(console.locator(".tcard")).to_have_count(3, timeout=WAIT)
    expect(wall.locator(".ptable")).to_have_count(3, timeout=WAIT)  # the wall follows without a reload
    info = _api(server, f"/api/workshops/{workshop['workshop_id']}", workshop["facilitator_token"])
    third = info["tables"][2]
    assert third["number"] == 3 and not third["closed"]
    _join(new_context(lang="de-DE"), third["join_code"], "Ida")

    first = workshop["tables"][0]
    console.on("dialog", lambda d: d.accept())
    console.locator(f'#table-{first["table_id"]} [data-key="close-table"]').click()
    expect(console.locator(f'#table-{first["table_id"]}.closed')).to_have_count(1, timeout=WAIT)
    expect(wall.locator(".ptable")).to_have_count(2, timeout=WAIT)  # a closed table leaves the room view
    page = new_context(lang="de-DE").new_page()
    page.goto(f"/play?join={first['join_code']}")
    page.fill("#join-nick", "Jo")
    page.click("#join-form button[type=submit]")
    expect(page.locator("#join-error")).to_contain_text("geschlossen", timeout=WAIT)
    out = _api(server, f"/api/workshops/{workshop['workshop_id']}/commands", workshop["facilitator_token"],
               {"cmd_id": "phase-after-close", "command": {"kind": "set_phase", "phase": "governance"}})
    assert set(out["results"]) == {workshop["tables"][1]["table_id"], third["table_id"]}, out
    console.locator(f'#table-{first["table_id"]} [data-key="reopen"]').click()
    expect(console.locator(f'#table-{first["table_id"]}.closed')).to_have_count(0, timeout=WAIT)


# ----------------------------------------------------------------------------- 11-14. charts, words, icons

ENGLISH_IN = {
    "fr": re.compile(r"\b(fraction|EUR/yr|MWh/yr|t/yr|heat pumps|heat|ev|event \d+|% PED|comments|Time's up|1 tables)\b"),
    "de": re.compile(r"\b(fraction|points?|EUR/yr|MWh/yr|t/yr|heat pumps|heat|ev|event \d+|Participant|Table \d+|% PED|comments?|Time's up|1 Tische)\b"),
}
"""English words the issue found inside French and German screens ("Table 1" and "points" are French too)."""
ENGLISH_NUMBER = re.compile(r"\d,\d{3}\b")
"""An English thousands separator ("2,500"); French writes 2 500, German 2.500."""
EMOJI = re.compile("[\u2300-\u23ff\u2600-\u27bf\U0001f000-\U0001faff]")
"""Emoji and dingbats (⏱ ✔ ✖ ...): empty boxes on a machine without an emoji font."""


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_charts_speak_without_hovering_in_the_workshop_language(new_context, server: Server, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The console's assessment of a played table in fr and de: one Sankey per unit with every
    band's value written on it, KPIs as value + unit + target + met/missed (icon and word), legends
    that wrap instead of paging, no English word or number format, no emoji, no "event 22"."""
    workshop = _workshop(server, f"Charts {lang}", phase="canvas", lang=lang)
    table, token = workshop["tables"][0], workshop["facilitator_token"]
    for card_id in ("GOV-01", "WHO-01", "WHAT-01", "HOW-01", "WHY-01", "TECH-01"):
        _api(server, f"/api/tables/{table['table_id']}/commands", token,
             {"cmd_id": f"ch-{card_id}", "command": {"kind": "play_card", "card_id": card_id, "source": "pick"}})
    console = new_context(1366, 768, mobile=False, lang=f"{lang}-{lang.upper()}").new_page()
    console.goto(workshop["facilitator_url"])
    tcard = console.locator(f'.tcard[data-table-id="{table["table_id"]}"]')
    expect(tcard.locator('[data-card="TECH-01"]')).to_have_count(1, timeout=WAIT)
    tcard.locator('[data-key="open"]').click()
    console.click('#detail-tabs [data-view="flows"]')
    expect(console.locator("#chart-sankey")).to_have_attribute("data-chart", "sankey", timeout=60_000)
    units = console.locator("#chart-sankey .sankey-unit")
    expect(units.first.locator("svg")).to_be_visible(timeout=WAIT)
    unit_names = units.evaluate_all("(els) => els.map((e) => e.dataset.unit)")
    assert len(unit_names) == len(set(unit_names)) >= 1, unit_names
    money = console.locator('#chart-sankey .sankey-unit[data-unit="EUR/yr"] svg text')
    expect(money.filter(has_text=re.compile("€/(an|Jahr)"))).not_to_have_count(0, timeout=WAIT)
    console.click('#detail-tabs [data-view="energy"]')
    board = console.locator("#chart-kpis .kpi-board li")
    expect(board.first).to_be_visible(timeout=WAIT)
    marks = board.locator(".kpi-mark").all_inner_texts()
    words = {"fr": ("atteint", "manqué"), "de": ("erreicht", "verfehlt")}[lang]
    assert marks and all(m.strip() in words for m in marks), marks
    assert board.locator(".kpi-mark svg").count() == len(marks)
    console.wait_for_timeout(500)
    legend_pages = console.locator("#chart-monthly svg text").filter(has_text=re.compile(r"^\d+/\d+$")).count()
    assert legend_pages == 0, "the monthly legend pages instead of wrapping"
    text = console.evaluate("""() => document.body.innerText + ' ' +
        [...document.querySelectorAll('svg text')].map((t) => t.textContent).join(' ')""")
    assert not ENGLISH_IN[lang].findall(text), ENGLISH_IN[lang].findall(text)
    assert not ENGLISH_NUMBER.findall(text), ENGLISH_NUMBER.findall(text)
    assert not EMOJI.findall(text), EMOJI.findall(text)


# ----------------------------------------------------------------------------- 15. roles for any district

LOCAL_NAMES = re.compile(r"München|Munich|Harthof|GWG|SWM|Lyon|Confluence|Hespul")
"""Organisations and places of one lighthouse district (game_rules/data/districts)."""


def test_a_lyon_workshop_offers_roles_written_for_any_district(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """Role titles name a kind of stakeholder (municipal utility, housing company), not Munich's
    Stadtwerke or GWG: a Lyon Confluence workshop's phones offer no other city's organisation."""
    deck = default_deck()
    titles = [c.title(lang) for c in deck.cards if c.id.startswith("ROLE-") for lang in ("en", "fr", "de")]
    assert not [x for x in titles if LOCAL_NAMES.search(x)], [x for x in titles if LOCAL_NAMES.search(x)]
    workshop = _workshop(server, "Confluence", lang="fr", district="lyon-confluence")
    page = _join(new_context(lang="fr-FR"), workshop["tables"][0]["join_code"], "Lou", skip_role=False)
    roles = page.locator("#role-list li")
    expect(roles.first).to_be_visible(timeout=WAIT)
    names = page.locator("#role-list .card-title").all_inner_texts()
    assert names and not [n for n in names if LOCAL_NAMES.search(n)], names


# ----------------------------------------------------------------------------- 17. keyboard and accessibility

AXE = Path(__file__).resolve().parents[2] / "clients" / "vendor" / "axe-core" / "axe.min.js"


def _axe(page: Page) -> list[str]:
    """Serious, critical and moderate axe-core violations on the page, as "rule: target" lines."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => ['moderate', 'serious', 'critical'].includes(v.impact))
            .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    }""")
    return list(result)


def test_every_screen_passes_axe_and_the_keyboard_reaches_the_tabs(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    """axe-core 4.10 on the landing page, the join form, the phone's board, hand and table tabs,
    a removed seat, the console with its detail view, the projector and the review page: 0
    serious and 0 moderate violations. On the phone a skip link leads past the board to the tab
    bar, and after joining the focus lands on the page's heading, not on the body."""
    workshop = _workshop(server, "Accessible", phase="canvas")
    table, token = workshop["tables"][0], workshop["facilitator_token"]
    found: dict[str, list[str]] = {}
    landing = new_context(1366, 768, mobile=False).new_page()
    landing.goto("/")
    found["landing"] = _axe(landing)
    join = new_context().new_page()
    join.goto(f"/play?join={table['join_code']}")
    found["join"] = _axe(join)
    phone = _join(new_context(), table["join_code"], "Kim")
    focused = phone.evaluate("document.activeElement && document.activeElement.tagName")
    assert focused not in (None, "BODY"), f"after joining the focus is on {focused}"
    me = phone.evaluate("JSON.parse(localStorage.getItem('pced.participant'))")
    for card_id in ("WHO-01", "WHAT-01", "HOW-01"):
        _api(server, f"/api/tables/{table['table_id']}/commands", me["participant_token"],
             {"cmd_id": f"ax-{card_id}", "command": {"kind": "play_card", "card_id": card_id, "source": "pick"}})
    expect(phone.locator('#board [data-card="HOW-01"]')).to_have_count(1, timeout=WAIT)
    found["phone-board"] = _axe(phone)
    phone.keyboard.press("Tab")
    skip = phone.evaluate("document.activeElement.getAttribute('href')")
    assert skip == "#tabbar", f"the first Tab on the phone reaches {skip!r}, expected the skip link to the tab bar"
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.closest('.tabbar') !== null"), "the skip link leads to the tab bar"
    for tab in ("hand", "table", "scan"):
        phone.click(f'.tabbar [data-tab="{tab}"]')
        found[f"phone-{tab}"] = _axe(phone)
    other = _join(new_context(), table["join_code"], "Lia")
    lia = other.evaluate("JSON.parse(localStorage.getItem('pced.participant'))")
    _api(server, f"/api/tables/{table['table_id']}/commands", token,
         {"cmd_id": "ax-kick", "command": {"kind": "kick", "seat_id": lia["seat_id"]}})
    expect(other.locator("#kicked-view")).to_be_visible(timeout=WAIT)
    found["phone-removed"] = _axe(other)

    console = new_context(1366, 768, mobile=False).new_page()
    console.goto(workshop["facilitator_url"])
    expect(console.locator(".tcard .seat.kicked")).to_have_count(1, timeout=WAIT)
    found["console"] = _axe(console)
    console.locator('.tcard [data-key="open"]').click()
    for view in ("board", "flows", "risks", "energy"):
        console.click(f'#detail-tabs [data-view="{view}"]')
        console.wait_for_timeout(300)
        found[f"console-{view}"] = _axe(console)
    wall = new_context(1920, 1080, mobile=False).new_page()
    wall.goto(workshop["projector_url"])
    expect(wall.locator('[data-card="HOW-01"]')).to_have_count(1, timeout=WAIT)
    found["projector"] = _axe(wall)
    review = new_context(1366, 768, mobile=False).new_page()
    review.goto(workshop["review_url"])
    expect(review.locator('[data-card="HOW-01"]')).to_have_count(1, timeout=WAIT)
    found["review"] = _axe(review)
    bad = {screen: v for screen, v in found.items() if v}
    assert not bad, json.dumps(bad, indent=1)


# ----------------------------------------------------------------------------- screenshots for the docs

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_screenshots_of_a_workshop_day(new_context, server: Server, lang: str) -> None:  # type: ignore[no-untyped-def]
    """docs/screenshots/day-*-{lang}.png for README and docs/facilitating.md: the console at
    1366x768, a phone at 390x844, the room projector at 1920x1080 and 3840x2160, in the
    workshop's language. Each screen is also checked to fit its viewport without scrolling
    sideways (and the projector without scrolling at all)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    district = "lyon-confluence" if lang == "fr" else "munich-harthof"
    workshop = _workshop(server, "Confluence PED lab" if lang == "fr" else "Harthof PED-Labor", tables=3, phase="canvas",
                         lang=lang, district=district)
    token = workshop["facilitator_token"]
    boards = (["GOV-01", "WHO-01", "WHAT-01", "HOW-01", "WHY-01", "TECH-01", "TECH-02"],
              ["GOV-02", "WHO-02", "WHAT-02", "HOW-02", "WHY-02", "TECH-03"],
              ["GOV-03", "WHO-03", "WHAT-03", "HOW-03", "WHY-03", "TECH-04", "TECH-05", "TECH-08"])
    phone = _join(new_context(lang=f"{lang}-{lang.upper()}"), workshop["tables"][0]["join_code"], "Chloé" if lang == "fr" else "Jonas")
    me = phone.evaluate("JSON.parse(localStorage.getItem('pced.participant'))")
    for table, cards in zip(workshop["tables"], boards, strict=True):
        for card_id in cards:
            who = me["participant_token"] if table is workshop["tables"][0] else token
            _api(server, f"/api/tables/{table['table_id']}/commands", who,
                 {"cmd_id": f"shot-{lang}-{card_id}", "command": {"kind": "play_card", "card_id": card_id, "source": "pick"}})
    _api(server, f"/api/tables/{workshop['tables'][0]['table_id']}/commands", me["participant_token"],
         {"cmd_id": f"shot-{lang}-comment", "command": {"kind": "comment", "text": "Qui porte le risque du PV ?" if lang == "fr" else "Wer trägt das PV-Risiko?"}})
    _api(server, f"/api/workshops/{workshop['workshop_id']}/commands", token,
         {"cmd_id": f"shot-{lang}-timer", "command": {"kind": "start_timer", "duration_s": 900}})
    expect(phone.locator('#board [data-card="TECH-02"]')).to_have_count(1, timeout=WAIT)
    phone.wait_for_timeout(1800)  # let the confirmation toasts pass
    phone.screenshot(path=str(SHOTS / f"day-phone-board-{lang}.png"))
    phone.click('.tabbar [data-tab="hand"]')
    phone.screenshot(path=str(SHOTS / f"day-phone-hand-{lang}.png"))

    console = new_context(1366, 768, mobile=False, lang=f"{lang}-{lang.upper()}").new_page()
    console.goto(workshop["facilitator_url"])
    expect(console.locator('.tcard [data-card="TECH-08"]')).to_have_count(1, timeout=WAIT)
    console.locator("#tables").scroll_into_view_if_needed()
    console.screenshot(path=str(SHOTS / f"day-console-{lang}.png"))
    console.locator(f'#table-{workshop["tables"][0]["table_id"]} [data-key="open"]').click()
    console.click('#detail-tabs [data-view="flows"]')
    expect(console.locator("#chart-sankey .sankey-unit svg").first).to_be_visible(timeout=60_000)
    console.wait_for_timeout(800)
    console.locator("#chart-sankey").scroll_into_view_if_needed()
    console.screenshot(path=str(SHOTS / f"day-console-flows-{lang}.png"))
    console.click('#detail-tabs [data-view="energy"]')
    expect(console.locator("#chart-kpis .kpi-board li").first).to_be_visible(timeout=WAIT)
    console.wait_for_timeout(800)
    console.locator("#chart-kpis").scroll_into_view_if_needed()
    console.screenshot(path=str(SHOTS / f"day-console-kpis-{lang}.png"))

    for width, height, name in ((1920, 1080, "1080p"), (3840, 2160, "4k")):
        wall = new_context(width, height, mobile=False, lang=f"{lang}-{lang.upper()}").new_page()
        wall.goto(workshop["projector_url"] + "?comments=1")
        expect(wall.locator('[data-card="TECH-08"]')).to_have_count(1, timeout=WAIT)
        _assert_fits(wall, sum(len(b) for b in boards))
        wall.screenshot(path=str(SHOTS / f"day-projector-{name}-{lang}.png"))
        _assert_in_language(wall, lang)
    for page in (phone, console):
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
        _assert_in_language(page, lang)


def _assert_in_language(page: Page, lang: str) -> None:
    """No English word the issue found, no English number format and no emoji on the screen."""
    text = page.evaluate("""() => document.body.innerText + ' ' +
        [...document.querySelectorAll('svg text')].map((t) => t.textContent).join(' ')""")
    assert not ENGLISH_IN[lang].findall(text), (page.url, ENGLISH_IN[lang].findall(text))
    assert not ENGLISH_NUMBER.findall(text), (page.url, ENGLISH_NUMBER.findall(text))
    assert not EMOJI.findall(text), (page.url, EMOJI.findall(text))
