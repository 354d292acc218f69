"""The table report's "Sharing scheme" section (printables/report/sharing.py), rendered from a
hand-built section whose every number is known: a § 42c scheme of 3 of 4 candidate buildings,
one refused by the rule it names, 62.5 % self-consumption and 41.7 % self-sufficiency; the
district as one node at 71.3 % and 47.5 %."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from report_fixtures import prov, table_report, tx

from catalogs import languages
from printables.report import model as rm
from printables.report import render_table_report
from printables.report.i18n import t

SECTION = rm.Sharing(
    schemes=(rm.SharingScheme(
        name=tx("Energy sharing", "Partage d'énergie", "Energy Sharing"), legal="§ 42c EnWG", key="dynamic",
        candidates=4, members=3, perimeters=1,
        refused=(tx("Energy sharing leaves out 1 of 4 candidate buildings (Offices: 1): another balancing area."),),
        production_kwh=80_000.0, demand_kwh=120_000.0, self_consumption=0.625, self_sufficiency=0.41667,
        provenance=prov("HOW-04", rule="sharing.energy_sharing", refs=("enwg-42c",))),),
    groups=(rm.SharingGroup(name=tx("New housing", "Logements neufs", "Neubauwohnungen"), buildings=3, members=3,
                            pv_owner="housing_company", production_kwh=80_000.0, demand_kwh=100_000.0,
                            self_consumption=0.5, self_sufficiency=0.5, provenance=prov(rule="sharing.building")),),
    district=rm.SharingGroup(name=rm.Text({lang: t("sharing.district_scheme", lang) for lang in rm.report_langs()}), buildings=4, members=3, pv_owner="",
                             production_kwh=80_000.0, demand_kwh=120_000.0, self_consumption=0.625,
                             self_sufficiency=0.41667, provenance=prov(rule="sharing.district")),
    one_node=rm.SharingGroup(name=rm.Text({lang: t("sharing.district_node", lang) for lang in rm.report_langs()}), buildings=4, members=3, pv_owner="",
                             production_kwh=80_000.0, demand_kwh=120_000.0, self_consumption=0.713,
                             self_sufficiency=0.475, provenance=prov(rule="sharing.one_node")),
    as_of="2026-11-29")


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("lang", languages())
def test_the_section_prints_scheme_law_key_members_refusal_and_shares(lang: str) -> None:
    """Every label in the report's language, the legal basis, "3 of 4" members, the refusal, the
    shares as per cent in the language's format (62.5 % / 62,5 %) and the group's PV owner."""
    report = table_report(lang=lang).model_copy(update={"sharing": SECTION})
    text = _text(render_table_report(report, lang))
    for key in ("sec.sharing", "col.key", "col.refused", "sharing.key.dynamic"):
        assert " ".join(t(key, lang).split()) in text, key
    assert "§ 42c EnWG" in text and t("sharing.members", lang, members=3, candidates=4) in text
    # Each count says what it counts (issue #12): the scheme's members of its candidates, a
    # group's and the district's members of all their buildings; both district figures appear.
    assert " ".join(t("col.scheme_members", lang).split()) in text
    assert t("sharing.members_of_candidates", lang, members=3, candidates=4) in text
    for key in ("col.group_members", "sharing.district_node"):
        assert all(word in text for word in t(key, lang).split()), key
    assert ("71.3" if lang == "en" else "71,3") in text  # the one node's self-consumption
    assert "Offices: 1" in text
    assert ("62.5" if lang == "en" else "62,5") in text and ("41.7" if lang == "en" else "41,7") in text
    assert t("stakeholder.housing_company", lang).split()[0] in text


def test_no_section_without_a_sharing_result() -> None:
    """A report without the engine's sharing result (older exports) prints no empty section."""
    text = _text(render_table_report(table_report(lang="en"), "en"))
    assert t("sec.sharing", "en") not in text


LOW_UPTAKE = rm.SharingWorld(
    scenario="SCN-07", name=tx("Low participation: only 30 %", "Faible participation : 30 %", "Geringe Beteiligung: nur 30 %"),
    schemes=(rm.SharingGroup(name=tx("Energy sharing", "Partage d'énergie", "Energy Sharing"), buildings=2, members=2,
                             pv_owner="", production_kwh=40_000.0, demand_kwh=60_000.0, self_consumption=0.875,
                             self_sufficiency=0.58333, provenance=prov(rule="sharing.energy_sharing")),),
    groups=(rm.SharingGroup(name=tx("New housing", "Logements neufs", "Neubauwohnungen"), buildings=3, members=1,
                            pv_owner="housing_company", production_kwh=80_000.0, demand_kwh=100_000.0,
                            self_consumption=0.5, self_sufficiency=0.25, provenance=prov(rule="sharing.building")),),
    district=rm.SharingGroup(name=tx("District (all buildings)"), buildings=4, members=2, pv_owner="",
                             production_kwh=80_000.0, demand_kwh=120_000.0, self_consumption=0.5,
                             self_sufficiency=0.33333, provenance=prov(rule="sharing.district")))


@pytest.mark.parametrize("lang", languages())
def test_the_section_says_where_the_buildings_stand_and_shows_each_scenario_world(lang: str) -> None:
    """A district file with sites says so (sharing.placement.sites), one without says its grid is
    an assumption; a scenario world (here SCN-07, 30 % uptake) prints its scheme row (2 of 2,
    87.5 % self-consumption) and, since they differ, its building groups (1 of 3 members, 25 %)."""
    section = SECTION.model_copy(update={"placement": "sites", "worlds": (LOW_UPTAKE,)})
    text = _text(render_table_report(table_report(lang=lang).model_copy(update={"sharing": section}), lang))
    for key in ("sharing.placement.sites", "sharing.worlds", "col.scenario"):
        assert " ".join(t(key, lang).split()) in text, key
    assert t("sharing.placement.assumed", lang) not in text
    assert " ".join(t("sharing.world_groups", lang, world=LOW_UPTAKE.name.get(lang)).split()) in text
    assert ("87.5" if lang == "en" else "87,5") in text and t("sharing.members", lang, members=1, candidates=3) in text
    assumed = _text(render_table_report(table_report(lang=lang).model_copy(update={"sharing": SECTION}), lang))
    assert " ".join(t("sharing.placement.assumed", lang).split())[:60] in assumed


def test_a_leased_roof_names_the_pv_owner_and_the_roof_owner() -> None:
    """Under a roof-lease card (GOV-07) the group's PV is the cooperative's, leased from the
    housing company (docs/rules.md, "PV owner and roof leases"): the table prints both."""
    leased = SECTION.groups[0].model_copy(update={"pv_owner": "cooperative", "pv_leased_from": "housing_company"})
    report = table_report(lang="en").model_copy(update={"sharing": SECTION.model_copy(update={"groups": (leased,)})})
    text = _text(render_table_report(report, "en"))
    owner = t("sharing.pv_leased", "en", owner=t("stakeholder.cooperative", "en"),
              roof_owner=t("stakeholder.housing_company", "en"))
    assert owner.startswith(t("stakeholder.cooperative", "en")) and "leased from" in owner
    assert all(word in text for word in owner.split()), owner


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_one_names_the_date_whose_rules_and_prices_were_applied(lang: str) -> None:
    """A session held on one day and assessed under the rules of another (the sample's session
    of 15 June 2025 under the law of 29 Nov 2026, review of #11): page 1 names both dates, so a
    council knows which law and tariffs the figures follow; the same day prints once."""
    from catalogs import formatting as cldr

    report = table_report(lang=lang).model_copy(update={"sharing": SECTION})
    first = PdfReader(io.BytesIO(render_table_report(report, lang))).pages[0].extract_text() or ""
    first = " ".join(first.split())
    assert " ".join(t("cover.rules_as_of", lang).split()) in first
    assert cldr.day(date(2026, 11, 29), lang) in first
    same = report.model_copy(update={"sharing": SECTION.model_copy(update={"as_of": report.meta.date.date().isoformat()})})
    first = " ".join((PdfReader(io.BytesIO(render_table_report(same, lang))).pages[0].extract_text() or "").split())
    assert " ".join(t("cover.rules_as_of", lang).split()) not in first
