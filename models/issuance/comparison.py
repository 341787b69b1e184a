"""新旧対照 of two plans (two frozen versions, or a version and the working plan): the key
figures of each as display text, side by side.

The figures come from :mod:`models.issuance.figures` and :mod:`models.issuance.system`;
rows present in only one plan (a milestone or a window added later) show 「－」 on the other
side. Rows keep the order of the old plan, then the new one's additions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.calendar import to_wareki
from models.issuance.figures import latest_actual, milestone_rows, month_rows
from models.issuance.labels import PLAN_FIELD_LABELS, month_label
from models.issuance.records import (
    MEASURE_KIND_LABELS,
    OBSTACLE_LABELS,
    OPENING_KIND_LABELS,
    WINDOW_KIND_LABELS,
    IssuancePlan,
)
from models.issuance.system import strengthening
from models.numbers import NOT_AVAILABLE, format_count, format_rate

__all__ = ["ComparisonRow", "compare_plans", "key_figures"]


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _date(d: date | None) -> str:
    return to_wareki(d) if d else ""


def _count(n: int | None, unit: str) -> str:
    return "" if n is None else f"{format_count(n)}{unit}"


def key_figures(plan: IssuancePlan) -> list[tuple[str, str]]:
    """(項目, value) pairs describing ``plan`` as a reader of the submitted form sees it."""
    rows: list[tuple[str, str]] = [
        (PLAN_FIELD_LABELS["title"], plan.title),
        (
            "計画期間",
            f"{month_label(plan.period_start)}〜{month_label(plan.period_end)}"
            if plan.period_start and plan.period_end
            else "",
        ),
        (PLAN_FIELD_LABELS["base_date"], _date(plan.base_date)),
        (PLAN_FIELD_LABELS["target_date"], _date(plan.target_date)),
        (
            "住民基本台帳人口",
            _count(plan.population, "人")
            + (f"（{_date(plan.population_as_of)}現在）" if plan.population_as_of else ""),
        ),
        (PLAN_FIELD_LABELS["issued_before"], _count(plan.issued_before, "枚")),
        (PLAN_FIELD_LABELS["applied_before"], _count(plan.applied_before, "件")),
    ]
    for milestone in milestone_rows(plan):
        rows.append(
            (
                f"想定交付枚数（{to_wareki(milestone.as_of)}）",
                f"{format_count(milestone.cumulative_issued)}枚（{format_rate(milestone.rate)}）",
            )
        )
    months = month_rows(plan)
    planned_total = sum(row.planned_issuances or 0 for row in months)
    actual_total = sum(row.actual_issuances or 0 for row in months)
    rows.append(("計画期間の交付枚数（計画・合計）", f"{format_count(planned_total)}枚"))
    rows.append(("計画期間の交付枚数（実績・合計）", f"{format_count(actual_total)}枚"))
    latest = latest_actual(plan)
    rows.append(
        (
            "最新の累計交付率（実績）",
            f"{format_rate(latest.actual_rate)}（{month_label(latest.month)}末・{format_count(latest.cumulative_actual_issued)}枚）"
            if latest is not None
            else "",
        )
    )
    for figure in strengthening(plan):
        flags = "・".join(
            flag for flag, on in (("増強", figure.increased), ("1.5倍以上", figure.at_least_1_5)) if on
        )
        rows.append(
            (
                f"{figure.label}（現状→目標）",
                f"{format_count(figure.baseline)}{figure.unit} → {format_count(figure.target)}{figure.unit}"
                + (f"（{flags}）" if flags else ""),
            )
        )
    for window in plan.windows:
        period = (
            f"・{_date(window.open_from)}〜{_date(window.open_until)}"
            if window.open_from or window.open_until
            else ""
        )
        rows.append(
            (
                f"交付窓口「{window.name}」",
                f"{WINDOW_KIND_LABELS.get(window.kind, window.kind)}・統合端末 {window.terminals_baseline}→"
                f"{window.terminals_target}台・職員 {window.staff_baseline}→{window.staff_target}人・"
                f"平日{window.weekday_hours.normalize():f}時間{period}",
            )
        )
    for kind, label in OPENING_KIND_LABELS.items():
        chosen = [o for o in plan.openings if o.kind == kind]
        hours = sum((o.hours for o in chosen), Decimal(0))
        rows.append(
            (f"{label}の日数", f"{len(chosen)}日（計{hours.normalize():f}時間）" if chosen else "0日")
        )
    expected = sum(e.expected_applications for e in plan.events)
    rows.append(("出張申請受付", f"{len(plan.events)}回（想定申請 {format_count(expected)}件）"))
    for kind, label in MEASURE_KIND_LABELS.items():
        count = sum(1 for m in plan.measures if m.kind == kind)
        if count:
            rows.append((f"申請促進の取組（{label}）", f"{count}件"))
    rows.append(
        ("阻害要因", "、".join(label for key, label in OBSTACLE_LABELS.items() if key in plan.obstacles))
    )
    rows.append((PLAN_FIELD_LABELS["obstacle_note"], plan.obstacle_note))
    rows.append(("活用した補助金", "、".join(plan.subsidies)))
    return rows


def compare_plans(old: IssuancePlan, new: IssuancePlan) -> list[ComparisonRow]:
    """The key figures of both plans, row by row (「－」 where a plan has no such row)."""
    old_rows = dict(key_figures(old))
    new_rows = dict(key_figures(new))
    labels = list(old_rows) + [label for label in new_rows if label not in old_rows]
    return [
        ComparisonRow(label, old_rows.get(label, NOT_AVAILABLE), new_rows.get(label, NOT_AVAILABLE))
        for label in labels
    ]
