"""交付円滑化計画 page: the working plan in tabs (計画, 月別, 交付体制, 土日開庁, 申請促進,
処理能力, 提出版), the plan's issues at the top, and one save that turns the edits into one
undoable command (one transaction).

The tabs edit a draft (``PlanDraft``); every figure shown is computed by
``models.issuance`` from that draft, so a typed month updates the totals, the rate, the
chart and the capacity at once. Errors (⚠) keep 保存 disabled; warnings (ℹ) do not.
Tabs are built when first shown. A read-only session shows everything and edits nothing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from gui.commands import IssuancePlanEditCommand
from gui.pages.base import Page, SaveBar
from gui.pages.issuance.common import IssuanceTab, IssueList
from gui.pages.issuance.draft import PlanDraft, describe_change
from gui.session import Session
from models.issuance.capacity import CapacityReport, capacity_report, capacity_settings
from models.issuance.records import ReferenceRate
from models.issuance.validation import PlanIssue, errors_of


@dataclass(frozen=True)
class TabSpec:
    """A tab: its key, title and class (``module:Class`` in gui.pages.issuance, imported when
    the tab is first shown)."""

    key: str
    title: str
    where: str

    def load_class(self) -> type[IssuanceTab]:
        module, name = self.where.split(":")
        cls: type[IssuanceTab] = getattr(importlib.import_module(f"gui.pages.issuance.{module}"), name)
        assert issubclass(cls, IssuanceTab)
        return cls


TABS: tuple[TabSpec, ...] = (
    TabSpec("plan", "計画・想定交付枚数", "plan_tab:PlanTab"),
    TabSpec("months", "月別の申請・交付", "months_tab:MonthsTab"),
    TabSpec("system", "交付体制", "system_tab:SystemTab"),
    TabSpec("calendar", "土日開庁・夜間延長", "calendar_tab:CalendarTab"),
    TabSpec("promotion", "申請促進・阻害要因", "promotion_tab:PromotionTab"),
    TabSpec("capacity", "処理能力", "capacity_tab:CapacityTab"),
    TabSpec("versions", "提出版", "versions_tab:VersionsTab"),
)
#: where an issue points (``PlanIssue.where`` prefix) → the tab that shows it
ISSUE_TABS = {
    "months": "months",
    "windows": "system",
    "staff": "system",
    "weekend_days_baseline": "system",
    "weekend_days_target": "system",
    "openings": "calendar",
    "events": "promotion",
    "measures": "promotion",
    "obstacles": "promotion",
    "obstacle_note": "promotion",
    "subsidies": "promotion",
}


class IssuancePage(Page):
    title = "交付円滑化計画"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.draft = PlanDraft(session, self)
        self.tabs: dict[str, IssuanceTab] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._capacity: tuple[object, object, CapacityReport] | None = None
        self._references: list[ReferenceRate] | None = None
        self._note = ""
        self._build()
        self.draft.changed.connect(self._on_draft_changed)
        self.reload()
        session.issuance_changed.connect(self.reload)
        session.settings_changed.connect(self._on_settings_changed)
        session.town_changed.connect(self._on_town_changed)

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        heading = QLabel(f"<h2>マイナンバーカード{self.title}</h2>")
        outer.addWidget(heading)
        self.issues = IssueList()
        self.issues.issue_activated.connect(self.show_issue)
        outer.addWidget(self.issues)
        self.tab_widget = QTabWidget()
        self.tab_widget.setDocumentMode(True)
        for spec in TABS:
            placeholder = QWidget()
            self._placeholders[spec.key] = placeholder
            self.tab_widget.addTab(placeholder, spec.title)
        self.tab_widget.currentChanged.connect(self._on_tab_changed)
        outer.addWidget(self.tab_widget, 1)

        self.save_bar = SaveBar(self, self.save, self.discard, wrap_status=True)
        self.status = self.save_bar.status
        self.discard_button = self.save_bar.discard_button
        self.save_button = self.save_bar.save_button
        outer.addWidget(self.save_bar)

    def tab(self, key: str) -> IssuanceTab:
        """The tab ``key``, built on first use."""
        if key not in self.tabs:
            spec = next(s for s in TABS if s.key == key)
            tab = spec.load_class()(self)
            self.tabs[key] = tab
            placeholder = self._placeholders[key]
            index = self.tab_widget.indexOf(placeholder)
            self.tab_widget.blockSignals(True)
            current = self.tab_widget.currentIndex()
            self.tab_widget.removeTab(index)
            self.tab_widget.insertTab(index, tab, spec.title)
            self.tab_widget.setCurrentIndex(current)
            self.tab_widget.blockSignals(False)
            placeholder.deleteLater()
            tab.load()
        return self.tabs[key]

    def show_tab(self, key: str) -> IssuanceTab:
        tab = self.tab(key)
        self.tab_widget.setCurrentWidget(tab)
        return tab

    def _on_tab_changed(self, index: int) -> None:
        if 0 <= index < len(TABS):
            self.tab(TABS[index].key)

    # -- shared computations ---------------------------------------------------------
    def capacity(self) -> CapacityReport:
        """The capacity check of the draft (computed once per draft and settings)."""
        plan, settings = self.draft.plan, self.session.domain_settings
        if self._capacity is None or self._capacity[0] is not plan or self._capacity[1] != settings:
            report = capacity_report(plan, capacity_settings(settings), today=date.today())
            self._capacity = (plan, settings, report)
        return self._capacity[2]

    def references(self) -> list[ReferenceRate]:
        """町村平均 / prefecture / 全国 for the town (from the 団体情報 code and kind)."""
        if self._references is None:
            from forms.pdf.reference import reference_rates

            profile = self.session.town.load()
            self._references = reference_rates(profile.lg_code, profile.kind or "machi")
        return self._references

    # -- state ---------------------------------------------------------------------
    def reload(self) -> None:
        """Show the stored plan, dropping unsaved edits."""
        self._note = ""
        self.draft.load()
        for tab in list(self.tabs.values()):
            tab.load()
        if not self.tabs:
            self.tab(TABS[0].key)

    def _on_draft_changed(self) -> None:
        for tab in self.tabs.values():
            tab.refresh()
        self._update_status()

    def _on_settings_changed(self) -> None:
        for key, tab in self.tabs.items():
            if key == "capacity":
                tab.load()  # shows the settings themselves
            else:
                tab.refresh()

    def _on_town_changed(self) -> None:
        self._references = None
        if not self.has_unsaved_changes():
            self.reload()
        else:
            self._on_draft_changed()

    def field_errors(self) -> dict[str, str]:
        plan_tab = self.tabs.get("plan")
        return dict(getattr(plan_tab, "field_errors", {}))

    def field_errors_changed(self) -> None:
        self._update_status()

    def set_status_note(self, note: str) -> None:
        self._note = note
        self._update_status()

    def blocking_errors(self) -> list[str]:
        return list(self.field_errors().values()) + [issue.message for issue in errors_of(self.draft.issues)]

    def has_unsaved_changes(self) -> bool:
        if self.session.readonly:
            return False
        return self.draft.is_dirty() or bool(self.field_errors())

    def _update_status(self) -> None:
        self.issues.set_issues(self.draft.issues, self.field_errors())
        if self.session.readonly:
            self.save_bar.show_read_only()
            return
        blocking = self.blocking_errors()
        dirty = self.has_unsaved_changes()
        needs_saving = self.draft.needs_saving()
        self.save_bar.show_state(
            errors=len(blocking),
            unsaved=dirty or needs_saving,
            can_save=needs_saving and not blocking,
            can_discard=dirty,
            error_hint="直すまで保存できません。",
            note=self._note if dirty or blocking else "",
        )

    # -- actions -------------------------------------------------------------------
    def save(self) -> bool:
        """Save the draft as one undoable change; False when it cannot be saved."""
        if self.session.readonly or self.blocking_errors():
            return False
        old, new = self.draft.stored, self.draft.plan
        if new == old:
            return True
        command = IssuancePlanEditCommand(self.session, old, new, describe_change(old, new))
        self.session.undo_stack.push(command)
        return not command.isObsolete()

    def discard(self) -> None:
        self.reload()

    def show_issue(self, issue: PlanIssue) -> None:
        head = issue.where.split("[", 1)[0].split(".", 1)[0]
        tab = self.show_tab(ISSUE_TABS.get(head, "plan"))
        tab.focus_issue(issue)
