"""The catalogs: every message in every shipped language, CLDR formatting, the migration tool."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import catalogs
from catalogs import LOCALE_DIR, SOURCE_LANG, entries, languages, message, plural
from catalogs import formatting as fmt
from catalogs.check import problems
from catalogs.migrate import Found, merge, read_old_sources
from catalogs.text import Text, resolve

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_is_translated_in_every_shipped_language() -> None:
    """CI fails here on a missing or empty translation, a placeholder or agreement marker that
    differs from English, a stale key, Plural-Forms other than CLDR's, or no Review: line."""
    assert problems() == []


def test_the_languages_are_the_catalogs_present() -> None:
    found = {p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")}
    assert set(languages()) == found and languages()[0] == SOURCE_LANG
    assert len(languages()) >= 3


def test_a_missing_text_names_key_and_language() -> None:
    with pytest.raises(KeyError, match=r"no text 'rules:nope' in the 'fr' messages catalog"):
        message("rules:nope", "fr")
    with pytest.raises(ValueError, match=r"expected a language in .*got 'xx'"):
        message("rules:kpi.co2", "xx")


def test_templates_hold_every_english_key() -> None:
    """``messages.pot`` / ``cards.pot`` are what ``pybabel init`` starts a new language from."""
    from catalogs.migrate import load_po

    for domain in catalogs.DOMAINS:
        template = load_po(LOCALE_DIR / f"{domain}.pot", "en", domain)
        assert {catalogs.message_key(m) for m in template if m.id} == set(entries(SOURCE_LANG, domain))
        assert all(not (m.string if isinstance(m.string, str) else any(m.string)) for m in template if m.id)


def test_plural_forms_follow_cldr() -> None:
    """CLDR plural rules (https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html):
    English "1 comment / 0 comments"; French uses the singular for 0 and 1."""
    assert plural("screen:board.comments", "en", 1) == "{n} comment"
    assert plural("screen:board.comments", "en", 0) == "{n} comments"
    assert plural("screen:board.comments", "fr", 0) == "{n} commentaire"
    assert plural("screen:board.comments", "fr", 2) == "{n} commentaires"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ("2,500.5", "30%", "1,234\u00a0MWh/yr")),
    ("fr", ("2\u202f500,5", "30\u00a0%", "1\u202f234\u00a0MWh/an")),
    ("de", ("2.500,5", "30\u00a0%", "1.234\u00a0MWh/Jahr")),
])
def test_numbers_percentages_and_units_are_cldr(lang: str, expected: tuple[str, str, str]) -> None:
    """Unicode CLDR number symbols (Babel 2.19): fr groups with U+202F and puts U+00A0 before %,
    de groups with "."; unit names come from the catalogs (``unit:MWh/yr``)."""
    assert (fmt.number(2500.5, lang, 1), fmt.percent(0.3, lang), fmt.quantity(1234, "MWh/yr", lang)) == expected


def test_text_is_a_mapping_keyed_by_language() -> None:
    text = Text.of("rules:kpi.co2")
    assert set(text.root) == set(languages())
    assert text.get("de") == "CO₂-Emissionen" and text.de == "CO₂-Emissionen"
    assert json.loads(text.model_dump_json()) == text.root
    with pytest.raises(ValueError, match="missing"):
        resolve({"en": "only English"}, "district name")
    assert resolve("@rules:kpi.co2") == text.root


# --------------------------------------------------------------------------- the migration tool


OLD_TEXTS = '''
LANGS = ("en", "fr", "de")
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "kpi.co2": ("CO₂ emissions", "Émissions de CO₂", "CO₂-Emissionen"),
    "warn.brand_new": ("A brand new warning about {card}.", "Un tout nouvel avertissement sur {card}.", "Eine ganz neue Warnung zu {card}."),
}
STAKEHOLDERS: dict[str, tuple[str, str, str]] = {"newcomer": ("Newcomer", "Nouveau venu", "Neuling")}
'''
OLD_PRINT = '''
from cards.model import Category
CATEGORY_NAMES = {Category.ROLE: {"en": "Role", "fr": "Rôle", "de": "Rolle"}}
TEXTS = {"new_sheet_note": {"en": "Cut here", "fr": "Couper ici", "de": "Hier schneiden"}}
'''
OLD_REPORT = '''
_L: dict[str, tuple[str, str, str]] = {
    "sec.new_section": ("A new section", "Une nouvelle section", "Ein neuer Abschnitt"),
}
'''


def _old_checkout(tmp_path: Path) -> Path:
    root = tmp_path / "other"
    (root / "game_rules").mkdir(parents=True, exist_ok=True)
    (root / "printables" / "report").mkdir(parents=True, exist_ok=True)
    (root / "clients" / "i18n").mkdir(parents=True, exist_ok=True)
    (root / "game_rules" / "texts.py").write_text(OLD_TEXTS, encoding="utf-8")
    (root / "printables" / "i18n.py").write_text(OLD_PRINT, encoding="utf-8")
    (root / "printables" / "report" / "i18n.py").write_text(OLD_REPORT, encoding="utf-8")
    for lang, words in (("en", "New button"), ("fr", "Nouveau bouton"), ("de", "Neuer Knopf")):
        (root / "clients" / "i18n" / f"{lang}.json").write_text(json.dumps({"btn.new": words, "join.submit": "x"}))
    return root


def test_old_style_sources_are_read_with_their_prefixes(tmp_path: Path) -> None:
    found = read_old_sources(_old_checkout(tmp_path)).texts["messages"]
    assert found["rules:warn.brand_new"]["de"] == "Eine ganz neue Warnung zu {card}."
    assert found["rules:stakeholder.newcomer"] == {"en": "Newcomer", "fr": "Nouveau venu", "de": "Neuling"}
    assert found["print:category.role"]["fr"] == "Rôle"
    assert found["print:new_sheet_note"]["de"] == "Hier schneiden"
    assert found["report:sec.new_section"]["en"] == "A new section"
    assert found["screen:btn.new"]["fr"] == "Nouveau bouton"


def test_merge_adds_only_missing_keys_and_leaves_new_languages_to_translate(tmp_path: Path) -> None:
    """Keys new to the catalogs arrive in every language they have; a shipped language the old
    sources do not know gets an empty entry (the completeness test then names it); existing
    translations are kept (``join.submit`` stays "Join", not the branch's "x")."""
    tree = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, tree)
    report = merge(read_old_sources(_old_checkout(tmp_path)), root=tree)
    added = report.added[("messages", "fr")]
    assert sorted(added) == ["print:new_sheet_note", "report:sec.new_section", "rules:stakeholder.newcomer",
                             "rules:warn.brand_new", "screen:btn.new"]
    from catalogs.migrate import load_po

    fr = {str(m.context): m for m in load_po(tree / "fr" / "LC_MESSAGES" / "messages.po", "fr", "messages")}
    assert fr["screen:btn.new"].id == "New button" and fr["screen:btn.new"].string == "Nouveau bouton"
    en = {str(m.context): m for m in load_po(tree / "en" / "LC_MESSAGES" / "messages.po", "en", "messages")}
    assert en["screen:join.submit"].string == message("screen:join.submit", "en")
    for other in set(languages()) - {"en", "fr", "de"}:
        po = {str(m.context): m for m in load_po(tree / other / "LC_MESSAGES" / "messages.po", other, "messages")}
        assert po["screen:btn.new"].string == ""
    again = merge(read_old_sources(_old_checkout(tmp_path)), root=tree)
    assert again.added == {}


def test_update_keeps_plural_messages(tmp_path: Path) -> None:
    """``--update`` with an old-style single string ("{n} comments") leaves a plural message's
    msgid_plural and its CLDR forms alone (the merge of issue 16 found it overwriting them)."""
    tree = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, tree)
    found = Found()
    for lang, old in (("en", "{n} comments"), ("fr", "{n} commentaires"), ("de", "{n} Kommentare")):
        found.add("messages", "screen:board.comments", lang, old)
    merge(found, root=tree, update=True)
    from catalogs.migrate import load_po

    for lang in ("en", "fr", "de"):
        po = {str(m.context): m for m in load_po(tree / lang / "LC_MESSAGES" / "messages.po", lang, "messages")}
        before = {str(m.context): m for m in load_po(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", lang, "messages")}
        assert isinstance(po["screen:board.comments"].id, tuple)
        assert po["screen:board.comments"].string == before["screen:board.comments"].string


def test_the_script_runs_on_a_checkout(tmp_path: Path) -> None:
    tree = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, tree)
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n_import.py"), str(_old_checkout(tmp_path)),
                           "--catalogs", str(tree)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "messages/fr: 5 added" in done.stdout
    bad = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n_import.py"), str(tmp_path / "nowhere")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and "expected a directory" in bad.stderr and "Traceback" not in bad.stderr


def test_inline_deck_labels_become_catalog_references(tmp_path: Path) -> None:
    deck = tmp_path / "cards" / "deck"
    deck.mkdir(parents=True)
    (deck / "how.yaml").write_text(
        "category: how\ncards:\n  - id: HOW-99\n    code: ABCD\n    text:\n      en: {title: T, hook: H, body: B}\n"
        "    effects:\n      value_flows:\n        - {from: city, to: residents, kind: money, formula: '1', unit: EUR,\n"
        "           label: {en: Fee, fr: Frais, de: Gebühr}}\n"
        "        - label: {en: Grant, fr: Subvention, de: Zuschuss}\n", encoding="utf-8")
    found = Found()
    from catalogs.migrate import read_deck

    read_deck(deck, found, rewrite=True)
    assert found.texts["cards"]["HOW-99|label.1"] == {"en": "Grant", "fr": "Subvention", "de": "Zuschuss"}
    assert found.texts["cards"]["HOW-99|title"] == {"en": "T"}
    rewritten = (deck / "how.yaml").read_text(encoding="utf-8")
    assert 'label: "@HOW-99|label.1"' in rewritten and "text:" not in rewritten and "title: T" not in rewritten


def test_dates_and_money_follow_cldr_for_portugal() -> None:
    """CLDR pt_PT (Babel 2.19): long date "15 de junho de 2025", a space (U+00A0) groups
    thousands and the euro sign follows the amount."""
    from datetime import UTC, datetime

    moment = datetime(2025, 6, 15, 14, 3, 9, tzinfo=UTC)
    assert fmt.day(moment, "pt") == "15 de junho de 2025"
    assert fmt.day(moment, "de") == "15. Juni 2025"
    assert fmt.clock(moment, "pt") == "14:03:09"
    assert fmt.money(-4500, "pt") == "-4\u00a0500\u00a0€"
    assert fmt.money(1_234_567, "pt") == "1\u00a0234\u00a0567\u00a0€"
    assert fmt.bcp47("pt") == "pt-PT"
