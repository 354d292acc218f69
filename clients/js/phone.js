/**
 * The participant's phone: join a table, take a stakeholder role, see the board live, play cards
 * by scanning them (in-app camera or the phone's own camera app opening the card's URL), by typing
 * their printed code, from the digital hand or from one photo of the whole mat; vote and comment
 * on cards on the board.
 */

import { setLang, preferredLang, hasChosenLang, lang, mountSwitcher, onLangChange, t, local } from "./i18n.js";
import { api, ApiError, loadDeck, newCmdId } from "./api.js";
import { LiveTable } from "./live.js";
import { indexDeck, cardTile, shapeIcon, categoryName, slotName, CATEGORY_STYLE } from "./cards.js";
import { renderBoard, renderSeats, drawTimer as drawTimerInto, justEnded, phaseName } from "./board.js";
import { Scanner } from "./scanner.js";
import { photoControl, photoErrorText, readPhoto } from "./photo.js";
import { keepAwake, buzz, chime } from "./device.js";
import { toast, bindStatus, reasonText, el } from "./ui.js";

const ME_KEY = "pced.participant";
/** The token of a seat the facilitator removed: sent with the next join, which the server
 * accepts only once the facilitator has let this phone back in. */
const KICKED_KEY = "pced.kicked";
const PENDING_KEY = "pced.pending";
const $ = (id) => document.getElementById(id);

/** Categories the hand shows first in each phase (a hint; the server decides what is allowed). */
const PHASE_CATEGORIES = {
  roles: ["role"], governance: ["governance"], canvas: ["who", "what", "how", "why", "energy"],
  value_flows: ["who", "what", "how", "why", "energy"], scenarios: ["who", "what", "how", "why", "energy"],
  financing: ["why", "energy"], outcome: [],
};

const state = { me: null, live: null, deck: null, scanner: null, tab: "board", filter: null, lastPlay: null, dialogPlay: null };

function readMe() { try { return JSON.parse(localStorage.getItem(ME_KEY) || "null"); } catch { return null; } }
function saveMe(me) { localStorage.setItem(ME_KEY, JSON.stringify(me)); }
function readPending() { try { return JSON.parse(localStorage.getItem(PENDING_KEY) || "[]"); } catch { return []; } }
function savePending(list) { localStorage.setItem(PENDING_KEY, JSON.stringify(list)); }

/** A card opened from its printed URL (?card=PCED.1/GOV-03.K7) waits here until we are live. */
function captureCardFromUrl(params) {
  const payload = params.get("card");
  if (!payload) return;
  const list = readPending();
  if (!list.some((p) => p.command.payload === payload)) {
    list.push({ cmd_id: newCmdId("url"), command: { kind: "play_card", payload: payload.slice(0, 300), source: "scan" } });
    savePending(list);
  }
  params.delete("card");
  const rest = params.toString();
  history.replaceState(null, "", location.pathname + (rest ? `?${rest}` : ""));
}

async function main() {
  await setLang(preferredLang());
  mountSwitcher($("lang-host"));
  const params = new URLSearchParams(location.search);
  captureCardFromUrl(params);
  const code = (params.get("join") || "").toUpperCase();
  state.deck = indexDeck(await loadDeck());
  const me = readMe();
  if (me && (!code || me.join_code === code) && (await stillValid(me))) {
    startPlaying(me);
  } else {
    showJoin(code);
  }
  onLangChange(() => { redraw(); drawPhoto(); });
}

async function stillValid(me) {
  try { await api("/api/session", { token: me.participant_token }); return true; } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404)) {
      if (err.status === 401) localStorage.setItem(KICKED_KEY, me.participant_token); // perhaps removed: say so at the next join
      localStorage.removeItem(ME_KEY);
      return false;
    }
    return true; // offline: keep the token, the socket will retry
  }
}

function show(view) {
  for (const id of ["join-view", "role-view", "play-view", "kicked-view"]) $(id).hidden = id !== view;
  // A new view puts the focus on its heading (screen readers announce it; Tab goes on from there),
  // except the join form, which focuses its first empty field itself.
  const heading = { "role-view": "role-h", "play-view": "play-h", "kicked-view": "kicked-h" }[view];
  if (heading && !$(view).contains(document.activeElement)) $(heading).focus({ preventScroll: true });
  $("tabbar").hidden = view !== "play-view";
  $("phasebar").hidden = view === "join-view";
}

function showJoin(code) {
  show("join-view");
  $("join-code").value = code;
  $("pending-card-note").hidden = readPending().length === 0;
  (code ? $("join-nick") : $("join-code")).focus();
  $("join-form").onsubmit = async (e) => {
    e.preventDefault();
    $("join-error").textContent = "";
    const joinCode = $("join-code").value.trim().toUpperCase();
    try {
      const previous = localStorage.getItem(KICKED_KEY);
      const body = { code: joinCode, nickname: $("join-nick").value.trim(), ...(previous ? { previous_token: previous } : {}) };
      const out = await api("/api/join", { method: "POST", body });
      localStorage.removeItem(KICKED_KEY);
      const me = { ...out, join_code: joinCode, nickname: $("join-nick").value.trim() };
      saveMe(me);
      if (out.lang && !hasChosenLang()) await setLang(out.lang);
      startPlaying(me);
    } catch (err) {
      $("join-error").textContent = err instanceof ApiError ? reasonText(err.code) : String(err);
      buzz("bad");
    }
  };
}

function startPlaying(me) {
  state.me = me;
  if (me.lang && !hasChosenLang() && me.lang !== lang()) setLang(me.lang);
  $("title").textContent = t("phone.title", { workshop: me.workshop_name || "", table: me.table_number ?? "" });
  const live = new LiveTable({ token: me.participant_token, tableId: me.table_id, storeKey: `pced.outbox.${me.seat_id}` });
  state.live = live;
  bindStatus($("status"), live);
  for (const item of readPending()) live.command(item.command, { cmdId: item.cmd_id });
  savePending([]);
  live.addEventListener("change", (e) => onChange(e.detail));
  live.addEventListener("ack", (e) => onAck(e.detail));
  live.addEventListener("reject", (e) => onReject(e.detail));
  live.addEventListener("queued", () => drawPending());
  live.addEventListener("status", (e) => { drawPending(); if (e.detail.status === "kicked") kicked(); });
  live.addEventListener("server-error", (e) => toast(reasonText(e.detail.reason), "bad"));
  live.connect();
  setupTabs();
  setupScan();
  drawPhoto();
  setupHand();
  setupTable();
  show("play-view");
  keepAwake(true);
  setInterval(drawTimer, 1000);
}

function mySeat() {
  const view = state.live && state.live.view;
  return view ? view.seats.find((s) => s.seat_id === state.me.seat_id) : null;
}

let roleAsked = false;
function onChange({ event }) {
  if (event && event.type === "seat_kicked" && event.seat_id === state.me.seat_id) state.mayRejoin = !!event.may_rejoin;
  const seat = mySeat();
  if (seat && !seat.role_card && !roleAsked && state.live.view.phase === "roles") { roleAsked = true; showRoles(); }
  if (event && event.type === "card_played") state.lastPlay = event.play_id;
  redraw();
}

function redraw() {
  const view = state.live && state.live.view;
  if (!view) return;
  $("phase").textContent = phaseName(view.phase);
  $("locked").hidden = !view.locked;
  drawTimer();
  drawPending();
  renderBoard($("board"), view, state.deck, { compact: true, highlight: state.lastPlay, onPlay: openPlay, headingLevel: 2 });
  renderSeats($("seats"), view, state.deck);
  drawComments($("comments"), view.comments.filter((c) => c.play_id == null));
  const seat = mySeat();
  $("me").textContent = seat ? t("table.you_are", { name: seat.nickname, table: state.me.table_number }) : "";
  if (!$("role-view").hidden) drawRoles();
  drawHand();
  drawLater();
  if (state.dialogPlay != null && $("play-dialog").open) fillPlayDialog(state.dialogPlay);
}

function drawTimer() {
  const view = state.live && state.live.view;
  const ended = drawTimerInto($("timer"), view, Date.now(), state.live.clockOffset);
  if (ended && view.timer.seq !== state.timerEndSeen && justEnded(view, state.live.clockOffset)) { state.timerEndSeen = view.timer.seq; buzz("bad"); if (view.timer.sound) chime(); }
}

function drawPending() {
  const n = state.live ? state.live.outbox.length : 0;
  $("pending").hidden = n === 0;
  $("pending").textContent = t("status.pending", { n });
}

function onAck({ command, duplicate, seq }) {
  drawPending();
  if (!command) return;
  if (command.kind === "play_card") {
    const play = state.live.view && state.live.view.plays.find((p) => p.play_id === seq);
    const card = cardOf(command) || (play && play.card_id ? state.deck.byId.get(play.card_id) : null);
    const text = card ? t("play.played", { title: local(card.title) }) : t("play.played_plain");
    scanFeedback(duplicate ? t("play.already_counted") : text, "ok");
    buzz("ok");
  } else if (command.kind === "take_role") {
    show("play-view");
  }
}

function onReject({ command, reason }) {
  drawPending();
  const text = reasonText(reason);
  scanFeedback(text, "bad");
  buzz("bad");
  if (command && command.kind === "take_role") toast(text, "bad");
  if (command && command.kind === "play_card" && reason === "slot_full") offerReplace(command);
  if (command && command.kind === "play_card" && reason === "phase_closed") keepForLater(command);
}

// ----------------------------------------------------------------- cards kept for later

/** A card played before its phase (a scan before joining, a financing card in the canvas phase)
 * is not dropped: it waits in the hand, and is offered once its slot opens. */
function laterKey() { return `pced.later.${state.me.seat_id}`; }
function readLater() { try { return JSON.parse(localStorage.getItem(laterKey())) || []; } catch { return []; } }
function saveLater(ids) { localStorage.setItem(laterKey(), JSON.stringify(ids)); }

function keepForLater(command) {
  const card = cardOf(command);
  if (!card) return;
  const ids = readLater();
  if (!ids.includes(card.id)) saveLater([...ids, card.id]);
  scanFeedback(t("later.kept", { title: local(card.title) }), "info");
  drawLater();
}

function slotOpen(card, phase) {
  const open = (state.deck.deck.open_slots || {})[phase] || [];
  return open.includes(card.slots[0]);
}

function drawLater() {
  const view = state.live && state.live.view;
  if (!view) return;
  const onBoard = new Set(view.plays.map((p) => p.card_id));
  const ids = readLater().filter((id) => !onBoard.has(id) && state.deck.byId.has(id));
  saveLater(ids);
  $("later").hidden = ids.length === 0;
  $("later-list").replaceChildren(...ids.map((id) => {
    const card = state.deck.byId.get(id);
    const ready = slotOpen(card, view.phase);
    const li = el("li", { class: ready ? "ready" : "", dataset: { card: id } }, cardTile(card));
    li.append(el("div", { class: "row" },
      ready ? el("button", { type: "button", class: "primary", text: t("hand.play", { slot: slotName(card.slots[0]) }),
        onclick: () => playCommand({ kind: "play_card", card_id: id, source: "pick" }) })
        : el("span", { class: "muted", text: t("later.waits") }),
      el("button", { type: "button", text: t("later.drop"), onclick: () => { saveLater(readLater().filter((x) => x !== id)); drawLater(); } })));
    return li;
  }));
  const readyNow = ids.filter((id) => slotOpen(state.deck.byId.get(id), view.phase));
  const key = `${view.phase}:${readyNow.join(",")}`;
  if (readyNow.length && state.laterOffered !== key) {
    state.laterOffered = key;
    toast(t("later.ready", { n: readyNow.length }), "info", 6000);
  }
}

/** A slot the mat prints for one card (governance) is full: offer to swap the card lying there. */
function offerReplace(command) {
  const card = cardOf(command);
  const view = state.live && state.live.view;
  if (!card || !view) return;
  const slot = command.slot || card.slots[0];
  if ((state.deck.deck.slot_capacity || {})[slot] !== 1) return;
  const lying = view.plays.find((p) => p.slot === slot && p.card_id);
  const old = lying && state.deck.byId.get(lying.card_id);
  if (!old) return;
  $("replace-text").textContent = t("play.replace", { slot: slotName(slot), old: local(old.title), new: local(card.title) });
  const dlg = $("replace-dialog");
  dlg.onclose = () => {
    if (dlg.returnValue !== "replace") return;
    state.live.command({ kind: "remove_card", play_id: lying.play_id });
    playCommand({ kind: "play_card", card_id: card.id, slot, source: command.source || "pick" });
  };
  dlg.returnValue = "";
  dlg.showModal();
}

function cardOf(command) {
  if (command.card_id) return state.deck.byId.get(command.card_id);
  if (command.code) return state.deck.cards.find((c) => c.code === command.code.toUpperCase());
  if (command.payload) {
    // A QR payload names its card: "PCED.1/GOV-03.K7" or a URL ending in it.
    const m = /\/([A-Z]+-\d+)\.[A-Z0-9]+$/.exec(command.payload);
    return m ? state.deck.byId.get(m[1]) : null;
  }
  return null;
}

function scanFeedback(text, kind) {
  const out = $("scan-result");
  out.textContent = text;
  out.className = `scan-result ${kind}`;
  $("viewfinder").classList.remove("ok", "bad");
  $("viewfinder").classList.add(kind);
  setTimeout(() => $("viewfinder").classList.remove(kind), 1500);
  toast(text, kind);
}

/** Removed by the facilitator: say so, drop what was waiting to be sent, and offer to join
 * again only when the facilitator allowed it when removing the seat. */
function kicked() {
  // The revoked link goes with the next join as previous_token: the server lets it in once
  // only if the facilitator allowed it (kick with may_rejoin, or "Let back in").
  const me = readMe();
  if (me && me.participant_token) localStorage.setItem(KICKED_KEY, me.participant_token);
  localStorage.removeItem(ME_KEY);
  localStorage.removeItem(`pced.outbox.${state.me.seat_id}`);
  keepAwake(false);
  if (state.scanner) stopCamera();
  $("kicked-text").textContent = t(state.mayRejoin ? "kicked.may_rejoin" : "kicked.final");
  $("kicked-rejoin").hidden = !state.mayRejoin;
  $("kicked-rejoin").onclick = () => { location.href = `/play?join=${encodeURIComponent(state.me.join_code || "")}`; };
  show("kicked-view");
  $("kicked-h").focus();
}

// ----------------------------------------------------------------- tabs

function setupTabs() {
  const buttons = [...document.querySelectorAll(".tabbar [data-tab]")];
  for (const b of buttons) {
    b.addEventListener("click", () => selectTab(b.dataset.tab));
    b.addEventListener("keydown", (e) => {
      const i = buttons.indexOf(b);
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        const next = buttons[(i + (e.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length];
        next.focus(); selectTab(next.dataset.tab);
      }
    });
  }
}

function selectTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll(".tabbar [data-tab]")) b.setAttribute("aria-selected", String(b.dataset.tab === tab));
  for (const name of ["board", "scan", "hand", "table"]) $(`tab-${name}`).hidden = name !== tab;
  if (tab !== "scan" && state.scanner) stopCamera();
}

// ----------------------------------------------------------------- scanning

function setupScan() {
  // Browsers give a page the camera only in a secure context (https, or localhost): over plain
  // http on the room's Wi-Fi, say so and point to what works instead of a button that fails.
  const secure = window.isSecureContext && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
  $("cam-insecure").hidden = Boolean(secure);
  $("cam-toggle").hidden = !secure;
  $("cam-toggle").addEventListener("click", () => (state.scanner ? stopCamera() : startCamera()));
  $("torch").addEventListener("click", async () => {
    const on = $("torch").getAttribute("aria-pressed") !== "true";
    if (state.scanner && (await state.scanner.setTorch(on))) $("torch").setAttribute("aria-pressed", String(on));
  });
  $("code-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const code = $("code-input").value.replace(/[\s-]/g, "").toUpperCase();
    if (!code) return;
    playCommand({ kind: "play_card", code, source: "code" });
    $("code-input").value = "";
  });
}

async function startCamera() {
  $("cam-refused").hidden = true;
  const scanner = new Scanner(
    $("video"),
    (payload) => playCommand({ kind: "play_card", payload: payload.slice(0, 300), source: "scan" }),
    showGuide,
    {
      // The server also reads card markers: a card whose QR code the browser cannot read is
      // played through the same command path as a live read, by its id.
      readPhoto: (jpeg) => readPhoto(state.me.table_id, state.me.participant_token, jpeg),
      onCard: (cardId) => playCommand({ kind: "play_card", card_id: cardId, source: "scan" }),
      online: () => Boolean(state.live) && state.live.status === "live",
      onError: (err) => scanFeedback(photoErrorText(err), "bad"),
    },
  );
  try {
    await scanner.start();
  } catch (err) {
    scanner.stop();
    $("cam-refused").hidden = false;
    scanFeedback(t(err && err.name === "NotAllowedError" ? "scan.refused" : "scan.unavailable"), "bad");
    return;
  }
  state.scanner = scanner;
  $("vf-idle").hidden = true;
  $("cam-toggle").textContent = t("scan.stop");
  $("cam-toggle").dataset.i18n = "scan.stop";
  $("torch").hidden = !scanner.hasTorch();
  $("viewfinder").dataset.engine = scanner.engine;
}

/** Advice from the scanner while the code in view cannot be read (js/scan-guide.js), or none. */
function showGuide(key) {
  const out = $("scan-guide");
  out.hidden = !key;
  out.textContent = key ? t(key) : "";
  if (key) out.dataset.i18n = key; else delete out.dataset.i18n;
}

function stopCamera() {
  if (state.scanner) state.scanner.stop();
  state.scanner = null;
  $("vf-idle").hidden = false;
  $("cam-toggle").textContent = t("scan.start");
  $("cam-toggle").dataset.i18n = "scan.start";
  $("torch").hidden = true;
}

/** "Photograph the table": the server plays every card it finds; the board updates by itself. */
function drawPhoto() {
  if (!state.me) return;
  $("photo-host").replaceChildren(photoControl({ tableId: state.me.table_id, token: state.me.participant_token, deck: state.deck,
    onResult: (out) => buzz(out.found.some((f) => f.result.ok && !f.result.duplicate) ? "ok" : "bad") }));
}

/** Queue a play; the outbox sends it now or once the connection is back. */
function playCommand(command) {
  const { done } = state.live.command(command);
  if (state.live.status !== "live" && state.live.status !== "kicked") scanFeedback(t("play.queued"), "info");
  return done;
}

// ----------------------------------------------------------------- the digital hand

function setupHand() {
  $("hand-search").addEventListener("input", drawHand);
  const host = $("hand-filters");
  const cats = ["auto", "governance", "who", "what", "how", "why", "energy"];
  for (const cat of cats) {
    const b = el("button", { type: "button", "aria-pressed": String(cat === "auto"), dataset: { cat } });
    if (cat !== "auto") b.append(shapeIcon(cat, 16));
    b.append(el("span", { text: cat === "auto" ? t("hand.now") : categoryName(cat), dataset: { i18n: cat === "auto" ? "hand.now" : `category.${cat}` } }));
    b.addEventListener("click", () => {
      state.filter = cat === "auto" ? null : cat;
      for (const other of host.querySelectorAll("button")) other.setAttribute("aria-pressed", String(other === b));
      drawHand();
    });
    host.append(b);
  }
}

function drawHand() {
  const view = state.live && state.live.view;
  if (!view) return;
  const onBoard = new Set(view.plays.map((p) => p.card_id).filter(Boolean));
  const cats = state.filter ? [state.filter] : (PHASE_CATEGORIES[view.phase] || []).filter((c) => c !== "role");
  const q = $("hand-search").value.trim().toLowerCase();
  const list = $("hand-list");
  const cards = state.deck.cards.filter((c) => c.category !== "role" && c.category !== "scenario"
    && (q ? `${c.id} ${c.code} ${local(c.title)} ${local(c.hook)}`.toLowerCase().includes(q) : cats.includes(c.category)));
  list.replaceChildren(...cards.map((card) => {
    const li = el("li");
    const tile = cardTile(card);
    const played = onBoard.has(card.id);
    const btn = el("button", { type: "button", class: played ? "" : "primary", text: played ? t("hand.on_board") : t("hand.play", { slot: slotName(card.slots[0]) }) });
    btn.disabled = played;
    btn.addEventListener("click", () => chooseSlotAndPlay(card));
    li.append(tile, btn);
    return li;
  }));
  if (!cards.length) list.append(el("li", { class: "muted", text: t(view.phase === "outcome" ? "hand.frozen" : "hand.none") }));
}

function chooseSlotAndPlay(card) {
  if (card.slots.length <= 1) { playCommand({ kind: "play_card", card_id: card.id, source: "pick" }); return; }
  const dlg = $("slot-dialog");
  $("slot-choices").replaceChildren(...card.slots.map((slot) => el("button", {
    type: "button", class: "primary", text: slotName(slot),
    onclick: () => { dlg.close(); playCommand({ kind: "play_card", card_id: card.id, slot, source: "pick" }); },
  })));
  dlg.showModal();
}

// ----------------------------------------------------------------- roles

function showRoles() {
  show("role-view");
  $("phasebar").hidden = false;
  drawRoles();
  $("role-skip").onclick = () => show("play-view");
}

function drawRoles() {
  const view = state.live.view;
  const taken = new Map(view.seats.filter((s) => s.role_card && !s.kicked).map((s) => [s.role_card, s]));
  const roles = state.deck.cards.filter((c) => c.category === "role");
  $("role-list").replaceChildren(...roles.map((card) => {
    const holder = taken.get(card.id);
    const mine = holder && holder.seat_id === state.me.seat_id;
    const li = el("li");
    li.append(cardTile(card));
    const btn = el("button", { type: "button", class: mine ? "" : "primary",
      text: mine ? t("role.yours") : holder ? t("role.taken_by", { name: holder.nickname }) : t("role.take") });
    btn.disabled = !!holder && !mine;
    btn.addEventListener("click", () => state.live.command({ kind: "take_role", role_card: mine ? null : card.id }));
    li.append(btn);
    return li;
  }));
}

// ----------------------------------------------------------------- table tab, votes, comments

function setupTable() {
  $("change-role").addEventListener("click", showRoles);
  $("comment-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("comment-input").value.trim();
    if (!text) return;
    state.live.command({ kind: "comment", text });
    $("comment-input").value = "";
  });
  $("leave").addEventListener("click", () => {
    if (!confirm(t("join.leave_confirm"))) return;
    localStorage.removeItem(ME_KEY);
    state.live.stop();
    location.href = "/play";
  });
  $("pd-up").addEventListener("click", () => vote(1));
  $("pd-zero").addEventListener("click", () => vote(0));
  $("pd-down").addEventListener("click", () => vote(-1));
  $("pd-send").addEventListener("click", () => {
    const text = $("pd-comment").value.trim();
    if (!text || state.dialogPlay == null) return;
    state.live.command({ kind: "comment", text, play_id: state.dialogPlay });
    $("pd-comment").value = "";
  });
  $("pd-remove").addEventListener("click", () => {
    if (state.dialogPlay == null) return;
    state.live.command({ kind: "remove_card", play_id: state.dialogPlay });
    $("play-dialog").close();
  });
}

function vote(value) {
  if (state.dialogPlay != null) state.live.command({ kind: "vote", play_id: state.dialogPlay, value });
}

function openPlay(play) {
  state.dialogPlay = play.play_id;
  fillPlayDialog(play.play_id);
  $("play-dialog").showModal();
}

function fillPlayDialog(playId) {
  const view = state.live.view;
  const play = view.plays.find((p) => p.play_id === playId);
  if (!play) { $("play-dialog").close(); return; }
  const card = play.card_id ? state.deck.byId.get(play.card_id) : null;
  $("pd-card").replaceChildren(cardTile(card, { hidden: !card }));
  $("pd-body").textContent = card ? local(card.body) : "";
  const mine = (play.votes || {})[state.me.seat_id] ?? 0;
  for (const [id, v] of [["pd-up", 1], ["pd-zero", 0], ["pd-down", -1]]) $(id).setAttribute("aria-pressed", String(mine === v));
  $("pd-remove").hidden = play.slot === "scenario";
  drawComments($("pd-comments"), view.comments.filter((c) => c.play_id === playId));
}

function drawComments(host, comments) {
  const view = state.live.view;
  host.replaceChildren(...comments.slice(-30).map((c) => {
    const seat = view.seats.find((s) => s.seat_id === c.seat_id);
    return el("li", {}, el("span", { class: "who", text: seat ? seat.nickname : t("board.facilitator") }), el("span", { text: c.text }));
  }));
}

main().catch((err) => { toast(String(err), "bad", 10000); });
