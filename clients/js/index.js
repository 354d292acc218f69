/** The landing page: join a table by code, or create a workshop and open its console. */

import { setLang, preferredLang, mountSwitcher, lang, LANGS, languageName } from "./i18n.js";
import { api } from "./api.js";
import { reasonText } from "./ui.js";

const $ = (id) => document.getElementById(id);

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
    try {
      const out = await api("/api/workshops", {
        method: "POST",
        token: $("w-admin").value.trim() || null,
        body: { name: $("w-name").value.trim(), district: $("w-district").value, tables: Number($("w-tables").value) || 4, lang: $("w-lang").value },
      });
      location.href = out.facilitator_url;
    } catch (err) {
      $("create-error").textContent = reasonText(err.code);
    }
  });
}

main();
