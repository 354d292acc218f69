/**
 * The table as one screen sees it: the server's snapshot (server/projection.py TableView) with
 * each later event folded in, mirroring server/table_state.py `fold`. Pure functions, no DOM.
 */

const BOARD_EVENTS = new Set(["card_played", "card_removed", "card_moved"]);

/** A deep copy of a snapshot's `table`, ready to fold events into. */
export function fromSnapshot(table) {
  const view = structuredClone(table);
  view.plays = (view.plays || []).map((p) => ({ votes: {}, ...p }));
  return view;
}

/** Fold one event (already projected for this viewer) into `view`, in place. */
export function foldEvent(view, ev) {
  view.seq = ev.seq;
  switch (ev.type) {
    case "seat_joined":
      if (!view.seats.some((s) => s.seat_id === ev.seat_id)) {
        view.seats.push({ seat_id: ev.seat_id, nickname: ev.nickname, role_card: null, kicked: false });
      }
      break;
    case "role_taken": withSeat(view, ev.seat_id, (s) => { s.role_card = ev.role_card; }); break;
    case "seat_kicked": withSeat(view, ev.seat_id, (s) => { s.kicked = true; s.may_rejoin = !!ev.may_rejoin; }); break;
    case "card_played":
      view.plays = view.plays.filter((p) => p.play_id !== ev.play_id);
      view.plays.push({ play_id: ev.play_id, card_id: ev.card_id, slot: ev.slot, source: ev.source,
        seat_id: ev.seat_id, hidden: !!ev.hidden, votes: {} });
      view.plays.sort((a, b) => a.play_id - b.play_id);
      break;
    case "card_removed": view.plays = view.plays.filter((p) => p.play_id !== ev.play_id); break;
    case "card_moved": withPlay(view, ev.play_id, (p) => { p.slot = ev.to_slot; }); break;
    case "scenario_revealed": withPlay(view, ev.play_id, (p) => { p.hidden = false; p.card_id = ev.card_id; }); break;
    case "vote_cast": withPlay(view, ev.play_id, (p) => { p.votes[ev.seat_id] = ev.value; }); break;
    case "comment_added":
      view.comments.push({ comment_id: ev.seq, seat_id: ev.seat_id, text: ev.text, play_id: ev.play_id ?? null,
        private: !!ev.private, at: ev.at });
      break;
    case "phase_set": view.phase = ev.phase; break;
    case "timer_started":
      view.timer = { started_at: ev.started_at, duration_s: ev.duration_s, ends_at: ev.started_at + ev.duration_s,
        then: ev.then || "nothing", sound: !!ev.sound, seq: ev.seq };
      break;
    case "timer_stopped": view.timer = null; break;
    case "table_locked": view.locked = true; break;
    case "table_unlocked": view.locked = false; break;
    default: break; // "redacted" and unknown future events keep only the seq
  }
  if (BOARD_EVENTS.has(ev.type) && ev.undo_of == null) view.can_undo = true;
  return view;
}

function withSeat(view, seatId, fn) {
  const seat = view.seats.find((s) => s.seat_id === seatId);
  if (seat) fn(seat);
}

function withPlay(view, playId, fn) {
  const play = view.plays.find((p) => p.play_id === playId);
  if (play) fn(play);
}

/** Plays grouped by slot, in play order. */
export function playsBySlot(view) {
  const out = {};
  for (const p of view.plays) (out[p.slot] ||= []).push(p);
  return out;
}

/** The nickname of a seat, or null for the facilitator. */
export function nickname(view, seatId) {
  if (!seatId) return null;
  const seat = view.seats.find((s) => s.seat_id === seatId);
  return seat ? seat.nickname : null;
}
