/**
 * Small device helpers: keep the screen awake during play (Screen Wake Lock API, re-acquired when
 * the page becomes visible again, since browsers drop the lock on hide) and haptic feedback.
 */

let lock = null;
let wanted = false;

export async function keepAwake(on = true) {
  wanted = on;
  if (!on) { if (lock) await lock.release().catch(() => {}); lock = null; return false; }
  if (!("wakeLock" in navigator)) return false;
  try {
    lock = await navigator.wakeLock.request("screen");
    lock.addEventListener("release", () => { lock = null; });
    return true;
  } catch { return false; }
}

document.addEventListener("visibilitychange", () => {
  if (wanted && !lock && document.visibilityState === "visible") keepAwake(true);
});

/** Vibrate: a short pulse for success, a double buzz for a refusal. */
export function buzz(kind = "ok") {
  if (!navigator.vibrate) return;
  navigator.vibrate(kind === "ok" ? 60 : [90, 60, 90]);
}
