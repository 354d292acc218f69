"""A workshop day in the room, in a real browser against the real server (issue 13, points 1-10).

Each test is one of the issue's findings, fixed as a kind: the slot a card lands in, the links
phones open, the projector that fits any board, comments, the timer's end, cards kept for later,
the workshop language, removed phones, nicknames, tables added and closed. Points 11-17 and the
documentation screenshots are in test_workshop_screens.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cards.deck import default_deck
from cards.model import Slot
from tests.clients.conftest import Server, _free_port, _wait_healthy
from tests.clients.day_support import (
    WAIT,
    _api,
    _assert_fits,
    _fill_tables,
    _join,
    _type_code,
    _workshop,
)

pytestmark = pytest.mark.browser


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
    expect(page.locator("#toasts")).to_contain_text("1 card you kept can be played now.", timeout=WAIT)
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
    removed with may_rejoin gets a "Join again" button that opens the join form, and the server
    (issue 14's readmit) takes that one join; the first phone joining again is refused with the reason."""
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
    other.fill("#join-nick", "Hana")
    other.click("#join-form button[type=submit]")
    expect(other.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)

    phone.goto(f"/play?join={table['join_code']}")
    phone.fill("#join-nick", "Gus")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#join-error")).to_contain_text("removed you", timeout=WAIT)


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
