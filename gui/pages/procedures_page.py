"""オンライン手続 page: the 行政手続オンライン化チェックリスト (PRODUCT.md §2.4).

At the top, the header figures — 31手続 and 優先手続, each 「対象 n件中 オンライン化済 m件（x%）」
with the ぴったりサービス-only count beside it (the national dashboard counts only that) —
and the checklist's alerts (⚠ errors block saving, ℹ warnings are advice). Below, the
procedures grouped as the documents group them, filtered by category, status, channel,
overdue and a search that ignores half-width kana and look-alike characters; under the
list, the selected procedure's answer and per-年度 figures.

Edits go into a draft (``procedures.draft``) and every figure shown is computed from it by
``models.procedures``; 保存 turns them into one undo command. Pasting a 年度 from Excel,
the town's own procedures and a newer national list are one command each
(``procedures.actions``). A read-only session shows everything and edits nothing.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent, QUndoCommand
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui import errors
from gui.commands import ChecklistEditCommand
from gui.pages.base import Page, SaveBar
from gui.pages.procedures import actions
from gui.pages.procedures.detail import DetailPanel
from gui.pages.procedures.draft import ChecklistDraft, DraftProblem
from gui.pages.procedures.header import AlertList, FiguresBox
from gui.pages.procedures.listing import ProcedureList, latest_year_header, procedure_rows
from gui.session import Session
from gui.tables.procedure_tables import ProcedureRow
from models.procedures.catalogue import grouped
from models.procedures.repository import NATIONAL_NOT_DELETABLE
from models.procedures.summary import coverage_31, coverage_priority

READONLY_TIP = "読み取り専用で開いているため変更できません"


class ProceduresPage(Page):
    title = "オンライン手続"

    def __init__(self, session: Session, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.draft = ChecklistDraft(session, self)
        if today is not None:  # the alerts' "today" (tests and screenshots fix it)
            self.draft.today = today
        self._search_keys: dict[str, str] = {}
        self._problems: list[DraftProblem] | None = None
        self._sized = False
        self._build()
        self.draft.changed.connect(self._on_draft_changed)
        self.reload()
        session.procedures_changed.connect(self.reload)
        session.settings_changed.connect(self._on_settings_changed)

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>行政手続のオンライン化チェックリスト</h2>"), 1)
        self.version_label = QLabel()
        self.version_label.setStyleSheet("color: #555;")
        top.addWidget(self.version_label, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(top)
        self.figures = FiguresBox()
        self.figures_31 = self.figures.figures_31
        self.figures_priority = self.figures.figures_priority
        outer.addWidget(self.figures)
        self.alerts = AlertList()
        self.alerts.itemActivated.connect(self._on_alert_activated)
        outer.addWidget(self.alerts)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        self.listing = ProcedureList()
        self.listing.current_changed.connect(self._on_current_changed)
        self.listing.filtered.connect(self._on_filtered)
        upper_layout.addWidget(self.listing, 1)
        # the list's parts, by the names the tests and the screenshots use
        self.model, self.proxy, self.tree = self.listing.model, self.listing.proxy, self.listing.tree
        self.group_filter, self.status_filter = self.listing.group_filter, self.listing.status_filter
        self.channel_filter, self.overdue_filter = self.listing.channel_filter, self.listing.overdue_filter
        self.retired_filter, self.search = self.listing.retired_filter, self.listing.search
        self.count_label = self.listing.count_label
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        self.add_button = self._button("独自の手続を追加…", "国の一覧にない本町独自の手続を追加します")
        self.add_button.clicked.connect(self.add_town_procedure)
        self.edit_button = self._button("編集…")
        self.edit_button.clicked.connect(self.edit_town_procedure)
        self.retire_button = self._button("使わなくなった（廃止）")
        self.retire_button.clicked.connect(self.retire_town_procedure)
        for button in (self.add_button, self.edit_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addSpacing(16)
        self.paste_button = self._button(
            "年度の件数をExcelから貼り付け…",
            "Excelでコピーした「手続名・手続総件数・うちオンライン件数」を1年度分まとめて取り込みます",
        )
        self.paste_button.clicked.connect(self.paste_usage)
        self.update_button = self._button(
            "手続一覧の更新…", "新しい国の手続一覧（CSV・Excel）を読み込み、変更点を確認してから更新します"
        )
        self.update_button.clicked.connect(self.update_catalogue)
        buttons.addWidget(self.paste_button)
        buttons.addWidget(self.update_button)
        upper_layout.addLayout(buttons)
        self.splitter.addWidget(upper)

        self.detail = DetailPanel(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)
        scroll.setMinimumHeight(140)
        self.splitter.addWidget(scroll)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter, 1)

        self.save_bar = SaveBar(self, self.save, self.discard, wrap_status=True)
        self.status = self.save_bar.status
        self.discard_button = self.save_bar.discard_button
        self.save_button = self.save_bar.save_button
        outer.addWidget(self.save_bar)
        if self.session.readonly:
            for button in (self.add_button, self.paste_button, self.update_button):
                button.setEnabled(False)
                button.setToolTip(READONLY_TIP)

    @staticmethod
    def _button(text: str, tooltip: str = "") -> QPushButton:
        button = QPushButton(text)
        if tooltip:
            button.setToolTip(tooltip)
        return button

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # the list and the detail share the height at first
            self._sized = True
            total = sum(self.splitter.sizes()) or self.splitter.height()
            wanted = 17 * self.fontMetrics().height()  # name, note, tab bar and six fields
            detail = min(max(total // 2, wanted), total - 150)
            self.splitter.setSizes([total - detail, detail])

    # -- state ---------------------------------------------------------------------
    def reload(self) -> None:
        """Show the stored checklist, dropping unsaved edits (filters and selection stay)."""
        self.draft.load()

    def _on_settings_changed(self) -> None:
        self.detail.show_code(self.detail.code)

    def _on_draft_changed(self, codes: frozenset[str] | None) -> None:
        self._problems = None
        checklist = self.draft.checklist
        rows = procedure_rows(checklist, self.draft.alerts, self._search_keys)
        self.model.rate_header = latest_year_header(checklist)
        groups = [label for label, _ in grouped(self.draft.stored.catalogue)]
        self.listing.set_rows(rows, groups, reset=codes is None)
        self.figures.set_coverage(coverage_31(checklist), coverage_priority(checklist))
        version = checklist.list_version
        self.version_label.setText(f"国の手続一覧：{version}" if version else "")
        if codes is None:
            self.detail.show_code(self.detail.code)
        else:
            self.detail.refresh()
        self._update_status()

    def draft_problems(self) -> list[DraftProblem]:
        """What blocks saving: the draft's broken rules and the error alerts (online > total)."""
        if self._problems is None:
            problems = self.draft.problems()
            seen = {(p.code, p.fiscal_year) for p in problems if p.field == "online"}
            for alert in self.draft.alerts:
                if alert.is_error and (alert.code, alert.fiscal_year) not in seen:
                    problems.append(DraftProblem(alert.code, "online", alert.message, alert.fiscal_year))
            self._problems = problems
        return self._problems

    def _blocking(self) -> list[tuple[str, str, str]]:
        """(code, name, message) of everything that blocks saving."""
        names = self.draft.entries
        found = [(p.code, names[p.code].name, p.message) for p in self.draft_problems()]
        code = self.detail.code
        if code is not None:
            found += [(code, names[code].name, message) for message in self.detail.field_errors.values()]
        return found

    def blocking_errors(self) -> list[str]:
        return [f"{name}：{message}" for _code, name, message in self._blocking()]

    def field_errors_changed(self) -> None:
        self._update_status()

    def has_unsaved_changes(self) -> bool:
        if self.session.readonly:
            return False
        return self.draft.is_dirty() or bool(self.detail.field_errors)

    def _update_status(self) -> None:
        problems = self._blocking()
        self.alerts.set_alerts(problems, [a for a in self.draft.alerts if not a.is_error])
        self._update_buttons()
        if self.session.readonly:
            self.save_bar.show_read_only()
            return
        dirty = self.has_unsaved_changes()
        self.save_bar.show_state(
            errors=len(problems),
            unsaved=dirty,
            can_save=self.draft.is_dirty() and not problems,
            can_discard=dirty,
            error_hint="直すまで保存できません。",
        )

    # -- the list ------------------------------------------------------------------
    def apply_filter(self) -> None:
        self.listing.apply_filter()

    def clear_filters(self) -> None:
        self.listing.clear_filters()

    def visible_rows(self) -> list[ProcedureRow]:
        return self.listing.visible_rows()

    def current_code(self) -> str | None:
        return self.listing.current_code()

    def select_code(self, code: str) -> bool:
        return self.listing.select_code(code)

    def show_procedure(self, code: str) -> bool:
        """Select ``code`` in the list (clearing filters that hide it) and show it."""
        return self.listing.show_procedure(code)

    def _on_current_changed(self, code: str | None) -> None:
        self.detail.show_code(code)
        self._update_status()

    def _on_filtered(self) -> None:
        """The panel follows the list: a procedure the filters hide is no longer shown
        (its edits stay in the draft), unless it holds text that could not be read."""
        code = self.detail.code
        if code is None or self.current_code() is not None or self.detail.field_errors:
            return
        if not self.listing.is_visible(code):
            self.detail.show_code(None)
            self._update_buttons()

    def _on_alert_activated(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        if code:
            self.show_procedure(str(code))

    def _update_buttons(self) -> None:
        entry = self.draft.entries.get(self.detail.code or "")
        readonly = self.session.readonly
        town = entry is not None and entry.origin == "town"
        self.edit_button.setEnabled(town and not readonly)
        self.retire_button.setEnabled(town and not readonly)
        retired = entry is not None and town and entry.retired
        self.retire_button.setText("使用を再開する" if retired else "使わなくなった（廃止）")
        if readonly:
            self.edit_button.setToolTip(READONLY_TIP)
            self.retire_button.setToolTip(READONLY_TIP)
        elif entry is not None and not town:
            self.edit_button.setToolTip("国の一覧の手続の名称は変更できません。")
            self.retire_button.setToolTip(NATIONAL_NOT_DELETABLE)
        else:
            self.edit_button.setToolTip("本町独自の手続の名称・分類を変更します")
            self.retire_button.setToolTip("使わなくなった手続を廃止にします（状況と件数の記録は残ります）")

    # -- saving --------------------------------------------------------------------
    def save(self) -> bool:
        """Save the draft as one undoable change; False when it cannot be saved."""
        if self.session.readonly or self._blocking():
            return False
        if not self.draft.is_dirty():
            return True
        old, new = self.draft.change()
        return self.push(ChecklistEditCommand(self.session, old, new, self.draft.describe()))

    def discard(self) -> None:
        self.reload()

    def saved_first(self, what: str) -> bool:
        """Unsaved edits are saved before an action that writes on its own (True: go on)."""
        if self.session.readonly:
            return False
        if not self.has_unsaved_changes():
            return True
        if not errors.ask_yes_no(self, f"保存していない変更があります。保存してから{what}しますか？"):
            return False
        if self.save():
            return True
        errors.show_error(
            self, "入力内容に誤りがあるため保存できません。画面上部の ⚠ の項目を直してください。"
        )
        return False

    def push(self, command: QUndoCommand) -> bool:
        """Run ``command`` through the undo stack; False when it was refused."""
        self.session.undo_stack.push(command)
        return not command.isObsolete()

    # -- actions that write on their own (gui.pages.procedures.actions) ----------------------
    def add_town_procedure(self) -> None:
        actions.add_town_procedure(self)

    def edit_town_procedure(self) -> None:
        actions.edit_town_procedure(self)

    def retire_town_procedure(self) -> None:
        actions.retire_town_procedure(self)

    def paste_usage(self) -> None:
        actions.paste_usage(self)

    def update_catalogue(self) -> None:
        actions.update_catalogue(self)
