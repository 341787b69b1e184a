"""実施可能職員割合 / 利用率, the survey buckets (on the rounded rate) and the rollout phase."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.telework.catalogue import BUCKETS, UNKNOWN_BUCKET
from models.telework.figures import (
    CURRENT_PHASE_LABELS,
    beside_national,
    bucket_of,
    phase_of,
    ready_share,
    staff_rates,
    usage_rate,
)
from models.telework.records import StaffFigures, StepProgress


def test_ready_share_and_usage_rate_round_half_up() -> None:
    staff = StaffFigures(2024, general_staff=2000, unsuitable_staff=300, able_staff=1451, actual_users=145)
    assert ready_share(staff) == Decimal("72.6")  # 72.55 → 72.6, not banker's 72.6/72.5
    assert usage_rate(staff) == Decimal("10.0")  # 145/1451 = 9.993…


def test_rates_are_none_without_a_denominator() -> None:
    assert ready_share(StaffFigures(2024, general_staff=0, able_staff=0)) is None
    assert ready_share(StaffFigures(2024, general_staff=None, able_staff=10)) is None
    assert ready_share(StaffFigures(2024, general_staff=100, able_staff=None)) is None
    assert usage_rate(StaffFigures(2024, able_staff=0, actual_users=0)) is None


@pytest.mark.parametrize(
    ("value", "bucket"),
    [
        (Decimal("0"), "0％以上30％未満"),
        (Decimal("29.9"), "0％以上30％未満"),
        (Decimal("29.94"), "0％以上30％未満"),
        (Decimal("29.95"), "30％以上50％未満"),  # shown as 30.0
        (Decimal("30"), "30％以上50％未満"),
        (Decimal("30.0"), "30％以上50％未満"),
        (Decimal("49.9"), "30％以上50％未満"),
        (Decimal("50.0"), "50％以上80％未満"),
        (Decimal("79.9"), "50％以上80％未満"),
        (Decimal("79.95"), "80％以上"),
        (Decimal("80.0"), "80％以上"),
        (Decimal("100.0"), "80％以上"),
        (None, "不明"),
    ],
)
def test_bucket_boundaries(value: Decimal | None, bucket: str) -> None:
    assert bucket_of(value) == bucket


def test_bucket_is_taken_on_the_rounded_rate() -> None:
    staff = StaffFigures(2024, general_staff=2000, able_staff=599)  # 29.95%
    assert ready_share(staff) == Decimal("30.0")
    assert staff_rates(staff).ready_bucket == "30％以上50％未満"
    assert staff_rates(staff).usage_bucket == UNKNOWN_BUCKET


def test_exact_boundaries_from_counts() -> None:
    for able, bucket in ((30, BUCKETS[1]), (50, BUCKETS[2]), (80, BUCKETS[3])):
        assert staff_rates(StaffFigures(2024, general_staff=100, able_staff=able)).ready_bucket == bucket


def test_national_distribution_beside_the_town() -> None:
    rows = beside_national("ready_share", Decimal("30.0"))
    assert [r.bucket for r in rows] == [*BUCKETS, UNKNOWN_BUCKET]
    assert [r.is_town for r in rows] == [False, True, False, False, False]
    assert rows[1].bodies == 137 and rows[1].share_pct == Decimal("15.0")
    usage = beside_national("usage_rate", None)
    assert usage[-1].is_town and usage[-1].share_pct == Decimal("35.9")
    assert sum(r.bodies or 0 for r in usage) == 916


def test_phase_of() -> None:
    assert phase_of([]) == "not_started"
    assert phase_of([StepProgress(1, "not_applicable")]) == "not_started"
    assert phase_of([StepProgress(1, "done"), StepProgress(2, "in_progress")]) == "trial"
    assert phase_of([StepProgress(5, "in_progress"), StepProgress(6, "in_progress")]) == "full"
    assert CURRENT_PHASE_LABELS[phase_of([StepProgress(9, "done")])] == "本格実施"
    assert CURRENT_PHASE_LABELS["trial"] == "試行" and CURRENT_PHASE_LABELS["not_started"] == "未着手"
