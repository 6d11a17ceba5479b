"""Write clips of a recording: a stream copy between keyframes, or a re-encode.

The second module that talks to PyAV (`video.py` reads; this one writes). A cut
by stream copy starts at the keyframe at or before the asked-for start and ends
with the GOP that holds the asked-for end, so every frame decodes and no pixel
is re-encoded; the clip's own timeline starts near 0 and `Cut.shift_s` turns a
clip time back into the source's (source time = clip time + shift_s). Where the
keyframe before the start lies too far back (a screen recording with one
keyframe), the clip is re-encoded instead (`Cut.copied` is False).

`render_pair` writes the side-by-side video: frames of both cameras, aligned by
a caller's time map, composed by a caller's function (the burn-in), H.264.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from analysis.media.video import MediaError, TimedFrame, open_video

log = logging.getLogger(__name__)

# A keyframe further than this before the asked-for start: re-encode instead of copy.
MAX_COPY_PREROLL_S = 10.0


@dataclass(frozen=True)
class Cut:
    """A written clip: what was asked and what the clip holds, on the source's timeline."""

    asked_in_s: float
    asked_out_s: float
    in_s: float  # the first frame's time in the source
    out_s: float  # the last frame's time in the source
    shift_s: float  # source time = clip time + shift_s
    frames: int
    copied: bool  # stream copy (True) or re-encoded (False)


def cut_clip(src: Path, dst: Path, start_s: float, end_s: float) -> Cut:
    """Cut [start_s, end_s] of `src` into `dst` (MP4), by stream copy where the keyframes allow."""
    start_s = max(0.0, start_s)
    if end_s <= start_s:
        raise MediaError(f"{src.name}: empty clip {start_s:.3f}-{end_s:.3f} s", "empty_clip")
    try:
        with av.open(str(src), "r") as c:
            if not c.streams.video:
                raise MediaError(f"{src.name}: no video stream", "no_video_stream")
            key_t = _keyframe_before(c, c.streams.video[0], start_s)
    except (av.FFmpegError, OSError) as exc:
        raise MediaError(f"{src.name}: cannot read: {exc}", "damaged") from exc
    if key_t is not None and start_s - key_t <= MAX_COPY_PREROLL_S:
        try:
            return _copy(src, dst, start_s, end_s)
        except (av.FFmpegError, OSError) as exc:
            log.warning("%s: stream copy failed (%s), re-encoding", src.name, exc)
    return _reencode(src, dst, start_s, end_s)


def _keyframe_before(c: Any, v: Any, t: float) -> float | None:
    """The time of the last keyframe at or before `t` (demuxed, not decoded)."""
    c.seek(max(0, int(t / float(v.time_base))), stream=v, backward=True)
    best: float | None = None
    for p in c.demux(v):
        if p.pts is None or p.size == 0:
            continue
        pt = float(p.pts * p.time_base)
        if pt > t + 1e-6:
            break
        if p.is_keyframe:
            best = pt
    return best


def _copy(src: Path, dst: Path, start_s: float, end_s: float) -> Cut:
    with av.open(str(src), "r") as inp, av.open(str(dst), "w", format="mp4") as out:
        v = inp.streams.video[0]
        a = inp.streams.audio[0] if inp.streams.audio else None
        ov = out.add_stream_from_template(v)
        oa = out.add_stream_from_template(a) if a is not None else None
        inp.seek(
            max(0, int(start_s / float(v.time_base or Fraction(1, 90000)))), stream=v, backward=True
        )
        streams = [v] if a is None else [v, a]
        shift: Fraction | None = None
        in_t: float | None = None
        out_t = 0.0
        frames = 0
        video_done = False
        for p in inp.demux(streams):
            if p.dts is None or p.size == 0:
                continue
            t = Fraction(p.pts if p.pts is not None else p.dts) * p.time_base
            if p.stream is v:
                if video_done:
                    continue
                if shift is None:
                    if not p.is_keyframe:
                        continue
                    # dts starts at 0: the first frame lands at (pts - dts) of its packet
                    shift = Fraction(p.dts) * p.time_base
                    in_t = float(t)
                elif p.is_keyframe and t > end_s + 1e-6:
                    video_done = True
                    if a is None:
                        break
                    continue
                out_t = max(out_t, float(t))
                frames += 1
                _remux(p, ov, shift)
            elif oa is not None and shift is not None:
                if t < Fraction(in_t or 0.0):
                    continue
                if video_done and t > out_t:
                    break
                _remux(p, oa, shift)
        if shift is None or in_t is None:
            raise MediaError(f"{src.name}: no keyframe before {start_s:.3f} s", "no_keyframe")
    return Cut(start_s, end_s, in_t, out_t, float(shift), frames, True)


def _remux(p: Any, stream: Any, shift: Fraction) -> None:
    off = round(shift / p.time_base)
    if p.pts is not None:
        p.pts -= off
    p.dts -= off
    p.stream = stream
    stream.container.mux(p)


def _reencode(src: Path, dst: Path, start_s: float, end_s: float) -> Cut:
    with open_video(src) as vf:
        info = vf.info()
        w, h = _even(info.width or 640), _even(info.height or 360)
        fps = Fraction(info.fps or 30).limit_denominator(1001)
        times: list[float] = []

        def frames() -> Iterator[NDArray[np.uint8]]:
            for f in vf.frames(start_s=start_s, end_s=end_s, size=(w, h)):
                times.append(f.pts_s)
                yield f.image

        write_h264(dst, frames(), fps)
    if not times:
        raise MediaError(f"{src.name}: no frame in {start_s:.3f}-{end_s:.3f} s", "empty_clip")
    return Cut(start_s, end_s, times[0], times[-1], times[0], len(times), False)


def _even(n: int) -> int:
    return max(2, n - n % 2)


def write_h264(
    dst: Path,
    images: Iterator[NDArray[np.uint8]],
    fps: Fraction,
    crf: int = 26,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Encode RGB images (all of the first one's even size) at `fps` into an H.264 MP4;
    returns the count."""
    n = 0
    with av.open(str(dst), "w", format="mp4") as out:
        s: Any = None
        for img in images:
            if cancel is not None and cancel():
                break
            if s is None:
                s = out.add_stream("libx264", rate=fps)
                s.height, s.width = img.shape[:2]
                s.pix_fmt = "yuv420p"
                s.options = {"crf": str(crf), "preset": "veryfast"}
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(img), format="rgb24")
            frame.pts = n
            frame.time_base = 1 / fps
            out.mux(s.encode(frame))
            n += 1
        if s is not None:
            out.mux(s.encode(None))
    return n


Compose = Callable[[TimedFrame | None, TimedFrame | None, float, float], NDArray[np.uint8]]


def render_pair(
    main: Path | None,
    aux: Path | None,
    dst: Path,
    start_s: float,
    end_s: float,
    to_aux: Callable[[float], float],
    compose: Compose,
    panel_width: int = 640,
    fps: float = 30.0,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Write the side-by-side video of main time [start_s, end_s]: for each output
    frame at main time t, the latest main frame at or before t and the latest aux
    frame at or before `to_aux(t)` (None where a camera is missing or has no frame
    yet), scaled to `panel_width`, passed with t and to_aux(t) to `compose`, which
    returns the RGB image to encode (even sides). Returns the frame count."""
    rate = Fraction(fps).limit_denominator(1001)
    step = 1.0 / float(rate)
    count = max(1, int((end_s - start_s) / step) + 1)
    with (
        _Follow(main, start_s, end_s, panel_width) as fm,
        _Follow(aux, to_aux(start_s), to_aux(end_s), panel_width) as fa,
    ):

        def images() -> Iterator[NDArray[np.uint8]]:
            for i in range(count):
                t = start_s + i * step
                ta = to_aux(t)
                yield compose(fm.at(t), fa.at(ta), t, ta)

        return write_h264(dst, images(), rate, cancel=cancel)


class _Follow:
    """The latest decoded frame at or before a time that only moves forward."""

    def __init__(self, path: Path | None, start_s: float, end_s: float, width: int) -> None:
        self._path = path
        self._width = width
        self._range = (max(0.0, start_s - 0.5), end_s + 0.5)
        self._it: Iterator[TimedFrame] | None = None
        self._cur: TimedFrame | None = None
        self._next: TimedFrame | None = None
        self._vf: Any = None

    def __enter__(self) -> _Follow:
        if self._path is not None:
            self._vf = open_video(self._path)
            info = self._vf.info()
            h = _even(round((info.height or 360) * self._width / max(1, info.width or 640)))
            size = (self._width, h)
            self._it = self._vf.frames(start_s=self._range[0], end_s=self._range[1], size=size)
            self._next = next(self._it, None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._vf is not None:
            self._vf.close()

    def at(self, t: float) -> TimedFrame | None:
        while self._it is not None and self._next is not None and self._next.pts_s <= t + 1e-6:
            self._cur = self._next
            self._next = next(self._it, None)
        return self._cur
