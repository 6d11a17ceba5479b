"""The two faces behind an identity flag, side by side, for the evidence package.

An identity flag (`identity_mismatch`, `person_changed`, `identity_unresolved`)
names the two faces it compared (recording or photo, time, box) in its
evidence; the committee sees them cut again from the originals, as the desk
shows them (`reviewer.identity_view`). No face image is stored before the
package is made, and the package holds only these two crops.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from analysis.flags import Camera
from reviewer.evidence.fonts import pil_font
from reviewer.evidence.words import Words
from reviewer.identity_view import Comparison, FaceRef, comparison, face_image
from reviewer.review import FlagView

log = logging.getLogger(__name__)

SIDE = 224  # px: each face's height in the picture
BAR = 46  # px of captions under the faces


@dataclass(frozen=True)
class FacePair:
    cmp: Comparison
    images: tuple[NDArray[np.uint8] | None, NDArray[np.uint8] | None]


def face_pairs(s: Session, root: Path, flags: tuple[FlagView, ...]) -> dict[int, FacePair]:
    """Flag id -> its two faces, for the flags whose evidence names two faces."""
    out: dict[int, FacePair] = {}
    for f in flags:
        cmp = comparison(f.evidence)
        if cmp is None:
            continue
        a, b = (face_image(s, root, ref) for ref in cmp.faces)
        out[f.id] = FacePair(cmp, (a, b))
    return out


def _caption(ref: FaceRef, w: Words) -> str:
    if ref.camera == "photo":
        return w["photo"]
    return f"{ref.subject} {w.camera(Camera(ref.camera))} {ref.t:.1f} s"


def faces_picture(pair: FacePair, language: str = "en") -> Image.Image:
    """Both faces at one height, each with where it comes from, and the similarity,
    in the package's language."""
    w = Words(language)
    tiles = []
    for img in pair.images:
        if img is None or img.size == 0:
            tiles.append(Image.new("RGB", (SIDE, SIDE), (60, 60, 60)))
            continue
        ih, iw = img.shape[:2]
        tiles.append(Image.fromarray(img).resize((max(1, round(iw * SIDE / ih)), SIDE)))
    width = sum(t.width for t in tiles) + 30
    canvas = Image.new("RGB", (width, SIDE + BAR), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    font = pil_font(14)
    x = 10
    for tile, ref in zip(tiles, pair.cmp.faces, strict=True):
        canvas.paste(tile, (x, 0))
        draw.text((x, SIDE + 4), _caption(ref, w), fill=(0, 0, 0), font=font)
        x += tile.width + 10
    sim = w["face_similarity"].format(similarity=pair.cmp.similarity, threshold=pair.cmp.threshold)
    draw.text((10, SIDE + 24), sim, fill=(150, 0, 0), font=font)
    return canvas
