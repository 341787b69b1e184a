"""One open database as the GUI sees it: the store, its repositories, the writer lock, the
undo stack and change signals that pages listen to."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from models.errors import StorageError
from models.settings import DomainSettings
from models.store.database import Store
from models.store.lock import HEARTBEAT_INTERVAL, LockInfo, LockTakenOverError, WriterLock
from models.store.settings_repository import MetaRepository, SettingsRepository
from models.store.town_repository import TownRepository

if TYPE_CHECKING:
    from models.issuance.repository import IssuanceRepository
    from models.procedures.repository import ChecklistRepository


class Session(QObject):
    town_changed = Signal()
    settings_changed = Signal()
    issuance_changed = Signal()  # the working 交付円滑化計画 or its versions changed
    procedures_changed = Signal()  # the オンライン手続 checklist (statuses, figures, list) changed
    lock_lost = Signal(str)  # Japanese reason: another instance took over the file

    def __init__(
        self,
        store: Store,
        parent: QObject | None = None,
        *,
        lock: WriterLock | None = None,
        holder: LockInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.lock = lock
        self.holder = holder  # who holds the file when we opened it read-only
        self.town = TownRepository(store)
        self.settings = SettingsRepository(store)
        self.meta = MetaRepository(store)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)
        self._closed = False
        self._heartbeat = QTimer(self)
        if lock is not None:
            self._heartbeat.setInterval(int(HEARTBEAT_INTERVAL.total_seconds() * 1000))
            self._heartbeat.timeout.connect(self._refresh_lock)
            self._heartbeat.start()

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    @cached_property
    def issuance(self) -> IssuanceRepository:
        """The 交付円滑化計画 repository (imported on first use: start-up stays fast)."""
        from models.issuance.repository import IssuanceRepository

        return IssuanceRepository(self.store)

    @cached_property
    def procedures(self) -> ChecklistRepository:
        """The オンライン手続 checklist repository (imported on first use)."""
        from models.procedures.repository import ChecklistRepository

        return ChecklistRepository(self.store)

    @property
    def domain_settings(self) -> DomainSettings:
        return self.settings.load()

    def _refresh_lock(self) -> None:
        """Heartbeat. Losing the lock to another instance is final; a failed write of the
        heartbeat (a share briefly gone) is retried at the next tick."""
        assert self.lock is not None
        try:
            self.lock.refresh()
        except LockTakenOverError as exc:
            self._heartbeat.stop()
            self.lock_lost.emit(exc.user_message)
        except StorageError:
            pass

    def close(self) -> None:
        """Close the database and release the writer lock (safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        self._heartbeat.stop()
        self.undo_stack.clear()
        self.store.close()
        if self.lock is not None:
            self.lock.release()
