"""Render the screenshots of the 交付円滑化計画 page offscreen from the demo town:

    python scripts/take_issuance_screenshots.py          every tab at 100% (+ a 150% run)

Writes docs/screenshots/issuance_<tab>.png, issuance_validation.png (an error blocking
保存), issuance_versions.png (a frozen version compared with the edited plan) and
issuance_months_150.png (the months tab at 150% scale, rendered in a second process).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"
SIZE = (1180, 800)


def _window(folder: Path) -> object:
    from gui.main_window import MainWindow
    from gui.session import Session
    from models.demo import create_demo
    from models.store.database import Store

    store = Store.open(folder / "demo.db")
    create_demo(store)
    window = MainWindow(Session(store))
    window.resize(*SIZE)
    window.show()
    return window


def main() -> int:
    from gui.app import create_application

    app = create_application()
    scaled = "--scaled" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        window = _window(Path(tmp))
        page = window.show_page("issuance")  # type: ignore[attr-defined]
        app.processEvents()
        if scaled:
            page.show_tab("months")
            app.processEvents()
            window.grab().save(str(OUT / "issuance_months_150.png"))  # type: ignore[attr-defined]
            _close(window)
            return 0
        from gui.pages.issuance_page import TABS

        for spec in TABS:
            if spec.key == "versions":
                continue
            page.show_tab(spec.key)
            app.processEvents()
            window.grab().save(str(OUT / f"issuance_{spec.key}.png"))  # type: ignore[attr-defined]
        _validation(app, window, page)
        _versions(app, window, page)
        _close(window)
    env = dict(os.environ, QT_SCALE_FACTOR="1.5")
    subprocess.run([sys.executable, __file__, "--scaled"], env=env, check=True)
    print(f"screenshots written to {OUT}")
    return 0


def _close(window: object) -> None:
    """Close and delete the window while the application still exists (a window left to the
    interpreter's shutdown can crash it)."""
    import shiboken6

    window.close_without_prompt()  # type: ignore[attr-defined]
    shiboken6.delete(window)


def _validation(app: object, window: object, page: object) -> None:
    tab = page.show_tab("months")  # type: ignore[attr-defined]
    model = tab.model
    model.setData(
        model.index(model.row_of_month(date(2022, 10, 1)), model.column_of("actual_issuances")), "7000"
    )
    model.setData(
        model.index(model.row_of_month(date(2022, 11, 1)), model.column_of("actual_issuances")), "-20"
    )
    tab.table.scrollTo(model.index(model.row_of_month(date(2022, 10, 1)), 0))
    app.processEvents()  # type: ignore[attr-defined]
    window.grab().save(str(OUT / "issuance_validation.png"))  # type: ignore[attr-defined]
    page.discard()  # type: ignore[attr-defined]


def _versions(app: object, window: object, page: object) -> None:
    """Freeze 第1版, then change the working plan as a 改訂 would, and compare."""
    from gui.pages.issuance import dialogs

    session = page.session  # type: ignore[attr-defined]
    original_run = dialogs.run

    def accept(dialog: object) -> bool:
        dialog.label.setText("令和2年10月 策定（県へ提出）")  # type: ignore[attr-defined]
        return True

    dialogs.run = accept
    try:
        import gui.errors as errors

        errors.show_info = lambda *args, **kwargs: None
        tab = page.show_tab("versions")  # type: ignore[attr-defined]
        tab.freeze()
        draft = page.draft  # type: ignore[attr-defined]
        windows = list(draft.plan.windows)
        windows[0] = replace(windows[0], terminals_target=4, staff_target=4)
        draft.update(windows=tuple(windows), population=15250, weekend_days_target=4)
        page.save()  # type: ignore[attr-defined]
        page.show_tab("versions")  # type: ignore[attr-defined]
        tab.compare_with_previous()
        app.processEvents()  # type: ignore[attr-defined]
        window.grab().save(str(OUT / "issuance_versions.png"))  # type: ignore[attr-defined]
    finally:
        dialogs.run = original_run
    assert session.issuance.versions()


if __name__ == "__main__":
    sys.exit(main())
