"""Checks shared by the report tests: render pages with pdftoppm, read text with pdfplumber.

Used by the unit tests (hand-built inputs) and the end-to-end tests (tables played through the
real server), so both hold a report to the same rules.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pdfplumber
from PIL import Image
from pydantic import BaseModel
from pypdf import PdfReader

from catalogs import SOURCE_LANG, entries, languages
from printables.report.doc import MARGIN, PAGE_H, PAGE_W
from printables.report.formatting import format_value
from printables.report.i18n import t
from printables.report.model import TableReport
from printables.report.table_report import risk_numbers

TOLERANCE = 1.0
"""[pt] a glyph box may poke past the frame (font ascent/descent rounding)."""
FOOTER_BAND = 6 * 72 / 25.4
"""[pt] the bottom margin holds the footer: chars may go down to 6 mm from the edge."""


def norm(text: str) -> str:
    """Text with every kind of space made a plain space, for comparing printed numbers."""
    return re.sub(r"[\u00a0\u202f ]+", " ", text)


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [norm(page.extract_text() or "") for page in doc.pages]


def chars_outside_frame(pdf: bytes) -> list[str]:
    """Descriptions of characters drawn outside the page's text frame (margins, footer band)."""
    bad: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for ch in page.chars:
                inside = (ch["x0"] >= MARGIN - TOLERANCE and ch["x1"] <= PAGE_W - MARGIN + TOLERANCE
                          and ch["top"] >= MARGIN - TOLERANCE and ch["bottom"] <= PAGE_H - FOOTER_BAND)
                if not inside:
                    bad.append(f"page {number}: {ch['text']!r} at x={ch['x0']:.1f}..{ch['x1']:.1f}, "
                               f"top={ch['top']:.1f}..{ch['bottom']:.1f}")
    return bad


def rendered_pages(pdf: bytes, dpi: int = 40) -> list[Image.Image]:
    """Every page rendered by poppler's ``pdftoppm`` (fails the test when poppler fails)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(Path(tmp) / "p")], check=True,
                       capture_output=True)
        files = sorted(Path(tmp).glob("p-*.png"))
        return [Image.open(f).convert("L").copy() for f in files]


def ink_fraction(image: Image.Image) -> float:
    """Share of the body area (inside the margins, above the footer) that is not white."""
    w, h = image.size
    m = int(MARGIN / PAGE_W * w)
    body = image.crop((m, m, w - m, h - m))
    histogram = body.histogram()
    dark = sum(histogram[:235])
    return dark / max(body.width * body.height, 1)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def expected_numbers(report: TableReport, lang: str) -> dict[str, str]:
    """What the report must print: each KPI value, net value, own costs and NPV, formatted the report's way."""
    out: dict[str, str] = {}
    for kpi in report.energy.kpis:
        out[f"kpi {kpi.key}"] = norm(format_value(kpi.value, kpi.unit, lang))
    for s in report.stakeholders:
        out[f"net value {s.id}"] = norm(format_value(s.net_value_eur, "EUR/yr", lang))
        out[f"own costs {s.id}"] = norm(format_value(s.costs_eur, "EUR/yr", lang))
    for n in report.financing.npv:
        out[f"npv {n.stakeholder}"] = norm(format_value(n.npv_eur, "EUR", lang))
    out["capex"] = norm(format_value(report.financing.capex.value, report.financing.capex.unit, lang))
    out["gap"] = norm(format_value(report.financing.gap.value, report.financing.gap.unit, lang))
    out.update(council_numbers(report, lang))
    return out


def council_numbers(report: TableReport, lang: str) -> dict[str, str]:
    """The numbers of the council pages: project NPV, today's KPIs, each scenario's NPV, the
    tornado's ends, P5/P50/P95, the cumulative discounted cash flow at the horizon and each asset
    class's present value of costs."""
    out: dict[str, str] = {}
    f = report.financing
    if f.project_npv is not None:
        out["project npv"] = norm(format_value(f.project_npv.value, "EUR", lang))
    if report.baseline is not None:
        keys = {k.key for k in report.energy.kpis}
        for k in report.baseline.kpis:
            if k.key in keys:
                out[f"today {k.key}"] = norm(format_value(k.value, k.unit, lang))
    for o in report.scenario_outcomes:
        out[f"npv {o.scenario_card}"] = norm(format_value(o.npv.value, o.npv.unit, lang))
    if report.sensitivity is not None:
        for b in report.sensitivity.bars:
            out[f"tornado {b.parameter} low"] = norm(format_value(b.low_output, report.sensitivity.unit, lang))
            out[f"tornado {b.parameter} high"] = norm(format_value(b.high_output, report.sensitivity.unit, lang))
    if report.uncertainty is not None:
        for o in report.uncertainty.outputs:
            for name in ("p5", "p50", "p95"):
                out[f"{o.key} {name}"] = norm(format_value(getattr(o, name), o.unit, lang))
    for cf in f.cash_flows:
        # An asset class prints the present value of its costs, not a cumulative NPV (docs/reports.md).
        if cf.present_value_of_costs_eur is not None:
            out[f"cash {cf.id} costs"] = norm(format_value(cf.present_value_of_costs_eur, "EUR", lang))
        else:
            out[f"cash {cf.id} horizon"] = norm(format_value(cf.years[-1].cumulative_discounted_eur, "EUR", lang))
    return out


def net_value_rows_missing(report: TableReport, text: str, lang: str) -> list[str]:
    """Stakeholders whose net-value row (name … own costs, net value) is not printed as assessed,
    and cost sums that do not add up: the row must let a reader check in − out − costs = net."""
    missing = []
    for s in report.stakeholders:
        costs = norm(format_value(s.costs_eur, "EUR/yr", lang))
        net = norm(format_value(s.net_value_eur, "EUR/yr", lang))
        pattern = rf"^{re.escape(norm(s.name.get(lang)))} {re.escape(costs)} {re.escape(net)}$"
        if not re.search(pattern, text, flags=re.MULTILINE):
            missing.append(f"{s.id}: expected a line like {pattern!r}")
        if s.cost_items and abs(sum(i.amount_eur for i in s.cost_items) - s.costs_eur) > 0.5:
            missing.append(f"{s.id}: cost items sum to {sum(i.amount_eur for i in s.cost_items)}, "
                           f"expected the own costs {s.costs_eur}")
        if s.explanation is not None and norm(s.explanation.get(lang)) not in text.replace("\n", " "):
            missing.append(f"{s.id}: expected the explanation {s.explanation.get(lang)!r} under the name")
    return missing


def risk_lines_missing(report: TableReport, text: str, lang: str) -> list[str]:
    """Risks whose register row (number … P I score) is not printed as assessed."""
    missing = []
    for scenario in report.scenarios:
        numbers = risk_numbers(scenario)
        for risk in scenario.risks:
            score = norm(format_value(risk.score, "count", lang))
            pattern = rf"^{numbers[risk.id]} .*? {risk.probability} {risk.impact} {re.escape(score)}(?: |$)"
            if not re.search(pattern, text, flags=re.MULTILINE):
                missing.append(f"{scenario.scenario.en}/{risk.id}: expected a line like {pattern!r}")
    return missing


def before_appendix(text: str, lang: str) -> str:
    """The report's text without its appendices, whose rule names and data citations are
    identifiers and references quoted verbatim from the rules engine (not labels).

    In a workshop report each table's appendix runs until the next table's cover title.
    """
    parts = text.split(norm(t("sec.appendix", lang)))
    kept = [parts[0]]
    cover = norm(t("report.title", lang))
    for part in parts[1:]:
        at = part.find(cover)
        if at >= 0:
            kept.append(part[at:])
    return "\n".join(kept)


def data_texts(model: BaseModel, lang: str) -> list[str]:
    """Every text of ``model`` in ``lang`` that comes from data (card titles, the engine's
    labels, reasons and risk texts): any object keyed by every shipped language inside the model."""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if set(node) == set(languages()):
                out.append(norm(str(node[lang])))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(model.model_dump(mode="json"))
    return out


def english_labels_in(text: str, lang: str, data: Sequence[str] = ()) -> list[str]:
    """English report labels that appear in a non-English report's text.

    Labels equal in both languages (Code, Impact…), shorter than 3 characters or with
    placeholders are skipped, as are labels contained in their own translation (Jan / Jan.)
    and labels that occur inside the report's data texts in ``lang`` (``data``: e.g. a German
    card titled "Energy Sharing (§42c EnWG)" or the programme "Horizon Europe"), whose
    translation the deck's and the engine's own tests check.
    """
    found = []
    english, translated = entries(SOURCE_LANG), entries(lang)
    # A word that is also a label of the language itself is not English there ("Data" is the
    # Portuguese for "Date").
    own_words = {norm(form) for entry in translated.values() for form in entry.forms}
    for key, entry in english.items():
        if not key.startswith(("report:", "unit:")):
            continue
        en, other = entry.forms[0], translated[key].forms[0]
        if en == other or len(en) < 3 or "{" in en or norm(en) in own_words:
            continue
        pattern = rf"(?<![\w]){re.escape(norm(en))}(?![\w])"
        if re.search(pattern, norm(other)) or any(re.search(pattern, d) for d in data):
            continue
        if re.search(pattern, text):
            found.append(f"{key}: {en!r}")
    return found


def embedded_font_problems(pdf: bytes) -> list[str]:
    """Fonts used on any page that are not embedded (no FontFile2/FontFile3/FontFile)."""
    problems = []
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        fonts = page.get("/Resources", {}).get("/Font", {})
        for name, ref in fonts.items():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"page {number}: font {name} ({font.get('/BaseFont')}) is not embedded")
    return problems


def outline_titles(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))

    def walk(items: list[object]) -> list[str]:
        titles: list[str] = []
        for item in items:
            if isinstance(item, list):
                titles += walk(item)
            else:
                titles.append(str(item.title))  # type: ignore[attr-defined]
        return titles

    return walk(reader.outline)


def check_report(pdf: bytes, report: TableReport, lang: str) -> None:
    """Every rule a table report's PDF must keep; raises AssertionError naming what broke."""
    pages = rendered_pages(pdf)
    assert len(pages) == page_count(pdf), f"pdftoppm rendered {len(pages)} of {page_count(pdf)} pages"
    empty = [k + 1 for k, image in enumerate(pages) if ink_fraction(image) < 0.002]
    assert not empty, f"pages {empty} are empty"
    outside = chars_outside_frame(pdf)
    assert not outside, "text outside the page frame:\n" + "\n".join(outside[:20])
    text = "\n".join(page_texts(pdf))
    missing = {k: v for k, v in expected_numbers(report, lang).items() if v not in text}
    assert not missing, f"figures not printed as assessed: {missing}"
    bad_rows = net_value_rows_missing(report, text, lang)
    assert not bad_rows, "\n".join(bad_rows)
    bad_risks = risk_lines_missing(report, text, lang)
    assert not bad_risks, "\n".join(bad_risks)
    if lang != "en":
        english = english_labels_in(before_appendix(text, lang), lang, data_texts(report, lang))
        assert not english, f"untranslated English labels in the {lang} report: {english}"
    fonts = embedded_font_problems(pdf)
    assert not fonts, fonts
