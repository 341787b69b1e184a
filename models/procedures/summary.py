"""Header figures and usage tables of the checklist (PRODUCT.md §2.4).

Coverage counts the *applicable* procedures (対象) of a list and those of them that are
オンライン化済. Both counts the towns need are given side by side: ``online_all`` counts
every channel (ぴったりサービス, 汎用電子申請, 独自システム) and ``online_pittari`` only
ぴったりサービス, which is what the national dashboard counts (towns that use 汎用電子申請
otherwise get "0%" surprises). Rates are percentages rounded half up to 0.1; a list with
no applicable procedure has no rate (``None``, shown as 「－」).

The usage table is the one towns publish under their デジタル手続条例: per 年度, 手続の名称 /
手続総件数 / うちオンライン数 / 総件数に占めるオンライン数の割合(%), with a 合計 row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from models.numbers import rate
from models.procedures.catalogue import default_status, grouped
from models.procedures.records import (
    CatalogueEntry,
    Checklist,
    ProcedureStatus,
    UsageFigures,
)

__all__ = [
    "COVERAGE_31_LABEL",
    "COVERAGE_PRIORITY_LABEL",
    "ONLINE_CHANNELS",
    "TOTAL_ROW_NAME",
    "Coverage",
    "UsageRow",
    "coverage_31",
    "coverage_by_category",
    "coverage_of",
    "coverage_priority",
    "fiscal_years",
    "is_applicable",
    "is_online",
    "status_of",
    "statuses_by_code",
    "usage_by_code",
    "usage_rate",
    "usage_table",
]

COVERAGE_31_LABEL = "31手続"
COVERAGE_PRIORITY_LABEL = "優先手続（58手続のうち掲載分）"
TOTAL_ROW_NAME = "合計"
#: Channels that make a procedure count as online (both count, unlike the national dashboard).
ONLINE_CHANNELS = frozenset({"pittari", "general", "own"})


@dataclass(frozen=True)
class Coverage:
    """対象 n件中 オンライン化済 m件 (x%) for one list or group, all channels and ぴったり only."""

    label: str
    applicable: int  # 対象 (the denominator)
    online_all: int  # オンライン化済, any channel
    online_pittari: int  # オンライン化済 via ぴったりサービス
    rate_all: Decimal | None  # None when applicable == 0
    rate_pittari: Decimal | None


@dataclass(frozen=True)
class UsageRow:
    """One line of the 公表 table (``is_total`` for the 合計 line, whose code is "")."""

    code: str
    name: str
    total: int | None
    online: int | None
    rate: Decimal | None
    is_total: bool = False


def statuses_by_code(checklist: Checklist) -> dict[str, ProcedureStatus]:
    return {status.code: status for status in checklist.statuses}


def status_of(checklist: Checklist, entry: CatalogueEntry) -> ProcedureStatus:
    """The stored answer for ``entry``, or its default when none is stored."""
    for status in checklist.statuses:
        if status.code == entry.code:
            return status
    return default_status(entry)


def is_applicable(status: ProcedureStatus) -> bool:
    """対象: marked applicable and not given the status 対象外."""
    return status.applicable and status.status != "not_applicable"


def is_online(status: ProcedureStatus) -> bool:
    """オンライン化済 through one of the counted channels (and applicable)."""
    return is_applicable(status) and status.status == "online" and status.channel in ONLINE_CHANNELS


def coverage_of(
    label: str, entries: Iterable[CatalogueEntry], statuses: dict[str, ProcedureStatus]
) -> Coverage:
    """Coverage of ``entries`` (retired ones are not counted) given the statuses by code."""
    applicable = online_all = online_pittari = 0
    for entry in entries:
        if entry.retired:
            continue
        status = statuses.get(entry.code) or default_status(entry)
        if not is_applicable(status):
            continue
        applicable += 1
        if is_online(status):
            online_all += 1
            if status.channel == "pittari":
                online_pittari += 1
    return Coverage(
        label=label,
        applicable=applicable,
        online_all=online_all,
        online_pittari=online_pittari,
        rate_all=rate(online_all, applicable),
        rate_pittari=rate(online_pittari, applicable),
    )


def coverage_31(checklist: Checklist) -> Coverage:
    """The 31 手続: 対象 27件 for a town by default (the 4 自動車保有 are prefectural)."""
    entries = [e for e in checklist.catalogue if e.in_31 and e.origin == "national"]
    return coverage_of(COVERAGE_31_LABEL, entries, statuses_by_code(checklist))


def coverage_priority(checklist: Checklist) -> Coverage:
    """The 58 優先手続 as far as the catalogue names them (in the 31 or with a 58 class)."""
    entries = [e for e in checklist.catalogue if e.in_58 and e.origin == "national"]
    return coverage_of(COVERAGE_PRIORITY_LABEL, entries, statuses_by_code(checklist))


def coverage_by_category(checklist: Checklist) -> list[Coverage]:
    """One Coverage per display group (``catalogue.grouped`` order, retired entries left
    out); a group without applicable procedures (自動車保有関係) has rates ``None``."""
    statuses = statuses_by_code(checklist)
    return [
        coverage_of(label, entries, statuses)
        for label, entries in grouped(checklist.catalogue, include_retired=False)
    ]


def usage_rate(figures: UsageFigures | None) -> Decimal | None:
    """うちオンライン件数 ÷ 手続総件数 in %, half up to 0.1; ``None`` when a count is missing
    or the total is 0 (shown as 「－」)."""
    if figures is None or figures.total is None or figures.online is None:
        return None
    return rate(figures.online, figures.total)


def usage_by_code(checklist: Checklist, fiscal_year: int) -> dict[str, UsageFigures]:
    """The figures of one 年度, by procedure code."""
    return {u.code: u for u in checklist.usage if u.fiscal_year == fiscal_year}


def _has_figures(figures: UsageFigures) -> bool:
    return figures.total is not None or figures.online is not None


def usage_table(checklist: Checklist, fiscal_year: int) -> list[UsageRow]:
    """The 公表 table of one 年度: every applicable procedure with figures that 年度 (in the
    display order; a procedure retired later still shows its past figures), then 合計.

    The 合計 line adds the known counts; its rate is the rate of those sums (``None`` when
    the total is 0). Without any figures the table is just a 合計 line of zeros.
    """
    figures = usage_by_code(checklist, fiscal_year)
    statuses = statuses_by_code(checklist)
    rows: list[UsageRow] = []
    for _group, entries in grouped(checklist.catalogue):
        for entry in entries:
            item = figures.get(entry.code)
            if item is None or not _has_figures(item):
                continue
            if not is_applicable(statuses.get(entry.code) or default_status(entry)):
                continue
            rows.append(UsageRow(entry.code, entry.name, item.total, item.online, usage_rate(item)))
    total = sum(r.total or 0 for r in rows)
    online = sum(r.online or 0 for r in rows)
    rows.append(UsageRow("", TOTAL_ROW_NAME, total, online, rate(online, total), is_total=True))
    return rows


def fiscal_years(checklist: Checklist) -> list[int]:
    """The 年度 that have at least one figure, oldest first."""
    return sorted({u.fiscal_year for u in checklist.usage if _has_figures(u)})
