/** The landing page: join a table by code, or create a workshop and open its console. */

import { setLang, preferredLang, mountSwitcher, lang, LANGS, languageName, local, num, onLangChange, t } from "./i18n.js";
import { api } from "./api.js";
import { reasonText } from "./ui.js";

const $ = (id) => document.getElementById(id);

/** The built-in districts from the server (GET /api/districts), named in every language. */
let districts = { districts: [], max_file_bytes: 0 };

/** Fill the district list in the page's language, keeping the choice. */
function drawDistricts() {
  const select = $("w-district");
  const chosen = select.value;
  select.replaceChildren();
  for (const d of districts.districts) {
    const opt = document.createElement("option");
    opt.value = d.id;
    opt.textContent = local(d.name);
    select.append(opt);
  }
  if (chosen) select.value = chosen;
}

/** One line per wrong field of a refused district file, with its allowed range in the page's language. */
function fieldLine(p) {
  const parts = [p.field];
  if (p.low != null && p.high != null) parts.push(t("index.district_range", { low: num(p.low, 6), high: num(p.high, 6) }));
  else if (p.low != null) parts.push(t("index.district_min", { low: num(p.low, 6) }));
  else if (p.high != null) parts.push(t("index.district_max", { high: num(p.high, 6) }));
  // The server's own words are English: shown only where no translated range says it.
  if (parts.length === 1) parts.push(p.message);
  if (p.got != null) parts.push(p.got);
  return parts.join(" · ");
}

function showError(err) {
  $("create-error").textContent = reasonText(err.code);
  const list = $("create-fields");
  list.replaceChildren();
  for (const p of (err.data && err.data.fields) || []) {
    const li = document.createElement("li");
    li.textContent = fieldLine(p);
    list.append(li);
  }
}

async function main() {
  await setLang(preferredLang());
  mountSwitcher($("lang-host"));
  for (const code of LANGS) {
    const opt = document.createElement("option");
    opt.value = code;
    opt.textContent = languageName(code);
    $("w-lang").append(opt);
  }
  $("w-lang").value = lang();
  $("join").addEventListener("submit", (e) => {
    e.preventDefault();
    location.href = `/play?join=${encodeURIComponent($("code").value.trim().toUpperCase())}`;
  });
  $("create").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("create-error").textContent = "";
    $("create-fields").replaceChildren();
    // Until the list has arrived the select is empty: the server's default district is used.
    const body = { name: $("w-name").value.trim(), district: $("w-district").value || undefined, tables: Number($("w-tables").value) || 4, lang: $("w-lang").value };
    const file = $("w-district-file").files[0];
    if (file) {
      if (districts.max_file_bytes && file.size > districts.max_file_bytes) {
        showError({ code: "too_large" });
        return;
      }
      body.district_file = await file.text();
    }
    try {
      const out = await api("/api/workshops", { method: "POST", token: $("w-admin").value.trim() || null, body });
      location.href = out.facilitator_url;
    } catch (err) {
      showError(err);
    }
  });
  // After the handlers: a quick facilitator's click never submits the form natively.
  try {
    districts = await api("/api/districts");
  } catch (err) {
    showError(err);
  }
  drawDistricts();
  onLangChange(drawDistricts);
}

main();
