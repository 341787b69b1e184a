"""Eligible telework expenses → the 特別交付税 estimate (PRODUCT.md §2.5).

Per 年度, the eligible expenses (by type: ICT機器, 外部接続システム・コミュニケーションツール,
ソフトウェア, ライセンス, シンクライアント等セキュリティ対策, サーバ, 導入サポート) are summed and the
estimate is total × 措置率 0.5, in whole yen rounded **down**. The actual amount also depends
on the town's 財政力 (財政力補正), which the app does not apply: every estimate is shown with
the label :data:`ESTIMATE_LABEL` 「財政力補正前の概算」.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from models.telework.records import EXPENSE_CATEGORY_LABELS, Expense

__all__ = [
    "ESTIMATE_LABEL",
    "MEASURE_RATE",
    "YearEstimate",
    "category_totals",
    "estimate_for",
    "estimate_of",
    "estimates",
]

#: 措置率 of the 特別交付税 for telework introduction costs.
MEASURE_RATE = Decimal("0.5")
ESTIMATE_LABEL = "財政力補正前の概算"


@dataclass(frozen=True)
class YearEstimate:
    """One 年度: sums per category (every category, display order), total and estimate (yen)."""

    fiscal_year: int
    by_category: tuple[tuple[str, int], ...]
    total: int
    estimate: Decimal
    label: str = ESTIMATE_LABEL


def estimate_of(total: int) -> Decimal:
    """total × 0.5, rounded down to whole yen (Decimal)."""
    if total < 0:
        raise ValueError(f"an expense total cannot be negative: {total}")
    return (Decimal(total) * MEASURE_RATE).quantize(Decimal(1), rounding=ROUND_DOWN)


def category_totals(expenses: Iterable[Expense], fiscal_year: int | None = None) -> dict[str, int]:
    """Sum per category (all categories present, display order); one 年度 or all when None."""
    totals = dict.fromkeys(EXPENSE_CATEGORY_LABELS, 0)
    for expense in expenses:
        if fiscal_year is not None and expense.fiscal_year != fiscal_year:
            continue
        if expense.category not in totals:
            raise ValueError(f"unknown expense category: {expense.category!r}")
        totals[expense.category] += expense.amount
    return totals


def estimate_for(expenses: Iterable[Expense], fiscal_year: int) -> YearEstimate:
    """The estimate of one 年度."""
    totals = category_totals(expenses, fiscal_year)
    total = sum(totals.values())
    return YearEstimate(fiscal_year, tuple(totals.items()), total, estimate_of(total))


def estimates(expenses: Iterable[Expense]) -> list[YearEstimate]:
    """One estimate per 年度 that has expenses, oldest first."""
    items = list(expenses)
    return [estimate_for(items, fy) for fy in sorted({e.fiscal_year for e in items})]
