/**
 * The in-app card scanner: camera stream in a viewfinder, QR codes decoded by the browser's own
 * BarcodeDetector where it exists (Android Chrome, recent Safari) or by ZXing WebAssembly in a Web
 * Worker (js/scan-worker.js), torch toggle where the camera offers one.
 *
 * The scanner only reports raw payloads: the server parses them (cards.codes.parse_payload) and
 * answers with a play or a reason. A payload seen again within REPEAT_MS is not reported twice.
 */

const FRAME_GAP_MS = 120;
const REPEAT_MS = 4000;

export class Scanner {
  /**
   * @param {HTMLVideoElement} video
   * @param {(payload: string) => void} onCode
   */
  constructor(video, onCode) {
    this.video = video;
    this.onCode = onCode;
    this.stream = null;
    this.track = null;
    this.running = false;
    this.seen = new Map();
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

  async makeDetector() {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          const native = new window.BarcodeDetector({ formats: ["qr_code"] });
          this.engine = "native";
          return async () => (await native.detect(this.video)).map((b) => b.rawValue);
        }
      } catch { /* fall through to the worker */ }
    }
    this.engine = "zxing-wasm";
    this.worker = new Worker("/static/js/scan-worker.js");
    let next = 0;
    const pending = new Map();
    this.worker.onmessage = (e) => {
      const { id, codes, error } = e.data;
      const done = pending.get(id);
      if (!done) return;
      pending.delete(id);
      done(error ? [] : codes);
    };
    return async () => {
      if (this.video.readyState < 2) return [];
      const bitmap = await createImageBitmap(this.video);
      const id = ++next;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        this.worker.postMessage({ id, bitmap }, [bitmap]);
      });
    };
  }

  async loop() {
    while (this.running) {
      let codes = [];
      try { codes = await this.detect(); } catch { codes = []; }
      const now = performance.now();
      for (const raw of codes) {
        const payload = String(raw).trim();
        if (!payload) continue;
        const last = this.seen.get(payload);
        if (last && now - last < REPEAT_MS) continue;
        this.seen.set(payload, now);
        this.onCode(payload);
      }
      await new Promise((r) => setTimeout(r, FRAME_GAP_MS));
    }
  }

  /** Forget recently seen payloads, so the same card can be scanned again at once. */
  forget(payload = null) { if (payload) this.seen.delete(payload); else this.seen.clear(); }

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
  }
}
