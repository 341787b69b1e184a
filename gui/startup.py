"""Opening a database for the GUI: first start, the writer lock, damaged files and
automatic daily backups."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from gui import errors
from gui.dialogs import first_start
from gui.session import Session
from models.calendar import to_wareki
from models.errors import AppError, DamagedDatabaseError, StorageError
from models.store import backups
from models.store.database import Store
from models.store.lock import WriterLock
from models.usecases.backup import automatic_backup

DB_FILTER = "まちDX台帳データ (*.db);;すべてのファイル (*)"


def open_at_start(path: Path) -> Session | None:
    """Open ``path``; when it does not exist, ask how to begin. None = the user quit."""
    while True:
        if path.exists():
            session = open_session(path)
            if session is not None:
                return session
            chosen = choose_existing_file(None)
            if chosen is None:
                return None
            path = chosen
            continue
        choice = first_start.ask_start_choice()
        if choice is None:
            return None
        if choice is first_start.StartChoice.OPEN:
            chosen = choose_existing_file(None)
            if chosen is not None:
                path = chosen
            continue
        session = create_session(path, demo=choice is first_start.StartChoice.DEMO)
        if session is not None:
            return session
        chosen = choose_new_file(None)
        if chosen is None:
            return None
        path = chosen


def open_session(path: Path, parent: QWidget | None = None) -> Session | None:
    """Open an existing file for editing, or read-only when another instance has it.

    A damaged file leads to the offer of the newest good backup; any other failure is
    explained and None returned.
    """
    lock = WriterLock(path)
    try:
        holder = lock.acquire()
    except StorageError:
        return _open_read_only(path, parent)  # e.g. a read-only folder: no lock can be taken
    if holder is not None and lock.is_stale(holder):
        if errors.ask_yes_no(
            parent,
            f"このファイルには、終了していない編集の記録が残っています（{holder.label()}）。\n"
            "前回アプリが正常に終了しなかった可能性があります。編集を引き継ぎますか？\n"
            "（「いいえ」を選ぶと読み取り専用で開きます）",
            title="編集中の記録",
        ):
            lock.take_over()
            holder = None
    readonly = holder is not None
    try:
        try:
            store = Store.open(path, create=False, readonly=readonly)
        except DamagedDatabaseError as exc:
            if readonly or not _offer_newest_backup(path, exc, parent):
                raise
            store = Store.open(path, create=False)
    except AppError as exc:
        if not readonly:
            lock.release()
        errors.show_error(parent, exc, title="データファイルを開けません")
        return None
    session = Session(store, lock=None if readonly else lock, holder=holder)
    remember(path)
    if not readonly:
        daily_backup(session, parent)
    return session


def _open_read_only(path: Path, parent: QWidget | None) -> Session | None:
    try:
        store = Store.open(path, create=False, readonly=True)
    except AppError as exc:
        errors.show_error(parent, exc, title="データファイルを開けません")
        return None
    remember(path)
    return Session(store)


def _offer_newest_backup(path: Path, problem: AppError, parent: QWidget | None) -> bool:
    """Ask to restore the newest good backup over a damaged file; True when restored."""
    newest = backups.newest_good_backup(path)
    if newest is None:
        return False
    when = f"{to_wareki(newest.created_at.date())} {newest.created_at:%H:%M}"
    if not errors.ask_yes_no(
        parent,
        f"{problem.user_message}\n\n最新の正常なバックアップ（{when}、{newest.reason_label}）から復元しますか？\n"
        "壊れたファイルは削除せず、バックアップフォルダに残します。",
        title="データファイルが壊れています",
    ):
        return False
    backups.restore_backup(path, newest.path)
    return True


def daily_backup(session: Session, parent: QWidget | None = None) -> None:
    """Once a day on open: a backup generation, so a bad day can be undone."""
    try:
        automatic_backup(session.store, "daily")
    except AppError as exc:
        errors.show_error(parent, exc, title="自動バックアップに失敗しました")


def create_session(path: Path, *, demo: bool, parent: QWidget | None = None) -> Session | None:
    """Create a new file (empty or the demo town); on failure explain why and return None."""
    lock = WriterLock(path)
    if lock.acquire() is not None:
        errors.show_error(parent, "このファイルは他の端末で使用中です。別の名前を指定してください。")
        return None
    try:
        store = Store.open(path)
        if demo:
            from models.demo import create_demo  # the demo data loads only when asked for

            create_demo(store)
    except AppError as exc:
        lock.release()
        errors.show_error(parent, exc, title="データファイルを作成できません")
        return None
    remember(path)
    return Session(store, lock=lock)


def remember(path: Path) -> None:
    from gui.app import ui_settings

    ui_settings().setValue("last_db", str(path))


def choose_existing_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "データファイルを開く", "", DB_FILTER)
    return Path(name) if name else None


def choose_new_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "新しいデータファイル", "machidx.db", DB_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".db")
