"""Where the bundled data files (fonts, catalogue, demo town) live.

In a development checkout they are in ``resources/`` at the repository root; in the
PyInstaller build they are unpacked beside the executable (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the folder that holds fonts/, catalog/ and demo/."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of one bundled file, e.g. ``resource_path("catalog", "prefectures.csv")``."""
    return resources_dir().joinpath(*parts)
