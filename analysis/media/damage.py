"""Is a recording whole? Damage a probe can see without a manifest to compare against.

Each check costs little beside the probe's packet scan (see `probe_recording`):

- the container's own structure (`analysis.media.containers`): every MP4 box, every
  fragment (moof/mdat) and every Matroska cluster must end inside the file, and
  nothing may follow the last one;
- the sample table against the file: no packet may reach past the end of the
  file, and (MP4) no two samples may share bytes;
- what the container declares against what was demuxed: its video frame count,
  and its duration against the last timestamp read;
- the first and the last GOP decode (`VideoFile.packet_times`), and a frame
  decodes after a seek to the start (as detection and alignment read).

Byte damage inside media data between the first and the last GOP changes
pictures the probe does not decode: that needs the manifest's hash.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from analysis.flags import FactValue
from analysis.media.containers import MP4_FAMILY, check_structure
from analysis.media.types import MediaInfo, PacketTimes

log = logging.getLogger(__name__)

# A file whose last timestamp falls this much short of its declared duration was cut.
DECLARED_DURATION_SLACK_S = 1.0
# the share of its declared frames a video track may lack (container rounding)
DECLARED_FRAMES_SLACK = 0.02
# the bytes of an MP4's media data (mdat) its samples may leave unused: this share
# of them, and at least MEDIA_UNUSED_MIN (muxers write samples back to back)
MEDIA_UNUSED_SLACK = 0.001
MEDIA_UNUSED_MIN = 256
# priority of the reason codes, most telling first
CODES = ("truncated", "damaged", "trailing_data")


@dataclass(frozen=True, slots=True)
class Damage:
    code: str  # truncated | damaged | trailing_data
    problems: tuple[str, ...]  # English, most telling first
    facts: dict[str, FactValue] = field(default_factory=dict)


def assess(
    path: Path,
    info: MediaInfo,
    packets: PacketTimes,
    readable_s: float | None,
    seek_error: str | None = None,
) -> Damage | None:
    """The damage `path` shows, or None where every check passes. `seek_error`: why
    no frame decoded after a seek to the start, if none did."""
    size = path.stat().st_size
    found: list[tuple[str, str]] = []  # (code, English)
    facts: dict[str, FactValue] = {"file_bytes": size}
    walked = check_structure(path, info.container)
    structure = walked.problem
    if structure is not None:
        found.append((structure.code, structure.describe()))
        if structure.code == "truncated" and structure.declared_bytes:
            facts["missing_bytes"] = structure.declared_bytes - size
        if structure.code == "trailing_data":
            facts["extra_bytes"] = size - structure.offset
    if packets.error:
        found.append(("damaged", packets.error))
    pos = packets.positions
    reach = int((pos[:, 0] + pos[:, 1]).max()) if pos.size else packets.video_bytes_end
    if max(reach, packets.video_bytes_end) > size:
        found.append(("truncated", f"media data runs past the end of the file ({size} bytes)"))
    if info.container == MP4_FAMILY and _samples_overlap(pos):
        found.append(("damaged", "its sample table is damaged (samples overlap)"))
    outside = _outside(pos, walked.media) if walked.media and pos.size else 0
    if outside:
        found.append(("damaged", f"{outside} samples lie outside its media data (mdat)"))
    elif walked.media and pos.size:
        unused = walked.media_bytes - int(pos[:, 1].sum())
        if unused > max(MEDIA_UNUSED_MIN, MEDIA_UNUSED_SLACK * walked.media_bytes):
            found.append(("damaged", f"{unused} bytes of its media data belong to no sample"))
    for stream in packets.empty_streams:
        found.append(("damaged", f"its {stream} track holds no data"))
    n = len(packets.video_pts)
    if info.declared_video_frames and n < (1 - DECLARED_FRAMES_SLACK) * (
        info.declared_video_frames - 1
    ):
        found.append(
            ("truncated", f"only {n} of {info.declared_video_frames} declared video frames present")
        )
    end = _last_time(info, packets)
    declared = info.duration_s
    if declared is not None and end is not None and end < declared - DECLARED_DURATION_SLACK_S:
        found.append(
            (
                "truncated",
                f"its media end at {end:.2f} s, its container declares {declared:.2f} s",
            )
        )
    if packets.last_keyframe_error:
        found.append(("damaged", packets.last_keyframe_error))
    if seek_error:
        found.append(("damaged", seek_error))
    if not found:
        return None
    found.sort(key=lambda cf: CODES.index(cf[0]))
    facts.update(
        readable_s=readable_s,
        declared_s=round(declared, 3) if declared is not None else None,
        error="; ".join(text for _, text in found),
    )
    log.debug("%s: %s", path.name, facts["error"])
    return Damage(found[0][0], tuple(text for _, text in found), facts)


def _outside(pos: NDArray[np.int64], media: tuple[tuple[int, int], ...]) -> int:
    """How many samples are not wholly inside one of the `media` byte ranges."""
    starts = np.array([a for a, _ in media], np.int64)
    ends = np.array([b for _, b in media], np.int64)
    i = np.searchsorted(starts, pos[:, 0], side="right") - 1
    inside = (i >= 0) & (pos[:, 0] + pos[:, 1] <= ends[np.maximum(i, 0)])
    return int(np.count_nonzero(~inside))


def _samples_overlap(pos: NDArray[np.int64]) -> bool:
    if len(pos) < 2:
        return False
    order = np.argsort(pos[:, 0], kind="stable")
    start, length = pos[order, 0], pos[order, 1]
    return bool(np.any(start[:-1] + length[:-1] > start[1:]))


def _last_time(info: MediaInfo, packets: PacketTimes) -> float | None:
    """The end of the last demuxed packet of either stream, in seconds (about)."""
    ends = []
    frame = 1.0 / info.fps if info.fps else 0.0
    for times, extra in ((packets.video_pts, frame), (packets.audio_pts, 0.1)):
        finite = times[np.isfinite(times)]
        if finite.size:
            ends.append(float(finite.max()) + extra)
    return max(ends) if ends else None
