/**
 * The facilitator console (/f/{token}): every table of the workshop live on one page, phase and
 * timer control for all tables or one, lock / kick / undo / reveal, the per-table assessment
 * (Sankey, risk matrix, energy, scenarios, the common energy market), a photo of a table's mat,
 * the comparison criteria of the workshop report, the workshop's market prices, and downloads of
 * the outcome documents and data.
 */

import { setLang, preferredLang, mountSwitcher, onLangChange, stakeholderName, t, local, pct, tableLabel, currentLocale } from "./i18n.js";
import { api, ApiError, loadDeck, pathToken, newCmdId } from "./api.js";
import { LiveTable } from "./live.js";
import { indexDeck } from "./cards.js";
import { renderBoard, renderSeats, drawTimer as drawTimerInto, justEnded, phaseName, commentList } from "./board.js";
import { chime } from "./device.js";
import { toast, reasonText, el } from "./ui.js";
import { downloadButton, tableExportButtons, workshopExportButtons } from "./downloads.js";
import { photoControl } from "./photo.js";
import { drawMarket, setupMarketPrices } from "./market.js";
import { drawSankey, drawRiskMatrix, drawMonthly, drawTypicalDay, drawKpis, drawScenarios, readRisks, kpiRows, kpiMark } from "./charts.js";

const PHASES = ["roles", "governance", "canvas", "value_flows", "scenarios", "financing", "outcome"];
const $ = (id) => document.getElementById(id);
const state = { token: null, workshop: null, deck: null, tables: new Map(), detail: null, detailView: "board", toolsKey: null, criteria: null, prices: null };

async function main() {
  await setLang(preferredLang());
  mountSwitcher($("lang-host"));
  state.token = pathToken();
  try {
    const session = await api("/api/session", { token: state.token });
    if (session.viewer !== "facilitator") throw new ApiError(403, "forbidden", "");
    state.workshop = await api(`/api/workshops/${encodeURIComponent(session.workshop_id)}`, { token: state.token });
  } catch (err) {
    $("fatal").hidden = false;
    $("fatal").textContent = reasonText(err.code || "unauthorized");
    return;
  }
  state.deck = indexDeck(await loadDeck());
  document.title = `${state.workshop.name} — ${t("console.title")}`;
  $("title").textContent = `${state.workshop.name} · ${t("console.title")}`;
  fillPhaseSelect($("all-phase"));
  setupWorkshopControls();
  drawLinks();
  setupCriteria();
  state.prices = setupMarketPrices($("prices-form"), state.workshop.workshop_id, state.token);
  for (const info of state.workshop.tables) addTable(info);
  setInterval(drawTimers, 1000);
  onLangChange(() => { fillPhaseSelect($("all-phase")); drawLinks(); drawCriteria(); state.prices.draw(); for (const tb of state.tables.values()) drawTable(tb); drawDetail(); });
  const hash = location.hash.match(/^#table-(.+)$/);
  if (hash && state.tables.has(hash[1])) openDetail(hash[1]);
}

function fillPhaseSelect(select, value = null) {
  const keep = value ?? select.value;
  select.replaceChildren(...PHASES.map((p) => el("option", { value: p, text: `${PHASES.indexOf(p) + 1}. ${phaseName(p)}` })));
  if (keep) select.value = keep;
}

// ----------------------------------------------------------------- workshop-wide

async function workshopCommand(command) {
  try {
    const out = await api(`/api/workshops/${state.workshop.workshop_id}/commands`, { method: "POST", token: state.token, body: { cmd_id: newCmdId("all"), command } });
    const failed = Object.entries(out.results || {}).filter(([, r]) => !r.ok);
    if (failed.length) toast(failed.map(([id, r]) => `${tableName(id)}: ${reasonText(r.reason)}`).join(" · "), "bad", 6000);
    else toast(t("console.done_all"), "ok");
  } catch (err) {
    toast(reasonText(err.code || "server_error"), "bad");
  }
}

/** Close or reopen a table during the workshop; the server answers with the whole workshop. */
async function setTableClosed(tableId, closed) {
  try {
    state.workshop = await api(`/api/workshops/${encodeURIComponent(state.workshop.workshop_id)}/tables/${encodeURIComponent(tableId)}/close`,
      { method: "POST", token: state.token, body: { closed } });
  } catch (err) { toast(reasonText(err.code || "server_error"), "bad"); return; }
  syncTables();
}

/** Add a table during the workshop: it appears with its join code; print its poster from the links. */
async function addTableNow() {
  try {
    state.workshop = await api(`/api/workshops/${encodeURIComponent(state.workshop.workshop_id)}/tables`, { method: "POST", token: state.token, body: {} });
  } catch (err) { toast(reasonText(err.code || "server_error"), "bad"); return; }
  syncTables();
  const added = state.workshop.tables[state.workshop.tables.length - 1];
  toast(t("console.table_added", { name: tableLabel(added), code: added.join_code }), "ok", 8000);
}

/** Bring the table cards in line with state.workshop.tables (new ones added, closed flags updated). */
function syncTables() {
  for (const info of state.workshop.tables) {
    const tb = state.tables.get(info.table_id);
    if (!tb) addTable(info);
    else { tb.info = info; drawTable(tb); }
  }
  drawLinks();
}

function setupWorkshopControls() {
  $("add-table").addEventListener("click", addTableNow);
  $("all-phase-set").addEventListener("click", () => workshopCommand({ kind: "set_phase", phase: $("all-phase").value }));
  $("all-timer").addEventListener("click", () => workshopCommand({ kind: "start_timer", duration_s: minutes($("all-minutes")) * 60, ...timerEnd() }));
  $("all-timer-stop").addEventListener("click", () => workshopCommand({ kind: "stop_timer" }));
  $("all-lock").addEventListener("click", () => workshopCommand({ kind: "lock" }));
  $("all-unlock").addEventListener("click", () => workshopCommand({ kind: "unlock" }));
}

/** What follows when a timer reaches 0:00 (the facilitator's choice in the all-tables panel). */
function timerEnd() { return { then: $("all-then").value, sound: $("all-sound").checked }; }

function minutes(input) { return Math.min(240, Math.max(1, Number(input.value) || 15)); }

/** True for a host only this computer reaches: links built on it never open on a phone. */
export function isLoopback(url) {
  const host = new URL(url, location.href).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/** Warn when the workshop's links (posters, deck QR codes, projector QR) point to this computer. */
function drawLoopbackWarning() {
  const w = state.workshop;
  const link = (w.tables[0] && w.tables[0].join_url) || w.projector_url;
  const loop = Boolean(link) && isLoopback(link);
  $("loopback-warning").hidden = !loop;
  if (loop) $("loopback-text").textContent = t("console.loopback_text", { base: new URL(link).origin });
}

/** How the room projector shows several tables: all at once (fitted), or one at a time in turn. */
function paceSelect(url) {
  const select = el("select", { id: "projector-pace", "aria-label": t("console.projector_pace") },
    ...[0, 15, 30, 60].map((s) => el("option", { value: String(s), text: s ? t("console.pace_n", { s }) : t("console.pace_all") })));
  select.addEventListener("change", () => updateProjectorLinks());
  return select;
}

/** The room and table projector links carry the facilitator's choices (?rotate=s, ?comments=1). */
function updateProjectorLinks() {
  const rotate = Number($("projector-pace").value);
  const comments = $("projector-comments").checked;
  for (const a of document.querySelectorAll("a[data-projector]")) {
    const u = new URL(a.dataset.projector, location.href);
    if (rotate && a.id === "room-projector") u.searchParams.set("rotate", String(rotate));
    if (comments) u.searchParams.set("comments", "1");
    a.href = u.href;
  }
}

/** Print documents and the workshop's outcome documents; fetched with the facilitator token. */
function drawLinks() {
  const w = state.workshop;
  drawLoopbackWarning();
  const lang = document.documentElement.lang;
  const id = encodeURIComponent(w.workshop_id);
  $("links").replaceChildren(
    downloadButton(t("console.print_deck"), `/api/print/deck.pdf?lang=${lang}`, "pced-deck.pdf", state.token, "deck-pdf"),
    downloadButton(t("console.print_deck_shop"), `/api/print/deck.pdf?lang=${lang}&output=print-shop`, "pced-deck-print-shop.pdf", state.token, "deck-print-shop-pdf"),
    downloadButton(t("console.print_mat"), `/api/print/mat.pdf?lang=${lang}`, "pced-mat.pdf", state.token, "mat-pdf"),
    downloadButton(t("console.print_posters"), `/api/workshops/${id}/posters.pdf?lang=${lang}`, "pced-join-posters.pdf", state.token, "posters-pdf"),
    downloadButton(t("console.print_mat_shop"), `/api/print/mat.pdf?lang=${lang}&output=print-shop`, "pced-mat-print-shop.pdf", state.token, "mat-print-shop-pdf"),
    downloadButton(t("console.print_posters_shop"), `/api/workshops/${id}/posters.pdf?lang=${lang}&output=print-shop`, "pced-join-posters-print-shop.pdf", state.token, "posters-print-shop-pdf"),
    ...workshopExportButtons(w.workshop_id, state.token),
    el("a", { href: w.projector_url, target: "_blank", rel: "noopener", text: t("console.room_projector"), id: "room-projector", dataset: { projector: w.projector_url } }),
    paceSelect(w.projector_url),
    el("label", { class: "inline" }, el("input", { type: "checkbox", id: "projector-comments", onchange: () => updateProjectorLinks() }),
      el("span", { text: t("console.projector_comments") })),
    el("a", { href: w.review_url, target: "_blank", rel: "noopener", text: t("console.review_link") }),
  );
}

// ----------------------------------------------------------------- comparison criteria

/** The criteria and weights the workshop report ranks the tables on (stored by the server). */
async function setupCriteria() {
  $("criteria-form").addEventListener("submit", (e) => { e.preventDefault(); saveCriteria(readWeights()); });
  $("criteria-reset").addEventListener("click", () => saveCriteria(null));
  $("criteria-rows").addEventListener("input", drawShares);
  try {
    state.criteria = await api(criteriaPath(), { token: state.token });
  } catch (err) {
    $("criteria-error").textContent = reasonText(err.code || "server_error");
    return;
  }
  drawCriteria();
}

function criteriaPath() { return `/api/workshops/${encodeURIComponent(state.workshop.workshop_id)}/criteria`; }

function drawCriteria() {
  const c = state.criteria;
  if (!c) return;
  $("criteria-rows").replaceChildren(...c.criteria.map((info) => {
    const id = `crit-${info.key}`;
    const input = el("input", { type: "number", id, min: "0", max: "1000", step: "any", inputmode: "decimal", class: "weight",
      value: String(c.weights[info.key] ?? 0), dataset: { criterion: info.key } });
    return el("tr", {}, el("th", { scope: "row" }, el("label", { for: id, text: local(info.label) })), el("td", {}, input),
      el("td", { class: "share", dataset: { shareFor: info.key } }));
  }));
  $("criteria-status").textContent = t(c.is_default ? "criteria.using_defaults" : "criteria.using_custom");
  drawShares();
}

/** Weights typed so far; null values mark inputs that are not numbers in 0…1000. */
function readWeights() {
  const out = {};
  for (const input of $("criteria-rows").querySelectorAll("input[data-criterion]")) {
    const text = input.value.trim().replace(",", ".");
    const value = text === "" ? 0 : Number(text);
    out[input.dataset.criterion] = Number.isFinite(value) && value >= 0 && value <= 1000 ? value : null;
  }
  return out;
}

function drawShares() {
  const weights = readWeights();
  const total = Object.values(weights).reduce((sum, w) => sum + (w || 0), 0);
  for (const cell of $("criteria-rows").querySelectorAll("[data-share-for]")) {
    const w = weights[cell.dataset.shareFor];
    cell.textContent = w && total > 0 ? pct(w / total) : "–";
  }
}

async function saveCriteria(weights) {
  $("criteria-error").textContent = "";
  if (weights) {
    if (Object.values(weights).some((w) => w === null)) { $("criteria-error").textContent = t("criteria.bad_weight"); return; }
    if (!Object.values(weights).some((w) => w > 0)) { $("criteria-error").textContent = t("criteria.all_zero"); return; }
    weights = Object.fromEntries(Object.entries(weights).filter(([, w]) => w > 0));
  }
  try {
    state.criteria = await api(criteriaPath(), { method: "POST", token: state.token, body: { weights } });
  } catch (err) {
    $("criteria-error").textContent = `${reasonText(err.code || "server_error")} ${err.message || ""}`.trim();
    return;
  }
  drawCriteria();
  toast(t(weights ? "criteria.saved" : "criteria.using_defaults"), "ok");
}

// ----------------------------------------------------------------- one table

function tableName(tableId) {
  const tb = state.tables.get(tableId);
  return tb ? tableLabel(tb.info) : tableId;
}

function addTable(info) {
  const live = new LiveTable({ token: state.token, tableId: info.table_id, storeKey: `pced.fac.${info.table_id}` });
  const node = el("article", { class: "tcard", id: `table-${info.table_id}`, "aria-labelledby": `th-${info.table_id}`, dataset: { tableId: info.table_id } });
  const tb = { info, live, node, frame: 0 };
  state.tables.set(info.table_id, tb);
  $("tables").append(node);
  const schedule = () => { if (!tb.frame) tb.frame = requestAnimationFrame(() => { tb.frame = 0; drawTable(tb); if (state.detail === info.table_id) drawDetail(); }); };
  for (const name of ["change", "status", "assessment"]) live.addEventListener(name, schedule);
  live.addEventListener("reject", (e) => toast(`${tableName(info.table_id)}: ${reasonText(e.detail.reason)}`, "bad"));
  live.addEventListener("status", () => drawOverallStatus());
  live.connect();
  drawTable(tb);
}

function drawOverallStatus() {
  const statuses = [...state.tables.values()].map((tb) => tb.live.status);
  const live = statuses.filter((s) => s === "live").length;
  const pill = $("status");
  pill.dataset.status = live === statuses.length ? "live" : statuses.includes("offline") ? "offline" : "reconnecting";
  pill.textContent = t("console.tables_live", { live, n: statuses.length });
}

function drawTable(tb) {
  const { info, live, node } = tb;
  const view = live.view;
  const focused = node.contains(document.activeElement) ? document.activeElement.dataset.key : null;
  const head = el("header", {},
    el("h3", { id: `th-${info.table_id}`, text: tableLabel(info) }),
    el("span", { class: "code", title: t("console.join_code"), text: info.join_code }),
    el("span", { class: "status", dataset: { status: live.status }, text: t(`status.${live.status}`) }));
  const body = el("div", { class: "tbody" });
  node.classList.toggle("closed", !!info.closed);
  if (info.closed) {
    head.append(el("span", { class: "badge", text: t("console.table_closed") }));
    body.append(el("p", { class: "muted", text: t("console.table_closed_explain") }),
      el("button", { type: "button", dataset: { key: "reopen" }, text: t("console.reopen_table"), onclick: () => setTableClosed(info.table_id, false) }));
    node.replaceChildren(head, body);
    return;
  }
  if (view) {
    const phaseSel = el("select", { "aria-label": t("console.phase"), dataset: { key: "phase" } });
    fillPhaseSelect(phaseSel, view.phase);
    const mins = el("input", { type: "number", min: "1", max: "240", value: "10", class: "minutes", "aria-label": t("console.minutes"), dataset: { key: "mins" } });
    const cmd = (command) => live.command(command);
    body.append(
      el("div", { class: "row" },
        el("strong", { text: phaseName(view.phase) }),
        el("span", { class: "timer", dataset: { timerFor: info.table_id } }),
        view.locked ? el("span", { class: "badge", text: t("table.locked") }) : null,
        el("span", { class: "muted", text: t("console.cards_on_board", { n: view.plays.filter((p) => p.card_id).length }) })),
      el("div", { class: "row" }, phaseSel,
        el("button", { type: "button", dataset: { key: "set-phase" }, text: t("console.set_phase"), onclick: () => cmd({ kind: "set_phase", phase: phaseSel.value }) }),
        el("button", { type: "button", dataset: { key: "next" }, text: t("console.next_phase"), disabled: view.phase === "outcome" ? "" : null,
          onclick: () => cmd({ kind: "set_phase", phase: PHASES[Math.min(PHASES.length - 1, PHASES.indexOf(view.phase) + 1)] }) })),
      el("div", { class: "row" }, mins,
        el("button", { type: "button", dataset: { key: "timer" }, text: t("console.start_timer"), onclick: () => cmd({ kind: "start_timer", duration_s: minutes(mins) * 60, ...timerEnd() }) }),
        view.timer ? el("button", { type: "button", dataset: { key: "timer-stop" }, text: t("console.stop_timer"), onclick: () => cmd({ kind: "stop_timer" }) }) : null,
        el("button", { type: "button", dataset: { key: "lock" }, "aria-pressed": String(view.locked), text: view.locked ? t("console.unlock") : t("console.lock"), onclick: () => cmd({ kind: view.locked ? "unlock" : "lock" }) }),
        el("button", { type: "button", dataset: { key: "undo" }, text: t("console.undo"), disabled: view.can_undo ? null : "", onclick: () => cmd({ kind: "undo" }) })),
      scenarioControls(tb),
    );
    const seats = el("div");
    renderSeats(seats, view, state.deck, { onSeat: (seat, li) => li.append(el("button", { type: "button", class: "danger", dataset: { key: `kick-${seat.seat_id}` },
      text: t("console.kick"), "aria-label": t("console.kick_who", { name: seat.nickname }),
      onclick: () => {
        if (!confirm(t("console.kick_confirm", { name: seat.nickname }))) return;
        // "yes" is kick + "Let back in" at once: the server lets that phone join one more time
        cmd({ kind: "kick", seat_id: seat.seat_id, may_rejoin: confirm(t("console.kick_may_rejoin", { name: seat.nickname })) });
      } })),
      // A removed seat's phone may join again only once the facilitator lets it back in.
      onKicked: (seat, li) => li.append(el("button", { type: "button", dataset: { key: `readmit-${seat.seat_id}` },
        text: t(seat.may_rejoin ? "console.readmitted" : "console.readmit"), "aria-label": t("console.readmit_who", { name: seat.nickname }),
        disabled: seat.may_rejoin ? "" : null,
        onclick: async (e) => {
          await api(`/api/tables/${encodeURIComponent(info.table_id)}/readmit`, { method: "POST", token: state.token, body: { seat_id: seat.seat_id } });
          e.target.disabled = true;
          e.target.textContent = t("console.readmitted");
        } })) });
    const board = el("div", { class: "board" });
    renderBoard(board, view, state.deck, { compact: true, hideEmpty: true });
    if (!view.plays.length) board.append(el("p", { class: "muted", text: t("board.no_cards") }));
    body.append(seats, board, commentsPanel(tb));
  } else {
    body.append(el("p", { class: "muted", text: t(`status.${live.status}`) }));
  }
  body.append(el("div", { class: "row" },
    el("button", { type: "button", class: "primary", dataset: { key: "open" }, text: t("console.open_assessment"), onclick: () => openDetail(info.table_id) }),
    el("a", { href: info.join_url, target: "_blank", rel: "noopener", text: t("console.join_link") }),
    el("a", { href: info.projector_url, target: "_blank", rel: "noopener", text: t("console.projector"), dataset: { projector: info.projector_url } }),
    el("button", { type: "button", class: "danger", dataset: { key: "close-table" }, text: t("console.close_table"),
      onclick: () => { if (confirm(t("console.close_table_confirm", { name: tableLabel(info) }))) setTableClosed(info.table_id, true); } })));
  if ($("projector-comments")) updateProjectorLinks();
  node.replaceChildren(head, body);
  if (focused) { const again = node.querySelector(`[data-key="${CSS.escape(focused)}"]`); if (again) again.focus(); }
}

/** Every comment of the table (on the table and on its cards, private notes marked) and a box
 * for the facilitator's own. The form node is kept across redraws so typing is never lost. */
function commentsPanel(tb) {
  const view = tb.live.view;
  const panel = el("section", { class: "comments-panel", "aria-label": t("comments.heading") });
  const list = view.comments.length ? commentList(view.comments.slice(-50), view, state.deck)
    : el("p", { class: "muted", text: t("comments.none") });
  if (!tb.commentForm) {
    const id = `cm-${tb.info.table_id}`;
    const input = el("input", { id, type: "text", maxlength: "500", dataset: { key: "comment-text" } });
    const priv = el("input", { type: "checkbox", id: `${id}-private`, dataset: { key: "comment-private" } });
    tb.commentForm = el("form", { class: "comment-form" },
      el("label", { for: id, "data-i18n": "comments.add_label", text: t("comments.add_label") }),
      el("div", { class: "row" }, input,
        el("button", { type: "submit", dataset: { key: "comment-send" }, "data-i18n": "comments.send", text: t("comments.send") })),
      el("label", { class: "inline", for: `${id}-private` }, priv, el("span", { "data-i18n": "comments.private", text: t("comments.private") })));
    tb.commentForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      tb.live.command({ kind: "comment", text, private: priv.checked });
      input.value = "";
    });
  }
  panel.append(el("h4", { text: t("comments.heading") }), list, tb.commentForm);
  return panel;
}

function scenarioControls(tb) {
  const view = tb.live.view;
  const row = el("div", { class: "row" });
  const onBoard = new Set(view.plays.map((p) => p.card_id));
  const choices = state.deck.cards.filter((c) => c.category === "scenario" && !onBoard.has(c.id));
  const sel = el("select", { "aria-label": t("console.deal_scenario"), dataset: { key: "scn" } },
    ...choices.map((c) => el("option", { value: c.id, text: `${c.id} · ${local(c.title)}` })));
  row.append(sel, el("button", { type: "button", dataset: { key: "deal" }, text: t("console.deal_scenario"), disabled: choices.length ? null : "",
    onclick: () => tb.live.command({ kind: "play_card", card_id: sel.value, slot: "scenario", source: "pick" }) }));
  for (const p of view.plays.filter((x) => x.slot === "scenario" && x.hidden)) {
    const card = state.deck.byId.get(p.card_id);
    row.append(el("button", { type: "button", class: "primary", dataset: { key: `reveal-${p.play_id}` },
      text: t("console.reveal", { title: card ? local(card.title) : p.play_id }), onclick: () => tb.live.command({ kind: "reveal_scenario", play_id: p.play_id }) }));
  }
  return row;
}

function drawTimers() {
  for (const tb of state.tables.values()) {
    const span = tb.node.querySelector("[data-timer-for]");
    const view = tb.live.view;
    if (!span || !view) continue;
    if (drawTimerInto(span, view, Date.now(), tb.live.clockOffset)) timerEnded(tb, view);
  }
}

/** At 0:00 the console carries out what the facilitator chose (lock the table, or the next
 * phase). The cmd_id names the timer run, so several open consoles, or a reload, act once. */
function timerEnded(tb, view) {
  const timer = view.timer;
  if (tb.timerEndSeen === timer.seq) return;
  tb.timerEndSeen = timer.seq;
  if (timer.sound && justEnded(view, tb.live.clockOffset)) chime();
  const cmdId = `timer-end.${tb.info.table_id}.${timer.seq}`;
  if (timer.then === "lock" && !view.locked) tb.live.command({ kind: "lock" }, { cmdId });
  if (timer.then === "next_phase" && view.phase !== "outcome") {
    tb.live.command({ kind: "set_phase", phase: PHASES[PHASES.indexOf(view.phase) + 1] }, { cmdId });
  }
}

// ----------------------------------------------------------------- detail: board + assessment

function openDetail(tableId) {
  state.detail = tableId;
  $("detail").hidden = false;
  history.replaceState(null, "", `#table-${tableId}`);
  for (const b of $("detail-tabs").querySelectorAll("[role=tab]")) {
    b.onclick = () => selectDetailView(b.dataset.view);
    b.onkeydown = (e) => {
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
      const tabs = [...$("detail-tabs").querySelectorAll("[role=tab]")];
      const next = tabs[(tabs.indexOf(b) + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.focus(); selectDetailView(next.dataset.view);
    };
  }
  $("detail-close").onclick = () => { state.detail = null; $("detail").hidden = true; history.replaceState(null, "", location.pathname); };
  drawDetail();
  $("detail").scrollIntoView({ block: "start" });
  $("detail").focus({ preventScroll: true });
}

function selectDetailView(view) {
  state.detailView = view;
  for (const b of $("detail-tabs").querySelectorAll("[role=tab]")) b.setAttribute("aria-selected", String(b.dataset.view === view));
  for (const d of document.querySelectorAll(".dview")) d.hidden = d.dataset.view !== view;
  drawDetail();
}

function drawDetail() {
  const tb = state.tables.get(state.detail);
  if (!tb) return;
  $("detail-h").textContent = `${tableName(tb.info.table_id)} — ${t("detail.heading")}`;
  const view = tb.live.view;
  if (view) {
    renderBoard($("detail-board"), view, state.deck, { comments: true });
    const table = view.comments.filter((c) => c.play_id == null);
    $("detail-comments").replaceChildren(table.length ? commentList(table, view) : el("p", { class: "muted", text: t("comments.none") }));
  }
  const msg = tb.live.assessment;
  const a = msg && msg.status === "ok" ? msg.assessment : null;
  $("assess-status").textContent = !msg ? t("detail.assessment_waiting")
    : msg.status === "ok" ? t("detail.assessment_of", { n: view ? view.plays.filter((p) => p.card_id).length : 0,
      time: new Intl.DateTimeFormat(currentLocale(), { hour: "2-digit", minute: "2-digit" }).format(tb.live.assessmentAt || new Date()) })
      : t(`detail.assessment_${msg.status}`);
  const v = state.detailView;
  if (v === "flows") drawSankey($("chart-sankey"), a, stakeholderName);
  if (v === "risks") { drawRiskMatrix($("chart-risks"), a); drawRiskList(a); }
  if (v === "energy") { drawMonthly($("chart-monthly"), a); drawTypicalDay($("chart-day"), a); drawKpis($("chart-kpis"), a); drawKpiTable(a); }
  if (v === "scenarios") drawScenarios($("chart-scenarios"), a, stakeholderName);
  if (v === "market") drawMarket($("market-view"), a);
  drawDetailTools(tb);
}

/** Downloads and the photo upload of the open table; rebuilt only when the table or language changes. */
function drawDetailTools(tb) {
  const key = `${tb.info.table_id}|${document.documentElement.lang}`;
  if (state.toolsKey === key) return;
  state.toolsKey = key;
  $("exports").replaceChildren(...tableExportButtons(tb.info, state.token, { log: true, hourly: true }));
  $("detail-photo").replaceChildren(photoControl({ tableId: tb.info.table_id, token: state.token, deck: state.deck }));
}

function drawKpiTable(a) {
  const rows = kpiRows(a);
  const head = el("tr", {}, ...["kpi.name", "kpi.value", "kpi.threshold", "kpi.met"].map((k) => el("th", { scope: "col", text: t(k) })));
  $("kpi-table").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows.map((k) => el("tr", { dataset: { kpi: k.key } },
    el("th", { scope: "row", text: k.name }), el("td", { text: k.valueText }), el("td", { text: k.targetText }),
    el("td", {}, kpiMark(k.ok))))));
}

function drawRiskList(a) {
  const risks = a ? readRisks(a) : [];
  // The family names the risk ("Technology performance"); the engine's sentence says why it arises.
  const family = (r) => (r.family ? `${t(`riskkind.${r.family}`)}: ` : "");
  $("risk-list").replaceChildren(...risks.map((r) => el("li", { text: `${family(r)}${r.name} — ${t("charts.probability")} ${r.probability}, ${t("charts.impact")} ${r.impact}` })));
}

main().catch((err) => { $("fatal").hidden = false; $("fatal").textContent = String(err); });
