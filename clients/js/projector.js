/**
 * The projector (/p/{token}): a read-only, auto-updating wall view of one table or of every table
 * of the workshop. During the joining phase each table shows its join QR code (drawn here with
 * the vendored qrcode-generator, no network) and its code in large letters.
 */

import { setLang, preferredLang, t, tableLabel } from "./i18n.js";
import { api, loadDeck, pathToken } from "./api.js";
import { LiveTable } from "./live.js";
import { indexDeck } from "./cards.js";
import { renderBoard, timerText, phaseName } from "./board.js";
import { el } from "./ui.js";
import qrcode from "/static/vendor/qrcode-generator/qrcode.js";

const $ = (id) => document.getElementById(id);
const state = { token: null, deck: null, tables: [], session: null };

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
  const tables = state.session.table_id ? state.session.tables.filter((x) => x.table_id === state.session.table_id) : state.session.tables;
  $("room").classList.toggle("single", tables.length === 1);
  for (const info of tables) addTable(info);
  setInterval(() => { for (const tb of state.tables) drawTimer(tb); drawStatus(); }, 1000);
}

function addTable(info) {
  const live = new LiveTable({ token: state.token, tableId: info.table_id });
  const node = el("section", { class: "ptable", dataset: { tableId: info.table_id } });
  const tb = { info, live, node, frame: 0 };
  state.tables.push(tb);
  $("room").append(node);
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
    renderBoard(board, view, state.deck, { compact: true, hideEmpty: state.tables.length > 1 });
    parts.push(board);
  }
  node.replaceChildren(...parts);
  drawTimer(tb);
}

function drawTimer(tb) {
  const span = tb.node.querySelector("[data-timer]");
  if (span) span.textContent = tb.live.view && tb.live.view.timer ? `⏱ ${timerText(tb.live.view, Date.now(), tb.live.clockOffset)}` : "";
}

main();
