"""Align a main/aux pair in time, and say when the two do not belong together.

Result convention (the report's `alignment`): `offset_s` is how many seconds
after the main recording the aux recording started, so main time t shows the
same moment as aux time t - offset(t), with offset(t) = offset_s + drift·t.

Order of evidence: audio (both tracks present and not silent), then video
(motion both cameras see), then metadata (manifest `started_at`, container
`creation_time`), which alone never vouches for a pair.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from analysis.align.audio import WINDOWED_MIN_S, envelope, whole, windowed
from analysis.align.signals import (
    ENVELOPE_RATE,
    F64,
    MOTION_RATE,
    packet_motion,
    pixel_motion,
)
from analysis.align.xcorr import LagEstimate, best_lag, fit_drift
from analysis.media.video import MediaError, open_video

log = logging.getLogger(__name__)

ALIGN_VERSION = "1"


@dataclass(frozen=True)
class AlignConfig:
    max_lag_s: float = 60.0  # phones are started by hand, seconds apart
    min_overlap_frac: float = 0.5  # of the shorter recording
    audio_min_psr: float = 7.0  # unrelated audio scored <= 5.0, true pairs >= 10.4
    pixel_min_psr: float = 5.4  # unrelated motion scored <= 4.75, true pairs >= 6.1
    packet_min_psr: float = 6.0
    # decode every frame (pixel motion) only up to this many pixels x frames per file
    # (3.5e9: about 2 min of 720p30, 20 s of decoding here); beyond it, motion is read
    # from packet sizes, which needs no decoding but is a weaker signal on short clips
    pixel_budget: float = 3.5e9
    sample_fps: float = 15.0
    drift_min_s: float = 120.0
    metadata_tolerance_s: float = 5.0


@dataclass(frozen=True)
class Track:
    """One recording, with what the manifest and the probe said about it."""

    path: Path
    duration_s: float | None = None
    has_audio: bool = True
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    started_at: datetime | None = None  # manifest
    creation_time: str | None = None  # container tag


@dataclass(frozen=True)
class Alignment:
    offset_s: float | None
    confidence: float
    method: str  # audio | visual | metadata | none
    drift_ppm: float | None = None
    detail: str = ""
    mismatch: bool = False  # -> a pair_mismatch flag
    diagnostics: dict[str, Any] = field(default_factory=dict)
    # what `detail` says, as data for the desk: {"score": psr, "notes": [Note, ...]}
    facts: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "offset_s": None if self.offset_s is None else round(self.offset_s, 4),
            "confidence": round(self.confidence, 3),
            "method": self.method,
            "drift_ppm": None if self.drift_ppm is None else round(self.drift_ppm, 1),
            "detail": self.detail,
        }


def track_of(path: Path, *, audio: bool = True) -> Track:
    """A Track from probing the file (for tools and tests; scans use stored probes)."""
    from analysis.media.probe import probe_recording

    p = probe_recording(path)
    return Track(
        path, p.duration_s, p.has_audio and audio, p.width, p.height, p.fps, None, p.creation_time
    )


def align_pair(main: Track, aux: Track, config: AlignConfig | None = None) -> Alignment:
    """Never raises for bad media: an unreadable track just gives no evidence."""
    cfg = config or AlignConfig()
    notes: list[Note] = []
    prior, prior_src = metadata_prior(main, aux)
    lo, hi = -cfg.max_lag_s, cfg.max_lag_s
    if prior is not None and not lo + 10 <= prior <= hi - 10:
        lo, hi = min(lo, prior - 10), max(hi, prior + 10)
    shorter = min(main.duration_s or 0.0, aux.duration_s or 0.0)
    min_overlap = max(3.0, cfg.min_overlap_frac * shorter)
    diag: dict[str, Any] = {"prior_s": prior, "prior_source": prior_src}

    est, method, rate, sigs, fit = None, "none", 1.0, None, None
    long_pair = shorter >= WINDOWED_MIN_S and lo >= -90 and hi <= 90
    if long_pair and main.has_audio and aux.has_audio:
        found = windowed(
            main.path,
            aux.path,
            main.duration_s or 0.0,
            aux.duration_s or 0.0,
            lo,
            hi,
            cfg.audio_min_psr,
        )
        if found is not None:
            est, fit = found
            method = "audio"
            diag["audio_psr"], diag["audio_mode"] = round(est.psr, 2), "windows"
    if est is None:
        audio = _audio_signals(main, aux, notes)
        if audio is not None:
            e = best_lag(
                *audio, ENVELOPE_RATE, min_lag_s=lo, max_lag_s=hi, min_overlap_s=min_overlap
            )
            diag["audio_psr"] = None if e is None else round(e.psr, 2)
            if e is not None and e.psr >= cfg.audio_min_psr:
                est, method, rate, sigs = e, "audio", ENVELOPE_RATE, audio
            elif e is not None:
                notes.append({"code": "audio_no_match", "score": round(e.psr, 1)})
    if est is None:
        visual, kind = _visual_signals(main, aux, cfg)
        if visual is not None:
            e = best_lag(
                *visual, MOTION_RATE, min_lag_s=lo, max_lag_s=hi, min_overlap_s=min_overlap
            )
            diag["visual_psr"], diag["visual_signal"] = (
                None if e is None else round(e.psr, 2),
                kind,
            )
            need = cfg.pixel_min_psr if kind == "pixels" else cfg.packet_min_psr
            if e is not None and e.psr >= need:
                est, method, rate, sigs = e, "visual", MOTION_RATE, visual
            elif e is not None:
                notes.append({"code": "motion_no_match", "score": round(e.psr, 1), "signal": kind})
    if est is None:
        return _no_evidence(prior, prior_src, notes, diag)

    offset, drift = float(est.lag_s), None
    if shorter >= cfg.drift_min_s:
        if fit is None and sigs is not None:
            fit = fit_drift(sigs[0], sigs[1], rate, est.lag_s)
        if fit is not None:
            diag["drift_fit"] = (
                f"{fit.drift_ppm:.0f}±{fit.drift_se_ppm:.0f} ppm, "
                f"{fit.windows_used}/{fit.windows_total} windows"
            )
            if fit.significant:
                offset, drift = fit.offset_s, fit.drift_ppm
            else:
                drift = 0.0  # measured, and below what the windows can resolve
    conf = _confidence(est, cfg.audio_min_psr if method == "audio" else cfg.pixel_min_psr)
    if prior is not None and abs(prior - offset) > cfg.metadata_tolerance_s:
        notes.append(
            {
                "code": "metadata_disagrees",
                "source": prior_src,
                "prior_s": round(prior, 1),
                "method": method,
                "offset_s": round(offset, 2),
            }
        )
    mismatch = not _can_overlap(offset, main.duration_s, aux.duration_s)
    if mismatch:
        notes.append({"code": "no_overlap", "offset_s": round(offset, 1)})
    detail = f"{method}: aux starts {offset:+.3f} s after main (score {est.psr:.1f})"
    facts = {"score": round(est.psr, 1), "notes": notes}
    text = "; ".join([detail, *map(note_text, notes)])
    return Alignment(offset, conf, method, drift, text, mismatch, diag, facts)


def metadata_prior(main: Track, aux: Track) -> tuple[float | None, str]:
    """Offset implied by the manifest's started_at, else by the containers' creation_time."""
    if main.started_at and aux.started_at:
        return (aux.started_at - main.started_at).total_seconds(), "manifest started_at"
    a, b = _parse_time(main.creation_time), _parse_time(aux.creation_time)
    if a and b:
        return (b - a).total_seconds(), "creation_time"
    return None, ""


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else None


def _no_evidence(
    prior: float | None, src: str, notes: list[Note], diag: dict[str, Any]
) -> Alignment:
    reason = "neither audio nor video supports any offset"
    if not notes:
        notes.append({"code": "no_signal"})
    said = "; ".join(map(note_text, notes))
    if prior is not None:
        notes.append({"code": "metadata_gives", "source": src, "prior_s": round(prior, 1)})
        facts = {"score": None, "notes": notes}
        text = f"{reason} ({said}); {src} gives {prior:+.1f} s"
        return Alignment(prior, 0.1, "metadata", None, text, True, diag, facts)
    facts = {"score": None, "notes": notes}
    return Alignment(None, 0.0, "none", None, f"{reason} ({said})", True, diag, facts)


Note = dict[str, Any]  # {"code": ..., and the numbers the code's sentence needs}


def note_text(note: Note) -> str:
    """The English sentence of an alignment note (the desk words the codes itself)."""
    code = note["code"]
    if code == "audio_no_match":
        return f"audio does not match (score {note['score']:.1f})"
    if code == "motion_no_match":
        return f"motion does not match (score {note['score']:.1f}, {note['signal']})"
    if code == "metadata_disagrees":
        return (
            f"{note['source']} says {note['prior_s']:+.1f} s but the {note['method']} "
            f"says {note['offset_s']:+.2f} s"
        )
    if code == "no_overlap":
        return f"an offset of {note['offset_s']:+.1f} s leaves no overlap between the recordings"
    if code == "no_audio_track":
        return f"no audio track in {' and '.join(note['cameras'])}"
    if code == "audio_silent":
        return f"audio silent or unreadable in {' and '.join(note['cameras'])}"
    if code == "metadata_gives":
        return f"{note['source']} gives {note['prior_s']:+.1f} s"
    return "no usable audio or motion in one of the recordings"


def _confidence(est: LagEstimate, threshold: float) -> float:
    """0.5 at the acceptance threshold, rising to ~1 at twice it."""
    return float(np.clip(0.5 + 0.5 * (est.psr - threshold) / threshold, 0.0, 1.0))


def _can_overlap(offset: float, main_d: float | None, aux_d: float | None) -> bool:
    if main_d is None or aux_d is None:
        return True
    return offset < main_d and offset + aux_d > 0


def _audio_signals(main: Track, aux: Track, notes: list[Note]) -> tuple[F64, F64] | None:
    missing = [n for n, t in (("main", main), ("aux", aux)) if not t.has_audio]
    if missing:
        notes.append({"code": "no_audio_track", "cameras": missing})
        return None
    with ThreadPoolExecutor(2) as pool:  # PyAV decodes partly without the GIL
        segs = list(pool.map(envelope, (main.path, aux.path)))
    silent = [n for n, e in zip(("main", "aux"), segs, strict=True) if e is None]
    if silent:
        notes.append({"code": "audio_silent", "cameras": silent})
        return None
    return whole(segs[0]), whole(segs[1])  # type: ignore[arg-type]


def _visual_signals(
    main: Track, aux: Track, cfg: AlignConfig
) -> tuple[tuple[F64, F64] | None, str]:
    cost = max(_pixel_cost(main), _pixel_cost(aux))
    kind = "pixels" if cost <= cfg.pixel_budget else "packets"
    with ThreadPoolExecutor(2) as pool:
        sigs = list(pool.map(lambda p: _motion(p, kind, cfg), (main.path, aux.path)))
    if sigs[0] is None or sigs[1] is None:
        return None, kind
    return (sigs[0], sigs[1]), kind


def _pixel_cost(t: Track) -> float:
    return (t.width or 1280) * (t.height or 720) * (t.fps or 30) * (t.duration_s or 3600)


def _motion(path: Path, kind: str, cfg: AlignConfig) -> F64 | None:
    try:
        with open_video(path) as vf:
            if kind == "packets":
                return packet_motion(*vf.packet_sizes())
            frames = list(vf.frames(every_s=1 / cfg.sample_fps, gray=True, size=(64, 36)))
    except MediaError as exc:
        log.debug("%s", exc)
        return None
    return pixel_motion(np.array([f.pts_s for f in frames]), [f.image for f in frames])
