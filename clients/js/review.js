/**
 * The review page (/r/{token}): what a city reads after the workshop. Read-only: each table's
 * board, value-flow Sankey, risk matrix and KPIs, and the outcome documents to download.
 * Nicknames arrive already replaced by neutral labels (server/projection.py).
 */

import { setLang, preferredLang, hasChosenLang, mountSwitcher, onLangChange, stakeholderName, t, tableLabel } from "./i18n.js";
import { api, loadDeck, pathToken } from "./api.js";
import { LiveTable } from "./live.js";
import { indexDeck } from "./cards.js";
import { renderBoard, phaseName, commentList } from "./board.js";
import { el } from "./ui.js";
import { tableExportButtons, workshopExportButtons } from "./downloads.js";
import { drawSankey, drawRiskMatrix, drawKpis } from "./charts.js";

const $ = (id) => document.getElementById(id);
const state = { token: null, deck: null, tables: [], session: null };

async function main() {
  await setLang(preferredLang());
  mountSwitcher($("lang-host"));
  state.token = pathToken();
  let session;
  try { session = await api("/api/session", { token: state.token }); } catch (err) {
    $("fatal").hidden = false;
    $("fatal").textContent = t(`reason.${err.code || "unauthorized"}`);
    return;
  }
  if (session.lang && !hasChosenLang()) await setLang(session.lang);
  state.deck = indexDeck(await loadDeck());
  state.session = session;
  $("title").textContent = `${session.workshop_name} · ${t("review.title")}`;
  drawWorkshopExports();
  for (const info of session.tables) addTable(info);
  onLangChange(() => { drawWorkshopExports(); state.tables.forEach(draw); });
}

/** The workshop's report (every table compared on the facilitator's criteria) and its data. */
function drawWorkshopExports() {
  $("workshop-exports").replaceChildren(...workshopExportButtons(state.session.workshop_id, state.token));
}

function addTable(info) {
  const live = new LiveTable({ token: state.token, tableId: info.table_id });
  const node = el("section", { class: "panel", dataset: { tableId: info.table_id } });
  const tb = { info, live, node };
  state.tables.push(tb);
  $("tables").append(node);
  live.addEventListener("change", () => draw(tb));
  live.addEventListener("assessment", () => draw(tb));
  live.connect();
  draw(tb);
}

function draw(tb) {
  const { info, live, node } = tb;
  const view = live.view;
  const name = tableLabel(info);
  const a = live.assessment && live.assessment.status === "ok" ? live.assessment.assessment : null;
  const board = el("div", { class: "board" });
  const comments = el("div");
  const sankey = el("div", { class: "chart chart-tall" });
  const risks = el("div", { class: "chart" });
  const kpis = el("div", { class: "chart" });
  node.replaceChildren(
    el("h2", { text: view ? `${name} — ${phaseName(view.phase)}` : name }),
    board,
    el("h3", { text: t("comments.heading") }), comments,
    el("h3", { text: t("detail.flows_sankey") }), sankey,
    el("div", { class: "grid-2" },
      el("div", {}, el("h3", { text: t("detail.risk_matrix") }), risks),
      el("div", {}, el("h3", { text: t("detail.kpis") }), kpis)),
    el("div", { class: "row exports" }, ...tableExportButtons(info, state.token)),
  );
  if (view) {
    const shown = readerView(view);
    renderBoard(board, shown, state.deck, { compact: true, hideEmpty: true, comments: true });
    const table = shown.comments.filter((c) => c.play_id == null);
    comments.replaceChildren(table.length ? commentList(table, shown) : el("p", { class: "muted", text: t("comments.none") }));
  }
  drawSankey(sankey, a, stakeholderName);
  drawRiskMatrix(risks, a);
  drawKpis(kpis, a);
}

/** The server replaces nicknames with neutral labels "Participant 3F2A" (server/projection.py
 * review_label); say "participant" in the reader's language. */
function readerView(view) {
  const label = (name) => {
    const m = /^Participant ([A-Z0-9]{4})$/.exec(name || "");
    return m ? t("review.participant", { id: m[1] }) : name;
  };
  return { ...view, seats: view.seats.map((s) => ({ ...s, nickname: label(s.nickname) })) };
}

main();
