"""「情報通信技術の利用に関する状況の公表」: the table a town publishes on its website for one
年度 under its デジタル手続条例 (PRODUCT.md §2.4).

手続の名称 / 手続総件数 / うちオンライン数 / 総件数に占めるオンライン数の割合(%), a 合計 line,
「（単位：件）」; rates half up to 0.1, a procedure with 0 件 shows 「－」. The rows and the
合計 are ``models.procedures.summary.usage_table``; the default 年度 is the latest one with
figures (``forms.publication.publication_year``). The Excel version is
``forms.excel.publication``; what both share is ``forms.publication``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph, Spacer

from forms.pdf.page import FormHeader, render
from forms.pdf.styles import styles
from forms.pdf.tables import Cell, Column, data_table, text
from forms.publication import (
    HEADERS,
    NO_FIGURES_NOTE,
    NOTES,
    TITLE,
    UNIT,
    intro_text,
    percent_text,
    period_text,
    publication_year,
)
from models.calendar import fiscal_year_label
from models.procedures.records import Checklist
from models.procedures.summary import UsageRow, usage_table
from models.town import TownProfile


@dataclass(frozen=True)
class PublicationForm:
    checklist: Checklist
    town: TownProfile
    form_label: str  # 様式番号 (DomainSettings.form_label_procedures_publication)
    created: date
    fiscal_year: int | None = None  # None: ``publication_year``
    show_seireki: bool = False

    @property
    def year(self) -> int:
        return (
            self.fiscal_year
            if self.fiscal_year is not None
            else publication_year(self.checklist, self.created)
        )

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


def render_publication(form: PublicationForm) -> bytes:
    """The PDF bytes of the 公表 table of ``form.year`` (deterministic)."""
    return render(form.header, build_story(form))


def table_rows(rows: list[UsageRow]) -> list[list[Cell]]:
    """The printed cells of the 公表 table (the 合計 line last)."""
    return [[row.name, row.total, row.online, percent_text(row.rate)] for row in rows]


def build_story(form: PublicationForm) -> list[Flowable]:
    s = styles()
    fy = form.year
    rows = usage_table(form.checklist, fy)
    columns = [
        Column(HEADERS[0], 96),
        Column(HEADERS[1], 24, numeric=True),
        Column(HEADERS[2], 30, numeric=True),
        Column(HEADERS[3], 30, numeric=True),
    ]
    label = fiscal_year_label(fy, with_seireki=form.show_seireki)
    intro = intro_text(form.town.name, fy, with_seireki=form.show_seireki)
    notes = NOTES if len(rows) > 1 else (*NOTES, NO_FIGURES_NOTE)
    # The notes go above the table: under it they would be left alone on a page of their
    # own whenever the table just fills its last page.
    return [
        Paragraph(f"{TITLE}（{label}）", s.title),
        text(period_text(fy, with_seireki=form.show_seireki), "subtitle"),
        text(intro, "body"),
        *(Paragraph(escape(note), s.source) for note in notes),
        Spacer(1, 6),
        *data_table(columns, table_rows(rows), unit=UNIT, bold_rows=[len(rows) - 1]),
    ]
