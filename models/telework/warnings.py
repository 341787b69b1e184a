"""Warnings and errors of the telework rollout (PRODUCT.md §2.5).

``alerts(plan, today=...)`` lists, errors first then by step and 年度:

- a 本格実施 step (⑥–⑩) started while ⑤検証 is not 完了, or started before the date ⑤ was
  completed — warning ``before_verification`` (the guide's order; never a block);
- a step not 完了 whose planned start (still 未着手) or planned end has passed — warning
  ``planned_past``;
- a 完了 step without an actual end date — warning ``done_without_date``;
- an actual end date before the actual start date — **error** ``end_before_start``;
- staff able to telework more than 一般行政職員, or users more than staff able (or staff
  unsuited more than 一般行政職員) — **error** ``staff_inconsistent``.

A step marked 対象外 has no date warnings; ⑤ marked 対象外 does not hold back ⑥–⑩.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from models.calendar import fiscal_year_label, to_wareki
from models.numbers import format_count
from models.telework.records import PHASE_FULL, VERIFICATION_STEP, StepProgress, TeleworkPlan

__all__ = [
    "CIRCLED",
    "ERROR",
    "KIND_LABELS",
    "WARNING",
    "Alert",
    "alerts",
    "step_label",
]

ERROR: Literal["error"] = "error"
WARNING: Literal["warning"] = "warning"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
KIND_LABELS = {
    "before_verification": "検証前の本格実施",
    "planned_past": "予定日超過",
    "done_without_date": "完了日未入力",
    "end_before_start": "日付の誤り",
    "staff_inconsistent": "職員数の誤り",
}


@dataclass(frozen=True)
class Alert:
    """One alert; ``step_no`` for a step, ``fiscal_year`` for staff figures."""

    level: Literal["error", "warning"]
    kind: str  # key of KIND_LABELS
    message: str  # Japanese
    step_no: int | None = None
    fiscal_year: int | None = None

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


def step_label(plan: TeleworkPlan, step_no: int) -> str:
    """「⑤検証」."""
    mark = CIRCLED[step_no - 1] if 1 <= step_no <= len(CIRCLED) else f"({step_no})"
    name = next((s.name for s in plan.steps if s.no == step_no), "")
    return f"{mark}{name}"


def alerts(plan: TeleworkPlan, *, today: date) -> list[Alert]:
    """Every alert of the plan: errors first, then steps in order, then staff by 年度."""
    found: list[Alert] = []
    verification = plan.progress_of(VERIFICATION_STEP)
    for step in sorted(plan.steps, key=lambda s: s.no):
        progress = plan.progress_of(step.no)
        found.extend(_date_alerts(plan, progress, today))
        if step.phase == PHASE_FULL:
            alert = _order_alert(plan, progress, verification)
            if alert is not None:
                found.append(alert)
    for staff in sorted(plan.staff, key=lambda s: s.fiscal_year):
        fy = fiscal_year_label(staff.fiscal_year)
        general, able, users = staff.general_staff, staff.able_staff, staff.actual_users
        if general is not None and able is not None and able > general:
            found.append(
                Alert(
                    ERROR,
                    "staff_inconsistent",
                    f"{fy}：実施可能な職員数（{format_count(able)}人）が一般行政職員数（{format_count(general)}人）を超えています",
                    fiscal_year=staff.fiscal_year,
                )
            )
        unsuited = staff.unsuitable_staff
        if general is not None and unsuited is not None and unsuited > general:
            found.append(
                Alert(
                    ERROR,
                    "staff_inconsistent",
                    f"{fy}：テレワークになじまない職員数（{format_count(unsuited)}人）が一般行政職員数（{format_count(general)}人）を超えています",
                    fiscal_year=staff.fiscal_year,
                )
            )
        if able is not None and users is not None and users > able:
            found.append(
                Alert(
                    ERROR,
                    "staff_inconsistent",
                    f"{fy}：実施した職員数（{format_count(users)}人）が実施可能な職員数（{format_count(able)}人）を超えています",
                    fiscal_year=staff.fiscal_year,
                )
            )
    return sorted(found, key=lambda a: 0 if a.is_error else 1)


def _date_alerts(plan: TeleworkPlan, p: StepProgress, today: date) -> list[Alert]:
    label = step_label(plan, p.step_no)
    found: list[Alert] = []
    if p.actual_start is not None and p.actual_end is not None and p.actual_end < p.actual_start:
        found.append(
            Alert(
                ERROR,
                "end_before_start",
                f"{label}：実施終了日（{to_wareki(p.actual_end)}）が実施開始日（{to_wareki(p.actual_start)}）より前です",
                p.step_no,
            )
        )
    if p.status == "not_applicable":
        return found
    if p.status == "done":
        if p.actual_end is None:
            found.append(
                Alert(
                    WARNING,
                    "done_without_date",
                    f"{label}：完了していますが、実施終了日が入力されていません",
                    p.step_no,
                )
            )
        return found
    if p.planned_end is not None and p.planned_end < today:
        found.append(
            Alert(
                WARNING,
                "planned_past",
                f"{label}：予定終了日（{to_wareki(p.planned_end)}）を過ぎても完了していません",
                p.step_no,
            )
        )
    elif p.status == "not_started" and p.planned_start is not None and p.planned_start < today:
        found.append(
            Alert(
                WARNING,
                "planned_past",
                f"{label}：予定開始日（{to_wareki(p.planned_start)}）を過ぎても未着手です",
                p.step_no,
            )
        )
    return found


def _order_alert(plan: TeleworkPlan, p: StepProgress, verification: StepProgress) -> Alert | None:
    if p.status == "not_applicable" or not p.started:
        return None
    label = step_label(plan, p.step_no)
    ver_label = step_label(plan, VERIFICATION_STEP)
    if verification.status == "not_applicable":
        return None
    if verification.status != "done":
        message = f"{label}：{ver_label}が完了する前に本格実施の段階に着手しています"
    elif (
        p.actual_start is not None
        and verification.actual_end is not None
        and p.actual_start < verification.actual_end
    ):
        message = (
            f"{label}：{ver_label}の完了（{to_wareki(verification.actual_end)}）より前に"
            f"着手しています（{to_wareki(p.actual_start)}）"
        )
    else:
        return None
    return Alert(WARNING, "before_verification", message, p.step_no)
