"""Render the README screenshots offscreen from the demo town: python scripts/take_screenshots.py"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gui.app import create_application  # noqa: E402
from gui.dialogs.first_start import FirstStartDialog  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.session import Session  # noqa: E402
from models.demo import create_demo  # noqa: E402
from models.store.database import Store  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    app = create_application()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "demo.db")
        create_demo(store)
        window = MainWindow(Session(store))
        window.resize(1100, 780)
        window.show()
        for key, name in (("town", "town_page.png"), ("settings", "settings_page.png")):
            window.show_page(key)
            app.processEvents()
            window.grab().save(str(OUT / name))
        window.show_page("town")
        page = window.page("town")
        editor = page.editors["lg_code"]  # type: ignore[attr-defined]
        editor.line.setText("033228")
        page.editors["population_as_of"].line.setText("令和元年4月1日")  # type: ignore[attr-defined]
        page.editors["population"].line.setText("15,210")  # type: ignore[attr-defined]
        app.processEvents()
        window.grab().save(str(OUT / "town_page_validation.png"))
        window.close_without_prompt()
    dialog = FirstStartDialog()
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "first_start.png"))
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
