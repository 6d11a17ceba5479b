"""Seeded corruptions of recordings, and whether each is detectable, for fuzzing.

Used by tests/test_fuzz.py and bench/bench_fuzz.py. A corruption is one of
`KINDS` applied to an MP4, a fragmented MP4 or a Matroska file. Whether the
probe can be asked to see it is decided here, from the files themselves and not
from the probe (`classify`):

- ``structural``: bytes cut off or appended, or the file emptied or replaced by
  text. The file no longer matches its container's own declarations (the box and
  element sizes add up to another length), so every one is detectable.
- otherwise the damaged file is decoded in full (`fingerprint`: every packet's
  timestamps, and a CRC of every decoded frame) and compared with the original:
  ``unchanged``: the same timeline and pictures (a flip in padding, in metadata
  nobody reads, or in a byte the decoder ignores); ``detectable``: it no longer
  opens, its timeline lost or gained packets, cuts or jumps back, or a picture of
  its first or last GOP (the parts a probe decodes) fails to decode or is missing;
  ``beyond_reach``: otherwise, i.e. pictures changed silently (they decode, to
  other pixels, with no error: only the manifest's hash can tell), failed to
  decode only between the first and the last GOP (only a full decode can tell),
  or timestamps moved a little, consistently (a frame duration or time scale).
"""

from __future__ import annotations

import bisect
import random
import zlib
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from analysis.media.video import MediaError, open_video

KINDS = (
    "truncate",
    "flip_header",
    "flip_index",
    "flip_data",
    "zero_range",
    "append_garbage",
    "empty",
    "text",
)
STRUCTURAL = frozenset({"truncate", "append_garbage", "empty", "text"})
FORMATS = ("mp4", "fmp4", "mkv")
EXTENSION = {"mp4": ".mp4", "fmp4": ".mp4", "mkv": ".mkv"}


@dataclass(frozen=True, slots=True)
class Corruption:
    kind: str
    fmt: str
    what: str  # e.g. "cut at byte 1234 of 5678"


def corrupt(data: bytes, fmt: str, kind: str, rng: random.Random) -> tuple[bytes, Corruption]:
    """`data` (a whole `fmt` recording) damaged by `kind`, and what was done."""
    size = len(data)
    if kind == "truncate":
        at = rng.randrange(1, size)
        return data[:at], Corruption(kind, fmt, f"cut at byte {at} of {size}")
    if kind == "append_garbage":
        extra = rng.randbytes(rng.randrange(1, 4097))
        return data + extra, Corruption(kind, fmt, f"{len(extra)} random bytes appended")
    if kind == "empty":
        return b"", Corruption(kind, fmt, "emptied")
    if kind == "text":
        text = "invigilator notes: candidate 2026001, 素描\n" * rng.randrange(1, 50)
        return text.encode(), Corruption(kind, fmt, "replaced by a text file")
    out = bytearray(data)
    if kind == "zero_range":
        n = rng.randrange(16, 4097)
        at = rng.randrange(0, size - n)
        out[at : at + n] = bytes(n)
        return bytes(out), Corruption(kind, fmt, f"{n} bytes zeroed at byte {at}")
    region = kind.removeprefix("flip_")
    spans = regions(data, fmt)[region]
    where = []
    for _ in range(rng.randrange(1, 9)):
        lo, hi = rng.choice(spans)
        at = rng.randrange(lo, hi)
        out[at] ^= 1 << rng.randrange(8)
        where.append(at)
    return bytes(out), Corruption(kind, fmt, f"bits flipped in the {region} at {sorted(where)}")


def regions(data: bytes, fmt: str) -> dict[str, list[tuple[int, int]]]:
    """Byte ranges of the header (ftyp; EBML header to the first cluster), the index
    (moov, moof, mfra; Cues) and the media data (mdat payloads; clusters)."""
    if fmt == "mkv":
        first = data.find(b"\x1f\x43\xb6\x75")  # the first Cluster's ID
        cues = data.rfind(b"\x1c\x53\xbb\x6b")
        cues = cues if cues > first else len(data) - 1
        return {"header": [(0, first)], "index": [(cues, len(data))], "data": [(first, cues)]}
    spans: dict[str, list[tuple[int, int]]] = {"header": [], "index": [], "data": []}
    off = 0
    while off + 8 <= len(data):
        box = int.from_bytes(data[off : off + 4], "big")
        kind = data[off + 4 : off + 8]
        end = off + box if box >= 8 else len(data)
        if kind == b"ftyp":
            spans["header"].append((off, end))
        elif kind == b"mdat":
            spans["data"].append((off + 8, end))
        elif kind in (b"moov", b"moof", b"mfra"):
            spans["index"].append((off, end))
        off = end
    return spans


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a full decode makes of a file."""

    opened: bool
    video_pts: tuple[float, ...] = ()
    audio_pts: tuple[float, ...] = ()
    frames: tuple[tuple[float, int], ...] = ()  # (pts, CRC-32 of the gray picture)
    error_at: float | None = None  # decoding stopped with an error after this pts


def fingerprint(path: Path) -> Fingerprint:
    try:
        with open_video(path) as vf:
            vf.info()
            packets = vf.packet_times()
            frames: list[tuple[float, int]] = []
            error_at = None
            try:
                for f in vf.frames(gray=True):
                    frames.append((round(f.pts_s, 4), zlib.crc32(f.image.tobytes())))
            except MediaError:
                error_at = frames[-1][0] if frames else -1.0
            return Fingerprint(
                True,
                tuple(round(float(t), 4) for t in packets.video_pts),
                tuple(round(float(t), 4) for t in packets.audio_pts),
                tuple(frames),
                error_at,
            )
    except (MediaError, OSError):
        return Fingerprint(False)


def keyframe_times(path: Path) -> tuple[float, float]:
    """(the pts the first GOP ends before, the pts the last GOP starts at) of a sound file."""
    with open_video(path) as vf:
        keys = [f.pts_s for f in vf.frames(keyframes_only=True)]
    return (keys[1] if len(keys) > 1 else float("inf")), keys[-1]


def classify(
    kind: str, original: Fingerprint, damaged: Fingerprint, gops: tuple[float, float]
) -> str:
    """structural | unchanged | detectable | beyond_reach (see the module's docstring)."""
    if kind in STRUCTURAL:
        return "structural"
    if damaged == original:
        return "unchanged"
    if not damaged.opened or _timeline_broken(original, damaged):
        return "detectable"
    first_end, last_start = gops

    def probed(t: float) -> bool:
        return t < first_end - 1e-3 or t >= last_start - 1e-3

    times = [t for t, _ in original.frames]
    if damaged.error_at is not None:
        # the frame that failed: the first one after the last that decoded
        failed = next((t for t in times if t > damaged.error_at + 1e-3), None)
        if failed is not None and probed(failed):
            return "detectable"
    stop = damaged.error_at if damaged.error_at is not None else float("inf")
    # a frame is there if one decoded within half a frame interval of its time
    new = sorted(t for t, _ in damaged.frames)
    half = 0.5 * (times[1] - times[0]) if len(times) > 1 else 0.0

    def present(t: float) -> bool:
        i = bisect.bisect_left(new, t - half)
        return i < len(new) and new[i] <= t + half

    if any(probed(t) and t <= stop and not present(t) for t in times):
        return "detectable"
    return "beyond_reach"


def _timeline_broken(original: Fingerprint, damaged: Fingerprint) -> bool:
    """Packets lost or gained, or a cut or a jump back that was not there: timestamps
    that merely moved a little (a changed frame duration or time scale) leave a
    consistent timeline that nothing in the file contradicts."""
    for old, new in (
        (original.video_pts, damaged.video_pts),
        (original.audio_pts, damaged.audio_pts),
    ):
        if len(old) != len(new):
            return True
        if _jumps(new) != _jumps(old):
            return True
    return False


def _jumps(pts: tuple[float, ...]) -> int:
    ordered = sorted(pts)
    back = sum(1 for a, b in pairwise(pts) if b < a - 0.5)
    gaps = sum(1 for a, b in pairwise(ordered) if b - a > 1.0)
    return back + gaps
