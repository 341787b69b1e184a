"""Eligible expenses per 年度 → 特別交付税 estimate at 0.5, whole yen rounded down."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.telework.estimate import (
    ESTIMATE_LABEL,
    MEASURE_RATE,
    category_totals,
    estimate_for,
    estimate_of,
    estimates,
)
from models.telework.records import EXPENSE_CATEGORY_LABELS, Expense

EXPENSES = (
    Expense(2023, "ict_equipment", 1_200_001),
    Expense(2023, "ict_equipment", 300_000),
    Expense(2023, "license", 99_999),
    Expense(2024, "support", 500_000),
    Expense(2024, "server", 1),
)


def test_estimate_is_half_rounded_down_to_whole_yen() -> None:
    assert MEASURE_RATE == Decimal("0.5")
    assert ESTIMATE_LABEL == "財政力補正前の概算"
    assert estimate_of(3) == Decimal(1)
    assert estimate_of(0) == Decimal(0)
    with pytest.raises(ValueError):
        estimate_of(-1)


def test_per_year_estimate_and_category_sums() -> None:
    fy2023 = estimate_for(EXPENSES, 2023)
    assert fy2023.total == 1_600_000
    assert fy2023.estimate == Decimal(800_000)
    assert dict(fy2023.by_category)["ict_equipment"] == 1_500_001
    assert [c for c, _ in fy2023.by_category] == list(EXPENSE_CATEGORY_LABELS)
    assert fy2023.label == "財政力補正前の概算"
    fy2024 = estimate_for(EXPENSES, 2024)
    assert fy2024.total == 500_001 and fy2024.estimate == Decimal(250_000)
    assert [e.fiscal_year for e in estimates(EXPENSES)] == [2023, 2024]
    assert estimate_for(EXPENSES, 2025).total == 0


def test_category_totals_over_all_years_and_unknown_category() -> None:
    totals = category_totals(EXPENSES)
    assert totals["support"] == 500_000 and totals["software"] == 0
    assert len(EXPENSE_CATEGORY_LABELS) == 7
    with pytest.raises(ValueError):
        category_totals([Expense(2024, "coffee", 1)])
