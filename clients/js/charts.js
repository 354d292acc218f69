/**
 * The assessment drawn with Apache ECharts (served from /static/vendor/echarts, never a CDN):
 * a Sankey of the value flows between stakeholders, the probability × impact risk matrix, the
 * monthly energy balance, a typical day, KPIs against the PED thresholds and the scenario
 * comparison. Input is the `assessment` object of the server's `assessment` message
 * (game_rules' Assessment as JSON); readers below pick the fields and tolerate absent ones, so a
 * chart without data shows a sentence instead of an empty frame.
 *
 * Colours: Okabe–Ito for flow kinds, each also named in the legend and tooltip; the risk matrix
 * encodes level by colour *and* by the number written in each cell.
 */

import * as echarts from "/static/vendor/echarts/echarts.esm.min.js";
import { t, local, num as numText, unit, qty, monthNames } from "./i18n.js";
import { icon } from "./icons.js";

const KIND_COLOURS = { money: "#E69F00", energy: "#D55E00", data: "#0072B2", service: "#009E73" };
const FONT = "Noto Sans, system-ui, sans-serif";
const charts = new WeakMap();

function chartIn(host) {
  let chart = charts.get(host);
  if (!chart || chart.isDisposed()) {
    host.replaceChildren(); // drop a "no data" sentence left from before
    chart = echarts.init(host, null, { renderer: "svg" });
    charts.set(host, chart);
    new ResizeObserver(() => chart.resize()).observe(host);
  }
  return chart;
}

function noData(host, key) {
  const chart = charts.get(host);
  if (chart) { chart.dispose(); charts.delete(host); }
  host.replaceChildren();
  const p = document.createElement("p");
  p.className = "chart-empty muted";
  p.textContent = t(key);
  host.append(p);
  host.dataset.chart = "empty";
}

/** A game_rules Text ({lang: text} for every shipped language) or a plain string, in the current language. */
const txt = (v) => (v && typeof v === "object" ? local(v) : v == null ? "" : String(v));
const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const pick = (obj, ...names) => {
  for (const n of names) if (obj && obj[n] != null) return obj[n];
  return null;
};

/** Flows as [{from, to, kind, value, label, provenance}] from the assessment. */
export function readFlows(a) {
  const raw = pick(a, "value_flows", "flows") || pick(pick(a, "value_network", "network") || {}, "flows", "edges") || [];
  return raw.map((f) => ({
    from: String(pick(f, "from", "from_", "source", "payer") ?? "?"),
    to: String(pick(f, "to", "target", "payee") ?? "?"),
    kind: String(pick(f, "kind") ?? "money"),
    value: num(pick(f, "value", "amount", "value_eur", "eur_per_year", "annual", "annual_value")) ?? 0,
    unit: String(pick(f, "unit") ?? ""),
    label: txt(pick(f, "label")),
    provenance: pick(f, "provenance"),
  })).filter((f) => f.from !== f.to && Math.abs(f.value) > 0);
}

/** Draw one Sankey per unit (money in €/yr, energy in MWh/yr, ...): a band's width compares
 * only like with like, and every band carries its value and unit as text, readable without
 * hovering (on a touch screen or a projector). `host` receives one titled block per unit. */
export function drawSankey(host, assessment, nameOf = (s) => s) {
  const flows = readFlows(assessment || {});
  if (!flows.length) { noData(host, "charts.no_flows"); return; }
  const old = charts.get(host);
  if (old) { old.dispose(); charts.delete(host); }
  for (const child of host.querySelectorAll(".sankey-unit")) { const c = charts.get(child); if (c) c.dispose(); }
  host.replaceChildren();
  host.dataset.chart = "sankey";
  const byUnit = new Map();
  for (const f of flows) {
    const unit = f.unit || f.kind;
    (byUnit.get(unit) || byUnit.set(unit, []).get(unit)).push(f);
  }
  for (const [unit, list] of byUnit) {
    const block = document.createElement("section");
    block.className = "sankey-block";
    const h = document.createElement("h4");
    h.textContent = t("charts.flows_in", { unit: unitText(unit) });
    const box = document.createElement("div");
    box.className = "sankey-unit";
    box.dataset.unit = unit;
    const senders = new Set(list.map((f) => (f.value >= 0 ? f.from : f.to)));
    box.style.height = `${Math.max(180, 60 + 48 * Math.max(senders.size, list.length / 2))}px`;
    block.append(h, box);
    host.append(block);
    drawOneSankey(box, list, unit, nameOf);
  }
}

function drawOneSankey(box, flows, unit, nameOf) {
  // Givers on the left, receivers on the right (as in the printed report): a stakeholder who both
  // gives and receives appears on both sides, so the graph has no cycles and no flow is dropped.
  const nodes = new Map();
  const links = [];
  const node = (side, who) => {
    const id = `${side}:${who}`;
    if (!nodes.has(id)) nodes.set(id, { name: id, who, depth: side === "out" ? 0 : 1, label: { formatter: nameOf(who) } });
    return id;
  };
  for (const f of flows) {
    // A negative value flows the other way; ECharts' Sankey needs positive widths.
    const [src, dst] = f.value >= 0 ? [f.from, f.to] : [f.to, f.from];
    links.push({ source: node("out", src), target: node("in", dst), from: src, to: dst, value: Math.abs(f.value), kind: f.kind,
      unit: f.unit, label: f.label, lineStyle: { color: KIND_COLOURS[f.kind] || "#999", opacity: 0.55 } });
  }
  const chart = chartIn(box);
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: {
      trigger: "item",
      formatter: (p) => (p.dataType === "edge"
        ? `${escapeHtml(nameOf(p.data.from))} → ${escapeHtml(nameOf(p.data.to))}<br>${t(`flow.${p.data.kind}`)}: ${qty(p.data.value, p.data.unit || "")}${p.data.label ? `<br>${escapeHtml(p.data.label)}` : ""}`
        : escapeHtml(nameOf(p.data.who))),
    },
    series: [{
      type: "sankey", left: 8, right: "22%", top: 8, bottom: 8, nodeGap: 14, draggable: false,
      emphasis: { focus: "adjacency" }, layoutIterations: 64,
      label: { fontSize: 14, color: "#111" },
      edgeLabel: { show: true, fontSize: 13, fontWeight: "bold", color: "#111", textBorderColor: "#fff", textBorderWidth: 3,
        formatter: (p) => valueText(p.data.value, unit) },
      itemStyle: { color: "#3A3A3A", borderColor: "#111" },
      data: [...nodes.values()], links,
    }],
  }, true);
}

/** Risks as [{name, probability, impact, mitigations}], probability/impact on 1..4. */
export function readRisks(a) {
  const raw = pick(a, "risks", "risk_register") || [];
  return raw.map((r) => ({
    name: txt(pick(r, "text", "title", "label", "risk", "code", "name")) || "?",
    family: String(pick(r, "kind", "risk", "family") ?? ""),
    scenario: pick(r, "scenario"),
    probability: clamp(num(pick(r, "probability", "p", "likelihood")) ?? 1, 1, 4),
    impact: clamp(num(pick(r, "impact", "i", "severity")) ?? 1, 1, 4),
    mitigations: pick(r, "mitigating_cards", "mitigations") || [],
  }));
}

const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, Math.round(v)));

/** Draw the 4 × 4 risk matrix: cell colour by level, the number of risks written in each cell. */
export function drawRiskMatrix(host, assessment) {
  const risks = readRisks(assessment || {});
  if (!assessment) { noData(host, "charts.no_assessment"); return; }
  host.dataset.chart = "risk-matrix";
  const cells = new Map();
  for (const r of risks) {
    const key = `${r.probability - 1},${r.impact - 1}`;
    (cells.get(key) || cells.set(key, []).get(key)).push(r);
  }
  const data = [];
  for (let p = 0; p < 4; p++) for (let i = 0; i < 4; i++) {
    const list = cells.get(`${p},${i}`) || [];
    data.push({ value: [p, i, (p + 1) * (i + 1)], risks: list });
  }
  const levels = ["1", "2", "3", "4"];
  const chart = chartIn(host);
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { formatter: (p) => (p.data.risks.length ? p.data.risks.map((r) => escapeHtml(r.name)).join("<br>") : t("charts.no_risk_here")) },
    grid: { left: 70, right: 16, top: 16, bottom: 56 },
    xAxis: { type: "category", data: levels, name: t("charts.probability"), nameLocation: "middle", nameGap: 30, nameTextStyle: { fontSize: 15, fontWeight: "bold" }, axisLabel: { fontSize: 14 } },
    yAxis: { type: "category", data: levels, name: t("charts.impact"), nameLocation: "middle", nameGap: 36, nameTextStyle: { fontSize: 15, fontWeight: "bold" }, axisLabel: { fontSize: 14 } },
    visualMap: { show: false, min: 1, max: 16, inRange: { color: ["#cfe8d8", "#f7e08a", "#f0a35e", "#d1495b"] } },
    series: [{
      type: "heatmap", data, itemStyle: { borderColor: "#111", borderWidth: 2 },
      label: { show: true, fontSize: 22, fontWeight: "bold", color: "#111",
        formatter: (p) => (p.data.risks.length ? String(p.data.risks.length) : "") },
    }],
  }, true);
}


/** Monthly energy balance: every monthly series of the energy summary [kWh] shown in [MWh]. */
export function readMonthly(a) {
  const e = pick(a, "energy") || {};
  const m = pick(e, "monthly");
  if (!m || typeof m !== "object") return null;
  const series = Object.entries(m).filter(([, v]) => Array.isArray(v) && v.length === 12)
    .map(([key, v]) => ({ key, data: v.map((x) => (num(x) == null ? null : x / 1000)) }));
  return series.length ? { series, unit: "MWh" } : null;
}

const GENERATION = /pv|gen|prod|solar|export/i;

export function drawMonthly(host, assessment) {
  const m = readMonthly(assessment || {});
  if (!m) { noData(host, "charts.no_energy"); return; }
  host.dataset.chart = "monthly";
  const months = monthNames();
  const palette = ["#E69F00", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9"];
  const symbols = ["circle", "diamond", "triangle", "rect", "pin", "arrow"];
  const chart = chartIn(host);
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: "axis", valueFormatter: (v) => qty(v, "MWh") },
    // Every series named in a legend that wraps below the plot (never paged "1/2", never over an axis title).
    legend: { bottom: 0, type: "plain", itemGap: 14, textStyle: { fontSize: 13 } },
    grid: { left: 64, right: 16, top: 36, bottom: 28 + 24 * Math.ceil(m.series.length / 3), containLabel: false },
    xAxis: { type: "category", data: months },
    yAxis: { type: "value", name: unit(m.unit), axisLabel: { formatter: (v) => numText(v) } },
    series: m.series.map((s, i) => (GENERATION.test(s.key) && i < 2
      ? { name: seriesName(s.key), type: "bar", data: s.data, itemStyle: { color: palette[i % 6] } }
      : { name: seriesName(s.key), type: "line", data: s.data, symbol: symbols[i % 6], symbolSize: 8, lineStyle: { width: 3, color: palette[i % 6] }, itemStyle: { color: palette[i % 6] } })),
    aria: { enabled: true, decal: { show: true } },
  }, true);
}

function seriesName(key) {
  const k = `charts.${key}`;
  const text = t(k);
  return text === k ? key.replace(/_/g, " ") : text;
}

/** Typical days (summer and winter): hourly PV, load and grid exchange [kWh/h]. */
export function drawTypicalDay(host, assessment) {
  const days = pick(pick(assessment || {}, "energy") || {}, "typical_days") || [];
  if (!days.length) { noData(host, "charts.no_energy"); return; }
  host.dataset.chart = "typical-day";
  const lines = [["pv", "#E69F00", "circle"], ["load", "#0072B2", "diamond"], ["grid_import", "#D55E00", "triangle"], ["grid_export", "#009E73", "rect"]];
  const series = [];
  for (const day of days) {
    for (const [key, color, symbol] of lines) {
      if (!Array.isArray(day[key])) continue;
      series.push({ name: `${seriesName(key)} · ${t(`charts.${day.season}`)}`, type: "line", data: day[key], symbol, symbolSize: 6,
        lineStyle: { width: 3, color, type: day.season === "winter" ? "dashed" : "solid" }, itemStyle: { color } });
    }
  }
  const chart = chartIn(host);
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: "axis", valueFormatter: (v) => qty(v, "kWh/h") },
    legend: { bottom: 0, type: "plain", itemGap: 14, textStyle: { fontSize: 13 } },
    grid: { left: 64, right: 16, top: 36, bottom: 28 + 24 * Math.ceil(series.length / 2) },
    xAxis: { type: "category", data: [...Array(24).keys()].map((h) => `${h}h`) },
    yAxis: { type: "value", name: unit("kWh/h"), axisLabel: { formatter: (v) => numText(v) } },
    series,
  }, true);
}

/** KPIs as [{key, name, value, unit, threshold, ok}] (threshold = the PED target, if any). */
export function readKpis(a) {
  const k = pick(a, "kpis", "kpi") || pick(pick(a, "energy") || {}, "kpis") || [];
  const list = Array.isArray(k) ? k : Object.entries(k).map(([key, v]) => (typeof v === "object" ? { key, ...v } : { key, value: v }));
  return list.map((x) => ({
    key: String(pick(x, "key", "id", "name") ?? "?"),
    name: txt(pick(x, "label", "title", "name", "key")) || "?",
    value: num(pick(x, "value")),
    unit: String(pick(x, "unit") ?? ""),
    threshold: num(pick(x, "threshold", "target", "ped_threshold")),
    better: String(pick(x, "better") ?? "higher"),
    ok: meets(x),
  })).filter((x) => x.value != null);
}

function meets(k) {
  const explicit = pick(k, "ok", "meets");
  if (explicit != null) return !!explicit;
  const v = num(k.value);
  const th = num(k.threshold);
  if (v == null || th == null) return null;
  return k.better === "lower" ? v <= th : v >= th;
}

/** The KPIs that have a PED threshold, as one list readable from the back of a room: the name,
 * the value in its unit, the target ("at least" / "at most" the threshold) and met or missed,
 * marked the same way everywhere (an icon and a word, never only a colour or a bar's length). */
export function drawKpis(host, assessment) {
  const kpis = readKpis(assessment || {}).filter((k) => k.threshold != null);
  const chart = charts.get(host);
  if (chart) { chart.dispose(); charts.delete(host); }
  if (!kpis.length) { noData(host, "charts.no_kpis"); return; }
  host.dataset.chart = "kpis";
  const list = document.createElement("ul");
  list.className = "kpi-board";
  for (const k of kpiRows(assessment).filter((x) => x.threshold != null)) {
    const li = document.createElement("li");
    li.dataset.kpi = k.key;
    li.dataset.ok = String(k.ok);
    const name = document.createElement("span");
    name.className = "kpi-name";
    name.textContent = k.name;
    const value = document.createElement("strong");
    value.className = "kpi-value";
    value.textContent = k.valueText;
    const target = document.createElement("span");
    target.className = "kpi-target";
    target.textContent = k.targetText;
    li.append(name, value, target, kpiMark(k.ok));
    list.append(li);
  }
  host.replaceChildren(list);
}

/** Met / missed as an icon and a word, the one mark used for KPIs on every screen. */
export function kpiMark(ok) {
  const mark = document.createElement("span");
  mark.className = `kpi-mark ${ok ? "met" : ok === false ? "missed" : ""}`.trim();
  if (ok == null) return mark;
  mark.append(icon(ok ? "check" : "cross"), ` ${t(ok ? "kpi.met_word" : "kpi.missed_word")}`);
  return mark;
}

/** Every KPI as rows: name, value with unit, target and whether it is met, all in the reader's
 * language (Intl number formats; fractions shown as percentages). */
export function kpiRows(assessment) {
  return readKpis(assessment || {}).map((k) => ({
    ...k,
    valueText: valueText(k.value, k.unit),
    thresholdText: k.threshold == null ? "" : valueText(k.threshold, k.unit),
    targetText: k.threshold == null ? "" : t(k.better === "lower" ? "kpi.at_most" : "kpi.at_least", { v: valueText(k.threshold, k.unit) }),
  }));
}

/** A value with its unit in the current language (Intl number formats of the catalog's locale):
 * 0.171 "fraction" -> "17,1 %", 2500 "EUR/yr" -> "2 500 €/an"; whole numbers from 100 up. */
export function valueText(v, u) {
  if (typeof v !== "number") return String(v ?? "");
  return qty(v, u, u === "fraction" || Math.abs(v) < 100 ? 1 : 0);
}

/** A unit as the reader's language writes it ("EUR/yr" -> "€/an"): the catalog's unit: texts. */
export function unitText(u) { return unit(u); }

/** The scenario comparison: each stakeholder's net value [EUR/yr] in the base case and under
 * every scenario (game_rules ScenarioResult.stakeholders), grouped by stakeholder. */
export function drawScenarios(host, assessment, nameOf = (s) => s) {
  const results = pick(assessment || {}, "scenario_results") || [];
  if (!results.length) { noData(host, "charts.no_scenarios"); return; }
  host.dataset.chart = "scenarios";
  const cases = [{ label: t("charts.base_case"), stakeholders: assessment.stakeholders || [] },
    ...results.map((r) => ({ label: txt(r.label) || r.scenario, stakeholders: r.stakeholders || [] }))];
  const ids = [...new Set(cases.flatMap((c) => c.stakeholders.map((s) => s.stakeholder)))];
  const symbols = ["rect", "circle", "triangle", "diamond", "pin", "arrow"];
  const palette = ["#3A3A3A", "#CC79A7", "#0072B2", "#E69F00", "#009E73", "#D55E00"];
  const chart = chartIn(host);
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: "axis", valueFormatter: (v) => valueText(v, "EUR/yr") },
    legend: { bottom: 0, type: "plain", itemGap: 14, textStyle: { fontSize: 13 } },
    grid: { left: 80, right: 16, top: 40, bottom: 60 + 24 * Math.ceil(cases.length / 3) },
    xAxis: { type: "category", data: ids.map(nameOf), axisLabel: { interval: 0, rotate: ids.length > 5 ? 30 : 0 } },
    yAxis: { type: "value", name: unitText("EUR/yr"), axisLabel: { formatter: (v) => numText(v) } },
    series: cases.map((c, i) => ({ name: c.label, type: "bar",
      data: ids.map((id) => { const s = c.stakeholders.find((x) => x.stakeholder === id); return s ? s.net : null; }),
      itemStyle: { color: palette[i % 6], decal: { symbol: symbols[i % 6] } } })),
    aria: { enabled: true, decal: { show: true } },
  }, true);
}


function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
