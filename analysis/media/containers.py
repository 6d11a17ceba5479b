"""Walk a recording's container structure: do its own declarations fit the file?

PyAV (FFmpeg) tolerates damage quietly: an MP4 whose last box is cut short, a
fragmented MP4 or Matroska file that stops inside its last fragment or cluster,
or a file with bytes appended after its end all open and demux without an
error. The container says how long each of its parts is, though, so a walk of
the top-level MP4 boxes (with the moof/mdat fragments) or of the Matroska
segment's elements (with its clusters) reads a few bytes per part and tells:

- ``truncated``: a part declares more bytes than the file has;
- ``trailing_data``: bytes after the last part that belong to no part;
- ``damaged``: the walk meets bytes that are no part where one should start.

Only headers are read (16 bytes per box, about 12 per Matroska element), never
the media data. Other containers (MPEG-TS, ...) are not walked.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

MP4_FAMILY = "mov,mp4,m4a,3gp,3g2,mj2"
MATROSKA = "matroska,webm"

# EBML / Matroska element IDs (with their length-marker bits, as written)
EBML_HEADER = 0x1A45DFA3
SEGMENT = 0x18538067
CLUSTER = 0x1F43B675
VOID, CRC32 = 0xEC, 0xBF
SEGMENT_NAMES = {
    0x114D9B74: "SeekHead",
    0x1549A966: "Info",
    0x1654AE6B: "Tracks",
    CLUSTER: "Cluster",
    0x1C53BB6B: "Cues",
    0x1043A770: "Chapters",
    0x1254C367: "Tags",
    0x1941A469: "Attachments",
    VOID: "Void",
    CRC32: "CRC-32",
}
SEGMENT_CHILDREN = frozenset(SEGMENT_NAMES)
# Timestamp, SilentTracks, Position, PrevSize, SimpleBlock, BlockGroup, EncryptedBlock
CLUSTER_CHILDREN = frozenset({0xE7, 0x5854, 0xA7, 0xAB, 0xA3, 0xA0, 0xAF, VOID, CRC32})
UNKNOWN_SIZE = -1
# top-level MP4 boxes in ISO/IEC 14496-12 and QuickTime; another type is accepted
# where it fits in the file, but one that overruns it is not taken for a box
MP4_TOP_BOXES = frozenset(
    {b"ftyp", b"styp", b"moov", b"mdat", b"moof", b"mfra", b"free", b"skip", b"wide", b"sidx"}
    | {b"ssix", b"uuid", b"meta", b"pdin", b"prft", b"emsg", b"udta", b"junk", b"pnot"}
)


@dataclass(frozen=True, slots=True)
class StructureProblem:
    """What the walk found wrong; `offset` is where in the file, in bytes."""

    code: str  # truncated | trailing_data | damaged
    part: str  # the box or element concerned, e.g. "mdat", "Cluster"
    offset: int
    file_bytes: int
    declared_bytes: int | None = None  # the file size the structure declares

    def describe(self) -> str:
        if self.code == "truncated":
            missing = (self.declared_bytes or self.file_bytes) - self.file_bytes
            return (
                f"its {self.part} at byte {self.offset} runs past the end of the file "
                f"({missing} bytes missing)"
            )
        if self.code == "trailing_data":
            extra = self.file_bytes - self.offset
            return f"{extra} bytes after the end of the recording (from byte {self.offset})"
        return f"its structure is broken at byte {self.offset} (no valid {self.part} there)"


@dataclass(frozen=True, slots=True)
class Structure:
    problem: StructureProblem | None  # None: the parts tile the file exactly
    # MP4: the (start, end) byte ranges of the mdat payloads, where the samples live
    media: tuple[tuple[int, int], ...] = ()

    @property
    def media_bytes(self) -> int:
        return sum(end - start for start, end in self.media)


def check_structure(path: Path, container: str) -> Structure:
    """Walk the container's parts (not walked: other containers, unreadable files)."""
    try:
        size = path.stat().st_size
        # small reads at scattered offsets: a small buffer reads little beyond each
        with open(path, "rb", buffering=4096) as fh:
            if container == MP4_FAMILY:
                return _walk_mp4(fh, size)
            if container == MATROSKA:
                return Structure(_walk_matroska(fh, size))
    except OSError as exc:
        log.debug("%s: structure not walked: %s", path.name, exc)
    return Structure(None)


# --- MP4 -------------------------------------------------------------------


def _box_type_ok(t: bytes) -> bool:
    return len(t) == 4 and all(c == 0xA9 or 0x20 <= c < 0x7F for c in t)


def _walk_mp4(fh: BinaryIO, size: int) -> Structure:
    """Top-level boxes (ftyp, moov, mdat, moof, mfra, free, ...) must tile the file."""
    off = 0
    seen: set[bytes] = set()
    media: list[tuple[int, int]] = []
    while off < size:
        fh.seek(off)
        head = fh.read(16)
        if len(head) < 8:
            if seen & {b"moov", b"moof"}:
                return Structure(StructureProblem("trailing_data", "box", off, size))
            return Structure(StructureProblem("truncated", "box header", off, size, off + 8))
        box, kind = struct.unpack(">I4s", head[:8])
        header = 8
        if box == 1:
            if len(head) < 16:
                problem = StructureProblem("truncated", "box header", off, size, off + 16)
                return Structure(problem)
            box, header = struct.unpack(">Q", head[8:16])[0], 16
        elif box == 0:  # "to the end of the file"
            box = size - off
        name = kind.decode("latin-1")
        overruns = off + box > size
        if not _box_type_ok(kind) or box < header or (overruns and kind not in MP4_TOP_BOXES):
            # after a complete recording: appended bytes; before one: damage
            complete = b"moov" in seen and (b"mdat" in seen or b"moof" in seen)
            code = "trailing_data" if complete else "damaged"
            return Structure(StructureProblem(code, "box", off, size))
        if overruns:
            return Structure(StructureProblem("truncated", name, off, size, off + box))
        if kind == b"mdat":
            media.append((off + header, off + box))
        seen.add(kind)
        off += box
    return Structure(None, tuple(media))


# --- Matroska / WebM -------------------------------------------------------


def _vint(fh: BinaryIO, *, keep_marker: bool) -> tuple[int, int] | None:
    """An EBML variable-length integer: (value, length), or None at the end / if invalid."""
    first = fh.read(1)
    if not first:
        return None
    b0 = first[0]
    length = 1
    while length <= 8 and not b0 & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        return None
    rest = fh.read(length - 1)
    if len(rest) < length - 1:
        return None
    value = b0 if keep_marker else b0 & (0xFF >> length)
    for c in rest:
        value = (value << 8) | c
    if not keep_marker and value == (1 << (7 * length)) - 1:
        return UNKNOWN_SIZE, length
    return value, length


def _element(fh: BinaryIO, off: int) -> tuple[int, int, int] | None:
    """(id, size or UNKNOWN_SIZE, data start) of the element at `off`."""
    fh.seek(off)
    eid = _vint(fh, keep_marker=True)
    if eid is None:
        return None
    size = _vint(fh, keep_marker=False)
    if size is None:
        return None
    return eid[0], size[0], off + eid[1] + size[1]


def _walk_matroska(fh: BinaryIO, size: int) -> StructureProblem | None:
    """EBML header, then the Segment's elements (clusters included) up to its end."""
    off = 0
    segments = 0
    while off < size:
        el = _element(fh, off)
        if el is None:
            code = "trailing_data" if segments else "truncated"
            return StructureProblem(
                code, "element header", off, size, None if segments else size + 1
            )
        eid, length, data = el
        if eid == SEGMENT:
            segments += 1
            end = size if length == UNKNOWN_SIZE else data + length
            problem = _walk_segment(fh, data, min(end, size), size)
            if problem is not None and problem.code == "truncated" and end > size:
                # the segment says how much of the file is missing
                return StructureProblem("truncated", problem.part, problem.offset, size, end)
            if problem is not None:
                return problem
            if end > size:
                return StructureProblem("truncated", "Segment", off, size, end)
            off = end
        elif eid in (EBML_HEADER, VOID) and length != UNKNOWN_SIZE:
            if data + length > size:
                return StructureProblem("truncated", "EBML header", off, size, data + length)
            off = data + length
        else:
            code = "trailing_data" if segments else "damaged"
            return StructureProblem(code, "element", off, size)
    return None if segments else StructureProblem("damaged", "Segment", 0, size)


def _walk_segment(fh: BinaryIO, off: int, end: int, size: int) -> StructureProblem | None:
    while off < end:
        el = _element(fh, off)
        if el is None:
            return StructureProblem("truncated", "element header", off, size, off + 2)
        eid, length, data = el
        if eid not in SEGMENT_CHILDREN:
            return StructureProblem("damaged", "Segment element", off, size)
        name = SEGMENT_NAMES[eid]
        if length == UNKNOWN_SIZE:  # a live-written cluster: its blocks say where it ends
            if eid != CLUSTER:
                return StructureProblem("damaged", name, off, size)
            off, problem = _walk_cluster(fh, data, end, size, open_=True)
            if problem is not None:
                return problem
            continue
        if data + length > size:
            return StructureProblem("truncated", name, off, size, data + length)
        if eid == CLUSTER:
            _, problem = _walk_cluster(fh, data, data + length, size)
            if problem is not None:
                return problem
        off = data + length
    return None


def _walk_cluster(
    fh: BinaryIO, off: int, end: int, size: int, *, open_: bool = False
) -> tuple[int, StructureProblem | None]:
    """A cluster's blocks must tile it: up to `end`, or for an open cluster (unknown
    size, written live) up to the next segment-level element."""
    while off < end:
        el = _element(fh, off)
        if el is None:  # the end of the file, or bytes that are no element ID
            if off + 8 > size:
                return off, StructureProblem("truncated", "Cluster", off, size, off + 8)
            return off, StructureProblem("damaged", "Cluster block", off, size)
        eid, length, data = el
        if open_ and eid in SEGMENT_CHILDREN and eid not in (VOID, CRC32):
            return off, None
        if eid not in CLUSTER_CHILDREN or length == UNKNOWN_SIZE:
            return off, StructureProblem("damaged", "Cluster block", off, size)
        if data + length > size:
            return off, StructureProblem("truncated", "Cluster", off, size, data + length)
        if data + length > end:
            return off, StructureProblem("damaged", "Cluster block", off, size)
        off = data + length
    return off, None
