"""Screenshots of the desk's identity views (issue 18), from a real window.

    xvfb-run -a -s "-screen 0 1366x768x24" python bench/screenshots_identity.py \
        --work /tmp/id-shots --language zh_CN --out docs/img/identity_zh_CN.png

Makes a small export (real faces from scikit-image and matplotlib pasted over a
room by `analysis.synth.identity`: candidate C1 sits subjects A and B as the
astronaut, and Grace Hopper sits C; C2's aux shows Grace Hopper while the main
shows the astronaut; C3 has two subjects, the astronaut's and Grace Hopper's,
which gives `identity_unresolved` on both; C1 has a registered photo), scans it with identity
thresholds of 0.55 (`IDENTITY` below), opens C1/C, selects
its identity flag, waits for both faces, grabs the window (`--out`) and the
candidate's identity matrix (`--out` with `_matrix` before the suffix).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reviewer.identity import IdentitySettings  # noqa: E402
from reviewer.scan import ScanOptions  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402
from ui.app import install_translator  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.queue_model import ITEM_ROLE  # noqa: E402

# thresholds an institution might configure: the defaults (0.45) are precision first
# and leave the astronaut against Grace Hopper (0.44-0.49 here) unflagged
IDENTITY = IdentitySettings(pair_threshold=0.55, subject_threshold=0.55, photo_threshold=0.5)


def make_export(root: Path) -> None:
    from PIL import Image

    from analysis.synth.identity import Look, portrait, write_sitting
    from analysis.synth.recording import package_photo

    a, g = portrait(package_photo("astronaut")), portrait(package_photo("grace_hopper"))
    small = Look(scale=0.55, x=0.62)
    layout = {
        ("C1", "A"): (a, Look(), a, small),
        ("C1", "B"): (a, Look(glasses=True, light=0.6), a, Look(back=True, scale=0.5)),
        ("C1", "C"): (g, Look(), g, small),
        ("C2", "A"): (a, Look(), g, small),
        # two subjects of two people: which one is the candidate cannot be told
        ("C3", "A"): (a, Look(light=0.8), a, small),
        ("C3", "B"): (g, Look(), g, small),
    }
    for k, ((cand, subj), (pm, lm, pa, la)) in enumerate(layout.items()):
        d = root / cand / subj
        d.mkdir(parents=True, exist_ok=True)
        write_sitting(d / "main.mp4", [(pm, 0.0)], 30.0, lm, width=640, height=360, fps=5, seed=k)
        write_sitting(d / "aux.mp4", [(pa, 0.0)], 30.0, la, width=640, height=360, fps=5, seed=k)
    Image.fromarray(package_photo("astronaut")).save(root / "C1" / "photo.jpg")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--language", default="en")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--candidate", default="C1")
    ap.add_argument("--subject", default="C")
    args = ap.parse_args()
    export, db_url = args.work / "export", f"sqlite:///{args.work / 'review.db'}"
    if not export.exists():
        make_export(export)
        from analysis.detect.runner import DetectConfig
        from reviewer.scan import run_scan

        run_scan(
            open_database(db_url),
            export,
            ScanOptions(
                workers=2, detect=DetectConfig(detectors=("quality", "faces")), identity=IDENTITY
            ),
        )
    app = QApplication(sys.argv)
    install_translator(app, args.language)
    settings = QSettings(str(args.out.with_suffix(".ini")), QSettings.Format.IniFormat)
    settings.setValue("grader", "王老师" if args.language.startswith("zh") else "Grader Li")
    win = MainWindow(open_database(db_url), settings, ScanOptions(identity=IDENTITY))
    win.resize(1366, 768)
    win.show()
    for row in range(win.proxy.rowCount()):
        item = win.proxy.data(win.proxy.index(row, 0), ITEM_ROLE)
        if (item.candidate_id, item.subject) == (args.candidate, args.subject):
            win.table.selectRow(row)
            break
    view = win.view
    assert view is not None
    kinds = ("identity_mismatch", "person_changed", "identity_unresolved")
    flag = next(f for f in view.flags if f.type.value in kinds)
    win.go_to_flag(flag.id)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        app.processEvents()
        if all(not lab.pixmap().isNull() for lab in win.panel.identity.faces):
            break
        time.sleep(0.05)
    for _ in range(40):
        app.processEvents()
        time.sleep(0.02)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    win.grab().save(str(args.out))
    dialog = win.show_identity()
    assert dialog is not None
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)
    matrix = args.out.with_name(args.out.stem + "_matrix" + args.out.suffix)
    dialog.grab().save(str(matrix))
    dialog.close()
    win.close()
    settings.clear()
    settings.sync()
    args.out.with_suffix(".ini").unlink(missing_ok=True)
    print(f"wrote {args.out} and {matrix}")


if __name__ == "__main__":
    main()
