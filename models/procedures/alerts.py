"""Alerts of the checklist and the rules of the single write path (PRODUCT.md §2.4).

``alerts(checklist, today=...)`` lists what the page and the status report point at:

- a procedure of the 31 that is 対象 and not オンライン化済 after 令和4年度末
  (2023-03-31, the national target) — warning ``overdue``;
- a planned 年度 that has ended before ``today`` without the procedure going online —
  warning ``planned_past``;
- a 年度 whose うちオンライン件数 exceeds its 手続総件数 — **error** ``online_exceeds_total``
  (``save_usage`` refuses such a figure, so it shows only in data that was never saved
  through the repository, e.g. a workbook being checked);
- a 都道府県 procedure marked 対象 — warning ``prefectural_applicable``.

``validate_status`` and ``validate_usage`` are the field rules the repository enforces
before writing: each problem is a ``ValidationError`` with a Japanese message and
``field`` naming the record's field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from models.calendar import fiscal_year_end, fiscal_year_label, to_wareki
from models.errors import ValidationError
from models.numbers import format_count
from models.procedures.catalogue import default_status, grouped
from models.procedures.records import (
    BACKOFFICE_LABELS,
    CHANNEL_LABELS,
    ONLINE_TARGET_DATE,
    STATUS_LABELS,
    Checklist,
    ProcedureStatus,
    UsageFigures,
)
from models.procedures.summary import is_applicable, is_online, statuses_by_code

__all__ = [
    "ERROR",
    "KIND_LABELS",
    "MAX_COUNT",
    "MAX_FISCAL_YEAR",
    "MIN_FISCAL_YEAR",
    "OVERDUE_MESSAGE",
    "WARNING",
    "Alert",
    "alerts",
    "set_applicable",
    "validate_status",
    "validate_usage",
]

ERROR: Literal["error"] = "error"
WARNING: Literal["warning"] = "warning"
MAX_COUNT = 100_000_000  # more than any town's yearly count of one procedure
MIN_FISCAL_YEAR = 2000
MAX_FISCAL_YEAR = 2100
MAX_TEXT = 1000
MAX_SHORT_TEXT = 100
OVERDUE_MESSAGE = (
    f"令和4年度末（{ONLINE_TARGET_DATE.year}年{ONLINE_TARGET_DATE.month}月{ONLINE_TARGET_DATE.day}日）"
    "の目標を過ぎてもオンライン化されていません"
)
KIND_LABELS = {
    "overdue": "目標期限超過",
    "planned_past": "予定年度超過",
    "online_exceeds_total": "件数の誤り",
    "prefectural_applicable": "都道府県の手続",
}


@dataclass(frozen=True)
class Alert:
    """One alert about one procedure (``code``); ``kind`` is a key of ``KIND_LABELS``."""

    level: Literal["error", "warning"]
    code: str  # the procedure's code
    message: str  # Japanese, without the procedure's name
    kind: str = ""
    name: str = ""  # the procedure's name as shown
    fiscal_year: int | None = None  # the 年度 concerned (usage figures, planned 年度)

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def text(self) -> str:
        """「児童手当等の現況届：…」 for lists that show alerts of several procedures."""
        return f"{self.name}：{self.message}" if self.name else self.message


def alerts(checklist: Checklist, *, today: date) -> list[Alert]:
    """Every alert of the checklist: errors first, then in the display order of the procedures."""
    statuses = statuses_by_code(checklist)
    usage_by_entry: dict[str, list[UsageFigures]] = {}
    for figures in sorted(checklist.usage, key=lambda u: u.fiscal_year):
        usage_by_entry.setdefault(figures.code, []).append(figures)
    found: list[Alert] = []
    for _group, entries in grouped(checklist.catalogue):
        for entry in entries:
            status = statuses.get(entry.code) or default_status(entry)
            for figures in usage_by_entry.get(entry.code, ()):
                if (
                    figures.total is not None
                    and figures.online is not None
                    and figures.online > figures.total
                ):
                    found.append(
                        Alert(
                            ERROR,
                            entry.code,
                            _exceeds_message(figures),
                            "online_exceeds_total",
                            entry.name,
                            figures.fiscal_year,
                        )
                    )
            if entry.retired:
                continue
            applicable = is_applicable(status)
            if applicable and entry.prefectural:
                found.append(
                    Alert(
                        WARNING,
                        entry.code,
                        "都道府県の手続が対象になっています（市区町村では通常は対象外です）",
                        "prefectural_applicable",
                        entry.name,
                    )
                )
            if not applicable or is_online(status):
                continue
            if entry.in_31 and today > ONLINE_TARGET_DATE:
                found.append(Alert(WARNING, entry.code, OVERDUE_MESSAGE, "overdue", entry.name))
            if status.planned_fy is not None and fiscal_year_end(status.planned_fy) < today:
                found.append(
                    Alert(
                        WARNING,
                        entry.code,
                        f"予定年度（{fiscal_year_label(status.planned_fy)}）を過ぎてもオンライン化されていません",
                        "planned_past",
                        entry.name,
                        status.planned_fy,
                    )
                )
    return sorted(found, key=lambda a: a.level != ERROR)


def _exceeds_message(figures: UsageFigures) -> str:
    return (
        f"{fiscal_year_label(figures.fiscal_year)}のうちオンライン件数（{format_count(figures.online)}件）が"
        f"手続総件数（{format_count(figures.total)}件）を超えています"
    )


# -- the field rules -----------------------------------------------------------------------


def _count_error(value: object, name: str, field: str) -> ValidationError | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return ValidationError(f"{name}は0以上の整数で入力してください。", field=field)
    if value > MAX_COUNT:
        return ValidationError(f"{name}は{format_count(MAX_COUNT)}以下で入力してください。", field=field)
    return None


def _fiscal_year_error(value: object, name: str, field: str) -> ValidationError | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return ValidationError(f"{name}を入力してください。", field=field)
    if not MIN_FISCAL_YEAR <= value <= MAX_FISCAL_YEAR:
        return ValidationError(
            f"{name}は{fiscal_year_label(MIN_FISCAL_YEAR)}から{fiscal_year_label(MAX_FISCAL_YEAR)}"
            "までの範囲で入力してください。",
            field=field,
        )
    return None


def _text_error(value: object, name: str, field: str, limit: int) -> ValidationError | None:
    if not isinstance(value, str):
        return ValidationError(f"{name}を文字で入力してください。", field=field)
    if len(value) > limit:
        return ValidationError(f"{name}は{limit}文字以内で入力してください。", field=field)
    return None


def validate_status(status: ProcedureStatus) -> list[ValidationError]:
    """The rules of one procedure's answer (empty list = it can be saved).

    対象外 and the status 「対象外」 go together (``set_applicable`` keeps them so); オンライン
    化済 needs a channel other than 「なし」; codes of the label maps only; the online-since
    date and the planned 年度 within 2000–2100; texts within their lengths.
    """
    errors: list[ValidationError | None] = []
    if not status.code:
        errors.append(ValidationError("手続が指定されていません。", field="code"))
    if status.status not in STATUS_LABELS:
        errors.append(ValidationError("状況を一覧から選んでください。", field="status"))
    elif not status.applicable and status.status != "not_applicable":
        errors.append(ValidationError("対象外の手続の状況は「対象外」になります。", field="status"))
    elif status.applicable and status.status == "not_applicable":
        errors.append(
            ValidationError("状況を「対象外」にする場合は、手続を対象外にしてください。", field="applicable")
        )
    if status.channel not in CHANNEL_LABELS:
        errors.append(ValidationError("オンライン申請の方法を一覧から選んでください。", field="channel"))
    elif status.status == "online" and status.channel == "none":
        errors.append(
            ValidationError(
                "オンライン化済の場合は、オンライン申請の方法（ぴったりサービス等）を選んでください。",
                field="channel",
            )
        )
    if status.backoffice not in BACKOFFICE_LABELS:
        errors.append(ValidationError("基幹システムとの連携を一覧から選んでください。", field="backoffice"))
    if status.online_since is not None and not (
        date(MIN_FISCAL_YEAR, 1, 1) <= status.online_since <= date(MAX_FISCAL_YEAR, 12, 31)
    ):
        errors.append(
            ValidationError(
                f"オンライン化の時期は{to_wareki(date(MIN_FISCAL_YEAR, 1, 1))}以降で入力してください。",
                field="online_since",
            )
        )
    if status.planned_fy is not None:
        errors.append(_fiscal_year_error(status.planned_fy, "オンライン化の予定年度", "planned_fy"))
    for flag, name in (
        ("standard_form", "標準様式の使用"),
        ("card_auth", "マイナンバーカードによる本人確認"),
    ):
        value = getattr(status, flag)
        if value is not None and not isinstance(value, bool):
            errors.append(ValidationError(f"{name}は「あり」「なし」から選んでください。", field=flag))
    errors.append(
        _text_error(status.not_applicable_reason, "対象外の理由", "not_applicable_reason", MAX_SHORT_TEXT)
    )
    errors.append(_text_error(status.owner_dept, "担当課", "owner_dept", MAX_SHORT_TEXT))
    errors.append(_text_error(status.notes, "備考", "notes", MAX_TEXT))
    return [e for e in errors if e is not None]


def validate_usage(figures: UsageFigures) -> list[ValidationError]:
    """The rules of one 年度's counts: integers ≥ 0, うちオンライン件数 ≤ 手続総件数, a 年度 in range."""
    errors = [
        _fiscal_year_error(figures.fiscal_year, "年度", "fiscal_year"),
        _count_error(figures.total, "手続総件数", "total"),
        _count_error(figures.online, "うちオンライン件数", "online"),
    ]
    if not figures.code:
        errors.append(ValidationError("手続が指定されていません。", field="code"))
    if not any(errors) and figures.total is not None and figures.online is not None:
        if figures.online > figures.total:
            errors.append(ValidationError(_exceeds_message(figures) + "。", field="online"))
    return [e for e in errors if e is not None]


def set_applicable(status: ProcedureStatus, applicable: bool, reason: str = "") -> ProcedureStatus:
    """The answer marked 対象 / 対象外 consistently: 対象外 sets the status 「対象外」 (with
    ``reason``); 対象 again returns to 「未定」 with no reason."""
    if applicable:
        if status.applicable and status.status != "not_applicable":
            return status
        return replace(status, applicable=True, status="undecided", not_applicable_reason="")
    return replace(status, applicable=False, status="not_applicable", not_applicable_reason=reason)
