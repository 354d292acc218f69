/**
 * Texts for people in English, French and German (clients/i18n/<lang>.json).
 *
 * The language comes from, in order: the user's earlier choice (localStorage), the browser's
 * preferred languages, English. Elements carry `data-i18n="key"` (text content),
 * `data-i18n-attr="attr:key;attr2:key2"` (attributes); apply() fills them. Strings are always
 * inserted as text, never as HTML.
 */

export const LANGS = ["en", "fr", "de"];
// The person's own pick from the switcher. Not "pced.lang": earlier versions stored the browser's
// language there on first load, which then overrode the workshop's language (issue 13).
const STORE_KEY = "pced.lang.chosen";
let current = "en";
let dict = {};
let fallback = {};
const listeners = new Set();

/** True once the person picked a language with the switcher (only then is it stored): until
 * then the workshop's language wins over the browser's. */
export function hasChosenLang() { return LANGS.includes(safeGet(STORE_KEY)); }

/** The language to start with: stored choice, then navigator.languages, then English. */
export function preferredLang() {
  const stored = safeGet(STORE_KEY);
  if (LANGS.includes(stored)) return stored;
  for (const tag of navigator.languages || [navigator.language || "en"]) {
    const base = String(tag).slice(0, 2).toLowerCase();
    if (LANGS.includes(base)) return base;
  }
  return "en";
}

function safeGet(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

async function load(lang) {
  const res = await fetch(`/static/i18n/${lang}.json`, { cache: "no-cache" });
  if (!res.ok) throw new Error(`expected /static/i18n/${lang}.json, got HTTP ${res.status}`);
  return res.json();
}

/** Load `lang` (and English as the fallback), fill the page, notify listeners. `remember` stores
 * it as the person's own choice: only the language switcher does that. */
export async function setLang(lang, { remember = false } = {}) {
  if (!LANGS.includes(lang)) lang = "en";
  if (!Object.keys(fallback).length) fallback = await load("en");
  dict = lang === "en" ? fallback : await load(lang);
  current = lang;
  if (remember) { try { localStorage.setItem(STORE_KEY, lang); } catch { /* private mode */ } }
  document.documentElement.lang = lang;
  apply(document);
  for (const fn of listeners) fn(lang);
  return lang;
}

export function lang() { return current; }

export function onLangChange(fn) { listeners.add(fn); }

/** The text for `key` with `{name}` placeholders filled from `params`; the key itself if missing.
 * A numeric `n` picks the plural form `key.one` / `key.two` / `key.few` / `key.many` when the
 * catalogue has it (Intl.PluralRules of the current language; `key` itself is the other form)
 * and is written with the language's digits and separators (Intl.NumberFormat). */
export function t(key, params = {}) {
  let raw = dict[key] ?? fallback[key] ?? key;
  if (typeof params.n === "number") {
    const form = `${key}.${new Intl.PluralRules(current).select(params.n)}`;
    raw = dict[form] ?? raw;
    params = { ...params, n: new Intl.NumberFormat(current).format(params.n) };
  }
  return raw.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** A stakeholder's name in the current language (ids come from the rules engine). */
export function stakeholderName(id) {
  const key = `stakeholder.${id}`;
  const text = t(key);
  return text === key ? id.replace(/_/g, " ") : text;
}

/** Fill every [data-i18n] / [data-i18n-attr] element under `root`. */
export function apply(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

/** A <select> switching the language, placed into `host`. */
export function mountSwitcher(host) {
  const select = document.createElement("select");
  select.className = "lang-switch";
  select.setAttribute("aria-label", "Language / Langue / Sprache");
  for (const code of LANGS) {
    const opt = document.createElement("option");
    opt.value = code;
    opt.textContent = { en: "English", fr: "Français", de: "Deutsch" }[code];
    select.append(opt);
  }
  select.value = current;
  select.addEventListener("change", () => setLang(select.value, { remember: true }));
  onLangChange((l) => { select.value = l; });
  host.append(select);
  return select;
}

/** A localised card text field: `info.title[lang]` with English as the fallback. */
export function local(texts) {
  if (!texts) return "";
  return texts[current] || texts.en || "";
}
