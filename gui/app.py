"""QApplication set-up (Japanese locale and translations, bundled fonts) and start-up."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QStandardPaths, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from models.resources import resource_path
from models.version import APP_NAME, APP_VERSION

ORGANIZATION = "MachiDX"
APPLICATION = "MachiDXDaicho"  # ASCII: used for folder names
DEFAULT_DB_NAME = "machidx.db"
UI_FONTS = ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf")
UI_FONT_FAMILY = "BIZ UDGothic"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Japanese locale, Qt's Japanese translation and the bundled font."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(APP_VERSION)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    install_translations(app)
    register_fonts(app)
    return app


def install_translations(app: QApplication) -> None:
    translator = QTranslator(app)
    if translator.load(
        QLocale(QLocale.Language.Japanese),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(translator)


def register_fonts(app: QApplication) -> None:
    """Register the bundled BIZ UDゴシック so Japanese renders even without system fonts."""
    families: list[str] = []
    for name in UI_FONTS:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    if UI_FONT_FAMILY in families:
        font = QFont(UI_FONT_FAMILY)
        font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
        app.setFont(font)


def data_dir() -> Path:
    """The user's data folder (QStandardPaths.AppDataLocation)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def ui_settings() -> QSettings:
    """UI state (window geometry, last file) in an INI file."""
    return QSettings()


def default_db_path() -> Path:
    last = ui_settings().value("last_db", "")
    if isinstance(last, str) and last and Path(last).exists():
        return Path(last)
    return data_dir() / DEFAULT_DB_NAME


def run_gui(db_path: Path | None = None, *, smoke_test: str | None = None) -> int:
    """Start the GUI (or the offscreen smoke test) and return the exit code."""
    if smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    app = create_application()
    from gui.errors import install_crash_hook

    install_crash_hook(data_dir() / "logs")
    if smoke_test:
        return _smoke_test(app, db_path, started, all_pages=smoke_test != "window")
    from gui.startup import open_at_start

    session = open_at_start(db_path or default_db_path())
    if session is None:
        return 0
    from gui.main_window import MainWindow

    window = MainWindow(session)
    window.show()
    return app.exec()


def _smoke_test(app: QApplication, db_path: Path | None, started: float, *, all_pages: bool) -> int:
    """Open a database (the demo town in a temporary folder unless --db is given), build the
    main window and (unless ``all_pages`` is False: the start-up benchmark) every page
    offscreen, process events, and exit 0."""
    from gui.main_window import MainWindow
    from gui.session import Session
    from models.store.database import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = db_path or Path(tmp) / DEFAULT_DB_NAME
        new = not path.exists()
        store = Store.open(path)
        if new:
            from models.demo import create_demo  # only for a new file: the demo data is large

            create_demo(store)
        window = MainWindow(Session(store))
        window.show()
        app.processEvents()
        shown = time.perf_counter()
        if all_pages:
            window.visit_all_pages()
            app.processEvents()
        window.close_without_prompt()
        import shiboken6

        shiboken6.delete(window)  # destroy the C++ side now, not during interpreter shutdown
        print(
            f"smoke-test ok: window {1000 * (shown - started):.0f} ms, "
            f"all pages {1000 * (time.perf_counter() - started):.0f} ms"
        )
    return 0
