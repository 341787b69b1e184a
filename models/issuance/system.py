"""交付体制 現状 → 目標: the four figures 総務省 aggregated (R2.12) with their flags.

- 交付窓口数: windows with at least one 統合端末 — ``terminals_baseline > 0`` counts for
  現状, ``terminals_target > 0`` for 目標. A window without a terminal cannot issue cards
  (an 出張 desk that only takes applications), so it is not a 交付窓口. A temporary window
  counts in 目標 whatever its period: the plan compares the system as planned.
- 統合端末数: the sum of the windows' terminals.
- 職員配置数: the sum of the staff counts by type (正規 / 会計年度任用 / 委託・派遣); when
  the plan has no counts by type, the sum of the windows' staff.
- 土日開庁の実施日数: ``weekend_days_baseline`` → ``weekend_days_target`` (days per month).

Flags as 総務省 counts them: 増強 = target > baseline; 1.5倍以上 = target ≥ 1.5 × baseline
(exactly 1.5 counts). From a baseline of 0 any target above 0 is 増強 and 1.5倍以上 (the
ratio itself is then not defined and is ``None``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from models.issuance.records import IssuancePlan

__all__ = ["STRENGTHENING_LABELS", "Strengthening", "ratio", "strengthening"]

STRENGTHENING_LABELS = {
    "windows": ("交付窓口数", "か所"),
    "terminals": ("統合端末数", "台"),
    "staff": ("職員配置数", "人"),
    "weekend_days": ("土日開庁の実施日数", "日"),
}
_RATIO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Strengthening:
    """One 交付体制 figure as 現状 → 目標 with its ratio and the 総務省 flags."""

    key: str  # key of STRENGTHENING_LABELS
    label: str
    unit: str
    baseline: int
    target: int
    ratio: Decimal | None  # target ÷ baseline, HALF_UP 0.01; None when the baseline is 0
    increased: bool  # 増強: target > baseline
    at_least_1_5: bool  # 1.5倍以上


def ratio(baseline: int, target: int) -> Decimal | None:
    """target ÷ baseline rounded HALF_UP to 0.01 (3 ÷ 2 → 1.50); None for a 0 baseline."""
    if baseline == 0:
        return None
    return (Decimal(target) / Decimal(baseline)).quantize(_RATIO_PLACES, rounding=ROUND_HALF_UP)


def _figure(key: str, baseline: int, target: int) -> Strengthening:
    label, unit = STRENGTHENING_LABELS[key]
    return Strengthening(
        key=key,
        label=label,
        unit=unit,
        baseline=baseline,
        target=target,
        ratio=ratio(baseline, target),
        increased=target > baseline,
        # compared exactly in integers: 2 × target ≥ 3 × baseline
        at_least_1_5=target > 0 and 2 * target >= 3 * baseline,
    )


def strengthening(plan: IssuancePlan) -> list[Strengthening]:
    """交付窓口数, 統合端末数, 職員配置数, 土日開庁の実施日数 — in that order."""
    windows = plan.windows
    if plan.staff:
        staff = (sum(s.baseline for s in plan.staff), sum(s.target for s in plan.staff))
    else:
        staff = (sum(w.staff_baseline for w in windows), sum(w.staff_target for w in windows))
    return [
        _figure(
            "windows",
            sum(1 for w in windows if w.terminals_baseline > 0),
            sum(1 for w in windows if w.terminals_target > 0),
        ),
        _figure(
            "terminals",
            sum(w.terminals_baseline for w in windows),
            sum(w.terminals_target for w in windows),
        ),
        _figure("staff", *staff),
        _figure("weekend_days", plan.weekend_days_baseline, plan.weekend_days_target),
    ]
