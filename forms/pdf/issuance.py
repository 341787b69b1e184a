"""「マイナンバーカード交付円滑化計画」: the form as the town submits and prints it.

Sections (PRODUCT.md §2.3, §4.1): 1 団体情報, 2 想定交付枚数, 3 月別の申請・交付 (chart and
table), 4 交付体制 (現状 → 目標), 5 土日開庁・夜間延長, 6 申請促進, 7 阻害要因・補助金,
8 交付能力の検証 (table and chart), 9 交付率の比較. Every figure comes from
``models.issuance`` (figures, system, capacity); this module only lays them out.

A table wider than a portrait page is printed on landscape pages (the page template
switches back to portrait after it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from forms.pdf.charts import comparison_chart, issuance_chart
from forms.pdf.issuance_capacity import capacity_section
from forms.pdf.issuance_sections import (
    heading,
    obstacles_section,
    openings_section,
    page_width,
    promotion_section,
    system_section,
    wareki,
)
from forms.pdf.page import LANDSCAPE, PORTRAIT, FormHeader, frame_size, render
from forms.pdf.reference import prefecture_name, sources
from forms.pdf.styles import styles
from forms.pdf.tables import Cell, Column, data_table, fits_portrait, key_value_table, oriented, text
from models.calendar import to_wareki
from models.issuance.capacity import month_end
from models.issuance.figures import MonthRow, milestone_rows, month_rows
from models.issuance.labels import month_label
from models.issuance.records import CapacitySettings, IssuancePlan, ReferenceRate
from models.numbers import NOT_AVAILABLE, format_count, format_points, format_rate, point_change
from models.town import TownProfile

TITLE = "マイナンバーカード交付円滑化計画"
CHART_HEIGHT = 78 * mm


@dataclass(frozen=True)
class IssuanceForm:
    """Everything the form prints. For a frozen version, ``plan`` is the snapshot and
    ``town`` carries the name and code frozen with it."""

    plan: IssuancePlan
    town: TownProfile
    form_label: str  # 様式番号 (DomainSettings.form_label_issuance)
    created: date  # 作成日 (also "today" for the capacity check)
    capacity: CapacitySettings
    references: tuple[ReferenceRate, ...] = ()
    show_seireki: bool = False
    version_label: str = ""  # 「第2版（改訂）…」; "" = the working plan

    @property
    def header(self) -> FormHeader:
        return FormHeader(
            form_label=self.form_label,
            title=self.plan.title or TITLE,
            town_name=self.town.name,
            lg_code=self.town.lg_code,
            created=self.created,
            show_seireki=self.show_seireki,
        )


def render_issuance(form: IssuanceForm) -> bytes:
    """The PDF bytes of the form (deterministic for the same input and 作成日)."""
    return render(form.header, build_story(form))


def build_story(form: IssuanceForm) -> list[Flowable]:
    rows = month_rows(form.plan)
    story: list[Flowable] = [*_title(form)]
    story += _town(form)
    story += _milestones(form)
    story += _months(form, rows)
    story += system_section(form.plan)
    story += openings_section(form.plan)
    story += promotion_section(form.plan)
    story += obstacles_section(form.plan)
    story += capacity_section(form.plan, form.capacity, form.created, heading("8", "交付能力の検証"))
    story += _comparison(form, rows)
    if form.plan.note:
        story += [Paragraph("備考", styles().h2), text(form.plan.note, "body")]
    return story


# --- helpers ---------------------------------------------------------------------------


# --- sections --------------------------------------------------------------------------


def _title(form: IssuanceForm) -> list[Flowable]:
    s = styles()
    plan = form.plan
    period = (
        f"計画期間：{month_label(plan.period_start)}〜{month_label(plan.period_end)}"
        if plan.period_start and plan.period_end
        else "計画期間：未設定"
    )
    version = form.version_label or "作業中の計画（未提出）"
    return [
        Paragraph(plan.title or TITLE, s.title),
        text(f"{period}　　版：{version}", "subtitle"),
    ]


def _town(form: IssuanceForm) -> list[Flowable]:
    town, plan = form.town, form.plan
    population = plan.population if plan.population is not None else town.population
    as_of = plan.population_as_of if plan.population is not None else town.population_as_of
    population_text = (
        f"{format_count(population)}人（{wareki(as_of)}現在）" if population is not None else NOT_AVAILABLE
    )
    contact = "　".join(x for x in (town.contact_phone, town.contact_email) if x) or NOT_AVAILABLE
    pairs = [
        ("団体名", town.name or NOT_AVAILABLE),
        ("団体コード", town.lg_code or NOT_AVAILABLE),
        ("都道府県", prefecture_name(town.lg_code) or NOT_AVAILABLE),
        ("住民基本台帳人口", population_text),
        ("担当課", town.contact_dept or NOT_AVAILABLE),
        ("担当者", town.contact_person or NOT_AVAILABLE),
        ("連絡先", contact),
        ("現状の基準日", wareki(plan.base_date)),
        ("体制整備の目標時期", wareki(plan.target_date)),
    ]
    return [heading("1", "団体情報"), key_value_table(pairs, width=page_width()), Spacer(1, 4)]


def _milestones(form: IssuanceForm) -> list[Flowable]:
    plan = form.plan
    columns = [
        Column("時点", 42),
        Column("想定交付枚数（累計）", 36, numeric=True),
        Column("人口に対する割合", 30, numeric=True),
        Column("実績（累計）", 36, numeric=True),
        Column("実績の割合", 30, numeric=True),
    ]
    rows = [
        [
            wareki(m.as_of),
            m.cumulative_issued,
            format_rate(m.rate),
            m.actual_cumulative,
            format_rate(m.actual_rate),
        ]
        for m in milestone_rows(plan)
    ]
    notes = []
    if plan.population:
        notes.append(
            f"注：割合は住民基本台帳人口（{format_count(plan.population)}人）に対する割合（小数点以下第2位を四捨五入）。"
        )
    return [
        heading("2", "想定交付枚数"),
        *data_table(
            columns,
            rows,
            unit="枚",
            as_of_text=f"人口の基準日：{wareki(plan.population_as_of)}現在" if plan.population_as_of else "",
            notes=notes,
        ),
    ]


def _months(form: IssuanceForm, rows: Sequence[MonthRow]) -> list[Flowable]:
    plan = form.plan
    columns = [
        Column("年月", 22),
        Column("計画", 16, numeric=True, group="申請件数"),
        Column("実績", 16, numeric=True, group="申請件数"),
        Column("累計（実績）", 21, numeric=True, group="申請件数"),
        Column("計画", 16, numeric=True, group="交付枚数"),
        Column("実績", 16, numeric=True, group="交付枚数"),
        Column("累計（計画）", 21, numeric=True, group="交付枚数"),
        Column("累計（実績）", 21, numeric=True, group="交付枚数"),
        Column("計画", 15, numeric=True, group="累計交付率"),
        Column("実績", 15, numeric=True, group="累計交付率"),
    ]
    width = frame_size(PORTRAIT if fits_portrait(columns) else LANDSCAPE)[0]
    flowables: list[Flowable] = [heading("3", "月別の申請件数・交付枚数（計画と実績）")]
    if rows:
        flowables.append(
            issuance_chart(
                [r.month for r in rows],
                [r.planned_issuances for r in rows],
                [r.actual_issuances for r in rows],
                [r.actual_rate for r in rows],
                form.references,
                rate_planned=[r.planned_rate for r in rows],
                width=width,
                height=CHART_HEIGHT,
            )
        )
        flowables.append(Spacer(1, 4))
    table_rows: list[list[Cell]] = [
        [
            month_label(r.month),
            r.planned_applications,
            r.actual_applications,
            r.cumulative_actual_applications,
            r.planned_issuances,
            r.actual_issuances,
            r.cumulative_planned_issued,
            r.cumulative_actual_issued,
            format_rate(r.planned_rate),
            format_rate(r.actual_rate),
        ]
        for r in rows
    ]
    april = [i for i, r in enumerate(rows) if r.month.month == 4 and i]
    notes = [
        f"注：累計は計画期間前の交付 {format_count(plan.issued_before)}枚・申請 {format_count(plan.applied_before)}件を含む。"
        "交付率は累計交付枚数÷住民基本台帳人口（小数点以下第2位を四捨五入）。年度の境に太線。",
    ]
    flowables += data_table(
        columns,
        table_rows,
        unit="件・枚",
        as_of_text=_months_as_of(rows),
        notes=notes,
        rule_rows=april,
        empty_text="（計画期間が未設定です）",
    )
    return oriented(columns, flowables)


def _months_as_of(rows: Sequence[MonthRow]) -> str:
    """「基準日：令和4年9月30日現在（実績は令和4年9月分まで）」 from the last actual month."""
    latest = next((r for r in reversed(rows) if r.actual_issuances is not None), None)
    if latest is None:
        return "実績：未入力"
    return f"基準日：{to_wareki(month_end(latest.month))}現在（実績は{month_label(latest.month)}分まで）"


def _comparison(form: IssuanceForm, months: Sequence[MonthRow]) -> list[Flowable]:
    town = form.town
    latest = next((r for r in reversed(months) if r.actual_issuances is not None), None)  # = latest_actual
    town_rate = latest.actual_rate if latest else None
    columns = [
        Column("区分", 46),
        Column("交付率", 26, numeric=True),
        Column("基準日", 46),
        Column("本町との差", 40, numeric=True),
    ]
    town_label = f"{town.name}（本町）" if town.name else "本町"
    rows: list[list[Cell]] = [
        [
            town_label,
            format_rate(town_rate),
            f"{month_label(latest.month)}末" if latest else NOT_AVAILABLE,
            "",
        ]
    ]
    for ref in form.references:
        diff = format_points(point_change(ref.rate, town_rate)) if town_rate is not None else NOT_AVAILABLE
        rows.append([ref.label, format_rate(ref.rate), wareki(ref.as_of), diff])
    notes = ["注：差＝本町の交付率－各区分の交付率（ポイント）。基準日が異なるため参考値。"]
    bars = [(town_label, town_rate), *[(ref.label, ref.rate) for ref in form.references]]
    if town_rate is None:
        notes.append("注：交付の実績が未入力のため、本町の交付率は表示していません。")
    return [
        heading("9", "交付率の比較（町村平均・都道府県・全国）"),
        *data_table(
            columns,
            rows,
            source="／".join(sources(list(form.references))),
            notes=notes,
            bold_rows=[0],
            zebra=False,
        ),
        comparison_chart(bars, width=page_width() * 0.75),
    ]
