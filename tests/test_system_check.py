"""Before the desk opens a window: a missing system library or display is one clear line.

The ldd output below is what `ldd libqxcb.so` printed on this project's machine,
which lacks libxcb-icccm4 and libxcb-keysyms1; the import errors are the texts
Python raises when a shared library is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui import system_check

LDD = """\
\tlinux-vdso.so.1 (0x00007ffc6a5f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x7f)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x7f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""

ROOT = Path(__file__).resolve().parents[1]


def test_ldd_output_names_each_missing_library_once() -> None:
    assert system_check.missing_from_ldd(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_missing_xcb_libraries_name_the_debian_and_fedora_packages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(system_check, "_ldd", lambda path: LDD)
    monkeypatch.setattr(system_check.sys, "platform", "linux")
    line = system_check.display_problem({"DISPLAY": ":0"})
    assert line is not None and "\n" not in line
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1" in line
    assert "dnf install xcb-util-keysyms xcb-util-wm" in line


def test_an_explicit_platform_or_a_complete_system_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(system_check.sys, "platform", "linux")
    assert system_check.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    monkeypatch.setattr(system_check, "_ldd", lambda path: LDD.replace("not found", "/lib/x"))
    assert system_check.display_problem({"DISPLAY": ":0"}) is None


def test_no_display_is_said_before_qt_aborts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(system_check.sys, "platform", "linux")
    line = system_check.display_problem({})
    assert line is not None and "xvfb-run" in line and "DISPLAY" in line


@pytest.mark.parametrize(
    ("error", "package"),
    [
        (
            ImportError("libEGL.so.1: cannot open shared object file: No such file or directory"),
            "libegl1",
        ),
        (
            OSError("libxkbcommon.so.0: cannot open shared object file: No such file"),
            "libxkbcommon0",
        ),
    ],
)
def test_a_failed_qt_import_names_the_package(error: Exception, package: str) -> None:
    line = system_check.import_problem(error)
    assert f"apt-get install {package}" in line and "\n" not in line


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_the_desk_without_a_display_exits_2_with_one_line(tmp_path: Path) -> None:
    """`python main.py review` in an environment with no DISPLAY and no QT_QPA_PLATFORM:
    before this check Qt aborted the process (exit 134) with its own message."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "main.py", "review", "--db", f"sqlite:///{tmp_path / 'r.db'}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the desk needs a display")
    assert "Traceback" not in done.stderr
