"""A workshop in each non-English language from joining to the report, in Debian's Chromium.

Portuguese proves that adding a language is adding its PO files (issue 16); the same run is made
in every shipped language other than English: the browser asks for the catalog's locale (pt-PT,
fr-FR...), the landing page, phone, console and projector speak that language, numbers follow
its CLDR conventions (no decimal point between digits, no comma-grouped thousands), and the
outcome report the console downloads carries no English label. Screenshots of the Portuguese run
go to docs/screenshots/pt-*.png.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cards.deck import default_deck
from catalogs import SOURCE_LANG, entries, languages, message, native_name
from catalogs.browser import browser_messages
from catalogs.formatting import bcp47
from tests.clients.conftest import SCREENSHOTS, Server
from tests.clients.test_screens import WAIT, _api, _card, _shot, _tab

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printables" / "report"))
from report_pdfcheck import english_labels_in, norm

pytestmark = pytest.mark.browser

OTHERS = [lang for lang in languages() if lang != SOURCE_LANG]
ENGLISH_NUMBER = re.compile(r"\d,\d{3}\.\d|\d\.\d{1,2}(?!\d)")
"""A number written the English way: comma-grouped with a decimal point, or a decimal point with one
or two decimals (German groups thousands with a point, always three digits)."""


def english_words(lang: str) -> list[str]:
    """English screen texts a screen in ``lang`` must not show (long enough to be words, and
    different from every text of ``lang``, e.g. not "ESCO" or "PCED Business Model Assembler")."""
    en, own = browser_messages(SOURCE_LANG), browser_messages(lang)
    own_words = {v for v in own.values() if isinstance(v, str)}
    # Words the language's own card texts use (German says "Energy Sharing (§42c EnWG)") are data.
    cards = " ".join(f"{c.text.get(lang).title} {c.text.get(lang).body}" for c in default_deck())
    return sorted({v for k, v in en.items() if isinstance(v, str) and len(v) >= 6 and "{" not in v
                   and v not in own_words and not k.startswith(("unit:", "_"))
                   and not re.search(rf"(?<!\w){re.escape(v)}(?!\w)", cards)}, key=len, reverse=True)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("lang", OTHERS)
def test_a_workshop_from_joining_to_the_report(new_context, server: Server, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    english = english_words(lang)
    screen = browser_messages(lang)

    def _english_on(page: Page) -> list[str]:
        text = page.locator("body").inner_text()
        return [w for w in english if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]

    def shot(page: Page, name: str) -> None:
        if lang == "pt":
            _shot(page, f"pt-{name}")

    # The facilitator's browser prefers Portuguese; the landing page offers it and creates the workshop in it.
    desk = new_context(1366, 900, mobile=False, lang=bcp47(lang))
    landing = desk.new_page()
    landing.goto("/")
    expect(landing.locator("html")).to_have_attribute("lang", lang, timeout=WAIT)
    expect(landing.locator(f"#w-lang option[value={lang}]")).to_have_text(native_name(lang))
    assert landing.locator("#w-lang").input_value() == lang
    assert _english_on(landing) == []
    shot(landing, "landing-laptop")
    landing.fill("#w-name", "Oficina PED Porto" if lang == "pt" else f"PED lab {lang}")
    landing.fill("#w-tables", "1")
    landing.click("#create button[type=submit]")
    landing.wait_for_url(re.compile(r"/f/[^/]+$"), timeout=WAIT)
    token = landing.url.rsplit("/", 1)[1]
    console = landing
    expect(console.locator(".tcard")).to_have_count(1, timeout=WAIT)
    workshop = _api(server, "/api/workshops/" + _api(server, "/api/session", token)["workshop_id"], token)
    assert workshop["lang"] == lang
    table = workshop["tables"][0]

    # A phone with a Portuguese browser joins, takes a role and plays cards.
    phone = new_context(390, 844, lang=bcp47(lang)).new_page()
    phone.goto(f"/play?join={table['join_code']}")
    expect(phone.locator("html")).to_have_attribute("lang", lang, timeout=WAIT)
    phone.fill("#join-nick", "Inês")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    expect(phone.locator("#role-view")).to_be_visible(timeout=WAIT)
    expect(phone.locator("#role-view")).to_contain_text(str(screen["role.heading"]))
    assert _english_on(phone) == []
    shot(phone, "phone-roles")
    phone.locator("#role-list li button.primary").first.click()
    expect(phone.locator("#play-view")).to_be_visible(timeout=WAIT)

    _api(server, f"/api/workshops/{workshop['workshop_id']}/commands", token,
         {"cmd_id": f"{lang}-canvas", "command": {"kind": "set_phase", "phase": "canvas"}})
    expect(phone.locator("#phase")).to_have_text(str(screen["phase.canvas"]), timeout=WAIT)
    me = phone.evaluate("JSON.parse(localStorage.getItem('pced.participant'))")
    for card_id in ("GOV-03", "WHO-01", "WHAT-02", "HOW-02", "WHY-01", "TECH-01"):
        _api(server, f"/api/tables/{table['table_id']}/commands", me["participant_token"],
             {"cmd_id": f"{lang}-{card_id}", "command": {"kind": "play_card", "card_id": card_id, "source": "pick"}})
    _tab(phone, "board")
    expect(_card(phone, "TECH-01")).to_have_count(1, timeout=WAIT)
    expect(phone.locator("#board")).to_contain_text(default_deck().get("TECH-01").title(lang))
    assert _english_on(phone) == []
    shot(phone, "phone-board")

    # The console: the table's assessment, KPIs in the language's number formats.
    tcard = console.locator(f'.tcard[data-table-id="{table["table_id"]}"]')
    expect(tcard.locator('[data-card="TECH-01"]')).to_have_count(1, timeout=WAIT)
    tcard.locator('[data-key="open"]').click()
    console.click('#detail-tabs [data-view="flows"]')
    expect(console.locator("#chart-sankey")).to_have_attribute("data-chart", "sankey", timeout=60_000)
    shot(console, "console-flows-laptop")
    console.click('#detail-tabs [data-view="energy"]')
    console.wait_for_timeout(500)
    body = console.locator("body").inner_text()
    assert str(screen["detail.monthly"]) in body
    assert _english_on(console) == []
    expect(console.locator("#kpi-table tbody tr").first).to_be_visible(timeout=60_000)
    numbers = console.locator("#kpi-table").inner_text()
    assert re.search(r"\d", numbers) and not ENGLISH_NUMBER.search(numbers), numbers
    assert "fraction" not in numbers, numbers  # shares are percentages, not the engine's unit name
    # The charts' own texts (SVG): axis numbers by Intl.NumberFormat, series names translated.
    expect(console.locator("#chart-monthly svg text").first).to_be_visible(timeout=WAIT)
    for chart in ("#chart-monthly", "#chart-day", "#chart-kpis"):
        words = " ".join(t or "" for t in console.locator(f"{chart} svg text").all_text_contents())
        assert not ENGLISH_NUMBER.search(words), (chart, words)
        assert not [w for w in english if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", words)], (chart, words)
    shot(console, "console-energy-laptop")

    # The projector follows in Portuguese.
    wall = new_context(1920, 1080, mobile=False, lang=bcp47(lang)).new_page()
    wall.goto(table["projector_url"].removeprefix(server.base))
    expect(wall.locator('[data-card="TECH-01"]')).to_have_count(1, timeout=WAIT)
    assert _english_on(wall) == []
    shot(wall, "projector-board-1080p")

    # The report the console downloads is Portuguese: title, labels, numbers.
    expect(console.locator('#exports [data-export="table-pdf"]')).to_have_count(1, timeout=WAIT)
    with console.expect_download(timeout=400_000) as info:
        console.locator('#exports [data-export="table-pdf"]').click()
    saved = tmp_path / "relatorio.pdf"
    info.value.save_as(saved)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(saved.read_bytes())) as pdf:
        # Every kind of space made plain: French puts a narrow no-break space before its colons.
        pages = [norm(page.extract_text() or "") for page in pdf.pages]
    assert norm(message("report:report.title", lang)) in pages[0]
    # The appendix quotes each figure's provenance (the rules engine's rule and the district's
    # data sources, written in English for now); every page before it is Portuguese.
    appendix = next(k for k, page in enumerate(pages) if norm(message("report:sec.appendix", lang)) in page)
    body = "\n".join(pages[:appendix])
    # The language's own words (card texts, its messages, also in lower case: French "comment"
    # means "how") may look like English labels; english_labels_in skips those.
    deck = default_deck()
    own = [f"{c.text.get(lang).title} {c.text.get(lang).hook} {c.text.get(lang).body}" for c in deck]
    own += [form for entry in entries(lang).values() for form in entry.forms]
    assert english_labels_in(body, lang, [*own, *(x.lower() for x in own)]) == []
    assert not ENGLISH_NUMBER.search(body), ENGLISH_NUMBER.search(body)
    assert SCREENSHOTS.exists()
