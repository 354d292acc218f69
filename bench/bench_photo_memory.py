"""Benchmark: peak memory of one photo upload, for the worst files the server accepts.

Each input is recognised in a fresh Python process (``cards.recognise.recognise_image``, the
function behind ``POST /api/tables/{id}/photo`` and ``assembler scan``); the figure is the
process's peak resident memory (``VmHWM``, reset through ``/proc/self/clear_refs`` just before
the call) minus its resident memory at that moment (imports, deck, file in memory), so it is what
the upload itself costs. The baseline measured in
the same run is a 640 x 480 JPEG. Then a real server (SQLite, one worker) gets three worst-case
uploads at once, and its peak resident memory (``VmHWM``) is printed beside its resident memory
before the uploads. Target (issue 14): at most 300 MB per upload.

Run: ``.venv/bin/python bench/bench_photo_memory.py`` (about a minute; run it with ``nice``).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration"))
sys.path.insert(0, str(ROOT / "tests" / "server"))

TARGET_MB = 300.0

CHILD = r"""
import sys, json
from pathlib import Path
sys.path.insert(0, {root!r}); sys.path.insert(0, {fixtures!r})
from fixture_deck import fixture_deck
from cards.recognise import recognise_image, ImageRejected
import tempfile
deck = fixture_deck(Path(tempfile.mkdtemp()))
data = Path(sys.argv[1]).read_bytes()
recognise_image(__import__('cards.recognise.synthetic', fromlist=['x']).encode(
    __import__('numpy').full((48, 64), 255, dtype='uint8'), '.png'), deck)
def status(field):
    for line in open('/proc/self/status'):
        if line.startswith(field + ':'):
            return int(line.split()[1])
open('/proc/self/clear_refs', 'w').write('5')  # reset the peak (VmHWM) to the current resident size
before = status('VmRSS')
try:
    outcome = f"{{len(recognise_image(data, deck).cards)}} cards"
except ImageRejected as exc:
    outcome = f"refused: {{exc.reason}}"
after = status('VmHWM')
print(json.dumps({{"mb": (after - before) / 1024, "outcome": outcome}}))
"""


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue()


def worst_inputs() -> dict[str, bytes]:
    """The largest files of each kind the recogniser accepts (and two it refuses, for reference)."""
    rng = np.random.default_rng(1)
    noise = rng.integers(0, 255, (1000, 1000), dtype=np.uint8)
    jpeg = io.BytesIO()
    Image.fromarray(np.tile(noise, (8, 8))).convert("RGB").save(jpeg, "JPEG", quality=40)
    small = io.BytesIO()
    Image.fromarray(noise[:480, :640]).convert("RGB").save(small, "JPEG", quality=85)
    return {
        "baseline 640x480 JPEG": small.getvalue(),
        "64 MP JPEG (8000x8000)": jpeg.getvalue(),
        "64 MP RGB PNG, flat": _png(Image.new("RGB", (8000, 8000), (250, 250, 250))),
        "64 MP 16-bit grey PNG, flat": _png(Image.new("I;16", (8000, 8000), 60000)),
        "40 MP RGBA PNG, flat (largest transparent)": _png(Image.new("RGBA", (8000, 5000), (0, 0, 0, 0))),
        "64 MP RGBA PNG, flat (refused)": _png(Image.new("RGBA", (8000, 8000), (0, 0, 0, 0))),
        "60000x1 PNG": _png(Image.new("L", (60000, 1), 255)),
        "16383x3900 WebP": _webp(),
    }


def _webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16383, 3900), (240, 240, 240)).save(out, "WEBP", quality=50)
    return out.getvalue()


def per_upload(inputs: dict[str, bytes], tmp: Path) -> dict[str, float]:
    code = CHILD.format(root=str(ROOT), fixtures=str(ROOT / "tests" / "server"))
    out: dict[str, float] = {}
    print(f"{'input':46} {'file':>10} {'peak MB':>9}  outcome")
    for name, data in inputs.items():
        path = tmp / "in.bin"
        path.write_bytes(data)
        result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT, check=True)
        row = json.loads(result.stdout.strip().splitlines()[-1])
        out[name] = row["mb"]
        print(f"{name:46} {len(data) / 1024:8.0f}KB {row['mb']:9.1f}  {row['outcome']}")
    return out


def _rss_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


async def concurrent_uploads(data: bytes, tmp: Path) -> tuple[float, float]:
    import httpx
    from fixture_deck import write_fixture_deck
    from live_support import ServerProcess, create_workshop, join

    deck_dir = write_fixture_deck(tmp / "deck")
    proc = ServerProcess({"ASSEMBLER_DATABASE_URL": f"sqlite:///{tmp / 'b.sqlite'}", "ASSEMBLER_DECK_DIR": str(deck_dir),
                          "ASSEMBLER_REDIS_URL": "", "REDIS_URL": "", "ASSEMBLER_ASSESS": "0",
                          "ASSEMBLER_TEST_LOG": str(tmp / "server.log")}).start()
    try:
        assert proc.proc is not None
        workshop = await create_workshop(proc.url)
        seats = [await join(proc.url, workshop["tables"][0]["join_code"], f"P{k}") for k in range(3)]
        before = _rss_mb(proc.proc.pid, "VmRSS")
        async with httpx.AsyncClient(base_url=proc.url, timeout=300) as http:
            async def upload(seat: dict) -> int:
                r = await http.post(f"/api/tables/{seat['table_id']}/photo", content=data,
                                    headers={"authorization": f"Bearer {seat['participant_token']}", "content-type": "image/png"})
                return r.status_code
            codes = await asyncio.gather(*(upload(s) for s in seats))
        peak = _rss_mb(proc.proc.pid, "VmHWM")
        print(f"3 concurrent uploads answered {codes}")
        return before, peak
    finally:
        proc.stop()


def main() -> int:
    os.nice(0)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        inputs = worst_inputs()
        figures = per_upload(inputs, tmp)
        base = figures["baseline 640x480 JPEG"]
        worst = max(v for k, v in figures.items() if "refused" not in k)
        print(f"\nworst accepted upload: {worst:.1f} MB peak (baseline {base:.1f} MB, {worst / max(base, 0.1):.0f}x); "
              f"target <= {TARGET_MB:.0f} MB: {'met' if worst <= TARGET_MB else 'NOT met'}")
        before, peak = asyncio.run(concurrent_uploads(inputs["40 MP RGBA PNG, flat (largest transparent)"], tmp))
        print(f"server with 3 concurrent worst-case uploads: peak {peak:.0f} MB resident, {before:.0f} MB before "
              f"(+{peak - before:.0f} MB; photo work runs one at a time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
