"""Export buttons download real files, and "Photograph the table" plays the cards in a photo.

Against the real server in Debian's Chromium: every download button of the facilitator console
and of the city's review page is clicked and the file the browser saves is checked by its
content (PDF magic bytes, CSV with its header, JSON parsed with its top-level keys). A phone
uploads a photo of the mat made from the project's own card codes (cards/recognise/synthetic.py)
and the cards appear on the console's board; a second upload reports them as already on the
board, and a file that is not an image is refused with the translated reason.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from cards.codes import card_payload
from cards.deck import default_deck
from cards.mat_layout import SLOTS
from cards.model import Slot
from cards.recognise import synthetic
from server.demo import example_models
from tests.clients.conftest import SCREENSHOTS, Server

pytestmark = pytest.mark.browser

WAIT = 20_000
"""Upper bound [ms] for a change to reach a screen; a bound for failure, not a speed goal."""
REPORT_WAIT = 400_000
"""Upper bound [ms] for a report download (the PDF is built on request; minutes on a loaded
2-core machine)."""
CSV_HEADERS = {"flows": "from", "risks": "scenario", "kpis": "key"}
"""First column of each CSV export (docs/reports.md, "Data exports")."""


def _api(server: Server, path: str, token: str | None = None, body: dict[str, Any] | None = None) -> Any:
    req = urllib.request.Request(server.base + path, method="POST" if body is not None else "GET",
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


def _played_workshop(server: Server) -> dict[str, Any]:
    """A two-table workshop whose tables hold the two example models (played as facilitator)."""
    workshop = _api(server, "/api/workshops", body={"name": "Export check", "tables": 2})
    token = workshop["facilitator_token"]
    for table, model in zip(workshop["tables"], example_models(), strict=False):
        for slot, ids in model["slots"].items():
            for card_id in ids or []:
                command = {"kind": "play_card", "card_id": card_id, "slot": slot, "source": "pick", "revealed": True}
                _api(server, f"/api/tables/{table['table_id']}/commands", token, {"cmd_id": uuid.uuid4().hex, "command": command})
    return workshop


def _check_file(key: str, data: bytes) -> None:
    """The downloaded bytes are what the button promises."""
    if key.endswith("pdf"):
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:], f"{key}: expected a PDF, got {data[:40]!r}"
    elif key == "table-hourly-csv":
        lines = data.decode("utf-8").splitlines()
        assert lines[0].startswith("# time base:"), f"{key}: expected the time base first, got {lines[0]!r}"
        assert lines[1].startswith("hour,time_start,") and len(lines) == 2 + 8760, f"{key}: expected 8,760 rows"
    elif key.endswith("csv"):
        kind = key.removeprefix("table-").removesuffix("-csv")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert rows and rows[0][0] == CSV_HEADERS[kind], f"{key}: expected a CSV starting with {CSV_HEADERS[kind]!r}, got {rows[:1]}"
        assert len(rows) > 1, f"{key}: expected rows under the header"
    else:
        body = json.loads(data)
        expected = {"table-json": {"meta", "board", "flows"}, "workshop-json": {"meta", "tables", "comparison"},
                    "table-log-json": {"table_id", "events", "snapshot"}}[key]
        assert expected <= set(body), f"{key}: expected keys {expected}, got {sorted(body)}"


def _click_every_export(page: Page, scope: str, tmp: Path) -> list[str]:
    """Click every [data-export] button under ``scope``; returns the keys whose files checked out."""
    buttons = page.locator(f"{scope} [data-export]")
    keys = [buttons.nth(i).get_attribute("data-export") or "" for i in range(buttons.count())]
    for key in keys:
        with page.expect_download(timeout=REPORT_WAIT) as info:
            page.locator(f'{scope} [data-export="{key}"]').first.click()
        saved = tmp / f"{key}-{info.value.suggested_filename}"
        info.value.save_as(saved)
        _check_file(key, saved.read_bytes())
    return keys


@pytest.mark.timeout(900)
def test_every_export_button_downloads_a_real_file(new_context, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workshop = _played_workshop(server)
    ctx = new_context(1366, 900, mobile=False)
    console = ctx.new_page()
    console.goto(f"/f/{workshop['facilitator_token']}")
    expect(console.locator(".tcard")).to_have_count(2, timeout=WAIT)
    workshop_keys = _click_every_export(console, "#links", tmp_path)
    assert {"deck-pdf", "mat-pdf", "posters-pdf", "workshop-pdf", "workshop-json"} <= set(workshop_keys)

    console.locator(".tcard").first.locator('[data-key="open"]').click()
    expect(console.locator("#exports [data-export]")).to_have_count(7, timeout=WAIT)
    table_keys = _click_every_export(console, "#exports", tmp_path)
    assert set(table_keys) == {"table-pdf", "table-json", "table-flows-csv", "table-risks-csv", "table-kpis-csv", "table-log-json",
                               "table-hourly-csv"}

    review = ctx.new_page()
    review.goto(workshop["review_url"].removeprefix(server.base))
    expect(review.locator("#tables [data-table-id]")).to_have_count(2, timeout=WAIT)
    expect(review.locator("#workshop-exports [data-export]")).to_have_count(2, timeout=WAIT)
    assert set(_click_every_export(review, "#workshop-exports", tmp_path)) == {"workshop-pdf", "workshop-json"}
    first_table = f'#tables [data-table-id="{workshop["tables"][0]["table_id"]}"]'
    assert set(_click_every_export(review, first_table, tmp_path)) == {
        "table-pdf", "table-json", "table-flows-csv", "table-risks-csv", "table-kpis-csv"}


def _photo_of_cards(tmp: Path) -> tuple[Path, list[str]]:
    """A JPEG of the mat with one card of the real deck in each of six slots (the cards' own QR codes)."""
    deck = default_deck()
    slots = [s for s in SLOTS if s not in (Slot.SCENARIO, Slot.FINANCING)][:6]
    cards = [next(c for c in deck if c.slots and c.slots[0] == slot) for slot in slots]
    image, _placed = synthetic.table_on_mat([card_payload(deck, c) for c in cards], 5.0, np.random.default_rng(11))
    path = tmp / "table.jpg"
    path.write_bytes(synthetic.encode(image, ".jpg", 92))
    return path, [c.id for c in cards]


def test_a_photo_of_the_table_plays_its_cards_on_every_screen(new_context, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo, card_ids = _photo_of_cards(tmp_path)
    # A French workshop: its phones read French until someone picks another language (issue 13).
    workshop = _api(server, "/api/workshops", body={"name": "Photo check", "tables": 1, "lang": "fr"})
    table = workshop["tables"][0]
    _api(server, f"/api/tables/{table['table_id']}/commands", workshop["facilitator_token"],
         {"cmd_id": uuid.uuid4().hex, "command": {"kind": "set_phase", "phase": "financing"}})

    console = new_context(1366, 900, mobile=False).new_page()
    console.goto(f"/f/{workshop['facilitator_token']}")
    expect(console.locator(".tcard")).to_have_count(1, timeout=WAIT)

    phone = new_context(390, 844, lang="fr-FR").new_page()
    phone.goto(f"/play?join={table['join_code']}")
    phone.fill("#join-nick", "Photographe")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#status")).to_have_attribute("data-status", "live", timeout=WAIT)
    if phone.locator("#role-view").is_visible():
        phone.click("#role-skip")
    phone.click('.tabbar [data-tab="scan"]')
    photo_input = phone.locator("#photo-host input[type=file]")
    assert photo_input.get_attribute("accept") == "image/*" and photo_input.get_attribute("capture") == "environment"
    expect(phone.locator("#photo-host [data-photo-button]")).to_have_text("Photographier la table")

    photo_input.set_input_files(str(photo))
    played = phone.locator('#photo-host [data-photo-list="played"] li')
    expect(played).to_have_count(len(card_ids), timeout=REPORT_WAIT)
    expect(phone.locator("#photo-host .photo-summary")).to_have_text(f"{len(card_ids)} cartes trouvées sur la photo.")  # plural by Intl.PluralRules
    phone.locator("#tab-scan").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.locator("#photo-panel").screenshot(path=str(SCREENSHOTS / "phone-photo-result.png"))
    for card_id in card_ids:  # on another screen: the console's board of the table
        expect(console.locator(f'.tcard [data-card="{card_id}"]')).to_have_count(1, timeout=WAIT)

    photo_input.set_input_files(str(photo))
    expect(phone.locator('#photo-host [data-photo-list="already"] li')).to_have_count(len(card_ids), timeout=REPORT_WAIT)
    expect(phone.locator('#photo-host [data-photo-list="played"]')).to_have_count(0)

    not_an_image = tmp_path / "notes.jpg"
    not_an_image.write_bytes(b"these are meeting notes, not a photo")
    photo_input.set_input_files(str(not_an_image))
    expect(phone.locator("#photo-host .photo-result")).to_have_attribute("data-state", "error", timeout=WAIT)
    expect(phone.locator("#photo-host .photo-result")).to_have_text(
        "La photo n'a pas pu être utilisée : ce fichier n'est pas une image.")
    assert console.locator(".tcard [data-card]").count() == len(card_ids)


def test_the_console_sets_the_comparison_criteria(new_context, server: Server) -> None:  # type: ignore[no-untyped-def]
    workshop = _api(server, "/api/workshops", body={"name": "Criteria check", "tables": 2})
    token = workshop["facilitator_token"]
    path = f"/api/workshops/{workshop['workshop_id']}/criteria"
    console = new_context(1366, 900, mobile=False, lang="de-DE").new_page()
    console.goto(f"/f/{token}")
    console.click("#criteria summary")
    weights = console.locator("#criteria-rows input[data-criterion]")
    expect(weights).to_have_count(len(_api(server, path, token)["criteria"]), timeout=WAIT)
    expect(console.locator("#criteria-status")).to_have_text("In Verwendung: die Standardkriterien.")

    for i in range(weights.count()):
        weights.nth(i).fill("0")
    console.click("#criteria-save")
    expect(console.locator("#criteria-error")).to_have_text("Geben Sie mindestens einem Kriterium ein Gewicht über 0.")
    assert _api(server, path, token)["is_default"]

    console.fill("#crit-co2_reduction", "2")
    console.fill("#crit-financing_gap", "1")
    expect(console.locator('[data-share-for="co2_reduction"]')).to_have_text("67 %")
    console.click("#criteria-save")
    expect(console.locator("#criteria-status")).to_have_text("In Verwendung: Ihre gespeicherten Kriterien.", timeout=WAIT)
    stored = _api(server, path, token)
    assert stored["weights"] == {"co2_reduction": 2.0, "financing_gap": 1.0} and not stored["is_default"]
    console.set_viewport_size({"width": 1366, "height": 1500})  # the whole form below the sticky top bar
    console.evaluate("window.scrollTo(0, 0)")
    console.locator("#criteria").screenshot(path=str(SCREENSHOTS / "console-criteria.png"))

    console.reload()
    console.click("#criteria summary")
    expect(console.locator("#crit-co2_reduction")).to_have_value("2", timeout=WAIT)
    console.click("#criteria-reset")
    expect(console.locator("#criteria-status")).to_have_text("In Verwendung: die Standardkriterien.", timeout=WAIT)
    assert _api(server, path, token)["is_default"]
