"""Run the registered detectors over a recording's sampled frames (in a worker process).

Sampling decodes only what the detectors need: when the GOP is short (phones
write a keyframe about every second) and keyframes come about as often as the
samples asked for (`DetectConfig.keyframes_only`), only keyframes are decoded
(``skip_frame = NONKEY``); otherwise frames are decoded in order and only the
sampled ones are converted. Each camera may have its own interval
(`DetectConfig.for_camera`). Frames are converted straight to at most 640 px
wide, which loses nothing: BlazeFace sees 192x192 and NanoDet 416x416.

Cheap detectors see every sample; costly ones only the samples that
`analysis.detect.attention.Attention` asks for (their last findings are carried
forward, marked ``~held``, in between).

A long recording can be detected in parts (`spans`), each in its own job, so
that the cores share the work of one pair evenly; `join` puts the parts back
together. A part starts one sample early (a warm-up, not reported) so that the
state carried from sample to sample (the previous frame for "frozen", the
candidate's face for the mirror search, attention's memory) is there at its
first reported sample.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from analysis.detect.attention import Attention, AttentionConfig
from analysis.detect.detectors import REGISTRY, Detector
from analysis.detect.observations import HELD, Kind, Observation
from analysis.media.video import MediaError, TimedFrame, open_video

log = logging.getLogger(__name__)

DETECT_VERSION = "11"  # 11: pictures through misses and partial hiding, weak held bodies
# 10: mirror cues, pictures, pose on the aux camera, merged people
MAX_WIDTH = 640
GOP_PACKETS = 3000  # the GOP is measured on the first packets (100 s at 30 fps)


KEYFRAME_SLACK = 1.25  # keyframes-only sampling when keyframes come at least 80% as often


@dataclass(frozen=True)
class DetectConfig:
    every_s: float = 1.0  # one sampled frame per interval (both cameras, unless set below)
    # keyframes only when the GOP is at most this, and keyframes alone give the rate
    # asked (GOP <= 1.25 x every_s); otherwise frames are decoded in order and the
    # sampled ones converted. 0: never keyframes only
    keyframe_gop_max_s: float = 2.0
    main_every_s: float = 0.0  # the main camera's own interval; 0: every_s
    aux_every_s: float = 0.0  # the aux camera's own interval; 0: every_s
    detectors: tuple[str, ...] = ("quality", "faces", "hands", "objects", "pictures", "mirror")
    # the aux camera mostly sees the candidate's back, where NanoDet-m misses a person and
    # no face is found: MediaPipe Pose finds them (issue 17); () = the same as `detectors`
    aux_detectors: tuple[str, ...] = (
        "quality",
        "faces",
        "hands",
        "objects",
        "pose",
        "pictures",
        "mirror",
    )
    attention: AttentionConfig = field(default_factory=AttentionConfig)
    # per-detector config overrides, e.g. {"faces": FaceConfig(min_score=0.6)}
    configs: dict[str, Any] = field(default_factory=dict)

    def for_camera(self, camera: str) -> DetectConfig:
        """The settings one camera's recordings are detected with: its own interval as
        `every_s` (so the cache key is the same however that interval was set)."""
        own = {"main": self.main_every_s, "aux": self.aux_every_s}.get(camera, 0.0)
        names = self.aux_detectors if camera == "aux" and self.aux_detectors else self.detectors
        return replace(
            self,
            every_s=own or self.every_s,
            main_every_s=0.0,
            aux_every_s=0.0,
            detectors=names,
            aux_detectors=(),
        )

    def keyframes_only(self, gop_s: float | None) -> bool:
        """Whether decoding keyframes alone samples a file of this GOP often enough."""
        return gop_s is not None and gop_s <= min(
            self.keyframe_gop_max_s, self.every_s * KEYFRAME_SLACK
        )

    def key(self) -> str:
        """What a cached detection result depends on (`for_camera` first: the
        per-camera intervals are in `every_s` then)."""
        parts = [
            DETECT_VERSION,
            f"{self.every_s:g}",
            f"{self.keyframe_gop_max_s:g}",
            *self.detectors,
            repr(self.attention),
            *(f"{k}={v!r}" for k, v in sorted(self.configs.items())),
        ]
        return "|".join(parts)


@dataclass(frozen=True)
class DetectionResult:
    observations: tuple[Observation, ...]
    sample_times: tuple[float, ...]
    mode: str  # keyframes | sampled
    gop_s: float | None
    error: str | None = None  # decoding stopped early: what was seen is still here
    costly_runs: int = 0  # samples the costly detectors looked at

    def to_json(self) -> dict[str, Any]:
        return {
            "observations": [o.to_json() for o in self.observations],
            "sample_times": [round(t, 3) for t in self.sample_times],
            "mode": self.mode,
            "gop_s": self.gop_s,
            "error": self.error,
            "costly_runs": self.costly_runs,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DetectionResult:
        return cls(
            tuple(Observation.from_json(o) for o in d["observations"]),
            tuple(float(t) for t in d["sample_times"]),
            str(d["mode"]),
            d.get("gop_s"),
            d.get("error"),
            int(d.get("costly_runs", 0)),
        )


Span = tuple[float, float | None]  # [start s, end s), None: to the end


def detect_recording(
    path: str, config: DetectConfig | None = None, span: Span | None = None
) -> DetectionResult:
    """Detect over the whole recording, or over the samples in `span` only."""
    cfg = config or DetectConfig()
    detectors: list[tuple[Detector, bool]] = []
    try:
        for name in cfg.detectors:
            entry = REGISTRY[name]
            detectors.append((entry.make(cfg.configs.get(name)), entry.costly))
        return _run(Path(path), cfg, detectors, span or (0.0, None))
    finally:
        for det, _ in detectors:
            det.close()


def _process(det: Detector, frame: TimedFrame, seen: list[Observation]) -> list[Observation]:
    if getattr(det, "uses_context", False):
        return det.process(frame, seen)  # type: ignore[call-arg]
    return det.process(frame)


def spans(duration_s: float | None, part_s: float) -> list[Span]:
    """Cut a recording of `duration_s` into parts of about `part_s` (the last one open)."""
    if not duration_s or part_s <= 0 or duration_s < 1.5 * part_s:
        return [(0.0, None)]
    n = round(duration_s / part_s)
    step = duration_s / n
    cuts = [round(k * step, 3) for k in range(n)]
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], None], strict=True)]


def join(parts: list[DetectionResult]) -> DetectionResult:
    """The parts of one recording, in time order, as one result. The first error is
    kept (what was seen in every part is still there)."""
    errors = [p.error for p in parts if p.error]
    return DetectionResult(
        tuple(o for p in parts for o in p.observations),
        tuple(t for p in parts for t in p.sample_times),
        parts[0].mode,
        parts[0].gop_s,
        errors[0] if errors else None,
        sum(p.costly_runs for p in parts),
    )


def _run(
    path: Path, cfg: DetectConfig, detectors: list[tuple[Detector, bool]], span: Span
) -> DetectionResult:
    start, end = span
    warm_from = max(0.0, start - cfg.every_s)  # one sample before the span: a warm-up
    obs: list[Observation] = []
    times: list[float] = []
    attention = Attention(cfg.attention)
    held: list[Observation] = []
    runs = 0
    with open_video(path) as vf:
        info = vf.info()
        gop = _gop_seconds(vf.packet_sizes(limit=GOP_PACKETS))
        keyframes = cfg.keyframes_only(gop)
        error = None
        try:
            for frame in vf.frames(
                every_s=cfg.every_s,
                keyframes_only=keyframes,
                start_s=warm_from,
                end_s=end,
                size=_size(info.width, info.height),
            ):
                if end is not None and frame.pts_s >= end:
                    break
                report = not start or frame.pts_s >= start - 1e-6
                cheap: list[Observation] = []
                for det, costly in detectors:
                    if not costly:
                        cheap.extend(_process(det, frame, cheap))
                if attention.ask(frame.pts_s, frame.image, cheap) is None:
                    later = [_held(o, frame.pts_s) for o in held]
                else:
                    runs += report  # the warm-up's run is not one of this span's
                    seen = list(cheap)
                    for det, costly in detectors:
                        if costly:
                            seen.extend(_process(det, frame, seen))
                    later = seen[len(cheap) :]
                    attention.ran(frame.pts_s, cheap, later)
                    held = [o for o in later if o.kind != Kind.FACE]
                if report:
                    times.append(frame.pts_s)
                    obs.extend(cheap)
                    obs.extend(later)
        except MediaError as exc:
            error = str(exc)
        for det, _ in detectors:
            obs.extend(det.finish())
    return DetectionResult(
        tuple(obs), tuple(times), "keyframes" if keyframes else "sampled", gop, error, runs
    )


def _held(o: Observation, t: float) -> Observation:
    d = o.detector if o.detector.endswith(HELD) else o.detector + HELD
    return replace(o, t=t, detector=d)


def _gop_seconds(packets: tuple[Any, Any, Any]) -> float | None:
    pts, _, key = packets
    kt = np.sort(pts[key])
    return round(float(np.median(np.diff(kt))), 3) if kt.size >= 3 else None


def _size(width: int | None, height: int | None) -> tuple[int, int] | None:
    if not width or not height or width <= MAX_WIDTH:
        return None
    return MAX_WIDTH, max(2, round(height * MAX_WIDTH / width / 2) * 2)
