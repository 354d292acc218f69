"""Synthetic card photos for the recogniser's tests and benchmark (numpy + OpenCV only).

Cards are drawn from ``qrcode`` matrices at a chosen resolution [px/mm]; the table mat from
:mod:`cards.mat_layout`; photo defects (perspective, rotation, blur, noise, JPEG quality, glare,
low light) are applied with OpenCV. Every transform also maps known points (card centres) so a
test knows where each card ended up. Seeded ``numpy.random.Generator`` everywhere: the same seed
makes the same photo.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
import qrcode
import qrcode.constants

from cards.mat_layout import ARUCO_DICTIONARY, MARKERS, MAT_HEIGHT_MM, MAT_WIDTH_MM, SLOTS
from cards.model import Slot
from cards.recognise.card_geometry import CARD_MM, QR_BOX_INSET_MM, QR_BOX_MM

Grey = npt.NDArray[np.uint8]
Points = npt.NDArray[np.float64]


_LEVELS = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
           "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


def qr_modules(payload: str, level: str = "M", quiet: int = 4) -> Grey:
    """The symbol at one pixel per module, 0 dark / 255 light, with ``quiet`` modules of margin."""
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=quiet, box_size=1)
    code.add_data(payload)
    code.make(fit=True)
    dark = np.array(code.get_matrix(), dtype=bool)
    return np.where(dark, 0, 255).astype(np.uint8)


def qr_image(payload: str, side_px: int, level: str = "M") -> Grey:
    """The symbol plus quiet zone scaled to ``side_px`` square (nearest neighbour, crisp)."""
    out: Grey = np.asarray(cv2.resize(qr_modules(payload, level), (side_px, side_px), interpolation=cv2.INTER_NEAREST), dtype=np.uint8)
    return out


def card_image(payload: str, px_per_mm: float, level: str = "M") -> Grey:
    """A poker card face: grey colour band, text-like lines, the QR box at the lower right."""
    width, height = round(CARD_MM[0] * px_per_mm), round(CARD_MM[1] * px_per_mm)
    card = np.full((height, width), 250, dtype=np.uint8)
    band = round(13 * px_per_mm)
    card[:band] = 120
    rng = np.random.default_rng(sum(payload.encode()))
    for row in range(5):
        y = round((20 + row * 6) * px_per_mm)
        length = int(rng.integers(25, 55))
        cv2.rectangle(card, (round(4 * px_per_mm), y), (round((4 + length) * px_per_mm), y + max(1, round(2 * px_per_mm))), 90, -1)
    side = round(QR_BOX_MM * px_per_mm)
    x0, y0 = width - side - round(QR_BOX_INSET_MM * px_per_mm), height - side - round(QR_BOX_INSET_MM * px_per_mm)
    card[y0 : y0 + side, x0 : x0 + side] = qr_image(payload, side, level)
    cv2.rectangle(card, (0, 0), (width - 1, height - 1), 200, max(1, round(0.3 * px_per_mm)))
    return card


def qr_centre_on_card(px_per_mm: float) -> tuple[float, float]:
    """Where :func:`card_image` puts the QR centre [px] on the card."""
    width, height = round(CARD_MM[0] * px_per_mm), round(CARD_MM[1] * px_per_mm)
    side = round(QR_BOX_MM * px_per_mm)
    margin = round(QR_BOX_INSET_MM * px_per_mm)
    return (width - margin - side / 2, height - margin - side / 2)


def paste(canvas: Grey, image: Grey, centre: tuple[float, float], angle_deg: float = 0.0) -> None:
    """Draw ``image`` rotated by ``angle_deg`` with its centre at ``centre`` [px] (in place)."""
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    matrix[:, 2] += (centre[0] - w / 2, centre[1] - h / 2)
    mask = cv2.warpAffine(np.full_like(image, 255), matrix, (canvas.shape[1], canvas.shape[0]), flags=cv2.INTER_NEAREST)
    warped = cv2.warpAffine(image, matrix, (canvas.shape[1], canvas.shape[0]), flags=cv2.INTER_LINEAR)
    canvas[mask > 0] = warped[mask > 0]


def mat_image(px_per_mm: float) -> Grey:
    """The table mat: markers at :data:`cards.mat_layout.MARKERS`, slot outlines, pale paper."""
    canvas = np.full((round(MAT_HEIGHT_MM * px_per_mm), round(MAT_WIDTH_MM * px_per_mm)), 235, dtype=np.uint8)
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICTIONARY))
    for marker in MARKERS:
        side = round(marker.size * px_per_mm)
        x, y = round(marker.x * px_per_mm), round(marker.y * px_per_mm)
        quiet = round(3 * px_per_mm)
        canvas[y - quiet : y + side + quiet, x - quiet : x + side + quiet] = 255
        canvas[y : y + side, x : x + side] = cv2.aruco.generateImageMarker(dictionary, marker.marker_id, side)
    for rect in SLOTS.values():
        top_left = (round(rect.x * px_per_mm), round(rect.y * px_per_mm))
        bottom_right = (round((rect.x + rect.width) * px_per_mm), round((rect.y + rect.height) * px_per_mm))
        cv2.rectangle(canvas, top_left, bottom_right, 160, max(1, round(0.5 * px_per_mm)))
    return canvas


@dataclass(frozen=True)
class Placed:
    """A card drawn on a canvas: its payload, the slot it was put in, its centre [px]."""

    payload: str
    slot: Slot | None
    centre: tuple[float, float]


def table_on_mat(payloads: list[str], px_per_mm: float, rng: np.random.Generator) -> tuple[Grey, list[Placed]]:
    """A mat with the cards dealt round-robin into its eight slots, shingled as people stack them.

    Cards sharing a slot are offset 36 mm vertically, each new card above the last so the QR
    code in the lower corner of every card underneath stays visible (as players fan a stack);
    every card centre stays inside its slot. The bottom row is drawn first so the top row's
    lowest cards, which reach into it, keep their codes visible. Small random shifts and rotations (±5°).
    """
    canvas = mat_image(px_per_mm)
    slots = list(SLOTS.items())
    per_slot = [len(payloads[i :: len(slots)]) for i in range(len(slots))]
    placed: dict[int, Placed] = {}
    for index, payload in sorted(enumerate(payloads), key=lambda item: -slots[item[0] % len(slots)][1].y):
        slot, rect = slots[index % len(slots)]
        layer, count = index // len(slots), per_slot[index % len(slots)]
        cx = rect.x + rect.width / 2 + rng.uniform(-3, 3)
        cy = rect.y + rect.height / 2 + ((count - 1) / 2 - layer) * 36.0 + rng.uniform(-2, 2)
        centre = (cx * px_per_mm, cy * px_per_mm)
        paste(canvas, card_image(payload, px_per_mm), centre, float(rng.uniform(-5, 5)))
        placed[index] = Placed(payload, slot, centre)
    return canvas, [placed[i] for i in range(len(payloads))]


def on_background(image: Grey, size: tuple[int, int], rng: np.random.Generator, fill: float = 0.8) -> tuple[Grey, Points]:
    """Put ``image`` on a textured table of ``size`` (w, h) [px], scaled to ``fill`` of the frame.

    Returns the photo and the 3x3 matrix mapping ``image`` pixels to photo pixels.
    """
    width, height = size
    background = rng.normal(120, 25, (height // 8 + 1, width // 8 + 1)).clip(0, 255).astype(np.uint8)
    photo: Grey = np.asarray(cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR), dtype=np.uint8)
    h, w = image.shape
    scale = fill * min(width / w, height / h)
    matrix = np.array([[scale, 0, (width - w * scale) / 2], [0, scale, (height - h * scale) / 2], [0, 0, 1]], dtype=np.float64)
    _warp_into(photo, image, matrix)
    return photo, matrix


def perspective(photo: Grey, strength: float, rng: np.random.Generator, angle_deg: float = 0.0) -> tuple[Grey, Points]:
    """Tilt the camera: move each corner by up to ``strength`` of the side, then rotate.

    Returns the new photo and the 3x3 matrix mapping old to new pixels.
    """
    h, w = photo.shape
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    jitter = rng.uniform(0, strength, (4, 2)) * np.array([w, h]) * np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]])
    dst = (src + jitter).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst).astype(np.float64)
    rotation = np.vstack([cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0), [0, 0, 1]])
    total = rotation @ matrix
    fill = int(np.median(photo[:8]))
    out: Grey = np.asarray(cv2.warpPerspective(photo, total, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill), dtype=np.uint8)
    return out, total


def _warp_into(photo: Grey, image: Grey, matrix: Points) -> None:
    size = (photo.shape[1], photo.shape[0])
    warped = cv2.warpPerspective(image, matrix, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full_like(image, 255), matrix, size, flags=cv2.INTER_NEAREST)
    photo[mask > 0] = warped[mask > 0]


def map_points(matrix: Points, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Apply a 3x3 homography to points [px]."""
    src = np.array([points], dtype=np.float64)
    dst = cv2.perspectiveTransform(src, matrix)[0]
    return [(float(x), float(y)) for x, y in dst]


def blur(photo: Grey, sigma_px: float) -> Grey:
    """Out of focus: Gaussian blur of ``sigma_px`` [px]."""
    out: Grey = np.asarray(cv2.GaussianBlur(photo, (0, 0), sigma_px), dtype=np.uint8)
    return out


def motion_blur(photo: Grey, length_px: int) -> Grey:
    """Hand shake: a horizontal box blur over ``length_px`` [px]."""
    kernel = np.full((1, max(1, length_px)), 1.0 / max(1, length_px), dtype=np.float32)
    out: Grey = np.asarray(cv2.filter2D(photo, -1, kernel), dtype=np.uint8)
    return out


def noise(photo: Grey, sigma: float, rng: np.random.Generator) -> Grey:
    """Sensor noise: additive Gaussian of ``sigma`` grey levels."""
    return (photo.astype(np.float32) + rng.normal(0, sigma, photo.shape)).clip(0, 255).astype(np.uint8)


def glare(photo: Grey, strength: float, rng: np.random.Generator) -> Grey:
    """A ceiling light reflected on glossy paper: a bright Gaussian spot that washes out contrast."""
    h, w = photo.shape
    cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
    radius = 0.25 * min(w, h)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    spot = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius**2)) * strength
    out = photo.astype(np.float32) * (1 - 0.6 * spot) + 255 * 0.6 * spot
    return np.asarray(out.clip(0, 255), dtype=np.uint8)


def low_light(photo: Grey, gain: float, rng: np.random.Generator) -> Grey:
    """A dim room: scale brightness by ``gain`` and add the noise a phone's high ISO brings."""
    dark = photo.astype(np.float32) * gain + rng.normal(0, 3.0, photo.shape)
    return np.asarray(dark.clip(0, 255), dtype=np.uint8)


def shadow(photo: Grey, depth: float) -> Grey:
    """A hand's shadow over the left half: a soft ramp darkening by up to ``depth`` (0..1)."""
    w = photo.shape[1]
    ramp = np.clip(np.linspace(1.5, -0.5, w), 0, 1).astype(np.float32)
    out = photo.astype(np.float32) * (1 - depth * ramp[None, :])
    return np.asarray(out.clip(0, 255), dtype=np.uint8)


def resize(photo: Grey, size: tuple[int, int]) -> Grey:
    """To ``size`` (w, h) [px] with area averaging (what a phone's scaler does)."""
    out: Grey = np.asarray(cv2.resize(photo, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    return out


def encode(photo: Grey, fmt: str = ".jpg", quality: int = 90) -> bytes:
    """Encode to file bytes (JPEG at ``quality``, or PNG/WebP)."""
    params = [cv2.IMWRITE_JPEG_QUALITY, quality] if fmt == ".jpg" else []
    if fmt == ".webp":
        params = [cv2.IMWRITE_WEBP_QUALITY, quality]
    ok, buffer = cv2.imencode(fmt, photo, params)
    if not ok:
        raise ValueError(f"expected OpenCV to encode {fmt}, it refused")
    return bytes(buffer.tobytes())
