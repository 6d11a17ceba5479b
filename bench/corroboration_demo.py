"""A small export that shows "two views, one verdict", scanned into a database.

    python bench/corroboration_demo.py --out /tmp/two-views [--db sqlite:///r.db]
    xvfb-run -a -s "-screen 0 1366x768x24" python bench/screenshots.py \
        --db sqlite:////tmp/two-views/review.db --flag left_frame --candidate 2026102 \
        --language zh_CN --out docs/img/two_views_zh_CN.png

Two candidates, 30 s pairs at 640x360 (`analysis.synth.pairs`: real photos from
scikit-image over a generated room, aux 1.5 s after main, one sitting's movement
and sound in both):

- 2026101: a visitor beside the candidate from 8 s to 16 s, and the candidate
  away from 20 s to 27 s, in both views: every flag is corroborated;
- 2026102: the candidate out of the main camera's picture from 10 s to 20 s
  while the aux camera still sees them at the desk (leaning out of one view):
  the main camera's `left_frame` is contradicted and the subject falls in the
  queue. Its main recording comes from the same sitting with `away` set, its
  aux from the sitting without.

Prints each flag with its corroboration.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.synth.pairs import PairSpec, write_pair  # noqa: E402
from reviewer.report import build_report  # noqa: E402
from reviewer.review import review_queue  # noqa: E402
from reviewer.scan import ScanOptions, run_scan  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402


def make(out: Path) -> Path:
    export = out / "export"
    if export.exists():
        return export
    work = out / "work"
    base = PairSpec(duration_s=30.0, offset_s=1.5, seed=8, width=640, height=360)
    both = PairSpec(**{**base.__dict__, "visitors": ((8.0, 16.0),), "away": ((20.0, 27.0),)})
    lean = PairSpec(**{**base.__dict__, "seed": 10, "away": ((10.0, 20.0),)})
    calm = PairSpec(**{**base.__dict__, "seed": 10})
    m1, a1 = write_pair(work, both, "both")
    m2, _ = write_pair(work, lean, "lean")
    _, a2 = write_pair(work, calm, "calm")
    for cand, main, aux in (("2026101", m1, a1), ("2026102", m2, a2)):
        folder = export / cand / "速写"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(main, folder / "main.mp4")
        shutil.copy(aux, folder / "aux.mp4")
    shutil.rmtree(work)
    return export


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--db", default="", help="default: sqlite:///OUT/review.db")
    args = ap.parse_args()
    export = make(args.out)
    db = open_database(args.db or f"sqlite:///{args.out.resolve() / 'review.db'}")
    run_scan(db, export, ScanOptions(workers=2))
    with db.session() as s:
        report = build_report(s, export.resolve())
        queue = review_queue(s)
    for subject in report["subjects"]:
        print(subject["candidate_id"], subject["subject"], subject["alignment"]["offset_s"])
        for f in subject["flags"]:
            c = f.get("corroboration") or {}
            print(
                f"  {f['type']:14} {f['camera']:4} {f['start_s']:5.1f}-{f['end_s']:5.1f} s  "
                f"{c.get('status', '-'):12} {c.get('detail', '')}"
            )
    for item in queue:
        print(f"queue: {item.candidate_id} priority {item.priority:.1f} {item.corroboration}")


if __name__ == "__main__":
    main()
