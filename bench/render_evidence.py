"""Render the evidence frame of each behaviour flag of a generated scenario (for the README).

python bench/render_evidence.py [--out docs/img/flagged_second_person.png]
python bench/render_evidence.py --kind picture_of_person \
    --out docs/img/flagged_picture_of_person.png
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from analysis.detect.overlay import draw_observations  # noqa: E402
from analysis.detect.rules import behaviour_flags, counted  # noqa: E402
from analysis.detect.runner import DetectConfig, detect_recording  # noqa: E402
from analysis.flags import Camera  # noqa: E402
from analysis.media.video import open_video  # noqa: E402
from analysis.synth.scenes import Event, ScenarioSpec, write_scenario  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "flagged_second_person.png")
    ap.add_argument(
        "--kind", choices=("second_person", "picture_of_person"), default="second_person"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "main.mp4"
        if args.kind == "second_person":
            spec = ScenarioSpec(
                duration_s=20.0, width=1280, height=720, events=(Event("second_person", 6.0, 12.0),)
            )
            config = None
        else:  # a framed photo of a person on the wall behind the candidate
            spec = ScenarioSpec(
                duration_s=20.0,
                width=1280,
                height=720,
                candidate="astronaut",
                poster="grace_hopper",
                events=(Event("poster", 0.0, 20.0),),
            )
            names = ("quality", "faces", "hands", "objects", "pose", "yolo", "pictures", "mirror")
            config = DetectConfig(detectors=names)
        write_scenario(path, spec)
        res = detect_recording(str(path), config)
        flags = behaviour_flags(res.observations, res.sample_times, Camera.MAIN)
        flag, best_t = next((f, t) for f, t in flags if f.type.value == args.kind)
        with open_video(path) as vf:
            frame = next(vf.frames(start_s=best_t, size=(640, 360)))
        seen = counted([o for o in res.observations if abs(o.t - best_t) < 1e-3])
        title = f"{flag.type.value} (main) {flag.start_s:.0f}-{flag.end_s:.0f} s: {flag.detail}"
        img = draw_observations(frame.image, seen, title)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(img).save(args.out)
    print(f"wrote {args.out} (frame at {best_t:.1f} s, {len(seen)} observations)")


if __name__ == "__main__":
    main()
