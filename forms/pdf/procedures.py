"""「行政手続のオンライン化 取組状況」: the checklist as the town prints it for the 課長 and 議会.

Sections (PRODUCT.md §2.4, §4.1): 1 取組状況の概要 (31手続 and 優先手続: 対象 n件中
オンライン化済, all channels and ぴったりサービス only side by side, and by category), 2 分野別の
オンライン化の状況 (chart), 3 手続ごとの状況 (the checklist by category: 手続名 verbatim, 対象,
状況, 方式, 予定年度, 担当課; an entry's caveat — P31-19's spelling — as a footnote under its
group), 4 要対応の手続 (the alerts on the 作成日). Every figure comes from
``models.procedures`` (summary, alerts, catalogue); this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from forms.pdf.fonts import GOTHIC, MINCHO, register_fonts
from forms.pdf.page import PORTRAIT, FormHeader, frame_size, render
from forms.pdf.plot import GRID, LABEL_SIZE, LegendItem, legend
from forms.pdf.styles import ACTUAL, INK, PLANNED, styles
from forms.pdf.tables import CELL_FONT_SIZE, CELL_PADDING, Cell, Column, data_table, text
from models.calendar import fiscal_year_label, to_wareki
from models.numbers import NOT_AVAILABLE, format_count, format_rate
from models.procedures.alerts import KIND_LABELS, Alert, alerts
from models.procedures.catalogue import default_status, grouped
from models.procedures.records import (
    CHANNEL_LABELS,
    STATUS_LABELS,
    CatalogueEntry,
    Checklist,
    ProcedureStatus,
)
from models.procedures.summary import (
    Coverage,
    coverage_31,
    coverage_by_category,
    coverage_priority,
    is_applicable,
    statuses_by_code,
)
from models.town import TownProfile

TITLE = "行政手続のオンライン化 取組状況"
SOURCE = (
    "総務省「自治体DX推進計画」（令和2年12月25日）、総務省自治行政局「自治体の情報システム及び"
    "自治体の情報システムの標準化について」（令和3年7月19日）等（手続の名称は資料の表記のまま）"
)
#: 方式 as printed in the narrow table column (the full label is in the note under it)
CHANNEL_SHORT = {**CHANNEL_LABELS, "pittari": "ぴったりサービス", "none": NOT_AVAILABLE}
ALERT_MARK = "▲"
COVERAGE_NOTE = (
    "注：オンライン化済は、ぴったりサービス（マイナポータル）・汎用電子申請・独自システムのいずれかで"
    "オンライン化した手続（全方式）。国の自治体DX推進状況ダッシュボードはぴったりサービスによるものだけを"
    "数えるため、両方を併記しています。割合は対象の手続数に対する割合（小数点以下第2位を四捨五入）。"
    "対象のない区分は「－」。"
)
ALL_COLOUR = ACTUAL
PITTARI_COLOUR = PLANNED


@dataclass(frozen=True)
class ProceduresForm:
    """Everything the form prints; ``created`` (作成日) is also the "today" of the alerts."""

    checklist: Checklist
    town: TownProfile
    form_label: str  # 様式番号 (DomainSettings.form_label_procedures)
    created: date
    show_seireki: bool = False

    @property
    def header(self) -> FormHeader:
        return FormHeader(
            form_label=self.form_label,
            title=TITLE,
            town_name=self.town.name,
            lg_code=self.town.lg_code,
            created=self.created,
            show_seireki=self.show_seireki,
        )


def render_procedures(form: ProceduresForm) -> bytes:
    """The PDF bytes of the form (deterministic for the same input and 作成日)."""
    return render(form.header, build_story(form))


def build_story(form: ProceduresForm) -> list[Flowable]:
    found = alerts(form.checklist, today=form.created)
    story: list[Flowable] = [*_title(form)]
    story += _summary(form)
    story += _chart_section(form)
    story += _checklist_section(form, {a.code for a in found if a.code})
    story += _alerts_section(form, found)
    return story


def heading(number: str, title: str) -> Paragraph:
    return Paragraph(f"{number}．{title}", styles().h1)


def page_width() -> float:
    return float(frame_size(PORTRAIT)[0])


def fy_text(fy: int | None, *, with_seireki: bool = False) -> str:
    return fiscal_year_label(fy, with_seireki=with_seireki) if fy is not None else NOT_AVAILABLE


def _title(form: ProceduresForm) -> list[Flowable]:
    s = styles()
    version = form.checklist.list_version or "未設定"
    return [
        Paragraph(TITLE, s.title),
        text(
            f"{to_wareki(form.created, with_seireki=form.show_seireki)}現在　手続一覧の版：{version}",
            "subtitle",
        ),
    ]


# -- 1 概要 ------------------------------------------------------------------------------
def coverage_sentence(coverage: Coverage, label: str = "") -> str:
    """「31手続：対象27件中 オンライン化済14件（51.9%）／うちぴったりサービス9件（33.3%）」"""
    return (
        f"{label or coverage.label}：対象{format_count(coverage.applicable)}件中 "
        f"オンライン化済{format_count(coverage.online_all)}件（{format_rate(coverage.rate_all)}）"
        f"／うちぴったりサービス{format_count(coverage.online_pittari)}件（{format_rate(coverage.rate_pittari)}）"
    )


def _summary(form: ProceduresForm) -> list[Flowable]:
    checklist = form.checklist
    lists = [coverage_31(checklist), coverage_priority(checklist)]
    groups = coverage_by_category(checklist)
    columns = [
        Column("区分", 76),
        Column("対象（件）", 20, numeric=True),
        Column("件数", 18, numeric=True, group="オンライン化済（全方式）"),
        Column("割合", 20, numeric=True, group="オンライン化済（全方式）"),
        Column("件数", 18, numeric=True, group="うちぴったりサービス"),
        Column("割合", 20, numeric=True, group="うちぴったりサービス"),
    ]
    labels = ["31手続（特に国民の利便性向上に資する手続）", lists[1].label] + [c.label for c in groups]
    rows: list[list[Cell]] = [
        [
            label,
            coverage.applicable,
            coverage.online_all,
            format_rate(coverage.rate_all),
            coverage.online_pittari,
            format_rate(coverage.rate_pittari),
        ]
        for label, coverage in zip(labels, [*lists, *groups], strict=True)
    ]
    sentences = [Paragraph(coverage_sentence(c), styles().h2) for c in lists]
    return [
        heading("1", "取組状況の概要"),
        *sentences,
        Spacer(1, 3),
        *data_table(
            columns,
            rows,
            unit="件",
            as_of_text=f"基準日：{to_wareki(form.created)}現在",
            source=SOURCE,
            notes=[
                COVERAGE_NOTE,
                "注：3行目以降は分野別の状況（本町独自の手続を含む。廃止した手続は数えない）。",
            ],
            bold_rows=[0, 1],
            rule_rows=[2] if groups else [],
            zebra=False,
        ),
    ]


# -- 2 chart -----------------------------------------------------------------------------
def _chart_section(form: ProceduresForm) -> list[Flowable]:
    items = [(c.label, c.rate_all, c.rate_pittari) for c in coverage_by_category(form.checklist)]
    return [
        heading("2", "分野別のオンライン化の状況"),
        coverage_chart(items, width=page_width()),
        Paragraph("注：対象の手続のない区分（都道府県の手続など）は「対象外」と表示。", styles().source),
        Spacer(1, 4),
    ]


def coverage_chart(items: Sequence[tuple[str, Decimal | None, Decimal | None]], *, width: float) -> Drawing:
    """Horizontal bars per group: オンライン化済（全方式） and うちぴったりサービス, in %,
    each bar with its value; a group without applicable procedures says 「対象外」."""
    register_fonts()
    row = 27.0
    top_room = 18.0  # the legend
    axis_room = 14.0
    height = top_room + row * max(len(items), 1) + axis_room
    drawing = Drawing(width, height, initialFontName=MINCHO, initialFontSize=LABEL_SIZE)
    legend(
        drawing,
        [
            LegendItem("オンライン化済（全方式）", ALL_COLOUR, "bar"),
            LegendItem("うちぴったりサービス", PITTARI_COLOUR, "bar"),
        ],
        0,
        height - 9,
        width,
    )
    label_size = 8.0
    label_width = min(
        max((stringWidth(label, MINCHO, label_size) for label, _, _ in items), default=0) + 8, width * 0.4
    )
    x0 = label_width
    bar_area = width - label_width - 36
    y_axis = axis_room
    plot_top = height - top_room
    for tick in range(0, 101, 20):
        x = x0 + bar_area * tick / 100
        drawing.add(Line(x, y_axis, x, plot_top, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(
            String(x, y_axis - 9, f"{tick}%", fontName=MINCHO, fontSize=LABEL_SIZE, textAnchor="middle")
        )
    bar_h = 9.0
    for index, (label, rate_all, rate_pittari) in enumerate(items):
        top = plot_top - index * row
        centre = top - row / 2
        lines = _label_lines(label, label_width - 8, label_size)
        leading = label_size + 1.5
        first = centre - label_size / 3 + leading * (len(lines) - 1) / 2  # baseline of line 1
        for n, line in enumerate(lines):
            drawing.add(
                String(
                    x0 - 4, first - n * leading, line, fontName=MINCHO, fontSize=label_size, textAnchor="end"
                )
            )
        if rate_all is None:
            drawing.add(String(x0 + 4, centre - 3, "対象外", fontName=MINCHO, fontSize=7.5))
            continue
        series: tuple[tuple[Decimal | None, colors.Color], ...] = (
            (rate_all, ALL_COLOUR),
            (rate_pittari, PITTARI_COLOUR),
        )
        for which, (value, colour) in enumerate(series):
            y = centre + (0.5 if which == 0 else -bar_h - 0.5)
            length = bar_area * float(value or 0) / 100
            if length > 0:
                drawing.add(Rect(x0, y, length, bar_h, fillColor=colour, strokeColor=None))
            drawing.add(
                String(
                    x0 + length + 3,
                    y + 2,
                    format_rate(value),
                    fontName=GOTHIC if which == 0 else MINCHO,
                    fontSize=7,
                    fillColor=INK,
                )
            )
    drawing.add(Line(x0, y_axis, x0, plot_top, strokeColor=INK, strokeWidth=0.6))
    drawing.add(Line(x0, y_axis, x0 + bar_area, y_axis, strokeColor=INK, strokeWidth=0.6))
    return drawing


def _label_lines(label: str, width: float, size: float) -> list[str]:
    """``label`` broken into lines no wider than ``width`` (at most two; CJK: any character)."""
    if stringWidth(label, MINCHO, size) <= width:
        return [label]
    lines, current = [], ""
    for ch in label:
        if current and stringWidth(current + ch, MINCHO, size) > width:
            lines.append(current)
            current = ""
        current += ch
    lines.append(current)
    return lines


# -- 3 checklist -------------------------------------------------------------------------
CHECKLIST_COLUMNS = (
    Column("コード", 15),
    Column("手続名", 56),
    Column("対象", 12, center=True),
    Column("状況", 24, center=True),
    Column("方式", 28),
    Column("予定年度", 19, center=True),
    Column("担当課", 26),
)


class Footnotes:
    """「※n」 marks numbered across the form; each distinct text gets one number, and its
    line goes under every table that uses it."""

    def __init__(self) -> None:
        self.marks: dict[str, str] = {}

    def mark(self, note: str, lines: list[str]) -> str:
        mark = self.marks.setdefault(note, f"※{len(self.marks) + 1}")
        line = f"{mark}　{note}"
        if line not in lines:
            lines.append(line)
        return mark


def _checklist_section(form: ProceduresForm, alerted: set[str]) -> list[Flowable]:
    """One table per group (headed 「（1）子育て関係（15手続）」). An entry's caveat (P31-19's
    spelling) and a 対象外 reason too long for the 状況 column are footnotes 「※n」 under
    the group's table."""
    checklist = form.checklist
    statuses = statuses_by_code(checklist)
    story: list[Flowable] = [heading("3", "手続ごとの状況")]
    footnotes = Footnotes()
    groups = grouped(checklist.catalogue, include_retired=False)
    if not groups:
        story += data_table(CHECKLIST_COLUMNS, [])
    for number, (group, entries) in enumerate(groups, start=1):
        rows: list[list[Cell]] = []
        highlight: list[int] = []
        notes: list[str] = []
        for entry in entries:
            name_mark = footnotes.mark(entry.note, notes) if entry.note else ""
            status = statuses.get(entry.code) or default_status(entry)
            reason = status.not_applicable_reason
            reason_mark = ""
            if not is_applicable(status) and reason and not _fits_status_column(reason):
                reason_mark = footnotes.mark(f"対象外の理由：{reason}", notes)
            if entry.code in alerted:
                highlight.append(len(rows))
            rows.append(
                _status_row(entry, status, name_mark, reason_mark, entry.code in alerted, form.show_seireki)
            )
        story.append(Paragraph(f"（{number}）{group}（{len(entries)}手続）", styles().h2))
        story += data_table(CHECKLIST_COLUMNS, rows, notes=notes, highlight_rows=highlight)
    story.append(
        Paragraph(
            f"注：{ALERT_MARK}＝要対応の手続（網掛け、4．を参照）。方式の「ぴったりサービス」は"
            f"{CHANNEL_LABELS['pittari']}。予定年度はオンライン化を予定している年度。"
            "手続名は国の資料の表記のまま（※は注記）。",
            styles().source,
        )
    )
    return story


def _fits_status_column(value: str) -> bool:
    width = CHECKLIST_COLUMNS[3].width * mm - 2 * CELL_PADDING - 2
    return bool(stringWidth(value, MINCHO, CELL_FONT_SIZE) <= width)


def _status_row(
    entry: CatalogueEntry,
    status: ProcedureStatus,
    name_mark: str,
    reason_mark: str,
    alerted: bool,
    seireki: bool,
) -> list[Cell]:
    applicable = is_applicable(status)
    if applicable:
        state = STATUS_LABELS.get(status.status, status.status)
        channel = CHANNEL_SHORT.get(status.channel, status.channel)
        planned = fy_text(status.planned_fy, with_seireki=seireki)
    else:
        reason = status.not_applicable_reason
        state = reason if reason and not reason_mark else STATUS_LABELS["not_applicable"] + reason_mark
        channel = planned = NOT_AVAILABLE
    if alerted:
        state = f"{ALERT_MARK}{state}"
    return [
        entry.code,
        entry.name + name_mark,
        "対象" if applicable else "対象外",
        state,
        channel,
        planned,
        status.owner_dept or NOT_AVAILABLE,
    ]


# -- 4 alerts ----------------------------------------------------------------------------
def _alerts_section(form: ProceduresForm, found: Sequence[Alert]) -> list[Flowable]:
    """The alerts grouped by kind (errors first): 「（1）目標期限超過（注意・13件）」, the
    kind's message once when every alert of the kind says the same, then the procedures
    with their 状況, 予定年度 and 担当課 (who has to act)."""
    story: list[Flowable] = [heading("4", "要対応の手続")]
    if not found:
        story.append(text(f"{to_wareki(form.created)}現在、要対応の手続はありません。", "body"))
        return story
    statuses = statuses_by_code(form.checklist)
    entries = {entry.code: entry for entry in form.checklist.catalogue}
    kinds: dict[str, list[Alert]] = {}
    for alert in found:
        kinds.setdefault(alert.kind, []).append(alert)
    story.append(text(f"基準日：{to_wareki(form.created)}現在", "caption_left"))
    for number, (kind, items) in enumerate(kinds.items(), start=1):
        level = "誤り" if items[0].is_error else "注意"
        label = KIND_LABELS.get(kind, kind)
        messages = {alert.message for alert in items}
        same = len(messages) == 1
        story.append(Paragraph(f"（{number}）{label}（{level}・{len(items)}件）", styles().h2))
        if same:
            story.append(text(next(iter(messages)) + "。", "note"))
        columns = [
            Column("コード", 15),
            Column("手続名", 85 if same else 50),
            Column("状況", 24, center=True),
            Column("予定年度", 22 if same else 19, center=True),
            Column("担当課", 34 if same else 24),
        ]
        if not same:
            columns.append(Column("説明", 48))
        rows: list[list[Cell]] = []
        for alert in items:
            entry = entries.get(alert.code)
            status = statuses.get(alert.code) or (default_status(entry) if entry else None)
            state = STATUS_LABELS.get(status.status, status.status) if status else NOT_AVAILABLE
            row: list[Cell] = [alert.code, alert.name or alert.code, state]
            owner = (status.owner_dept if status else "") or NOT_AVAILABLE
            planned = status.planned_fy if status else None
            row += [fy_text(planned, with_seireki=form.show_seireki), owner]
            if not same:
                row.append(alert.message)
            rows.append(row)
        story += data_table(columns, rows)
    story.append(
        Paragraph(
            "注：31手続は令和4年度末（令和5年3月31日）までのオンライン化が国の目標。"
            "「誤り」は件数の入力誤り（うちオンライン件数が手続総件数を超える）で、直すまで集計に使えません。",
            styles().source,
        )
    )
    return story
