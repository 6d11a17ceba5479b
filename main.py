"""DualCam Review entry point: `python main.py --help`; no command opens the desk."""

import sys

from reviewer.cli import main


def open_desk(db_url: str | None, language: str | None) -> int:
    try:
        from ui.app import run  # needs the [gui] extra (PySide6)
    except ImportError as exc:
        sys.stderr.write(f"error: the desk needs PySide6 (pip install -e '.[gui]'): {exc}\n")
        return 2
    return run(db_url, language)


if __name__ == "__main__":
    sys.exit(main(open_desk=open_desk))
