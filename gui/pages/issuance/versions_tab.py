"""提出版 tab: freeze the saved plan as a submitted version (策定 / 改訂), list the versions
and compare two of them (or a version and the working plan) as a 新旧対照."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
)

from gui import errors
from gui.pages.issuance import dialogs
from gui.pages.issuance.common import IssuanceTab, button, make_table
from gui.tables.issuance_tables import ComparisonTableModel, VersionTableModel
from models.errors import AppError
from models.issuance.comparison import compare_plans
from models.issuance.labels import version_label
from models.issuance.records import IssuancePlan, PlanVersion
from models.issuance.validation import has_errors
from models.usecases.backup import automatic_backup

if TYPE_CHECKING:
    from gui.pages.issuance_page import IssuancePage

WORKING = -1  # the combo value of the working plan


class VersionsTab(IssuanceTab):
    key = "versions"
    title = "提出版"

    def __init__(self, page: IssuancePage) -> None:
        super().__init__(page)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.freeze_button = button(
            "この内容で提出版を確定…",
            "保存済みの計画を提出版（策定・改訂）として確定し、提出時のPDFも保存します",
        )
        self.freeze_button.clicked.connect(self.freeze)
        self.freeze_button.setEnabled(not self.readonly)
        bar.addWidget(self.freeze_button)
        explain = QLabel(
            "確定した版は変更できません。提出したとおりの帳票は「帳票出力」でいつでも印刷できます。"
        )
        explain.setWordWrap(True)
        bar.addWidget(explain, 1)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        list_box = QGroupBox("確定した版")
        ll = QVBoxLayout(list_box)
        self.versions = VersionTableModel(self)
        self.version_table = make_table(self.versions, "確定した版の一覧", stretch=(2,), rows=3)
        ll.addWidget(self.version_table)
        self.empty = QLabel("まだ確定した版はありません。")
        ll.addWidget(self.empty)
        splitter.addWidget(list_box)

        compare_box = QGroupBox("新旧対照（主な数値）")
        cl = QVBoxLayout(compare_box)
        row = QHBoxLayout()
        self.compare_previous_button = button(
            "前の版と比較", "選んだ版（選んでいなければ作業中の計画）を、その前の版と比べます"
        )
        self.compare_previous_button.clicked.connect(self.compare_with_previous)
        row.addWidget(self.compare_previous_button)
        row.addWidget(QLabel("旧："))
        self.old_combo = QComboBox()
        self.old_combo.setAccessibleName("比較する旧の版")
        row.addWidget(self.old_combo, 1)
        row.addWidget(QLabel("新："))
        self.new_combo = QComboBox()
        self.new_combo.setAccessibleName("比較する新の版")
        row.addWidget(self.new_combo, 1)
        self.only_changed = QCheckBox("変更のある項目だけ表示")
        self.only_changed.setChecked(True)
        row.addWidget(self.only_changed)
        cl.addLayout(row)
        self.comparison = ComparisonTableModel(self)
        self.comparison_table = make_table(self.comparison, "新旧対照の表", stretch=(1, 2), rows=6)
        self.comparison_table.setWordWrap(True)
        self.comparison_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        cl.addWidget(self.comparison_table, 1)
        self.comparison_note = QLabel()
        self.comparison_note.setWordWrap(True)
        cl.addWidget(self.comparison_note)
        splitter.addWidget(compare_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.old_combo.currentIndexChanged.connect(self.compare)
        self.new_combo.currentIndexChanged.connect(self.compare)
        self.only_changed.toggled.connect(self.compare)
        self._versions: list[PlanVersion] = []

    # -- state ---------------------------------------------------------------------
    def load(self) -> None:
        self._versions = self.session.issuance.versions()
        self.versions.set_rows(self._versions)
        self.empty.setVisible(not self._versions)
        self._fill_combos()
        self.refresh()

    def refresh(self) -> None:
        self.compare()

    def _fill_combos(self) -> None:
        old_value, new_value = self.old_combo.currentData(), self.new_combo.currentData()
        for combo in (self.old_combo, self.new_combo):
            combo.blockSignals(True)
            combo.clear()
            for v in self._versions:
                combo.addItem(f"{version_label(v.number, v.kind)} {v.label}", v.number)
        self.new_combo.insertItem(0, "作業中の計画", WORKING)
        self._select(self.new_combo, new_value if new_value is not None else WORKING)
        if old_value is None and self._versions:
            old_value = self._versions[0].number  # newest version
        self._select(self.old_combo, old_value)
        for combo in (self.old_combo, self.new_combo):
            combo.blockSignals(False)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def _plan_of(self, value: object) -> IssuancePlan | None:
        if value == WORKING:
            return self.draft.plan
        for v in self._versions:
            if v.number == value:
                return v.plan
        return None

    def compare(self) -> None:
        old = self._plan_of(self.old_combo.currentData())
        new = self._plan_of(self.new_combo.currentData())
        if old is None or new is None:
            self.comparison.set_rows([])
            self.comparison_note.setText("比べるには、確定した版が1つ以上必要です。")
            return
        rows = compare_plans(old, new)
        changed = [r for r in rows if r.changed]
        self.comparison.set_rows(changed if self.only_changed.isChecked() else rows)
        dirty = " 作業中の計画には保存していない変更も含みます。" if self.draft.is_dirty() else ""
        self.comparison_note.setText(
            (f"変更のある項目：{len(changed)}件（＊印）。" if changed else "主な数値に変更はありません。")
            + dirty
        )

    def compare_with_previous(self) -> None:
        """新 = the selected version (or the working plan), 旧 = the version before it."""
        index = self.version_table.currentIndex()
        if index.isValid():
            chosen = self.versions.row(index.row())
            self._select(self.new_combo, chosen.number)
            older = [v for v in self._versions if v.number < chosen.number]
            if older:
                self._select(self.old_combo, older[0].number)
        else:
            self._select(self.new_combo, WORKING)
            if self._versions:
                self._select(self.old_combo, self._versions[0].number)
        self.compare()

    # -- freezing ------------------------------------------------------------------
    def freeze(self) -> None:
        """Save pending edits, ask kind and label, back up, freeze, then keep its PDF."""
        page = self.page
        if self.readonly:
            return
        if page.has_unsaved_changes() or self.draft.needs_saving():
            if not errors.ask_yes_no(
                self, "保存していない変更があります。保存してから提出版を確定しますか？"
            ):
                return
            if not page.save():
                errors.show_error(
                    self, "入力内容に誤りがあるため保存できません。画面上部の ⚠ の項目を直してください。"
                )
                return
        if has_errors(self.draft.issues):
            errors.show_error(
                self, "計画に誤りがあるため提出版にできません。画面上部の ⚠ の項目を直してください。"
            )
            return
        dialog = dialogs.FreezeDialog(first=not self._versions, today=date.today(), parent=self)
        if not dialogs.run(dialog):
            return
        kind, label = dialog.value()
        town_name, lg_code = self.session.town.identity()
        try:
            automatic_backup(self.session.store, "freeze")
            version = self.session.issuance.freeze(
                kind=kind, label=label, town_name=town_name, lg_code=lg_code
            )
        except AppError as exc:
            errors.show_error(self, exc, title="提出版を確定できません")
            return
        try:
            pdf_note = self._attach_pdf(version)
        finally:
            self.session.issuance_changed.emit()  # the version exists, with or without its PDF
        errors.show_info(
            self,
            f"{version_label(version.number, version.kind)}「{version.label}」として確定しました。{pdf_note}",
        )

    def _attach_pdf(self, version: PlanVersion) -> str:
        """Print the new version and keep the PDF with it (the exact reprint)."""
        try:
            from forms.commands.pdf import render_form
        except ImportError:  # the form engine is not part of this build
            return ""
        try:
            pdf = render_form(self.session.store, "issuance", version=version.number)
            self.session.issuance.attach_pdf(version.number, pdf)
        except AppError as exc:
            return f"\n（提出時のPDFは保存できませんでした：{exc.user_message} 帳票出力から印刷できます。）"
        return "\n提出時のPDFも保存しました。"
