"""交付体制 現状 → 目標: the four figures and the 総務省 flags 増強 / 1.5倍以上."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.issuance.records import IssuancePlan, IssuanceWindow, StaffCount
from models.issuance.system import ratio, strengthening


def _window(
    name: str, terminals: tuple[int, int], staff: tuple[int, int] = (1, 1), **kw: object
) -> IssuanceWindow:
    return IssuanceWindow(
        name=name,
        kind=str(kw.pop("kind", "main")),
        terminals_baseline=terminals[0],
        terminals_target=terminals[1],
        staff_baseline=staff[0],
        staff_target=staff[1],
        weekday_hours=Decimal("7.75"),
        **kw,  # type: ignore[arg-type]
    )


def _by_key(plan: IssuancePlan) -> dict[str, object]:
    return {s.key: s for s in strengthening(plan)}


def test_the_four_figures_in_order_with_labels_and_units() -> None:
    plan = IssuancePlan(
        windows=(
            _window("本庁", (2, 3), (2, 3)),
            _window("支所", (1, 1), (1, 1), kind="branch"),
            _window(
                "臨時",
                (0, 1),
                (0, 1),
                kind="temporary",
                open_from=date(2021, 1, 12),
                open_until=date(2021, 3, 31),
            ),
            _window("出張受付", (0, 0), (1, 2), kind="outreach"),  # no terminal: not a 交付窓口
        ),
        staff=(StaffCount("regular", 2, 2), StaffCount("fiscal_year", 1, 2), StaffCount("outsourced", 0, 1)),
        weekend_days_baseline=0,
        weekend_days_target=2,
    )
    figures = strengthening(plan)
    assert [(s.label, s.unit, s.baseline, s.target) for s in figures] == [
        ("交付窓口数", "か所", 2, 3),
        ("統合端末数", "台", 3, 5),
        ("職員配置数", "人", 3, 5),  # from the counts by type, not the windows' staff (4 → 7)
        ("土日開庁の実施日数", "日", 0, 2),
    ]
    windows, terminals, staff, weekend = figures
    assert (windows.ratio, windows.increased, windows.at_least_1_5) == (Decimal("1.50"), True, True)
    assert (terminals.ratio, terminals.at_least_1_5) == (Decimal("1.67"), True)
    assert staff.ratio == Decimal("1.67")
    assert (weekend.ratio, weekend.increased, weekend.at_least_1_5) == (None, True, True)


@pytest.mark.parametrize(
    ("baseline", "target", "expected_ratio", "increased", "at_least"),
    [
        (2, 3, Decimal("1.50"), True, True),  # exactly 1.5 counts
        (10, 15, Decimal("1.50"), True, True),
        (10, 14, Decimal("1.40"), True, False),
        (3, 4, Decimal("1.33"), True, False),
        (200, 299, Decimal("1.50"), True, False),  # ratio prints 1.50 (1.495 HALF_UP) but 299 < 300
        (3, 3, Decimal("1.00"), False, False),
        (3, 2, Decimal("0.67"), False, False),
        (0, 1, None, True, True),  # from nothing: 増強 and 1.5倍以上, ratio undefined
        (0, 0, None, False, False),
    ],
)
def test_flags_as_the_ministry_counts_them(
    baseline: int, target: int, expected_ratio: Decimal | None, increased: bool, at_least: bool
) -> None:
    plan = IssuancePlan(weekend_days_baseline=baseline, weekend_days_target=target)
    weekend = strengthening(plan)[3]
    assert weekend.ratio == expected_ratio
    assert weekend.increased is increased
    assert weekend.at_least_1_5 is at_least


def test_ratio_rounds_half_up_to_hundredths() -> None:
    assert ratio(8, 9) == Decimal("1.13")  # 1.125 → 1.13 (banker's would give 1.12)
    assert ratio(0, 5) is None


def test_staff_falls_back_to_the_windows_when_no_counts_by_type() -> None:
    plan = IssuancePlan(
        windows=(_window("本庁", (1, 1), (2, 3)), _window("支所", (1, 1), (1, 2), kind="branch"))
    )
    staff = strengthening(plan)[2]
    assert (staff.baseline, staff.target) == (3, 5)


def test_an_empty_plan_has_zero_figures_and_no_flags() -> None:
    for figure in strengthening(IssuancePlan()):
        assert (figure.baseline, figure.target, figure.ratio) == (0, 0, None)
        assert not figure.increased and not figure.at_least_1_5
