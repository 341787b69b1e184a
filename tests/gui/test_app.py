"""Application set-up: Japanese locale and Qt translations, bundled fonts, crash hook."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from gui import app as app_module
from gui import errors
from models.errors import AppError
from tests.support import DialogRecorder


def test_locale_is_japanese_and_qt_dialogs_are_translated(qapp: QApplication) -> None:
    assert QLocale().language() == QLocale.Language.Japanese
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "キャンセル"


def test_bundled_gothic_is_registered_and_used(qapp: QApplication) -> None:
    assert app_module.UI_FONT_FAMILY in QFontDatabase.families()
    assert qapp.font().family() == app_module.UI_FONT_FAMILY
    assert QFontDatabase.isScalable(app_module.UI_FONT_FAMILY, "Regular")


def test_data_folder_is_the_app_data_location(qapp: QApplication) -> None:
    folder = app_module.data_dir()
    assert folder.name == app_module.APPLICATION
    assert app_module.default_db_path() == folder / app_module.DEFAULT_DB_NAME


def test_crash_hook_logs_the_traceback_and_shows_details(
    qapp: QApplication, tmp_path: Path, dialogs: DialogRecorder
) -> None:
    previous = sys.excepthook
    try:
        errors.install_crash_hook(tmp_path / "logs")
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        logs = list((tmp_path / "logs").glob("crash-*.log"))
        assert len(logs) == 1
        assert "ZeroDivisionError: boom" in logs[0].read_text(encoding="utf-8")
        assert "ZeroDivisionError" in dialogs.crashes[0]

        try:
            raise AppError("保存できませんでした。")
        except AppError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        assert dialogs.errors[-1] == "保存できませんでした。"
    finally:
        sys.excepthook = previous


def test_form_labels_are_set_on_the_settings_page(qapp: QApplication, demo_session: object) -> None:
    from gui.pages.settings_page import SettingsPage

    page = SettingsPage(demo_session)  # type: ignore[arg-type]
    line = page.form_labels["form_label_issuance"]
    assert line.text() == "様式1"
    line.setText("様式第1号")
    line.editingFinished.emit()
    assert demo_session.settings.load().form_label_issuance == "様式第1号"  # type: ignore[attr-defined]
    line.setText("   ")
    line.editingFinished.emit()
    assert "1〜20文字" in page.form_label_error.text()
    assert demo_session.settings.load().form_label_issuance == "様式第1号"  # type: ignore[attr-defined]
    demo_session.undo_stack.undo()  # type: ignore[attr-defined]
    assert page.form_labels["form_label_issuance"].text() == "様式1"
