"""Damage a probe must see without a manifest (issue #14, part B).

Every file here is a `clip` fixture recording (the scikit-image astronaut over a
room, H.264 320x180 15 fps with AAC, encoded with PyAV by analysis/synth/recording.py),
remuxed with `analysis.synth.recording.remux` where a test needs a fragmented MP4, then
damaged byte-wise as each test's docstring says.
"""

from __future__ import annotations

import struct
from pathlib import Path

import av
import pytest

from analysis.flags import Camera, FlagType
from analysis.media.probe import Gap, ProbeResult, integrity_flags, probe_recording
from analysis.synth.recording import remux


def _fragmented(clip, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    dst = tmp_path / "frag.mp4"
    remux(clip("whole.mp4", duration_s=6), dst, fragmented=True)
    return dst


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _unreadable(p: ProbeResult, code: str) -> None:
    assert not p.readable, "damage passed as whole"
    assert p.error_code == code, p.error
    [flag] = [f for f in integrity_flags(p, Camera.MAIN) if f.type == FlagType.UNREADABLE]
    assert flag.reason == code and flag.facts["error"]


def test_truncated_fragmented_mp4_is_truncated(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 6 s fragmented MP4 (one moof/mdat per 1 s GOP) cut at 60 % of its bytes: the
    fragment it stops in declares more bytes than the file has."""
    data = _fragmented(clip, tmp_path).read_bytes()
    p = probe_recording(_write(tmp_path / "cut.mp4", data[: len(data) * 6 // 10]))
    _unreadable(p, "truncated")
    assert p.duration_s is not None and 2.0 < p.duration_s < 5.0
    assert p.error_facts["readable_s"] == p.duration_s
    assert isinstance(p.error_facts["missing_bytes"], int) and p.error_facts["missing_bytes"] > 0


def test_truncated_mkv_is_truncated(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 6 s Matroska clip cut at 60 %: its Segment and last Cluster run past the end,
    and it ends well before the duration its Info declares."""
    data = clip("whole.mkv", duration_s=6).read_bytes()
    p = probe_recording(_write(tmp_path / "cut.mkv", data[: len(data) * 6 // 10]))
    _unreadable(p, "truncated")
    assert p.error_facts["declared_s"] == pytest.approx(6, abs=0.1)
    assert "Cluster" in (p.error or "")
    assert "readable up to" in (p.error or "")


@pytest.mark.parametrize("cut", [1, 100])
def test_mp4_missing_its_last_bytes_is_truncated(clip, tmp_path: Path, cut: int) -> None:  # type: ignore[no-untyped-def]
    """An ordinary MP4 (moov last, as PyAV writes it) without its last 1 or 100 bytes:
    FFmpeg still reads every frame, but the moov box declares more bytes."""
    data = clip("whole.mp4", duration_s=6).read_bytes()
    p = probe_recording(_write(tmp_path / "cut.mp4", data[:-cut]))
    _unreadable(p, "truncated")
    assert p.error_facts["missing_bytes"] == cut


@pytest.mark.parametrize("name", ["whole.mp4", "whole.mkv", "frag"])
def test_appended_garbage_is_trailing_data(clip, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    """800 bytes of text appended to an MP4, a Matroska file and a fragmented MP4."""
    src = _fragmented(clip, tmp_path) if name == "frag" else clip(name, duration_s=6)
    data = src.read_bytes()
    p = probe_recording(_write(tmp_path / f"g{src.suffix}", data + b"\x00garbage" * 100))
    _unreadable(p, "trailing_data")
    assert p.error_facts["extra_bytes"] == 800


def test_damaged_mkv_codec_id_is_unreadable_with_a_reason(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Matroska CodecID "V_MPEG4/ISO/AVC" turned into "V_MPEG5/...": FFmpeg makes a
    video stream with no decoder, which used to raise AttributeError out of the probe."""
    data = clip("whole.mkv", duration_s=3).read_bytes()
    i = data.index(b"V_MPEG4")
    p = probe_recording(_write(tmp_path / "cid.mkv", data[:i] + b"V_MPEG5" + data[i + 7 :]))
    _unreadable(p, "unknown_codec")
    assert "codec" in (p.error or "") and "AttributeError" not in (p.error or "")


def _video_packets(path: Path) -> list[tuple[int, int, bool]]:
    with av.open(str(path)) as c:
        return [(p.pos, p.size, p.is_keyframe) for p in c.demux(video=0) if p.size]


def test_damage_in_the_last_gop_is_flagged(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The NAL length prefix of the second-last frame (a P frame of the last GOP) set to
    0xFFFF: the last keyframe still decodes, the GOP after it does not."""
    src = clip("whole.mp4", duration_s=6)
    pos, _, key = _video_packets(src)[-2]
    assert not key
    data = bytearray(src.read_bytes())
    data[pos : pos + 4] = struct.pack(">I", 0xFFFF)
    p = probe_recording(_write(tmp_path / "gop.mp4", bytes(data)))
    _unreadable(p, "damaged")
    assert "last GOP" in (p.error or "")


def test_overlapping_samples_are_damaged(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A faststart MP4 (moov first) whose stsz says the audio track's samples are each
    4 KiB longer: every audio sample now runs over the next one's bytes."""
    src = tmp_path / "fs.mp4"
    remux(clip("whole.mp4", duration_s=6), src, faststart=True)
    data = bytearray(src.read_bytes())
    i = data.rindex(b"stsz")  # the last track's (audio) sample sizes
    count = struct.unpack(">I", data[i + 12 : i + 16])[0]
    for k in range(count):
        at = i + 16 + 4 * k
        data[at : at + 4] = struct.pack(">I", struct.unpack(">I", data[at : at + 4])[0] + 4096)
    p = probe_recording(_write(tmp_path / "stsz.mp4", bytes(data)))
    _unreadable(p, "damaged")
    assert "samples overlap" in (p.error or "")


def test_every_integrity_flag_has_a_reason_and_facts() -> None:
    """Probe results built by hand: a cut, a timeline reset, an over-long recording and
    an unreadable one whose error came from the scan (no code)."""
    probe = ProbeResult(
        readable=True,
        duration_s=70.0,
        gaps=(Gap(4.9, 9.0, False, "video"), Gap(2.0, 6.0, True, "video+audio")),
    )
    cut, back, over = integrity_flags(probe, Camera.AUX, duration_limit_s=60)
    assert (cut.reason, dict(cut.facts)) == (
        "cut",
        {"from_s": 4.9, "to_s": 9.0, "missing_s": 4.1, "stream": "video"},
    )
    assert (back.reason, dict(back.facts)) == (
        "backwards",
        {"from_s": 6.0, "to_s": 2.0, "stream": "video+audio"},
    )
    assert (over.reason, dict(over.facts)) == ("over_limit", {"duration_s": 70.0, "limit_s": 60})
    crashed = ProbeResult(readable=False, error="a.mp4: analysis worker crashed (exit code -11)")
    [flag] = integrity_flags(crashed, Camera.MAIN)
    assert flag.reason == "analysis_failed" and flag.facts == {"error": crashed.error}


def test_probe_result_round_trips_its_code_and_facts() -> None:
    """The probe cache stores ProbeResult as JSON: the code and facts must survive it,
    and a cached result from before them must still load."""
    p = ProbeResult(readable=False, error="x", error_code="truncated", error_facts={"a": 1.5})
    assert ProbeResult.from_json(p.to_json()) == p
    old = ProbeResult.from_json({"readable": False, "error": "x", "has_audio": False})
    assert old.error_code is None and old.error_facts == {}


def test_damaged_block_headers_in_a_cluster_are_damaged(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 4 s Matroska clip with 64 bytes zeroed from 8 bytes before its fifth video
    packet (over that SimpleBlock's header): FFmpeg resyncs quietly and drops the
    packets; the cluster's blocks no longer tile it."""
    src = clip("whole.mkv", duration_s=4)
    pos = _video_packets(src)[4][0]
    data = bytearray(src.read_bytes())
    data[pos - 8 : pos + 56] = bytes(64)
    p = probe_recording(_write(tmp_path / "blocks.mkv", bytes(data)))
    _unreadable(p, "damaged")
    assert "Cluster block" in (p.error or "")


def test_fragment_whose_samples_were_lost_is_damaged(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The fragmented MP4 with the sample count of its second fragment's video trun
    halved: the other half of that fragment's video bytes belongs to no sample."""
    data = bytearray(_fragmented(clip, tmp_path).read_bytes())
    second_moof = data.index(b"moof", data.index(b"moof") + 8)
    i = data.index(b"trun", second_moof)
    count = struct.unpack(">I", data[i + 8 : i + 12])[0]
    data[i + 8 : i + 12] = struct.pack(">I", count // 2)
    p = probe_recording(_write(tmp_path / "trun.mp4", bytes(data)))
    _unreadable(p, "damaged")
    assert "belong to no sample" in (p.error or "")


def test_track_without_data_is_damaged(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Matroska clip with its audio TrackNumber element (D7 81 02) changed to 3: the
    blocks name a track that no longer exists, so the audio track holds nothing."""
    data = clip("whole.mkv", duration_s=4).read_bytes()
    assert data.count(b"\xd7\x81\x02") == 1
    p = probe_recording(_write(tmp_path / "tn.mkv", data.replace(b"\xd7\x81\x02", b"\xd7\x81\x03")))
    _unreadable(p, "damaged")
    assert "audio #1 track holds no data" in (p.error or "")


def test_damaged_seek_index_is_damaged(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Matroska clip with its first CuePoint's CueClusterPosition (F1 82 ..) set to
    the second's: a seek to the start, as detection and alignment do, lands at 1 s."""
    data = bytearray(clip("whole.mkv", duration_s=4).read_bytes())
    cues = data.rindex(b"\x1c\x53\xbb\x6b")
    first = data.index(b"\xf1\x82", cues)
    second = data.index(b"\xf1\x82", first + 2)
    data[first : first + 4] = data[second : second + 4]
    p = probe_recording(_write(tmp_path / "cues.mkv", bytes(data)))
    _unreadable(p, "damaged")
    assert "seek to the start lands at 1.00 s" in (p.error or "")


def test_damaged_audio_codec_id_is_unknown_codec(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Matroska clip with its audio CodecID "A_AAC" turned into "A_AAX": an audio
    stream with no decoder, which used to raise AttributeError out of the probe."""
    data = clip("whole.mkv", duration_s=4).read_bytes()
    p = probe_recording(_write(tmp_path / "aac.mkv", data.replace(b"A_AAC", b"A_AAX", 1)))
    _unreadable(p, "unknown_codec")
    assert "audio codec ID" in (p.error or "")


def test_damage_in_the_first_gop_is_flagged(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every NAL unit of the sixth frame (a P frame of the first GOP) of the 4 s MP4
    turned into filler data (type 12): the first frame decodes, the GOP does not."""
    src = clip("whole.mp4", duration_s=4)
    pos, size, key = _video_packets(src)[5]
    assert not key
    data = bytearray(src.read_bytes())
    off = pos
    while off < pos + size:
        data[off + 4] = (data[off + 4] & 0xE0) | 12
        off += 4 + struct.unpack(">I", data[off : off + 4])[0]
    p = probe_recording(_write(tmp_path / "filler.mp4", bytes(data)))
    _unreadable(p, "damaged")
    assert "first GOP" in (p.error or "")


def test_sample_outside_the_media_data_is_damaged(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The fragmented MP4 with the size of the last audio sample of its last fragment
    (the last trun's last entry) 100 bytes larger: that sample now ends inside the
    mfra index after the last mdat, still inside the file and over no other sample."""
    data = bytearray(_fragmented(clip, tmp_path).read_bytes())
    trun = data.rindex(b"trun")
    flags = struct.unpack(">I", data[trun + 4 : trun + 8])[0] & 0xFFFFFF
    count = struct.unpack(">I", data[trun + 8 : trun + 12])[0]
    assert flags & 0x200  # sizes are listed per sample
    entries = trun + 12 + (4 if flags & 1 else 0) + (4 if flags & 4 else 0)
    per = 4 * sum(1 for bit in (0x100, 0x200, 0x400, 0x800) if flags & bit)
    at = entries + (count - 1) * per + (4 if flags & 0x100 else 0)
    data[at : at + 4] = struct.pack(">I", struct.unpack(">I", data[at : at + 4])[0] + 100)
    p = probe_recording(_write(tmp_path / "outside.mp4", bytes(data)))
    _unreadable(p, "damaged")
    assert "1 samples lie outside its media data" in (p.error or "")


def test_truncated_recording_of_a_pair_carries_its_own_flag(
    db, example_copy, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The example export (reviewer/example.py, PyAV) without its manifest, so no hash can
    tell, and with 2026001/素描's aux remuxed into a fragmented MP4 and cut at 40 % of its
    bytes (about 11 s of 27 s left). The damaged recording is flagged truncated with
    the duration it keeps, and its pair is not aligned (so not called a mismatch)."""
    from reviewer.report import build_report
    from reviewer.scan import ScanOptions, run_scan

    export = example_copy.export
    (export / "manifest.csv").unlink()
    (export / "manifest.csv.sig").unlink()
    aux = export / "2026001/素描/aux.mp4"
    frag = tmp_path / "frag.mp4"
    remux(aux, frag, fragmented=True)
    data = frag.read_bytes()
    frag.unlink()
    aux.write_bytes(data[: len(data) * 4 // 10])
    assert run_scan(db, export, ScanOptions(workers=1, detect=None)).status == "completed"
    with db.session() as s:
        report = build_report(s, export.resolve())
    [subject] = [
        s for s in report["subjects"] if (s["candidate_id"], s["subject"]) == ("2026001", "素描")
    ]
    assert [(f["type"], f["camera"]) for f in subject["flags"]] == [("unreadable", "aux")]
    assert "truncated" in subject["flags"][0]["detail"]
    assert "readable up to" in subject["flags"][0]["detail"]
    assert "unreadable" in subject["alignment"]["detail"]
