"""Screenshots of the desk for the README, taken from a real window.

    xvfb-run -a -s "-screen 0 1366x768x24" python bench/screenshots.py --db sqlite:///r.db \
        --language zh_CN --out docs/img/desk_zh_CN.png [--size 1366x768]

Opens the desk on a scanned database, selects the top of the queue, jumps to its
first behaviour flag, waits for both panes to show their frames, and grabs the window.
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

from reviewer.scan import ScanOptions  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402
from ui.app import install_translator  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.queue_model import ITEM_ROLE  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--language", default="en")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--flag", default="second_person", help="the flag type to show")
    ap.add_argument("--candidate", default="", help="open this candidate (default: the top)")
    ap.add_argument("--nth", type=int, default=1, help="the nth flag of that type (from 1)")
    ap.add_argument("--size", default="1366x768", help="the window's size (a grader's laptop)")
    ap.add_argument("--grader", default="", help="who is at the desk (default: a name)")
    args = ap.parse_args()
    app = QApplication(sys.argv)
    install_translator(app, args.language)
    settings = QSettings(str(args.out.with_suffix(".ini")), QSettings.Format.IniFormat)
    default = "王老师" if args.language.startswith("zh") else "Grader Li"
    settings.setValue("grader", args.grader or default)
    win = MainWindow(open_database(args.db), settings, ScanOptions())
    width, height = (int(v) for v in args.size.split("x"))
    win.resize(width, height)
    win.show()
    for row in range(win.proxy.rowCount() if args.candidate else 0):
        if win.proxy.data(win.proxy.index(row, 0), ITEM_ROLE).candidate_id == args.candidate:
            win.table.selectRow(row)
            break
    view = win.view
    assert view is not None
    of_type = [f for f in view.flags if f.type.value == args.flag]
    flag = of_type[min(args.nth, len(of_type)) - 1] if of_type else None
    flag = flag or (view.flags[0] if view.flags else None)
    if flag is not None:
        win.go_to_flag(flag.id)
    if flag is not None:  # the flag's strongest frame, with its boxes (as B does)
        win.show_best_frame(flag.id)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        app.processEvents()
        panes = [p for p in (win.main_pane, win.aux_pane) if p.source is not None]
        if all(p.current_pts is not None for p in panes) and time.monotonic() > deadline - 13:
            break
        time.sleep(0.05)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    win.grab().save(str(args.out))
    win.close()  # writes the window's geometry: clear it after
    settings.clear()
    settings.sync()
    args.out.with_suffix(".ini").unlink(missing_ok=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
