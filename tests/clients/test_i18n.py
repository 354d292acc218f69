"""The screens' texts: compiled from the PO catalogs for every shipped language, every key the
pages name present, plural messages in CLDR categories."""

from __future__ import annotations

import re
from pathlib import Path

from catalogs import languages
from catalogs.browser import browser_messages, category_samples

CLIENTS = Path(__file__).resolve().parents[2] / "clients"


def _dicts() -> dict[str, dict[str, object]]:
    return {lang: browser_messages(lang) for lang in languages()}


def test_every_language_has_the_same_keys_and_no_empty_text() -> None:
    d = _dicts()
    for lang in languages():
        assert set(d[lang]) == set(d["en"]), f"{lang}: missing {set(d['en']) - set(d[lang])}, extra {set(d[lang]) - set(d['en'])}"
    for lang, texts in d.items():
        empty = [k for k, v in texts.items() if isinstance(v, str) and not v.strip()]
        assert not empty, f"{lang} has empty texts: {empty}"


def test_translations_are_translated() -> None:
    d = _dicts()
    others = [lang for lang in languages() if lang != "en"]
    same = [k for k, v in d["en"].items() if isinstance(v, str) and len(v) > 12 and all(d[o][k] == v for o in others)]
    assert same == [], f"expected wording in every language, got English in {same}"


def test_plural_messages_carry_every_cldr_category_of_their_language() -> None:
    """CLDR plural categories (Unicode CLDR language_plural_rules): French has one, many, other;
    the browser picks among them with Intl.PluralRules."""
    for lang in languages():
        comments = browser_messages(lang)["board.comments"]
        assert isinstance(comments, dict) and set(comments) == set(category_samples(lang)), lang
    assert set(category_samples("fr")) == {"one", "many", "other"}


def test_the_browser_gets_the_catalog_locale() -> None:
    assert all(browser_messages(lang)["_meta"]["lang"] == lang for lang in languages())


def test_every_key_the_pages_and_scripts_name_exists() -> None:
    en = _dicts()["en"]
    used: set[str] = set()
    for path in [*CLIENTS.glob("*.html"), *(CLIENTS / "js").glob("*.js")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'data-i18n="([a-z_]+\.[a-z_.]+)"', text))
        used |= {k for attr in re.findall(r'data-i18n-attr="([^"]+)"', text) for k in re.findall(r":([a-z_]+\.[a-z_.]+)", attr)}
        used |= set(re.findall(r'\bt\("([a-z_]+\.[a-z_.]+)"', text))
    assert sorted(used - set(en)) == []


def test_no_language_list_is_written_in_the_scripts() -> None:
    """The screens learn the languages from /static/i18n/languages.json, not from a constant."""
    for path in [*(CLIENTS / "js").glob("*.js"), *CLIENTS.glob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'\[\s*"en"\s*,\s*"fr"\s*,\s*"de"', text), path.name
        assert not re.search(r'<option value="(fr|de|pt)"', text), path.name
        assert "Français" not in text and "Deutsch" not in text, path.name


def test_landing_page_lists_no_district_by_hand() -> None:
    """Issue 12 point 5: the facilitator picks any of the eight built-in districts by its name in
    the page's language. The names come from the catalogs through ``GET /api/districts``
    (tests/integration/test_custom_district.py, tests/clients/test_district_form.py); a list
    written into the page (it once held six untranslated city names) would drift from both."""
    html = (CLIENTS / "index.html").read_text(encoding="utf-8")
    select = html.split('id="w-district"', 1)[1].split("</select>", 1)[0]
    assert "<option" not in select
    assert '"/api/districts"' in (CLIENTS / "js" / "index.js").read_text(encoding="utf-8")
