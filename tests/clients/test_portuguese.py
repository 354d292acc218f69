"""A Portuguese workshop from joining to the report, in Debian's Chromium against the real server.

Portuguese proves that adding a language is adding its PO files (issue 16): the browser asks for
pt-PT, the landing page, phone, console and projector speak Portuguese, numbers follow CLDR's
pt-PT conventions (decimal comma, no decimal point between digits), and the outcome report the
console downloads is Portuguese with no English label in it. Screenshots go to
docs/screenshots/pt-*.png.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from catalogs.browser import browser_messages
from tests.clients.conftest import SCREENSHOTS, Server
from tests.clients.test_screens import WAIT, _api, _card, _shot, _tab

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printables" / "report"))
from report_pdfcheck import english_labels_in

pytestmark = pytest.mark.browser

#: English screen texts that a Portuguese screen must not show (long enough to be words, and
#: different from their Portuguese translation, e.g. not "ESCO" or "PCED Business Model Assembler").
_EN, _PT = browser_messages("en"), browser_messages("pt")
ENGLISH = sorted({v for k, v in _EN.items() if isinstance(v, str) and len(v) >= 6 and "{" not in v
                  and v != _PT.get(k) and not k.startswith(("unit:", "_"))}, key=len, reverse=True)
ENGLISH_NUMBER = re.compile(r"\d\.\d|\d,\d{3}\.\d")


def _english_on(page: Page) -> list[str]:
    text = page.locator("body").inner_text()
    return [w for w in ENGLISH if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def test_a_portuguese_workshop_from_joining_to_the_report(new_context, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The facilitator's browser prefers Portuguese; the landing page offers it and creates the workshop in it.
    desk = new_context(1366, 900, mobile=False, lang="pt-PT")
    landing = desk.new_page()
    landing.goto("/")
    expect(landing.locator("html")).to_have_attribute("lang", "pt", timeout=WAIT)
    expect(landing.locator("#w-lang option[value=pt]")).to_have_text("Português")
    assert landing.locator("#w-lang").input_value() == "pt"
    assert _english_on(landing) == []
    _shot(landing, "pt-landing-laptop")
    landing.fill("#w-name", "Oficina PED Porto")
    landing.fill("#w-tables", "1")
    landing.click("#create button[type=submit]")
    landing.wait_for_url(re.compile(r"/f/[^/]+$"), timeout=WAIT)
    token = landing.url.rsplit("/", 1)[1]
    console = landing
    expect(console.locator(".tcard")).to_have_count(1, timeout=WAIT)
    workshop = _api(server, "/api/workshops/" + _api(server, "/api/session", token)["workshop_id"], token)
    assert workshop["lang"] == "pt"
    table = workshop["tables"][0]

    # A phone with a Portuguese browser joins, takes a role and plays cards.
    phone = new_context(390, 844, lang="pt-PT").new_page()
    phone.goto(f"/play?join={table['join_code']}")
    expect(phone.locator("html")).to_have_attribute("lang", "pt", timeout=WAIT)
    phone.fill("#join-nick", "Inês")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    expect(phone.locator("#role-view")).to_be_visible(timeout=WAIT)
    expect(phone.locator("#role-view")).to_contain_text("Escolha o seu papel de interveniente")
    assert _english_on(phone) == []
    _shot(phone, "pt-phone-roles")
    phone.locator("#role-list li button.primary").first.click()
    expect(phone.locator("#play-view")).to_be_visible(timeout=WAIT)

    _api(server, f"/api/workshops/{workshop['workshop_id']}/commands", token,
         {"cmd_id": "pt-canvas", "command": {"kind": "set_phase", "phase": "canvas"}})
    expect(phone.locator("#phase")).to_have_text(re.compile("Quem"), timeout=WAIT)
    me = phone.evaluate("JSON.parse(localStorage.getItem('pced.participant'))")
    for card_id in ("GOV-03", "WHO-01", "WHAT-02", "HOW-02", "WHY-01", "TECH-01"):
        _api(server, f"/api/tables/{table['table_id']}/commands", me["participant_token"],
             {"cmd_id": f"pt-{card_id}", "command": {"kind": "play_card", "card_id": card_id, "source": "pick"}})
    _tab(phone, "board")
    expect(_card(phone, "TECH-01")).to_have_count(1, timeout=WAIT)
    expect(phone.locator("#board")).to_contain_text("FV em telhado")  # the card's Portuguese title
    assert _english_on(phone) == []
    _shot(phone, "pt-phone-board")

    # The console: the table's assessment, KPIs in pt-PT number formats, in Portuguese.
    tcard = console.locator(f'.tcard[data-table-id="{table["table_id"]}"]')
    expect(tcard.locator('[data-card="TECH-01"]')).to_have_count(1, timeout=WAIT)
    tcard.locator('[data-key="open"]').click()
    console.click('#detail-tabs [data-view="flows"]')
    expect(console.locator("#chart-sankey")).to_have_attribute("data-chart", "sankey", timeout=60_000)
    _shot(console, "pt-console-flows-laptop")
    console.click('#detail-tabs [data-view="energy"]')
    console.wait_for_timeout(500)
    body = console.locator("body").inner_text()
    assert "Indicador" in body or "Balanço energético mensal" in body
    assert _english_on(console) == []
    expect(console.locator("#kpi-table tbody tr").first).to_be_visible(timeout=60_000)
    numbers = console.locator("#kpi-table").inner_text()
    assert re.search(r"\d", numbers) and not ENGLISH_NUMBER.search(numbers), numbers
    # The charts' own texts (SVG): axis numbers by Intl.NumberFormat("pt-PT"), series names translated.
    expect(console.locator("#chart-monthly svg text").first).to_be_visible(timeout=WAIT)
    for chart in ("#chart-monthly", "#chart-day", "#chart-kpis"):
        words = " ".join(t or "" for t in console.locator(f"{chart} svg text").all_text_contents())
        assert not ENGLISH_NUMBER.search(words) and not re.search(r"\d,\d{3}\b", words), (chart, words)
        assert not [w for w in ENGLISH if w in words], (chart, words)
    _shot(console, "pt-console-energy-laptop")

    # The projector follows in Portuguese.
    wall = new_context(1920, 1080, mobile=False, lang="pt-PT").new_page()
    wall.goto(table["projector_url"].removeprefix(server.base))
    expect(wall.locator('[data-card="TECH-01"]')).to_have_count(1, timeout=WAIT)
    assert _english_on(wall) == []
    _shot(wall, "pt-projector-board-1080p")

    # The report the console downloads is Portuguese: title, labels, numbers.
    expect(console.locator('#exports [data-export="table-pdf"]')).to_have_count(1, timeout=WAIT)
    with console.expect_download(timeout=120_000) as info:
        console.locator('#exports [data-export="table-pdf"]').click()
    saved = tmp_path / "relatorio.pdf"
    info.value.save_as(saved)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(saved.read_bytes())) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    assert "Relatório de resultados da sessão" in pages[0]
    # The appendix quotes each figure's provenance (the rules engine's rule and the district's
    # data sources, written in English for now); every page before it is Portuguese.
    appendix = next(k for k, page in enumerate(pages) if "Anexo: de onde vem cada valor" in page)
    body = "\n".join(pages[:appendix])
    assert english_labels_in(body, "pt") == []
    assert not ENGLISH_NUMBER.search(body), ENGLISH_NUMBER.search(body)
    assert SCREENSHOTS.exists()
