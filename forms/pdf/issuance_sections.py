"""Sections 4–7 of the issuance form (交付体制, 土日開庁・夜間延長, 申請促進, 阻害要因・補助金)
and the small formatting helpers every section of the form shares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from reportlab.platypus import Flowable, Paragraph, Spacer

from forms.pdf.page import PORTRAIT, frame_size
from forms.pdf.styles import styles
from forms.pdf.tables import Cell, Column, data_table, text
from models.calendar import to_wareki
from models.issuance.labels import staff_type_label
from models.issuance.records import (
    MEASURE_KIND_LABELS,
    OBSTACLE_LABELS,
    OPENING_KIND_LABELS,
    PLACE_TYPE_LABELS,
    WINDOW_KIND_LABELS,
    IssuancePlan,
    IssuanceWindow,
)
from models.issuance.system import strengthening
from models.numbers import NOT_AVAILABLE, format_count

YES = "○"
NO = "－"


def heading(number: str, label: str) -> Paragraph:
    return Paragraph(f"{number}．{label}", styles().h1)


def wareki(d: date | None, *, weekday: bool = False) -> str:
    return to_wareki(d, with_weekday=weekday) if d else NOT_AVAILABLE


def hours_text(hours: Decimal) -> str:
    """「7.75時間」, 「4時間」 (no trailing zeros)."""
    return f"{hours.normalize():f}時間"


def period_text(start: date | None, end: date | None) -> str:
    """「令和3年1月4日〜／令和3年3月31日」 (a line break after 〜, as two dates never fit one
    table line), open ends left blank; 「計画期間中」 without dates."""
    if start is None and end is None:
        return "計画期間中"
    if start and end:
        return f"{to_wareki(start)}〜\n{to_wareki(end)}"
    return f"{to_wareki(start) if start else ''}〜{to_wareki(end) if end else ''}"


def page_width() -> float:
    """Width of the text on a portrait page (points)."""
    return frame_size(PORTRAIT)[0]


# --- sections 4–7 ----------------------------------------------------------------------


def system_section(plan: IssuancePlan) -> list[Flowable]:
    columns = [
        Column("項目", 40),
        Column("現状", 22, numeric=True),
        Column("目標", 22, numeric=True),
        Column("増減", 20, numeric=True),
        Column("倍率", 20, numeric=True),
        Column("増強", 16, center=True),
        Column("1.5倍以上", 20, center=True),
    ]
    rows = []
    for figure in strengthening(plan):
        diff = figure.target - figure.baseline
        rows.append(
            [
                figure.label,
                f"{format_count(figure.baseline)}{figure.unit}",
                f"{format_count(figure.target)}{figure.unit}",
                f"{diff:+,}{figure.unit}" if diff else f"±0{figure.unit}",
                f"{figure.ratio}倍" if figure.ratio is not None else NOT_AVAILABLE,
                YES if figure.increased else NO,
                YES if figure.at_least_1_5 else NO,
            ]
        )
    as_of = f"現状：{wareki(plan.base_date)}現在　目標：{wareki(plan.target_date)}まで"
    flowables: list[Flowable] = [
        heading("4", "交付体制（現状 → 目標）"),
        *data_table(
            columns,
            rows,
            as_of_text=as_of,
            notes=[
                "注：○＝該当、－＝該当なし。増強＝目標が現状を上回るもの。1.5倍以上＝目標が現状の1.5倍以上のもの"
                "（現状が0で目標が1以上のものを含む）。倍率は小数点以下第3位を四捨五入。"
                "土日開庁の実施日数は1か月あたり。",
            ],
        ),
    ]
    flowables.append(Paragraph("交付窓口", styles().h2))
    window_columns = [
        Column("区分", 22),
        Column("名称", 46),
        Column("現状", 14, numeric=True, group="統合端末（台）"),
        Column("目標", 14, numeric=True, group="統合端末（台）"),
        Column("現状", 14, numeric=True, group="職員（人）"),
        Column("目標", 14, numeric=True, group="職員（人）"),
        Column("平日開設時間", 22, center=True),
        Column("開設期間", 34),
    ]
    window_rows = [
        [
            WINDOW_KIND_LABELS.get(w.kind, w.kind),
            w.name,
            w.terminals_baseline,
            w.terminals_target,
            w.staff_baseline,
            w.staff_target,
            hours_text(w.weekday_hours),
            period_text(w.open_from, w.open_until),
        ]
        for w in plan.windows
    ]
    flowables += data_table(window_columns, window_rows, unit="台・人")
    flowables.append(Paragraph("職員配置数（種別）", styles().h2))
    staff_columns = [
        Column("種別", 50),
        Column("現状", 25, numeric=True),
        Column("目標", 25, numeric=True),
        Column("増減", 25, numeric=True),
        Column("増強", 20, center=True),
    ]
    staff_rows: list[list[Cell]] = [
        [
            staff_type_label(s.staff_type),
            s.baseline,
            s.target,
            f"{s.target - s.baseline:+,}" if s.target != s.baseline else "±0",
            YES if s.target > s.baseline else NO,
        ]
        for s in plan.staff
    ]
    if plan.staff:
        total_b, total_t = sum(s.baseline for s in plan.staff), sum(s.target for s in plan.staff)
        staff_rows.append(
            [
                "合計",
                total_b,
                total_t,
                f"{total_t - total_b:+,}" if total_t != total_b else "±0",
                YES if total_t > total_b else NO,
            ]
        )
    flowables += data_table(
        staff_columns, staff_rows, unit="人", bold_rows=[len(staff_rows) - 1] if plan.staff else []
    )
    return flowables


def _window_name(windows: Sequence[IssuanceWindow], window_id: int | None) -> str:
    for window in windows:
        if window_id is not None and window.id == window_id:
            return window.name
    main = next((w.name for w in windows if w.kind == "main"), "")
    return main or WINDOW_KIND_LABELS["main"]


def openings_section(plan: IssuancePlan) -> list[Flowable]:
    openings = sorted(plan.openings, key=lambda o: (o.day, o.kind))
    columns = [
        Column("日付", 44),
        Column("区分", 22, center=True),
        Column("時間", 20, numeric=True),
        Column("窓口", 40),
        Column("備考", 54),
    ]
    rows = [
        [
            wareki(o.day, weekday=True),
            OPENING_KIND_LABELS.get(o.kind, o.kind),
            hours_text(o.hours),
            _window_name(plan.windows, o.window_id),
            o.note,
        ]
        for o in openings
    ]
    weekend = sum(1 for o in openings if o.kind == "weekend")
    evening = sum(1 for o in openings if o.kind == "evening")
    total_hours = sum((o.hours for o in openings), Decimal(0))
    notes = (
        [f"計：土日開庁 {weekend}日、夜間延長 {evening}回、延べ {hours_text(total_hours)}"]
        if openings
        else []
    )
    return [heading("5", "土日開庁・夜間延長の予定"), *data_table(columns, rows, notes=notes, unit="時間")]


def promotion_section(plan: IssuancePlan) -> list[Flowable]:
    events = sorted(plan.events, key=lambda e: e.day)
    event_columns = [
        Column("実施日", 40),
        Column("場所の種類", 24, center=True),
        Column("場所", 58),
        Column("想定申請件数", 29, numeric=True),
        Column("申請件数（実績）", 29, numeric=True),
    ]
    event_rows: list[list[Cell]] = [
        [
            wareki(e.day, weekday=True),
            PLACE_TYPE_LABELS.get(e.place_type, e.place_type),
            e.place_name,
            e.expected_applications,
            e.actual_applications,
        ]
        for e in events
    ]
    bold: list[int] = []
    if events:
        actuals = [e.actual_applications for e in events if e.actual_applications is not None]
        event_rows.append(
            [
                "合計",
                f"{len(events)}回",
                "",
                sum(e.expected_applications for e in events),
                sum(actuals) if actuals else None,
            ]
        )
        bold = [len(event_rows) - 1]
    measure_columns = [
        Column("区分", 36),
        Column("内容", 80),
        Column("期間", 44),
        Column("数量", 20, numeric=True),
    ]
    measure_rows = [
        [
            MEASURE_KIND_LABELS.get(m.kind, m.kind),
            m.description,
            period_text(m.start, m.end) if (m.start or m.end) else NOT_AVAILABLE,
            m.quantity,
        ]
        for m in plan.measures
    ]
    return [
        heading("6", "申請促進の取組"),
        Paragraph("出張申請受付", styles().h2),
        *data_table(event_columns, event_rows, unit="件", bold_rows=bold),
        Paragraph("申請サポート・QR付き申請書の送付・独自の特典など", styles().h2),
        *data_table(measure_columns, measure_rows),
    ]


def obstacles_section(plan: IssuancePlan) -> list[Flowable]:
    s = styles()
    marks = "　".join(
        f"{'■' if key in plan.obstacles else '□'} {label}" for key, label in OBSTACLE_LABELS.items()
    )
    flowables: list[Flowable] = [
        heading("7", "体制強化の阻害要因・活用した補助金"),
        Paragraph("阻害要因（■＝該当）", s.h2),
        text(marks, "body"),
    ]
    if plan.obstacle_note:
        flowables.append(text(f"補足：{plan.obstacle_note}", "body"))
    flowables.append(Paragraph("活用した補助金", s.h2))
    if plan.subsidies:
        flowables += [text(f"・{name}", "body") for name in plan.subsidies]
    else:
        flowables.append(text("（なし）", "body"))
    flowables.append(Spacer(1, 4))
    return flowables
