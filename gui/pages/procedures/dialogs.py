"""Dialogs of the オンライン手続 page: a town procedure (add / edit), a 年度's figures pasted
from Excel (preview, unmatched names mapped or added), and (from ``catalogue_dialog``) a
newer national list (the diff before it applies).

Every dialog checks its input as it is typed, keeps its OK button disabled while something
is wrong and gives its result with ``value()``. The page opens them through :func:`run` and
chooses files through :func:`choose_catalogue_file`; tests replace both.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.pages.issuance.dialogs import RecordDialog
from gui.pages.procedures.catalogue_dialog import CatalogueUpdateDialog, DiffTableModel, diff_rows
from gui.widgets.dialog_parts import ok_cancel_buttons, problem_label
from models.calendar import fiscal_year_label, parse_fiscal_year
from models.errors import ValidationError
from models.numbers import format_count, format_rate
from models.procedures.catalogue import grouped
from models.procedures.matching import UnmatchedRow, UsagePaste, match_name, parse_usage_block
from models.procedures.records import CatalogueEntry, UsageFigures
from models.procedures.repository import MAX_NAME_LENGTH
from models.procedures.summary import usage_rate
from models.text import normalise_for_matching

CATALOGUE_FILTER = "手続一覧（*.csv *.xlsx）"
ADD_AS_TOWN = "__add__"  # the unmatched row becomes a new town procedure
SKIP = ""  # the unmatched row is not taken


def run(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True when the user accepted it."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def choose_catalogue_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "新しい手続一覧を選ぶ", str(Path.home()), CATALOGUE_FILTER)
    return Path(name) if name else None


def _item(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _count(value: int | None) -> str:
    return "" if value is None else format_count(value)


def _table(columns: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


# -- a town procedure ------------------------------------------------------------------------
class TownProcedureDialog(RecordDialog):
    """「独自の手続を追加」 / 「編集」: the name (required, unique after normalisation), an
    optional category and, when adding, the owner 課."""

    def __init__(
        self,
        catalogue: Sequence[CatalogueEntry],
        entry: CatalogueEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("独自の手続の編集" if entry else "独自の手続の追加", parent)
        self.entry = entry
        self.catalogue = [e for e in catalogue if not e.retired and (entry is None or e.code != entry.code)]
        self.name = QLineEdit(entry.name if entry else "")
        self.name.setAccessibleName("手続の名称")
        self.name.setMaxLength(MAX_NAME_LENGTH + 20)
        self.name.setPlaceholderText("例：指定ごみ袋の購入申込")
        self.category = QLineEdit(entry.category if entry else "")
        self.category.setAccessibleName("分類")
        self.category.setPlaceholderText("任意（例：環境・ごみ）")
        self.category.setMaxLength(50)
        self.owner = QLineEdit()
        self.owner.setAccessibleName("担当課")
        self.owner.setMaxLength(100)
        self.add_row("name", "手続の名称", self.name)
        self.add_row("category", "分類", self.category)
        if entry is None:
            self.add_row("owner", "担当課", self.owner)
        explain = QLabel(
            "本町独自の手続は「本町独自の手続」の区分に表示され、31手続・優先手続の集計には含まれません。"
        )
        explain.setWordWrap(True)
        self.layout_.insertWidget(0, explain)
        self.name.textChanged.connect(self.validate)
        self.finish()
        self.resize(560, self.sizeHint().height())

    def messages(self) -> dict[str, str]:
        name = self.name.text().strip()
        if not name:
            return {"name": "手続の名称を入力してください。"}
        if len(name) > MAX_NAME_LENGTH:
            return {"name": f"手続の名称は{MAX_NAME_LENGTH}文字以内で入力してください。"}
        same = match_name(name, self.catalogue)
        if same is not None:
            return {"name": f"同じ名称の手続「{same.name}」がすでにあります（コード：{same.code}）。"}
        return {}

    def value(self) -> tuple[str, str, str]:
        return self.name.text().strip(), self.category.text().strip(), self.owner.text().strip()


# -- a 年度's figures pasted from Excel ----------------------------------------------------------
class UsagePasteDialog(QDialog):
    """「年度の件数をExcelから貼り付け」: choose the 年度, paste 手続名 / 手続総件数 / うちオン
    ライン件数; matched rows are previewed with their rate, each unmatched name is mapped to
    a procedure or added as a town procedure (or left out), every rejected cell is listed."""

    def __init__(
        self,
        catalogue: Sequence[CatalogueEntry],
        current: dict[tuple[str, int], UsageFigures],
        fiscal_year: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue = list(catalogue)
        self.current = current
        self.names = {e.code: e.name for e in self.catalogue}
        self.paste: UsagePaste | None = None
        self.fiscal_year: int | None = fiscal_year
        self.setWindowTitle("年度の件数をExcelから貼り付け")
        self.resize(900, 680)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Excelで「手続名・手続総件数・うちオンライン件数」の3列（見出し行があってもかまいません）を選んでコピーし、"
            "下の欄に貼り付けてください（Ctrl+V）。手続名は半角カナや記号の違いを無視して一覧と照合します。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        year = QHBoxLayout()
        year.addWidget(QLabel("年度"))
        self.year = QLineEdit(fiscal_year_label(fiscal_year))
        self.year.setAccessibleName("取り込む年度")
        self.year.setPlaceholderText("例：令和5年度、R5、2023")
        self.year.setMaximumWidth(180)
        year.addWidget(self.year)
        self.year_echo = QLabel()
        year.addWidget(self.year_echo, 1)
        layout.addLayout(year)
        row = QHBoxLayout()
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("貼り付ける内容")
        self.text.setPlaceholderText("児童手当等の現況届\t1450\t1023\n妊娠の届出\t120\t45")
        self.text.setMaximumHeight(120)
        row.addWidget(self.text, 1)
        paste = QPushButton("クリップボードから貼り付け")
        paste.clicked.connect(self.paste_clipboard)
        row.addWidget(paste, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        matched = QWidget()
        box = QVBoxLayout(matched)
        box.setContentsMargins(0, 0, 0, 0)
        self.matched_label = QLabel("一覧と一致した手続")
        box.addWidget(self.matched_label)
        self.matched = _table(
            ("手続名", "手続総件数", "うちオンライン件数", "利用率", "今の値（総件数／オンライン）"),
            "一覧と一致した手続",
        )
        box.addWidget(self.matched)
        splitter.addWidget(matched)
        unmatched = QWidget()
        box = QVBoxLayout(unmatched)
        box.setContentsMargins(0, 0, 0, 0)
        self.unmatched_label = QLabel("一覧にない名称（取り込み先を選んでください）")
        box.addWidget(self.unmatched_label)
        self.unmatched = _table(
            ("貼り付けた名称", "手続総件数", "うちオンライン件数", "取り込み先"), "一覧にない名称"
        )
        self.unmatched.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.unmatched.setColumnWidth(3, 320)
        box.addWidget(self.unmatched)
        splitter.addWidget(unmatched)
        layout.addWidget(splitter, 1)
        self.problems = problem_label("取り込めないセル")
        layout.addWidget(self.problems)
        self.buttons, self.apply_button = ok_cancel_buttons(self, "取り込む")
        layout.addWidget(self.buttons)
        self.combos: list[QComboBox] = []
        self.text.textChanged.connect(self.update_preview)
        self.year.textChanged.connect(self.update_preview)
        self.update_preview()

    def paste_clipboard(self) -> None:
        self.text.setPlainText(QGuiApplication.clipboard().text())

    def _target_combo(self, row: UnmatchedRow) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(f"「{row.name}」の取り込み先")
        combo.addItem("（取り込まない）", SKIP)
        combo.addItem("本町独自の手続として追加", ADD_AS_TOWN)
        for group, entries in grouped(self.catalogue, include_retired=False):
            combo.insertSeparator(combo.count())
            for entry in entries:
                combo.addItem(f"{group}：{entry.name}", entry.code)
        combo.currentIndexChanged.connect(self._check)
        return combo

    def update_preview(self) -> None:
        try:
            self.fiscal_year = parse_fiscal_year(self.year.text())
            self.year_echo.setText(f"→ {fiscal_year_label(self.fiscal_year, with_seireki=True)}")
        except ValidationError as exc:
            self.fiscal_year = None
            self.year_echo.setText(f"⚠ {exc.user_message}")
        text = self.text.toPlainText()
        fy = self.fiscal_year
        self.paste = parse_usage_block(text, self.catalogue, fy) if text.strip() and fy else None
        rows = self.paste.rows if self.paste else []
        self.matched.setRowCount(len(rows))
        for r, figures in enumerate(rows):
            old = self.current.get((figures.code, figures.fiscal_year))
            cells = (
                _item(self.names.get(figures.code, figures.code)),
                _item(_count(figures.total), right=True),
                _item(_count(figures.online), right=True),
                _item(format_rate(usage_rate(figures)), right=True),
                _item(f"{format_count(old.total)}／{format_count(old.online)}" if old else "－／－"),
            )
            for c, item in enumerate(cells):
                self.matched.setItem(r, c, item)
        self.matched_label.setText(f"一覧と一致した手続（{len(rows)}件）")
        unmatched = self.paste.unmatched if self.paste else []
        self.unmatched.setRowCount(len(unmatched))
        self.combos = []
        for r, row in enumerate(unmatched):
            self.unmatched.setItem(r, 0, _item(row.name))
            self.unmatched.setItem(r, 1, _item(_count(row.total), right=True))
            self.unmatched.setItem(r, 2, _item(_count(row.online), right=True))
            combo = self._target_combo(row)
            self.unmatched.setCellWidget(r, 3, combo)
            self.combos.append(combo)
        self.unmatched_label.setText(
            f"一覧にない名称（{len(unmatched)}件）：取り込み先の手続を選ぶか、本町独自の手続として追加してください"
            if unmatched
            else "一覧にない名称はありません"
        )
        self._check()

    def problem_texts(self) -> list[str]:
        """Rejected cells, then mapping problems (the same procedure twice)."""
        found = [p.text() for p in (self.paste.problems if self.paste else [])]
        return found + self._mapping_problems()

    def _mapping_problems(self) -> list[str]:
        if self.paste is None:
            return []
        taken = {figures.code: "一覧と一致した行" for figures in self.paste.rows}
        added: dict[str, int] = {}  # matching key of a name to add → its line
        found: list[str] = []
        for row, combo in zip(self.paste.unmatched, self.combos, strict=True):
            code = str(combo.currentData() or "")
            if code == ADD_AS_TOWN:
                key = normalise_for_matching(row.name)
                if key in added:
                    found.append(
                        f"{row.line_no}行目「{row.name}」：{added[key]}行目と同じ名称の手続を二重に追加することになります。"
                    )
                added.setdefault(key, row.line_no)
                continue
            if code == SKIP:
                continue
            if code in taken:
                found.append(
                    f"{row.line_no}行目「{row.name}」：取り込み先の「{self.names[code]}」は{taken[code]}と重複しています。"
                )
            else:
                taken[code] = f"{row.line_no}行目"
        return found

    def _check(self) -> None:
        problems = self.problem_texts()
        self.problems.setText("\n".join(f"⚠ {p}" for p in problems))
        self.problems.setVisible(bool(problems))
        figures, added = self.value()
        self.apply_button.setEnabled(self.paste is not None and not problems and bool(figures or added))

    def map_row(self, index: int, target: str) -> None:
        """Choose the target of unmatched row ``index`` (a code, ADD_AS_TOWN or SKIP)."""
        combo = self.combos[index]
        combo.setCurrentIndex(combo.findData(target))

    def value(self) -> tuple[list[UsageFigures], list[tuple[str, int | None, int | None]]]:
        """(figures to store, (name, total, online) of the town procedures to add)."""
        if self.paste is None or self.fiscal_year is None:
            return [], []
        figures = list(self.paste.rows)
        added: list[tuple[str, int | None, int | None]] = []
        for row, combo in zip(self.paste.unmatched, self.combos, strict=True):
            target = str(combo.currentData() or "")
            if row.total is None and row.online is None:
                continue
            if target == ADD_AS_TOWN:
                added.append((row.name, row.total, row.online))
            elif target:
                figures.append(UsageFigures(target, self.fiscal_year, row.total, row.online))
        return figures, added

    def accept(self) -> None:
        if self.apply_button.isEnabled():
            super().accept()


__all__ = [
    "ADD_AS_TOWN",
    "SKIP",
    "CatalogueUpdateDialog",
    "DiffTableModel",
    "TownProcedureDialog",
    "UsagePasteDialog",
    "choose_catalogue_file",
    "diff_rows",
    "run",
]
