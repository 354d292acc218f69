/**
 * What to tell a participant whose card the camera sees but cannot read, from the frame
 * measurements of js/scan-worker.js. Pure: frames in, an i18n key (or null) out.
 *
 * Causes, in the order they are checked (the first that fits wins, as fixing it is the most
 * likely to help):
 *   - scan.guide_glare  — clipped pixels cover GLARE_SHARE of the code: a reflection erases modules;
 *   - scan.guide_still  — the frame is much less sharp than the sharpest of the last few seconds
 *                         (the same scene, so the phone moved or lost focus), or a code is
 *                         seen below BLUR_SHARPNESS (a blank table is never "blurred");
 *   - scan.guide_closer — a code is seen with modules under CLOSER_MODULE_PX pixels.
 * A message appears after SHOW_AFTER unreadable frames with the same cause (about half a second)
 * and goes when a code is read or after CLEAR_AFTER frames without a cause.
 */

/** Share of clipped pixels (grey >= 250) where the code is (or over the middle of the frame) [-]:
 * auto-exposure keeps white paper below clipping, a reflection clips. */
export const GLARE_SHARE = 0.02;
/** Mean squared Laplacian over the squared contrast range [-]. The browser test's card at 6 px per
 * module measures about 0.1 sharp (0.11 over the code) and 0.009 smeared by a 3.4-module streak. */
export const BLUR_SHARPNESS = 0.04;
/** A frame below this share of the sharpest recent frame's sharpness is shaken [-]. */
export const RELATIVE_BLUR = 0.35;
/** Below two pixels per module a QR code's modules cannot be told apart, even sharp. */
export const CLOSER_MODULE_PX = 2.0;
const SHOW_AFTER = 3;
const CLEAR_AFTER = 4;
const RECENT_MS = 3000;

export class Guide {
  constructor() {
    this.key = null;
    this.streak = { key: null, count: 0 };
    this.calm = 0;
    this.recent = []; // [{at, sharpness}]
  }

  /** The cause a frame shows, or null. `analysis` as posted by the worker; `now` [ms]. */
  cause(analysis, now) {
    this.recent = this.recent.filter((f) => now - f.at < RECENT_MS);
    const best = Math.max(0, ...this.recent.map((f) => f.sharpness));
    this.recent.push({ at: now, sharpness: analysis.sharpness });
    if (analysis.glare >= GLARE_SHARE) return "scan.guide_glare";
    const shaken = best > 0 && analysis.sharpness < RELATIVE_BLUR * best;
    if (shaken || (analysis.seen && analysis.sharpness < BLUR_SHARPNESS)) return "scan.guide_still";
    if (analysis.seen && analysis.modulePx !== null && analysis.modulePx < CLOSER_MODULE_PX) return "scan.guide_closer";
    return null;
  }

  /** Feed one frame: `read` true when it gave a code. Returns the key to show now, or null. */
  update(analysis, read, now = performance.now()) {
    const cause = analysis ? this.cause(analysis, now) : null;
    if (read) {
      this.key = null;
      this.streak = { key: null, count: 0 };
      return null;
    }
    if (cause === null) {
      this.calm += 1;
      this.streak = { key: null, count: 0 };
      if (this.calm >= CLEAR_AFTER) this.key = null;
      return this.key;
    }
    this.calm = 0;
    this.streak = cause === this.streak.key ? { key: cause, count: this.streak.count + 1 } : { key: cause, count: 1 };
    if (this.streak.count >= SHOW_AFTER) this.key = cause;
    return this.key;
  }
}
