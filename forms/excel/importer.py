"""Strict import of the app's own prefecture workbook (PRODUCT.md §4.2 round trip).

``read_workbook`` checks everything before anything is written: the file itself (an
``.xlsx`` without macros, external links or unsafe XML), the 表紙 (様式, 団体コード — which
must be the open town's unless the caller imports a new town —, data version not newer than
this app's), every sheet's header row exactly as ``layout.py`` says, and every cell's type,
range and list value. All problems are collected as ``CellProblem(sheet, cell, reason)`` and
raised together in one ``WorkbookImportError``. On success it returns an ``ImportResult``
(the parsed data of each module and the 団体情報 fields of the 表紙).

``apply_import`` writes a result through the repositories in one transaction. The GUI makes
a backup first (``models.usecases.backup.automatic_backup(store, "import")``).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forms.excel.cells import CellValueError, is_blank, read_cell
from forms.excel.layout import (
    COVER_FIELDS,
    COVER_FIRST_ROW,
    COVER_HEADER_ROW,
    COVER_HEADERS,
    COVER_PROFILE_FIELDS,
    COVER_SHEET,
    FIRST_DATA_ROW,
    HEADER_ROW,
    SheetLayout,
    column_letter,
)
from forms.excel.registry import ImportContext, ParsedRow, Problems, WorkbookModule, modules
from forms.excel.workbook import FORM_NAME
from models.catalog import prefecture_by_code
from models.errors import CellProblem, ValidationError, WorkbookImportError
from models.town import parse_field

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.issuance.records import IssuancePlan
    from models.store.database import Store

#: Refuse archives that unpack to more than this (a 10-year town is well under 1 MB).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: More rows than any real sheet has (10 years of months is 120): beyond is not our file.
MAX_ROWS = 20_000
_NEWER = "_newer"  # set in the 表紙 values when the file is of a newer data version
UNREADABLE = "Excelファイル（.xlsx）として読み込めませんでした。ファイルが壊れていないか確認してください。"


@dataclass(frozen=True)
class ImportResult:
    """A workbook that passed every check: what ``apply_import`` will write."""

    source: Path
    lg_code: str
    town_name: str
    created: date
    app_version: str
    data_version: int
    profile_fields: dict[str, Any]  # 団体情報 fields from the 表紙 (TownProfile field → value)
    data: dict[str, Any] = field(default_factory=dict)  # module key → its data

    @property
    def plan(self) -> IssuancePlan:
        plan: IssuancePlan = self.data["issuance"]
        return plan


def read_workbook(path: Path, *, expected_lg_code: str | None, today: date | None = None) -> ImportResult:
    """Read and check the workbook at ``path``; raises ``WorkbookImportError`` listing every
    problem. ``expected_lg_code`` is the open town's 団体コード, or None when the caller
    imports the file as a new town. Nothing is written anywhere."""
    from models.store.database import LATEST_SCHEMA_VERSION

    today = today or date.today()
    workbook = _open(path)
    problems = Problems()
    registered = modules()
    present = [module for module in registered if any(s.name in workbook.sheetnames for s in module.sheets)]
    _check_sheet_list(workbook, registered, present, problems)
    cover: dict[str, Any] = {}
    if COVER_SHEET in workbook.sheetnames:
        cover = _read_cover(workbook[COVER_SHEET], problems, expected_lg_code, today, LATEST_SCHEMA_VERSION)
    newer = cover.get(_NEWER, False)
    data: dict[str, Any] = {}
    if not newer and cover.get("lg_code"):
        # The sheets of a newer version may legitimately differ: only the version is reported then.
        context = ImportContext(lg_code=cover["lg_code"], created=cover.get("created"), today=today)
        for module in present:
            rows: dict[str, list[ParsedRow]] = {}
            for layout in module.sheets:
                if layout.name in workbook.sheetnames:
                    sheet_rows = _read_sheet(workbook[layout.name], layout, context.lg_code, problems)
                    if sheet_rows is not None:
                        rows[layout.name] = sheet_rows
            data[module.key] = module.parse(rows, problems, context)
    if problems:
        items = _sorted(problems.items, [COVER_SHEET, *(s.name for m in registered for s in m.sheets)])
        raise WorkbookImportError(
            f"取り込めませんでした。{len(items)}件の問題があります（データは変更していません）。", items
        )
    return ImportResult(
        source=path,
        lg_code=cover["lg_code"],
        town_name=cover["name"],
        created=cover["created"],
        app_version=cover["app_version"],
        data_version=cover["data_version"],
        profile_fields={key: cover[key] for key in COVER_PROFILE_FIELDS},
        data=data,
    )


def apply_import(store: Store, result: ImportResult) -> None:
    """Write an import through the repositories in one transaction (all or nothing)."""
    from models.store.town_repository import TownRepository

    with store.atomic():
        TownRepository(store).update(result.profile_fields)
        for module in modules():
            if module.key in result.data:
                module.save(store, result.data[module.key])


# -- the file ------------------------------------------------------------------------------
def _file_error(message: str, detail: str = "") -> WorkbookImportError:
    return WorkbookImportError(message, [], detail=detail)


def _open(path: Path) -> Any:
    """The workbook, after checks on the file itself (raises ``WorkbookImportError``)."""
    if path.suffix.lower() != ".xlsx":
        raise _file_error(f"取り込めるのはExcelブック（.xlsx）だけです：{path.name}")
    if not path.is_file():
        raise _file_error(f"ファイルが見つかりません：{path}")
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise _file_error(UNREADABLE, str(exc)) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise _file_error(
            "ファイルの内容が大きすぎるため取り込めません（このアプリで作成したファイルではありません）。"
        )
    lowered = [name.lower() for name in names]
    if any(name.endswith("vbaproject.bin") for name in lowered):
        raise _file_error("マクロを含むファイルは取り込めません。")
    if any(name.startswith("xl/externallinks/") for name in lowered):
        raise _file_error("外部リンク（他のファイルへの参照）を含むファイルは取り込めません。")
    from openpyxl import load_workbook

    try:
        return load_workbook(path, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or hostile file
        if _unsafe_xml(exc):
            raise _file_error(
                "安全でない内容（XMLの実体宣言など）を含むため取り込みません。このアプリで作成したファイルを使ってください。",
                repr(exc),
            ) from exc
        raise _file_error(UNREADABLE, repr(exc)) from exc


def _unsafe_xml(exc: BaseException | None) -> bool:
    """Whether defusedxml refused the XML (openpyxl may wrap its exception in another)."""
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _check_sheet_list(
    workbook: Any, registered: tuple[WorkbookModule, ...], present: list[WorkbookModule], problems: Problems
) -> None:
    known = {COVER_SHEET} | {layout.name for module in registered for layout in module.sheets}
    if COVER_SHEET not in workbook.sheetnames:
        problems.add(COVER_SHEET, "", "表紙のシートがありません。")
    if not present:
        problems.add(COVER_SHEET, "", "取り込めるデータのシートがありません。")
    for module in present:
        for layout in module.sheets:
            if layout.name not in workbook.sheetnames:
                problems.add(layout.name, "", "シートがありません（シート名を変更・削除しないでください）。")
    for ws in workbook.worksheets:
        if ws.title not in known:
            problems.add(ws.title, "", "この様式にないシートです。削除してから取り込んでください。")
        elif ws.sheet_state != "visible":
            problems.add(ws.title, "", "非表示のシートです。再表示してから取り込んでください。")
    for sheet in workbook.chartsheets:
        problems.add(sheet.title, "", "この様式にないシート（グラフ）です。削除してから取り込んでください。")


# -- 表紙 -------------------------------------------------------------------------------------
def _read_cover(
    ws: Worksheet, problems: Problems, expected_lg_code: str | None, today: date, latest_version: int
) -> dict[str, Any]:
    """The 表紙's values by key (only those that passed their checks)."""
    for col, text in enumerate(COVER_HEADERS, start=1):
        _check_header(ws, COVER_SHEET, COVER_HEADER_ROW, col, text, problems)
    values: dict[str, Any] = {}
    for offset, column in enumerate(COVER_FIELDS):
        row = COVER_FIRST_ROW + offset
        label = ws.cell(row=row, column=1).value
        if label != column.header:
            problems.add(
                COVER_SHEET,
                f"A{row}",
                f"項目名が「{_shown(label)}」になっています（正しくは「{column.header}」）。",
            )
            continue
        cell = ws.cell(row=row, column=2)
        where = f"B{row}"
        try:
            value = read_cell(column, cell.value, cell.data_type)
        except CellValueError as exc:
            problems.add(COVER_SHEET, where, exc.reason)
            continue
        reason = _cover_problem(column.key, value, values, today, latest_version)
        if column.key == "data_version" and isinstance(value, int) and value > latest_version:
            values[_NEWER] = True
        if reason:
            problems.add(COVER_SHEET, where, reason)
            continue
        if column.key in COVER_PROFILE_FIELDS and column.key != "kind":
            value = parse_field(column.key, value, today=today)  # as the 団体情報 page stores it
        values[column.key] = value
        if column.key == "lg_code" and expected_lg_code is not None and value != expected_lg_code:
            # Still read the sheets against the 表紙's code: their own problems are listed too.
            problems.add(
                COVER_SHEET,
                where,
                f"団体コード（{value}）が開いている団体の団体コード（{expected_lg_code}）と異なります。別の団体のファイルです。",
            )
    last = COVER_FIRST_ROW + len(COVER_FIELDS) - 1
    for extra in range(last + 1, min(ws.max_row, MAX_ROWS) + 1):
        for col in (1, 2):
            if not is_blank(ws.cell(row=extra, column=col).value):
                problems.add(
                    COVER_SHEET, f"{column_letter(col)}{extra}", "表紙の項目にない値です。削除してください。"
                )
    return values


def _cover_problem(key: str, value: Any, values: dict[str, Any], today: date, latest_version: int) -> str:
    if key == "form_name" and value != FORM_NAME:
        return f"様式が「{value}」です。このアプリの「{FORM_NAME}」のファイルではありません。"
    if key == "data_version":
        if value < 1:
            return "データの版が正しくありません（1以上の整数）。"
        if value > latest_version:
            return (
                f"このファイルは新しい版のまちDX台帳で作成されています（データの版 {value}、このアプリが扱える版 "
                f"{latest_version}）。アプリを更新してから取り込んでください。"
            )
    if key == "created" and value > today:
        return "作成日が未来の日付です。"
    if key == "prefecture":
        code = values.get("lg_code", "")
        prefecture = prefecture_by_code(code[:2]) if code else None
        if prefecture is not None and value != prefecture.name:
            return f"都道府県「{value}」が団体コード（{code}：{prefecture.name}）と合いません。"
    if key in COVER_PROFILE_FIELDS and key != "kind":
        try:
            parsed = parse_field(key, value, today=today)
        except ValidationError as exc:
            return exc.user_message
        if key == "lg_code" and parsed != value:
            return "団体コードは検査数字を含む6桁で入力してください。"
    return ""


# -- data sheets ---------------------------------------------------------------------------
def _check_header(ws: Worksheet, sheet: str, row: int, col: int, expected: str, problems: Problems) -> bool:
    value = ws.cell(row=row, column=col).value
    if value == expected:
        return True
    problems.add(
        sheet,
        f"{column_letter(col)}{row}",
        f"見出しが「{_shown(value)}」になっています（正しくは「{expected}」）。",
    )
    return False


def _read_sheet(
    ws: Worksheet, layout: SheetLayout, lg_code: str, problems: Problems
) -> list[ParsedRow] | None:
    """The data rows of one sheet, or None when the sheet cannot be read: a sheet whose header
    row is wrong is not read further (its columns cannot be trusted), so its cells do not
    add a flood of follow-on problems."""
    width = len(layout.columns)
    header_ok = all(
        [
            _check_header(ws, layout.name, HEADER_ROW, col, c.header, problems)
            for col, c in enumerate(layout.columns, 1)
        ]
    )
    max_col = ws.max_column
    for col in range(width + 1, max_col + 1):
        if not is_blank(ws.cell(row=HEADER_ROW, column=col).value):
            header_ok = False
            problems.add(
                layout.name, f"{column_letter(col)}{HEADER_ROW}", "この様式にない列です。削除してください。"
            )
    if not header_ok:
        return None
    if ws.max_row > MAX_ROWS:
        problems.add(layout.name, "", f"行が多すぎます（{MAX_ROWS:,}行まで）。")
        return None
    rows: list[ParsedRow] = []
    for cells in ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=ws.max_row, max_col=max(max_col, width)):
        if all(is_blank(cell.value) for cell in cells):
            continue
        number = cells[0].row
        if layout.single_row and rows:
            problems.add(
                layout.name, f"A{number}", f"このシートは1行だけです（{FIRST_DATA_ROW}行目のみ入力します）。"
            )
            continue
        values: dict[str, Any] = {}
        good = True
        for col, (column, cell) in enumerate(zip(layout.columns, cells, strict=False), start=1):
            where = f"{column_letter(col)}{number}"
            try:
                value = read_cell(column, cell.value, cell.data_type)
            except CellValueError as exc:
                problems.add(layout.name, where, exc.reason)
                good = False
                continue
            if column.key == "lg_code" and value != lg_code:
                problems.add(
                    layout.name, where, f"団体コード「{value}」が表紙の団体コード（{lg_code}）と異なります。"
                )
                good = False
            if not column.computed:
                values[column.key] = value
        for cell in cells[width:]:
            if not is_blank(cell.value):
                problems.add(
                    layout.name, cell.coordinate, "この様式の列の外に値があります。削除してください。"
                )
                good = False
        rows.append(ParsedRow(number, values, complete=good))
    return rows


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _sorted(items: list[CellProblem], sheet_order: list[str]) -> list[CellProblem]:
    """Sheet by sheet in workbook order, then top to bottom, left to right."""

    def key(problem: CellProblem) -> tuple[int, int, int]:
        sheet = sheet_order.index(problem.sheet) if problem.sheet in sheet_order else len(sheet_order)
        letters = "".join(ch for ch in problem.cell if ch.isalpha())
        digits = "".join(ch for ch in problem.cell if ch.isdigit())
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - ord("A") + 1
        return (sheet, int(digits) if digits else 0, col)

    return sorted(items, key=key)
