"""The plan as being edited on the 交付円滑化計画 page: the stored plan, the draft the tabs
change, and small record edits (replace one month's figure, add or replace a row).

Nothing here computes figures: the tabs ask ``models.issuance`` for those. Saving turns the
difference between the stored plan and the draft into one undo command.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from gui.session import Session
from models.issuance.labels import COLLECTION_LABELS, PLAN_FIELD_LABELS
from models.issuance.records import IssuancePlan, Milestone, MonthFigures, StaffCount
from models.issuance.validation import PlanIssue, check_plan

R = TypeVar("R")


class PlanDraft(QObject):
    """``stored``: the plan in the database; ``baseline``: what the page showed when loaded
    (the stored plan, with the 団体情報 population filled in when the plan has none);
    ``plan``: the draft. ``changed`` fires on every change of the draft."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stored = IssuancePlan()
        self.baseline = IssuancePlan()
        self.plan = IssuancePlan()
        self.prefilled_population = False
        self.issues: list[PlanIssue] = []

    def load(self) -> None:
        self.stored = self.session.issuance.load()
        baseline = self.stored
        self.prefilled_population = False
        if baseline.population is None:
            profile = self.session.town.load()
            if profile.population is not None:
                baseline = replace(
                    baseline,
                    population=profile.population,
                    population_as_of=baseline.population_as_of or profile.population_as_of,
                )
                self.prefilled_population = True
        self.baseline = baseline
        self.plan = baseline
        self._check()
        self.loaded.emit()
        self.changed.emit()

    def apply(self, plan: IssuancePlan) -> None:
        if plan == self.plan:
            return
        self.plan = plan
        self._check()
        self.changed.emit()

    def update(self, **changes: Any) -> None:
        self.apply(replace(self.plan, **changes))

    def is_dirty(self) -> bool:
        return self.plan != self.baseline

    def needs_saving(self) -> bool:
        """The draft differs from the database (including a filled-in population)."""
        return self.plan != self.stored

    def _check(self) -> None:
        self.issues = check_plan(self.plan, today=date.today())

    # -- record edits --------------------------------------------------------------
    def set_month_value(self, month: date, field: str, value: int | None) -> None:
        months = list(self.plan.months)
        for i, figures in enumerate(months):
            if figures.month == month:
                months[i] = replace(figures, **_changes(field, value))
                break
        else:
            months.append(replace(MonthFigures(month=month), **_changes(field, value)))
        months = [m for m in months if _has_any(m)]
        self.update(months=tuple(sorted(months, key=lambda m: m.month)))

    def set_months(self, months: tuple[MonthFigures, ...]) -> None:
        self.update(months=tuple(sorted(months, key=lambda m: m.month)))

    def set_staff_value(self, staff_type: str, field: str, value: int | None) -> None:
        staff = list(self.plan.staff)
        for i, count in enumerate(staff):
            if count.staff_type == staff_type:
                staff[i] = replace(count, **_changes(field, value or 0))
                break
        else:
            staff.append(replace(StaffCount(staff_type, 0, 0), **_changes(field, value or 0)))
        order = {key: i for i, key in enumerate(("regular", "fiscal_year", "outsourced"))}
        self.update(staff=tuple(sorted(staff, key=lambda s: order.get(s.staff_type, 99))))

    def set_milestone(self, old_as_of: date | None, milestone: Milestone | None) -> None:
        """Replace the milestone of ``old_as_of`` (None: add) by ``milestone`` (None: remove)."""
        items = [m for m in self.plan.milestones if m.as_of != old_as_of]
        if milestone is not None:
            items.append(milestone)
        self.update(milestones=tuple(sorted(items, key=lambda m: m.as_of)))

    def replace_row(self, collection: str, old: R | None, new: R | None) -> None:
        """In a tuple field of the plan, replace ``old`` by ``new`` (add when ``old`` is None,
        remove when ``new`` is None); the order of the other rows is kept."""
        rows: list[Any] = list(getattr(self.plan, collection))
        if old is not None and old in rows:
            index = rows.index(old)
            if new is None:
                rows.pop(index)
            else:
                rows[index] = new
        elif new is not None:
            rows.append(new)
        self.update(**{collection: tuple(rows)})


def _has_any(figures: MonthFigures) -> bool:
    return any(
        value is not None
        for value in (
            figures.planned_applications,
            figures.planned_issuances,
            figures.actual_applications,
            figures.actual_issuances,
        )
    )


def describe_change(old: IssuancePlan, new: IssuancePlan) -> str:
    """The undo text: 「交付円滑化計画の変更（月別の申請・交付ほか1項目）」."""
    labels: list[str] = []
    for f in fields(IssuancePlan):
        if getattr(old, f.name) == getattr(new, f.name):
            continue
        label = PLAN_FIELD_LABELS.get(f.name) or COLLECTION_LABELS.get(f.name) or f.name
        if label not in labels:
            labels.append(label)
    if not labels:
        return "交付円滑化計画の変更"
    more = f"ほか{len(labels) - 1}項目" if len(labels) > 1 else ""
    return f"交付円滑化計画の変更（{labels[0]}{more}）"


def _changes(field: str, value: Any) -> dict[str, Any]:
    """Keyword arguments for ``dataclasses.replace`` of one field named at run time."""
    return {field: value}
