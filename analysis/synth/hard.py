"""Harder scene parts, as the held-out exports showed them: people from behind and in
profile, mirrors as a camera really sees them, posters and framed photos of people,
low light. Used by `analysis.synth.scenes` (tooling, not analysis).

- Candidates from behind: the man in the patterned shirt in OpenCV's
  basketball1.png (Debian's opencv-doc), a rear three-quarter view; the
  scikit-image cameraman is a profile.
- A real mirror: the candidate flipped, 0.45-0.6 of their size, darker, blurred
  (the mirror is out of focus), seen at an angle (squeezed and keystoned), in a
  frame, partly hidden by something in front of it, and moving in step with the
  candidate (mirrored).
- A poster: a framed photo of a person on the wall, perfectly still.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from analysis.synth.recording import Frame, _paste, _resize, package_photo

OPENCV_DATA = Path("/usr/share/doc/opencv-doc/examples/data")
BASKETBALL = OPENCV_DATA / "basketball1.png"
# (x0, y0, x1, y1) in basketball1.png: the patterned-shirt man (from behind, right)
# and the man with the ball (facing the camera, left)
CROPS = {"basketball_back": (420, 15, 640, 480), "basketball_front": (25, 70, 175, 290)}


@cache
def person_photo(name: str) -> Frame:
    """A package photo (`package_photo`) or a person cut from an OpenCV sample image."""
    if name not in CROPS:
        return package_photo(name)
    from PIL import Image

    if not BASKETBALL.is_file():
        raise RuntimeError(f"{BASKETBALL} not found: install Debian's opencv-doc")
    with Image.open(BASKETBALL) as im:
        rgb = np.asarray(im.convert("RGB"))
    x0, y0, x1, y1 = CROPS[name]
    out: Frame = np.ascontiguousarray(rgb[y0:y1, x0:x1])
    return out


@dataclass(frozen=True)
class MirrorStyle:
    """How a wall mirror shows the candidate (fractions of the frame and of them)."""

    x: float = 0.05  # the mirror's left edge
    y: float = 0.06  # its top
    scale: float = 0.5  # the reflection's size relative to the candidate
    gain: float = 0.6  # darker
    blur: float = 1.5  # Gaussian sigma, px at the reflection's size
    squeeze: float = 0.8  # seen at an angle: narrower...
    keystone: float = 0.12  # ...and one side taller than the other
    hidden: float = 0.25  # this fraction of the mirror's width hidden (a plant, a lamp)
    frame_rgb: tuple[int, int, int] = (70, 55, 40)
    follow: float = -0.45  # its motion for the candidate's (negative: mirrored)


def draw_mirror(img: Frame, me: Frame, dx: float, style: MirrorStyle, seed: int) -> None:
    """The candidate `me` (already placed at sway `dx` px) as a wall mirror shows them."""
    import cv2

    h, w = img.shape[:2]
    refl = _resize(me[:, ::-1], max(8, int(me.shape[0] * style.scale)))
    refl = np.asarray(cv2.GaussianBlur(refl, (0, 0), style.blur), np.uint8)
    mx, my = int(style.x * w), int(style.y * h)
    refl = refl[: max(8, h - my - 4), : max(8, int((w - mx - 4) / style.squeeze))]
    rh, rw = refl.shape[:2]
    nw = max(8, int(rw * style.squeeze))
    k = style.keystone * rh
    src = np.array([[0, 0], [rw, 0], [rw, rh], [0, rh]], np.float32)
    dst = np.array([[0, 0], [nw, k], [nw, rh - k], [0, rh]], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    warped = np.asarray(
        cv2.warpPerspective(refl, m, (nw, rh), borderMode=cv2.BORDER_REPLICATE), np.uint8
    )
    glass = img[my : my + rh, mx : mx + nw].copy()  # the room behind the candidate
    _paste(glass, warped, int(style.follow * dx), 0)
    glass = (glass * style.gain).astype(np.uint8)
    b = max(3, w // 120)
    img[max(0, my - b) : my + rh + b, max(0, mx - b) : mx + nw + b] = style.frame_rgb
    _paste(img, glass, mx, my)
    if style.hidden > 0:  # something standing in front of one side of it
        rng = np.random.default_rng(seed)
        hw = int(style.hidden * nw)
        plant = rng.integers(20, 90, 3)
        img[my + rh // 3 : my + rh + b, mx + nw + b - hw : mx + nw + b] = plant


def draw_poster(img: Frame, photo: Frame, x: float, y: float, height: float) -> None:
    """A framed photo of a person on the wall (fractions of the frame)."""
    h, w = img.shape[:2]
    p = _resize(photo, max(8, int(height * h)))
    px, py = int(x * w), int(y * h)
    b = max(3, w // 100)
    img[max(0, py - b) : py + p.shape[0] + b, max(0, px - b) : px + p.shape[1] + b] = (30, 30, 30)
    _paste(img, p, px, py)


def low_light(img: Frame, gain: float, rng: np.random.Generator) -> Frame:
    """A dim room: a darker, noisier, slightly warmer picture (the camera's gain up)."""
    tint = np.array([1.0, 0.93, 0.8], np.float32)
    dim = img.astype(np.float32) * gain * tint + rng.normal(0, 4.0, img.shape)
    out: Frame = dim.clip(0, 255).astype(np.uint8)
    return out


def _hair_tone(me: Frame, face: tuple[int, int, int, int]) -> NDArray[np.float32]:
    """The mean colour of the hair: the band a third of the face high above it."""
    x0, y0, x1, y1 = face
    top = max(0, y0 - (y1 - y0) // 3)
    hair = me[top : max(top + 2, y0), x0:x1].astype(np.float32)
    return np.asarray(hair.reshape(-1, hair.shape[-1])[:, :3].mean(axis=0))


def head_turned(me: Frame, face: tuple[int, int, int, int], side: int) -> Frame:
    """The candidate with their head turned away (to `side`: -1 left, 1 right): the
    face squeezed to a profile strip at that side of the head, the rest of the head
    the back of the head (a blurred, darker copy of the hair above the face)."""
    import cv2

    x0, y0, x1, y1 = face
    out = me.copy()
    fw, fh = x1 - x0, y1 - y0
    if fw < 8 or fh < 8:
        return out
    tone = _hair_tone(me, face) * 0.8
    back = np.asarray(cv2.GaussianBlur(me[y0:y1, x0:x1, :3], (0, 0), max(2.0, fw / 6)), np.float32)
    out[y0:y1, x0:x1, :3] = (0.35 * back + 0.65 * tone).clip(0, 255).astype(np.uint8)
    sw = max(4, int(0.3 * fw))
    strip = cv2.resize(me[y0:y1, x0:x1, :3], (sw, fh), interpolation=cv2.INTER_AREA)
    sx = x1 - sw if side > 0 else x0
    out[y0:y1, sx : sx + sw, :3] = strip[:, ::-1] if side < 0 else strip
    return out


def looking_down(me: Frame, face: tuple[int, int, int, int]) -> Frame:
    """The candidate looking down at the desk (drawing): the face foreshortened to
    the lower half of its box, the top of the head (the hair's tone) above it."""
    import cv2

    x0, y0, x1, y1 = face
    out = me.copy()
    fw, fh = x1 - x0, y1 - y0
    if fw < 8 or fh < 8:
        return out
    tone = _hair_tone(me, face)
    keep = max(4, int(0.45 * fh))
    squashed = cv2.resize(me[y0:y1, x0:x1, :3], (fw, keep), interpolation=cv2.INTER_AREA)
    top = np.asarray(cv2.GaussianBlur(me[y0 : y1 - keep, x0:x1, :3], (0, 0), 3.0), np.float32)
    out[y0 : y1 - keep, x0:x1, :3] = (0.3 * top + 0.7 * tone).clip(0, 255).astype(np.uint8)
    out[y1 - keep : y1, x0:x1, :3] = squashed
    return out
