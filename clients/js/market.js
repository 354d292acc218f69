/**
 * The common energy market on the facilitator console: the "Market" view of a table's assessment
 * (peer-to-peer trading, the local flexibility market, e-mobility as a service; each figure with
 * the rule, cards and references it comes from) and the workshop's "Market prices" panel, where
 * the facilitator overrides the P2P platform fee, the flexibility prices and the eMaaS fee per car
 * for every table (GET/POST /api/workshops/{id}/assumptions).
 */

import { t, qty, pct, local, stakeholderName, unit } from "./i18n.js";
import { api } from "./api.js";
import { el, toast, reasonText } from "./ui.js";

/** A value with its unit, or a dash for a missing one. */
function v(value, unit, digits = 0) {
  if (value == null) return "–";
  // A loss that rounds to nothing is "0", not "-0".
  return qty(Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value, unit, digits);
}

/** Where a block's figures come from: rule, cards and bibliography ids, as the reports cite them. */
function provenanceLine(p) {
  if (!p) return null;
  const parts = [`${t("market.rule")}: ${p.rule}`];
  if (p.cards && p.cards.length) parts.push(`${t("market.cards")}: ${p.cards.join(", ")}`);
  if (p.references && p.references.length) parts.push(`${t("market.sources")}: ${p.references.join(", ")}`);
  return el("p", { class: "muted provenance", text: parts.join(" · ") });
}

/** A two-column table of (label, value) rows; data-figure names each row for tests and styling. */
function figureTable(rows) {
  return el("div", { class: "table-wrap" }, el("table", { class: "kpi-table market-table" },
    el("tbody", {}, ...rows.map(([key, value]) => el("tr", { dataset: { figure: key } },
      el("th", { scope: "row", text: t(`market.${key}`) }), el("td", { text: value }))))));
}

function p2pBlock(m) {
  const rules = el("table", { class: "kpi-table market-rules" },
    el("thead", {}, el("tr", {}, ...["market.rule_name", "market.traded", "market.price", "market.gain", "market.fees", "market.losers", "market.fairness"]
      .map((k) => el("th", { scope: "col", text: t(k) })))),
    el("tbody", {}, ...m.rules.map((r) => el("tr", { dataset: { rule: r.rule }, class: r.rule === m.rule ? "chosen" : null },
      el("th", { scope: "row", text: t(`market.rule.${r.rule}`) }), el("td", { text: v(r.traded_kwh, "kWh/yr") }),
      el("td", { text: v(r.average_price, "EUR/kWh", 3) }), el("td", { text: v(r.gain_eur, "EUR/yr") }),
      el("td", { text: v(r.fee_eur, "EUR/yr") }), el("td", { text: String(r.losers) }),
      el("td", { text: r.fairness == null ? "–" : pct(r.fairness, 0) })))));
  const groups = el("ul", { class: "market-groups" }, ...m.groups.map((g) => el("li", {
    text: `${stakeholderName(g.stakeholder)} (${t(`market.side.${g.side}`)}, ${g.participants}): ${v(g.gain_eur, "EUR/yr")}` })));
  return el("section", { class: "market-block", dataset: { market: "p2p" } },
    el("h3", { text: t("market.p2p") }),
    figureTable([["members", String(m.members)], ["traded", v(m.traded_kwh, "kWh/yr")], ["gain", v(m.gain_eur, "EUR/yr")],
      ["fees", `${v(m.fee_eur, "EUR/yr")} (${v(m.fee_eur_per_kwh, "EUR/kWh", 3)})`],
      ["fairness", m.fairness == null ? "–" : pct(m.fairness, 0)], ["leavers", String(m.leavers.length)]]),
    el("div", { class: "table-wrap" }, rules), groups, provenanceLine(m.provenance));
}

function flexibilityBlock(f) {
  const assets = f.assets.filter((x) => x.kwh >= 1 || x.peak_kw >= 1)
    .map((x) => `${t(`market.asset.${x.asset}`)} ${v(x.peak_kw, "kW")}`).join(", ");
  return el("section", { class: "market-block", dataset: { market: "flexibility" } },
    el("h3", { text: t("market.flexibility") }),
    figureTable([["market_hours", String(f.market_hours)], ["peak_reduction", `${v(f.peak_reduction_kw, "kW")} / ${v(f.peak_kw, "kW")}`],
      ["prices", `${v(f.availability_eur_per_kw_h, "EUR/kW/h", 3)} · ${v(f.utilisation_eur_per_kwh, "EUR/kWh", 2)}`],
      ["flex_revenue", v(f.revenue_eur, "EUR/yr")], ["seller", stakeholderName(f.seller)],
      ["reinforcement", v(f.reinforcement_eur, "EUR/yr")], ["assets", assets || "–"]]),
    provenanceLine(f.provenance));
}

function mobilityBlock(m) {
  return el("section", { class: "market-block", dataset: { market: "emaas" } },
    el("h3", { text: t("market.emaas") }),
    figureTable([["shared_cars", v(m.shared_cars, "count")], ["users", v(m.users, "count")],
      ["replaced", v(m.replaced_cars, "count")],
      ["cars_per_dwelling", `${v(m.cars_per_dwelling_before, "", 2)} → ${v(m.cars_per_dwelling_after, "", 2)}`],
      ["km_shifted", v(m.km_shifted, "km/yr")], ["solar", pct(m.solar_charging_share, 0)],
      ["v2g", `${v(m.v2g_cars, "count")} · ${v(m.v2g_peak_kw, "kW")}`],
      ["revenue_per_user", v(m.revenue_per_user_eur, "EUR/yr")], ["cost_per_user", v(m.cost_per_user_eur, "EUR/yr")]]),
    provenanceLine(m.provenance));
}

/**
 * The markets in the project NPV (game_rules/market_npv.py, docs/rules.md): the NPV and the NPV
 * without the markets' counted parts side by side, then each market's line (present value), the
 * eMaaS users' car costs labelled with their assumption ranges; lines shown but not in the NPV
 * (P2P saving, platform fee) say so. Null when the NPV counts no market money.
 */
function npvBlock(f) {
  if (!f || f.npv_without_markets == null) return null;
  const parts = (f.market_parts || []).map((p) => [`part.${p.part}`, v(p.present_value_eur, "EUR")]);
  return el("section", { class: "market-block", dataset: { market: "npv" } },
    el("h3", { text: t("market.npv_block") }),
    figureTable([["npv", v(f.npv, "EUR")], ["npv_without_markets", v(f.npv_without_markets, "EUR")], ...parts]),
    provenanceLine(f.provenance));
}

/** The "Market" view of a table's assessment `a` into `host` (a note when it plays no market). */
export function drawMarket(host, a) {
  if (!a) { host.replaceChildren(el("p", { class: "muted", text: t("detail.assessment_waiting") })); return; }
  const blocks = [npvBlock(a.financing), a.market && p2pBlock(a.market), a.flexibility && flexibilityBlock(a.flexibility),
    a.mobility && mobilityBlock(a.mobility)]
    .filter(Boolean);
  host.replaceChildren(...(blocks.length ? blocks : [el("p", { class: "muted", text: t("market.none") })]));
}

// ----------------------------------------------------------------- market prices (workshop assumptions)

/** The "Market prices" panel: one input per offered parameter, its default and plausible range. */
export function setupMarketPrices(form, workshopId, token) {
  const path = `/api/workshops/${encodeURIComponent(workshopId)}/assumptions`;
  const state = { data: null };
  const rows = form.querySelector("[data-prices-rows]");
  const status = form.querySelector("[data-prices-status]");
  const error = form.querySelector("[data-prices-error]");

  function draw() {
    const d = state.data;
    if (!d) return;
    rows.replaceChildren(...d.parameters.map((p) => {
      const id = `price-${p.key.replace(/\W/g, "-")}`;
      const set = d.values[p.key];
      const range = p.plausible ? t("prices.range", { low: qty(p.plausible[0], p.unit, 3), high: qty(p.plausible[1], p.unit, 3) }) : "";
      return el("tr", { dataset: { param: p.key } },
        el("th", { scope: "row" }, el("label", { for: id, text: `${local(p.label)} (${unit(p.unit)})` })),
        el("td", {}, el("input", { type: "number", id, step: "any", min: String(p.low), max: String(p.high), inputmode: "decimal",
          placeholder: String(p.default), value: set == null ? "" : String(set), dataset: { param: p.key } })),
        el("td", { class: "muted", text: `${t("prices.default", { v: qty(p.default, p.unit, 3) })}${range ? ` · ${range}` : ""}` }));
    }));
    status.textContent = t(Object.keys(d.values).length ? "prices.using_custom" : "prices.using_defaults");
  }

  function read() {
    const out = {};
    for (const input of rows.querySelectorAll("input[data-param]")) {
      const text = input.value.trim().replace(",", ".");
      if (text === "") continue;
      const value = Number(text);
      if (!Number.isFinite(value)) return null;
      out[input.dataset.param] = value;
    }
    return out;
  }

  async function save(values) {
    error.textContent = "";
    if (values === null) { error.textContent = t("prices.bad_value"); return; }
    try {
      state.data = await api(path, { method: "POST", token, body: { values } });
    } catch (err) {
      error.textContent = `${reasonText(err.code || "server_error")} ${err.message || ""}`.trim();
      return;
    }
    draw();
    toast(t("prices.saved"), "ok");
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); save(read()); });
  form.querySelector("[data-prices-reset]").addEventListener("click", () => save({}));
  api(path, { token }).then((d) => { state.data = d; draw(); }).catch((err) => { error.textContent = reasonText(err.code || "server_error"); });
  return { draw };
}
