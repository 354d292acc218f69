/**
 * Draw a table's board (slots with their cards, who played what) and its seats. Shared by the
 * phone, the console and the projector; every name and text is inserted as text, never as HTML.
 */

import { SLOTS, SLOT_CATEGORY, cardTile, shapeIcon, slotName } from "./cards.js";
import { playsBySlot, nickname } from "./table-view.js";
import { t, local } from "./i18n.js";
import { icon } from "./icons.js";

/**
 * Render `view` into `host`.
 * @param {HTMLElement} host
 * @param {object} view     TableView with events folded in
 * @param {object} deckIdx  indexDeck() result
 * @param {object} opts     {compact, comments: show comment texts under each card, highlight: play_id to flash, onPlay: (play, tileEl) => void}
 */
export function renderBoard(host, view, deckIdx, opts = {}) {
  const bySlot = playsBySlot(view);
  const frag = document.createDocumentFragment();
  for (const slot of SLOTS) {
    const plays = bySlot[slot] || [];
    if (opts.hideEmpty && !plays.length) continue;
    const section = document.createElement("section");
    section.className = "slot";
    section.dataset.slot = slot;
    const head = document.createElement(`h${opts.headingLevel || 3}`);
    head.className = "slot-head";
    head.append(shapeIcon(SLOT_CATEGORY[slot], 18));
    const name = document.createElement("span");
    name.textContent = slotName(slot);
    const count = document.createElement("span");
    count.className = "slot-count";
    count.textContent = String(plays.length);
    head.append(name, count);
    section.append(head);
    const list = document.createElement("ul");
    list.className = "slot-cards";
    for (const play of plays) list.append(playItem(play, view, deckIdx, opts));
    if (!plays.length) {
      const empty = document.createElement("li");
      empty.className = "slot-empty";
      empty.textContent = t("board.empty_slot");
      list.append(empty);
    }
    section.append(list);
    frag.append(section);
  }
  host.replaceChildren(frag);
}

function playItem(play, view, deckIdx, opts) {
  const li = document.createElement("li");
  li.className = "play";
  li.dataset.playId = String(play.play_id);
  const card = play.card_id ? deckIdx.byId.get(play.card_id) : null;
  const tile = cardTile(card, { hidden: play.card_id == null, compact: opts.compact });
  if (play.hidden) tile.classList.add("card-face-down");
  // With onPlay the card opens its details: a real button inside the list item (a list item
  // with role=button would stop being a list item for screen readers).
  const holder = opts.onPlay ? Object.assign(document.createElement("button"), { type: "button", className: "play-open" }) : li;
  if (holder !== li) li.append(holder);
  holder.append(tile);
  const meta = document.createElement("div");
  meta.className = "play-meta";
  const who = nickname(view, play.seat_id);
  const by = document.createElement("span");
  by.textContent = who ? t("board.played_by", { name: who }) : t("board.played_by_facilitator");
  meta.append(by);
  const votes = Object.values(play.votes || {});
  if (votes.length) {
    const up = votes.filter((v) => v > 0).length;
    const down = votes.filter((v) => v < 0).length;
    const v = document.createElement("span");
    v.className = "votes";
    v.append(icon("up"), ` ${up}  `, icon("down"), ` ${down}`);
    v.setAttribute("aria-label", t("board.votes", { up, down }));
    meta.append(v);
  }
  const comments = (view.comments || []).filter((c) => c.play_id === play.play_id);
  if (comments.length && !opts.comments) {
    const c = document.createElement("span");
    c.className = "comments-count";
    c.textContent = t("board.comments", { n: comments.length });
    meta.append(c);
  }
  holder.append(meta);
  if (comments.length && opts.comments) li.append(commentList(comments, view));
  if (opts.highlight === play.play_id) li.classList.add("flash");
  if (opts.onPlay) holder.addEventListener("click", () => opts.onPlay(play, li));
  return li;
}

/** The comments as a list a facilitator reads: who (or "facilitator", "note" for private notes) and the text. */
export function commentList(comments, view, deckIdx = null) {
  const list = document.createElement("ul");
  list.className = "comment-list";
  for (const c of comments) {
    const li = document.createElement("li");
    li.dataset.commentId = String(c.comment_id);
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = c.private ? t("comments.private_note") : nickname(view, c.seat_id) || t("board.facilitator");
    li.append(who);
    if (deckIdx && c.play_id != null) {
      const play = view.plays.find((p) => p.play_id === c.play_id);
      const card = play && play.card_id ? deckIdx.byId.get(play.card_id) : null;
      if (card) {
        const on = document.createElement("span");
        on.className = "on-card";
        on.textContent = t("comments.on_card", { title: local(card.title) });
        li.append(on);
      }
    }
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = c.text;
    li.append(text);
    list.append(li);
  }
  return list;
}

/** Render the seats (nickname and role card) into `host`. */
export function renderSeats(host, view, deckIdx, { onSeat = null, onKicked = null } = {}) {
  const list = document.createElement("ul");
  list.className = "seats";
  for (const seat of view.seats) {
    const li = document.createElement("li");
    li.className = seat.kicked ? "seat kicked" : "seat";
    li.dataset.seatId = seat.seat_id;
    li.append(shapeIcon("role", 16));
    const name = document.createElement("span");
    name.className = "seat-name";
    name.textContent = seat.nickname;
    const role = document.createElement("span");
    role.className = "seat-role";
    const roleCard = seat.role_card ? deckIdx.byId.get(seat.role_card) : null;
    role.textContent = roleCard ? local(roleCard.title) : t("seat.no_role");
    li.append(name, role);
    if (seat.kicked) {
      const k = document.createElement("span");
      k.className = "badge";
      k.textContent = t("seat.kicked");
      li.append(k);
      if (onKicked) onKicked(seat, li);
    } else if (onSeat) {
      onSeat(seat, li);
    }
    list.append(li);
  }
  host.replaceChildren(list);
}

/** Seconds left on the table's timer at `nowMs` [ms] (0 once it ended), or null without a timer. */
export function timerLeft(view, nowMs, clockOffsetS = 0) {
  if (!view || !view.timer) return null;
  return Math.max(0, view.timer.ends_at - (nowMs / 1000 + clockOffsetS));
}

/** Draw the timer into `host` (a clock icon and "12:34", or a visible "Time's up" and what
 * follows); returns true when the timer has ended. Same on every screen. */
export function drawTimer(host, view, nowMs, clockOffsetS = 0) {
  const left = timerLeft(view, nowMs, clockOffsetS);
  host.classList.toggle("timer-ended", left === 0);
  if (left == null) { host.replaceChildren(); return false; }
  if (left > 0) {
    host.replaceChildren(icon("timer"), " ", timerText(view, nowMs, clockOffsetS));
    host.removeAttribute("role");
    return false;
  }
  const then = view.timer.then && view.timer.then !== "nothing" ? ` · ${t(`timer.then_${view.timer.then}`)}` : "";
  host.replaceChildren(icon("bell"), " ", `${t("timer.ended")}${then}`);
  host.setAttribute("role", "alert");
  return true;
}

/** True in the first minute after the timer ended: signal it (sound, vibration) then, not on a reload later. */
export function justEnded(view, clockOffsetS = 0) {
  if (!view || !view.timer) return false;
  const since = Date.now() / 1000 + clockOffsetS - view.timer.ends_at;
  return since >= 0 && since < 60;
}

/** "12:34" left on the table's timer at `now` [ms], or "" without a timer. */
export function timerText(view, nowMs, clockOffsetS = 0) {
  if (!view || !view.timer) return "";
  const left = Math.max(0, view.timer.ends_at - (nowMs / 1000 + clockOffsetS));
  const m = Math.floor(left / 60);
  const s = Math.floor(left % 60);
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** The localised phase name. */
export function phaseName(phase) { return t(`phase.${phase}`); }
