"""A small sample of the phone benchmark (bench/bench_phone.py) as a test: whatever it finds, the
recogniser names no card that is not in the photo and puts no card in a wrong slot.

Photos from bench/phone_camera.py (independent of the recogniser), seed 7 (not the README's 15):
single cards at 640 x 480 and a whole table at 1920 x 1080, under hand motion and a reflection on
the code, where the card marker carries most reads. The full run is ``bench/bench_phone.py``.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pytest

from bench import bench_phone as bp
from bench import phone_camera as cam
from cards.deck import default_deck
from cards.mat_layout import MAT_HEIGHT_MM, MAT_WIDTH_MM, slot_at

pytest.importorskip("printables.deck_pdf", reason="the benchmark photographs the printed deck")


def test_a_bench_sample_has_no_wrong_id_and_no_wrong_slot() -> None:
    deck = default_deck()
    rng = np.random.default_rng(7)
    faces = cam.print_fronts(deck, 13)
    modules = bp.modules_of(deck, None)
    ids = list(faces)
    tally = bp.Tally()
    bins: defaultdict[str, Counter[int]] = defaultdict(Counter)
    for name in ("motion", "glare_code"):
        condition = cam.CONDITION_BY_NAME[name]
        for cid in ids[:3]:
            phone = cam.Phone(640, 480, cam.hfov_for(26.0))
            distance = rng.uniform(*bp.SINGLE_DISTANCE_MM)
            scene = cam.card_scene(faces[cid], cid, min(cam.PRINT_PX_PER_MM, 2.5 * phone.fx / distance), rng)
            h = cam.plane_homography(phone, (0.0, 0.0), distance, condition.tilt_deg(rng), rng.uniform(0, 360), rng.uniform(0, 360))
            bp.score(tally, bins, cam.photograph(scene, phone, h, condition, rng, modules), {cid: None}, deck)
    phone = cam.Phone(1920, 1080, cam.hfov_for(26.0))
    distance = phone.fx * MAT_WIDTH_MM / (0.7 * phone.width)
    scene = cam.table_scene(cam.print_mat(), faces, ids, min(cam.PRINT_PX_PER_MM, 2.0 * phone.fx / distance), rng, stray=True, cup=True)
    h = cam.plane_homography(phone, (MAT_WIDTH_MM / 2, MAT_HEIGHT_MM / 2), distance, 10.0, 0.0, 0.0)
    shot = cam.photograph(scene, phone, h, cam.CONDITION_BY_NAME["motion"], rng, modules)
    bp.score(tally, bins, shot, {c: slot_at(*xy) for c, xy in scene.centres.items()}, deck)
    assert tally.expected > 10
    assert tally.wrong["ours"] == 0
    assert tally.slots_wrong == 0 and tally.slots_named > 0
