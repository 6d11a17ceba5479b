"""The scan survives damaged recordings and flags each one whose damage is detectable.

200 seeded corruptions (tests/fuzzing.py, analysis/synth/corrupt.py) of three 4 s
recordings encoded with PyAV by analysis/synth/recording.py (an MP4, the same remuxed
into a fragmented MP4, and a Matroska file): truncations at random points,
bits flipped in the header, the index (moov/moof/mfra, Cues) and the media data,
zeroed ranges, appended random bytes, emptied files and text files. They are
scanned with one worker and no behaviour detection. What counts as detectable
is decided from the files (a full decode of each compared with the original's),
never from the probe; the rest is counted and printed, not dropped. The larger
run is bench/bench_fuzz.py.
"""

from __future__ import annotations

from pathlib import Path

from tests.fuzzing import run_fuzz

N = 200


def test_scan_flags_every_detectable_damage(tmp_path: Path) -> None:
    run = run_fuzz(N, tmp_path)
    print(run.table())  # shown with -s or on failure: counts per corruption kind
    assert run.scan_status == "completed"
    assert "Traceback" not in run.log_text
    assert [c.name for c in run.cases if c.crashed or c.hung] == []
    missed = [f"{c.name}: {c.corruption}" for c in run.missed()]
    assert missed == []
    categories = {c.category for c in run.cases}
    # the run exercised every outcome: the generator did not only make easy damage
    assert {"structural", "detectable", "beyond_reach", "unchanged"} <= categories
    # every emptied or text file is flagged as unreadable, with its reason
    for c in run.cases:
        if c.corruption.kind == "empty":
            assert c.flags == ["unreadable/empty_file"], c
        if c.corruption.kind == "text":
            assert c.flags == ["unreadable/no_index"], c
