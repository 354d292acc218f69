"""The screens' texts over HTTP: JSON compiled from the catalogs, a clear 404 for a language none ships."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.testclient import TestClient

from catalogs import languages
from server import i18n_routes


def _client() -> TestClient:
    return TestClient(Starlette(routes=i18n_routes.routes()))


def test_languages_json_lists_every_catalog_with_its_locale_and_name() -> None:
    body = _client().get("/static/i18n/languages.json").json()
    assert [row["code"] for row in body] == list(languages())
    assert {"code": "pt", "locale": "pt-PT", "name": "Português"} in body


def test_a_language_json_is_compiled_from_its_catalog() -> None:
    res = _client().get("/static/i18n/pt.json")
    assert res.status_code == 200 and res.headers["cache-control"] == "no-cache"
    body = res.json()
    assert body["join.submit"] == "Entrar" and body["_meta"]["locale"] == "pt-PT"
    assert set(body["board.comments"]) == {"one", "many", "other"}


def test_an_unknown_language_is_a_404_naming_the_choices() -> None:
    res = _client().get("/static/i18n/xx.json")
    assert res.status_code == 404
    assert res.json() == {"error": "not_found", "message": f"expected a language in {languages()}, got 'xx'"}
