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
 * answers with a play or a reason. A payload seen again within REPEAT_MS is not reported twice.
 */

import { Guide } from "./scan-guide.js";

const FRAME_GAP_MS = 120;
const REPEAT_MS = 4000;
const VOTES = 2;
const VOTE_MS = 1500;

export class Scanner {
  /**
   * @param {HTMLVideoElement} video
   * @param {(payload: string) => void} onCode
   * @param {(key: string | null) => void} [onGuide] i18n key of the advice to show, or null
   */
  constructor(video, onCode, onGuide = () => {}) {
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
      const { id, codes, analysis, error } = e.data;
      const done = pending.get(id);
      if (!done) return;
      pending.delete(id);
      done(error ? { codes: [], analysis: null } : { codes, analysis });
    };
    return async () => {
      if (this.video.readyState < 2) return { codes: [], analysis: null };
      const bitmap = await createImageBitmap(this.video);
      const id = ++next;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        this.worker.postMessage({ id, bitmap }, [bitmap]);
      });
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
      await new Promise((r) => setTimeout(r, FRAME_GAP_MS));
    }
  }

  /** Count one frame's reading of `payload`; report it when VOTES frames within VOTE_MS agree. */
  vote(payload, now) {
    const times = (this.votes.get(payload) || []).filter((at) => now - at < VOTE_MS);
    times.push(now);
    this.votes.set(payload, times);
    if (times.length < VOTES) return;
    const last = this.seen.get(payload);
    if (last && now - last < REPEAT_MS) return;
    this.seen.set(payload, now);
    this.onCode(payload);
  }

  /** Forget recently seen payloads, so the same card can be scanned again at once. */
  forget(payload = null) {
    if (payload) { this.seen.delete(payload); this.votes.delete(payload); } else { this.seen.clear(); this.votes.clear(); }
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
