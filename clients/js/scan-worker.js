/*
 * QR decoding and frame analysis off the main thread. A classic worker: the barcode-detector
 * ponyfill's IIFE build (ZXing-C++ compiled to WebAssembly) with the .wasm served by this app,
 * never a CDN.
 *
 * ZXing is called directly (not through the BarcodeDetector facade) with `returnErrors`, so that
 * it also reports QR symbols it *found* but could not decode: the sign that a code is in view and
 * the participant can help (hold still, tilt, come closer). Each frame is measured where the code
 * is (or, with no symbol found, over the middle 80 % of the frame, where people aim):
 *   - glare: share of clipped pixels (grey >= 250) — a reflection erases modules;
 *   - sharpness: mean squared Laplacian over the squared contrast range — motion and defocus
 *     lower it, whatever the light;
 *   - modulePx: the symbol's side over 29 modules (a card's code is 21 modules + the quiet zone).
 * The sharpest frame of the last second is kept and, when the current frame reads nothing, read
 * again with the other binarizers (a blurred frame's neighbour is often readable).
 *
 * The same sharpest frame is what the scanner's fallback sends to the server's photo endpoint
 * (which also reads the card markers, cards/recognise) when nothing is read for a while: asked
 * with {id, snapshot: true}, the worker answers {id, jpeg: Blob | null} (null when it kept no
 * frame in the last SNAPSHOT_MS).
 *
 * Messages in: {id, bitmap: ImageBitmap} or {id, snapshot: true}.
 * Out: {id, codes: [rawValue...], analysis: {seen, glare, sharpness, modulePx}}, {id, jpeg} or {id, error}.
 */
/* global BarcodeDetectionAPI */
importScripts("/static/vendor/barcode-detector/ponyfill.iife.js");

const zxing = BarcodeDetectionAPI.prepareZXingModule({
  overrides: {
    locateFile: (path, prefix) => (path.endsWith(".wasm") ? `/static/vendor/zxing-wasm/${path}` : prefix + path),
  },
  fireImmediately: true,
});

// zxing-wasm's reader options as its embind layer expects them (enums as indices, formats as a
// comma-separated string): what the ponyfill itself passes, plus returnErrors.
const BINARIZERS = { LocalAverage: 0, GlobalHistogram: 1, FixedThreshold: 2 };
function options(binarizer) {
  return {
    formats: "QRCode", tryHarder: true, tryRotate: true, tryInvert: false, tryDownscale: true, tryDenoise: false,
    binarizer: BINARIZERS[binarizer], isPure: false, downscaleFactor: 3, downscaleThreshold: 500, minLineCount: 2,
    maxNumberOfSymbols: 16, validateOptionalChecksum: false, returnErrors: true, eanAddOnSymbol: 0, textMode: 2,
    characterSet: 0, tryCode39ExtendedMode: true,
  };
}

const KEEP_MS = 1000;
/** Oldest kept frame [ms] the fallback may send: older frames show where the phone was, not is. */
const SNAPSHOT_MS = 1500;
/** JPEG quality of the fallback's frame: blocking artefacts stay well under a marker cell. */
const SNAPSHOT_QUALITY = 0.92;
let sharpest = null; // {grey, width, height, sharpness, at, retried}

function greyOf(bitmap) {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0);
  const rgba = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const grey = new Uint8Array(bitmap.width * bitmap.height);
  for (let i = 0, j = 0; j < grey.length; i += 4, j++) grey[j] = (306 * rgba[i] + 601 * rgba[i + 1] + 117 * rgba[i + 2] + 512) >> 10;
  return grey;
}

async function read(grey, width, height, binarizer) {
  const mod = await zxing;
  const ptr = mod._malloc(grey.length);
  let found;
  try {
    mod.HEAPU8.set(grey, ptr);
    found = mod.readBarcodesFromPixmap(ptr, width, height, options(binarizer));
  } finally {
    mod._free(ptr);
  }
  const codes = [];
  const seen = [];
  for (let i = 0; i < found.size(); i++) {
    const r = found.get(i);
    const p = r.position;
    const xs = [p.topLeft.x, p.topRight.x, p.bottomRight.x, p.bottomLeft.x];
    const ys = [p.topLeft.y, p.topRight.y, p.bottomRight.y, p.bottomLeft.y];
    const box = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
    if (r.isValid && r.text) codes.push(r.text);
    else seen.push(box);
  }
  if (found.delete) found.delete();
  return { codes, seen };
}

/** Glare share and sharpness of `grey` inside `box` (whole-pixel bounds, clipped to the frame). */
function measure(grey, width, height, box) {
  const x0 = Math.max(1, Math.floor(box.x0)), x1 = Math.min(width - 2, Math.ceil(box.x1));
  const y0 = Math.max(1, Math.floor(box.y0)), y1 = Math.min(height - 2, Math.ceil(box.y1));
  let clipped = 0, n = 0, lap2 = 0;
  const hist = new Uint32Array(256);
  for (let y = y0; y <= y1; y += 1) {
    for (let x = x0; x <= x1; x += 1) {
      const i = y * width + x;
      const v = grey[i];
      hist[v]++;
      if (v >= 250) clipped++;
      const lap = 4 * v - grey[i - 1] - grey[i + 1] - grey[i - width] - grey[i + width];
      lap2 += lap * lap;
      n++;
    }
  }
  if (!n) return { glare: 0, sharpness: 0 };
  let acc = 0, lo = 0, hi = 255;
  for (let v = 0; v < 256; v++) { acc += hist[v]; if (acc >= 0.05 * n) { lo = v; break; } }
  acc = 0;
  for (let v = 255; v >= 0; v--) { acc += hist[v]; if (acc >= 0.05 * n) { hi = v; break; } }
  const range = Math.max(hi - lo, 16);
  return { glare: clipped / n, sharpness: lap2 / n / (range * range) };
}

async function handle({ bitmap }) {
  const width = bitmap.width, height = bitmap.height;
  const grey = greyOf(bitmap);
  const first = await read(grey, width, height, "LocalAverage");
  let codes = first.codes;
  const seen = first.seen;
  const box = seen.length
    ? seen.reduce((a, b) => ((b.x1 - b.x0) > (a.x1 - a.x0) ? b : a))
    : { x0: width * 0.1, y0: height * 0.1, x1: width * 0.9, y1: height * 0.9 };
  const stats = measure(grey, width, height, box);
  const now = performance.now();
  if (!sharpest || now - sharpest.at > KEEP_MS || stats.sharpness > sharpest.sharpness) {
    sharpest = { grey, width, height, sharpness: stats.sharpness, at: now, retried: false };
  }
  if (!codes.length && sharpest.grey !== grey && !sharpest.retried) {
    sharpest.retried = true;
    for (const binarizer of ["FixedThreshold", "GlobalHistogram"]) {
      codes = (await read(sharpest.grey, sharpest.width, sharpest.height, binarizer)).codes;
      if (codes.length) break;
    }
  }
  const modulePx = seen.length ? Math.max(box.x1 - box.x0, box.y1 - box.y0) / 29 : null;
  return { codes, analysis: { seen: seen.length, ...stats, modulePx, width, height } };
}

/** The sharpest recent frame as a grey JPEG Blob, or null when none is recent enough. */
async function snapshot() {
  if (!sharpest || performance.now() - sharpest.at > SNAPSHOT_MS) return { jpeg: null };
  const { grey, width, height } = sharpest;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; j < grey.length; i += 4, j++) { rgba[i] = rgba[i + 1] = rgba[i + 2] = grey[j]; rgba[i + 3] = 255; }
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext("2d").putImageData(new ImageData(rgba, width, height), 0, 0);
  return { jpeg: await canvas.convertToBlob({ type: "image/jpeg", quality: SNAPSHOT_QUALITY }) };
}

self.onmessage = async (event) => {
  const { id, bitmap } = event.data;
  try {
    self.postMessage({ id, ...(await (event.data.snapshot ? snapshot() : handle(event.data))) });
  } catch (err) {
    self.postMessage({ id, error: String(err && err.message ? err.message : err) });
  } finally {
    if (bitmap && bitmap.close) bitmap.close();
  }
};

self.postMessage({ ready: true });
