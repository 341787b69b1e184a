"""The embedded BIZ UD TrueType fonts, registered with reportlab once, on first use.

Body text is BIZ UD明朝, headings and table headers BIZ UDゴシック (PRODUCT.md §4.1). The
fonts are embedded as TrueType subsets; reportlab's CID fonts (HeiseiMin-W3 …) are never
used because they are not embedded and print differently on every PC.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from models.resources import resource_path

MINCHO = "BIZUDMincho"
GOTHIC = "BIZUDGothic"
GOTHIC_BOLD = "BIZUDGothic-Bold"

_FILES = {
    MINCHO: "BIZUDMincho-Regular.ttf",
    GOTHIC: "BIZUDGothic-Regular.ttf",
    GOTHIC_BOLD: "BIZUDGothic-Bold.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the three fonts (idempotent, thread-safe; about 0.15 s the first time)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
        # <b> inside a Paragraph: Gothic → Gothic Bold; Mincho has no bold cut, so it
        # falls back to Gothic Bold (the usual Japanese emphasis).
        addMapping(GOTHIC, 0, 0, GOTHIC)
        addMapping(GOTHIC, 1, 0, GOTHIC_BOLD)
        addMapping(GOTHIC, 0, 1, GOTHIC)
        addMapping(GOTHIC, 1, 1, GOTHIC_BOLD)
        addMapping(MINCHO, 0, 0, MINCHO)
        addMapping(MINCHO, 1, 0, GOTHIC_BOLD)
        addMapping(MINCHO, 0, 1, MINCHO)
        addMapping(MINCHO, 1, 1, GOTHIC_BOLD)
        _registered = True
