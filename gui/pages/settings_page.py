"""設定 page: domain settings (stored in the database) and facts about the open file."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.commands import SettingEditCommand
from gui.pages.base import Page
from gui.session import Session
from models.calendar import to_wareki
from models.errors import ValidationError
from models.settings import BACKUP_GENERATIONS_RANGE, FORM_LABEL_MAX_LENGTH, SETTING_LABELS, validate_setting
from models.store.database import LATEST_SCHEMA_VERSION

EXAMPLE_DATE = date(2024, 4, 1)
FORM_LABEL_SETTINGS = [name for name in SETTING_LABELS if name.startswith("form_label_")]


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

        safety = QGroupBox("バックアップ")
        safety_form = QFormLayout(safety)
        self.generations = QSpinBox()
        self.generations.setRange(*BACKUP_GENERATIONS_RANGE)
        self.generations.setSuffix(" 世代")
        self.generations.setAccessibleName(SETTING_LABELS["backup_generations"])
        self.generations.editingFinished.connect(self._on_generations_changed)
        safety_form.addRow(SETTING_LABELS["backup_generations"] + "：", self.generations)
        safety_note = QLabel(
            "終了時・毎日の起動時・データ形式の更新前・復元前に、データファイルと同じ場所の"
            "「backups」フォルダへ自動でバックアップします。古いものから削除されます。"
        )
        safety_note.setWordWrap(True)
        safety_form.addRow(safety_note)
        layout.addWidget(safety)

        forms_box = QGroupBox("帳票の様式番号（各ページの左上に印字）")
        forms_form = QFormLayout(forms_box)
        self.form_labels: dict[str, QLineEdit] = {}
        self.form_label_error = QLabel()
        self.form_label_error.setStyleSheet("color: #b00020;")
        for name in FORM_LABEL_SETTINGS:
            line = QLineEdit()
            line.setMaxLength(FORM_LABEL_MAX_LENGTH)
            line.setAccessibleName(SETTING_LABELS[name])
            line.setPlaceholderText("例：様式第1号、資料1-1")
            line.editingFinished.connect(lambda name=name, line=line: self._on_form_label(name, line.text()))
            forms_form.addRow(SETTING_LABELS[name].removeprefix("様式番号（").removesuffix("）") + "：", line)
            self.form_labels[name] = line
        forms_form.addRow(self.form_label_error)
        layout.addWidget(forms_box)

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
        for widget, value in (
            (self.seireki, settings.show_seireki),
            (self.generations, settings.backup_generations),
        ):
            widget.blockSignals(True)
            if isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            else:
                widget.setChecked(bool(value))
            widget.blockSignals(False)
        for name, line in self.form_labels.items():
            line.setText(getattr(settings, name))
            line.setReadOnly(self.session.readonly)
        self.seireki.setEnabled(not self.session.readonly)
        self.generations.setEnabled(not self.session.readonly)
        self.example.setText(to_wareki(EXAMPLE_DATE, with_seireki=settings.show_seireki))

    def _on_seireki_toggled(self, checked: bool) -> None:
        self._change("show_seireki", checked)

    def _on_generations_changed(self) -> None:
        self._change("backup_generations", self.generations.value())

    def _on_form_label(self, name: str, text: str) -> None:
        try:
            validate_setting(name, text.strip())
        except ValidationError as exc:
            self.form_label_error.setText(f"⚠ {exc.user_message}")
            return
        self.form_label_error.setText("")
        self._change(name, text.strip())

    def _change(self, name: str, value: object) -> None:
        old = getattr(self.session.domain_settings, name)
        if old == value or self.session.readonly:
            return
        self.session.undo_stack.push(SettingEditCommand(self.session, name, SETTING_LABELS[name], old, value))
