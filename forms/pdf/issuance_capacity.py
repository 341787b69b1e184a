"""Section 8 of the issuance form: 交付能力の検証 (capacity check), from
``models.issuance.capacity.capacity_report`` — the monthly table with the shortfall months
marked 「▲不足」, the way to the target, and the chart."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from forms.pdf.charts import capacity_chart
from forms.pdf.page import PORTRAIT, frame_size
from forms.pdf.styles import styles
from forms.pdf.tables import Cell, Column, data_table, key_value_table, oriented
from models.calendar import to_wareki
from models.issuance.capacity import CapacityReport, capacity_report
from models.issuance.figures import first_of_month
from models.issuance.labels import month_label
from models.issuance.records import CapacitySettings, IssuancePlan
from models.numbers import NOT_AVAILABLE, format_count

SHORT = "▲不足"
OK = "○"
CHART_HEIGHT = 72 * mm


def decimal_text(value: Decimal | None, unit: str = "") -> str:
    """「16.3枚」 (one decimal, thousands separators); None → 「－」."""
    if value is None:
        return NOT_AVAILABLE
    return f"{value:,.1f}{unit}"


def setting_text(value: Decimal) -> str:
    """A setting as typed: 15 → 「15」, 0.8 → 「0.8」, 3.5 → 「3.5」."""
    normal = value.normalize()
    return f"{normal:f}"


def capacity_section(
    plan: IssuancePlan, settings: CapacitySettings, today: date, heading: Flowable
) -> list[Flowable]:
    report = capacity_report(plan, settings, today=today)
    columns = [
        Column("年月", 24),
        Column("開庁日数", 16, numeric=True),
        Column("土日開庁", 16, numeric=True),
        Column("夜間延長", 16, numeric=True),
        Column("処理能力", 19, numeric=True),
        Column("計画交付枚数", 21, numeric=True),
        Column("不足", 16, numeric=True),
        Column("解消に必要な土日開庁の追加日数", 30, numeric=True),
        Column("判定", 22, center=True),
    ]
    rows: list[list[Cell]] = []
    over: list[int] = []
    unclosable = False
    for index, m in enumerate(report.months):
        if m.over:
            over.append(index)
        extra = f"{m.extra_weekend_days}日" if m.shortfall else NOT_AVAILABLE
        if m.shortfall and not m.closable_by_weekends:
            extra += "※"
            unclosable = True
        rows.append(
            [
                month_label(m.month),
                f"{m.business_days}日",
                f"{m.weekend_openings}日",
                f"{m.evening_openings}回",
                m.capacity,
                m.planned_issuances,
                m.shortfall or NOT_AVAILABLE,
                extra,
                SHORT if m.over else OK,
            ]
        )
    notes = [
        f"算定条件：処理能力＝Σ窓口（統合端末数（目標）×開庁時間×60÷交付1件あたり"
        f"{setting_text(settings.minutes_per_issuance)}分×稼働率{setting_text(settings.utilisation)}）、"
        f"1枚未満切り捨て。開庁時間は平日（国民の祝日・年末年始12/29〜1/3を除く）の開設時間と、"
        f"予定した土日開庁・夜間延長の時間。土日開庁の追加1日は本庁で{setting_text(settings.weekend_hours)}時間"
        f"（{decimal_text(report.weekend_day_capacity, '枚')}）として計算。",
        f"判定：{SHORT}＝計画交付枚数が処理能力を上回る月（網掛け）、{OK}＝処理能力の範囲内。",
    ]
    if unclosable:
        notes.append("※その月の土日・祝日の空きだけでは不足を解消できない（窓口・端末の増設が必要）。")
    flowables: list[Flowable] = [
        heading,
        *data_table(
            columns, rows, unit="枚", notes=notes, highlight_rows=over, empty_text="（計画期間が未設定です）"
        ),
        Paragraph("目標の達成に向けて", styles().h2),
        key_value_table(_target_pairs(report, today), label_width=66, width=frame_size(PORTRAIT)[0]),
        Spacer(1, 6),
    ]
    if report.months:
        flowables.append(_chart(report, today))
    return oriented(columns, flowables)


def _target_pairs(report: CapacityReport, today: date) -> list[tuple[str, Cell]]:
    target = (
        f"{format_count(report.target)}枚（{to_wareki(report.target_date)}までの想定交付枚数）"
        if report.target is not None and report.target_date is not None
        else "想定交付枚数が未登録のため算定できません"
    )
    required = NOT_AVAILABLE
    if report.required_per_business_day is not None:
        required = decimal_text(report.required_per_business_day, "枚")
        if report.remaining_business_days is not None and report.remaining_to_target is not None:
            required += (
                f"（残り{format_count(report.remaining_to_target)}枚を"
                f"{month_label(first_of_month(today))}からの開庁日{format_count(report.remaining_business_days)}日で）"
            )
    pace = (
        f"{decimal_text(report.pace_per_month, '枚')}／月（直近の実績3か月の平均）"
        if report.pace_per_month is not None
        else "交付の実績が未入力のため算定できません"
    )
    if report.reached_month is not None:
        reached = f"{month_label(report.reached_month)}"
        if report.target_date is not None and report.reached_month > report.target_date:
            reached += "（目標時期に間に合わない見込み）"
    elif report.pace_per_month is not None and report.target is not None:
        reached = "現在のペースでは見込めません"
    else:
        reached = NOT_AVAILABLE
    shortfall = report.shortfall_months
    months = "、".join(month_label(m.month) for m in shortfall[:6]) + ("ほか" if len(shortfall) > 6 else "")
    short_text = f"{len(shortfall)}か月（{months}）" if shortfall else "なし"
    return [
        ("目標", target),
        ("目標達成に必要な1開庁日あたりの交付枚数", required),
        ("現在のペース", pace),
        ("現在のペースでの目標達成見込み", reached),
        ("処理能力が不足する月", short_text),
    ]


def _chart(report: CapacityReport, today: date) -> Flowable:
    months = [m.month for m in report.months]
    required: list[int | None] = []
    start = first_of_month(today)
    for m in report.months:
        inside = report.target_date is not None and start <= m.month <= report.target_date
        if inside and report.required_per_business_day is not None:
            per_month = report.required_per_business_day * m.business_days
            required.append(int(per_month.to_integral_value(rounding=ROUND_HALF_UP)))
        else:
            required.append(None)
    marker = None
    if report.reached_month is not None and report.reached_month in months:
        marker = (months.index(report.reached_month), "目標達成見込み（現在のペース）")
    return capacity_chart(
        months,
        [m.capacity for m in report.months],
        [m.planned_issuances for m in report.months],
        required=required,
        shortfall=[m.over for m in report.months],
        marker=marker,
        width=frame_size(PORTRAIT)[0],
        height=CHART_HEIGHT,
    )
