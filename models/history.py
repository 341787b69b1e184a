"""変更履歴: the audit log as a user reads it (Japanese labels, 和暦, filters, CSV export)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from models.calendar import to_wareki
from models.fileio import write_atomically
from models.issuance.labels import AUDIT_TABLE as ISSUANCE_TABLE
from models.issuance.labels import audit_field_label, audit_value_text
from models.procedures import labels as procedure_labels
from models.settings import SETTING_LABELS
from models.store.audit import AuditEntry
from models.telework import labels as telework_labels
from models.town import FIELD_BY_NAME, FieldKind, choice_label

MODULE_LABELS = {
    "town_profile": "団体情報",
    ISSUANCE_TABLE: "交付円滑化計画",
    procedure_labels.AUDIT_TABLE: "オンライン手続",
    telework_labels.AUDIT_TABLE: "テレワーク導入",
    "settings": "設定",
}
ACTION_LABELS = {"insert": "追加", "update": "変更", "delete": "削除"}
CSV_HEADER = ("日時", "変更者", "区分", "操作", "項目", "変更前", "変更後")


@dataclass(frozen=True)
class HistoryRow:
    """One audit entry with everything already in the words a user reads."""

    entry: AuditEntry
    when: str
    who: str
    module: str
    action: str
    field: str
    old: str
    new: str

    def as_tuple(self) -> tuple[str, ...]:
        return (self.when, self.who, self.module, self.action, self.field, self.old, self.new)


def module_label(table_name: str) -> str:
    return MODULE_LABELS.get(table_name, table_name)


def field_label(table_name: str, field: str, record_key: str = "") -> str:
    """The changed item in words; ``record_key`` names the row for list items of a plan
    (「交付窓口：本庁 統合端末数（目標）」)."""
    if table_name == ISSUANCE_TABLE:
        return audit_field_label(field, record_key)
    if table_name == procedure_labels.AUDIT_TABLE:
        return procedure_labels.audit_field_label(field, record_key)
    if table_name == telework_labels.AUDIT_TABLE:
        return telework_labels.audit_field_label(field, record_key)
    if table_name == "town_profile" and field in FIELD_BY_NAME:
        return FIELD_BY_NAME[field].label
    if table_name == "settings":
        return SETTING_LABELS.get(field, field)
    return field


def value_text(table_name: str, field: str, stored: str | None) -> str:
    """A logged value as the user would recognise it (choice labels, 和暦, あり/なし)."""
    if stored is None or stored == "":
        return "（空欄）"
    if table_name == ISSUANCE_TABLE:
        return audit_value_text(field, stored)
    if table_name == procedure_labels.AUDIT_TABLE:
        return procedure_labels.audit_value_text(field, stored)
    if table_name == telework_labels.AUDIT_TABLE:
        return telework_labels.audit_value_text(field, stored)
    spec = FIELD_BY_NAME.get(field) if table_name == "town_profile" else None
    if spec is not None:
        if spec.kind is FieldKind.CHOICE:
            return choice_label(field, stored) or stored
        if spec.kind is FieldKind.FLAG:
            return "あり" if stored == "1" else "なし"
        if spec.kind is FieldKind.DATE:
            return to_wareki(date.fromisoformat(stored))
        if spec.kind is FieldKind.COUNT:
            return f"{int(stored):,}"
    if table_name == "settings" and field == "show_seireki":
        return "する" if stored == "1" else "しない"
    return stored


def when_text(at: datetime) -> str:
    return f"{to_wareki(at.date())} {at:%H:%M:%S}"


def describe(entry: AuditEntry) -> HistoryRow:
    return HistoryRow(
        entry=entry,
        when=when_text(entry.at),
        who=entry.who,
        module=module_label(entry.table_name),
        action=ACTION_LABELS.get(entry.action, entry.action),
        field=field_label(entry.table_name, entry.field, entry.record_key),
        old=value_text(entry.table_name, entry.field, entry.old_value),
        new=value_text(entry.table_name, entry.field, entry.new_value),
    )


def matches(entry: AuditEntry, *, table_name: str | None, start: date | None, end: date | None) -> bool:
    """Filter used by the viewer and the export: module and an inclusive date range."""
    day = entry.at.date()
    return (
        (table_name is None or entry.table_name == table_name)
        and (start is None or day >= start)
        and (end is None or day <= end)
    )


def export_csv(rows: list[HistoryRow], path: Path) -> None:
    """Write the rows as CSV for Excel (UTF-8 with BOM), atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(row.as_tuple())
    write_atomically(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
