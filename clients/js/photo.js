/**
 * "Photograph the table": one photo of the mat from the phone's camera (or a file on the console)
 * goes to POST /api/tables/{id}/photo; the server finds every card code in it and plays each one
 * through the normal command path, so the board updates on every screen by itself. This module
 * only uploads and says what was found: cards played, cards already on the board, cards or codes
 * refused (with the translated reason), or why the image itself was refused.
 */

import { t, local } from "./i18n.js";
import { el, reasonText } from "./ui.js";

/** The server's upload limit [bytes] (server/api.py MAX_PHOTO_BYTES). */
const MAX_BYTES = 12 * 1024 * 1024;
/** Pixels a shrunk photo keeps: the recogniser works at about 12 MP (cards/recognise/limits.py). */
const SHRINK_PIXELS = 12e6;
/** Image errors the recogniser names (cards/recognise/limits.py REASONS) plus the server's own. */
const IMAGE_ERRORS = new Set(["too_large", "too_many_pixels", "not_an_image", "unsupported_format", "truncated",
  "animated", "unsupported_colour", "corrupt", "unavailable"]);

/**
 * A "Photograph the table" control for `tableId`. `capture` asks a phone for its rear camera;
 * desktops show a file picker. `deck` is the indexed deck (cards.js) for card titles.
 */
export function photoControl({ tableId, token, deck, capture = true, onResult = null }) {
  const input = el("input", { type: "file", accept: "image/*", class: "sr-only", tabindex: "-1", "aria-hidden": "true", dataset: { photoInput: "" } });
  if (capture) input.setAttribute("capture", "environment");
  const button = el("button", { type: "button", class: "primary", dataset: { photoButton: "" } }, cameraIcon(), el("span", { text: t("photo.button") }));
  const out = el("div", { class: "photo-result", role: "status", "aria-live": "polite" });
  const box = el("div", { class: "photo stack" }, el("div", { class: "row" }, button, input), el("p", { class: "muted", text: t("photo.hint") }), out);
  button.addEventListener("click", () => input.click());
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    button.disabled = true;
    out.dataset.state = "busy";
    out.replaceChildren(el("p", { text: t("photo.reading") }));
    try {
      const body = await upload(tableId, token, file);
      out.dataset.state = "done";
      out.replaceChildren(...describe(body, deck));
      if (onResult) onResult(body);
    } catch (err) {
      out.dataset.state = "error";
      out.replaceChildren(el("p", { class: "error-text", text: errorText(err) }));
    } finally {
      button.disabled = false;
    }
  });
  return box;
}

class PhotoError extends Error {
  constructor(code, detail = "") { super(detail || code); this.code = code; }
}

/**
 * Read, without playing, the cards in `blob` (a frame of the live camera, js/scanner.js): the
 * photo endpoint with ?play=0. Resolves with PhotoOut (each card's `result` null); rejects with
 * an error that `photoErrorText` turns into the photo control's own message.
 */
export function readPhoto(tableId, token, blob) {
  return upload(tableId, token, blob, "?play=0");
}

/** The photo control's message for a failed upload (an image refused, the network, the server). */
export function photoErrorText(err) {
  return errorText(err);
}

async function upload(tableId, token, file, query = "") {
  const blob = file.size > MAX_BYTES ? await shrink(file) : file;
  if (blob.size > MAX_BYTES) throw new PhotoError("too_large");
  let res;
  try {
    res = await fetch(`/api/tables/${encodeURIComponent(tableId)}/photo${query}`, {
      method: "POST", body: blob,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": blob.type || "application/octet-stream" },
    });
  } catch (err) {
    throw new PhotoError("network", String(err));
  }
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) throw new PhotoError((data && data.error) || `http_${res.status}`, data && data.message);
  return data;
}

/** A photo above the upload limit, re-encoded as JPEG at about 12 MP (what the recogniser uses). */
async function shrink(file) {
  let bitmap;
  try { bitmap = await createImageBitmap(file); } catch { throw new PhotoError("not_an_image"); }
  const scale = Math.min(1, Math.sqrt(SHRINK_PIXELS / (bitmap.width * bitmap.height)));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b || file), "image/jpeg", 0.92));
}

function errorText(err) {
  const code = err && err.code ? err.code : "server_error";
  const key = IMAGE_ERRORS.has(code) ? `photo.error_${code}` : null;
  return `${t("photo.failed")} ${key ? t(key) : reasonText(code)}`;
}

function title(deck, cardId) {
  const card = deck && deck.byId.get(cardId);
  return card ? `${local(card.title)} (${card.code})` : cardId;
}

/** What the server found, as paragraphs and lists for people (PhotoOut, server/protocol.py). */
export function describe(body, deck) {
  const played = [], already = [], refused = [];
  for (const f of body.found || []) {
    if (f.result.ok && !f.result.duplicate) played.push(title(deck, f.card_id));
    else if (f.result.ok || f.result.reason === "already_on_board") already.push(title(deck, f.card_id));
    else refused.push(`${title(deck, f.card_id)}: ${reasonText(f.result.reason)}`);
  }
  const codes = (body.rejected || []).map((r) => reasonText(r.reason));
  const parts = [];
  const count = (body.found || []).length;
  parts.push(el("p", { class: "photo-summary", text: count ? t("photo.found", { n: count }) : t("photo.none") }));
  const list = (key, items, kind) => {
    if (!items.length) return;
    parts.push(el("h4", { text: t(key, { n: items.length }) }),
      el("ul", { class: `photo-list ${kind}`, dataset: { photoList: kind } }, ...items.map((x) => el("li", { text: x }))));
  };
  list("photo.played", played, "played");
  list("photo.already", already, "already");
  list("photo.refused", refused, "refused");
  list("photo.codes_refused", codes, "codes");
  if (body.unread) parts.push(el("p", { class: "photo-unread", dataset: { photoUnread: String(body.unread) }, text: t("photo.unread", { n: body.unread }) }));
  return parts;
}

function cameraIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  for (const [k, v] of Object.entries({ viewBox: "0 0 24 24", width: "22", height: "22", fill: "none", stroke: "currentColor",
    "stroke-width": "2.2", "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true" })) svg.setAttribute(k, v);
  const body = document.createElementNS(ns, "path");
  body.setAttribute("d", "M4 8h3l2-3h6l2 3h3v11H4z");
  const lens = document.createElementNS(ns, "circle");
  for (const [k, v] of Object.entries({ cx: "12", cy: "13", r: "3.5" })) lens.setAttribute(k, v);
  svg.append(body, lens);
  return svg;
}
