"""Probing real encoded media: metadata, cuts, truncation and garbage."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from analysis.flags import Camera, FlagType
from analysis.media.probe import find_gaps, integrity_flags, probe_recording
from analysis.synth.recording import Cut


def test_clean_recording_metadata(clip) -> None:  # type: ignore[no-untyped-def]
    p = probe_recording(clip("clean.mp4", duration_s=6, creation_time="2026-06-01T09:00:00Z"))
    assert p.readable and p.error is None
    assert (p.width, p.height, p.video_codec, p.audio_codec) == (320, 180, "h264", "aac")
    assert p.fps == pytest.approx(15, abs=0.05)
    assert p.duration_s == pytest.approx(6, abs=0.1)
    assert p.has_audio and p.creation_time is not None and p.creation_time.startswith("2026-06-01")
    assert p.gaps == ()
    assert integrity_flags(p, Camera.MAIN) == []


def test_no_audio_and_other_containers(clip) -> None:  # type: ignore[no-untyped-def]
    silent = probe_recording(clip("silent.mp4", duration_s=3, audio_rate=None))
    assert silent.readable and not silent.has_audio
    mkv = probe_recording(clip("c.mkv", duration_s=3))
    assert mkv.readable and mkv.container == "matroska,webm" and mkv.has_audio
    webm = probe_recording(clip("c.webm", duration_s=3, codec="libvpx", audio_rate=None))
    assert webm.readable and webm.video_codec == "vp8"


def test_forward_cut_is_a_timestamp_gap(clip) -> None:  # type: ignore[no-untyped-def]
    p = probe_recording(clip("cut.mp4", duration_s=10, cuts=(Cut(5.0, 4.0),)))
    assert p.readable
    assert len(p.gaps) == 1
    g = p.gaps[0]
    assert g.start_s == pytest.approx(4.93, abs=0.1) and g.end_s == pytest.approx(9.0, abs=0.1)
    flags = integrity_flags(p, Camera.AUX)
    assert [(f.type, f.camera) for f in flags] == [(FlagType.TIMESTAMP_GAP, Camera.AUX)]


def test_timeline_reset_is_a_backward_gap(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Muxers refuse to write a clock that goes back, so build the file as a restarted
    # recorder would: two MPEG-TS recordings appended byte for byte.
    first, second = clip("a.ts", duration_s=6), clip("b.ts", duration_s=4, seed=1)
    joined = tmp_path / "reset.ts"
    joined.write_bytes(first.read_bytes() + second.read_bytes())
    p = probe_recording(joined)
    assert [g.backwards for g in p.gaps] == [True]
    assert "go back" in integrity_flags(p, Camera.MAIN)[0].detail


def test_small_jitter_and_bframe_reordering_are_not_gaps() -> None:
    # decode order of an IPBB stream: pts go back by a frame or two, dts are monotonic
    pts = np.array([0, 3, 1, 2, 6, 4, 5, 9, 7, 8], float) / 30
    dts = np.arange(10, dtype=float) / 30
    assert find_gaps(pts, dts, stream="video") == []
    assert find_gaps(pts, np.full(10, np.nan), stream="video") == []
    jitter = np.cumsum(np.full(300, 1 / 15) + np.random.default_rng(0).uniform(0, 0.05, 300))
    assert find_gaps(jitter, jitter, stream="video") == []


def test_garbage_and_empty_files_are_unreadable(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(np.random.default_rng(0).bytes(50_000))
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    for path, reason in [(junk, "cannot open"), (empty, "empty file")]:
        p = probe_recording(path)
        assert not p.readable and reason in (p.error or "")
        assert [f.type for f in integrity_flags(p, Camera.MAIN)] == [FlagType.UNREADABLE]


def test_truncated_without_index_is_unreadable(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = clip("whole.mp4", duration_s=6).read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 2])  # moov atom at the end is lost
    p = probe_recording(cut)
    assert not p.readable and "truncated" in (p.error or "")


def _faststart_copy(src: Path, dst: Path) -> None:
    """Remux with the index (moov) first, as some phone apps write it."""
    with (
        av.open(str(src)) as inp,
        av.open(str(dst), "w", options={"movflags": "+faststart"}) as out,
    ):
        streams = {s.index: out.add_stream_from_template(s) for s in inp.streams}
        for pkt in inp.demux():
            if pkt.dts is None:
                continue
            pkt.stream = streams[pkt.stream.index]
            out.mux(pkt)


def test_truncated_with_index_reports_partial_duration(clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fs = tmp_path / "fs.mp4"
    _faststart_copy(clip("whole.mp4", duration_s=6), fs)
    assert probe_recording(fs).readable
    data = fs.read_bytes()
    cut = tmp_path / "fs_cut.mp4"
    cut.write_bytes(data[: len(data) // 2])
    p = probe_recording(cut)
    assert not p.readable
    assert p.duration_s is not None and 1.0 < p.duration_s < 5.0
    assert f"readable up to {p.duration_s:.2f} s" in (p.error or "")


def test_duration_limit(clip) -> None:  # type: ignore[no-untyped-def]
    p = probe_recording(clip("clean.mp4", duration_s=6, creation_time="2026-06-01T09:00:00Z"))
    flags = integrity_flags(p, Camera.MAIN, duration_limit_s=4)
    assert [f.type for f in flags] == [FlagType.DURATION_EXCEEDED]
    assert flags[0].start_s == 4 and flags[0].end_s == pytest.approx(6, abs=0.1)
    assert integrity_flags(p, Camera.MAIN, duration_limit_s=10) == []
