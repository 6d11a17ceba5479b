"""Cutting clips (`analysis.media.clips`): stream copy between keyframes, re-encode
where the keyframe before the start is too far back, and the side-by-side render.

Media: the `clip` fixture (the astronaut over a synthetic room, H.264 320x180 at
15 fps with AAC, written by PyAV); a 1 s GOP, and a 30 s GOP for the re-encode.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.media.clips import cut_clip, render_pair
from analysis.media.video import open_video


def _times(path: Path) -> list[float]:
    with open_video(path) as vf:
        return [f.pts_s for f in vf.frames(gray=True, size=(32, 18))]


def test_stream_copy_starts_at_the_keyframe_before(clip, tmp_path: Path):  # type: ignore[no-untyped-def]
    src = clip("gop1.mp4", duration_s=12.0, gop_s=1.0)
    cut = cut_clip(src, tmp_path / "c.mp4", 3.5, 7.2)
    assert cut.copied
    assert cut.in_s == pytest.approx(3.0, abs=1e-3)  # the keyframe at or before 3.5 s
    assert cut.out_s >= 7.2 - 1 / 15
    t = _times(tmp_path / "c.mp4")
    assert t[0] + cut.shift_s == pytest.approx(cut.in_s, abs=1e-3)
    assert t[-1] + cut.shift_s == pytest.approx(cut.out_s, abs=1e-3)
    assert len(t) == cut.frames
    with open_video(tmp_path / "c.mp4") as vf:
        assert vf.info().has_audio


def test_a_far_keyframe_means_a_reencode(clip, tmp_path: Path):  # type: ignore[no-untyped-def]
    src = clip("gop30.mp4", duration_s=25.0, gop_s=30.0)
    cut = cut_clip(src, tmp_path / "r.mp4", 14.0, 16.0)
    assert not cut.copied
    assert cut.in_s == pytest.approx(14.0, abs=1 / 15)
    t = _times(tmp_path / "r.mp4")
    assert len(t) == cut.frames and t[-1] - t[0] == pytest.approx(2.0, abs=0.1)


def test_render_pair_follows_the_time_map(clip, tmp_path: Path):  # type: ignore[no-untyped-def]
    src = clip("gop1.mp4", duration_s=12.0, gop_s=1.0)
    seen: list[tuple[float | None, float | None]] = []

    def compose(m, a, t, ta):  # type: ignore[no-untyped-def]
        seen.append((m.pts_s if m else None, a.pts_s if a else None))
        return np.zeros((120, 256, 3), np.uint8)

    n = render_pair(src, None, tmp_path / "p.mp4", 4.0, 6.0, lambda t: t - 1.0, compose, 128, 15)
    assert n == len(seen) == 31
    assert all(a is None for _, a in seen)
    assert seen[0][0] == pytest.approx(4.0, abs=1e-3) and seen[-1][0] == pytest.approx(
        6.0, abs=1e-3
    )
    assert len(_times(tmp_path / "p.mp4")) == 31
