"""バックアップ一覧 table: date (和暦), kind, size and data version of each generation."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from gui.tables.base import RecordTableModel
from models.calendar import to_wareki
from models.store.backups import BackupInfo
from models.usecases.backup import size_text

COLUMNS = (
    (
        "作成日時",
        lambda b: f"{to_wareki(b.created_at.date())} {b.created_at:%H:%M:%S}",
        Qt.AlignmentFlag.AlignLeft,
    ),
    ("種類", lambda b: b.reason_label, Qt.AlignmentFlag.AlignLeft),
    ("サイズ", lambda b: size_text(b.size), Qt.AlignmentFlag.AlignRight),
    (
        "データの版",
        lambda b: "読めません" if b.schema_version is None else str(b.schema_version),
        Qt.AlignmentFlag.AlignRight,
    ),
)


class BackupTableModel(RecordTableModel[BackupInfo]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
