"""Hand-over packages from the command line (``main.py handover create`` / ``open``).

The passphrase never appears on the command line (other users can read the process list):
it comes from the first line of ``--passphrase-file`` or from the ``MACHIDX_PASSPHRASE``
environment variable. Each command returns (ok, lines to print) and raises ``AppError`` for
expected failures.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from models.errors import AppError
from models.store.database import Store
from models.store.handover import check_passphrase, create_package, read_package, restore_package
from models.store.lock import exclusive

PASSPHRASE_ENV = "MACHIDX_PASSPHRASE"


def read_passphrase(passphrase_file: str | None) -> str:
    """The passphrase from the first line of ``passphrase_file`` (only the line break is
    removed) or, without a file, from the environment variable ``MACHIDX_PASSPHRASE``."""
    if passphrase_file:
        path = Path(passphrase_file).expanduser()
        try:
            # utf-8-sig: Windows Notepad may start the file with a byte-order mark.
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise AppError(
                f"パスフレーズファイルを読み込めません：{path}", detail=type(exc).__name__
            ) from exc
        passphrase = text.split("\n", 1)[0].removesuffix("\r")
        if not passphrase:
            raise AppError(f"パスフレーズファイルの1行目が空です：{path}")
        return passphrase
    passphrase = os.environ.get(PASSPHRASE_ENV, "")
    if passphrase:
        return passphrase
    raise AppError(
        "パスフレーズを --passphrase-file か環境変数 MACHIDX_PASSPHRASE で指定してください"
        "（コマンドラインには書かないでください）"
    )


def create_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py handover create --db PATH --out FILE [--passphrase-file F]``"""
    passphrase = read_passphrase(args.passphrase_file)
    check_passphrase(passphrase)
    out = Path(args.out).expanduser().absolute()
    # migrate=False: exporting never changes the user's file; the receiver migrates.
    store = Store.open(Path(args.db), create=False, migrate=False)
    try:
        manifest = create_package(store, out, passphrase)
    finally:
        store.close()
    return True, [*manifest.summary_lines(), f"引き継ぎファイルを作成しました：{out}"]


def open_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py handover open FILE --db PATH [--passphrase-file F]``

    Refuses a target another instance is editing (writer lock); a stale lock left by a
    crashed instance is taken over. An existing target is backed up first.
    """
    passphrase = read_passphrase(args.passphrase_file)
    package = Path(args.package).expanduser().absolute()
    target = Path(args.db).expanduser().absolute()
    read_package(package, passphrase)  # a wrong passphrase or damaged file: nothing written
    with exclusive(target, "展開先のデータベースは使用中です"):
        manifest, backup = restore_package(package, passphrase, target)
    lines = [f"引き継ぎファイルを開きました：{package}", *manifest.summary_lines()]
    if backup is not None:
        lines.append(f"元のデータベースをバックアップしました：{backup}")
    lines.append(f"データベースに展開しました：{target}")
    return True, lines
