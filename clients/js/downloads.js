/**
 * Downloads of the outcome documents and analysts' data (server/exports.py, server/api.py).
 * Each file is fetched with the page's bearer token (never put in a URL) and handed to the
 * browser as a file, so the token stays out of logs, history and the file's address.
 */

import { t } from "./i18n.js";
import { el, toast, reasonText } from "./ui.js";

/** Fetch `path` with the token and save it as `filename`; a failure shows the server's reason. */
export async function download(path, filename, token, button = null) {
  if (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); }
  try {
    const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) {
      let code = `http_${res.status}`;
      try { code = (await res.json()).error || code; } catch { /* not JSON: keep the status */ }
      throw new Error(res.status === 404 ? t("console.not_available") : reasonText(code));
    }
    const url = URL.createObjectURL(await res.blob());
    const a = el("a", { href: url, download: filename, hidden: "" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  } catch (err) {
    toast(`${filename}: ${err.message || err}`, "bad", 6000);
  } finally {
    if (button) { button.disabled = false; button.removeAttribute("aria-busy"); }
  }
}

/** A button that downloads `path`; `key` names it for tests and keyboard focus (data-export). */
export function downloadButton(label, path, filename, token, key) {
  const button = el("button", { type: "button", text: label, dataset: { export: key } });
  button.addEventListener("click", () => download(path, filename, token, button));
  return button;
}

function lang() { return document.documentElement.lang || "en"; }

/** One table's documents: report PDF, report data JSON, value flows / risks / KPIs CSV; for the
 *  facilitator also the event log and the hourly energy run (8,760 rows) for analysts. */
export function tableExportButtons(info, token, { log = false, hourly = false } = {}) {
  const id = encodeURIComponent(info.table_id);
  const q = `lang=${lang()}`;
  const stem = `pced-table-${info.number}`;
  const buttons = [
    downloadButton(t("export.table_pdf"), `/api/tables/${id}/report.pdf?${q}`, `${stem}-report.pdf`, token, "table-pdf"),
    downloadButton(t("export.json"), `/api/tables/${id}/report.json?${q}`, `${stem}-report.json`, token, "table-json"),
    ...["flows", "risks", "kpis"].map((kind) => downloadButton(t(`export.csv_${kind}`), `/api/tables/${id}/export/${kind}.csv?${q}`,
      `${stem}-${kind}.csv`, token, `table-${kind}-csv`)),
  ];
  if (log) buttons.push(downloadButton(t("export.log_json"), `/api/tables/${id}/export.json`, `${stem}-log.json`, token, "table-log-json"));
  if (hourly) buttons.push(downloadButton(t("export.csv_hourly"), `/api/tables/${id}/export/hourly.csv`, `${stem}-hourly.csv`, token, "table-hourly-csv"));
  return buttons;
}

/** The workshop's documents: the report comparing every table (PDF) and its data (JSON). */
export function workshopExportButtons(workshopId, token) {
  const id = encodeURIComponent(workshopId);
  const q = `lang=${lang()}`;
  return [
    downloadButton(t("console.workshop_report"), `/api/workshops/${id}/report.pdf?${q}`, "pced-workshop-report.pdf", token, "workshop-pdf"),
    downloadButton(t("export.workshop_json"), `/api/workshops/${id}/export.json?${q}`, "pced-workshop-report.json", token, "workshop-json"),
  ];
}
