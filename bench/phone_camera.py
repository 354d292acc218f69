"""Photos of the printed deck as a phone camera takes them: a benchmark generator kept apart from
the recogniser.

Nothing here is imported from ``cards.recognise`` and no parameter was chosen by looking at what
the recogniser reads: every condition is a distribution of physical quantities (distance, tilt,
hand shake, focus error, light, white balance, sensor noise, JPEG quality), stated in
:data:`CONDITIONS` with the reasoning beside it. The scene is the project's own printed matter:
card fronts and the table mat from ``printables``, rasterised with ``pdftoppm`` at print
resolution (300 dpi), in colour.

Camera model (pinhole, thin lens):

- a phone main camera of 24-28 mm equivalent focal length (the usual range of phone main
  cameras; an *assumption*, not a measured phone): horizontal field of view
  ``2 atan(0.8 * 43.27 / 2 / f_eq)`` for a 4:3 sensor, 64-71 degrees. 16:9 streams crop the
  height of the same sensor, so they keep this horizontal field. ``fx = W / 2 / tan(hfov / 2)``
  [px]; a point at distance ``d`` [mm] is imaged at ``fx / d`` [px/mm].
- the scene is a plane (table top or a held card) seen from a camera at distance ``d`` along a
  direction tilted ``tilt`` from the plane's normal, rotated (``roll``) about its optical axis;
  the plane-to-image homography is ``K [r1 r2 t]``.
- optics and ISP, in the order light meets them: illumination (level, shadow, vignetting, white
  balance) and specular glare on the plane, then blur (lens point spread as a Gaussian, defocus as
  a disc, hand shake as a line whose length is angular speed x exposure x fx), then clipping at
  the sensor's full scale, Poisson-Gaussian sensor noise, the phone's sharpening (unsharp mask)
  and JPEG.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from cards.deck import Deck
from cards.mat_layout import MAT_HEIGHT_MM, MAT_WIDTH_MM, SLOTS, slot_at
from cards.model import Slot

RGB = npt.NDArray[np.float32]
"""An H x W x 3 image, linear-ish values in [0, 1] (sRGB treated as linear: a benchmark, not a
colour science exercise)."""

PRINT_DPI = 300
PRINT_PX_PER_MM = PRINT_DPI / 25.4

def _poker() -> tuple[tuple[float, float], float, float]:
    from printables.geometry import CARD_SIZES

    poker = CARD_SIZES["poker"]
    return (poker.width, poker.height), poker.qr_box, poker.safe


CARD_MM, QR_BOX_MM, QR_INSET_MM = _poker()
"""The printed poker card [mm], its QR box and the box's inset from the right and bottom edges."""


# --- the printed matter -------------------------------------------------------------------------


def _pdftoppm(pdf: bytes, page: int, dpi: int) -> npt.NDArray[np.uint8]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(pdf)
        stem = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page + 1), "-l", str(page + 1), str(path), str(stem)], check=True)
        image = cv2.imread(f"{stem}.png", cv2.IMREAD_COLOR)
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB), dtype=np.uint8)


def print_fronts(deck: Deck, count: int, base_url: str | None = None) -> dict[str, npt.NDArray[np.uint8]]:
    """The first ``count`` card fronts as printed (``printables`` deck PDF at 300 dpi, RGB), by id."""
    from printables.deck_pdf import DeckOptions, build_deck

    pdf = build_deck(DeckOptions(backs="none", bleed_mm=0.0, base_url=base_url), deck)
    fronts = pdf.fronts()[:count]
    scale = PRINT_DPI / 72.0
    faces: dict[str, npt.NDArray[np.uint8]] = {}
    for page in sorted({p.page for p in fronts}):
        image = _pdftoppm(pdf.pdf_bytes, page, PRINT_DPI)
        height = image.shape[0]
        for place in (p for p in fronts if p.page == page):
            x0, x1 = round(place.x * scale), round((place.x + place.w) * scale)
            y0, y1 = round(height - (place.y + place.h) * scale), round(height - place.y * scale)
            faces[place.card_id] = image[y0:y1, x0:x1].copy()
    return faces


def print_mat() -> npt.NDArray[np.uint8]:
    """The A3 table mat as printed (``printables.mat``, 300 dpi, RGB), 420 x 297 mm."""
    from printables.mat import build_mat

    return _pdftoppm(build_mat("en", "a3").pdf_bytes, 0, PRINT_DPI)


# --- the camera ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phone:
    """A phone camera stream: frame size [px] and horizontal field of view [deg]."""

    width: int
    height: int
    hfov_deg: float

    @property
    def fx(self) -> float:
        """Focal length [px]."""
        return self.width / 2 / math.tan(math.radians(self.hfov_deg) / 2)

    def matrix(self) -> npt.NDArray[np.float64]:
        return np.array([[self.fx, 0, self.width / 2], [0, self.fx, self.height / 2], [0, 0, 1]], dtype=np.float64)


def hfov_for(focal_eq_mm: float) -> float:
    """Horizontal field of view [deg] of a 4:3 sensor at a 35 mm-equivalent focal length [mm]
    (the equivalent focal length is defined on the 43.27 mm diagonal; 4:3 width is 0.8 of it)."""
    return math.degrees(2 * math.atan(0.8 * 43.27 / 2 / focal_eq_mm))


def plane_homography(phone: Phone, target_mm: tuple[float, float], distance_mm: float, tilt_deg: float,
                     azimuth_deg: float, roll_deg: float) -> npt.NDArray[np.float64]:
    """Homography from the scene plane [mm] (x right, y down) to the image [px].

    The camera looks at ``target_mm`` from ``distance_mm``, its axis tilted ``tilt_deg`` from the
    plane's normal towards ``azimuth_deg`` (0: the viewer stands at +y, the mat's near edge),
    rolled ``roll_deg`` about its own axis.
    """
    t, a, r = (math.radians(v) for v in (tilt_deg, azimuth_deg, roll_deg))
    forward = np.array([0.0, -math.sin(t), math.cos(t)])
    right = np.array([1.0, 0.0, 0.0])
    down = np.cross(forward, right)
    yaw = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
    forward, right, down = yaw @ forward, yaw @ right, yaw @ down
    right, down = math.cos(r) * right + math.sin(r) * down, -math.sin(r) * right + math.cos(r) * down
    rotation = np.stack([right, down, forward])
    centre = np.array([target_mm[0], target_mm[1], 0.0]) - distance_mm * forward
    translation = -rotation @ centre
    extrinsic = np.column_stack([rotation[:, 0], rotation[:, 1], translation])
    h = phone.matrix() @ extrinsic
    return h / h[2, 2]


def px_per_mm_at(h: npt.NDArray[np.float64], point_mm: tuple[float, float]) -> float:
    """Local scale of ``h`` at a plane point [px/mm] (square root of the Jacobian's determinant)."""
    x, y = point_mm
    p = h @ np.array([x, y, 1.0])
    jac = np.array([[h[0, 0] * p[2] - p[0] * h[2, 0], h[0, 1] * p[2] - p[0] * h[2, 1]],
                    [h[1, 0] * p[2] - p[1] * h[2, 0], h[1, 1] * p[2] - p[1] * h[2, 1]]]) / p[2] ** 2
    return math.sqrt(abs(float(np.linalg.det(jac))))


def project(h: npt.NDArray[np.float64], points: npt.ArrayLike) -> npt.NDArray[np.float64]:
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 1, 2)
    return np.asarray(cv2.perspectiveTransform(pts, h).reshape(-1, 2), dtype=np.float64)


# --- conditions as distributions ----------------------------------------------------------------

@dataclass(frozen=True)
class Uniform:
    """A quantity drawn uniformly from [lo, hi]."""

    lo: float
    hi: float

    def __call__(self, rng: np.random.Generator) -> float:
        return float(rng.uniform(self.lo, self.hi))


@dataclass(frozen=True)
class LogNormal:
    """A positive quantity whose logarithm is normal: ``median`` x exp(N(0, sigma))."""

    median: float
    sigma: float

    def __call__(self, rng: np.random.Generator) -> float:
        return float(self.median * math.exp(rng.normal(0.0, self.sigma)))


Sampler = Uniform | LogNormal

@dataclass(frozen=True)
class Condition:
    """One photographic condition, each field a distribution.

    ``shake_deg_s`` is the hand's angular speed [deg/s] and ``exposure_s`` the exposure time [s]:
    the motion streak is their product times ``fx`` [px]. ``defocus_px`` is the radius of the
    blur disc in the output frame [px]; ``lens_sigma_px`` the lens + demosaic point spread [px].
    ``level`` scales the light; ``noise_gain`` the shot noise (ISO); ``glare`` is None, ``"code"``
    (a reflection on the QR code) or ``"off"`` (elsewhere on the card or mat).
    """

    name: str
    tilt_deg: Sampler = Uniform(0, 25)
    shake_deg_s: Sampler = LogNormal(0.8, 0.6)
    exposure_s: Sampler = Uniform(1 / 120, 1 / 30)
    defocus_px: Sampler = Uniform(0.0, 0.6)
    lens_sigma_px: Sampler = Uniform(0.4, 0.7)
    level: Sampler = Uniform(0.75, 1.0)
    wb_red: Sampler = Uniform(0.88, 1.12)
    wb_blue: Sampler = Uniform(0.88, 1.12)
    noise_gain: Sampler = Uniform(0.5, 1.5)
    jpeg_quality: Sampler = Uniform(75, 95)
    sharpen: Sampler = Uniform(0.2, 0.6)
    shadow: bool = False
    glare: str | None = None
    notes: str = ""


CONDITIONS: tuple[Condition, ...] = (
    Condition("typical", notes="indoor light, steady hands, auto-focus locked, 0-25 deg tilt"),
    Condition("oblique", tilt_deg=Uniform(30, 50), notes="phone held low, 30-50 deg from the normal"),
    Condition("motion", shake_deg_s=Uniform(3, 8), exposure_s=Uniform(1 / 40, 1 / 25),
              notes="hand moving 3-8 deg/s during a 25-40 ms indoor exposure"),
    Condition("defocus", defocus_px=Uniform(1.0, 2.5), notes="auto-focus hunting: blur disc radius 1-2.5 px"),
    Condition("glare_code", glare="code", notes="ceiling light reflected on the code"),
    Condition("glare_off", glare="off", notes="ceiling light reflected beside the code"),
    Condition("shadow", shadow=True, notes="a hand or phone shadow across part of the scene"),
    Condition("dim", level=Uniform(0.25, 0.45), noise_gain=Uniform(3, 6), exposure_s=Uniform(1 / 30, 1 / 20),
              wb_red=Uniform(1.15, 1.35), wb_blue=Uniform(0.7, 0.85),
              notes="evening room: a quarter to half the light, high ISO, warm white balance"),
    Condition("low_jpeg", jpeg_quality=Uniform(40, 65), notes="a strongly compressed upload"),
)
CONDITION_BY_NAME = {c.name: c for c in CONDITIONS}


# --- the photo pipeline -------------------------------------------------------------------------


@dataclass
class Scene:
    """A plane to photograph: ``image`` (RGB uint8) covers ``origin_mm`` + size / ``px_per_mm``."""

    image: npt.NDArray[np.uint8]
    px_per_mm: float
    origin_mm: tuple[float, float]
    codes: dict[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    """Visible code boxes: card id -> the QR box's 4 corners [mm] (only codes nothing covers)."""
    centres: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Card id -> card centre [mm]."""


def _disc(radius: float) -> npt.NDArray[np.float32]:
    r = max(radius, 0.5)
    n = math.ceil(r) * 2 + 1
    yy, xx = np.mgrid[:n, :n] - n // 2
    kernel = np.clip(r + 0.5 - np.hypot(xx, yy), 0, 1).astype(np.float32)
    return kernel / kernel.sum()


def _line(length: float, angle: float) -> npt.NDArray[np.float32]:
    n = math.ceil(length) | 1
    n = max(n, 1)
    kernel = np.zeros((n, n), np.float32)
    c = n // 2
    dx, dy = math.cos(angle) * length / 2, math.sin(angle) * length / 2
    cv2.line(kernel, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 1, cv2.LINE_AA)
    return kernel / kernel.sum()


def _background(size: tuple[int, int], rng: np.random.Generator) -> RGB:
    """A table top: a smooth random colour with low-frequency grain."""
    w, h = size
    base = np.array(rng.uniform([0.35, 0.25, 0.15], [0.75, 0.65, 0.55]), np.float32)
    grain = cv2.resize(rng.normal(0, 0.05, (max(2, h // 40), max(2, w // 40))).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    return np.clip(base[None, None, :] * (1 + grain[..., None]), 0, 1).astype(np.float32)


@dataclass(frozen=True)
class Shot:
    """What a photo shows: ``jpeg`` bytes, the ids whose code is wholly visible, their true slot
    (None off the mat), the code's pixels per module in the photo, and the condition name."""

    jpeg: bytes
    visible: dict[str, Slot | None]
    px_per_module: dict[str, float]
    condition: str
    streak_px: float = 0.0
    """Length of the motion streak [px]."""
    defocus_px: float = 0.0
    """Radius of the defocus disc [px] (0 when under half a pixel)."""

    def unreadable(self, cid: str) -> str | None:
        """Why the code of ``cid`` cannot be read by any decoder, from optics alone, or None.

        A QR code's finest detail is alternating modules: a period of 2 modules. A streak of
        length L has a sinc transfer function, zero at frequency 1/L, so a streak of 2 modules
        or more leaves no contrast at that period; a defocus disc of radius r has its first zero
        at 0.61 / r (the Airy/jinc zero), so r >= 1.22 modules erases it; sampling needs at
        least 1 px per module (2 samples per period, Nyquist). Glare is not judged here.
        """
        ppm = self.px_per_module[cid]
        if ppm < 1.0:
            return "under 1 px per module"
        if self.streak_px >= 2.0 * ppm:
            return "motion streak >= 2 modules"
        if self.defocus_px >= 1.22 * ppm:
            return "defocus radius >= 1.22 modules"
        return None


def photograph(scene: Scene, phone: Phone, h_mm: npt.NDArray[np.float64], condition: Condition,
               rng: np.random.Generator, modules: dict[str, int]) -> Shot:
    """Image ``scene`` through plane-to-image homography ``h_mm`` under ``condition``."""
    w, h = phone.width, phone.height
    to_scene = np.array([[scene.px_per_mm, 0, -scene.origin_mm[0] * scene.px_per_mm],
                         [0, scene.px_per_mm, -scene.origin_mm[1] * scene.px_per_mm], [0, 0, 1]])
    h_px = h_mm @ np.linalg.inv(to_scene)
    centre_mm = (scene.origin_mm[0] + scene.image.shape[1] / scene.px_per_mm / 2,
                 scene.origin_mm[1] + scene.image.shape[0] / scene.px_per_mm / 2)
    reduction = scene.px_per_mm / max(px_per_mm_at(h_mm, centre_mm), 1e-6)
    source = scene.image.astype(np.float32) / 255.0
    if reduction > 1.2:
        # Sensor pixels integrate light over their area: low-pass before resampling.
        source = cv2.GaussianBlur(source, (0, 0), 0.45 * reduction)
    photo = cv2.warpPerspective(source, h_px, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones(scene.image.shape[:2], np.float32), h_px, (w, h), flags=cv2.INTER_LINEAR)
    photo = photo + _background((w, h), rng) * (1 - mask[..., None])
    # Light: level, vignetting (cos^4 law, mild for a phone's short lens), shadow, white balance.
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    r2 = ((xx - w / 2) ** 2 + (yy - h / 2) ** 2) / phone.fx**2
    light = condition.level(rng) / (1 + r2) ** 2
    if condition.shadow:
        angle = rng.uniform(0, 2 * math.pi)
        edge = (xx - w / 2) * math.cos(angle) + (yy - h / 2) * math.sin(angle) - rng.uniform(-0.2, 0.2) * w
        soft = rng.uniform(0.02, 0.08) * w
        light = light * (1 - rng.uniform(0.4, 0.7) / (1 + np.exp(-edge / soft)))
    photo = photo * light[..., None]
    photo *= np.array([condition.wb_red(rng), 1.0, condition.wb_blue(rng)], np.float32)
    if condition.glare is not None:
        photo = photo + _glare(scene, h_mm, condition.glare, (w, h), rng)[..., None]
    # Optics: lens, defocus, hand shake.
    photo = cv2.GaussianBlur(photo, (0, 0), condition.lens_sigma_px(rng))
    defocus = condition.defocus_px(rng)
    if defocus >= 0.5:
        photo = cv2.filter2D(photo, -1, _disc(defocus))
    streak = math.radians(condition.shake_deg_s(rng)) * condition.exposure_s(rng) * phone.fx
    if streak >= 1.0:
        photo = cv2.filter2D(photo, -1, _line(streak, rng.uniform(0, math.pi)))
    # Sensor: clip at full scale, shot + read noise (variance a*I + b in [0,1] units), ISP.
    photo = np.clip(photo, 0, 1)
    gain = condition.noise_gain(rng)
    photo = photo + rng.normal(0, 1, photo.shape).astype(np.float32) * np.sqrt(0.0004 * gain * photo + (0.002 * gain) ** 2)
    amount = condition.sharpen(rng)
    photo = photo * (1 + amount) - cv2.GaussianBlur(photo, (0, 0), 1.0) * amount
    out = np.clip(photo * 255 + 0.5, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", cv2.cvtColor(out, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, int(condition.jpeg_quality(rng))])
    if not ok:
        raise RuntimeError("expected OpenCV to encode a JPEG")
    visible: dict[str, Slot | None] = {}
    ppm: dict[str, float] = {}
    for cid, box in scene.codes.items():
        corners = project(h_mm, box)
        if np.all((corners[:, 0] > 2) & (corners[:, 0] < w - 2) & (corners[:, 1] > 2) & (corners[:, 1] < h - 2)):
            cx, cy = scene.centres[cid]
            visible[cid] = slot_at(cx, cy)
            code_px = float(np.mean([np.linalg.norm(corners[i] - corners[(i + 1) % 4]) for i in range(4)]))
            ppm[cid] = code_px / modules[cid]
    return Shot(buf.tobytes(), visible, ppm, condition.name, streak if streak >= 1.0 else 0.0, defocus if defocus >= 0.5 else 0.0)


def _glare(scene: Scene, h_mm: npt.NDArray[np.float64], where: str, size: tuple[int, int], rng: np.random.Generator) -> npt.NDArray[np.float32]:
    """A specular reflection: a soft ellipse, peak 0.6-1.4 of full scale (it saturates at its core),
    centred on a visible code (``code``) or 20-40 mm away from every code (``off``)."""
    w, h = size
    codes = list(scene.codes.values())
    box = codes[int(rng.integers(len(codes)))]
    centre_mm = np.mean(np.asarray(box), axis=0)
    if where == "off":
        angle = rng.uniform(0, 2 * math.pi)
        centre_mm = centre_mm + rng.uniform(20, 40) * np.array([math.cos(angle), math.sin(angle)])
    else:
        centre_mm = centre_mm + rng.uniform(-6, 6, 2)
    cx, cy = project(h_mm, [centre_mm])[0]
    scale = px_per_mm_at(h_mm, (float(centre_mm[0]), float(centre_mm[1])))
    ax, ay = rng.uniform(4, 9) * scale, rng.uniform(2, 5) * scale
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    theta = rng.uniform(0, math.pi)
    u = (xx - cx) * math.cos(theta) + (yy - cy) * math.sin(theta)
    v = -(xx - cx) * math.sin(theta) + (yy - cy) * math.cos(theta)
    return np.asarray(rng.uniform(0.6, 1.4) * np.exp(-0.5 * ((u / ax) ** 2 + (v / ay) ** 2)), np.float32)


# --- scenes -------------------------------------------------------------------------------------


def _code_box(centre: tuple[float, float], angle_deg: float) -> tuple[tuple[float, float], ...]:
    """The QR box corners [mm] of a card centred at ``centre`` and rotated ``angle_deg``."""
    a = math.radians(angle_deg)
    half_w, half_h = CARD_MM[0] / 2, CARD_MM[1] / 2
    x0, y0 = half_w - QR_INSET_MM - QR_BOX_MM, half_h - QR_INSET_MM - QR_BOX_MM
    local = [(x0, y0), (x0 + QR_BOX_MM, y0), (x0 + QR_BOX_MM, y0 + QR_BOX_MM), (x0, y0 + QR_BOX_MM)]
    return tuple((centre[0] + x * math.cos(a) - y * math.sin(a), centre[1] + x * math.sin(a) + y * math.cos(a)) for x, y in local)


def _paste(canvas: npt.NDArray[np.uint8], labels: npt.NDArray[np.int16], face: npt.NDArray[np.uint8], label: int,
           centre_px: tuple[float, float], angle_deg: float, px_per_mm: float) -> None:
    w, h = round(CARD_MM[0] * px_per_mm), round(CARD_MM[1] * px_per_mm)
    image = cv2.resize(face, (w, h), interpolation=cv2.INTER_AREA)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle_deg, 1.0)
    matrix[:, 2] += (centre_px[0] - w / 2, centre_px[1] - h / 2)
    size = (canvas.shape[1], canvas.shape[0])
    mask = cv2.warpAffine(np.full((h, w), 255, np.uint8), matrix, size, flags=cv2.INTER_NEAREST) > 0
    warped = cv2.warpAffine(image, matrix, size, flags=cv2.INTER_LINEAR)
    canvas[mask] = warped[mask]
    labels[mask] = label


def _visible_codes(scene: Scene, labels: npt.NDArray[np.int16], order: list[str], angles: dict[str, float]) -> None:
    """Keep in ``scene.codes`` only the codes whose whole QR box shows its own card."""
    for index, cid in enumerate(order, start=1):
        box = _code_box(scene.centres[cid], angles[cid])
        pts = (np.asarray(box) - np.asarray(scene.origin_mm)) * scene.px_per_mm
        poly = np.zeros(labels.shape, np.uint8)
        cv2.fillConvexPoly(poly, np.round(pts).astype(np.int32), 1)
        inside = labels[poly > 0]
        if inside.size and np.all(inside == index):
            scene.codes[cid] = box


def table_scene(mat: npt.NDArray[np.uint8], faces: dict[str, npt.NDArray[np.uint8]], ids: list[str], px_per_mm: float,
                rng: np.random.Generator, *, stray: bool, cup: bool) -> Scene:
    """The mat with 1-2 cards shingled per slot (codes left visible, as players lay them; a code a
    rotated neighbour still clips is not expected), and
    optionally a card lying off the mat (``stray``) and a cup hiding one mat marker (``cup``)."""
    margin = 70.0
    origin = (-margin, -margin)
    width, height = round((MAT_WIDTH_MM + 2 * margin) * px_per_mm), round((MAT_HEIGHT_MM + 2 * margin) * px_per_mm)
    canvas = np.zeros((height, width, 3), np.uint8)
    canvas[:] = (rng.uniform(90, 180, 3)).astype(np.uint8)
    mat_px = cv2.resize(mat, (round(MAT_WIDTH_MM * px_per_mm), round(MAT_HEIGHT_MM * px_per_mm)), interpolation=cv2.INTER_AREA)
    m = round(margin * px_per_mm)
    canvas[m : m + mat_px.shape[0], m : m + mat_px.shape[1]] = mat_px
    labels = np.zeros((height, width), np.int16)
    scene = Scene(canvas, px_per_mm, origin)
    slots = list(SLOTS.values())
    order: list[str] = []
    angles: dict[str, float] = {}
    queue = list(ids)
    # The upper card of a pair covers the lower one down to just above its QR box, as players
    # shingle cards so that every code stays visible.
    shingle = QR_INSET_MM + QR_BOX_MM + 2.0
    for rect in slots:
        count = min(len(queue), int(rng.integers(1, 3)))
        for k in range(count):
            cid = queue.pop(0)
            cx = rect.x + rect.width / 2 + rng.uniform(-3, 3)
            cy = rect.y + rect.height / 2 + (count - 1) * shingle / 2 - k * shingle + rng.uniform(-1.5, 1.5)
            scene.centres[cid] = (cx, cy)
            angles[cid] = float(rng.uniform(-6, 6))
            order.append(cid)
    if stray and queue:
        cid = queue.pop(0)
        scene.centres[cid] = (MAT_WIDTH_MM + 38.0, MAT_HEIGHT_MM / 2 + rng.uniform(-40, 40))
        angles[cid] = float(rng.uniform(-20, 20))
        order.append(cid)
    for index, cid in enumerate(order, start=1):
        c = scene.centres[cid]
        _paste(canvas, labels, faces[cid], index, ((c[0] - origin[0]) * px_per_mm, (c[1] - origin[1]) * px_per_mm), angles[cid], px_per_mm)
    if cup:
        # A cup (seen from above: a dark rim around a lighter disc) over one corner marker.
        corner = [(22, 22), (MAT_WIDTH_MM - 22, 22), (MAT_WIDTH_MM - 22, MAT_HEIGHT_MM - 22), (22, MAT_HEIGHT_MM - 22)][int(rng.integers(4))]
        centre = (round((corner[0] - origin[0]) * px_per_mm), round((corner[1] - origin[1]) * px_per_mm))
        cv2.circle(canvas, centre, round(42 * px_per_mm), (70, 60, 55), -1, cv2.LINE_AA)
        cv2.circle(canvas, centre, round(36 * px_per_mm), (200, 190, 170), -1, cv2.LINE_AA)
        cv2.circle(labels, centre, round(42 * px_per_mm), -1, -1)
    _visible_codes(scene, labels, order, angles)
    return scene


def card_scene(face: npt.NDArray[np.uint8], cid: str, px_per_mm: float, rng: np.random.Generator) -> Scene:
    """One card on a table top (plane centred on the card), 60 mm of table around it."""
    margin = 60.0
    origin = (-CARD_MM[0] / 2 - margin, -CARD_MM[1] / 2 - margin)
    width, height = round((CARD_MM[0] + 2 * margin) * px_per_mm), round((CARD_MM[1] + 2 * margin) * px_per_mm)
    canvas = np.zeros((height, width, 3), np.uint8)
    canvas[:] = (rng.uniform(60, 200, 3)).astype(np.uint8)
    labels = np.zeros((height, width), np.int16)
    scene = Scene(canvas, px_per_mm, origin)
    scene.centres[cid] = (0.0, 0.0)
    _paste(canvas, labels, face, 1, (-origin[0] * px_per_mm, -origin[1] * px_per_mm), 0.0, px_per_mm)
    _visible_codes(scene, labels, [cid], {cid: 0.0})
    return scene
