"""The common energy market on the facilitator console, in a real browser (Debian's Chromium via
Playwright): the facilitator sets a market price for every table, and a table with the
peer-to-peer platform (HOW-05), the local flexibility market (HOW-06) and the mobility hub
(HOW-11) shows its market tab (P2P volume, gains, fairness and fees at that price; the
flexibility revenue; the eMaaS fleet), each block with its rule and sources."""

from __future__ import annotations

import json
import urllib.error

import pytest
from playwright.sync_api import expect

from tests.clients.conftest import Server
from tests.clients.day_support import WAIT, _api, _workshop

pytestmark = pytest.mark.browser

CARDS = ("GOV-01", "WHO-01", "WHAT-01", "HOW-05", "HOW-06", "HOW-11", "TECH-01", "TECH-11")


def test_the_console_shows_the_market_at_the_facilitators_prices(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    workshop = _workshop(server, "Market room", phase="canvas", lang="en")
    table, token = workshop["tables"][0], workshop["facilitator_token"]
    path = f"/api/workshops/{workshop['workshop_id']}/assumptions"
    for card_id in CARDS:
        _api(server, f"/api/tables/{table['table_id']}/commands", token,
             {"cmd_id": f"mk-{card_id}", "command": {"kind": "play_card", "card_id": card_id, "source": "pick"}})
    console = new_context(1366, 900, mobile=False, lang="en-GB").new_page()
    console.goto(workshop["facilitator_url"])

    # The facilitator sets the P2P platform fee to 1.5 ct/kWh for every table.
    console.click("#prices summary")
    fee = console.locator('input[data-param="p2p.fee_eur_per_kwh"]')
    expect(fee).to_be_visible(timeout=WAIT)
    expect(fee).to_have_attribute("placeholder", "0.01")
    fee.fill("0.015")
    console.click("#prices-save")
    expect(console.locator("[data-prices-status]")).to_have_text("Every table uses the prices set here.", timeout=WAIT)
    assert _api(server, path, token)["values"] == {"p2p.fee_eur_per_kwh": 0.015}

    # The table's market tab: three blocks, the fee at the facilitator's price, sources named.
    tcard = console.locator(f'.tcard[data-table-id="{table["table_id"]}"]')
    expect(tcard.locator('[data-card="HOW-11"]')).to_have_count(1, timeout=WAIT)
    tcard.locator('[data-key="open"]').click()
    console.click('#detail-tabs [data-view="market"]')
    fees = console.locator('[data-market="p2p"] [data-figure="fees"] td')
    expect(fees).to_contain_text("0.015", timeout=120_000)
    for block in ("p2p", "flexibility", "emaas"):
        expect(console.locator(f'[data-market="{block}"] h3')).to_be_visible()
        expect(console.locator(f'[data-market="{block}"] .provenance')).to_contain_text("Sources:")
    expect(console.locator('[data-market="p2p"] [data-rule="bill_sharing"]')).to_have_count(1)
    expect(console.locator('[data-market="emaas"] [data-figure="shared_cars"] td')).to_have_text("15")
    traded = console.locator('[data-market="p2p"] [data-figure="traded"] td').inner_text()
    assert "kWh" in traded and traded.strip()[0].isdigit(), traded

    # The markets in the project NPV: "NPV" and "NPV without markets" side by side, and the eMaaS
    # users' car costs as their own line naming their assumption ranges (docs/rules.md).
    npv = console.locator('[data-market="npv"]')
    expect(npv.locator("h3")).to_have_text("The markets in the project NPV")
    expect(npv.locator('[data-figure="npv"] th')).to_have_text("Project NPV")
    expect(npv.locator('[data-figure="npv_without_markets"] th')).to_have_text("Project NPV without the market benefits")
    for figure in ("npv", "npv_without_markets", "part.emaas_car_costs_avoided"):
        expect(npv.locator(f'[data-figure="{figure}"] td')).to_contain_text("€")
    expect(npv.locator('[data-figure="part.emaas_car_costs_avoided"] th')).to_contain_text(
        "2.1-5.3 private cars sold per shared car, EUR 3,000-6,500 per car and year")
    assessment = _api(server, f"/api/tables/{table['table_id']}/assessment", token)["assessment"]
    emaas = next(p for p in assessment["financing"]["market_parts"] if p["part"] == "emaas_car_costs_avoided")
    assert emaas["present_value_eur"] > 0 and assessment["financing"]["npv_without_markets"] < assessment["financing"]["npv"]

    # A price outside its bounds is refused with the parameter, its unit and its range named.
    with pytest.raises(urllib.error.HTTPError) as refused:
        _api(server, path, token, {"values": {"flex.utilisation_eur_per_kwh": 9}})
    assert refused.value.code == 422
    assert "flex.utilisation_eur_per_kwh" in json.loads(refused.value.read())["message"]
