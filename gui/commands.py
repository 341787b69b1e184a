"""Undo commands: every GUI edit reaches the models layer through one of these, so undo,
redo, validation, audit and persistence live in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from gui import errors
from gui.session import Session
from models.errors import AppError
from models.town import FIELD_BY_NAME

if TYPE_CHECKING:
    from models.issuance.records import IssuancePlan


class ProfileEditCommand(QUndoCommand):
    """Change some fields of the town profile (one transaction each way)."""

    def __init__(self, session: Session, old: dict[str, Any], new: dict[str, Any]) -> None:
        labels = [FIELD_BY_NAME[name].label for name in new]
        more = f"ほか{len(labels) - 1}項目" if len(labels) > 1 else ""
        super().__init__(f"団体情報の変更（{labels[0]}{more}）")
        self.session = session
        self.old = old
        self.new = new

    def redo(self) -> None:
        try:
            self.session.town.update(self.new)
        except AppError as exc:
            self.setObsolete(True)
            errors.show_error(None, exc)
            return
        self.session.town_changed.emit()

    def undo(self) -> None:
        self.session.town.update(self.old, enforce_rules=False)
        self.session.town_changed.emit()


class SettingEditCommand(QUndoCommand):
    """Change one domain setting."""

    def __init__(self, session: Session, name: str, label: str, old: Any, new: Any) -> None:
        super().__init__(f"設定の変更（{label}）")
        self.session = session
        self.name = name
        self.old = old
        self.new = new

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    def _apply(self, value: Any) -> None:
        self.session.settings.update(**{self.name: value})
        self.session.settings_changed.emit()


class IssuancePlanEditCommand(QUndoCommand):
    """Replace the working 交付円滑化計画 (one transaction each way, audited by the repository).

    Redo saves ``new`` with the plan's rules enforced; undo restores ``old`` as it was
    stored (``enforce_rules=False``: a state saved before may predate a rule).
    """

    def __init__(self, session: Session, old: IssuancePlan, new: IssuancePlan, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.old = old
        self.new = new

    def redo(self) -> None:
        try:
            self.session.issuance.save(self.new)
        except AppError as exc:
            self.setObsolete(True)
            errors.show_error(None, exc)
            return
        self.session.issuance_changed.emit()

    def undo(self) -> None:
        self.session.issuance.save(self.old, enforce_rules=False)
        self.session.issuance_changed.emit()
