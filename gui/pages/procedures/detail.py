"""The detail panel of the オンライン手続 page: the town's answer for the selected procedure
(対象/対象外 and reason, status, channel, 標準様式, カードによる本人確認, back-office link,
online since, planned 年度, owner 課, notes) and its per-年度 figures with the オンライン利用率.

Every change goes straight into the page's draft; a rule the draft breaks is shown beside
its field (and in the list at the top of the page) and keeps 保存 disabled. Typed dates and
年度 that cannot be read stay in the field with their message and change nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.pages.issuance.common import error_label, show_error
from gui.pages.procedures.usage_tab import UsageTab
from gui.widgets.field_editors import DateEditor
from models.calendar import fiscal_year_label, parse_date, parse_fiscal_year
from models.errors import ValidationError
from models.procedures.alerts import set_applicable
from models.procedures.catalogue import group_of
from models.procedures.records import (
    BACKOFFICE_LABELS,
    CHANNEL_LABELS,
    STATUS_LABELS,
    CatalogueEntry,
    ProcedureStatus,
)
from models.town import FieldKind, FieldSpec

if TYPE_CHECKING:
    from gui.pages.procedures_page import ProceduresPage

NOTE_STYLE = "color: #1a5fb4;"
CAVEAT_STYLE = "background: #fff4ce; color: #5c4400; padding: 4px; border: 1px solid #e0c36a;"
STATUS_TAB = "本町の状況"
USAGE_TAB = "年度別の件数・オンライン利用率"
YES_NO = {"": "（未回答）", "yes": "あり", "no": "なし"}
FORM_YES_NO = {"": "（未回答）", "yes": "使用している", "no": "使用していない"}
_BOOL_KEY = {None: "", True: "yes", False: "no"}
_KEY_BOOL: dict[str, bool | None] = {"": None, "yes": True, "no": False}


def _combo(labels: dict[str, str], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for key, label in labels.items():
        combo.addItem(label, key)
    return combo


def _select(combo: QComboBox, key: Any) -> None:
    combo.blockSignals(True)
    combo.setCurrentIndex(max(combo.findData(key), 0))
    combo.blockSignals(False)


def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    widget.blockSignals(True)
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    else:
        widget.setPlainText(text)
    widget.blockSignals(False)


def entry_facts(entry: CatalogueEntry) -> str:
    """「P31-10・子育て関係・31手続・市区町村の手続」: what the list says about an entry."""
    parts = [entry.code, group_of(entry)]
    if entry.in_31:
        parts.append("31手続")
    if entry.in_58_class:
        parts.append(f"58手続（{entry.in_58_class}）")
    if entry.level:
        parts.append(f"{entry.level}の手続")
    if entry.origin == "town":
        parts.append("本町で追加")
    if entry.retired:
        parts.append("使用していません（廃止）" if entry.origin == "town" else "掲載終了")
    return "・".join(parts)


class DetailPanel(QWidget):
    """The selected procedure's answer and figures; ``show_code`` loads one procedure."""

    def __init__(self, page: ProceduresPage) -> None:
        super().__init__()
        self.page = page
        self.session = page.session
        self.draft = page.draft
        self.code: str | None = None
        self.field_errors: dict[str, str] = {}  # unreadable typed text: field → message
        self.error_labels: dict[str, QLabel] = {}
        self._build()
        self.show_code(None)

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setAccessibleName("手続名")
        layout.addWidget(self.title)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet("color: #555;")
        layout.addWidget(self.facts)
        self.caveat = QLabel()
        self.caveat.setWordWrap(True)
        self.caveat.setStyleSheet(CAVEAT_STYLE)
        self.caveat.setAccessibleName("手続の注記")
        layout.addWidget(self.caveat)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.form_box = QWidget()
        columns = QHBoxLayout(self.form_box)
        columns.setContentsMargins(4, 6, 4, 0)
        columns.setSpacing(16)
        self.forms: list[QFormLayout] = []
        for stretch in (4, 5):  # the right column holds a date with its reading beside it
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            form.setVerticalSpacing(4)
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)
            columns.addLayout(column, stretch)
            self.forms.append(form)
        self.form = self.forms[0]

        applicable = QWidget()
        row = QHBoxLayout(applicable)
        row.setContentsMargins(0, 0, 0, 0)
        self.applicable_yes = QRadioButton("対象")
        self.applicable_no = QRadioButton("対象外")
        self.applicable_group = QButtonGroup(self)
        self.applicable_group.addButton(self.applicable_yes)
        self.applicable_group.addButton(self.applicable_no)
        self.applicable_yes.setAccessibleName("対象")
        self.applicable_no.setAccessibleName("対象外")
        row.addWidget(self.applicable_yes)
        row.addWidget(self.applicable_no)
        row.addStretch(1)
        self.applicable_yes.toggled.connect(self._on_applicable)
        self._add_row("applicable", "対象・対象外", applicable)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("対象外の理由")
        self.reason.setPlaceholderText("例：都道府県の手続、該当する事務がない")
        self.reason.setMaxLength(100)
        self.reason.textEdited.connect(self._on_edited)
        self._add_row("not_applicable_reason", "対象外の理由", self.reason)

        self.status = _combo(STATUS_LABELS, "状況")
        self.status.currentIndexChanged.connect(self._on_status)
        self._add_row("status", "状況", self.status)
        self.channel = _combo(CHANNEL_LABELS, "オンライン申請の方法")
        self.channel.setToolTip(
            "国のダッシュボードはぴったりサービスのみを数えます。本アプリは汎用電子申請・独自システムも"
            "オンライン化済として数え、ぴったりサービス分を並べて表示します。"
        )
        self.channel.currentIndexChanged.connect(self._on_edited)
        self._add_row("channel", "方式", self.channel)
        self.standard_form = _combo(FORM_YES_NO, "標準様式の使用")
        self.standard_form.currentIndexChanged.connect(self._on_edited)
        self._add_row("standard_form", "標準様式", self.standard_form)
        self.card_auth = _combo(YES_NO, "マイナンバーカードによる本人確認")
        self.card_auth.currentIndexChanged.connect(self._on_edited)
        self._add_row("card_auth", "カードによる本人確認", self.card_auth)
        backoffice = {"": BACKOFFICE_LABELS[""]} | {k: v for k, v in BACKOFFICE_LABELS.items() if k}
        self.backoffice = _combo(backoffice, "基幹システムとの連携")
        self.backoffice.currentIndexChanged.connect(self._on_edited)
        self.form = self.forms[1]
        self._add_row("backoffice", "基幹システム連携", self.backoffice)
        self.online_since = DateEditor(FieldSpec("online_since", "オンライン化の時期", FieldKind.DATE, ""))
        self.online_since.line.setPlaceholderText("例：R4.10.1")
        self.online_since.line.setFixedWidth(140)
        self.online_since.line.textEdited.connect(self._on_edited)
        self._add_row("online_since", "オンライン化の時期", self.online_since)
        planned = QWidget()
        row = QHBoxLayout(planned)
        row.setContentsMargins(0, 0, 0, 0)
        self.planned_fy = QLineEdit()
        self.planned_fy.setAccessibleName("オンライン化の予定年度")
        self.planned_fy.setPlaceholderText("例：令和7年度、R7")
        self.planned_fy.setFixedWidth(140)
        self.planned_fy.setMaxLength(20)
        self.planned_fy.textEdited.connect(self._on_edited)
        self.planned_echo = QLabel()
        row.addWidget(self.planned_fy)
        row.addWidget(self.planned_echo)
        row.addStretch(1)
        self._add_row("planned_fy", "予定年度", planned)
        self.owner = QLineEdit()
        self.owner.setAccessibleName("担当課")
        self.owner.setMaxLength(100)
        self.owner.textEdited.connect(self._on_edited)
        self._add_row("owner_dept", "担当課", self.owner)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("備考")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(2 * self.notes.fontMetrics().height() + 16)
        self.notes.textChanged.connect(self._on_edited)
        self._add_row("notes", "備考", self.notes)
        self.tabs.addTab(self.form_box, STATUS_TAB)

        self.usage = UsageTab(self.draft, self.session.readonly)
        # the tab's parts, by the names the tests and the screenshots use
        self.usage_model, self.usage_table, self.usage_error = (
            self.usage.model,
            self.usage.table,
            self.usage.error,
        )
        self.year_input, self.add_year_button = self.usage.year_input, self.usage.add_year_button
        self.year_error = self.usage.year_error
        self.tabs.addTab(self.usage, USAGE_TAB)
        layout.addWidget(self.tabs, 1)
        self.placeholder = QLabel("上の一覧から手続を選ぶと、ここに本町の状況と年度別の件数が表示されます。")
        self.placeholder.setWordWrap(True)
        layout.addWidget(self.placeholder)

    def _add_row(self, key: str, label: str, widget: QWidget) -> None:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = error_label(label)
        box.addWidget(error)
        self.error_labels[key] = error
        title = QLabel(label)
        title.setBuddy(widget)
        self.form.addRow(title, cell)

    @property
    def readonly(self) -> bool:
        return self.session.readonly

    # -- showing -------------------------------------------------------------------
    def show_code(self, code: str | None) -> None:
        """Show one procedure (None: nothing selected)."""
        self.code = code if code in self.draft.entries else None
        self.field_errors = {}
        self.usage.show_code(self.code)
        shown = self.code is not None
        for widget in (self.title, self.facts, self.tabs):
            widget.setVisible(shown)
        self.placeholder.setVisible(not shown)
        if self.code is None:
            self.caveat.setVisible(False)
            return
        entry = self.draft.entries[self.code]
        self.title.setText(f"<b>{_escape(entry.name)}</b>")
        self.facts.setText(entry_facts(entry))
        self.caveat.setText(f"注記：{entry.note}" if entry.note else "")
        self.caveat.setVisible(bool(entry.note))
        self._show_status(self.draft.status(self.code))
        self.form_box.setEnabled(not self.readonly)
        self.refresh()

    def _show_status(self, status: ProcedureStatus) -> None:
        for button, checked in (
            (self.applicable_yes, status.applicable),
            (self.applicable_no, not status.applicable),
        ):
            button.blockSignals(True)
            button.setChecked(checked)
            button.blockSignals(False)
        _set_text(self.reason, status.not_applicable_reason)
        self.reason.setEnabled(not status.applicable)
        _select(self.status, status.status)
        _select(self.channel, status.channel)
        _select(self.standard_form, _BOOL_KEY[status.standard_form])
        _select(self.card_auth, _BOOL_KEY[status.card_auth])
        _select(self.backoffice, status.backoffice)
        self.online_since.blockSignals(True)
        self.online_since.with_seireki = self.session.domain_settings.show_seireki
        self.online_since.set_value(status.online_since)
        self.online_since.blockSignals(False)
        _set_text(self.planned_fy, fiscal_year_label(status.planned_fy) if status.planned_fy else "")
        self._echo_planned()
        _set_text(self.owner, status.owner_dept)
        _set_text(self.notes, status.notes)

    def refresh(self) -> None:
        """Recompute the figures and messages of the shown procedure (fields typed into stay)."""
        if self.code is None:
            return
        code = self.code
        problems = [p for p in self.page.draft_problems() if p.code == code]
        usage_problems = self.usage.refresh(problems)
        self.tabs.setTabText(1, f"⚠ {USAGE_TAB}" if usage_problems else USAGE_TAB)
        status_problems = any(p.fiscal_year is None for p in problems) or bool(self.field_errors)
        self.tabs.setTabText(0, f"⚠ {STATUS_TAB}" if status_problems else STATUS_TAB)
        messages = {p.field: p.message for p in problems if p.fiscal_year is None}
        messages.update(self.field_errors)
        for key, label in self.error_labels.items():
            show_error(label, messages.get(key, ""))

    def _echo_planned(self) -> None:
        text = self.planned_fy.text().strip()
        try:
            fy = parse_fiscal_year(text) if text else None
        except ValidationError:
            fy = None
        self.planned_echo.setText(f"→ {fiscal_year_label(fy, with_seireki=True)}" if fy else "")

    # -- editing -------------------------------------------------------------------
    def _current(self) -> ProcedureStatus | None:
        return None if self.code is None else self.draft.status(self.code)

    def _on_applicable(self, checked: bool) -> None:
        status = self._current()
        if status is None or self.readonly:
            return
        new = set_applicable(status, checked, self.reason.text().strip())
        self._show_status(new)
        self.draft.set_status(new)

    def _on_status(self) -> None:
        status = self._current()
        if status is None or self.readonly:
            return
        key = str(self.status.currentData())
        if key == "not_applicable":
            new = set_applicable(status, False, self.reason.text().strip())
        else:
            new = set_applicable(status, True)
            new = replace(new, status=key)
        self._show_status(new)
        self.draft.set_status(new)

    def _on_edited(self) -> None:
        """Read every field (but 対象/状況, which have their own handlers) into the draft."""
        status = self._current()
        if status is None or self.readonly:
            return
        self.field_errors = {}
        online_since: date | None = status.online_since
        text = self.online_since.raw().strip()
        try:
            online_since = parse_date(text) if text else None
        except ValidationError as exc:
            self.field_errors["online_since"] = exc.user_message
        planned: int | None = status.planned_fy
        text = self.planned_fy.text().strip()
        try:
            planned = parse_fiscal_year(text, field="planned_fy") if text else None
        except ValidationError as exc:
            self.field_errors["planned_fy"] = exc.user_message
        self._echo_planned()
        new = replace(
            status,
            not_applicable_reason=self.reason.text().strip() if not status.applicable else "",
            channel=str(self.channel.currentData()),
            standard_form=_KEY_BOOL[str(self.standard_form.currentData())],
            card_auth=_KEY_BOOL[str(self.card_auth.currentData())],
            backoffice=str(self.backoffice.currentData()),
            online_since=online_since,
            planned_fy=planned,
            owner_dept=self.owner.text().strip(),
            notes=self.notes.toPlainText().strip(),
        )
        if new != status:
            self.draft.set_status(new)
        else:
            self.refresh()
        self.page.field_errors_changed()

    def edit_count(self, fiscal_year_: int, field: str, text: str) -> bool:
        """Type ``text`` into a count cell as the delegate would (for keyboard-less callers)."""
        return self.usage.edit_count(fiscal_year_, field, text)

    def add_year(self) -> None:
        self.usage.add_year()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
