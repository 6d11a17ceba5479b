"""The one place that talks to PyAV: open a recording, read its metadata,
its packet timestamps, sampled frames and resampled audio.

Everything here decodes only what the caller asks for: packet scans do not
decode at all, keyframe-only reads set ``skip_frame = NONKEY`` so the decoder
drops non-key frames before decoding them, and sampled reads convert to numpy
only the frames they return.
"""

from __future__ import annotations

import functools
import logging
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from analysis.media.types import MediaError as MediaError
from analysis.media.types import MediaInfo as MediaInfo
from analysis.media.types import PacketTimes as PacketTimes
from analysis.media.types import describe_open_error, open_error_code

log = logging.getLogger(__name__)

# The first and last GOPs are kept (as packets) to be decoded; a longer one (a
# screen recording with one keyframe) keeps only its keyframe.
MAX_GOP_PACKETS = 600


@dataclass(frozen=True, slots=True)
class TimedFrame:
    pts_s: float
    image: NDArray[np.uint8]  # HxWx3 RGB, or HxW when gray
    keyframe: bool
    # when `image` was scaled down: the same frame at the file's own resolution,
    # converted on first call (for crops of small things, see analysis/detect/detectors/roi.py)
    full: Callable[[], NDArray[np.uint8]] | None = field(default=None, compare=False, repr=False)


class VideoFile:
    """A read-only open recording; use through :func:`open_video`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._c: Any = av.open(str(path), mode="r")
        except (av.FFmpegError, OSError, UnicodeDecodeError) as exc:
            raise MediaError(describe_open_error(path, exc), open_error_code(exc)) from exc
        if self._c.streams.video:
            self._c.streams.video[0].thread_type = "AUTO"

    def close(self) -> None:
        self._c.close()

    def __enter__(self) -> VideoFile:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def _video(self) -> Any:
        return self._c.streams.video[0] if self._c.streams.video else None

    @property
    def _audio(self) -> Any:
        return self._c.streams.audio[0] if self._c.streams.audio else None

    def info(self) -> MediaInfo:
        c, v, a = self._c, self._video, self._audio
        created = c.metadata.get("creation_time")
        if created is None and v is not None:
            created = v.metadata.get("creation_time")
        fps = None
        for stream in (v, a):
            if stream is not None and stream.codec_context is None:
                # FFmpeg knows no decoder for the codec ID the container names
                raise MediaError(
                    f"{self.path.name}: unknown or damaged {stream.type} codec ID: "
                    "no decoder for it",
                    "unknown_codec",
                )
        if v is not None:
            rate = v.average_rate or v.guessed_rate
            fps = round(float(rate), 3) if rate else None
        return MediaInfo(
            container=c.format.name,
            duration_s=c.duration / 1_000_000 if c.duration else None,
            creation_time=created,
            video_codec=v.codec_context.name if v is not None else None,
            width=v.codec_context.width if v is not None else None,
            height=v.codec_context.height if v is not None else None,
            fps=fps,
            declared_video_frames=int(v.frames) if v is not None else 0,
            audio_codec=a.codec_context.name if a is not None else None,
            audio_rate=int(a.rate) if a is not None else None,
        )

    def packet_times(self) -> PacketTimes:
        """Demux (no decoding) every video and audio packet, then decode the first and
        the last GOP (the video packets from a keyframe up to the next): proof that the
        start and the end of the file are sound."""
        v, a = self._video, self._audio
        # every stream, so that `positions` accounts for all the media data
        streams = list(self._c.streams)
        # array('d'): 8 bytes a packet, a few MB even for hours of phone video
        vp, vd, ap = array("d"), array("d"), array("d")
        pos = array("q")
        end = 0
        error = None
        first_gop: list[Any] = []
        last_gop: list[Any] = []
        nan = float("nan")
        counts: dict[int, int] = {}
        try:
            for p in self._c.demux(*streams):
                if p.size == 0:  # flush packet
                    continue
                counts[p.stream.index] = counts.get(p.stream.index, 0) + 1
                tb = p.time_base
                if p.pos is not None and p.pos >= 0:
                    pos.extend((p.pos, p.size))
                if v is not None and p.stream.index == v.index:
                    vp.append(float(p.pts * tb) if p.pts is not None else nan)
                    vd.append(float(p.dts * tb) if p.dts is not None else nan)
                    if p.pos is not None and p.pos >= 0:
                        end = max(end, p.pos + p.size)
                    if p.is_keyframe:
                        if last_gop and not first_gop:
                            first_gop = last_gop
                        last_gop = []
                    if p.is_keyframe or 0 < len(last_gop) < MAX_GOP_PACKETS:
                        last_gop.append(p)  # a longer GOP: only its keyframe is checked
                elif a is not None and p.stream.index == a.index and p.pts is not None:
                    ap.append(float(p.pts * tb))
        except (av.FFmpegError, OSError) as exc:
            error = f"demuxing stopped after {len(vp)} video packets: {exc}"
        key_error = None
        if v is not None:
            key_error = self._decode_gop(first_gop, "first") or self._decode_gop(last_gop, "last")
        positions = np.frombuffer(pos, np.int64).reshape(-1, 2)
        return PacketTimes(
            np.frombuffer(vp),
            np.frombuffer(vd),
            np.frombuffer(ap),
            end,
            error,
            key_error,
            positions,
            tuple(
                f"{s.type} #{s.index}"
                for s in streams
                if s.type in ("video", "audio") and not counts.get(s.index) and error is None
            ),
        )

    def _decode_gop(self, packets: list[Any], which: str) -> str | None:
        """Decode one GOP by itself; a failure, or a frame the decoder marks corrupt,
        is returned as the reason. (An empty first GOP: the file has a single GOP.)"""
        if not packets:
            return "no keyframe found" if which == "last" else None
        ctx = self._video.codec_context
        try:
            frames = [f for p in packets for f in ctx.decode(p)] + list(ctx.decode(None))
        except (av.FFmpegError, OSError) as exc:
            return f"the {which} GOP does not decode: {exc}"
        finally:
            self._reset_decoder()
        if not frames:
            return f"the {which} keyframe does not decode"
        bad = sum(1 for f in frames if f.is_corrupt)
        if bad:
            return f"{bad} frames of the {which} GOP decode corrupt"
        # frames shown before the keyframe (open-GOP leading pictures) need the GOP before
        key = packets[0].pts
        due = sum(1 for p in packets if p.pts is not None and key is not None and p.pts >= key)
        if len(frames) < due:
            return f"only {len(frames)} of the {due} frames of the {which} GOP decode"
        return None

    def _seek(self, timestamp: int, stream: Any) -> None:
        """Seek to the keyframe at or before `timestamp` (in `stream`'s time base)."""
        try:
            self._c.seek(timestamp, stream=stream, backward=True)
        except (av.FFmpegError, OSError) as exc:
            raise MediaError(f"{self.path.name}: cannot seek: {exc}", "damaged") from exc

    def _reset_decoder(self) -> None:
        try:
            self._video.codec_context.flush_buffers()
        except (av.FFmpegError, AttributeError):
            log.debug("flush_buffers unsupported")

    def packet_sizes(
        self, limit: int | None = None
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
        """(pts s, size bytes, is keyframe) of every video packet (or the first `limit`),
        demuxed without decoding."""
        v = self._video
        if v is None:
            raise MediaError(f"{self.path.name}: no video stream", "no_video_stream")
        pts, size, key = array("d"), array("d"), array("b")
        self._seek(0, v)
        try:
            for p in self._c.demux(v):
                if p.size == 0 or p.pts is None:
                    continue
                pts.append(float(p.pts * p.time_base))
                size.append(p.size)
                key.append(p.is_keyframe)
                if limit is not None and len(pts) >= limit:
                    break
        except (av.FFmpegError, OSError) as exc:
            log.debug("%s: packet scan stopped: %s", self.path.name, exc)
        keys = np.frombuffer(key, np.int8).astype(bool)
        return np.frombuffer(pts), np.frombuffer(size), keys

    def frames(
        self,
        *,
        every_s: float | None = None,
        keyframes_only: bool = False,
        start_s: float = 0.0,
        end_s: float | None = None,
        gray: bool = False,
        size: tuple[int, int] | None = None,
    ) -> Iterator[TimedFrame]:
        """Yield decoded frames with their pts in seconds.

        ``keyframes_only`` decodes only keyframes (cheap on phone GOPs of ~1 s).
        ``every_s`` returns at most one frame per interval, converting only those.
        ``size`` (width, height) scales the returned frames in the same conversion.
        """
        v = self._video
        if v is None:
            raise MediaError(f"{self.path.name}: no video stream", "no_video_stream")
        if keyframes_only:
            v.codec_context.skip_frame = "NONKEY"
        next_t = start_s
        fmt = "gray" if gray else "rgb24"
        try:
            # Always seek: an earlier packet scan or decode may have left us at EOF.
            self._seek(max(0, int(start_s / float(v.time_base))), v)
            for frame in self._c.decode(v):
                t = frame.time
                if t is None or t < start_s - 1e-6:
                    continue
                if end_s is not None and t > end_s:
                    break
                if every_s is not None and t + 1e-6 < next_t:
                    continue
                if every_s is not None:
                    next_t = max(next_t + every_s, t + every_s * 0.5)
                if size is None:
                    yield TimedFrame(float(t), frame.to_ndarray(format=fmt), bool(frame.key_frame))
                    continue
                small = frame.reformat(width=size[0], height=size[1], format=fmt)
                full = functools.cache(functools.partial(frame.to_ndarray, format=fmt))
                key = bool(frame.key_frame)
                yield TimedFrame(float(t), small.to_ndarray(format=fmt), key, full)
        except (av.FFmpegError, OSError) as exc:
            raise MediaError(f"{self.path.name}: decoding failed: {exc}") from exc
        finally:
            v.codec_context.skip_frame = "DEFAULT"

    def audio(
        self, rate: int = 8000, start_s: float = 0.0, end_s: float | None = None
    ) -> tuple[NDArray[np.float32], int, float]:
        """The first audio track, mono, decimated to about `rate`: (samples, rate, start s).

        With `start_s`/`end_s` only that window is decoded (after a seek); the
        returned start is the time of its first sample.

        Decimation is by an integer factor with a box average (48 kHz -> 8 kHz,
        44.1 kHz -> 8.82 kHz): cheaper than libswresample by half, and ample for
        energy envelopes. Holes in the timestamps (a cut) are kept as silence.
        """
        a = self._audio
        if a is None:
            raise MediaError(f"{self.path.name}: no audio stream")
        a.thread_type = "AUTO"
        if start_s > 0:
            self._seek(int(start_s / float(a.time_base)), a)
        q = max(1, int(a.rate) // rate)
        out_rate = int(a.rate) // q
        chunks: list[NDArray[np.float32]] = []
        pending: list[NDArray[np.float32]] = []  # native-rate mono, decimated about once a second
        n_pending = 0
        start: float | None = None
        have = 0  # output samples so far

        def flush(final: bool) -> None:
            nonlocal pending, n_pending, have
            block = np.concatenate(pending) if len(pending) > 1 else pending[0]
            n = block.size // q * q
            if n:
                chunks.append(block[:n].reshape(-1, q).mean(axis=1))
                have += n // q
            rest = block[n:]
            pending, n_pending = ([] if final or not rest.size else [rest]), rest.size

        try:
            for frame in self._c.decode(a):
                if frame.time is not None:
                    if end_s is not None and frame.time > end_s:
                        break
                    if frame.time + 0.05 < start_s:
                        continue
                    if start is None:
                        start = float(frame.time)
                    due = round((float(frame.time) - start) * out_rate)
                    if due > have + n_pending // q + out_rate // 10:
                        if pending:
                            flush(True)
                        chunks.append(np.zeros(due - have, np.float32))
                        have = due
                pending.append(_mono(frame))
                n_pending += pending[-1].size
                if n_pending >= 50 * q * 1024:
                    flush(False)
            if pending:
                flush(True)
        except (av.FFmpegError, OSError) as exc:
            raise MediaError(f"{self.path.name}: audio decoding failed: {exc}") from exc
        data = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        return data.astype(np.float32, copy=False), out_rate, start or 0.0


def _mono(frame: Any) -> NDArray[np.float32]:
    """One audio frame as mono float32 in [-1, 1], planar or packed, float or integer."""
    x = frame.to_ndarray()
    channels = len(frame.layout.channels)
    if not frame.format.is_planar and channels > 1:
        x = x.reshape(-1, channels).T
    if x.dtype.kind in "iu":
        x = x.astype(np.float32) / float(np.iinfo(x.dtype).max)
    out: NDArray[np.float32] = x[0] if x.shape[0] == 1 else x.mean(axis=0, dtype=np.float32)
    return out


def open_video(path: Path) -> VideoFile:
    """Open a recording read-only; raises MediaError with a grader-readable reason."""
    if not path.is_file():
        raise MediaError(f"{path.name}: not a file", "not_a_file")
    if path.stat().st_size == 0:
        raise MediaError(f"{path.name}: empty file (0 bytes)", "empty_file")
    return VideoFile(path)
