/**
 * The in-app card scanner: camera stream in a viewfinder, QR codes decoded by the browser's own
 * BarcodeDetector where it exists (Android Chrome, recent Safari) or by ZXing WebAssembly in a Web
 * Worker (js/scan-worker.js), torch toggle where the camera offers one.
 *
 * Read across frames, as a phone camera gives many a second:
 *   - a payload is reported once it was read in VOTES frames within VOTE_MS, so a frame misread
 *     by one decoder pass never plays a card alone;
 *   - the worker keeps the sharpest frame of the last second and reads it again with other
 *     binarizers when the current frame reads nothing;
 *   - frames that read nothing are measured (glare, sharpness, module size where a code is seen)
 *     and js/scan-guide.js turns a persistent cause into advice shown to the participant
 *     ("hold still", "tilt to avoid the reflection", "come closer"). With the native detector,
 *     only frames it could not read are sent to the worker.
 *
 * The scanner only reports raw payloads: the server parses them (cards.codes.parse_payload) and
 * answers with a play or a reason. A card seen again within REPEAT_MS is not reported twice.
 *
 * Fallback to the server's recogniser: the browser reads QR codes only, the server also reads
 * each card's marker (an AprilTag, cards/recognise/markers.py), which survives blur, reflections
 * and distances where the QR code does not. When a code is seen but unreadable (advice shown) or
 * nothing is read for FALLBACK_MS, the worker's sharpest recent frame goes as a JPEG to the photo
 * endpoint with ?play=0 (read, not played) and each card it names is reported through `onCard`,
 * the same confirmation path as a live read (one play command per card, deduplicated with the
 * QR reads by card id). At most one upload is in flight, at most one per FALLBACK_MS, none while
 * `online()` is false; after an upload that names no new card the gap doubles up to
 * FALLBACK_MAX_MS, so a camera pointed at nothing does not keep uploading.
 */

import { Guide } from "./scan-guide.js";

const FRAME_GAP_MS = 120;
const REPEAT_MS = 4000;
const VOTES = 2;
const VOTE_MS = 1500;
/** Unreadable this long [ms] before the server is asked, and the shortest gap between uploads. */
const FALLBACK_MS = 1500;
/** Longest gap [ms] between uploads after uploads that found nothing new. */
const FALLBACK_MAX_MS = 12000;

/** The card a payload names ("PCED.1/GOV-03.K7" or a URL ending in it), else the payload itself. */
function cardKey(payload) {
  const m = /([A-Z]+-\d+)\.[A-Z0-9]+$/.exec(payload);
  return m ? m[1] : payload;
}

export class Scanner {
  /**
   * @param {HTMLVideoElement} video
   * @param {(payload: string) => void} onCode
   * @param {(key: string | null) => void} [onGuide] i18n key of the advice to show, or null
   * @param {object} [fallback] the server's recogniser, used when the browser reads nothing:
   *   readPhoto(jpeg: Blob) => Promise<PhotoOut> (the photo endpoint with ?play=0),
   *   onCard(cardId: string, readBy: string) reports a card it named, online() => boolean,
   *   onError(err) the upload's error (shown as the photo control shows it)
   */
  constructor(video, onCode, onGuide = () => {}, { readPhoto = null, onCard = () => {}, online = () => true, onError = () => {} } = {}) {
    this.video = video;
    this.onCode = onCode;
    this.onGuide = onGuide;
    this.stream = null;
    this.track = null;
    this.running = false;
    this.seen = new Map();
    this.votes = new Map();
    this.guide = new Guide();
    this.guideKey = null;
    this.detect = null;
    this.worker = null;
    this.engine = null;
    this.ask = null;
    this.fallback = { readPhoto, onCard, online, onError, busy: false, last: -Infinity, gap: FALLBACK_MS, since: null };
  }

  /** Camera permission state, when the browser can tell ("granted", "prompt", "denied"). */
  static async permission() {
    try { return (await navigator.permissions.query({ name: "camera" })).state; } catch { return "unknown"; }
  }

  static isAvailable() { return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia); }

  /** Start the back camera and the decode loop. Throws a DOMException (NotAllowedError...) if refused. */
  async start() {
    if (this.running) return;
    if (!Scanner.isAvailable()) throw new DOMException("no camera API (needs HTTPS or localhost)", "NotSupportedError");
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
    this.track = this.stream.getVideoTracks()[0];
    this.video.srcObject = this.stream;
    this.video.setAttribute("playsinline", "");
    this.video.muted = true;
    await this.video.play();
    this.detect = await this.makeDetector();
    this.running = true;
    this.loop();
  }

  /** The worker: decodes and measures one frame, answers {codes, analysis}. */
  makeWorker() {
    this.worker = new Worker("/static/js/scan-worker.js");
    let next = 0;
    const pending = new Map();
    this.worker.onmessage = (e) => {
      const done = pending.get(e.data.id);
      if (!done) return;
      pending.delete(e.data.id);
      done(e.data);
    };
    this.ask = (message, transfer = []) => new Promise((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      this.worker.postMessage({ id, ...message }, transfer);
    });
    return async () => {
      if (this.video.readyState < 2) return { codes: [], analysis: null };
      const bitmap = await createImageBitmap(this.video);
      const { codes, analysis, error } = await this.ask({ bitmap }, [bitmap]);
      return error ? { codes: [], analysis: null } : { codes, analysis };
    };
  }

  async makeDetector() {
    const viaWorker = this.makeWorker();
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          const native = new window.BarcodeDetector({ formats: ["qr_code"] });
          this.engine = "native";
          return async () => {
            const codes = (await native.detect(this.video)).map((b) => b.rawValue);
            return codes.length ? { codes, analysis: null } : viaWorker();
          };
        }
      } catch { /* fall through to the worker */ }
    }
    this.engine = "zxing-wasm";
    return viaWorker;
  }

  async loop() {
    while (this.running) {
      let frame = { codes: [], analysis: null };
      try { frame = await this.detect(); } catch { frame = { codes: [], analysis: null }; }
      const now = performance.now();
      const payloads = [...new Set(frame.codes.map((raw) => String(raw).trim()).filter(Boolean))];
      for (const payload of payloads) this.vote(payload, now);
      const key = this.guide.update(frame.analysis, payloads.length > 0, now);
      if (key !== this.guideKey) {
        this.guideKey = key;
        this.onGuide(key);
      }
      this.maybeFallback(payloads.length > 0, now);
      await new Promise((r) => setTimeout(r, FRAME_GAP_MS));
    }
  }

  /** Count one frame's reading of `payload`; report it when VOTES frames within VOTE_MS agree. */
  vote(payload, now) {
    const times = (this.votes.get(payload) || []).filter((at) => now - at < VOTE_MS);
    times.push(now);
    this.votes.set(payload, times);
    if (times.length < VOTES) return;
    this.report(cardKey(payload), now, () => this.onCode(payload));
  }

  /** Call `emit` unless the card `key` was reported within REPEAT_MS; true when it was called.
   * `hold`: a sighting that is not reported restarts the window, so a card the server keeps
   * naming while it stays in view is played once (server reads are seconds apart, not frames). */
  report(key, now, emit, hold = false) {
    const last = this.seen.get(key);
    if (last && now - last < REPEAT_MS) {
      if (hold) this.seen.set(key, now);
      return false;
    }
    this.seen.set(key, now);
    emit();
    return true;
  }

  /** Ask the server's recogniser about the sharpest recent frame when the browser has read
   * nothing for FALLBACK_MS or shows advice, within the rate limits (see the module's comment). */
  maybeFallback(read, now) {
    const fb = this.fallback;
    if (read) { fb.since = null; fb.gap = FALLBACK_MS; return; }
    if (fb.since == null) fb.since = now;
    if (!fb.readPhoto || !this.ask || fb.busy) return;
    if (this.guideKey == null && now - fb.since < FALLBACK_MS) return;
    if (now - fb.last < fb.gap || !fb.online()) return;
    fb.busy = true;
    fb.last = now;
    this.askServer().finally(() => { fb.busy = false; });
  }

  async askServer() {
    const fb = this.fallback;
    let fresh = 0;
    try {
      const { jpeg } = await this.ask({ snapshot: true });
      if (!jpeg || !this.running) return;
      const body = await fb.readPhoto(jpeg);
      if (!this.running) return;
      const now = performance.now();
      for (const card of (body && body.found) || []) {
        if (this.report(card.card_id, now, () => fb.onCard(card.card_id, card.read_by), true)) fresh += 1;
      }
    } catch (err) {
      if (this.running) fb.onError(err);
    } finally {
      fb.gap = fresh ? FALLBACK_MS : Math.min(FALLBACK_MAX_MS, fb.gap * 2);
    }
  }

  /** Forget recently seen cards, so the same card can be scanned again at once. */
  forget(payload = null) {
    if (payload) { this.seen.delete(cardKey(payload)); this.votes.delete(payload); } else { this.seen.clear(); this.votes.clear(); }
  }

  hasTorch() {
    if (!this.track || !this.track.getCapabilities) return false;
    return !!this.track.getCapabilities().torch;
  }

  async setTorch(on) {
    if (!this.hasTorch()) return false;
    await this.track.applyConstraints({ advanced: [{ torch: !!on }] });
    return true;
  }

  stop() {
    this.running = false;
    if (this.stream) for (const tr of this.stream.getTracks()) tr.stop();
    this.stream = null;
    this.track = null;
    this.video.srcObject = null;
    if (this.worker) { this.worker.terminate(); this.worker = null; }
    if (this.guideKey) { this.guideKey = null; this.onGuide(null); }
  }
}
