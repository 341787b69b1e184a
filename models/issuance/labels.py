"""Japanese labels of the plan's fields, month names in 和暦, and the audit-log wording.

Validation messages, the 変更履歴 viewer and the GUI all name a field the same way. The
audit log of the plan (``table_name = "issuance_plan"``) uses dotted field paths:

- ``population`` — a scalar field of the plan (record key 「計画」);
- ``months.2021-05.actual_issuances`` — one value of a row (months by month, milestones by
  date, staff by type, windows/openings/events/measures by id; record key = a readable
  name of the row, e.g. 「令和3年5月」, 「本庁」);
- ``windows.3`` — a whole row added or removed (old/new = a one-line summary);
- ``obstacles.space``, ``subsidies`` — a choice or a name added or removed;
- ``versions.2`` / ``versions.2.pdf`` — a version frozen / its PDF attached.
"""

from __future__ import annotations

from datetime import date

from models.calendar import era_year_label, to_wareki
from models.issuance.records import (
    MEASURE_KIND_LABELS,
    OPENING_KIND_LABELS,
    PLACE_TYPE_LABELS,
    STAFF_TYPE_LABELS,
    VERSION_KIND_LABELS,
    WINDOW_KIND_LABELS,
)

AUDIT_TABLE = "issuance_plan"
PLAN_RECORD_KEY = "計画"

PLAN_FIELD_LABELS = {
    "title": "計画の名称",
    "period_start": "計画期間（開始月）",
    "period_end": "計画期間（終了月）",
    "base_date": "現状の基準日",
    "target_date": "体制整備の目標時期",
    "population": "住民基本台帳人口（交付率の分母）",
    "population_as_of": "住民基本台帳人口の基準日",
    "issued_before": "計画期間前の累計交付枚数",
    "applied_before": "計画期間前の累計申請件数",
    "weekend_days_baseline": "土日開庁の実施日数（現状・月あたり）",
    "weekend_days_target": "土日開庁の実施日数（目標・月あたり）",
    "obstacle_note": "阻害要因（その他・補足）",
    "note": "備考",
}
COLLECTION_LABELS = {
    "windows": "交付窓口",
    "staff": "職員配置数",
    "openings": "土日開庁・夜間延長",
    "months": "月別の申請・交付",
    "milestones": "想定交付枚数",
    "events": "出張申請受付",
    "measures": "申請促進の取組",
    "obstacles": "阻害要因",
    "subsidies": "活用した補助金",
    "versions": "提出版",
}
ROW_FIELD_LABELS: dict[str, dict[str, str]] = {
    "windows": {
        "name": "名称",
        "kind": "区分",
        "terminals_baseline": "統合端末数（現状）",
        "terminals_target": "統合端末数（目標）",
        "staff_baseline": "職員数（現状）",
        "staff_target": "職員数（目標）",
        "weekday_hours": "平日の開設時間",
        "open_from": "開設期間（開始日）",
        "open_until": "開設期間（終了日）",
    },
    "staff": {"baseline": "現状", "target": "目標"},
    "openings": {"day": "日付", "kind": "区分", "hours": "時間数", "window_id": "窓口", "note": "備考"},
    "months": {
        "planned_applications": "申請件数（計画）",
        "planned_issuances": "交付枚数（計画）",
        "actual_applications": "申請件数（実績）",
        "actual_issuances": "交付枚数（実績）",
    },
    "milestones": {"as_of": "時点", "cumulative_issued": "想定交付枚数（累計）"},
    "events": {
        "day": "実施日",
        "place_type": "場所の種類",
        "place_name": "場所",
        "expected_applications": "想定申請件数",
        "actual_applications": "申請件数（実績）",
    },
    "measures": {
        "kind": "区分",
        "description": "内容",
        "start": "開始日",
        "end": "終了日",
        "quantity": "数量",
    },
    "versions": {"pdf": "PDF"},
}
_CHOICES: dict[str, dict[str, str]] = {
    "windows.kind": WINDOW_KIND_LABELS,
    "openings.kind": OPENING_KIND_LABELS,
    "events.place_type": PLACE_TYPE_LABELS,
    "measures.kind": MEASURE_KIND_LABELS,
}
_DATE_FIELDS = frozenset(
    {
        "base_date",
        "target_date",
        "population_as_of",
        "windows.open_from",
        "windows.open_until",
        "openings.day",
        "milestones.as_of",
        "events.day",
        "measures.start",
        "measures.end",
    }
)
_MONTH_FIELDS = frozenset({"period_start", "period_end"})
_HOURS_FIELDS = frozenset({"windows.weekday_hours", "openings.hours"})
_COUNT_FIELDS = frozenset(
    {
        "population",
        "issued_before",
        "applied_before",
        "weekend_days_baseline",
        "weekend_days_target",
        "windows.terminals_baseline",
        "windows.terminals_target",
        "windows.staff_baseline",
        "windows.staff_target",
        "staff.baseline",
        "staff.target",
        "months.planned_applications",
        "months.planned_issuances",
        "months.actual_applications",
        "months.actual_issuances",
        "milestones.cumulative_issued",
        "events.expected_applications",
        "events.actual_applications",
        "measures.quantity",
    }
)


def month_label(month: date) -> str:
    """「令和3年5月」 (the era in force on that day: 2019-04 → 「平成31年4月」)."""
    return f"{era_year_label(month)}{month.month}月"


def kind_label(labels: dict[str, str], key: str) -> str:
    """The Japanese label of a code, or the code itself when it is unknown."""
    return labels.get(key, key)


def version_label(number: int, kind: str) -> str:
    """「第2版（改訂）」."""
    return f"第{number}版（{kind_label(VERSION_KIND_LABELS, kind)}）"


def _split(field: str) -> tuple[str, str | None, str | None]:
    """(collection or scalar name, row key, attribute) of an audit field path."""
    parts = field.split(".", 2)
    if len(parts) == 1:
        return parts[0], None, None
    if len(parts) == 2:
        return parts[0], parts[1], None
    return parts[0], parts[1], parts[2]


def audit_field_label(field: str, record_key: str = "") -> str:
    """What an audit field path means, in Japanese (「交付窓口：本庁 統合端末数（目標）」)."""
    head, _key, attribute = _split(field)
    if head in PLAN_FIELD_LABELS and _key is None:
        return PLAN_FIELD_LABELS[head]
    collection = COLLECTION_LABELS.get(head)
    if collection is None:
        return field
    row = f"{collection}：{record_key}" if record_key else collection
    if attribute is None:
        return row
    return f"{row} {ROW_FIELD_LABELS.get(head, {}).get(attribute, attribute)}"


def audit_value_text(field: str, stored: str) -> str:
    """A logged value as a user reads it: 和暦 dates, 「令和2年10月」, 1,234, choice labels."""
    head, key, attribute = _split(field)
    name = head if key is None else f"{head}.{attribute}"
    try:
        if name in _CHOICES:
            return kind_label(_CHOICES[name], stored)
        if name in _DATE_FIELDS:
            return to_wareki(date.fromisoformat(stored))
        if name in _MONTH_FIELDS:
            return month_label(date.fromisoformat(stored))
        if name in _COUNT_FIELDS:
            return f"{int(stored):,}"
        if name in _HOURS_FIELDS:
            return f"{stored}時間"
    except ValueError:
        return stored
    return stored


def staff_type_label(staff_type: str) -> str:
    return kind_label(STAFF_TYPE_LABELS, staff_type)
