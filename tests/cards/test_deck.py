"""The deck loads, validates and refuses broken files with a message naming file, card, field."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cards.deck import MIN_COUNTS, DeckError, load_deck, load_file
from cards.model import Category
from catalogs import languages

GOOD_CARD = """
category: governance
cards:
  - id: GOV-01
    code: ABCD
    sp: SP6
    icon: city
    text:
      en: {title: "Urban orchestrator", hook: "One public body ties the district together.", body: "A public company coordinates every project of the district and signs the contracts."}
      fr: {title: "Orchestrateur urbain", hook: "Un acteur public fédère le quartier.", body: "Une société publique locale coordonne tous les projets du quartier et signe les contrats."}
      de: {title: "Quartierskoordinator", hook: "Eine öffentliche Stelle hält das Quartier zusammen.", body: "Eine kommunale Gesellschaft koordiniert alle Projekte im Quartier und schließt die Verträge."}
      pt: {title: "Orquestrador urbano", hook: "Um organismo público une o bairro.", body: "Uma empresa pública local coordena todos os projetos do bairro e assina os contratos."}
    effects:
      stakeholders: [orchestrator, city]
      governance: {coordinator: orchestrator, owner: city, risk_bearer: city, regimes: [FR]}
"""


def write(tmp_path: Path, text: str, name: str = "governance.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_with_its_category(tmp_path: Path) -> None:
    cards = load_file(write(tmp_path, GOOD_CARD))
    assert [c.id for c in cards] == ["GOV-01"]
    assert cards[0].category is Category.GOVERNANCE
    assert cards[0].text.get("de").title == "Quartierskoordinator"
    assert cards[0].effects.governance is not None


def test_broken_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "category: governance\ncards:\n  - id: GOV-01\n    text: [unclosed\n")
    with pytest.raises(DeckError, match=r"governance\.yaml: not valid YAML at line \d+"):
        load_file(path)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("code: ABCD", "code: AB0D"), r"card GOV-01: field code: .*no 0, O, 1, I, L.*'AB0D'"),
        (("id: GOV-01", "id: WHO-01"), r"card WHO-01: .*starts with GOV-, got 'WHO-01'"),
        (("sp: SP6", "sp: SP9"), r"card GOV-01: field sp"),
        (("icon: city", "icon: unicorn"), r"card GOV-01: field icon"),
        (("[orchestrator, city]", "[orchestrator, mayor]"), r"card GOV-01: field effects\.stakeholders\.1"),
        (('title: "Orchestrateur urbain", ', ""), r"card GOV-01: field text\.fr\.title: Field required"),
    ],
)
def test_bad_fields_are_named(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    path = write(tmp_path, GOOD_CARD.replace(*change))
    with pytest.raises(DeckError, match=expected):
        load_file(path)


def test_a_card_missing_a_shipped_language_names_it(tmp_path: Path) -> None:
    """Inline card texts (the old style) must cover every language a catalog ships."""
    portuguese = next(line for line in GOOD_CARD.splitlines() if line.strip().startswith("pt:"))
    path = write(tmp_path, GOOD_CARD.replace(portuguese + "\n", ""))
    with pytest.raises(DeckError, match=r"card GOV-01: field text: .*missing in language pt"):
        load_file(path)


def test_untranslated_text_is_refused(tmp_path: Path) -> None:
    french_body = "Une société publique locale coordonne tous les projets du quartier et signe les contrats."
    english_body = "A public company coordinates every project of the district and signs the contracts."
    path = write(tmp_path, GOOD_CARD.replace(french_body, english_body))
    with pytest.raises(DeckError, match=r"card GOV-01: .*not translated|must differ"):
        load_file(path)


def test_unknown_category_and_missing_keys(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match=r"expected a category in .* got 'weather'"):
        load_file(write(tmp_path, GOOD_CARD.replace("category: governance", "category: weather")))
    with pytest.raises(DeckError, match=r"expected a mapping with 'category' and 'cards'"):
        load_file(write(tmp_path, "- just a list\n"))


def test_duplicate_codes_and_dangling_references_are_refused(tmp_path: Path) -> None:
    write(tmp_path, GOOD_CARD)
    write(tmp_path, GOOD_CARD.replace("GOV-01", "GOV-02"), "more.yaml")
    with pytest.raises(DeckError, match=r"unique, got repeated codes \['ABCD'\]"):
        load_deck(tmp_path, check_counts=False)
    (tmp_path / "more.yaml").unlink()
    write(tmp_path, GOOD_CARD.replace("regimes: [FR]}", "regimes: [FR]}\n      requires: [GOV-77]"))
    with pytest.raises(DeckError, match=r"GOV-01: effects refer to 'GOV-77'"):
        load_deck(tmp_path, check_counts=False)


def test_unsafe_formula_is_refused(tmp_path: Path) -> None:
    flows = "\n      value_flows:\n        - {from: residents, to: utility, kind: money, formula: \"__import__('os')\"}"
    path = write(tmp_path, GOOD_CARD.replace("regimes: [FR]}", "regimes: [FR]}" + flows))
    with pytest.raises(DeckError, match=r"value_flows\.0\.formula.*only arithmetic|calls something"):
        load_file(path)


def test_counts_are_enforced(tmp_path: Path) -> None:
    write(tmp_path, GOOD_CARD)
    with pytest.raises(DeckError, match=r"minimum counts per category"):
        load_deck(tmp_path)


# --- the shipped deck -------------------------------------------------------------------------


def test_shipped_deck_meets_the_counts() -> None:
    deck = load_deck()
    counts = Counter(card.category for card in deck)
    assert len(deck) >= 96
    for category, minimum in MIN_COUNTS.items():
        assert counts[category] >= minimum, category


def test_shipped_deck_texts_exist_and_differ_in_every_language() -> None:
    for card in load_deck():
        texts = [card.text.get(lang) for lang in languages()]
        for field in ("hook", "body"):
            values = [getattr(t, field) for t in texts]
            assert len(set(values)) == len(languages()), (card.id, field, values)


def test_shipped_deck_role_cards_name_one_stakeholder() -> None:
    for card in load_deck().of(Category.ROLE):
        assert len(card.effects.stakeholders) == 1, card.id


def test_shipped_deck_governance_cards_say_who_coordinates() -> None:
    for card in load_deck().of(Category.GOVERNANCE):
        assert card.effects.governance is not None, card.id
