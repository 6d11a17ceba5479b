"""DualCam Review entry point: `python main.py --help`; no command opens the desk."""

import sys

from reviewer.cli import main


def open_desk(db_url: str | None, language: str | None) -> int:
    from ui.system_check import display_problem, import_problem

    problem = display_problem()
    if problem is None:
        try:
            from ui.app import run  # Qt first, before cv2 loads its own Qt plugins
        except (ImportError, OSError) as exc:
            problem = import_problem(exc)
    if problem is not None:
        sys.stderr.write(f"error: {problem}\n")
        return 2
    return run(db_url, language)


if __name__ == "__main__":
    sys.exit(main(open_desk=open_desk))
