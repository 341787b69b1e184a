"""The checklist as being edited on the オンライン手続 page: the stored checklist, the
town's answers and yearly figures as changed in the panel, and what saving would write.

Nothing here computes figures or rules: the page asks ``models.procedures`` (summary,
alerts, validate_*) about ``draft.checklist``. Saving turns the changed answers and figures
into one undo command (one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal

from gui.session import Session
from models.procedures.alerts import Alert, alerts, validate_status, validate_usage
from models.procedures.catalogue import default_status
from models.procedures.records import CatalogueEntry, Checklist, ProcedureStatus, UsageFigures


@dataclass(frozen=True)
class ChecklistChange:
    """The answers and figures one save writes (``usage`` with both counts None removes a 年度)."""

    statuses: tuple[ProcedureStatus, ...] = ()
    usage: tuple[UsageFigures, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.statuses and not self.usage


@dataclass(frozen=True)
class DraftProblem:
    """A rule the draft breaks (blocks saving): where (code, field, 年度) and the message."""

    code: str
    field: str
    message: str
    fiscal_year: int | None = None


class ChecklistDraft(QObject):
    """``stored``: the checklist in the database; the answers and figures being edited.
    ``changed(codes)`` fires on every change (``None``: everything was reloaded)."""

    changed = Signal(object)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.today = date.today()
        self.stored = Checklist()
        self.entries: dict[str, CatalogueEntry] = {}
        self._stored_statuses: dict[str, ProcedureStatus] = {}
        self._stored_usage: dict[tuple[str, int], UsageFigures] = {}
        self.statuses: dict[str, ProcedureStatus] = {}
        self.usage: dict[tuple[str, int], UsageFigures] = {}
        self._dirty: set[str] = set()
        self._checklist: Checklist | None = None
        self._alerts: list[Alert] | None = None

    # -- loading -------------------------------------------------------------------
    def load(self) -> None:
        self.set_stored(self.session.procedures.load())

    def set_stored(self, checklist: Checklist) -> None:
        self.stored = checklist
        self.entries = {e.code: e for e in checklist.catalogue}
        by_code = {s.code: s for s in checklist.statuses}
        self._stored_statuses = {
            e.code: by_code.get(e.code) or default_status(e) for e in checklist.catalogue
        }
        self._stored_usage = {(u.code, u.fiscal_year): u for u in checklist.usage}
        self.statuses = dict(self._stored_statuses)
        self.usage = dict(self._stored_usage)
        self._dirty = set()
        self._invalidate()
        self.changed.emit(None)

    def _invalidate(self) -> None:
        self._checklist = None
        self._alerts = None

    # -- what the page shows -------------------------------------------------------------
    @property
    def checklist(self) -> Checklist:
        """The draft as a ``Checklist`` (what the header figures and alerts are computed on)."""
        if self._checklist is None:
            self._checklist = Checklist(
                catalogue=self.stored.catalogue,
                statuses=tuple(self.statuses[e.code] for e in self.stored.catalogue),
                usage=tuple(u for u in self.usage.values() if u.total is not None or u.online is not None),
                list_version=self.stored.list_version,
            )
        return self._checklist

    @property
    def alerts(self) -> list[Alert]:
        if self._alerts is None:
            self._alerts = alerts(self.checklist, today=self.today)
        return self._alerts

    def status(self, code: str) -> ProcedureStatus:
        return self.statuses[code]

    def usage_of(self, code: str) -> dict[int, UsageFigures]:
        """The figures of one procedure by 年度 (only 年度 with a count)."""
        return {
            fy: figures
            for (c, fy), figures in self.usage.items()
            if c == code and (figures.total is not None or figures.online is not None)
        }

    # -- editing -------------------------------------------------------------------
    def set_status(self, status: ProcedureStatus) -> None:
        if self.statuses.get(status.code) == status:
            return
        self.statuses[status.code] = status
        self._touch(status.code)

    def set_count(self, code: str, fiscal_year: int, field: str, value: int | None) -> None:
        """Set 手続総件数 (``total``) or うちオンライン件数 (``online``) of one 年度."""
        key = (code, fiscal_year)
        old = self.usage.get(key) or UsageFigures(code, fiscal_year)
        new = UsageFigures(
            code,
            fiscal_year,
            value if field == "total" else old.total,
            value if field == "online" else old.online,
        )
        self.set_figures([new])

    def set_figures(self, figures: list[UsageFigures]) -> None:
        """Replace the figures of some (code, 年度) (both counts None: no figures)."""
        touched: set[str] = set()
        for item in figures:
            key = (item.code, item.fiscal_year)
            empty = item.total is None and item.online is None
            if empty and key not in self._stored_usage:
                if self.usage.pop(key, None) is not None:
                    touched.add(item.code)
                continue
            if self.usage.get(key) != item:
                self.usage[key] = item
                touched.add(item.code)
        if touched:
            self._touch(*touched)

    def _touch(self, *codes: str) -> None:
        for code in codes:
            if self._differs(code):
                self._dirty.add(code)
            else:
                self._dirty.discard(code)
        self._invalidate()
        self.changed.emit(frozenset(codes))

    def _differs(self, code: str) -> bool:
        if self.statuses.get(code) != self._stored_statuses.get(code):
            return True
        return self._usage_items(self.usage, code) != self._usage_items(self._stored_usage, code)

    @staticmethod
    def _usage_items(
        usage: dict[tuple[str, int], UsageFigures], code: str
    ) -> dict[int, tuple[int | None, int | None]]:
        return {
            fy: (u.total, u.online)
            for (c, fy), u in usage.items()
            if c == code and (u.total is not None or u.online is not None)
        }

    # -- saving --------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return bool(self._dirty)

    def dirty_codes(self) -> set[str]:
        return set(self._dirty)

    def change(self) -> tuple[ChecklistChange, ChecklistChange]:
        """(old, new): what the database holds and what saving writes, for the changed
        procedures only (a removed 年度 is written as both counts None)."""
        old_statuses: list[ProcedureStatus] = []
        new_statuses: list[ProcedureStatus] = []
        old_usage: list[UsageFigures] = []
        new_usage: list[UsageFigures] = []
        order = [e.code for e in self.stored.catalogue if e.code in self._dirty]
        for code in order:
            if self.statuses[code] != self._stored_statuses[code]:
                old_statuses.append(self._stored_statuses[code])
                new_statuses.append(self.statuses[code])
            before = self._usage_items(self._stored_usage, code)
            after = self._usage_items(self.usage, code)
            for fy in sorted(set(before) | set(after)):
                if before.get(fy) == after.get(fy):
                    continue
                old_usage.append(UsageFigures(code, fy, *before.get(fy, (None, None))))
                new_usage.append(UsageFigures(code, fy, *after.get(fy, (None, None))))
        return (
            ChecklistChange(tuple(old_statuses), tuple(old_usage)),
            ChecklistChange(tuple(new_statuses), tuple(new_usage)),
        )

    def problems(self) -> list[DraftProblem]:
        """The rules the changed answers and figures break (``validate_status`` /
        ``validate_usage``), in the list's order; each one blocks saving."""
        found: list[DraftProblem] = []
        for code in [e.code for e in self.stored.catalogue if e.code in self._dirty]:
            for error in validate_status(self.statuses[code]):
                found.append(DraftProblem(code, error.field, error.user_message))
            for fy, figures in sorted(self.usage_of(code).items()):
                for error in validate_usage(figures):
                    found.append(DraftProblem(code, error.field, error.user_message, fy))
        return found

    def describe(self) -> str:
        """The undo text: 「オンライン手続の変更（児童手当等の現況届）」 or 「…ほか2件」."""
        names = [
            self.entries[code].name for code in [e.code for e in self.stored.catalogue] if code in self._dirty
        ]
        if not names:
            return "オンライン手続の変更"
        more = f"ほか{len(names) - 1}件" if len(names) > 1 else ""
        return f"オンライン手続の変更（{names[0]}{more}）"
