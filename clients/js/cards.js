/**
 * How cards look on screens: the same category colours (Okabe–Ito, colour-blind safe) and the
 * same corner shapes as the printed deck (printables/style.py), so a card is told apart by shape
 * as well as colour, also in grey or for colour-blind players.
 */

import { local, t } from "./i18n.js";

/** Category -> colour, ink on it and shape; mirrors printables/style.py STYLES. */
export const CATEGORY_STYLE = {
  role: { color: "#3A3A3A", ink: "#FFFFFF", shape: "circle" },
  governance: { color: "#0072B2", ink: "#FFFFFF", shape: "square" },
  who: { color: "#56B4E9", ink: "#000000", shape: "triangle" },
  what: { color: "#E69F00", ink: "#000000", shape: "diamond" },
  how: { color: "#009E73", ink: "#FFFFFF", shape: "hexagon" },
  why: { color: "#F0E442", ink: "#000000", shape: "star" },
  energy: { color: "#D55E00", ink: "#FFFFFF", shape: "bolt" },
  scenario: { color: "#CC79A7", ink: "#000000", shape: "octagon" },
};

/** Board slots in the order of the printed mat, and the category each shows. */
export const SLOTS = ["governance", "who", "what", "how", "why", "financing", "measures", "scenario"];
export const SLOT_CATEGORY = {
  governance: "governance", who: "who", what: "what", how: "how", why: "why",
  financing: "why", measures: "energy", scenario: "scenario",
};

const SHAPES = {
  circle: '<circle cx="12" cy="12" r="9"/>',
  square: '<rect x="4" y="4" width="16" height="16"/>',
  triangle: '<polygon points="12,3 21.5,20 2.5,20"/>',
  diamond: '<polygon points="12,2 22,12 12,22 2,12"/>',
  hexagon: '<polygon points="7,3 17,3 22,12 17,21 7,21 2,12"/>',
  star: '<polygon points="12,2 14.9,8.6 22,9.3 16.6,14 18.2,21 12,17.3 5.8,21 7.4,14 2,9.3 9.1,8.6"/>',
  bolt: '<polygon points="14,2 4,14 11,14 9,22 20,9 13,9"/>',
  octagon: '<polygon points="8,2 16,2 22,8 22,16 16,22 8,22 2,16 2,8"/>',
};

/** An inline SVG of the category's shape in its colour, outlined so it reads on any background. */
export function shapeIcon(category, size = 20) {
  const style = CATEGORY_STYLE[category] || CATEGORY_STYLE.role;
  const wrap = document.createElement("span");
  wrap.className = "cat-shape";
  wrap.setAttribute("aria-hidden", "true");
  wrap.innerHTML = `<svg viewBox="0 0 24 24" width="${size}" height="${size}" fill="${style.color}" stroke="#000" stroke-width="1.5" stroke-linejoin="round">${SHAPES[style.shape]}</svg>`;
  return wrap;
}

/** Index a DeckOut by id and by printed code. */
export function indexDeck(deck) {
  const byId = new Map();
  for (const card of deck.cards) byId.set(card.id, card);
  return { deck, byId, cards: deck.cards };
}

/** A compact card tile: shape, id, title; `extra` is appended (who played it, votes...). */
export function cardTile(card, { hidden = false, compact = false } = {}) {
  const el = document.createElement("div");
  el.className = "card-tile";
  if (hidden || !card) {
    el.classList.add("card-hidden");
    el.append(shapeIcon("scenario"));
    const title = document.createElement("span");
    title.className = "card-title";
    title.textContent = t("card.face_down");
    el.append(title);
    return el;
  }
  el.dataset.card = card.id;
  el.dataset.category = card.category;
  el.style.setProperty("--cat", CATEGORY_STYLE[card.category]?.color || "#777");
  el.append(shapeIcon(card.category));
  const body = document.createElement("span");
  body.className = "card-text";
  const title = document.createElement("span");
  title.className = "card-title";
  title.textContent = local(card.title);
  const id = document.createElement("span");
  id.className = "card-id";
  id.textContent = `${card.id} · ${card.code}`;
  body.append(title, id);
  if (!compact) {
    const hook = document.createElement("span");
    hook.className = "card-hook";
    hook.textContent = local(card.hook);
    body.append(hook);
  }
  el.append(body);
  return el;
}

/** The localised name of a category or slot. */
export function slotName(slot) { return t(`slot.${slot}`); }
export function categoryName(category) { return t(`category.${category}`); }
