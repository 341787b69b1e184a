"""Dialogs of the 交付円滑化計画 page: the base of the form dialogs, the Excel paste preview
and the freezing of a version (the dialogs for one row of the plan are in ``row_dialogs``).

Every dialog checks its fields as they are typed (the message sits beside the field, OK is
disabled while something is wrong) and gives its result with ``value()``. Pages open them
through :func:`run`, which tests replace (no modal dialog ever opens in a test).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.pages.issuance.common import error_label, show_error
from gui.widgets.dialog_parts import ok_cancel_buttons, problem_label
from gui.widgets.field_editors import CountEditor, DateEditor
from models.calendar import parse_date
from models.errors import ValidationError
from models.issuance.labels import month_label
from models.issuance.paste import PasteResult, parse_month_block
from models.issuance.records import (
    VERSION_KIND_LABELS,
    IssuancePlan,
)
from models.numbers import format_count
from models.town import FieldKind, FieldSpec

MAX_COUNT = 10_000_000


def run(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True when the user accepted it."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def date_editor(name: str, label: str, placeholder: str = "例：令和3年1月16日、R3.1.16") -> DateEditor:
    editor = DateEditor(FieldSpec(name, label, FieldKind.DATE, ""))
    editor.line.setPlaceholderText(placeholder)
    return editor


def count_editor(name: str, label: str, unit: str) -> CountEditor:
    return CountEditor(FieldSpec(name, label, FieldKind.COUNT, "", hint=unit))


def spin_box(maximum: int, suffix: str, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    spin.setGroupSeparatorShown(True)
    return spin


def hours_box(name: str, minimum: float = 0.0) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(minimum, 24.0)
    spin.setDecimals(2)
    spin.setSingleStep(0.25)
    spin.setSuffix(" 時間")
    spin.setAccessibleName(name)
    return spin


def decimal_of(spin: QDoubleSpinBox) -> Decimal:
    return Decimal(f"{spin.value():.2f}").normalize() + Decimal(0)


def combo_box(labels: dict[str, str], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for key, label in labels.items():
        combo.addItem(label, key)
    return combo


def select(combo: QComboBox, key: Any) -> None:
    index = combo.findData(key)
    combo.setCurrentIndex(max(index, 0))


class RecordDialog(QDialog):
    """A form with a message label per field; OK only while the form is valid."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.errors: dict[str, QLabel] = {}
        self.deleted = False
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("OK")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def add_row(self, key: str, label: str, widget: QWidget) -> None:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = error_label(label)
        box.addWidget(error)
        self.errors[key] = error
        title = QLabel(label)
        title.setBuddy(widget)
        self.form.addRow(title, cell)

    def finish(self, *, deletable: bool = False) -> None:
        if deletable:
            remove = QPushButton("削除")
            remove.setToolTip("この行を計画から削除します（保存するまでは元に戻せます）")
            remove.clicked.connect(self._delete)
            self.buttons.addButton(remove, QDialogButtonBox.ButtonRole.DestructiveRole)
            self.delete_button = remove
        self.layout_.addWidget(self.buttons)
        self.validate()

    def _delete(self) -> None:
        self.deleted = True
        self.accept()

    def messages(self) -> dict[str, str]:
        raise NotImplementedError

    def validate(self) -> bool:
        messages = self.messages()
        for key, label in self.errors.items():
            show_error(label, messages.get(key, ""))
        ok = not messages
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def accept(self) -> None:
        if self.deleted or self.validate():
            super().accept()


def optional_date(editor: DateEditor) -> date | None:
    text = editor.raw().strip()
    return parse_date(text) if text else None


def date_message(editor: DateEditor, *, required: bool) -> str:
    text = editor.raw().strip()
    if not text:
        return "日付を入力してください。" if required else ""
    try:
        parse_date(text)
    except ValidationError as exc:
        return exc.user_message
    return ""


class PasteDialog(QDialog):
    """「Excelから貼り付け」: paste a block (月 / 申請 / 交付), see what will be taken and
    every rejected cell; 取り込む only when the block has no problem."""

    def __init__(self, plan: IssuancePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.paste_result: PasteResult | None = None
        self.setWindowTitle("Excelから貼り付け（月別の実績）")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Excelで「月・申請件数・交付枚数」の3列（見出し行があってもかまいません）を選んでコピーし、"
            "下の欄に貼り付けてください（Ctrl+V）。空欄のセルは今の値のままです。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("貼り付ける内容")
        self.text.setPlaceholderText("令和3年4月\t620\t540\n令和3年5月\t580\t610")
        self.text.setMaximumHeight(150)
        row.addWidget(self.text, 1)
        paste = QPushButton("クリップボードから貼り付け")
        paste.clicked.connect(self.paste_clipboard)
        row.addWidget(paste, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        layout.addWidget(QLabel("取り込む内容（プレビュー）"))
        self.preview = QTableWidget(0, 4)
        self.preview.setHorizontalHeaderLabels(
            ["月", "申請件数（実績）", "交付枚数（実績）", "今の値（申請／交付）"]
        )
        self.preview.setAccessibleName("取り込む内容のプレビュー")
        self.preview.verticalHeader().setVisible(False)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 1)
        self.problems = problem_label("取り込めないセル")
        layout.addWidget(self.problems)
        self.buttons, self.apply_button = ok_cancel_buttons(self, "取り込む")
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self.update_preview)
        self.update_preview()

    def paste_clipboard(self) -> None:
        self.text.setPlainText(QGuiApplication.clipboard().text())

    def update_preview(self) -> None:
        text = self.text.toPlainText()
        self.paste_result = parse_month_block(text, self.plan) if text.strip() else None
        rows = self.paste_result.rows if self.paste_result else []
        current = {m.month: m for m in self.plan.months}
        self.preview.setRowCount(len(rows))
        for r, figures in enumerate(rows):
            old = current.get(figures.month)
            cells = (
                month_label(figures.month),
                format_count(figures.actual_applications) if figures.actual_applications is not None else "",
                format_count(figures.actual_issuances) if figures.actual_issuances is not None else "",
                f"{format_count(old.actual_applications)}／{format_count(old.actual_issuances)}"
                if old
                else "－／－",
            )
            for c, text_ in enumerate(cells):
                item = QTableWidgetItem(text_)
                if c in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        problems = self.paste_result.problems if self.paste_result else []
        self.problems.setText("\n".join(f"⚠ {p.text()}" for p in problems))
        self.problems.setVisible(bool(problems))
        self.apply_button.setEnabled(self.paste_result is not None and self.paste_result.ok)

    def problem_texts(self) -> list[str]:
        return [p.text() for p in (self.paste_result.problems if self.paste_result else [])]

    def accept(self) -> None:
        if self.paste_result is not None and self.paste_result.ok:
            super().accept()


class FreezeDialog(RecordDialog):
    """「この内容で提出版を確定」: the kind (策定 / 改訂) and a label for the version."""

    def __init__(self, *, first: bool, today: date, parent: QWidget | None = None) -> None:
        super().__init__("提出版の確定", parent)
        explain = QLabel(
            "保存済みの計画を提出版として確定します。確定した版は変更できず、提出したとおりに"
            "いつでも印刷できます。確定後も計画の編集はそのまま続けられます（次の改訂）。"
            "確定の前にデータのバックアップを作成します。"
        )
        explain.setWordWrap(True)
        self.layout_.insertWidget(0, explain)
        self.kind = combo_box(VERSION_KIND_LABELS, "版の種類")
        select(self.kind, "initial" if first else "revision")
        self.label = QLineEdit()
        self.label.setAccessibleName("版の名称")
        self.label.setMaxLength(100)
        self.add_row("kind", "版の種類", self.kind)
        self.add_row("label", "版の名称", self.label)
        self._today = today
        self._suggested = ""
        self._suggest()
        self.kind.currentIndexChanged.connect(self._suggest)
        self.label.textChanged.connect(self.validate)
        self.finish()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("確定する")

    def _suggest(self) -> None:
        suggestion = f"{month_label(self._today)} {VERSION_KIND_LABELS[str(self.kind.currentData())]}"
        if not self.label.text() or self.label.text() == self._suggested:
            self.label.setText(suggestion)
        self._suggested = suggestion

    def messages(self) -> dict[str, str]:
        return (
            {}
            if self.label.text().strip()
            else {"label": "版の名称を入力してください（例：令和2年12月 改訂）。"}
        )

    def value(self) -> tuple[str, str]:
        return str(self.kind.currentData()), self.label.text().strip()
