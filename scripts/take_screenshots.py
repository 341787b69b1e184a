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
    with tempfile.TemporaryDirectory() as tmp:
        _safety_screens(app, Path(tmp))
    print(f"screenshots written to {OUT}")
    return 0


def _safety_screens(app: object, folder: Path) -> None:
    """Backups, the history and the read-only window, on a demo town with a few edits."""
    from gui import startup
    from gui.dialogs.backup_dialog import BackupDialog
    from gui.dialogs.history_dialog import HistoryDialog
    from models.store import backups

    first = startup.create_session(folder / "machidx.db", demo=True)
    assert first is not None
    first.town.update({"population": 15210, "general_staff": 130})
    for reason in ("daily", "manual"):
        backups.create_backup(first.store, reason)
    shots = (
        (HistoryDialog(first), "history_dialog.png"),
        (BackupDialog(first, lambda _path: True), "backup_dialog.png"),
    )
    for widget, name in shots:
        widget.show()
        app.processEvents()  # type: ignore[attr-defined]
        widget.grab().save(str(OUT / name))
        widget.close()
    second = startup.open_session(folder / "machidx.db")
    assert second is not None and second.readonly
    window = MainWindow(second)
    window.show()
    app.processEvents()  # type: ignore[attr-defined]
    window.grab().save(str(OUT / "read_only.png"))
    window.close()
    second.close()
    first.close()


if __name__ == "__main__":
    sys.exit(main())
