"""Synthetic recordings for examples, tests and benchmarks.

Media are encoded with PyAV from numpy frames, usually a real photo (from a
package such as scikit-image) moving over a plain room background, so that the
content has the texture and motion of a real candidate without shipping video.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

Frame = NDArray[np.uint8]
TIME_BASE = Fraction(1, 1000)
FrameFn = Callable[[float], Frame]
AudioFn = Callable[[NDArray[np.float64]], NDArray[np.float32]]


@dataclass(frozen=True)
class Cut:
    """At content time `at_s` the recording's timestamps jump by `jump_s` (negative: back)."""

    at_s: float
    jump_s: float


@dataclass(frozen=True)
class RecordingSpec:
    duration_s: float
    fps: int = 15
    width: int = 320
    height: int = 180
    gop_s: float = 1.0
    audio_rate: int | None = 16000
    cuts: Sequence[Cut] = field(default_factory=tuple)
    codec: str = "libx264"
    creation_time: str | None = None


def write_recording(
    path: Path, spec: RecordingSpec, frame_fn: FrameFn, audio_fn: AudioFn | None = None
) -> None:
    """Encode `spec.duration_s` seconds of `frame_fn(t)` (and `audio_fn(t)`) to `path`.

    Cuts shift the pts of everything after them, exactly what an app exit
    followed by a resumed recording leaves in the container: what happened in
    the meantime is missing, so content is drawn at the shifted (file) time.
    """
    fmt = "mp4" if path.suffix.lower() in {".mp4", ".m4v", ".mov", ".3gp"} else None
    with av.open(str(path), "w", format=fmt) as out:
        if spec.creation_time:
            out.metadata["creation_time"] = spec.creation_time
        vs: Any = out.add_stream(spec.codec, rate=spec.fps)
        vs.width, vs.height = spec.width, spec.height
        vs.pix_fmt = "yuv420p"
        vs.codec_context.gop_size = max(1, round(spec.gop_s * spec.fps))
        if spec.codec == "libx264":
            vs.codec_context.options = {"preset": "ultrafast", "tune": "zerolatency"}
        vs.codec_context.time_base = TIME_BASE
        aus = None
        if spec.audio_rate and audio_fn is not None:
            aus = out.add_stream("aac", rate=spec.audio_rate, layout="mono")
        n_frames = round(spec.duration_s * spec.fps)
        for i in range(n_frames):
            t = i / spec.fps
            img = np.ascontiguousarray(frame_fn(_shift(t, spec.cuts))[:, :, :3])
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = round(_shift(t, spec.cuts) / TIME_BASE)
            frame.time_base = TIME_BASE
            out.mux(vs.encode(frame))
        out.mux(vs.encode(None))
        if aus is not None and audio_fn is not None:
            _write_audio(out, aus, spec, audio_fn)


def _shift(t: float, cuts: Sequence[Cut]) -> float:
    return t + sum(c.jump_s for c in cuts if t >= c.at_s)


def _write_audio(
    out: Any,
    aus: Any,
    spec: RecordingSpec,
    audio_fn: AudioFn,
) -> None:
    rate = spec.audio_rate or 16000
    block = 1024
    total = int(spec.duration_s * rate)
    for start in range(0, total, block):
        n = min(block, total - start)
        t = (start + np.arange(n)) / rate
        samples = (
            np.clip(audio_fn(t + _shift(start / rate, spec.cuts) - start / rate), -1, 1)
            .astype(np.float32)
            .reshape(1, -1)
        )
        af = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
        af.sample_rate = rate
        af.pts = round(_shift(start / rate, spec.cuts) * rate)
        af.time_base = Fraction(1, rate)
        out.mux(aus.encode(af))
    out.mux(aus.encode(None))


# --- scenes -----------------------------------------------------------------


def room_background(width: int, height: int, seed: int = 0) -> Frame:
    """A plain room: a wall gradient, a desk edge and some fixed clutter."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, height)[:, None]
    wall = np.stack([180 - 40 * y, 170 - 30 * y, 150 - 20 * y], axis=-1)
    img = np.broadcast_to(wall, (height, width, 3)).copy()
    desk = int(height * 0.78)
    img[desk:] = (110, 80, 55)
    for _ in range(6):
        x0, y0 = rng.integers(0, width - 20), rng.integers(0, desk - 20)
        w, h = rng.integers(8, max(9, width // 8)), rng.integers(8, max(9, height // 6))
        img[y0 : y0 + h, x0 : x0 + w] = rng.integers(40, 220, 3)
    img += rng.normal(0, 3, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def moving_subject(
    photo: Frame,
    width: int,
    height: int,
    *,
    seed: int = 0,
    scale: float = 0.6,
    sway_px: float = 0.08,
) -> FrameFn:
    """A person photo over a room, swaying and nodding irregularly (seeded).

    The irregular motion (a sum of incommensurate sines plus occasional larger
    moves) gives both cameras a shared, non-periodic motion signal.
    """
    bg = room_background(width, height, seed)
    ph = _resize(
        photo if photo.ndim == 3 else np.repeat(photo[:, :, None], 3, 2), int(height * scale)
    )
    rng = np.random.default_rng(seed + 1)
    freqs = rng.uniform(0.05, 0.6, 4)
    phases = rng.uniform(0, 2 * math.pi, 4)
    events = np.sort(rng.uniform(0, 3600, 400))
    ph_h, ph_w = ph.shape[:2]

    def frame(t: float) -> Frame:
        dx = sum(math.sin(2 * math.pi * f * t + p) for f, p in zip(freqs, phases, strict=True))
        k = int(np.searchsorted(events, t))
        jump = 0.0
        if k > 0 and t - events[k - 1] < 1.5:
            jump = math.sin(math.pi * (t - events[k - 1]) / 1.5) * (1 if k % 2 else -1)
        x = int(width / 2 - ph_w / 2 + (dx / 4 + jump) * sway_px * width)
        y = int(height - ph_h - height * 0.05 + abs(jump) * 0.05 * height)
        img = bg.copy()
        _paste(img, ph, x, y)
        return img

    return frame


def noise_audio(seed: int = 0, level: float = 0.3) -> AudioFn:
    """Speech-like audio: bursts of band-limited noise with a seeded envelope."""
    rng = np.random.default_rng(seed)
    burst_starts = np.cumsum(rng.uniform(0.15, 0.9, 20000))

    def audio(t: NDArray[np.float64]) -> NDArray[np.float32]:
        k = np.searchsorted(burst_starts, t)
        phase = t - np.where(k > 0, burst_starts[np.maximum(k - 1, 0)], 0.0)
        env = np.clip(1 - phase / 0.25, 0, 1) ** 2
        carrier = np.sin(2 * math.pi * 220 * t) * np.sin(2 * math.pi * 3.1 * t + k)
        hiss = np.random.default_rng(int(t[0] * 1000) + seed).normal(0, 0.3, t.shape)
        return (level * env * (carrier + hiss)).astype(np.float32)

    return audio


def _resize(img: Frame, new_h: int) -> Frame:
    h, w = img.shape[:2]
    new_w = max(1, round(w * new_h / h))
    ys = (np.arange(new_h) * h / new_h).astype(int)
    xs = (np.arange(new_w) * w / new_w).astype(int)
    out: Frame = img[ys][:, xs]
    return out


def _paste(dst: Frame, src: Frame, x: int, y: int) -> None:
    h, w = src.shape[:2]
    H, W = dst.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, W), min(y + h, H)
    if x0 < x1 and y0 < y1:
        dst[y0:y1, x0:x1] = src[y0 - y : y1 - y, x0 - x : x1 - x, :3]


def package_photo(name: str) -> Frame:
    """A real photo of a person shipped inside an installed package (RGB uint8).

    astronaut, camera: scikit-image ``data/``; grace_hopper: matplotlib sample_data.
    """
    if name in ("astronaut", "camera"):
        from skimage import data

        img = np.asarray(getattr(data, name)())
    elif name == "grace_hopper":
        import matplotlib
        from PIL import Image

        path = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
        with Image.open(path) as im:
            img = np.asarray(im.convert("RGB"))
    else:
        raise ValueError(f"unknown package photo {name!r}")
    if img.ndim == 2:
        img = np.repeat(img[:, :, None], 3, axis=2)
    return img.astype(np.uint8)


def remux(src: Path, dst: Path, *, fragmented: bool = False, faststart: bool = False) -> None:
    """Copy `src`'s packets into `dst` (container from its suffix), without re-encoding.

    ``fragmented``: an MP4 of moof/mdat fragments, one per keyframe, as crash-safe
    phone apps write; ``faststart``: an MP4 with its index (moov) first.
    """
    flags = ["frag_keyframe", "empty_moov", "default_base_moof"] if fragmented else []
    flags += ["faststart"] if faststart else []
    options = {"movflags": "+".join(flags)} if flags else {}
    with av.open(str(src)) as inp, av.open(str(dst), "w", options=options) as out:
        streams = {s.index: out.add_stream_from_template(s) for s in inp.streams}
        for pkt in inp.demux():
            if pkt.dts is None:
                continue
            pkt.stream = streams[pkt.stream.index]
            out.mux(pkt)
