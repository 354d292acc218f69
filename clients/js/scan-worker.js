/*
 * QR decoding off the main thread for browsers without a native BarcodeDetector (desktop
 * Chromium on Linux, Firefox, older Safari). A classic worker: the barcode-detector ponyfill's
 * IIFE build (ZXing-C++ compiled to WebAssembly) with the .wasm served by this app, never a CDN.
 *
 * Messages in: {id, bitmap: ImageBitmap}. Out: {id, codes: [rawValue...]} or {id, error}.
 */
/* global BarcodeDetectionAPI */
importScripts("/static/vendor/barcode-detector/ponyfill.iife.js");

BarcodeDetectionAPI.prepareZXingModule({
  overrides: {
    locateFile: (path, prefix) => (path.endsWith(".wasm") ? `/static/vendor/zxing-wasm/${path}` : prefix + path),
  },
  fireImmediately: true,
});

const detector = new BarcodeDetectionAPI.BarcodeDetector({ formats: ["qr_code"] });

self.onmessage = async (event) => {
  const { id, bitmap } = event.data;
  try {
    const found = await detector.detect(bitmap);
    self.postMessage({ id, codes: found.map((b) => b.rawValue) });
  } catch (err) {
    self.postMessage({ id, error: String(err && err.message ? err.message : err) });
  } finally {
    if (bitmap && bitmap.close) bitmap.close();
  }
};

self.postMessage({ ready: true });
