"""The grader's desk (PySide6). Only adapts: Qt models over domain objects, widgets.

OpenCV (pulled in by mediapipe as opencv-contrib-python, a GUI build) points Qt
at its own plugins and fonts when cv2 is first imported. Import it here, once,
and undo that, so PySide6 uses its own platform plugins whatever the import order.
"""

import os

import cv2  # noqa: F401 - imported for its side effect on the environment, undone below

for _var in ("QT_QPA_PLATFORM_PLUGIN_PATH", "QT_QPA_FONTDIR"):
    os.environ.pop(_var, None)
