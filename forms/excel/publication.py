"""「情報通信技術の利用に関する状況の公表」 as a standalone Excel file (one sheet, values only),
for the town's website: ``{団体コード}_{団体名}_情報通信技術の利用に関する状況の公表_{年度}.xlsx``.

The same table as the PDF (``forms.pdf.procedures_publication``): 手続の名称 / 手続総件数 /
うちオンライン数 / 総件数に占めるオンライン数の割合(%), the 合計 line, 「（単位：件）」. Counts
and rates are numbers (「#,##0」, 「0.0」); a rate that cannot be computed (total 0) is the
text 「－」. The look (font, borders, header fill, A4 fitted to the width, frozen header,
「- n -」 footer) is that of the prefecture workbook (``forms.excel.styles``).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from forms.excel import styles
from forms.excel.workbook import save_bytes
from forms.publication import (
    HEADERS,
    NO_FIGURES_NOTE,
    NOTES,
    TITLE,
    UNIT,
    intro_text,
    period_text,
    publication_year,
)
from models.calendar import fiscal_year_label
from models.errors import ExportError
from models.numbers import NOT_AVAILABLE
from models.procedures.records import Checklist
from models.procedures.summary import usage_table
from models.town import TownProfile
from models.version import APP_NAME, APP_VERSION

if TYPE_CHECKING:
    from models.store.database import Store

TITLE_ROW = 1
TOWN_ROW = 2
INTRO_ROW = 3
UNIT_ROW = 4
HEADER_ROW = 5
FIRST_DATA_ROW = 6
WIDTHS = (56.0, 14.0, 16.0, 20.0)
_UNSAFE_FILE_CHARS = str.maketrans({ch: "_" for ch in '\\/:*?"<>|'})


def file_name(lg_code: str, town_name: str, fiscal_year: int) -> str:
    """「039993_みどり町_情報通信技術の利用に関する状況の公表_令和5年度.xlsx」."""
    name = f"{lg_code}_{town_name}_{TITLE}_{fiscal_year_label(fiscal_year)}.xlsx"
    return "".join("_" if ord(ch) < 32 else ch for ch in name.translate(_UNSAFE_FILE_CHARS))


def sheet_name(fiscal_year: int) -> str:
    return f"公表（{fiscal_year_label(fiscal_year)}）"


def export_publication_xlsx(
    store: Store, out: Path, fiscal_year: int | None = None, *, created: date | None = None
) -> Path:
    """Write the 公表 table of ``fiscal_year`` (default: the latest 年度 with figures) to
    ``out`` (a file, or a folder for the default name); returns the path written.

    Raises ``ExportError`` (Japanese) when the town has no 団体コード/団体名 yet, the name is
    not ``.xlsx`` or the file cannot be written (open in Excel)."""
    from models.procedures.repository import ChecklistRepository
    from models.store.town_repository import TownRepository

    created = created or date.today()
    profile = TownRepository(store).load()
    if not profile.lg_code or not profile.name:
        raise ExportError(
            "団体コードと団体名が未設定のため出力できません。団体情報を入力してから出力してください。"
        )
    checklist = ChecklistRepository(store).load()
    year = fiscal_year if fiscal_year is not None else publication_year(checklist, created)
    target = out / file_name(profile.lg_code, profile.name, year) if out.is_dir() else out
    if target.suffix.lower() != ".xlsx":
        raise ExportError(f"Excelファイルの名前は拡張子を「.xlsx」にしてください：{target.name}")
    save_bytes(target, publication_bytes(profile, checklist, year))
    return target


def publication_bytes(profile: TownProfile, checklist: Checklist, fiscal_year: int) -> bytes:
    """The ``.xlsx`` file of the 公表 table of ``fiscal_year`` as bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.creator = f"{APP_NAME} {APP_VERSION}"
    workbook.properties.title = f"{profile.name} {TITLE}（{fiscal_year_label(fiscal_year)}）"
    ws = workbook.active
    assert ws is not None
    ws.title = sheet_name(fiscal_year)
    cell_styles = styles.CellStyles(workbook)
    _write(ws, profile, checklist, fiscal_year, cell_styles)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(
    ws: object, profile: TownProfile, checklist: Checklist, fy: int, cell_styles: styles.CellStyles
) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    last = len(HEADERS)
    ws.cell(row=TITLE_ROW, column=1, value=f"{TITLE}（{fiscal_year_label(fy)}）").font = styles.font(
        bold=True, size=styles.TITLE_FONT_SIZE
    )
    town = ws.cell(
        row=TOWN_ROW,
        column=1,
        value=f"{profile.name}（団体コード：{profile.lg_code}）　対象期間：{period_text(fy)}",
    )
    town.font = styles.font()
    intro = ws.cell(row=INTRO_ROW, column=1, value=intro_text(profile.name, fy))
    intro.font = styles.font()
    intro.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=INTRO_ROW, start_column=1, end_row=INTRO_ROW, end_column=last)
    styles.set_row_height(ws, INTRO_ROW, styles.lines_needed(intro.value, sum(WIDTHS), wrap=True))
    unit = ws.cell(row=UNIT_ROW, column=last, value=f"（単位：{UNIT}）")
    unit.font = styles.font()
    unit.alignment = Alignment(horizontal="right")
    header = cell_styles.name(styles.TEXT_FORMAT, header=True, fill_color=styles.HEADER_FILL)
    for column, text in enumerate(HEADERS, start=1):
        ws.cell(row=HEADER_ROW, column=column, value=text).style = header
    ws.row_dimensions[HEADER_ROW].height = styles.HEADER_ROW_HEIGHT
    rows = usage_table(checklist, fy)
    for offset, row in enumerate(rows):
        number = FIRST_DATA_ROW + offset
        bold = row.is_total
        name = ws.cell(row=number, column=1, value=row.name)
        name.style = cell_styles.name(styles.TEXT_FORMAT, bold=bold, wrap=True)
        name.data_type = "s"
        for column, value in ((2, row.total), (3, row.online)):
            cell = ws.cell(row=number, column=column, value=value if value is not None else NOT_AVAILABLE)
            cell.style = cell_styles.name(
                styles.COUNT_FORMAT if value is not None else styles.TEXT_FORMAT,
                bold=bold,
                horizontal="right",
            )
        rate = ws.cell(row=number, column=4, value=float(row.rate) if row.rate is not None else NOT_AVAILABLE)
        rate.style = cell_styles.name(
            styles.RATE_FORMAT if row.rate is not None else styles.TEXT_FORMAT, bold=bold, horizontal="right"
        )
        styles.set_row_height(ws, number, styles.lines_needed(row.name, WIDTHS[0], wrap=True))
    notes = list(NOTES) if len(rows) > 1 else [*NOTES, NO_FIGURES_NOTE]
    for offset, note in enumerate(notes):
        number = FIRST_DATA_ROW + len(rows) + 1 + offset
        cell = ws.cell(row=number, column=1, value=note)
        cell.font = Font(name=styles.FONT_NAME, size=9)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=last)
        styles.set_row_height(ws, number, styles.lines_needed(note, sum(WIDTHS), wrap=True))
    styles.set_column_widths(ws, list(WIDTHS))
    styles.freeze_header(ws, HEADER_ROW)
    styles.print_setup(ws, orientation=styles.PORTRAIT, header_text=f"{profile.name}（{profile.lg_code}）")
