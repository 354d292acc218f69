"""Benchmark: the recogniser against plain zxing-cpp on photos of the project's own printed deck.

The retries' tuning set, kept as a regression check: its photos come from
``cards.recognise.synthetic``, where the retries were chosen, and are easier than a phone's. The
product's figures come from ``bench/bench_phone.py`` (phone-camera photos, independent of the
recogniser; docs/recognition.md).

Builds the deck PDF with ``printables`` (fronts only), renders its pages with ``pdftoppm`` at
300 dpi, cuts the card faces out at their placements, and makes phone-like photos from them:
single cards and whole tables (12-20 cards shingled on the mat) under perspective, rotation,
blur, noise, JPEG quality, glare, low light and shadow, from 640x480 to 12 MP. For every photo
both pipelines run in the same process on the same bytes:

- *plain*: ``cv2.imdecode`` to grey + one ``zxingcpp.read_barcodes`` (QR only) + payload parsing;
- *recogniser*: :func:`cards.recognise.recognise_image` (vetting, retries, mat, slots).

Printed per condition: share of cards found, wrong ids (cards reported that are not in the photo;
must be 0), slots wrong (tables, markers visible), median ms per photo for each, and the ratio.

Run: ``.venv/bin/python bench/bench_recognise.py [--quick] [--seed N]`` (about 3 minutes on two
cores; ``--quick`` about a minute).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cards.codes import parse_payload
from cards.deck import Deck, default_deck
from cards.errors import PayloadError
from cards.recognise import recognise_image
from cards.recognise import synthetic as syn

DPI = 300
PX_PER_MM = DPI / 25.4
Grey = np.ndarray
Defect = Callable[[Grey, np.random.Generator], tuple[Grey, int]]
"""A photo defect: (photo, rng) -> (photo, JPEG quality)."""


def render_fronts(deck: Deck, count: int) -> dict[str, Grey]:
    """The first ``count`` card fronts of ``deck`` as printed, grey at 300 dpi, keyed by id."""
    from printables.deck_pdf import DeckOptions, build_deck

    pdf = build_deck(DeckOptions(backs="none", bleed_mm=0.0), deck)
    fronts = pdf.fronts()[:count]
    pages = sorted({p.page for p in fronts})
    scale = DPI / 72.0
    faces: dict[str, Grey] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.pdf"
        path.write_bytes(pdf.pdf_bytes)
        for page in pages:
            stem = Path(tmp) / f"p{page}"
            subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", str(page + 1), "-l", str(page + 1), str(path), str(stem)], check=True)
            image = cv2.imread(f"{stem}.png", cv2.IMREAD_GRAYSCALE)
            height = image.shape[0]
            for place in (p for p in fronts if p.page == page):
                x0, x1 = round(place.x * scale), round((place.x + place.w) * scale)
                y0, y1 = round(height - (place.y + place.h) * scale), round(height - place.y * scale)
                faces[place.card_id] = image[y0:y1, x0:x1].copy()
    return faces


def _q(quality: int) -> Defect:
    return lambda p, r: (p, quality)


DEFECTS: dict[str, Defect] = {
    "clean": _q(92),
    "perspective": lambda p, r: (syn.perspective(p, 0.12, r)[0], 90),
    "rotation": lambda p, r: (syn.perspective(p, 0.02, r, float(r.uniform(20, 340)))[0], 90),
    "blur": lambda p, r: (syn.blur(p, 1.2 * max(1.0, p.shape[1] / 1920)), 90),
    "motion": lambda p, r: (syn.motion_blur(p, round(3 * max(1.0, p.shape[1] / 1920))), 90),
    "noise": lambda p, r: (syn.noise(p, 14.0, r), 90),
    "jpeg_q30": _q(30),
    "glare": lambda p, r: (syn.glare(p, 0.85, r), 90),
    "low_light": lambda p, r: (syn.low_light(p, 0.2, r), 85),
    "shadow": lambda p, r: (syn.shadow(p, 0.6), 90),
}
TABLE_DEFECTS = ("clean", "perspective", "blur", "noise", "jpeg_q30", "glare", "low_light")
SINGLE_SIZES = ((640, 480), (1280, 720), (1920, 1080), (4000, 3000))
TABLE_SIZES = ((1920, 1080), (2560, 1440), (4000, 3000))


@dataclass
class Tally:
    """Counts for one (kind, size, condition) cell, for one pipeline each."""

    expected: int = 0
    found: dict[str, int] = field(default_factory=lambda: {"plain": 0, "ours": 0})
    wrong: dict[str, int] = field(default_factory=lambda: {"plain": 0, "ours": 0})
    ms: dict[str, list[float]] = field(default_factory=lambda: {"plain": [], "ours": []})
    slots_checked: int = 0
    slots_wrong: int = 0


def plain_zxing(data: bytes, deck: Deck) -> list[str]:
    """The baseline: decode to grey, one zxing-cpp pass, keep payloads that are cards."""
    grey = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    ids = []
    for result in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode):
        try:
            ids.append(parse_payload(deck, result.text).card.id)
        except PayloadError:
            continue
    return ids


def score(tally: Tally, data: bytes, deck: Deck, truth: Counter[str], slots: dict[str, object]) -> None:
    """Run both pipelines on ``data`` and add what each found against ``truth`` (id counts)."""
    started = time.perf_counter()
    plain = Counter(plain_zxing(data, deck))
    tally.ms["plain"].append((time.perf_counter() - started) * 1000)
    result = recognise_image(data, deck)
    tally.ms["ours"].append(result.ms)
    ours = Counter(card.id for card in result.cards)
    tally.expected += sum(truth.values())
    for name, got in (("plain", plain), ("ours", ours)):
        tally.found[name] += sum(min(n, truth[i]) for i, n in got.items())
        tally.wrong[name] += sum(n for i, n in got.items() if i not in truth)
    if result.mat_found:
        for card in result.cards:
            if card.id in slots:
                tally.slots_checked += 1
                tally.slots_wrong += card.slot != slots[card.id]


def single_photo(face: Grey, size: tuple[int, int], rng: np.random.Generator) -> Grey:
    """One card held or lying in front of a phone: 35-70 % of the frame height, on a table."""
    photo, _m = syn.on_background(face, size, rng, fill=float(rng.uniform(0.35, 0.7)))
    return photo


def table_photo(faces: list[tuple[str, Grey]], size: tuple[int, int], rng: np.random.Generator) -> tuple[Grey, dict[str, object]]:
    """The mat with ``faces`` shingled in slots, filling 90 % of the frame; id -> slot."""
    px_per_mm = max(4.0, 0.95 * size[0] / 420.0)
    canvas = syn.mat_image(px_per_mm)
    scaled = {cid: cv2.resize(face, (round(63 * px_per_mm), round(88 * px_per_mm)), interpolation=cv2.INTER_AREA) for cid, face in faces}
    slots: dict[str, object] = {}
    placed_canvas, placed = _place(canvas, [cid for cid, _f in faces], scaled, px_per_mm, rng)
    for item in placed:
        slots[item[0]] = item[1]
    photo, _m = syn.on_background(placed_canvas, size, rng, fill=0.92)
    return photo, slots


def _place(canvas: Grey, ids: list[str], faces: dict[str, Grey], px_per_mm: float, rng: np.random.Generator) -> tuple[Grey, list[tuple[str, object]]]:
    from cards.mat_layout import SLOTS

    slots = list(SLOTS.items())
    per_slot = [len(ids[i :: len(slots)]) for i in range(len(slots))]
    out = []
    for index, cid in sorted(enumerate(ids), key=lambda item: -slots[item[0] % len(slots)][1].y):
        slot, rect = slots[index % len(slots)]
        layer, count = index // len(slots), per_slot[index % len(slots)]
        cx = rect.x + rect.width / 2 + rng.uniform(-3, 3)
        cy = rect.y + rect.height / 2 + ((count - 1) / 2 - layer) * 36.0 + rng.uniform(-2, 2)
        syn.paste(canvas, faces[cid], (cx * px_per_mm, cy * px_per_mm), float(rng.uniform(-5, 5)))
        out.append((cid, slot))
    return canvas, out


def run(quick: bool, seed: int) -> dict[tuple[str, str, str], Tally]:
    deck = default_deck()
    faces = render_fronts(deck, 40)
    ids = list(faces)
    rng = np.random.default_rng(seed)
    cells: dict[tuple[str, str, str], Tally] = {}
    n_single = 3 if quick else 6
    for size in SINGLE_SIZES:
        count = max(2, n_single // 3) if size[0] * size[1] > 5e6 else n_single
        for name, defect in DEFECTS.items():
            tally = cells.setdefault(("single", f"{size[0]}x{size[1]}", name), Tally())
            for _ in range(count):
                cid = ids[int(rng.integers(len(ids)))]
                photo, quality = defect(single_photo(faces[cid], size, rng), rng)
                score(tally, syn.encode(photo, ".jpg", quality), deck, Counter([cid]), {})
    n_table = 1 if quick else 2
    for size in TABLE_SIZES:
        for name in TABLE_DEFECTS:
            tally = cells.setdefault(("table", f"{size[0]}x{size[1]}", name), Tally())
            for _ in range(n_table):
                chosen = [ids[i] for i in rng.choice(len(ids), int(rng.integers(12, 21)), replace=False)]
                photo, slots = table_photo([(c, faces[c]) for c in chosen], size, rng)
                photo, quality = DEFECTS[name](photo, rng)
                score(tally, syn.encode(photo, ".jpg", quality), deck, Counter(chosen), slots)
    return cells


def report(cells: dict[tuple[str, str, str], Tally]) -> None:
    print("| photos | size | condition | cards | found plain | found ours | wrong ids (plain/ours) | slots wrong | ms plain | ms ours | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (kind, size, cond), t in cells.items():
        mp, mo = statistics.median(t.ms["plain"]), statistics.median(t.ms["ours"])
        slots = f"{t.slots_wrong}/{t.slots_checked}" if kind == "table" else "-"
        print(
            f"| {kind} | {size} | {cond} | {t.expected} | {100 * t.found['plain'] / t.expected:.1f} % | "
            f"{100 * t.found['ours'] / t.expected:.1f} % | {t.wrong['plain']}/{t.wrong['ours']} | {slots} | "
            f"{mp:.0f} | {mo:.0f} | {mo / mp:.2f} |"
        )
    _summary(cells)


def _summary(cells: dict[tuple[str, str, str], Tally]) -> None:
    def share(pick: Callable[[tuple[str, str, str]], bool], who: str) -> float:
        chosen = [t for k, t in cells.items() if pick(k)]
        return 100 * sum(t.found[who] for t in chosen) / max(1, sum(t.expected for t in chosen))

    single = lambda k: k[0] == "single"  # noqa: E731
    table = lambda k: k[0] == "table"  # noqa: E731
    hd = [t for k, t in cells.items() if k[1] == "1920x1080"]
    ratios = [o / p for t in hd for o, p in zip(t.ms["ours"], t.ms["plain"], strict=True)]
    plain_hd = statistics.median([m for t in hd for m in t.ms["plain"]])
    ours_hd = statistics.median([m for t in hd for m in t.ms["ours"]])
    wrong = sum(t.wrong["ours"] for t in cells.values())
    slots_wrong = sum(t.slots_wrong for t in cells.values())
    slots_checked = sum(t.slots_checked for t in cells.values())
    print()
    print(f"single cards found: plain {share(single, 'plain'):.2f} %, ours {share(single, 'ours'):.2f} % (target >= 99.5 %)")
    print(f"whole-table cards found (>= 1920x1080): plain {share(table, 'plain'):.2f} %, ours {share(table, 'ours'):.2f} % (target >= 98 %)")
    print(f"wrong ids (ours): {wrong} (target 0); slots wrong: {slots_wrong} of {slots_checked} (target 0)")
    print(f"median ms at 1920x1080: plain {plain_hd:.1f}, ours {ours_hd:.1f}, ratio {ours_hd / plain_hd:.2f} "
          f"(median of per-photo ratios {statistics.median(ratios):.2f}; target <= 2)")
    missed = [f"{kind} {size} {cond} {t.expected - t.found['ours']}" for (kind, size, cond), t in cells.items() if t.found["ours"] < t.expected]
    print(f"cards missed (ours), per condition: {', '.join(missed) or 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer photos per condition (about a minute)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    cells = run(args.quick, args.seed)
    report(cells)
    print(f"\n{sum(len(t.ms['ours']) for t in cells.values())} photos in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
