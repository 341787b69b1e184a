"""「手続一覧の更新」: the changes a newer national list makes (追加・名称変更・変更・掲載終了),
as ``models.procedures.catalogue_update.diff_catalogue`` finds them, shown before they apply,
with the version label of the new list. The town's answers and figures always stay."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.pages.issuance.common import ERROR_STYLE
from gui.tables.base import RecordTableModel
from models.procedures.catalogue_update import CatalogueDiff

LEFT = Qt.AlignmentFlag.AlignLeft


def diff_rows(diff: CatalogueDiff) -> list[tuple[str, str, str, str]]:
    """(種類, コード, 手続名, 内容) for the preview table, from the models' diff."""
    rows = [("追加", e.code, e.name, "新しく一覧に載ります（状況は「未定」から）") for e in diff.added]
    rows += [("名称変更", d.code, d.after.name, f"旧：{d.before.name}") for d in diff.renamed]
    for d in (*diff.renamed, *diff.changed):
        rows += [("変更", d.code, d.after.name, f.text()) for f in d.fields if f.field != "name"]
    rows += [
        ("掲載終了", e.code, e.name, "一覧から外れます（状況と件数の記録は残ります）") for e in diff.removed
    ]
    return rows


class DiffTableModel(RecordTableModel[tuple[str, str, str, str]]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                ("種類", lambda r: r[0], LEFT),
                ("コード", lambda r: r[1], LEFT),
                ("手続名", lambda r: r[2], LEFT),
                ("内容", lambda r: r[3], LEFT),
            ],
            parent,
        )


class CatalogueUpdateDialog(QDialog):
    """The changes a newer list makes (追加・名称変更・変更・掲載終了) and its version label;
    the town's answers and figures always stay."""

    def __init__(
        self, diff: CatalogueDiff, path: Path, current_version: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.diff = diff
        self.setWindowTitle("手続一覧の更新")
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        counts = (
            f"追加 {len(diff.added)}件・名称変更 {len(diff.renamed)}件・変更 {len(diff.changed)}件・"
            f"掲載終了 {len(diff.removed)}件"
        )
        self.summary = QLabel(
            f"「{path.name}」と現在の一覧（版：{current_version or '不明'}）の違い：{counts}。\n"
            "更新しても、各手続の状況（オンライン化済・予定など）と年度別の件数はそのまま残ります。"
            "一覧から外れる手続は削除せず「掲載終了」として記録を残します。"
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = DiffTableModel(self)
        self.model.set_records(diff_rows(diff))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("手続一覧の変更点")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        version = QHBoxLayout()
        version.addWidget(QLabel("新しい一覧の版"))
        self.version = QLineEdit(path.stem)
        self.version.setAccessibleName("新しい一覧の版")
        self.version.setPlaceholderText("例：2024-04（令和6年4月の一覧）")
        self.version.setMaxLength(100)
        version.addWidget(self.version, 1)
        layout.addLayout(version)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("この内容で更新する")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.version.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        message = ""
        if self.diff.is_empty:
            message = "現在の一覧と違いはありません。"
        elif not self.version.text().strip():
            message = "新しい一覧の版を入力してください（例：2024-04）。"
        self.error.setText(f"⚠ {message}" if message else "")
        self.error.setVisible(bool(message))
        self.apply_button.setEnabled(not message)

    def value(self) -> str:
        return self.version.text().strip()

    def accept(self) -> None:
        if self.apply_button.isEnabled():
            super().accept()
