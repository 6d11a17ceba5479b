"""Before Qt opens a window: are the system libraries and a display there?

When Qt cannot load its platform plugin it aborts the process with a message
that names neither the missing library nor the package that brings it. This
module runs first (it imports no Qt): it asks `ldd` what the xcb plugin cannot
find, and turns a failed import of QtGui into the same kind of one line, with
the Debian/Ubuntu and Fedora packages to install.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

# shared library -> (Debian/Ubuntu package, Fedora package)
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libpulse.so.0": ("libpulse0", "pulseaudio-libs"),
}

NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)
CANNOT_OPEN = re.compile(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file")


def missing_from_ldd(output: str) -> list[str]:
    """The libraries `ldd` reports as not found, each once, in order."""
    return list(dict.fromkeys(NOT_FOUND.findall(output)))


def install_hint(libraries: list[str]) -> str:
    """`apt-get install …` (and `dnf install …`) for the packages that bring `libraries`."""
    debian = sorted({PACKAGES[lib][0] for lib in libraries if lib in PACKAGES})
    fedora = sorted({PACKAGES[lib][1] for lib in libraries if lib in PACKAGES})
    if not debian:
        return "install the packages that provide them"
    return (
        f"install them with: sudo apt-get install {' '.join(debian)} "
        f"(Fedora: sudo dnf install {' '.join(fedora)})"
    )


def xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "Qt/plugins/platforms/libqxcb.so"
    return path if path.is_file() else None


def _ldd(path: Path) -> str:
    try:
        done = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.debug("ldd %s failed: %s", path, exc)
        return ""
    return done.stdout


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """One line saying why Qt could not open a window here, or None when it can.

    Only Linux with the default (xcb) platform is checked: an explicit
    QT_QPA_PLATFORM such as offscreen or wayland is the user's choice."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None
    if not platform and env.get("WAYLAND_DISPLAY"):
        return None  # Qt may choose Wayland: let it
    if not env.get("DISPLAY"):
        return (
            "the desk needs a display: none is set (DISPLAY). Run it in a desktop session, "
            "or under xvfb-run, or with QT_QPA_PLATFORM=offscreen for a test"
        )
    plugin = xcb_plugin()
    if plugin is None:
        return None
    missing = missing_from_ldd(_ldd(plugin))
    if not missing:
        return None
    return (
        f"the desk cannot open a window: Qt's xcb platform plugin needs {', '.join(missing)}; "
        + install_hint(missing)
    )


def import_problem(exc: BaseException) -> str:
    """One line for a failed import of PySide6 (a missing system library, or no PySide6)."""
    text = str(exc)
    libs = CANNOT_OPEN.findall(text)
    if libs:
        return f"the desk cannot start: the system library {libs[0]} is missing; " + install_hint(
            libs
        )
    return f"the desk cannot start: PySide6 cannot be imported ({text}); run pip install -e ."
