"""Evidence package of a subject with 3 flags from a 10-minute 720p30 pair (issue #15).

    python bench/bench_evidence.py [--workdir /tmp/dualcam-evidence-bench] [--pair DIR]

The pair is the one `bench/bench_alignment.py` and `bench/bench_scan.py` use
(`analysis.synth.pairs.phone_pair_spec(10)`: 720p30 H.264, GOP 1 s, AAC, aux
+4.4 s and 145 ppm; made here if missing). It is scanned without detection (not
timed), three grader flags are confirmed (at 100, 300 and 500 s, 4 s each), and
the package is made twice: without the side-by-side videos (stream-copied clips,
stills, reports, bag; target under 10 s) and with them, each stage timed apart.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from sqlalchemy import select  # noqa: E402

from analysis.flags import Camera, FlagType  # noqa: E402
from analysis.synth.pairs import phone_pair_spec, write_pair  # noqa: E402
from reviewer.evidence.package import export_evidence  # noqa: E402
from reviewer.review import FlagDecision, add_manual_flag, decide_flag  # noqa: E402
from reviewer.scan import ScanOptions, run_scan  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402
from reviewer.storage.models import SubjectRow  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-evidence-bench"))
    ap.add_argument("--pair", type=Path, default=Path("/tmp/dualcam-align-bench/10min"))
    args = ap.parse_args()
    main_src, aux_src = args.pair / "pair_main.mp4", args.pair / "pair_aux.mp4"
    if not aux_src.exists():
        t = time.perf_counter()
        write_pair(args.pair, phone_pair_spec(10.0))
        print(f"made the 10-minute pair in {time.perf_counter() - t:.0f} s")
    export = args.workdir / "export" / "C001" / "素描"
    export.mkdir(parents=True, exist_ok=True)
    for src, name in ((main_src, "main.mp4"), (aux_src, "aux.mp4")):
        if not (export / name).exists():
            shutil.copy(src, export / name)
    db_path = args.workdir / "evidence.db"
    db_path.unlink(missing_ok=True)
    db = open_database(f"sqlite:///{db_path}")
    run_scan(db, args.workdir / "export", ScanOptions(workers=2, detect=None))
    with db.session() as s:
        sid = s.scalar(select(SubjectRow.id))
        assert sid is not None
        for at, kind in ((100.0, FlagType.PHONE), (300.0, FlagType.LEFT_FRAME), (500.0, None)):
            camera = Camera.MAIN if kind is not None else Camera.AUX
            fid = add_manual_flag(
                s, sid, kind or FlagType.SECOND_PERSON, camera, at, at + 4.0, "bench"
            )
            decide_flag(s, fid, FlagDecision.CONFIRM, "bench")
        s.commit()
    key = Ed25519PrivateKey.generate()
    sizes = {}
    for sbs in (False, True):
        out = args.workdir / ("package_sbs" if sbs else "package_copy")
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        res = export_evidence(
            db, "C001", "素描", out, grader="bench", sign_key=key, side_by_side=sbs
        )
        total = time.perf_counter() - t
        sizes[sbs] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in res.timings.items())
        what = "with side-by-side videos" if sbs else "stream copy only (no side-by-side)"
        print(f"{what}: {total:.2f} s total ({stages}); package {sizes[sbs]:.1f} MB")
        if not sbs:
            print(f"  target: under 10 s -> {'met' if total < 10 else 'NOT met'}")
        else:
            print(f"  side-by-side renders: {res.timings['side_by_side']:.2f} s, 3 flags of 14 s")
    db.close()


if __name__ == "__main__":
    main()
