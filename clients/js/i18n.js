/**
 * Texts for people in every shipped language, compiled by the server from the PO catalogs
 * (catalogs/locale/<lang>/LC_MESSAGES/messages.po -> /static/i18n/<lang>.json; one source).
 *
 * The language comes from, in order: the user's earlier choice (localStorage), the browser's
 * preferred languages, English. Elements carry `data-i18n="key"` (text content),
 * `data-i18n-attr="attr:key;attr2:key2"` (attributes); apply() fills them. Strings are always
 * inserted as text, never as HTML. Plural messages pick their form with Intl.PluralRules;
 * numbers, units and dates go through Intl.NumberFormat / Intl.DateTimeFormat in the
 * catalog's locale (`_meta.locale`, e.g. pt-PT).
 */

/** The shipped languages, filled from /static/i18n/languages.json by loadLanguages(). */
export let LANGS = ["en"];
let NAMES = { en: "English" };
// The person's own pick from the switcher. Not "pced.lang": earlier versions stored the browser's
// language there on first load, which then overrode the workshop's language (issue 13).
const STORE_KEY = "pced.lang.chosen";
let current = "en";
let locale = "en";
let dict = {};
let fallback = {};
const listeners = new Set();

/** Fetch the list of shipped languages (once); the switcher and preferredLang() use it. */
export async function loadLanguages() {
  if (LANGS.length > 1) return LANGS;
  const res = await fetch("/static/i18n/languages.json", { cache: "no-cache" });
  if (!res.ok) throw new Error(`expected /static/i18n/languages.json, got HTTP ${res.status}`);
  const list = await res.json();
  LANGS = list.map((l) => l.code);
  NAMES = Object.fromEntries(list.map((l) => [l.code, l.name]));
  return LANGS;
}

/**
 * The languages to start with, best first: stored choice, then navigator.languages, then
 * English. setLang() takes the first one shipped (the list is known only once loaded).
 */
/** True once the person picked a language with the switcher (only then is it stored): until
 * then the workshop's language wins over the browser's. */
export function hasChosenLang() {
  const stored = safeGet(STORE_KEY);
  return Boolean(stored) && (LANGS.length <= 1 || LANGS.includes(stored));
}

export function preferredLang() {
  const out = [];
  const stored = safeGet(STORE_KEY);
  if (stored) out.push(stored);
  for (const tag of navigator.languages || [navigator.language || "en"]) out.push(String(tag).slice(0, 2).toLowerCase());
  out.push("en");
  return out;
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
export async function setLang(wanted, { remember = false } = {}) {
  await loadLanguages();
  const candidates = Array.isArray(wanted) ? wanted : [wanted];
  const lang = candidates.find((code) => LANGS.includes(code)) || "en";
  if (!Object.keys(fallback).length) fallback = await load("en");
  dict = lang === "en" ? fallback : await load(lang);
  current = lang;
  locale = (dict._meta && dict._meta.locale) || lang;
  if (remember) { try { localStorage.setItem(STORE_KEY, lang); } catch { /* private mode */ } }
  document.documentElement.lang = lang;
  apply(document);
  for (const fn of listeners) fn(lang);
  return lang;
}

export function lang() { return current; }

/** A table as people call it in the current language ("Mesa 2"); a name the facilitator gave wins. */
export function tableLabel(info) {
  // The server stores a number as the name ("2"); older workshops stored "Table 2".
  const name = (info.name || "").trim();
  const named = name && name !== String(info.number) && name !== `Table ${info.number}`;
  return named ? name : t("console.table_n", { n: info.number });
}

/** A shipped language's name in itself ("Português"), from languages.json. */
export function languageName(code) { return NAMES[code] || code; }

/** The BCP 47 locale of the current language (for Intl), e.g. "pt-PT". */
export function currentLocale() { return locale; }

export function onLangChange(fn) { listeners.add(fn); }

/**
 * The text for `key` with `{name}` placeholders filled from `params`; the key itself if missing.
 * A plural message ({one, other, ...}) takes the form Intl.PluralRules picks for `params.n`;
 * a numeric `n` is shown with the language's digits grouping.
 */
export function t(key, params = {}) {
  let raw = dict[key] ?? fallback[key] ?? key;
  if (raw && typeof raw === "object") {
    const n = Number(params.n ?? 0);
    raw = raw[new Intl.PluralRules(locale).select(n)] ?? raw.other ?? Object.values(raw)[0];
  }
  return raw.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in params)) return m;
    const v = params[name];
    return typeof v === "number" ? num(v) : String(v);
  });
}

/** A number in the current locale (Intl.NumberFormat), at most `digits` decimals. */
export function num(value, digits = 1) {
  if (typeof value !== "number" || !Number.isFinite(value)) return value == null ? "" : String(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A fraction (0.3) as a percentage in the current locale: "30 %" in French, "30%" in English. */
export function pct(fraction, digits = 0) {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits }).format(fraction);
}

/** Euros in the current locale, whole euros ("12 345 €", "€12,345"). */
export function money(value) {
  return new Intl.NumberFormat(locale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(value);
}

/** A unit as the language writes it (catalog unit:<unit>, e.g. MWh/yr -> MWh/an); others as given. */
export function unit(u) {
  if (!u || u === "count" || u === "score") return "";
  const key = `unit:${u}`;
  return dict[key] ?? fallback[key] ?? u;
}

/** A number and its unit, joined by a no-break space; a fraction (the engine's unit for shares) as a percentage. */
export function qty(value, u, digits = 1) {
  if (u === "fraction" && typeof value === "number") return pct(value, digits);
  const name = unit(u);
  return name ? `${num(value, digits)}\u00a0${name}` : num(value, digits);
}

/** A date (and time with `withTime`) by Intl.DateTimeFormat in the current locale. */
export function dateText(date, withTime = false) {
  const d = date instanceof Date ? date : new Date(date);
  return new Intl.DateTimeFormat(locale, withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "long" }).format(d);
}

/** Short month names in the current locale (Intl.DateTimeFormat). */
export function monthNames() {
  const f = new Intl.DateTimeFormat(locale, { month: "short" });
  return [...Array(12).keys()].map((i) => f.format(new Date(Date.UTC(2025, i, 15))));
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
  select.setAttribute("aria-label", LANGS.map((code) => NAMES[code] || code).join(" / "));
  for (const code of LANGS) {
    const opt = document.createElement("option");
    opt.value = code;
    opt.textContent = NAMES[code] || code;
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
