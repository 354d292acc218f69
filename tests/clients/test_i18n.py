"""The screens' texts exist in English, French and German, for every key the pages name."""

from __future__ import annotations

import json
import re
from pathlib import Path

CLIENTS = Path(__file__).resolve().parents[2] / "clients"
LANGS = ("en", "fr", "de")


def _dicts() -> dict[str, dict[str, str]]:
    return {lang: json.loads((CLIENTS / "i18n" / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGS}


def test_every_language_has_the_same_keys_and_no_empty_text() -> None:
    d = _dicts()
    for lang in ("fr", "de"):
        assert set(d[lang]) == set(d["en"]), f"{lang}: missing {set(d['en']) - set(d[lang])}, extra {set(d[lang]) - set(d['en'])}"
    for lang, texts in d.items():
        assert not [k for k, v in texts.items() if not v.strip()], f"{lang} has empty texts"


def test_translations_are_translated() -> None:
    d = _dicts()
    same = [k for k in d["en"] if d["en"][k] == d["fr"][k] == d["de"][k] and len(d["en"][k]) > 12]
    assert same == [], f"expected French and German wording, got English in {same}"


def test_every_key_the_pages_and_scripts_name_exists() -> None:
    en = _dicts()["en"]
    used: set[str] = set()
    for path in [*CLIENTS.glob("*.html"), *(CLIENTS / "js").glob("*.js")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'data-i18n="([a-z_]+\.[a-z_.]+)"', text))
        used |= {k for attr in re.findall(r'data-i18n-attr="([^"]+)"', text) for k in re.findall(r":([a-z_]+\.[a-z_.]+)", attr)}
        used |= set(re.findall(r'\bt\("([a-z_]+\.[a-z_.]+)"', text))
    assert sorted(used - set(en)) == []
