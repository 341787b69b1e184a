"""まちDX台帳 — entry point.

Parses the command line, opens the store and either starts the GUI or runs a headless
command. Composition only: the work is done in models/, forms/ and gui/. Headless commands
never import Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from models.version import APP_NAME, APP_VERSION


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description=f"{APP_NAME}：町村のDX推進計画・マイナンバーカード交付円滑化計画・"
        "オンライン手続・テレワークの台帳",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {APP_VERSION}")
    parser.add_argument(
        "--db", metavar="PATH", help="使用するデータベースファイル（省略時はユーザーのデータフォルダ）"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="画面を表示せずに起動し、全ページを作成して終了する（動作確認用）",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="サンプルの町（みどり町）のデータベースを作成する")
    demo.add_argument("--db", metavar="PATH", required=True, help="作成するデータベースファイル")
    check = sub.add_parser("check", help="データベースの整合性と版を確認する（終了コード 0=正常 1=異常）")
    check.add_argument("--db", metavar="PATH", required=True, help="確認するデータベースファイル")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        from models.commands import create_demo_database

        return _report(create_demo_database, Path(args.db))
    if args.command == "check":
        from models.commands import check_database

        return _report(check_database, Path(args.db))
    from gui.app import run_gui

    return run_gui(db_path=Path(args.db) if args.db else None, smoke_test=args.smoke_test)


def _report(command: Callable[[Path], tuple[bool, list[str]]], path: Path) -> int:
    """Run a headless command; print its Japanese report or error and return the exit code."""
    from models.errors import AppError

    try:
        ok, lines = command(path)
    except AppError as exc:
        print(f"エラー：{exc.user_message}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
