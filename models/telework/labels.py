"""Japanese labels of the telework plan's fields and the wording of its audit-log entries.

The audit log of the plan (``table_name = "telework"``) uses dotted field paths; the record
key is always a readable name:

- ``plan.terminals`` — one value of the plan as a whole (record key 「テレワーク導入」); the
  lists of codes (``plan.forms``, ``plan.methods``, ``plan.non_adoption_reasons``) are logged
  as one value, codes joined by ``,``;
- ``progress.5.status`` — one field of a step's progress (record key 「⑤検証」); the
  documents of a step are logged as one value (``progress.5.evidence``, 「名称（文書番号・日付）」
  joined by 「、」);
- ``staff.2023`` — a 年度 of staff figures added or removed (old/new = a summary),
  ``staff.2023.able_staff`` — one figure (record key 「令和5年度」);
- ``target_work`` — a target work added or removed (record key 「業務（課）」, old/new = its
  level), ``target_work.ease_level`` — its level changed;
- ``expenses`` — an expense added or removed (record key 「令和5年度 ICT機器（摘要）」, old/new =
  the amount), ``expenses.amount`` — its amount changed.
"""

from __future__ import annotations

from datetime import date

from models.calendar import fiscal_year_label, to_wareki
from models.telework.records import (
    EASE_LEVEL_LABELS,
    EXPENSE_CATEGORY_LABELS,
    FORM_LABELS,
    METHOD_LABELS,
    NON_ADOPTION_REASON_LABELS,
    STATUS_LABELS,
    Evidence,
    Expense,
    StaffFigures,
    TargetWork,
)

__all__ = [
    "AUDIT_TABLE",
    "COLLECTION_LABELS",
    "PLAN_FIELD_LABELS",
    "PLAN_RECORD_KEY",
    "PROGRESS_FIELD_LABELS",
    "STAFF_FIELD_LABELS",
    "audit_field_label",
    "audit_value_text",
    "evidence_summary",
    "expense_key",
    "staff_summary",
    "target_work_key",
]

AUDIT_TABLE = "telework"
PLAN_RECORD_KEY = "テレワーク導入"

COLLECTION_LABELS = {
    "plan": "テレワーク導入",
    "progress": "導入ステップ",
    "staff": "職員数",
    "target_work": "対象業務",
    "expenses": "経費",
}
PLAN_FIELD_LABELS = {
    "adopted": "導入状況",
    "forms": "テレワークの形態",
    "methods": "方式",
    "terminals": "端末数",
    "authentication": "認証方式",
    "guidelines_adopted": "実施要領の制定日",
    "service_rules_adopted": "服務規程の制定日",
    "non_adoption_reasons": "導入していない理由",
}
PROGRESS_FIELD_LABELS = {
    "status": "状況",
    "planned_start": "予定開始日",
    "planned_end": "予定終了日",
    "actual_start": "実施開始日",
    "actual_end": "実施終了日",
    "owner_dept": "担当課",
    "notes": "備考",
    "evidence": "根拠文書",
}
STAFF_FIELD_LABELS = {
    "general_staff": "一般行政職員数",
    "unsuitable_staff": "テレワークになじまない職員数",
    "able_staff": "実施可能な職員数",
    "actual_users": "実施した職員数",
}
_ROW_FIELD_LABELS = {
    "plan": PLAN_FIELD_LABELS,
    "progress": PROGRESS_FIELD_LABELS,
    "staff": STAFF_FIELD_LABELS,
    "target_work": {"ease_level": "導入のしやすさ"},
    "expenses": {"amount": "金額"},
}
_CODE_LISTS = {
    "plan.forms": FORM_LABELS,
    "plan.methods": METHOD_LABELS,
    "plan.non_adoption_reasons": NON_ADOPTION_REASON_LABELS,
}
_DATES = frozenset(
    {
        "plan.guidelines_adopted",
        "plan.service_rules_adopted",
        "progress.planned_start",
        "progress.planned_end",
        "progress.actual_start",
        "progress.actual_end",
    }
)


def _count(value: int | None, unit: str) -> str:
    return "－" if value is None else f"{value:,}{unit}"


def evidence_summary(evidence: tuple[Evidence, ...]) -> str:
    """「みどり町テレワーク実施要領（み総第45号・令和3年10月1日）、…」 (empty when none)."""
    items = []
    for e in evidence:
        details = [d for d in (e.document_no, to_wareki(e.issued) if e.issued else "") if d]
        items.append(f"{e.name}（{'・'.join(details)}）" if details else e.name)
    return "、".join(items)


def staff_summary(s: StaffFigures) -> str:
    """「一般行政職員 132人・なじまない 30人・実施可能 55人・実施 25人」."""
    return (
        f"一般行政職員 {_count(s.general_staff, '人')}・なじまない {_count(s.unsuitable_staff, '人')}"
        f"・実施可能 {_count(s.able_staff, '人')}・実施 {_count(s.actual_users, '人')}"
    )


def target_work_key(w: TargetWork) -> str:
    """「庁内会議資料の作成（総務課）」."""
    return f"{w.work}（{w.dept}）" if w.dept else w.work


def expense_key(e: Expense) -> str:
    """「令和3年度 ICT機器（ノートパソコン）」."""
    category = EXPENSE_CATEGORY_LABELS.get(e.category, e.category)
    head = f"{fiscal_year_label(e.fiscal_year)} {category}"
    return f"{head}（{e.note}）" if e.note else head


def _split(field: str) -> tuple[str, str | None]:
    """(collection, attribute) of an audit field path."""
    parts = field.split(".")
    head = parts[0]
    if head in ("progress", "staff"):
        return head, parts[2] if len(parts) >= 3 else None
    return head, parts[1] if len(parts) >= 2 else None


def audit_field_label(field: str, record_key: str = "") -> str:
    """What an audit field path means: 「導入ステップ：⑤検証 実施終了日」."""
    head, attribute = _split(field)
    collection = COLLECTION_LABELS.get(head)
    if collection is None:
        return field
    if head == "plan":
        return f"{collection}：{PLAN_FIELD_LABELS.get(attribute or '', attribute or '')}"
    row = f"{collection}：{record_key}" if record_key else collection
    if attribute is None:
        return row
    return f"{row} {_ROW_FIELD_LABELS[head].get(attribute, attribute)}"


def audit_value_text(field: str, stored: str) -> str:
    """A logged value as a user reads it: labels of codes, 和暦, 1,234人, 1,234円."""
    head, attribute = _split(field)
    name = f"{head}.{attribute}"
    try:
        if name in _CODE_LISTS:
            labels = _CODE_LISTS[name]
            return "、".join(labels.get(code, code) for code in stored.split(",") if code)
        if name in _DATES:
            return to_wareki(date.fromisoformat(stored))
        if name == "plan.adopted":
            return "導入済" if stored == "1" else "未導入"
        if name == "plan.terminals":
            return f"{int(stored):,}台"
        if name == "progress.status":
            return STATUS_LABELS.get(stored, stored)
        if head == "staff" and attribute in STAFF_FIELD_LABELS:
            return f"{int(stored):,}人"
        if name == "target_work.ease_level":
            return EASE_LEVEL_LABELS.get(int(stored), f"レベル{stored}")
        if name == "expenses.amount":
            return f"{int(stored):,}円"
    except ValueError:
        return stored
    return stored
