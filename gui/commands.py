"""Undo commands: every GUI edit reaches the models layer through one of these, so undo,
redo, validation, audit and persistence live in one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from gui import errors
from gui.session import Session
from models.errors import AppError
from models.town import FIELD_BY_NAME

if TYPE_CHECKING:
    from gui.pages.procedures.draft import ChecklistChange
    from models.issuance.records import IssuancePlan
    from models.procedures.records import CatalogueEntry, Checklist, UsageFigures


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


# -- オンライン手続 --------------------------------------------------------------------------
class _ChecklistCommand(QUndoCommand):
    """Base of the checklist commands: each direction is one transaction; a refused redo
    (validation, storage) makes the command obsolete and tells the user; both directions
    announce ``procedures_changed``."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session

    def redo(self) -> None:
        try:
            with self.session.store.atomic():
                self._redo()
        except AppError as exc:
            self.setObsolete(True)
            errors.show_error(None, exc)
            return
        self.session.procedures_changed.emit()

    def undo(self) -> None:
        with self.session.store.atomic():
            self._undo()
        self.session.procedures_changed.emit()

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class ChecklistEditCommand(_ChecklistCommand):
    """Save the town's answers and yearly figures of some procedures (the page's 保存).

    Redo writes ``new`` with the rules enforced; undo restores ``old`` as it was stored
    (``enforce_rules=False``); a 年度 with both counts None is removed.
    """

    def __init__(self, session: Session, old: ChecklistChange, new: ChecklistChange, text: str) -> None:
        super().__init__(session, text)
        self.old = old
        self.new = new

    def _redo(self) -> None:
        self._write(self.new, enforce_rules=True)

    def _undo(self) -> None:
        self._write(self.old, enforce_rules=False)

    def _write(self, change: ChecklistChange, *, enforce_rules: bool) -> None:
        repository = self.session.procedures
        for status in change.statuses:
            repository.save_status(status, enforce_rules=enforce_rules)
        if change.usage:
            repository.save_usage_many(change.usage, enforce_rules=enforce_rules)


class UsagePasteCommand(_ChecklistCommand):
    """A 年度's figures pasted from Excel: the town procedures the user chose to add for
    unmatched names are added first, then every figure is stored (one transaction).
    ``old`` holds the figures the paste replaces (both counts None where there were none)."""

    def __init__(
        self,
        session: Session,
        fiscal_year: int,
        figures: Sequence[UsageFigures],
        old: Sequence[UsageFigures],
        new_procedures: Sequence[tuple[str, int | None, int | None]],
        text: str,
    ) -> None:
        super().__init__(session, text)
        self.fiscal_year = fiscal_year
        self.figures = list(figures)
        self.old = list(old)
        self.new_procedures = list(new_procedures)  # (name, total, online)
        self.added: list[str] = []

    def _redo(self) -> None:
        from models.procedures.records import UsageFigures

        repository = self.session.procedures
        self.added = []
        figures = list(self.figures)
        for name, total, online in self.new_procedures:
            entry = repository.add_town_procedure(name)
            self.added.append(entry.code)
            figures.append(UsageFigures(entry.code, self.fiscal_year, total, online))
        repository.save_usage_many(figures)

    def _undo(self) -> None:
        repository = self.session.procedures
        if self.old:
            repository.save_usage_many(self.old, enforce_rules=False)
        for code in reversed(self.added):
            repository.delete_town_procedure(code)


class TownProcedureAddCommand(_ChecklistCommand):
    """「独自の手続を追加」: a procedure of the town's own (undo removes it again)."""

    def __init__(self, session: Session, name: str, category: str = "", owner_dept: str = "") -> None:
        super().__init__(session, f"独自の手続の追加（{name}）")
        self.name, self.category, self.owner_dept = name, category, owner_dept
        self.code = ""

    def _redo(self) -> None:
        entry = self.session.procedures.add_town_procedure(self.name, self.category, self.owner_dept)
        self.code = entry.code

    def _undo(self) -> None:
        self.session.procedures.delete_town_procedure(self.code)


class TownProcedureEditCommand(_ChecklistCommand):
    """Rename (and re-categorise) one of the town's own procedures."""

    def __init__(self, session: Session, code: str, old: tuple[str, str], new: tuple[str, str]) -> None:
        super().__init__(session, f"独自の手続の変更（{new[0]}）")
        self.code, self.old, self.new = code, old, new

    def _redo(self) -> None:
        self.session.procedures.edit_town_procedure(self.code, self.new[0], category=self.new[1])

    def _undo(self) -> None:
        self.session.procedures.edit_town_procedure(self.code, self.old[0], category=self.old[1])


class TownProcedureRetireCommand(_ChecklistCommand):
    """「使わなくなった（廃止）」 (or back in use): the answer and figures are kept."""

    def __init__(self, session: Session, code: str, name: str, retired: bool = True) -> None:
        what = "廃止" if retired else "使用再開"
        super().__init__(session, f"独自の手続の{what}（{name}）")
        self.code, self.retired = code, retired

    def _redo(self) -> None:
        self.session.procedures.retire_town_procedure(self.code, self.retired)

    def _undo(self) -> None:
        self.session.procedures.retire_town_procedure(self.code, not self.retired)


class CatalogueUpdateCommand(_ChecklistCommand):
    """「手続一覧の更新」: a newer national list (the town's answers and figures stay).

    Undo stores the checklist as it was (``replace_all``); national entries are never
    deleted, so those the update added stay as retired entries (掲載終了) after an undo.
    """

    def __init__(
        self, session: Session, before: Checklist, entries: Sequence[CatalogueEntry], list_version: str
    ) -> None:
        super().__init__(session, f"手続一覧の更新（{list_version}）")
        self.before = before
        self.entries = list(entries)
        self.list_version = list_version
        self.added: list[CatalogueEntry] = []

    def _redo(self) -> None:
        diff = self.session.procedures.apply_catalogue_update(self.entries, self.list_version)
        self.added = list(diff.added)

    def _undo(self) -> None:
        from dataclasses import replace

        before = self.before
        catalogue = (*before.catalogue, *(replace(e, retired=True) for e in self.added))
        self.session.procedures.replace_all(replace(before, catalogue=catalogue), enforce_rules=False)
