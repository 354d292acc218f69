/**
 * The projector (/p/{token}): a read-only, auto-updating wall view of one table or of every table
 * of the workshop. During the joining phase each table shows its join QR code (drawn here with
 * the vendored qrcode-generator, no network) and its code in large letters.
 *
 * Nothing scrolls on a wall: fitRoom() shrinks the room's font until every table fits the
 * screen (tables take more columns as they shrink). With ?rotate=SECONDS, chosen by the
 * facilitator in the console, the wall shows one table at a time, in turn, at that pace.
 */

import { setLang, preferredLang, t, tableLabel } from "./i18n.js";
import { api, loadDeck, pathToken } from "./api.js";
import { LiveTable } from "./live.js";
import { indexDeck } from "./cards.js";
import { renderBoard, drawTimer as drawTimerInto, justEnded, phaseName, commentList } from "./board.js";
import { chime } from "./device.js";
import { icon } from "./icons.js";
import { el } from "./ui.js";
import qrcode from "/static/vendor/qrcode-generator/qrcode.js";

const $ = (id) => document.getElementById(id);
const state = { token: null, deck: null, tables: [], session: null, rotate: 0, shown: 0, fitFrame: 0 };
/** Smallest scale tried [fraction of the projector's base font]; below it, rotate instead. */
const MIN_FIT = 0.1;

async function main() {
  const lang = new URLSearchParams(location.search).get("lang");
  await setLang(lang || preferredLang(), { remember: false });
  state.token = pathToken();
  try {
    state.session = await api("/api/session", { token: state.token });
  } catch (err) {
    $("fatal").hidden = false;
    $("fatal").textContent = t(`reason.${err.code || "unauthorized"}`);
    return;
  }
  if (!new URLSearchParams(location.search).get("lang") && state.session.lang) await setLang(state.session.lang, { remember: false });
  state.deck = indexDeck(await loadDeck());
  $("title").textContent = state.session.workshop_name;
  // The room view skips tables the facilitator closed; a table's own projector still shows it.
  const tables = state.session.table_id ? state.session.tables.filter((x) => x.table_id === state.session.table_id)
    : state.session.tables.filter((x) => !x.closed);
  const rotate = Number(new URLSearchParams(location.search).get("rotate")) || 0;
  state.rotate = tables.length > 1 && rotate >= 5 ? Math.min(rotate, 600) : 0;
  $("room").classList.toggle("single", tables.length === 1 || state.rotate > 0);
  for (const info of tables) addTable(info);
  if (state.rotate) {
    showRotation();
    setInterval(() => { state.shown = (state.shown + 1) % state.tables.length; showRotation(); }, state.rotate * 1000);
  }
  setInterval(() => { for (const tb of state.tables) drawTimer(tb); drawStatus(); }, 1000);
  if (!state.session.table_id) setInterval(followTables, TABLES_POLL_MS);
  new ResizeObserver(scheduleFit).observe($("room"));
  if (document.fonts) document.fonts.ready.then(scheduleFit);
}

/** How often the room view asks which tables exist [ms]: tables added or closed during the
 * workshop appear or leave the wall within this time, without a reload. */
const TABLES_POLL_MS = 10_000;

async function followTables() {
  let session;
  try { session = await api("/api/session", { token: state.token }); } catch { return; } // offline: try again later
  const open = session.tables.filter((x) => !x.closed);
  const ids = new Set(open.map((x) => x.table_id));
  for (const tb of [...state.tables]) {
    if (ids.has(tb.info.table_id)) continue;
    tb.live.stop();
    tb.node.remove();
    state.tables.splice(state.tables.indexOf(tb), 1);
  }
  for (const info of open) if (!state.tables.some((tb) => tb.info.table_id === info.table_id)) addTable(info);
  if (!state.rotate) $("room").classList.toggle("single", state.tables.length === 1);
  state.shown = Math.min(state.shown, Math.max(0, state.tables.length - 1));
  scheduleFit();
}

/** One table at a time, in turn (?rotate=SECONDS): each shown at the largest size that fits. */
function showRotation() {
  state.tables.forEach((tb, i) => { tb.node.hidden = i !== state.shown; });
  const tb = state.tables[state.shown];
  $("rotation").textContent = t("projector.rotation", { n: state.shown + 1, total: state.tables.length, s: state.rotate });
  $("rotation").hidden = false;
  if (tb) scheduleFit();
}

function scheduleFit() {
  if (!state.fitFrame) state.fitFrame = requestAnimationFrame(() => { state.fitFrame = 0; fitRoom(); });
}

/** Pick the number of table columns (1..8) and the scale in [MIN_FIT, 1] that shows the most:
 * at scale s the grid is laid out 1/s as wide as the room and drawn s times smaller, so text
 * reflows; bisection on the rendered layout, eight steps reach 0.4 %. */
function fitRoom() {
  const room = $("room");
  const grid = $("room-grid");
  const width = room.clientWidth;
  const height = room.clientHeight;
  const fits = (s) => {
    grid.style.width = `${width / s}px`;
    grid.style.transform = `scale(${s})`;
    return grid.scrollHeight * s <= height + 1 && grid.scrollWidth <= grid.clientWidth + 1;
  };
  const best = (cols) => {
    grid.style.setProperty("--cols", String(cols));
    if (fits(1)) return 1;
    let lo = MIN_FIT, hi = 1;
    for (let i = 0; i < 8; i++) {
      const mid = (lo + hi) / 2;
      if (fits(mid)) lo = mid; else hi = mid;
    }
    return lo;
  };
  const shown = room.classList.contains("single") ? 1 : state.tables.length;
  let choice = { cols: 1, fit: 0 };
  for (let cols = 1; cols <= Math.min(shown, 8); cols++) {
    const fit = best(cols);
    if (fit > choice.fit + 0.001) choice = { cols, fit };
    if (fit === 1) break;
  }
  grid.style.setProperty("--cols", String(choice.cols));
  fits(choice.fit);
  room.dataset.fit = choice.fit.toFixed(3);
  room.dataset.cols = String(choice.cols);
}

function addTable(info) {
  const live = new LiveTable({ token: state.token, tableId: info.table_id });
  const node = el("section", { class: "ptable", dataset: { tableId: info.table_id } });
  const tb = { info, live, node, frame: 0 };
  state.tables.push(tb);
  $("room-grid").append(node);
  const schedule = () => { if (!tb.frame) tb.frame = requestAnimationFrame(() => { tb.frame = 0; draw(tb); }); };
  live.addEventListener("change", schedule);
  live.addEventListener("status", () => { schedule(); drawStatus(); });
  live.connect();
  draw(tb);
}

function drawStatus() {
  const s = state.tables.map((tb) => tb.live.status);
  const ok = s.every((x) => x === "live");
  $("status").dataset.status = ok ? "live" : s.includes("offline") ? "offline" : "reconnecting";
  $("status").textContent = t(`status.${ok ? "live" : $("status").dataset.status}`);
}

function absolute(url) { return new URL(url, location.origin).href; }

/** The join QR code as an inline SVG (error correction M, 4-module quiet zone). */
function joinQr(url) {
  const qr = qrcode(0, "M");
  qr.addData(url);
  qr.make();
  const wrap = el("div", { class: "qr", role: "img", "aria-label": t("projector.join_qr") });
  wrap.innerHTML = qr.createSvgTag({ cellSize: 8, margin: 32, scalable: true });
  return wrap;
}

function draw(tb) {
  const { info, live, node } = tb;
  const view = live.view;
  const name = tableLabel(info);
  const head = el("h2", {}, el("span", { text: name }),
    view ? el("span", { class: "phase", text: phaseName(view.phase) }) : null,
    el("span", { class: "timer", dataset: { timer: "1" } }));
  const parts = [head];
  if (!view || view.phase === "roles") {
    const url = absolute(info.join_url);
    parts.push(el("div", { class: "join" }, joinQr(url),
      el("div", {}, el("p", { text: t("projector.join_with") }), el("p", { class: "big-code", text: info.join_code }), el("p", { class: "url", text: url }))));
  }
  if (view) {
    parts.push(el("div", { class: "pseats" }, ...view.seats.filter((s) => !s.kicked).map((s) => {
      const role = s.role_card ? state.deck.byId.get(s.role_card) : null;
      return el("span", { text: role ? `${s.nickname} (${role.title[document.documentElement.lang] || role.title.en})` : s.nickname });
    })));
    const board = el("div", { class: "board" });
    // Comments only when the facilitator chose to show them (?comments=1 on the projector link).
    const withComments = new URLSearchParams(location.search).get("comments") === "1";
    renderBoard(board, view, state.deck, { compact: true, hideEmpty: state.tables.length > 1, comments: withComments });
    parts.push(board);
    const table = view.comments.filter((c) => c.play_id == null && !c.private);
    if (withComments && table.length) parts.push(el("div", { class: "pcomments" }, el("h3", { text: t("comments.heading") }), commentList(table.slice(-6), view)));
  }
  node.replaceChildren(...parts);
  drawTimer(tb);
  scheduleFit();
}

function drawTimer(tb) {
  const span = tb.node.querySelector("[data-timer]");
  if (!span) return;
  const view = tb.live.view;
  const ended = drawTimerInto(span, view, Date.now(), tb.live.clockOffset);
  if (ended && view.timer.seq !== tb.timerEndSeen && justEnded(view, tb.live.clockOffset)) {
    tb.timerEndSeen = view.timer.seq;
    if (view.timer.sound) chime();
  }
}

main();
