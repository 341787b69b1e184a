"""One open database as the GUI sees it: the store, its repositories, the undo stack and
change signals that pages listen to."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from models.settings import DomainSettings
from models.store.database import Store
from models.store.settings_repository import MetaRepository, SettingsRepository
from models.store.town_repository import TownRepository


class Session(QObject):
    town_changed = Signal()
    settings_changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.town = TownRepository(store)
        self.settings = SettingsRepository(store)
        self.meta = MetaRepository(store)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)

    @property
    def domain_settings(self) -> DomainSettings:
        return self.settings.load()

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()
