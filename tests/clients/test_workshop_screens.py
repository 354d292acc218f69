"""A workshop day in the room, in a real browser (issue 13, points 11-17): charts that speak
without hovering, no English inside French and German, facilitator wording, vector icons, roles
for any district, keyboard and axe-core; and the French and German screenshots for the docs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cards.deck import default_deck
from tests.clients.conftest import Server
from tests.clients.day_support import WAIT, _api, _assert_fits, _join, _workshop

pytestmark = pytest.mark.browser


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
    # The join form is shown once the languages and texts are loaded: audit it, not the blank page.
    expect(join.locator("#join-view")).to_be_visible(timeout=WAIT)
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
