/**
 * HTTP JSON calls to the app's own server (never another host). Tokens travel as
 * `Authorization: Bearer`, never in a query string, so they stay out of logs.
 */

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.status = status;
    this.code = code;
  }
}

/** `fetch` a JSON endpoint; throws ApiError with the server's stable error code. */
export async function api(path, { method = "GET", token = null, body = undefined } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, "network", String(err));
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const err = new ApiError(res.status, (data && data.error) || `http_${res.status}`, (data && data.message) || text.slice(0, 200));
    err.data = data;
    throw err;
  }
  return data;
}

/** The last path segment of the page's URL: the token of /f/{t}, /p/{t} and /r/{t}. */
export function pathToken() {
  const parts = location.pathname.split("/").filter(Boolean);
  return parts.length >= 2 ? decodeURIComponent(parts[parts.length - 1]) : null;
}

/** A client-made command id: unique, allowed by the server's pattern ^[A-Za-z0-9_.:-]{6,64}$. */
export function newCmdId(prefix = "c") {
  const rand = crypto.getRandomValues(new Uint32Array(3));
  return `${prefix}-${Date.now().toString(36)}-${[...rand].map((n) => n.toString(36)).join("")}`;
}

/** Cached GET /api/deck: {deck_id, version, cards: CardInfo[]}. */
let deckPromise = null;
export function loadDeck() {
  if (!deckPromise) deckPromise = api("/api/deck").catch((err) => { deckPromise = null; throw err; });
  return deckPromise;
}
