"""The prefecture workbook from the command line (``main.py export xlsx`` / ``import xlsx``).

Each command returns (ok, lines to print) and raises ``AppError`` for expected failures.
The workbook itself is made and read by ``forms.excel`` (imported here on first use, so
the other headless commands do not load openpyxl).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.errors import WorkbookImportError
from models.store.database import Store
from models.store.lock import exclusive
from models.store.town_repository import TownRepository
from models.usecases.backup import automatic_backup


def export_xlsx_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py export xlsx --db PATH --out FILE|DIR``: the town's workbook for the prefecture.

    ``--out`` may be a folder: the file is then named
    ``{団体コード}_{団体名}_{様式}_{作成日YYYYMMDD}.xlsx``. The database is only read (this
    works while the app has it open)."""
    from forms.excel.registry import modules
    from forms.excel.workbook import export_workbook

    db = Path(args.db).expanduser().absolute()
    out = Path(args.out).expanduser().absolute()
    store = Store.open(db, create=False, readonly=True)
    try:
        path = export_workbook(store, out)
        name, code = TownRepository(store).identity()
    finally:
        store.close()
    sheets = ["表紙", *(layout.name for module in modules() for layout in module.sheets)]
    return True, [
        f"Excelファイルを出力しました：{path}",
        f"団体：{name}（{code}）",
        f"シート（{len(sheets)}枚）：{'、'.join(sheets)}",
    ]


def import_xlsx_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py import xlsx --db PATH FILE``: read a workbook made by this app into the town.

    The file must be the open town's (same 団体コード); a database without a town yet (or a
    new file) takes the workbook's town. Every problem is listed as シート!セル：理由 and
    nothing is changed then. A backup is made before anything is written."""
    from forms.excel.importer import apply_import, read_workbook

    db = Path(args.db).expanduser().absolute()
    source = Path(args.file).expanduser().absolute()
    with exclusive(db, "取り込み先のデータベースは使用中です"):
        store = Store.open(db)
        try:
            _, current_code = TownRepository(store).identity()
            try:
                result = read_workbook(source, expected_lg_code=current_code or None)
            except WorkbookImportError as exc:
                return False, [exc.user_message, *(problem.text() for problem in exc.problems)]
            backup = automatic_backup(store, "import")
            apply_import(store, result)
        finally:
            store.close()
    lines = [
        f"取り込みました：{source}",
        f"団体：{result.town_name}（{result.lg_code}）、作成日 {result.created:%Y/%m/%d}、{result.app_version}",
    ]
    if backup is not None:
        lines.append(f"取り込み前の状態をバックアップしました：{backup.path}")
    if not current_code:
        lines.append("新しい団体として取り込みました。")
    return True, lines


def export_publication_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py export publication-xlsx --db PATH --out FILE|DIR [--fiscal-year YYYY]``: the
    「情報通信技術の利用に関する状況の公表」 table of one 年度 as a standalone Excel file (for
    the town's website). ``--out`` may be a folder: the file is then named
    ``{団体コード}_{団体名}_情報通信技術の利用に関する状況の公表_{年度}.xlsx``; the 年度 defaults
    to the latest one with figures. The database is only read."""
    from forms.excel.publication import export_publication_xlsx

    db = Path(args.db).expanduser().absolute()
    out = Path(args.out).expanduser().absolute()
    store = Store.open(db, create=False, readonly=True)
    try:
        path = export_publication_xlsx(store, out, getattr(args, "fiscal_year", None))
    finally:
        store.close()
    return True, [f"Excelファイルを出力しました：{path}"]
