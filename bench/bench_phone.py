"""Benchmark: the recogniser against plain zxing-cpp on phone-camera photos of the printed deck.

Photos come from :mod:`bench.phone_camera` (a pinhole phone camera, conditions stated as
distributions, independent of the recogniser). Both pipelines run in the same process on the same
JPEG bytes:

- *plain*: ``cv2.imdecode`` to grey + one ``zxingcpp.read_barcodes`` restricted to QR codes +
  payload parsing;
- *ours*: :func:`cards.recognise.recognise_image`.

Printed per (kind, frame, condition): cards whose code is wholly visible, share found by each,
wrong ids (a card reported that is not in the photo), wrong slots (a slot named that is not the
card's, for every card in the photo, its code visible or not), median ms and the ratio; then found share by pixels per QR module (the physical limit)
and the targets of issue 15.

Run: ``nice -n 10 .venv/bin/python bench/bench_phone.py [--photos N] [--seed S] [--only single|table]
[--frames 4000x3000] [--dump DIR]``. ``--frames`` scores only those frame sizes; the others are still
photographed so the random stream, hence every photo, is the same as in a full run. ``--dump``
writes each photo that misses a wholly visible code, and a crop around each missed card, to DIR.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import phone_camera as cam
from cards.codes import parse_payload
from cards.deck import Deck, default_deck
from cards.errors import PayloadError
from cards.mat_layout import slot_at
from cards.model import Slot
from cards.recognise import recognise_image

BASE_URL = "http://192.168.1.10:8000"
"""The base URL printed on "base" decks (a laptop on the venue's network, the README's example)."""

SINGLE_FRAMES = ((640, 480), (1280, 720), (1920, 1080))
TABLE_FRAMES = ((1920, 1080), (4000, 3000))
SINGLE_DISTANCE_MM = (150.0, 300.0)
"""Phone-to-card distance when scanning one card [mm]: held at 15-30 cm, where a phone camera
focuses and the card fills a fifth to half of the frame (an *assumption*)."""
TABLE_FILL = (0.6, 0.95)
"""Share of the frame width the mat covers in a whole-table photo (the participant frames the
mat; an *assumption*)."""
FOCAL_EQ_MM = (24.0, 28.0)
"""35 mm-equivalent focal length of a phone main camera [mm] (an *assumption* with its range)."""
PX_BINS = (0.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, math.inf)


@dataclass
class Tally:
    expected: int = 0
    readable: int = 0
    """Codes not physically unreadable (:meth:`bench.phone_camera.Shot.unreadable`)."""
    found_readable: dict[str, int] = field(default_factory=lambda: {"plain": 0, "ours": 0})
    found: dict[str, int] = field(default_factory=lambda: {"plain": 0, "ours": 0})
    wrong: dict[str, int] = field(default_factory=lambda: {"plain": 0, "ours": 0})
    ms: dict[str, list[float]] = field(default_factory=lambda: {"plain": [], "ours": []})
    slots_wrong: int = 0
    marker_only: int = 0
    """Codes wholly visible whose card the recogniser named by its marker alone."""
    slots_named: int = 0


def plain_zxing(data: bytes, deck: Deck) -> list[str]:
    grey = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    ids = []
    for result in zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode):
        try:
            ids.append(parse_payload(deck, result.text).card.id)
        except PayloadError:
            continue
    return ids


def score(tally: Tally, bins: dict[str, Counter[int]], shot: cam.Shot, present: dict[str, Slot | None], deck: Deck) -> list[str]:
    """Score one photo; ``present`` maps every card in the scene (code visible or not) to its true
    slot: a card named by its marker while its code is covered is still checked for its slot.
    Returns the ids of wholly visible codes the recogniser missed."""
    started = time.perf_counter()
    plain = Counter(plain_zxing(shot.jpeg, deck))
    tally.ms["plain"].append((time.perf_counter() - started) * 1000)
    result = recognise_image(shot.jpeg, deck)
    tally.ms["ours"].append(result.ms)
    ours = Counter(c.id for c in result.cards)
    tally.marker_only += sum(1 for c in result.cards if c.read_by == "marker" and c.id in shot.visible)
    tally.expected += len(shot.visible)
    readable = [cid for cid in shot.visible if shot.unreadable(cid) is None]
    tally.readable += len(readable)
    for cid in shot.visible:
        reason = shot.unreadable(cid)
        if reason is not None:
            bins[f"limit_n:{reason}"][0] += 1
            bins[f"limit_found:{reason}"][0] += ours[cid] > 0
    for name, got in (("plain", plain), ("ours", ours)):
        tally.found[name] += sum(1 for cid in shot.visible if got[cid] > 0)
        tally.found_readable[name] += sum(1 for cid in readable if got[cid] > 0)
        tally.wrong[name] += sum(n for cid, n in got.items() if cid not in present)
        for cid, ppm in shot.px_per_module.items():
            b = next(i for i in range(len(PX_BINS) - 1) if PX_BINS[i] <= ppm < PX_BINS[i + 1])
            bins[f"{name}_n"][b] += 1
            bins[f"{name}_found"][b] += got[cid] > 0
    for card in result.cards:
        if card.slot is not None and card.id in present:
            tally.slots_named += 1
            tally.slots_wrong += card.slot != present[card.id]
    return [cid for cid in shot.visible if ours[cid] == 0]


def dump_misses(folder: Path, name: str, shot: cam.Shot, missed: list[str], h_mm: np.ndarray, centres: dict[str, tuple[float, float]]) -> None:
    """Write ``shot`` and a 90 mm square crop around each missed card (``h_mm`` maps mm to px)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.jpg").write_bytes(shot.jpeg)
    photo = cv2.imdecode(np.frombuffer(shot.jpeg, np.uint8), cv2.IMREAD_COLOR)
    if photo is None:
        raise ValueError(f"expected the generator's JPEG to decode, got {len(shot.jpeg)} bytes OpenCV cannot read")
    for cid in missed:
        x, y = centres[cid]
        pts = cv2.perspectiveTransform(np.array([[[x - 45, y - 45]], [[x + 45, y + 45]], [[x, y]]], np.float64), h_mm)[:, 0]
        x0, y0 = np.floor(pts.min(axis=0)).astype(int).clip(0)
        x1, y1 = np.ceil(pts.max(axis=0)).astype(int)
        cv2.imwrite(str(folder / f"{name}-{cid}.png"), photo[y0:y1, x0:x1])
        ppm = shot.px_per_module.get(cid, float("nan"))
        print(f"missed {cid} in {name}: streak {shot.streak_px:.1f} px, {ppm:.2f} px per module, "
              f"streak {shot.streak_px / ppm:.2f} modules, optics: {shot.unreadable(cid)}", file=sys.stderr)


def modules_of(deck: Deck, base_url: str | None) -> dict[str, int]:
    """Modules per side of each card's printed symbol plus its 4-module quiet zone."""
    from cards.codes import card_payload
    from printables import qr
    from printables.geometry import CARD_SIZES

    box = CARD_SIZES["poker"].qr_box
    return {card.id: qr.choose(card_payload(deck, card, base_url), box, card.id).size + 8 for card in deck}


def run(photos: int, seed: int, only: str | None, conditions: list[str], frames: set[str] | None = None,
        dump: Path | None = None) -> tuple[dict[tuple[str, str, str, str], Tally], dict[str, Counter[int]]]:
    deck = default_deck()
    rng = np.random.default_rng(seed)
    decks = {"short": cam.print_fronts(deck, 40), "base": cam.print_fronts(deck, 40, BASE_URL)}
    modules = {"short": modules_of(deck, None), "base": modules_of(deck, BASE_URL)}
    mat = cam.print_mat() if only != "single" else None
    ids = list(decks["short"])
    cells: dict[tuple[str, str, str, str], Tally] = {}
    bins: dict[str, Counter[int]] = defaultdict(Counter)
    for condition in (cam.CONDITION_BY_NAME[c] for c in conditions):
        if only != "table":
            for size in SINGLE_FRAMES:
                for i in range(photos):
                    printing = "short" if i % 4 else "base"
                    cid = ids[int(rng.integers(len(ids)))]
                    phone = cam.Phone(size[0], size[1], cam.hfov_for(rng.uniform(*FOCAL_EQ_MM)))
                    distance = rng.uniform(*SINGLE_DISTANCE_MM)
                    scale = phone.fx / distance
                    scene = cam.card_scene(decks[printing][cid], cid, min(cam.PRINT_PX_PER_MM, 2.5 * scale), rng)
                    target = (rng.uniform(-8, 8), rng.uniform(-8, 8))
                    h = cam.plane_homography(phone, target, distance, condition.tilt_deg(rng), rng.uniform(0, 360), rng.uniform(0, 360))
                    shot = cam.photograph(scene, phone, h, condition, rng, modules[printing])
                    frame = f"{size[0]}x{size[1]}"
                    if frames is None or frame in frames:
                        missed = score(cells.setdefault(("single", frame, condition.name, printing), Tally()), bins, shot, {cid: None}, deck)
                        if dump is not None and missed:
                            dump_misses(dump, f"single-{frame}-{condition.name}-{i}", shot, missed, h, scene.centres)
        if only != "single" and mat is not None:
            for size in TABLE_FRAMES:
                for i in range(max(1, photos // 3)):
                    printing = "short" if i % 4 != 3 else "base"
                    chosen = [ids[j] for j in rng.choice(len(ids), 13, replace=False)]
                    phone = cam.Phone(size[0], size[1], cam.hfov_for(rng.uniform(*FOCAL_EQ_MM)))
                    fill = rng.uniform(*TABLE_FILL)
                    distance = phone.fx * cam.MAT_WIDTH_MM / (fill * phone.width)
                    scale = phone.fx / distance
                    clutter = bool(rng.random() < 0.4)
                    scene = cam.table_scene(mat, decks[printing], chosen, min(cam.PRINT_PX_PER_MM, 2.0 * scale), rng, stray=clutter, cup=clutter)
                    tilt = condition.tilt_deg(rng)
                    target = (cam.MAT_WIDTH_MM / 2, cam.MAT_HEIGHT_MM / 2)
                    h = cam.plane_homography(phone, target, distance, tilt, rng.uniform(-10, 10), rng.uniform(-8, 8))
                    shot = cam.photograph(scene, phone, h, condition, rng, modules[printing])
                    frame = f"{size[0]}x{size[1]}"
                    if frames is None or frame in frames:
                        missed = score(cells.setdefault(("table", frame, condition.name, printing), Tally()), bins, shot,
                                       {c: slot_at(*xy) for c, xy in scene.centres.items()}, deck)
                        if dump is not None and missed:
                            dump_misses(dump, f"table-{frame}-{condition.name}-{i}", shot, missed, h, scene.centres)
    return cells, bins


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f} %" if d else "-"


def report(cells: dict[tuple[str, str, str, str], Tally], bins: dict[str, Counter[int]]) -> None:
    print("| photos | frame | condition | printing | codes | found plain | found ours | wrong ids plain/ours | wrong slots | ms plain | ms ours | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (kind, size, cond, printing), t in sorted(cells.items()):
        mp, mo = statistics.median(t.ms["plain"]), statistics.median(t.ms["ours"])
        slots = f"{t.slots_wrong}/{t.slots_named}" if kind == "table" else "-"
        print(f"| {kind} | {size} | {cond} | {printing} | {t.expected} | {_pct(t.found['plain'], t.expected)} | "
              f"{_pct(t.found['ours'], t.expected)} | {t.wrong['plain']}/{t.wrong['ours']} | {slots} | {mp:.0f} | {mo:.0f} | {mo / mp:.2f} |")
    print("\n| px per module | codes | found plain | found ours |")
    print("|---|---|---|---|")
    for b in range(len(PX_BINS) - 1):
        n = bins["ours_n"][b]
        if n:
            print(f"| {PX_BINS[b]:.1f}-{PX_BINS[b + 1]:.1f} | {n} | {_pct(bins['plain_found'][b], n)} | {_pct(bins['ours_found'][b], n)} |")
    print()

    print("| physically unreadable (optics alone) | codes | found ours |")
    print("|---|---|---|")
    for key in sorted(k for k in bins if k.startswith("limit_n:")):
        reason = key.split(":", 1)[1]
        print(f"| {reason} | {bins[key][0]} | {_pct(bins['limit_found:' + reason][0], bins[key][0])} |")
    print()

    def share(kind: str, frames: tuple[str, ...], who: str, readable: bool = False) -> str:
        chosen = [t for k, t in cells.items() if k[0] == kind and k[1] in frames]
        if readable:
            return _pct(sum(t.found_readable[who] for t in chosen), sum(t.readable for t in chosen))
        return _pct(sum(t.found[who] for t in chosen), sum(t.expected for t in chosen))

    for kind, frames, target in (("table", ("1920x1080",), "95"), ("table", ("4000x3000",), "99.5"),
                                 ("single", ("1280x720", "1920x1080"), "99"), ("single", ("640x480",), "95")):
        print(f"{kind} {'+'.join(frames)}: all codes plain {share(kind, frames, 'plain')}, ours {share(kind, frames, 'ours')}; "
              f"physically readable plain {share(kind, frames, 'plain', True)}, ours {share(kind, frames, 'ours', True)} (target >= {target} %)")
    hd = [t for k, t in cells.items() if k[1] == "1920x1080"]
    if hd:
        plain_hd = statistics.median([m for t in hd for m in t.ms["plain"]])
        ours_hd = statistics.median([m for t in hd for m in t.ms["ours"]])
        print(f"median ms at 1920x1080: plain {plain_hd:.1f}, ours {ours_hd:.1f}, ratio {ours_hd / plain_hd:.2f} (target <= 2)")
    for kind, frames in (("table", ("1920x1080",)), ("table", ("4000x3000",)), ("single", ("1280x720", "1920x1080")), ("single", ("640x480",))):
        chosen = [t for k, t in cells.items() if k[0] == kind and k[1] in frames]
        print(f"{kind} {'+'.join(frames)}: named by the card marker alone {sum(t.marker_only for t in chosen)} "
              f"of {sum(t.found['ours'] for t in chosen)} found")
    print(f"wrong ids (ours): {sum(t.wrong['ours'] for t in cells.values())}; "
          f"wrong slots: {sum(t.slots_wrong for t in cells.values())} of {sum(t.slots_named for t in cells.values())} named (targets 0)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=12, help="single-card photos per frame size and condition (tables: a third)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--only", choices=("single", "table"))
    parser.add_argument("--conditions", default=",".join(c.name for c in cam.CONDITIONS))
    parser.add_argument("--frames", help="comma-separated frame sizes to score, e.g. 4000x3000 (the others are photographed, not scored)")
    parser.add_argument("--dump", type=Path, help="folder for photos with a missed code and crops around each miss")
    args = parser.parse_args()
    started = time.perf_counter()
    frames = set(args.frames.split(",")) if args.frames else None
    cells, bins = run(args.photos, args.seed, args.only, args.conditions.split(","), frames, args.dump)
    report(cells, bins)
    print(f"\n{sum(len(t.ms['ours']) for t in cells.values())} photos in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
