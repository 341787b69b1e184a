"""設定 page: domain settings (stored in the database) and facts about the open file."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from gui.commands import SettingEditCommand
from gui.pages.base import Page
from gui.session import Session
from models.calendar import to_wareki
from models.settings import SETTING_LABELS
from models.store.database import LATEST_SCHEMA_VERSION

EXAMPLE_DATE = date(2024, 4, 1)


class SettingsPage(Page):
    title = "設定"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.title}</h2>"))

        display = QGroupBox("日付の表示")
        form = QFormLayout(display)
        self.seireki = QCheckBox(SETTING_LABELS["show_seireki"])
        self.seireki.toggled.connect(self._on_seireki_toggled)
        form.addRow(self.seireki)
        self.example = QLabel()
        form.addRow("表示例：", self.example)
        note = QLabel("この設定はデータファイルに保存されます（ファイルを引き継ぐと設定も引き継がれます）。")
        note.setWordWrap(True)
        form.addRow(note)
        layout.addWidget(display)

        info = QGroupBox("データファイル")
        info_form = QFormLayout(info)
        path = QLabel(str(session.store.path or "（メモリ上）"))
        path.setWordWrap(True)
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info_form.addRow("保存場所：", path)
        info_form.addRow(
            "データの版：", QLabel(f"{session.store.schema_version}（アプリの版 {LATEST_SCHEMA_VERSION}）")
        )
        info_form.addRow(
            "種類：", QLabel("サンプルデータ（架空の町）" if session.meta.is_sample else "本番データ")
        )
        layout.addWidget(info)
        layout.addStretch(1)

        self.reload()
        session.settings_changed.connect(self.reload)

    def reload(self) -> None:
        settings = self.session.domain_settings
        self.seireki.blockSignals(True)
        self.seireki.setChecked(settings.show_seireki)
        self.seireki.blockSignals(False)
        self.example.setText(to_wareki(EXAMPLE_DATE, with_seireki=settings.show_seireki))

    def _on_seireki_toggled(self, checked: bool) -> None:
        old = self.session.domain_settings.show_seireki
        if old == checked:
            return
        self.session.undo_stack.push(
            SettingEditCommand(self.session, "show_seireki", SETTING_LABELS["show_seireki"], old, checked)
        )
