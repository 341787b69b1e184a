"""まちDX台帳 — entry point.

Parses the command line, opens the store and either starts the GUI or runs a headless
command. Composition only: the work is done in models/, forms/ and gui/. Headless commands
never import Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.version import APP_NAME, APP_VERSION

# command name -> (use-case module, function); each function takes the parsed arguments
# and returns (ok, lines to print), raising AppError for expected failures.
HEADLESS: dict[tuple[str, ...], tuple[str, str]] = {
    ("demo",): ("models.usecases.database", "demo_command"),
    ("check",): ("models.usecases.database", "check_command"),
    ("backup",): ("models.usecases.backup", "backup_command"),
    ("restore",): ("models.usecases.backup", "restore_command"),
    ("handover", "create"): ("models.usecases.handover", "create_command"),
    ("handover", "open"): ("models.usecases.handover", "open_command"),
    ("export", "pdf"): ("forms.commands.pdf", "export_pdf_command"),
    ("export", "xlsx"): ("forms.commands.excel", "export_xlsx_command"),
    ("export", "publication-xlsx"): ("forms.commands.excel", "export_publication_command"),
    ("import", "xlsx"): ("forms.commands.excel", "import_xlsx_command"),
}
FORMS_HELP = (
    "帳票の種類（issuance = マイナンバーカード交付円滑化計画、procedures = 行政手続のオンライン化 取組状況、"
    "procedures-publication = 情報通信技術の利用に関する状況の公表）"
)
FISCAL_YEAR_HELP = "公表の表の年度（例：令和5年度、R5、2023。省略時は件数のある最新の年度）"
PASSPHRASE_HELP = "パスフレーズを1行目に書いたファイル（省略時は環境変数 MACHIDX_PASSPHRASE）"


def build_parser() -> argparse.ArgumentParser:
    from models.usecases import cli_messages

    cli_messages.install()
    fiscal_year = cli_messages.fiscal_year_argument
    parser = argparse.ArgumentParser(
        prog="main.py",
        description=f"{APP_NAME}：町村のDX推進計画・マイナンバーカード交付円滑化計画・"
        "オンライン手続・テレワークの台帳",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {APP_VERSION}",
        help="バージョンを表示して終了する",
    )
    parser.add_argument(
        "--db", metavar="PATH", help="使用するデータベースファイル（省略時はユーザーのデータフォルダ）"
    )
    parser.add_argument(
        "--smoke-test",
        nargs="?",
        const="all",
        choices=["all", "window"],
        metavar="all|window",
        help="画面を表示せずに起動し、全ページを作成して終了する（動作確認用）。"
        "window を付けるとウィンドウを表示した時点で終了する（起動時間の計測用）",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="サンプルの町（みどり町）のデータベースを作成する")
    demo.add_argument("--db", metavar="PATH", required=True, help="作成するデータベースファイル")
    check = sub.add_parser("check", help="データベースの整合性と版を確認する（終了コード 0=正常 1=異常）")
    check.add_argument("--db", metavar="PATH", required=True, help="確認するデータベースファイル")
    backup = sub.add_parser("backup", help="データベースのバックアップを今すぐ作成する")
    backup.add_argument("--db", metavar="PATH", required=True, help="バックアップするデータベースファイル")
    restore = sub.add_parser("restore", help="バックアップからデータベースを復元する（現在の状態も保存）")
    restore.add_argument("--db", metavar="PATH", required=True, help="復元先のデータベースファイル")
    restore.add_argument("--from", dest="source", metavar="FILE", required=True, help="復元するバックアップ")
    handover = sub.add_parser("handover", help="引き継ぎファイル（暗号化）の作成・展開")
    handover_sub = handover.add_subparsers(dest="action", metavar="ACTION", required=True)
    # allow_abbrev=False: "--passphrase X" must not pass as "--passphrase-file X" (it would put
    # the passphrase in the process list and in the error message).
    create = handover_sub.add_parser("create", help="引き継ぎファイルを作成する", allow_abbrev=False)
    create.add_argument("--db", metavar="PATH", required=True, help="引き継ぐデータベースファイル")
    create.add_argument("--out", metavar="FILE", required=True, help="作成する引き継ぎファイル（.machidx）")
    create.add_argument("--passphrase-file", metavar="FILE", help=PASSPHRASE_HELP)
    open_ = handover_sub.add_parser(
        "open", help="引き継ぎファイルを展開してデータベースにする", allow_abbrev=False
    )
    open_.add_argument("package", metavar="FILE", help="引き継ぎファイル（.machidx）")
    open_.add_argument("--db", metavar="PATH", required=True, help="展開先のデータベースファイル")
    open_.add_argument("--passphrase-file", metavar="FILE", help=PASSPHRASE_HELP)
    export = sub.add_parser("export", help="帳票（PDF）や都道府県提出用のExcelを作成する")
    export_sub = export.add_subparsers(dest="action", metavar="FORMAT", required=True)
    pdf = export_sub.add_parser("pdf", help="帳票をPDFで作成する")
    pdf.add_argument(
        "--form", required=True, choices=["issuance", "procedures", "procedures-publication"], help=FORMS_HELP
    )
    pdf.add_argument("--db", metavar="PATH", required=True, help="データベースファイル")
    pdf.add_argument("--out", metavar="FILE", required=True, help="作成するPDFファイル")
    pdf.add_argument(
        "--version", type=int, metavar="N", help="提出済みの版を番号で指定（省略時は作業中の計画）"
    )
    pdf.add_argument("--fiscal-year", type=fiscal_year, metavar="年度", help=FISCAL_YEAR_HELP)
    xlsx = export_sub.add_parser("xlsx", help="都道府県提出用のExcelファイルを作成する")
    xlsx.add_argument("--db", metavar="PATH", required=True, help="データベースファイル")
    xlsx.add_argument(
        "--out", metavar="FILE|DIR", required=True, help="作成するファイル、またはフォルダ（名前は自動）"
    )
    publication = export_sub.add_parser(
        "publication-xlsx",
        help="「情報通信技術の利用に関する状況の公表」の表をExcelで作成する（ホームページ掲載用）",
    )
    publication.add_argument("--db", metavar="PATH", required=True, help="データベースファイル")
    publication.add_argument(
        "--out", metavar="FILE|DIR", required=True, help="作成するファイル、またはフォルダ"
    )
    publication.add_argument("--fiscal-year", type=fiscal_year, metavar="年度", help=FISCAL_YEAR_HELP)
    import_ = sub.add_parser("import", help="このアプリで作成したExcelファイルを取り込む")
    import_sub = import_.add_subparsers(dest="action", metavar="FORMAT", required=True)
    import_xlsx = import_sub.add_parser(
        "xlsx", help="Excelファイルを検証して取り込む（誤りがあれば何も書き込まない）"
    )
    import_xlsx.add_argument("--db", metavar="PATH", required=True, help="取り込み先のデータベースファイル")
    import_xlsx.add_argument("file", metavar="FILE", help="取り込むExcelファイル（.xlsx）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:
        key = (args.command, args.action) if hasattr(args, "action") else (args.command,)
        module, function = HEADLESS[key]
        return _report(getattr(importlib.import_module(module), function), args)
    from gui.app import run_gui

    return run_gui(db_path=Path(args.db) if args.db else None, smoke_test=args.smoke_test)


def _report(command: Callable[[Any], tuple[bool, list[str]]], args: argparse.Namespace) -> int:
    """Run a headless command; print its Japanese report or error and return the exit code."""
    from models.errors import AppError

    try:
        ok, lines = command(args)
    except AppError as exc:
        print(f"エラー：{exc.user_message}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
