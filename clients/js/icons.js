/**
 * The app's own vector icons: inline SVG, drawn with currentColor, so they show on every machine
 * (an emoji such as "⏱" is an empty box where no emoji font is installed) and scale with text.
 * Decorative by default (aria-hidden); give `label` when the icon alone carries the meaning.
 */

const PATHS = {
  timer: '<circle cx="12" cy="13" r="8" fill="none" stroke="currentColor" stroke-width="2.4"/><path d="M12 13V8.5M9 2.5h6M18.5 6.5l1.5-1.5" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>',
  check: '<path d="M4 12.5l5 5L20 6.5" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>',
  cross: '<path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round"/>',
  up: '<path d="M12 4l9 15H3z" fill="currentColor"/>',
  down: '<path d="M12 20L3 5h18z" fill="currentColor"/>',
  none: '<circle cx="12" cy="12" r="7" fill="none" stroke="currentColor" stroke-width="2.4"/>',
  dot: '<circle cx="12" cy="12" r="6" fill="currentColor"/>',
  bell: '<path d="M6 17V11a6 6 0 0 1 12 0v6l2 2H4zM10 21h4" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linejoin="round"/>',
};

/** An inline SVG icon (`name` in PATHS), 1em square unless `size` [px] is given. */
export function icon(name, { size = null, label = null, cls = "" } = {}) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", `icon icon-${name} ${cls}`.trim());
  svg.setAttribute("width", size ? String(size) : "1em");
  svg.setAttribute("height", size ? String(size) : "1em");
  svg.setAttribute("focusable", "false");
  if (label) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", label); } else svg.setAttribute("aria-hidden", "true");
  svg.innerHTML = PATHS[name] || "";
  return svg;
}

/** The same icon as an SVG string (for chart labels and HTML tooltips drawn by ECharts). */
export function iconSvg(name, size = 14, color = "currentColor") {
  return `<svg viewBox="0 0 24 24" width="${size}" height="${size}" aria-hidden="true" style="vertical-align:-2px;color:${color}">${PATHS[name] || ""}</svg>`;
}
