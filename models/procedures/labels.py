"""Japanese labels of the checklist's fields and the wording of its audit-log entries.

The audit log of the checklist (``table_name = "procedures"``) uses dotted field paths; the
record key is always a readable name (the procedure's name, with the 年度 for figures):

- ``catalogue.P31-19`` — an entry added or removed (old/new = its name);
- ``catalogue.T-001.name`` — one field of an entry (name, category, retired …);
- ``statuses.P31-10.channel`` — one field of the town's answer for a procedure;
- ``usage.P31-10.2023.online`` — one count of one 年度 (added/removed with the whole 年度:
  ``usage.P31-10.2023``, old/new = 「総件数 300件・オンライン 120件」);
- ``list_version`` — the version of the national list in use.
"""

from __future__ import annotations

from datetime import date

from models.calendar import fiscal_year_label, to_wareki
from models.procedures.records import BACKOFFICE_LABELS, CHANNEL_LABELS, STATUS_LABELS

__all__ = [
    "AUDIT_TABLE",
    "CATALOGUE_FIELD_LABELS",
    "COLLECTION_LABELS",
    "LIST_VERSION_FIELD",
    "STATUS_FIELD_LABELS",
    "USAGE_FIELD_LABELS",
    "audit_field_label",
    "audit_value_text",
    "usage_record_key",
    "usage_summary",
]

AUDIT_TABLE = "procedures"
LIST_VERSION_FIELD = "list_version"

COLLECTION_LABELS = {"catalogue": "手続一覧", "statuses": "手続の状況", "usage": "利用件数"}
CATALOGUE_FIELD_LABELS = {
    "name": "手続の名称",
    "category": "分類",
    "level": "対象団体",
    "in_31": "31手続",
    "in_58_class": "58手続の区分",
    "note": "注記",
    "source": "出典",
    "origin": "区分",
    "retired": "使用状況",
    "list_version": "掲載された一覧の版",
}
STATUS_FIELD_LABELS = {
    "applicable": "対象・対象外",
    "not_applicable_reason": "対象外の理由",
    "status": "状況",
    "channel": "オンライン申請の方法",
    "standard_form": "標準様式の使用",
    "card_auth": "マイナンバーカードによる本人確認",
    "backoffice": "基幹システムとの連携",
    "online_since": "オンライン化の時期",
    "planned_fy": "オンライン化の予定年度",
    "owner_dept": "担当課",
    "notes": "備考",
}
USAGE_FIELD_LABELS = {"total": "手続総件数", "online": "うちオンライン件数"}
_ROW_FIELD_LABELS = {
    "catalogue": CATALOGUE_FIELD_LABELS,
    "statuses": STATUS_FIELD_LABELS,
    "usage": USAGE_FIELD_LABELS,
}
_CHOICES = {
    "statuses.status": STATUS_LABELS,
    "statuses.channel": CHANNEL_LABELS,
    "statuses.backoffice": BACKOFFICE_LABELS,
    "catalogue.origin": {"national": "国の一覧", "town": "本町独自"},
    "catalogue.in_58_class": {"a": "a（処理件数の多い手続）", "b": "b（ライフイベント関係の手続）"},
}
_FLAGS = {
    "statuses.applicable": ("対象", "対象外"),
    "statuses.standard_form": ("あり", "なし"),
    "statuses.card_auth": ("あり", "なし"),
    "catalogue.in_31": ("該当", "非該当"),
    "catalogue.retired": ("使用しない（廃止・掲載終了）", "使用中"),
}


def usage_record_key(name: str, fiscal_year: int) -> str:
    """「児童手当等の現況届（令和5年度）」."""
    return f"{name}（{fiscal_year_label(fiscal_year)}）"


def usage_summary(total: int | None, online: int | None) -> str:
    """「総件数 300件・オンライン 120件」 (a missing count as 「－」)."""

    def count(value: int | None) -> str:
        return "－" if value is None else f"{value:,}件"

    return f"総件数 {count(total)}・オンライン {count(online)}"


def _split(field: str) -> tuple[str, str | None, str | None]:
    """(collection, row key, attribute) of an audit field path; usage rows are code.year."""
    parts = field.split(".")
    head = parts[0]
    if head == "usage":
        key = ".".join(parts[1:3]) if len(parts) >= 3 else None
        attribute = parts[3] if len(parts) >= 4 else None
        return head, key, attribute
    if len(parts) == 1:
        return head, None, None
    if len(parts) == 2:
        return head, parts[1], None
    return head, parts[1], ".".join(parts[2:])


def audit_field_label(field: str, record_key: str = "") -> str:
    """What an audit field path means: 「手続の状況：児童手当等の現況届 オンライン申請の方法」."""
    if field == LIST_VERSION_FIELD:
        return "国の手続一覧の版"
    head, _key, attribute = _split(field)
    collection = COLLECTION_LABELS.get(head)
    if collection is None:
        return field
    row = f"{collection}：{record_key}" if record_key else collection
    if attribute is None:
        return row
    return f"{row} {_ROW_FIELD_LABELS[head].get(attribute, attribute)}"


def audit_value_text(field: str, stored: str) -> str:
    """A logged value as a user reads it: choice labels, 和暦, 年度, 1,234, 対象/対象外."""
    head, key, attribute = _split(field)
    name = f"{head}.{attribute}" if key is not None and attribute is not None else head
    try:
        if name in _CHOICES:
            return _CHOICES[name].get(stored, stored)
        if name in _FLAGS:
            yes, no = _FLAGS[name]
            return yes if stored == "1" else no
        if name == "statuses.online_since":
            return to_wareki(date.fromisoformat(stored))
        if name == "statuses.planned_fy":
            return fiscal_year_label(int(stored))
        if head == "usage" and attribute in USAGE_FIELD_LABELS:
            return f"{int(stored):,}"
    except ValueError:
        return stored
    return stored
