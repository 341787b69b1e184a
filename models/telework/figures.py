"""Staff figures → 実施可能職員割合 and 利用率, the survey bucket, the rollout phase.

- 実施可能職員割合 = staff able to telework ÷ 一般行政職員数 × 100;
- 利用率 = staff who actually teleworked ÷ staff able to × 100.

Both are percentages rounded **half up to 0.1** (``models.numbers.rate``); a 0 or missing
denominator (or a missing numerator) gives ``None``, shown as 「－」.

Buckets follow the national survey: 0％以上30％未満 / 30％以上50％未満 / 50％以上80％未満 /
80％以上, and 不明 for no rate. **The bucket is taken on the rounded rate**, as the 総務省
tables classify the printed figure: 29.95% is shown as 30.0% and so falls in 30％以上50％未満.
Boundaries are inclusive below: 30.0 → 30％以上50％未満, 50.0 → 50％以上80％未満, 80.0 → 80％以上.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from models.numbers import Number, rate, round_half_up
from models.telework.catalogue import BUCKETS, UNKNOWN_BUCKET, distribution, telework_steps
from models.telework.records import PHASE_FULL, PHASE_TRIAL, StaffFigures, StepProgress, TeleworkStep

__all__ = [
    "CURRENT_PHASE_LABELS",
    "NOT_STARTED",
    "BucketRow",
    "StaffRates",
    "beside_national",
    "bucket_of",
    "phase_of",
    "ready_share",
    "staff_rates",
    "usage_rate",
]

NOT_STARTED = "not_started"
CURRENT_PHASE_LABELS = {NOT_STARTED: "未着手", PHASE_TRIAL: "試行", PHASE_FULL: "本格実施"}
_LOWER_BOUNDS = (Decimal(0), Decimal(30), Decimal(50), Decimal(80))


def _ratio(numerator: int | None, denominator: int | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return rate(numerator, denominator)


def ready_share(staff: StaffFigures) -> Decimal | None:
    """実施可能職員割合 (%): able ÷ general, HALF_UP 0.1; None when general is 0 or missing."""
    return _ratio(staff.able_staff, staff.general_staff)


def usage_rate(staff: StaffFigures) -> Decimal | None:
    """利用率 (%): actual users ÷ able, HALF_UP 0.1; None when able is 0 or missing."""
    return _ratio(staff.actual_users, staff.able_staff)


def bucket_of(value: Number | None) -> str:
    """The survey bucket of a rate (%), taken on the rate rounded half up to 0.1; None → 不明."""
    if value is None:
        return UNKNOWN_BUCKET
    shown = round_half_up(value, 1)
    if shown < 0:
        raise ValueError(f"a rate cannot be negative: {value!r}")
    found = BUCKETS[0]
    for bucket, lower in zip(BUCKETS, _LOWER_BOUNDS, strict=True):
        if shown >= lower:
            found = bucket
    return found


@dataclass(frozen=True)
class StaffRates:
    """The rates of one 年度 and their buckets."""

    fiscal_year: int
    ready_share: Decimal | None
    usage_rate: Decimal | None
    ready_bucket: str
    usage_bucket: str


def staff_rates(staff: StaffFigures) -> StaffRates:
    ready = ready_share(staff)
    usage = usage_rate(staff)
    return StaffRates(staff.fiscal_year, ready, usage, bucket_of(ready), bucket_of(usage))


@dataclass(frozen=True)
class BucketRow:
    """One bucket of the national distribution, marked when the town's rate falls in it."""

    bucket: str
    bodies: int | None
    share_pct: Decimal
    is_town: bool


def beside_national(metric_key: str, value: Number | None) -> tuple[BucketRow, ...]:
    """The national distribution of ``ready_share`` / ``usage_rate`` with the town's bucket marked."""
    town = bucket_of(value)
    return tuple(BucketRow(f.item, f.bodies, f.share_pct, f.item == town) for f in distribution(metric_key))


def phase_of(progress: Iterable[StepProgress], steps: Iterable[TeleworkStep] | None = None) -> str:
    """The current phase: ``full`` once any 本格実施 step has started, ``trial`` once any step
    has, else ``not_started`` (keys of CURRENT_PHASE_LABELS). 対象外 steps do not count."""
    if steps is None:
        steps = telework_steps()
    phases = {s.no: s.phase for s in steps}
    started = [p for p in progress if p.status != "not_applicable" and p.started]
    if any(phases.get(p.step_no) == PHASE_FULL for p in started):
        return PHASE_FULL
    if started:
        return PHASE_TRIAL
    return NOT_STARTED
