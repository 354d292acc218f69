/** Small UI helpers shared by the screens: toasts, connection status pill, reason texts. */

import { t } from "./i18n.js";

/** Show a short message; kind is "ok", "bad" or "info". Screen readers hear it (aria-live). */
export function toast(text, kind = "info", ms = 3500) {
  const host = document.getElementById("toasts");
  if (!host) return;
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  el.textContent = text;
  host.append(el);
  setTimeout(() => el.remove(), ms);
}

/** Keep a status pill in step with a LiveTable's connection state. */
export function bindStatus(el, live) {
  const draw = () => {
    el.dataset.status = live.status;
    const pending = live.outbox.length;
    el.textContent = t(`status.${live.status}`) + (pending ? ` · ${t("status.pending", { n: pending })}` : "");
  };
  for (const name of ["status", "queued", "ack", "reject"]) live.addEventListener(name, draw);
  draw();
  return draw;
}

/** A rejection reason code as a sentence for people. */
export function reasonText(reason) {
  const key = `reason.${reason}`;
  const text = t(key);
  return text === key ? t("reason.unknown", { reason }) : text;
}

/** Replace `host`'s children with a text node (never HTML). */
export function setText(host, text) { host.textContent = text; }

/** Element shorthand: el("button", {class: "x", text: "y", onclick}) */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null) continue;
    if (k === "text") node.textContent = v;
    else if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}
