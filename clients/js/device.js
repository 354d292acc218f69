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

/** A short two-tone chime (Web Audio, no file) for a timer's end; silent if the browser blocks audio
 * until the page has been touched. */
export function chime() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    [[880, 0], [660, 0.35]].forEach(([hz, at]) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.25, ctx.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.3);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + at + 0.32);
    });
    setTimeout(() => ctx.close(), 1200);
  } catch { /* no audio on this device: the visible end remains */ }
}
