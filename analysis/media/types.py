"""What a recording is and how reading it failed: plain types, no PyAV.

`analysis.media.video` fills them (and re-exports them); the probe and the damage
checks read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray


class MediaError(Exception):
    """A recording cannot be opened or read; the message is for the grader, `code` for
    the desk (``cannot_open``, ``no_index``, ``unknown_codec``, ``empty_file``, ...)."""

    def __init__(self, message: str, code: str = "cannot_open") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class MediaInfo:
    container: str
    duration_s: float | None
    creation_time: str | None
    video_codec: str | None
    width: int | None
    height: int | None
    fps: float | None
    declared_video_frames: int
    audio_codec: str | None
    audio_rate: int | None

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None


@dataclass(frozen=True, slots=True)
class PacketTimes:
    """Timestamps of every packet, in decode order, in seconds (NaN where absent)."""

    video_pts: NDArray[np.float64]
    video_dts: NDArray[np.float64]
    audio_pts: NDArray[np.float64]
    video_bytes_end: int  # largest byte offset a video packet reached
    error: str | None  # demuxing stopped early with this message
    last_keyframe_error: str | None  # decoding the first or last GOP failed with this
    # (byte offset, size) of every packet, both streams, where the container says
    positions: NDArray[np.int64] = field(default_factory=lambda: np.zeros((0, 2), np.int64))
    # video and audio streams the container declares and holds no packet of: "audio #1"
    empty_streams: tuple[str, ...] = ()


def describe_open_error(path: Path, exc: BaseException) -> str:
    msg = str(exc)
    if "moov atom not found" in msg or "Invalid data" in msg:
        return (
            f"{path.name}: cannot open: no valid container index (file is truncated, "
            f"unfinished or not a video): {type(exc).__name__}"
        )
    return f"{path.name}: cannot open: {msg}"


def open_error_code(exc: BaseException) -> str:
    """`no_index` where FFmpeg found no container index it could read, else `cannot_open`."""
    msg = str(exc)
    return "no_index" if "moov atom not found" in msg or "Invalid data" in msg else "cannot_open"
