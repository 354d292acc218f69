"""The workshop report's replication page: a table's model in all eight built-in districts,
printed and read back with pdfplumber (issue 12, point 6).

Reference: Mieterstrom (cards HOW-02, GOV-03) is German law (§ 42a EnWG), so the Munich Harthof
model breaks in Lyon (French law) and must become a renewable or citizen energy community
(Directive (EU) 2018/2001 art. 22; Directive (EU) 2019/944 art. 16) in the six districts under
the generic EU regime. The printed values are the engine's, read back, not typed in here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from report_fixtures import workshop_report
from report_pdfcheck import norm, page_texts

from cards.deck import default_deck
from game_rules import DISTRICT_PRESETS, TableModel, assess, load_district
from printables.report import render_workshop_report
from printables.report.formatting import format_value
from printables.report.i18n import t
from printables.report.model import ReplicationMatrix
from printables.report.replication_page import replication_matrices, short_name

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "munich-harthof.yaml"


@pytest.fixture(scope="module")
def matrices() -> tuple[ReplicationMatrix, ...]:
    deck, model = default_deck(), TableModel.from_yaml(EXAMPLE)
    source = assess(model, load_district("munich-harthof"), deck=deck, mitigations=False, bibliography=False)
    return replication_matrices([("1", "t1", model, source), ("2", "t2", None, source)], "munich-harthof", deck)


@pytest.fixture(scope="module")
def pages(matrices: tuple[ReplicationMatrix, ...]) -> dict[str, str]:
    """The replication page's text per language (from its heading to the next section)."""
    report = workshop_report().model_copy(update={"replications": matrices})
    out = {}
    for lang in ("en", "fr"):
        texts = page_texts(render_workshop_report(report, lang))
        start = next(k for k, p in enumerate(texts) if t("sec.ws_replication", lang) in p)
        end = next(k for k, p in enumerate(texts) if t("sec.table_reports", lang) in p)
        out[lang] = norm("\n".join(texts[start:end]))
    return out


def test_a_table_without_a_model_has_no_row_block(matrices: tuple[ReplicationMatrix, ...]) -> None:
    assert [m.table for m in matrices] == ["1"]
    assert [r.district_id for r in matrices[0].rows] == list(DISTRICT_PRESETS)
    assert [r.home for r in matrices[0].rows].count(True) == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_names_all_eight_districts_with_their_engine_values(pages: dict[str, str],
                                                                 matrices: tuple[ReplicationMatrix, ...],
                                                                 lang: str) -> None:
    text = pages[lang]
    for name in DISTRICT_PRESETS:
        assert short_name(load_district(name).name.get(lang)) in text, name
    for row in matrices[0].rows:
        for k in row.kpis:
            assert norm(format_value(k.value, k.unit, lang)) in text, (row.district_id, k.key)
        assert row.project_npv is not None and norm(format_value(row.project_npv.value, "EUR", lang)) in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_says_what_breaks_and_why(pages: dict[str, str], matrices: tuple[ReplicationMatrix, ...],
                                       lang: str) -> None:
    text = " ".join(pages[lang].split())
    eu = [short_name(load_district(d).name.get(lang)) for d in DISTRICT_PRESETS if load_district(d).regime == "EU"]
    assert len(eu) == 6
    generic = " ".join(t("ws.rep.generic_eu", lang, districts=", ".join(eu)).split())
    assert generic in text, generic
    rows = {r.district_id: r for r in matrices[0].rows}
    for name in ("lyon-confluence", "porto"):
        assert rows[name].breaks, name
        for reason in rows[name].breaks:
            assert " ".join(reason.get(lang).split()) in text, reason.get(lang)
    if lang == "en":
        assert "Tenant electricity (Mieterstrom) (HOW-02) is a scheme of German law" in text
        assert "only works under German law" not in text  # the note above says more, and differently
        # The note names the scheme the figures use (RED II art. 21(4) in Porto), never "rebuilt".
        assert "the figures use the scheme this district's law allows instead, Jointly acting self-consumers" in text
        assert "must be rebuilt" not in text


def test_generic_eu_note_names_only_the_built_in_representative_districts(
        matrices: tuple[ReplicationMatrix, ...]) -> None:
    """A custom district under the EU regime is not a representative multiplier-city district:
    its row says "generic EU regime", the introduction's note does not name it."""
    matrix = matrices[0]
    custom = matrix.rows[0].model_copy(update={"district_id": "my-town", "district": matrix.rows[0].district.map(
        lambda _lang, _name: "Mytown"), "regime": "EU", "built_in": False})
    report = workshop_report().model_copy(update={"replications": (
        matrix.model_copy(update={"rows": (custom, *matrix.rows[1:])}),)})
    text = " ".join(norm("\n".join(page_texts(render_workshop_report(report, "en")))).split())
    intro = text.split(t("sec.ws_replication", "en"), 1)[1].split("Table 1", 1)[0]
    assert "Porto" in intro and "Mytown" not in intro
    assert "Mytown" in text.split("Table 1", 1)[1]
