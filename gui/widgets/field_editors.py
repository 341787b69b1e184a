"""Editors for the kinds of field in ``models.town.FIELDS``.

Every editor offers the same small interface: ``edited`` (signal), ``raw()`` (what the user
entered, for ``parse_field``), ``set_value(value)`` (show a stored value) and
``is_modified()``. Validators stop malformed keystrokes; the rules live in the models.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from models.calendar import parse_date, to_wareki
from models.errors import ValidationError
from models.numbers import format_count
from models.town import FieldKind, FieldSpec

COUNT_PATTERN = QRegularExpression(r"[0-9０-９,，\s]{0,14}")
LG_CODE_PATTERN = QRegularExpression(r"[0-9０-９]{0,6}")


class FieldEditor(QWidget):
    """Base: a widget holding one input control."""

    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._initial: Any = None
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def raw(self) -> Any:
        raise NotImplementedError

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored value and take it as the unmodified state."""
        self.blockSignals(True)
        try:
            self.show_value(value)
        finally:
            self.blockSignals(False)
        self._initial = self.raw()

    def is_modified(self) -> bool:
        return bool(self.raw() != self._initial)

    def focus_widget(self) -> QWidget:
        return self


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit()
        self.line.setMaxLength(spec.max_length * 2)  # the model reports the limit in words
        self.line.setPlaceholderText(spec.hint)
        self.line.setAccessibleName(spec.label)
        self.line.textChanged.connect(self.edited)
        self.layout_.addWidget(self.line)
        self.setFocusProxy(self.line)

    def raw(self) -> str:
        return self.line.text()

    def show_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.line


class CountEditor(TextEditor):
    """A non-negative integer shown with thousands separators."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line.setValidator(QRegularExpressionValidator(COUNT_PATTERN, self.line))
        self.line.setPlaceholderText("")
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.line.setMaximumWidth(160)
        if spec.hint:
            self.layout_.addWidget(QLabel(spec.hint))
        self.layout_.addStretch(1)

    def show_value(self, value: Any) -> None:
        self.line.setText("" if value is None else format_count(int(value)))


class CodeEditor(TextEditor):
    """団体コード: digits only, at most 6; the prefecture is shown beside it by the page."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line.setValidator(QRegularExpressionValidator(LG_CODE_PATTERN, self.line))
        self.line.setMaximumWidth(120)
        self.echo = QLabel()
        self.echo.setAccessibleName("都道府県")
        self.layout_.addWidget(self.echo)
        self.layout_.addStretch(1)


class DateEditor(TextEditor):
    """A date typed as 和暦 or 西暦; the interpretation is echoed beside it."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line.setMaximumWidth(260)
        self.line.setPlaceholderText("例：令和6年4月1日 / R6.4.1 / 2024/4/1")
        self.echo = QLabel()
        self.layout_.addWidget(self.echo)
        self.layout_.addStretch(1)
        self.line.textChanged.connect(self._update_echo)
        self.with_seireki = False

    def show_value(self, value: Any) -> None:
        self.line.setText(to_wareki(value, with_seireki=self.with_seireki) if isinstance(value, date) else "")

    def _update_echo(self) -> None:
        text = self.line.text().strip()
        if not text:
            self.echo.setText("")
            return
        try:
            parsed = parse_date(text)
        except ValidationError:
            self.echo.setText("")
            return
        self.echo.setText("→ " + to_wareki(parsed, with_seireki=True, with_weekday=True))


class ChoiceEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName(spec.label)
        if spec.required:
            self.combo.addItem("（選択してください）", "")
        for code, label in spec.choices:
            self.combo.addItem(label, code)
        self.combo.currentIndexChanged.connect(self.edited)
        self.layout_.addWidget(self.combo)
        self.layout_.addStretch(1)
        self.setFocusProxy(self.combo)

    def raw(self) -> str:
        return str(self.combo.currentData() or "")

    def show_value(self, value: Any) -> None:
        index = self.combo.findData(value or "")
        self.combo.setCurrentIndex(max(index, 0))

    def focus_widget(self) -> QWidget:
        return self.combo


class FlagEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.check = QCheckBox(spec.hint or spec.label)
        self.check.setAccessibleName(spec.label)
        self.check.toggled.connect(self.edited)
        self.layout_.addWidget(self.check)
        self.layout_.addStretch(1)
        self.setFocusProxy(self.check)

    def raw(self) -> bool:
        return self.check.isChecked()

    def show_value(self, value: Any) -> None:
        self.check.setChecked(bool(value))

    def focus_widget(self) -> QWidget:
        return self.check


_EDITORS: dict[FieldKind, type[FieldEditor]] = {
    FieldKind.TEXT: TextEditor,
    FieldKind.COUNT: CountEditor,
    FieldKind.DATE: DateEditor,
    FieldKind.CHOICE: ChoiceEditor,
    FieldKind.FLAG: FlagEditor,
    FieldKind.LG_CODE: CodeEditor,
}


def make_editor(spec: FieldSpec, parent: QWidget | None = None) -> FieldEditor:
    return _EDITORS[spec.kind](spec, parent)
