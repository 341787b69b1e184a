"""The rules of a plan (PRODUCT.md §2.3): errors block saving, warnings are shown.

``check_plan(plan, today=...)`` returns every issue found, each with a ``where`` path the
GUI can point at (``months[2021-05].actual_issuances``, ``windows[0].name``, ``period_end``)
and a Japanese message naming the month in 和暦. Rules:

- counts are integers ≥ 0 (and at most 10,000,000) — error;
- the period: both ends, first days of months, end ≥ start, at most 10 years — error;
- cumulative actual issued ≤ 住基人口 — error; cumulative planned issued ≤ 住基人口 —
  warning; cumulative issued > cumulative applications — warning (applications from
  before the period may be missing from ``applied_before``);
- actual figures in a month after today's month (or for an event after today) — error;
- months: no duplicates (error), inside the period (warning: not counted otherwise);
- windows: a name, a known kind, weekday hours 0–24, open_from ≤ open_until — error;
  two windows of the same name — warning;
- openings: a known kind, hours above 0 and within the day, 土日開庁 on a closed day,
  no duplicate of the same day/kind/window, an existing window — error; outside the
  period or the window's open period, 夜間延長 on a closed day — warning;
- milestones: one per date, cumulative not decreasing — error; above 住基人口 or below
  the cards issued before the period — warning;
- staff types, event place types, measure kinds and 阻害要因 are known codes, names and
  descriptions are filled in, subsidies are not duplicated — error.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.calendar import is_business_day, to_wareki
from models.issuance.capacity import main_window
from models.issuance.figures import MAX_PLAN_MONTHS, add_months, first_of_month, month_rows, months_between
from models.issuance.labels import PLAN_FIELD_LABELS, ROW_FIELD_LABELS, month_label
from models.issuance.records import (
    MEASURE_KIND_LABELS,
    OBSTACLE_LABELS,
    OPENING_KIND_LABELS,
    PLACE_TYPE_LABELS,
    STAFF_TYPE_LABELS,
    WINDOW_KIND_LABELS,
    IssuancePlan,
    IssuanceWindow,
)
from models.town import MAX_POPULATION

__all__ = ["ERROR", "MAX_COUNT", "WARNING", "PlanIssue", "check_plan", "errors_of", "has_errors"]

ERROR = "error"
WARNING = "warning"
MAX_COUNT = MAX_POPULATION
MAX_WEEKEND_DAYS = 31
MAX_HOURS = Decimal(24)
_CUMULATIVE_INPUTS = frozenset({"population", "issued_before", "applied_before"})


@dataclass(frozen=True)
class PlanIssue:
    level: str  # ERROR or WARNING
    where: str  # e.g. "months[2021-05].actual_issuances"
    message: str  # Japanese

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


def has_errors(issues: list[PlanIssue]) -> bool:
    return any(issue.level == ERROR for issue in issues)


def errors_of(issues: list[PlanIssue]) -> list[PlanIssue]:
    return [issue for issue in issues if issue.level == ERROR]


class _Checker:
    def __init__(self, plan: IssuancePlan, today: date) -> None:
        self.plan = plan
        self.today = today
        self.issues: list[PlanIssue] = []

    def error(self, where: str, message: str) -> None:
        self.issues.append(PlanIssue(ERROR, where, message))

    def warning(self, where: str, message: str) -> None:
        self.issues.append(PlanIssue(WARNING, where, message))

    def count(self, where: str, name: str, value: object, *, optional: bool = True) -> bool:
        """Error unless ``value`` is an integer 0…MAX_COUNT (or None when optional)."""
        if value is None and optional:
            return True
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.error(where, f"{name}は0以上の整数で入力してください。")
            return False
        if value > MAX_COUNT:
            self.error(where, f"{name}は{MAX_COUNT:,}以下で入力してください。")
            return False
        return True

    def hours(self, where: str, name: str, value: object, *, allow_zero: bool) -> bool:
        if not isinstance(value, Decimal) or not value.is_finite():
            self.error(where, f"{name}を数値で入力してください。")
            return False
        low_ok = value >= 0 if allow_zero else value > 0
        if not low_ok or value > MAX_HOURS:
            bounds = "0〜24時間の範囲" if allow_zero else "0より大きく24時間以内"
            self.error(where, f"{name}は{bounds}で入力してください。")
            return False
        return True


def _window_name(window: IssuanceWindow, index: int) -> str:
    return f"交付窓口「{window.name}」" if window.name.strip() else f"交付窓口（{index + 1}行目）"


def _check_scalars(c: _Checker) -> None:
    plan = c.plan
    if not plan.title.strip():
        c.error("title", "計画の名称を入力してください。")
    for name in ("population", "issued_before", "applied_before"):
        c.count(name, PLAN_FIELD_LABELS[name], getattr(plan, name), optional=name == "population")
    for name in ("weekend_days_baseline", "weekend_days_target"):
        value = getattr(plan, name)
        if c.count(name, PLAN_FIELD_LABELS[name], value, optional=False) and value > MAX_WEEKEND_DAYS:
            c.error(
                name,
                f"{PLAN_FIELD_LABELS[name]}は月あたりの日数（0〜{MAX_WEEKEND_DAYS}）で入力してください。",
            )
    if plan.population is not None and plan.population_as_of is None:
        c.warning("population_as_of", "住民基本台帳人口の基準日を入力してください。")
    if plan.base_date and plan.target_date and plan.target_date < plan.base_date:
        c.error("target_date", "体制整備の目標時期は現状の基準日より後の日付にしてください。")
    if plan.obstacles - OBSTACLE_LABELS.keys():
        c.error("obstacles", "阻害要因に不明な項目があります。")
    if "other" in plan.obstacles and not plan.obstacle_note.strip():
        c.warning("obstacle_note", "阻害要因で「その他」を選んだときは、内容を補足欄に記入してください。")
    seen: set[str] = set()
    for i, name in enumerate(plan.subsidies):
        if not name.strip():
            c.error(f"subsidies[{i}]", "活用した補助金の名称を入力してください。")
        elif name.strip() in seen:
            c.error(f"subsidies[{i}]", f"補助金「{name}」が重複しています。")
        seen.add(name.strip())


def _check_period(c: _Checker) -> bool:
    """True when the period is usable for the monthly checks."""
    start, end = c.plan.period_start, c.plan.period_end
    if start is None and end is None:
        if c.plan.months:
            c.error("period_start", "月別の数値を入力する前に計画期間を入力してください。")
        return False
    if start is None:
        c.error("period_start", "計画期間の開始月を入力してください。")
        return False
    if end is None:
        c.error("period_end", "計画期間の終了月を入力してください。")
        return False
    ok = True
    for name, value in (("period_start", start), ("period_end", end)):
        if value.day != 1:
            c.error(name, f"{PLAN_FIELD_LABELS[name]}は月の初日（1日）で指定してください。")
            ok = False
    if end < start:
        c.error("period_end", "計画期間の終了月は開始月以降にしてください。")
        return False
    if months_between(start, end) + 1 > MAX_PLAN_MONTHS:
        c.error("period_end", f"計画期間は{MAX_PLAN_MONTHS // 12}年以内にしてください。")
        return False
    return ok


def _check_months(c: _Checker, period_ok: bool) -> None:
    plan = c.plan
    this_month = first_of_month(c.today)
    counts = Counter(first_of_month(m.month) for m in plan.months)
    reported: set[date] = set()
    for figures in plan.months:
        month = figures.month
        key = f"months[{month:%Y-%m}]"
        label = month_label(month)
        if month.day != 1:
            c.error(f"{key}.month", f"月別の数値の月（{to_wareki(month)}）は月の初日で指定してください。")
        if counts[first_of_month(month)] > 1 and first_of_month(month) not in reported:
            reported.add(first_of_month(month))
            c.error(f"{key}.month", f"{label}の数値が重複しています。")
        for name, text in ROW_FIELD_LABELS["months"].items():
            c.count(f"{key}.{name}", f"{label}の{text}", getattr(figures, name))
        has_actual = figures.actual_applications is not None or figures.actual_issuances is not None
        if has_actual and first_of_month(month) > this_month:
            where = "actual_issuances" if figures.actual_issuances is not None else "actual_applications"
            c.error(f"{key}.{where}", f"{label}はまだ来ていない月のため、実績は入力できません。")
        if period_ok and plan.period_start and plan.period_end:
            if not plan.period_start <= first_of_month(month) <= plan.period_end:
                has_any = (
                    has_actual
                    or figures.planned_applications is not None
                    or figures.planned_issuances is not None
                )
                if has_any:
                    c.warning(f"{key}.month", f"{label}は計画期間外のため、集計に含まれません。")


def _check_cumulative(c: _Checker) -> None:
    plan = c.plan
    population = plan.population
    if isinstance(population, int) and population >= 0 and plan.issued_before > population:
        c.error("issued_before", "計画期間前の累計交付枚数が住民基本台帳人口を超えています。")
        return
    flagged: set[str] = set()
    for row in month_rows(plan):
        key = f"months[{row.month:%Y-%m}]"
        label = month_label(row.month)
        actual = row.cumulative_actual_issued
        if (
            population is not None
            and actual is not None
            and actual > population
            and "actual_pop" not in flagged
        ):
            flagged.add("actual_pop")
            c.error(
                f"{key}.actual_issuances",
                f"{label}の累計交付枚数（実績 {actual:,}枚）が住民基本台帳人口（{population:,}人）を超えています。",
            )
        planned = row.cumulative_planned_issued
        if population is not None and planned > population and "planned_pop" not in flagged:
            flagged.add("planned_pop")
            c.warning(
                f"{key}.planned_issuances",
                f"{label}の累計交付枚数（計画 {planned:,}枚）が住民基本台帳人口（{population:,}人）を超えています。",
            )
        applied = row.cumulative_actual_applications
        if actual is not None and applied is not None and actual > applied and "actual_apply" not in flagged:
            flagged.add("actual_apply")
            c.warning(
                f"{key}.actual_issuances",
                f"{label}の累計交付枚数（実績 {actual:,}枚）が累計申請件数（{applied:,}件）を上回っています。"
                "計画期間前の累計申請件数を確認してください。",
            )
        if (
            row.planned_issuances is not None
            and planned > row.cumulative_planned_applications
            and "planned_apply" not in flagged
        ):
            flagged.add("planned_apply")
            c.warning(
                f"{key}.planned_issuances",
                f"{label}の累計交付枚数（計画 {planned:,}枚）が累計申請件数（計画 "
                f"{row.cumulative_planned_applications:,}件）を上回っています。計画期間前の累計申請件数を確認してください。",
            )


def _check_windows(c: _Checker) -> None:
    plan = c.plan
    names = Counter(w.name.strip() for w in plan.windows if w.name.strip())
    warned: set[str] = set()
    for i, window in enumerate(plan.windows):
        key = f"windows[{i}]"
        label = _window_name(window, i)
        if not window.name.strip():
            c.error(f"{key}.name", f"{label}の名称を入力してください。")
        elif names[window.name.strip()] > 1 and window.name.strip() not in warned:
            warned.add(window.name.strip())
            c.warning(
                f"{key}.name", f"交付窓口「{window.name}」が複数あります。区別できる名称にしてください。"
            )
        if window.kind not in WINDOW_KIND_LABELS:
            c.error(f"{key}.kind", f"{label}の区分を選んでください。")
        for name in ("terminals_baseline", "terminals_target", "staff_baseline", "staff_target"):
            c.count(
                f"{key}.{name}",
                f"{label}の{ROW_FIELD_LABELS['windows'][name]}",
                getattr(window, name),
                optional=False,
            )
        c.hours(f"{key}.weekday_hours", f"{label}の平日の開設時間", window.weekday_hours, allow_zero=True)
        if window.open_from and window.open_until and window.open_until < window.open_from:
            c.error(f"{key}.open_until", f"{label}の開設期間の終了日は開始日以降にしてください。")
    if not plan.windows and plan.period_start is not None:
        c.warning("windows", "交付窓口が登録されていないため、処理能力を計算できません。")


def _check_staff(c: _Checker) -> None:
    types = Counter(s.staff_type for s in c.plan.staff)
    for i, staff in enumerate(c.plan.staff):
        key = f"staff[{i}]"
        if staff.staff_type not in STAFF_TYPE_LABELS:
            c.error(f"{key}.staff_type", "職員配置数の職員の種類を選んでください。")
            continue
        label = STAFF_TYPE_LABELS[staff.staff_type]
        if types[staff.staff_type] > 1:
            c.error(f"{key}.staff_type", f"職員配置数の「{label}」が重複しています。")
        c.count(f"{key}.baseline", f"職員配置数（{label}）の現状", staff.baseline, optional=False)
        c.count(f"{key}.target", f"職員配置数（{label}）の目標", staff.target, optional=False)


def _check_openings(c: _Checker) -> None:
    plan = c.plan
    by_id = {w.id: w for w in plan.windows if w.id is not None}
    main = main_window(plan)
    seen: set[tuple[date, str, int | None]] = set()
    for i, opening in enumerate(plan.openings):
        key = f"openings[{i}]"
        day_text = to_wareki(opening.day, with_weekday=True)
        kind = OPENING_KIND_LABELS.get(opening.kind)
        if kind is None:
            c.error(f"{key}.kind", f"{day_text}の区分（土日開庁・夜間延長）を選んでください。")
            continue
        label = f"{day_text}の{kind}"
        window = main
        if opening.window_id is not None:
            window = by_id.get(opening.window_id)
            if window is None:
                c.error(f"{key}.window_id", f"{label}の交付窓口が見つかりません。窓口を選び直してください。")
                continue
        if (
            c.hours(f"{key}.hours", f"{label}の時間数", opening.hours, allow_zero=False)
            and window is not None
        ):
            if opening.kind == "evening" and opening.hours + window.weekday_hours > MAX_HOURS:
                c.error(
                    f"{key}.hours", f"{label}の時間数が長すぎます（平日の開設時間と合わせて24時間以内）。"
                )
        business = is_business_day(opening.day)
        if opening.kind == "weekend" and business:
            c.error(
                f"{key}.day", f"{day_text}は開庁日です。土日開庁は土日・祝日・年末年始の日にしてください。"
            )
        if opening.kind == "evening" and not business:
            c.warning(
                f"{key}.day", f"{day_text}は閉庁日です。夜間延長ではなく土日開庁として登録してください。"
            )
        owner_id = window.id if window is not None else None
        identity = (opening.day, opening.kind, owner_id if window is not main else None)
        if identity in seen:
            c.error(f"{key}.day", f"{label}が重複しています。")
        seen.add(identity)
        if (
            plan.period_start
            and plan.period_end
            and not (plan.period_start <= first_of_month(opening.day) <= plan.period_end)
        ):
            c.warning(f"{key}.day", f"{label}は計画期間外のため、処理能力に含まれません。")
        if window is not None and (
            (window.open_from and opening.day < window.open_from)
            or (window.open_until and opening.day > window.open_until)
        ):
            c.warning(f"{key}.day", f"{label}は{_window_name(window, 0)}の開設期間外です。")


def _check_milestones(c: _Checker) -> None:
    plan = c.plan
    dates = Counter(m.as_of for m in plan.milestones)
    indexed = sorted(enumerate(plan.milestones), key=lambda item: item[1].as_of)
    previous = None
    for i, milestone in indexed:
        key = f"milestones[{i}]"
        label = f"{to_wareki(milestone.as_of)}の想定交付枚数"
        if dates[milestone.as_of] > 1:
            c.error(f"{key}.as_of", f"{to_wareki(milestone.as_of)}の想定交付枚数が重複しています。")
        if not c.count(f"{key}.cumulative_issued", label, milestone.cumulative_issued, optional=False):
            continue
        if previous is not None and milestone.cumulative_issued < previous.cumulative_issued:
            c.error(
                f"{key}.cumulative_issued",
                f"{label}（{milestone.cumulative_issued:,}枚）が前の時点"
                f"（{to_wareki(previous.as_of)}：{previous.cumulative_issued:,}枚）より少なくなっています。"
                "累計の枚数を入力してください。",
            )
        if plan.population is not None and milestone.cumulative_issued > plan.population:
            c.warning(f"{key}.cumulative_issued", f"{label}が住民基本台帳人口を超えています。")
        if plan.period_end and milestone.as_of > add_months(plan.period_end, 1):
            c.warning(f"{key}.as_of", f"{label}の時点が計画期間の後です。")
        if milestone.cumulative_issued < plan.issued_before:
            c.warning(f"{key}.cumulative_issued", f"{label}が計画期間前の累計交付枚数を下回っています。")
        previous = milestone


def _check_events(c: _Checker) -> None:
    for i, event in enumerate(c.plan.events):
        key = f"events[{i}]"
        label = f"{to_wareki(event.day)}の出張申請受付"
        if event.place_type not in PLACE_TYPE_LABELS:
            c.error(f"{key}.place_type", f"{label}の場所の種類を選んでください。")
        if not event.place_name.strip():
            c.error(f"{key}.place_name", f"{label}の場所を入力してください。")
        c.count(
            f"{key}.expected_applications",
            f"{label}の想定申請件数",
            event.expected_applications,
            optional=False,
        )
        c.count(f"{key}.actual_applications", f"{label}の申請件数（実績）", event.actual_applications)
        if event.actual_applications is not None and event.day > c.today:
            c.error(
                f"{key}.actual_applications", f"{label}はまだ実施されていないため、実績は入力できません。"
            )


def _check_measures(c: _Checker) -> None:
    for i, measure in enumerate(c.plan.measures):
        key = f"measures[{i}]"
        kind = MEASURE_KIND_LABELS.get(measure.kind)
        label = f"申請促進の取組（{kind or f'{i + 1}行目'}）"
        if kind is None:
            c.error(f"{key}.kind", f"{label}の区分を選んでください。")
        if not measure.description.strip():
            c.error(f"{key}.description", f"{label}の内容を入力してください。")
        if measure.start and measure.end and measure.end < measure.start:
            c.error(f"{key}.end", f"{label}の終了日は開始日以降にしてください。")
        c.count(f"{key}.quantity", f"{label}の数量", measure.quantity)


def check_plan(plan: IssuancePlan, *, today: date) -> list[PlanIssue]:
    """Every issue of ``plan`` (errors first in the order found, then warnings)."""
    c = _Checker(plan, today)
    _check_scalars(c)
    period_ok = _check_period(c)
    _check_months(c, period_ok)
    counts_ok = not any(
        issue.is_error and (issue.where.startswith("months[") or issue.where in _CUMULATIVE_INPUTS)
        for issue in c.issues
    )
    if period_ok and counts_ok:
        _check_cumulative(c)
    _check_windows(c)
    _check_staff(c)
    _check_openings(c)
    _check_milestones(c)
    _check_events(c)
    _check_measures(c)
    return [i for i in c.issues if i.level == ERROR] + [i for i in c.issues if i.level == WARNING]
