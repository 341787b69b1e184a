"""計画 tab: the plan's header (name, period, 基準日, 住基人口, figures before the period) and
the 想定交付枚数 at each milestone (年度末)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.pages.issuance.common import (
    NOTE_STYLE,
    CountDelegate,
    DateDelegate,
    IssuanceTab,
    MonthField,
    button,
    error_label,
    make_table,
    show_error,
)
from gui.tables.issuance_tables import MilestoneTableModel
from gui.widgets.field_editors import CountEditor, DateEditor, TextEditor
from models.calendar import fiscal_year, fiscal_year_end, parse_date, to_wareki
from models.errors import ValidationError
from models.issuance.figures import MilestoneRow, milestone_rows
from models.issuance.labels import PLAN_FIELD_LABELS
from models.issuance.records import Milestone
from models.issuance.validation import PlanIssue
from models.numbers import format_count, parse_count
from models.town import FieldKind, FieldSpec

if TYPE_CHECKING:
    from gui.pages.issuance_page import IssuancePage

_SECTION = "計画"


def _spec(name: str, kind: FieldKind, hint: str = "") -> FieldSpec:
    return FieldSpec(name, PLAN_FIELD_LABELS[name], kind, _SECTION, hint=hint, max_length=100)


class PlanTab(IssuanceTab):
    key = "plan"
    title = "計画・想定交付枚数"

    def __init__(self, page: IssuancePage) -> None:
        super().__init__(page)
        self.editors: dict[str, Any] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.parsers: dict[str, Callable[[], Any]] = {}
        self.field_errors: dict[str, str] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)

        plan_box = QGroupBox("計画")
        form = QFormLayout(plan_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        title = TextEditor(_spec("title", FieldKind.TEXT))
        self._add(form, "title", title, lambda: title.raw().strip())
        start = MonthField(PLAN_FIELD_LABELS["period_start"])
        end = MonthField(PLAN_FIELD_LABELS["period_end"])
        self._add(form, "period_start", start, start.value)
        self._add(form, "period_end", end, end.value)
        for name in ("base_date", "target_date"):
            editor = DateEditor(_spec(name, FieldKind.DATE))
            self._add(form, name, editor, _date_parser(editor))
        layout.addWidget(plan_box)

        population_box = QGroupBox("交付率の分母（住民基本台帳人口）")
        pform = QFormLayout(population_box)
        pform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        population = CountEditor(_spec("population", FieldKind.COUNT, "人"))
        self._add(pform, "population", population, _count_parser(population, optional=True))
        as_of = DateEditor(_spec("population_as_of", FieldKind.DATE))
        self._add(pform, "population_as_of", as_of, _date_parser(as_of))
        row = QHBoxLayout()
        self.use_profile = button(
            "団体情報の人口を使う", "団体情報に登録した住民基本台帳人口と基準日をこの計画に入力します"
        )
        self.use_profile.clicked.connect(self.use_profile_population)
        row.addWidget(self.use_profile)
        self.profile_note = QLabel()
        self.profile_note.setStyleSheet(NOTE_STYLE)
        self.profile_note.setWordWrap(True)
        row.addWidget(self.profile_note, 1)
        pform.addRow(row)
        layout.addWidget(population_box)

        before_box = QGroupBox("計画期間前の実績（基準日時点の累計）")
        bform = QFormLayout(before_box)
        bform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, unit in (("issued_before", "枚"), ("applied_before", "件")):
            count_editor = CountEditor(_spec(name, FieldKind.COUNT, unit))
            self._add(bform, name, count_editor, _count_parser(count_editor, optional=False))
        layout.addWidget(before_box)

        milestones = QGroupBox("想定交付枚数（年度末などの時点ごとの累計）")
        mlayout = QVBoxLayout(milestones)
        self.milestones = MilestoneTableModel(self)
        self.milestones.readonly = self.readonly
        self.milestones.edited.connect(self._on_milestone_edited)
        self.milestones.rejected.connect(self._on_rejected)
        self.milestone_table = make_table(
            self.milestones, "想定交付枚数の表", editable=True, stretch=(1, 2, 3, 4), rows=4
        )
        self.milestone_table.setItemDelegateForColumn(0, DateDelegate(self.milestone_table))
        self.milestone_table.setItemDelegateForColumn(1, CountDelegate(self.milestone_table))
        mlayout.addWidget(self.milestone_table)
        self.milestone_error = error_label("想定交付枚数")
        mlayout.addWidget(self.milestone_error)
        buttons = QHBoxLayout()
        self.add_milestone = button("年度末を追加", "最後の時点の次の年度末（3月31日）を追加します")
        self.add_milestone.clicked.connect(self.add_next_milestone)
        self.remove_milestone = button("選んだ時点を削除")
        self.remove_milestone.clicked.connect(self.remove_selected_milestone)
        buttons.addWidget(self.add_milestone)
        buttons.addWidget(self.remove_milestone)
        buttons.addStretch(1)
        mlayout.addLayout(buttons)
        layout.addWidget(milestones)

        note_box = QGroupBox("備考")
        nform = QFormLayout(note_box)
        note = TextEditor(FieldSpec("note", "備考", FieldKind.TEXT, _SECTION, max_length=500))
        self._add(nform, "note", note, lambda: note.raw().strip())
        layout.addWidget(note_box)
        layout.addStretch(1)
        for widget in (plan_box, population_box, before_box, note_box):
            widget.setEnabled(not self.readonly)
        for b in (self.add_milestone, self.remove_milestone, self.use_profile):
            b.setEnabled(not self.readonly)

    def _add(self, form: QFormLayout, name: str, editor: Any, parse: Callable[[], Any]) -> None:
        label = PLAN_FIELD_LABELS.get(name, "備考")
        error = error_label(label)
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(error)
        title = QLabel(label)
        title.setBuddy(editor.line)
        form.addRow(title, cell)
        self.editors[name] = editor
        self.error_labels[name] = error
        self.parsers[name] = parse
        editor.edited.connect(lambda name=name: self._on_edited(name))

    # -- state ---------------------------------------------------------------------
    def load(self) -> None:
        plan = self.draft.plan
        seireki = self.session.domain_settings.show_seireki
        for name, editor in self.editors.items():
            if isinstance(editor, DateEditor):
                editor.with_seireki = seireki
            editor.set_value(getattr(plan, name))
        self.field_errors = {}
        self.refresh()

    def refresh(self) -> None:
        plan = self.draft.plan
        self.milestones.set_rows(milestone_rows(plan))
        issues = {issue.where: issue.message for issue in self.draft.issues}
        self.milestones.set_problems(self._milestone_problems())
        for name, label in self.error_labels.items():
            show_error(label, self.field_errors.get(name) or issues.get(name, ""))
        profile = self.session.town.load()
        if profile.population is None:
            self.profile_note.setText("団体情報に人口が登録されていません。")
            self.use_profile.setEnabled(False)
        else:
            as_of = f"（{to_wareki(profile.population_as_of)}現在）" if profile.population_as_of else ""
            note = f"団体情報：{format_count(profile.population)}人{as_of}"
            if self.draft.prefilled_population and plan.population == profile.population:
                note += "　※計画に人口がないため、団体情報の人口を表示しています（保存すると計画に記録されます）。"
            self.profile_note.setText(note)
            self.use_profile.setEnabled(not self.readonly)

    def _milestone_problems(self) -> dict[tuple[int, str], str]:
        problems: dict[tuple[int, str], str] = {}
        rows = self.milestones.rows()
        for issue in self.draft.issues:
            if not issue.where.startswith("milestones["):
                continue
            index_text, _, field = issue.where[len("milestones[") :].partition("].")
            try:
                milestone = self.draft.plan.milestones[int(index_text)]
            except (ValueError, IndexError):
                continue
            for r, row in enumerate(rows):
                if row.as_of == milestone.as_of:
                    problems.setdefault((r, field), issue.message)
        return problems

    def _on_edited(self, name: str) -> None:
        try:
            value = self.parsers[name]()
        except ValidationError as exc:
            self.field_errors[name] = exc.user_message
            self.page.field_errors_changed()
            self.refresh()
            return
        self.field_errors.pop(name, None)
        self.draft.update(**{name: value})
        self.page.field_errors_changed()

    def use_profile_population(self) -> None:
        profile = self.session.town.load()
        if profile.population is None or self.readonly:
            return
        self.editors["population"].set_value(profile.population)
        self.editors["population_as_of"].set_value(profile.population_as_of)
        for name in ("population", "population_as_of"):
            self.field_errors.pop(name, None)
        self.draft.update(population=profile.population, population_as_of=profile.population_as_of)
        self.page.field_errors_changed()

    # -- milestones ----------------------------------------------------------------
    def _on_milestone_edited(self, row: MilestoneRow, field: str, value: Any) -> None:
        show_error(self.milestone_error, "")
        old = Milestone(row.as_of, row.cumulative_issued)
        if field == "as_of":
            new = Milestone(value, row.cumulative_issued)
        else:
            new = Milestone(row.as_of, value)
        self.draft.set_milestone(old.as_of, new)

    def _on_rejected(self, message: str) -> None:
        show_error(self.milestone_error, message)

    def add_next_milestone(self) -> None:
        plan = self.draft.plan
        if plan.milestones:
            last = max(m.as_of for m in plan.milestones)
            as_of = fiscal_year_end(fiscal_year(last) + 1)
            count = max(m.cumulative_issued for m in plan.milestones)
        else:
            start = plan.period_start or date.today()
            as_of = fiscal_year_end(fiscal_year(start))
            count = plan.issued_before
        self.draft.set_milestone(None, Milestone(as_of, count))
        row = next(i for i, r in enumerate(self.milestones.rows()) if r.as_of == as_of)
        self.milestone_table.setCurrentIndex(self.milestones.index(row, 1))

    def remove_selected_milestone(self) -> None:
        index = self.milestone_table.currentIndex()
        if not index.isValid():
            return
        self.draft.set_milestone(self.milestones.row(index.row()).as_of, None)

    def focus_issue(self, issue: PlanIssue) -> None:
        editor = self.editors.get(issue.where)
        if editor is not None:
            editor.line.setFocus()


def _date_parser(editor: DateEditor) -> Callable[[], Any]:
    def parse() -> Any:
        text = editor.raw().strip()
        return parse_date(text) if text else None

    return parse


def _count_parser(editor: CountEditor, *, optional: bool) -> Callable[[], Any]:
    def parse() -> Any:
        text = editor.raw().strip()
        if not text and optional:
            return None
        return parse_count(text or "0") if not optional else parse_count(text)

    return parse
