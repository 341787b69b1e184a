"""団体情報 page: the town profile form, validated as the user types, saved through an undo
command in one transaction."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.commands import ProfileEditCommand
from gui.pages.base import Page, SaveBar
from gui.session import Session
from gui.widgets.field_editors import CodeEditor, DateEditor, FieldEditor, make_editor
from models.errors import ValidationError
from models.lg_code import prefecture_of
from models.town import FIELDS, TownProfile, advice_for, parse_field, validate_profile

ERROR_STYLE = "color: #b00020;"


class TownPage(Page):
    title = "団体情報"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.editors: dict[str, FieldEditor] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.errors: dict[str, str] = {}
        self._values: dict[str, Any] = {}
        self._build()
        self.reload()
        session.town_changed.connect(self.reload)
        session.settings_changed.connect(self.reload_if_clean)

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        heading = QLabel(f"<h2>{self.title}</h2>")
        outer.addWidget(heading)
        intro = QLabel("すべての帳票に印字される団体の基本情報です。* は必須項目です。")
        intro.setWordWrap(True)
        outer.addWidget(intro)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        sections: dict[str, QFormLayout] = {}
        for spec in FIELDS:
            if spec.section not in sections:
                box = QGroupBox(spec.section)
                form = QFormLayout(box)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                sections[spec.section] = form
                body_layout.addWidget(box)
            editor = make_editor(spec)
            editor.edited.connect(self._on_edited)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            error.setAccessibleName(f"{spec.label}の入力エラー")
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(editor)
            cell_layout.addWidget(error)
            label = QLabel(("* " if spec.required else "") + spec.label)
            label.setBuddy(editor.focus_widget())
            sections[spec.section].addRow(label, cell)
            self.editors[spec.name] = editor
            self.error_labels[spec.name] = error
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet("color: #1a5fb4;")
        body_layout.addWidget(self.advice)
        body_layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        body.setEnabled(not self.session.readonly)  # read-only: visible, not editable

        self.save_bar = SaveBar(self, self.save, self.discard)
        self.status = self.save_bar.status
        self.discard_button = self.save_bar.discard_button
        self.save_button = self.save_bar.save_button
        outer.addWidget(self.save_bar)

    # -- state ---------------------------------------------------------------------
    def reload(self) -> None:
        """Show the stored profile, dropping unsaved edits."""
        profile = self.session.town.load()
        with_seireki = self.session.domain_settings.show_seireki
        for name, editor in self.editors.items():
            if isinstance(editor, DateEditor):
                editor.with_seireki = with_seireki
            editor.set_value(getattr(profile, name))
        self._on_edited()

    def reload_if_clean(self) -> None:
        if not self.has_unsaved_changes():
            self.reload()

    def has_unsaved_changes(self) -> bool:
        if self.session.readonly:
            return False  # nothing can be saved, so there is nothing to ask about
        return any(editor.is_modified() for editor in self.editors.values())

    def _on_edited(self) -> None:
        self.errors = {}
        values: dict[str, Any] = {}
        for name, editor in self.editors.items():
            try:
                values[name] = parse_field(name, editor.raw())
            except ValidationError as exc:
                self.errors[name] = exc.user_message
        if not self.errors:
            for error in validate_profile(TownProfile(**values)):
                self.errors.setdefault(error.field, error.user_message)
            self.advice.setText("\n".join("ℹ " + note for note in advice_for(TownProfile(**values))))
        self._values = values
        for name, label in self.error_labels.items():
            message = self.errors.get(name, "")
            label.setText(f"⚠ {message}" if message else "")
            label.setVisible(bool(message))
        self._update_prefecture(values.get("lg_code", ""))
        self._update_status()

    def _update_prefecture(self, code: str) -> None:
        editor = self.editors["lg_code"]
        assert isinstance(editor, CodeEditor)
        pref = prefecture_of(code) if code else None
        typed = editor.raw().strip()
        completed = f"（{code}）" if code and len(typed) == 5 else ""
        editor.echo.setText(f"都道府県：{pref.name}{completed}" if pref else "")

    def _update_status(self) -> None:
        if self.session.readonly:
            self.save_bar.show_read_only()
            return
        dirty = self.has_unsaved_changes()
        self.save_bar.show_state(
            errors=len(self.errors), unsaved=dirty, can_save=dirty and not self.errors, can_discard=dirty
        )

    # -- actions -------------------------------------------------------------------
    def save(self) -> bool:
        """Save the edits as one undoable change; False when there is nothing valid to save."""
        self._on_edited()
        if self.session.readonly or self.errors or not self.has_unsaved_changes():
            return False
        stored = self.session.town.load()
        new = {name: value for name, value in self._values.items() if getattr(stored, name) != value}
        if not new:
            self.reload()
            return True
        old = {name: getattr(stored, name) for name in new}
        command = ProfileEditCommand(self.session, old, new)
        self.session.undo_stack.push(command)
        return not command.isObsolete()

    def discard(self) -> None:
        self.reload()

    def focus_field(self, name: str) -> None:
        self.editors[name].focus_widget().setFocus()
