"""The landing page's workshop form in a real browser: a built-in district picked by its name in
the page's language, and a city's own district file uploaded (issue 12 point 5).

The district names come from the server (``GET /api/districts``, from the catalogs' entries
``district:<id>.name``), never from a list in the page. A refused file lists each wrong field
with its allowed range in the page's language.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from game_rules import load_district
from game_rules.typologies import dump_district, new_district
from tests.clients.conftest import Server

pytestmark = pytest.mark.browser

WAIT = 30_000
"""Upper bound [ms] for the server's answer (a district file's check computes its profiles)."""


def _session(server: Server, token: str) -> Any:
    req = urllib.request.Request(server.base + "/api/session", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.loads(res.read())


def _form(page: Page, name: str) -> None:
    page.goto("/")
    expect(page.locator("#w-district option")).to_have_count(8, timeout=WAIT)
    page.fill("#w-name", name)
    page.fill("#w-tables", "1")


def test_a_district_is_picked_by_its_french_name_and_a_file_is_uploaded(new_context, server: Server,  # type: ignore[no-untyped-def]
                                                                         tmp_path: Path) -> None:
    page = new_context(1366, 900, mobile=False, lang="fr-FR").new_page()
    _form(page, "Atelier Porto")
    porto = load_district("porto").label("fr")  # "Porto (quartier représentatif)", catalog district:porto.name
    page.select_option("#w-district", label=porto)
    page.click("#create button[type=submit]")
    page.wait_for_url(re.compile(r"/f/[^/]+$"), timeout=WAIT)
    assert _session(server, page.url.rsplit("/", 1)[1])["district"] == "porto"

    mapping = new_district("Saint-Denis Bas de la Rivière", -20.88, 55.45, "FR", dwellings=600)
    bad = dict(mapping, location={**mapping["location"], "latitude": 120.0})
    (tmp_path / "faux.yaml").write_text(dump_district(bad), encoding="utf-8")
    _form(page, "Atelier La Réunion")
    page.set_input_files("#w-district-file", str(tmp_path / "faux.yaml"))
    page.click("#create button[type=submit]")
    expect(page.locator("#create-fields li")).to_have_count(1, timeout=WAIT)
    line = page.locator("#create-fields li").first.inner_text()
    assert line.startswith("location.latitude") and "autorisé de" in line and "90" in line, line
    expect(page.locator("#create-error")).to_contain_text("fichier de quartier")

    (tmp_path / "reunion.yaml").write_text(dump_district(mapping), encoding="utf-8")
    page.set_input_files("#w-district-file", str(tmp_path / "reunion.yaml"))
    page.click("#create button[type=submit]")
    page.wait_for_url(re.compile(r"/f/[^/]+$"), timeout=WAIT)
    assert _session(server, page.url.rsplit("/", 1)[1])["district"] == mapping["id"]
