"""Export of the prefecture workbook (PRODUCT.md §4.2): 表紙 + each module's sheets.

The rules: ``.xlsx`` only, no macros, no external links, no hidden sheets, values not
formulas; the file is named ``{団体コード}_{団体名}_{様式}_{作成日}.xlsx``; every data row
starts with the 団体コード as text; real dates shown as 和暦; A4 fitted to the width,
frozen header rows, validation lists for the kind/status columns. The sheets come from the
registry (``forms.excel.registry.modules()``) and their columns from ``layout.py``.

The file is written atomically; a target that Excel holds open gives an ``ExportError``
telling the user to close it. openpyxl is imported only when a workbook is made.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.excel import styles
from forms.excel.layout import (
    COVER_FIELDS,
    COVER_FIRST_ROW,
    COVER_HEADER_ROW,
    COVER_HEADERS,
    COVER_SHEET,
    COVER_TITLE,
    COVER_WIDTHS,
    FIRST_DATA_ROW,
    FLAG_MARK,
    HEADER_ROW,
    LINE_SEPARATOR,
    Column,
    Kind,
    SheetLayout,
)
from forms.excel.registry import Row, WorkbookModule, modules
from models.catalog import prefecture_by_code
from models.errors import ExportError, StorageError
from models.fileio import write_atomically
from models.town import TownProfile
from models.version import APP_NAME, APP_VERSION

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from models.store.database import Store

#: The 様式 name of the workbook (表紙 and file name).
FORM_NAME = "DX推進状況報告"
LOCKED_MESSAGE = (
    "ファイルがExcelで開かれているため保存できません。Excelで閉じてからもう一度実行してください。"
)
#: Data validation ranges reach this far below the header, so rows added in Excel get them too.
VALIDATION_ROWS = 500
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def default_file_name(lg_code: str, town_name: str, created: date) -> str:
    """「039993_みどり町_DX推進状況報告_20250401.xlsx」 (characters Windows forbids become 「_」)."""
    name = f"{lg_code}_{town_name}_{FORM_NAME}_{created:%Y%m%d}.xlsx"
    return _UNSAFE_FILE_CHARS.sub("_", name)


def export_workbook(store: Store, out: Path, *, created: date | None = None) -> Path:
    """Write the town's workbook to ``out`` (a file, or a folder for the default name).

    Returns the path written. Raises ``ExportError`` (Japanese) when the town has no
    団体コード yet, the name is not ``.xlsx``, or the file cannot be written (open in Excel).
    """
    from models.store.database import LATEST_SCHEMA_VERSION
    from models.store.town_repository import TownRepository

    created = created or date.today()
    profile = TownRepository(store).load()
    if not profile.lg_code or not profile.name:
        raise ExportError(
            "団体コードと団体名が未設定のため出力できません。団体情報を入力してから出力してください。"
        )
    data = {module.key: module.load(store) for module in modules()}
    target = out / default_file_name(profile.lg_code, profile.name, created) if out.is_dir() else out
    if target.suffix.lower() != ".xlsx":
        raise ExportError(f"Excelファイルの名前は拡張子を「.xlsx」にしてください：{target.name}")
    content = workbook_bytes(profile, data, created=created, data_version=LATEST_SCHEMA_VERSION)
    save_bytes(target, content)
    return target


def save_bytes(target: Path, content: bytes) -> None:
    """Write atomically; a locked target (Excel) or any other failure → ``ExportError``."""
    try:
        write_atomically(target, content)
    except StorageError as exc:
        cause = exc.__cause__
        if isinstance(cause, PermissionError) and _folder_writable(target.parent):
            # The folder takes new files but the target cannot be replaced: on Windows that
            # is a file held open by Excel (sharing violation).
            raise ExportError(LOCKED_MESSAGE, detail=str(cause)) from exc
        raise ExportError(exc.user_message, detail=exc.detail) from exc


def _folder_writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK)


def workbook_bytes(
    profile: TownProfile, data: Mapping[str, Any], *, created: date, data_version: int
) -> bytes:
    """The ``.xlsx`` file as bytes (``data`` maps a module key to its data)."""
    workbook = build_workbook(profile, data, created=created, data_version=data_version)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_workbook(
    profile: TownProfile, data: Mapping[str, Any], *, created: date, data_version: int
) -> Workbook:
    """The workbook in memory: 表紙, then each registered module's sheets in layout order."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.creator = f"{APP_NAME} {APP_VERSION}"
    workbook.properties.title = f"{profile.name} {FORM_NAME}"
    header_text = f"{profile.name}（{profile.lg_code}）"
    included = [module for module in modules() if module.key in data]
    sheet_names = [layout.name for module in included for layout in module.sheets]
    cell_styles = styles.CellStyles(workbook)
    cover = workbook.active
    assert cover is not None
    cover.title = COVER_SHEET
    values = cover_values(profile, created=created, data_version=data_version, sheets=sheet_names)
    _write_cover(cover, values, cell_styles)
    styles.print_setup(cover, orientation=styles.PORTRAIT, header_text=header_text)
    for module in included:
        _write_module(workbook, module, data[module.key], profile.lg_code, header_text, cell_styles)
    return workbook


def cover_values(profile: TownProfile, *, created: date, data_version: int, sheets: list[str]) -> Row:
    prefecture = prefecture_by_code(profile.lg_code[:2])
    return {
        "form_name": FORM_NAME,
        "lg_code": profile.lg_code,
        "name": profile.name,
        "prefecture": prefecture.name if prefecture else "",
        "kind": profile.kind,
        "contact_dept": profile.contact_dept,
        "contact_person": profile.contact_person,
        "contact_phone": profile.contact_phone,
        "contact_email": profile.contact_email,
        "created": created,
        "app_version": f"{APP_NAME} {APP_VERSION}",
        "data_version": data_version,
        "sheets": tuple(sheets),
    }


def _write_cover(ws: Worksheet, values: Row, cell_styles: styles.CellStyles) -> None:
    ws["A1"] = COVER_TITLE
    ws["A1"].font = styles.font(bold=True, size=styles.TITLE_FONT_SIZE)
    header = cell_styles.name(styles.TEXT_FORMAT, header=True, fill_color=styles.HEADER_FILL)
    for col, text in enumerate(COVER_HEADERS, start=1):
        ws.cell(row=COVER_HEADER_ROW, column=col, value=text).style = header
    label_style = cell_styles.name(styles.TEXT_FORMAT, bold=True)
    for offset, column in enumerate(COVER_FIELDS):
        row = COVER_FIRST_ROW + offset
        ws.cell(row=row, column=1, value=column.header).style = label_style
        cell = ws.cell(row=row, column=2)
        _put(cell, column, values.get(column.key), cell_styles, wrap=True)
        if isinstance(cell.value, str):
            styles.set_row_height(ws, row, styles.lines_needed(cell.value, COVER_WIDTHS[1], wrap=True))
        if column.kind is Kind.CHOICE:
            _add_list_validation(ws, column, f"B{row}")
    styles.set_column_widths(ws, list(COVER_WIDTHS))


def _write_module(
    workbook: Workbook,
    module: WorkbookModule,
    data: Any,
    lg_code: str,
    header_text: str,
    cell_styles: styles.CellStyles,
) -> None:
    rows_by_sheet = module.rows(data)
    for layout in module.sheets:
        ws = workbook.create_sheet(layout.name)
        rows = rows_by_sheet.get(layout.name, [])
        _write_sheet(ws, layout, [{**row, "lg_code": lg_code} for row in rows], cell_styles)
        orientation = styles.LANDSCAPE if layout.landscape else styles.PORTRAIT
        styles.print_setup(ws, orientation=orientation, header_text=header_text)


def _write_sheet(ws: Worksheet, layout: SheetLayout, rows: list[Row], cell_styles: styles.CellStyles) -> None:
    header = cell_styles.name(styles.TEXT_FORMAT, header=True, fill_color=styles.HEADER_FILL)
    for number, column in enumerate(layout.columns, start=1):
        ws.cell(row=HEADER_ROW, column=number, value=column.header).style = header
    ws.row_dimensions[HEADER_ROW].height = styles.HEADER_ROW_HEIGHT
    for offset, row in enumerate(rows):
        lines = 1
        for number, column in enumerate(layout.columns, start=1):
            cell = ws.cell(row=FIRST_DATA_ROW + offset, column=number)
            _put(cell, column, row.get(column.key), cell_styles)
            if isinstance(cell.value, str) and column.kind in (Kind.TEXT, Kind.LINES):
                lines = max(lines, styles.lines_needed(cell.value, column.width, wrap=_wraps(column)))
        styles.set_row_height(ws, FIRST_DATA_ROW + offset, lines)
    last_row = FIRST_DATA_ROW if layout.single_row else max(FIRST_DATA_ROW + len(rows) - 1, VALIDATION_ROWS)
    for column in layout.columns:
        if column.computed:
            continue
        area = f"{layout.letter(column.key)}{FIRST_DATA_ROW}:{layout.letter(column.key)}{last_row}"
        _add_validation(ws, column, area)
    styles.set_column_widths(ws, [column.width for column in layout.columns])
    styles.freeze_header(ws, HEADER_ROW)


_NUMBER_FORMATS = {
    Kind.DATE: styles.DATE_FORMAT,
    Kind.MONTH: styles.DATE_FORMAT,
    Kind.COUNT: styles.COUNT_FORMAT,
    Kind.INT: styles.INTEGER_FORMAT,
    Kind.RATE: styles.RATE_FORMAT,
    Kind.HOURS: styles.HOURS_FORMAT,
}


def _put(
    cell: Any, column: Column, value: Any, cell_styles: styles.CellStyles, *, wrap: bool = False
) -> None:
    """Write one value as the column's kind wants it (a value, never a formula)."""
    cell.value = excel_value(column, value)
    if cell.data_type == "f":
        # A text typed as 「=…」 stays text: openpyxl would otherwise store it as a formula.
        cell.data_type = "s"
    kind = column.kind
    cell.style = cell_styles.name(
        _NUMBER_FORMATS.get(kind, styles.TEXT_FORMAT),
        wrap=wrap or _wraps(column),
        horizontal="center" if kind in (Kind.FLAG, Kind.LG_CODE) else None,
        fill_color=styles.COMPUTED_FILL if column.computed else None,
    )


def _wraps(column: Column) -> bool:
    """Long texts (names, notes) wrap inside their cell; short ones stay on one line."""
    return column.kind is Kind.LINES or (column.kind is Kind.TEXT and column.width >= 22)


def excel_value(column: Column, value: Any) -> Any:
    """The cell value for ``value`` (None leaves the cell empty)."""
    if value is None:
        return None
    kind = column.kind
    if kind is Kind.CHOICE:
        return column.label_for(str(value)) or None
    if kind is Kind.FLAG:
        return FLAG_MARK if value else None
    if kind is Kind.LINES:
        return LINE_SEPARATOR.join(value) or None
    if kind in (Kind.TEXT, Kind.LG_CODE):
        return str(value) or None
    if kind in (Kind.HOURS, Kind.RATE) and isinstance(value, Decimal):
        return float(value)
    return value


def _add_list_validation(ws: Worksheet, column: Column, area: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    labels = ",".join(column.labels)
    validation = DataValidation(
        type="list",
        formula1=f'"{labels}"',
        allow_blank=not column.required,
        showErrorMessage=True,
        errorTitle="入力できない値です",
        error=f"{column.header}は一覧から選んでください（{'／'.join(column.labels)}）。",
        showInputMessage=False,
    )
    validation.add(area)
    ws.add_data_validation(validation)


def _add_validation(ws: Worksheet, column: Column, area: str) -> None:
    """Lists for choice and 〇 columns; whole numbers ≥ 0 for counts; hour ranges."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if column.kind is Kind.CHOICE:
        _add_list_validation(ws, column, area)
        return
    if column.kind is Kind.FLAG:
        validation = DataValidation(
            type="list",
            formula1=f'"{FLAG_MARK}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="入力できない値です",
            error=f"該当する場合は「{FLAG_MARK}」を選んでください（該当しない場合は空欄）。",
        )
    elif column.kind is Kind.COUNT:
        validation = DataValidation(
            type="whole",
            operator="between",
            formula1=str(column.minimum),
            formula2=str(column.maximum),
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle="入力できない値です",
            error=f"{column.header}は{column.minimum}以上{column.maximum:,}以下の整数で入力してください。",
        )
    elif column.kind is Kind.HOURS:
        validation = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=str(column.maximum),
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle="入力できない値です",
            error=f"{column.header}は0より大きく{column.maximum}以下の時間数で入力してください。",
        )
    else:
        return
    validation.add(area)
    ws.add_data_validation(validation)
