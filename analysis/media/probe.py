"""Probe one recording: metadata, decodability, truncation and timestamp gaps.

A cut in the recording (the exam app was exited and resumed) shows up as
presentation timestamps that jump forward by more than about a second, or go
back. We read those from demuxed packets, never decoding the whole file.

Damage (a file cut short, bytes appended, a broken structure or a GOP that does
not decode at either end) is judged by `analysis.media.damage`; the result then says
why as a code (`ProbeResult.error_code`) with its numbers (`error_facts`), and
`integrity_flags` passes both on to the flag.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from analysis.flags import Camera, FactValue, Flag, FlagType
from analysis.media.damage import assess
from analysis.media.video import MediaError, MediaInfo, open_video

log = logging.getLogger(__name__)

MAX_FORWARD_GAP_S = 1.0
# A B-frame stream legitimately shows pts going back by a few frames in decode
# order; more than this (without dts) is a timeline reset.
PTS_BACK_TOLERANCE_S = 0.5
# dts must be monotonic; allow container rounding.
DTS_BACK_TOLERANCE_S = 0.1
# a seek to the start may land this much after the first frame (a frame or two)
SEEK_SLACK_S = 0.5


@dataclass(frozen=True, slots=True)
class Gap:
    start_s: float
    end_s: float
    backwards: bool
    stream: str

    def facts(self) -> dict[str, FactValue]:
        """from_s: where the clock was, to_s: where it went (missing_s: forward cuts only)."""
        if self.backwards:
            return {"from_s": self.end_s, "to_s": self.start_s, "stream": self.stream}
        return {
            "from_s": self.start_s,
            "to_s": self.end_s,
            "missing_s": round(self.end_s - self.start_s, 3),
            "stream": self.stream,
        }

    def describe(self) -> str:
        if self.backwards:
            return (
                f"{self.stream} timestamps go back from {self.end_s:.2f} s "
                f"to {self.start_s:.2f} s (timeline reset: recording was cut)"
            )
        return (
            f"{self.stream} timestamps jump from {self.start_s:.2f} s to "
            f"{self.end_s:.2f} s ({self.end_s - self.start_s:.2f} s missing: recording was cut)"
        )


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What a recording is, and whatever could be read of it."""

    readable: bool
    error: str | None = None
    # why it is unreadable, as a code (see `integrity_flags`) and its numbers
    error_code: str | None = None
    error_facts: dict[str, FactValue] = field(default_factory=dict)
    container: str | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    duration_s: float | None = None
    has_audio: bool = False
    creation_time: str | None = None
    gaps: tuple[Gap, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__ if k != "gaps"}
        d["gaps"] = [[g.start_s, g.end_s, g.backwards, g.stream] for g in self.gaps]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ProbeResult:
        gaps = tuple(Gap(float(a), float(b), bool(c), str(s)) for a, b, c, s in d.get("gaps", []))
        fields: dict[str, Any] = {k: d.get(k) for k in cls.__slots__ if k != "gaps"}
        fields["readable"] = bool(fields["readable"])
        fields["has_audio"] = bool(fields["has_audio"])
        fields["error_facts"] = dict(fields["error_facts"] or {})
        return cls(**fields, gaps=gaps)


def probe_recording(path: Path) -> ProbeResult:
    """Probe a file; never raises for bad media, returns readable=False with a reason.

    Damage (`analysis.media.damage`) makes it unreadable with the code ``truncated``,
    ``damaged`` or ``trailing_data``, and the duration that could be read.
    """
    try:
        return _probe(path)
    except MediaError as exc:
        return ProbeResult(
            readable=False, error=str(exc), error_code=exc.code, error_facts={"error": str(exc)}
        )
    except Exception as exc:  # bad media must never raise out of a probe
        log.warning("%s: probe failed", path.name, exc_info=True)
        error = f"{path.name}: cannot be read: {type(exc).__name__}: {exc}"
        return ProbeResult(
            readable=False, error=error, error_code="probe_failed", error_facts={"error": error}
        )


WHAT = {
    "truncated": "truncated",
    "damaged": "damaged",
    "trailing_data": "unexpected data appended",
}


def _probe(path: Path) -> ProbeResult:
    with open_video(path) as vf:
        info = vf.info()
        if info.video_codec is None:
            return _partial(info, f"{path.name}: no video stream", "no_video_stream")
        packets = vf.packet_times()
        duration = _readable_duration(info, packets.video_pts, packets.video_dts)
        first = packets.video_pts[np.isfinite(packets.video_pts)]
        seek_error = _seek_check(vf, float(first.min()) if first.size else 0.0)
        damage = assess(path, info, packets, duration, seek_error)
        gaps = find_gaps(packets.video_pts, packets.video_dts, stream="video")
        gaps += find_gaps(
            packets.audio_pts, np.full(len(packets.audio_pts), np.nan), stream="audio"
        )
        result = _from_info(
            info, duration, merge_gaps(gaps), measured_fps(packets.video_pts) or info.fps
        )
        if damage is None:
            return result
        readable_to = f"readable up to {duration:.2f} s" if duration else "nothing readable"
        error = f"{path.name}: {WHAT[damage.code]} ({'; '.join(damage.problems)}); {readable_to}"
        return _with_error(result, error, damage.code, damage.facts)


def _seek_check(vf: Any, first_pts: float) -> str | None:
    """Seek to the start and decode the first frame, as detection and alignment do: a
    damaged seek index (Matroska Cues) can leave nothing, or not the start, after it."""
    try:
        frame = next(vf.frames(), None)
    except MediaError as exc:
        return str(exc)
    if frame is None:
        return "no video frame decodes after a seek to the start (damaged index)"
    if frame.pts_s > first_pts + SEEK_SLACK_S:
        return (
            f"a seek to the start lands at {frame.pts_s:.2f} s, its first frame is at "
            f"{first_pts:.2f} s (damaged index)"
        )
    return None


def _segments(
    pts: NDArray[np.float64], dts: NDArray[np.float64]
) -> tuple[list[int], NDArray[np.float64], NDArray[np.float64]]:
    """Split decode order where the clock goes back; returns bounds, order key, running max."""
    use_dts = dts.size == pts.size and bool(np.all(np.isfinite(dts)))
    key = dts if use_dts else pts
    tol = DTS_BACK_TOLERANCE_S if use_dts else PTS_BACK_TOLERANCE_S
    running = np.maximum.accumulate(np.where(np.isfinite(key), key, -np.inf))
    back = np.flatnonzero(key[1:] < running[:-1] - tol) + 1
    return [0, *back.tolist(), pts.size], key, running


def _readable_duration(
    info: MediaInfo, video_pts: NDArray[np.float64], video_dts: NDArray[np.float64]
) -> float | None:
    """Timeline length of what was demuxed: each clock segment's span, added up."""
    if not np.isfinite(video_pts).any():
        return info.duration_s
    bounds, _, _ = _segments(video_pts, video_dts)
    frame = 1.0 / info.fps if info.fps else 0.0
    total = 0.0
    for i, (lo, hi) in enumerate(pairwise(bounds)):
        seg = video_pts[lo:hi][np.isfinite(video_pts[lo:hi])]
        if seg.size:
            start = min(float(seg.min()), 0.0) if i == 0 else float(seg.min())
            total += float(seg.max()) - start + frame
    return round(total, 3)


def find_gaps(
    pts: NDArray[np.float64],
    dts: NDArray[np.float64],
    *,
    stream: str,
    max_gap_s: float = MAX_FORWARD_GAP_S,
) -> list[Gap]:
    """Forward jumps > max_gap_s in presentation order, and any jump back in decode order."""
    gaps: list[Gap] = []
    if pts.size < 2:
        return gaps
    bounds, order_key, running = _segments(pts, dts)
    for b in bounds[1:-1]:
        gaps.append(Gap(float(order_key[b]), float(running[b - 1]), True, stream))
    for lo, hi in pairwise(bounds):
        seg = np.sort(pts[lo:hi][np.isfinite(pts[lo:hi])])
        if seg.size < 2:
            continue
        d = np.diff(seg)
        typical = float(np.median(d)) if d.size else 0.0
        limit = max(max_gap_s, 3 * typical)
        for i in np.flatnonzero(d > limit):
            gaps.append(Gap(float(seg[i]), float(seg[i + 1]), False, stream))
    return gaps


def merge_gaps(gaps: list[Gap], slack_s: float = 0.5) -> tuple[Gap, ...]:
    """One gap per cut: video and audio report the same cut with slightly different edges."""
    merged: list[Gap] = []
    for g in sorted(gaps, key=lambda g: (g.start_s, g.end_s)):
        if (
            merged
            and g.backwards == merged[-1].backwards
            and g.start_s <= merged[-1].end_s + slack_s
        ):
            m = merged[-1]
            stream = m.stream if m.stream == g.stream else "video+audio"
            merged[-1] = Gap(min(m.start_s, g.start_s), max(m.end_s, g.end_s), m.backwards, stream)
        else:
            merged.append(g)
    return tuple(merged)


def integrity_flags(
    probe: ProbeResult, camera: Camera, duration_limit_s: float | None = None
) -> list[Flag]:
    """Flags that follow from one recording's probe alone."""
    flags: list[Flag] = []
    if not probe.readable:
        error = probe.error or "unreadable"
        facts = dict(probe.error_facts) or {"error": error}
        # a probe without a code comes from the scan itself: a crash, a time-out, an OSError
        reason = probe.error_code or "analysis_failed"
        flags.append(Flag(FlagType.UNREADABLE, camera, error, reason=reason, facts=facts))
    for g in probe.gaps:
        reason = "backwards" if g.backwards else "cut"
        flags.append(
            Flag(
                FlagType.TIMESTAMP_GAP,
                camera,
                g.describe(),
                g.start_s,
                g.end_s,
                reason=reason,
                facts=g.facts(),
            )
        )
    if (
        duration_limit_s is not None
        and probe.duration_s is not None
        and probe.duration_s > duration_limit_s + 0.5
    ):
        flags.append(
            Flag(
                FlagType.DURATION_EXCEEDED,
                camera,
                f"recording lasts {probe.duration_s:.1f} s, limit for this subject is "
                f"{duration_limit_s:.0f} s",
                duration_limit_s,
                probe.duration_s,
                reason="over_limit",
                facts={"duration_s": probe.duration_s, "limit_s": duration_limit_s},
            )
        )
    return flags


def measured_fps(video_pts: NDArray[np.float64]) -> float | None:
    """Frame rate from the median frame interval: robust to cuts and VFR phones."""
    pts = np.sort(video_pts[np.isfinite(video_pts)])
    d = np.diff(pts)
    d = d[d > 1e-6]
    if not d.size:
        return None
    steady = d[d <= 3 * np.median(d)]  # leave cuts out of the average
    return round(1.0 / float(np.mean(steady)), 3)


def _from_info(
    info: MediaInfo, duration: float | None, gaps: tuple[Gap, ...], fps: float | None
) -> ProbeResult:
    return ProbeResult(
        readable=True,
        container=info.container,
        video_codec=info.video_codec,
        audio_codec=info.audio_codec,
        width=info.width,
        height=info.height,
        fps=fps,
        duration_s=duration,
        has_audio=info.has_audio,
        creation_time=info.creation_time,
        gaps=gaps,
    )


def _partial(info: MediaInfo, error: str, code: str) -> ProbeResult:
    return _with_error(_from_info(info, info.duration_s, (), info.fps), error, code, {})


def _with_error(p: ProbeResult, error: str, code: str, facts: dict[str, FactValue]) -> ProbeResult:
    d = p.to_json()
    d.update(readable=False, error=error, error_code=code, error_facts=facts)
    return ProbeResult.from_json(d)
