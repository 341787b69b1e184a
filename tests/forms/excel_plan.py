"""A full 交付円滑化計画 for the workbook tests: every sheet has rows, every kind of value."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from models.demo import create_demo
from models.issuance.figures import add_months
from models.issuance.records import (
    ExtraOpening,
    IssuancePlan,
    IssuanceWindow,
    Milestone,
    MonthFigures,
    PromotionEvent,
    PromotionMeasure,
    StaffCount,
)
from models.store.database import Store

TODAY = date(2025, 6, 15)


def sample_plan(*, years: int = 3, with_ids: bool = True) -> IssuancePlan:
    """A plan of ``years`` fiscal years from 令和4年4月 with actuals up to 令和7年5月."""
    start = date(2022, 4, 1)
    count = 12 * years
    months = []
    for i in range(count):
        month = add_months(start, i)
        actual = month <= date(2025, 5, 1)
        months.append(
            MonthFigures(
                month=month,
                planned_applications=120 + i,
                planned_issuances=110 + i,
                actual_applications=(100 + 2 * i) if actual else None,
                actual_issuances=(95 + 2 * i) if actual else None,
            )
        )
    main_id, temp_id = (11, 12) if with_ids else (None, None)
    return IssuancePlan(
        title="みどり町マイナンバーカード交付円滑化計画",
        period_start=start,
        period_end=add_months(start, count - 1),
        base_date=date(2022, 3, 31),
        target_date=date(2022, 10, 1),
        population=14872,
        population_as_of=date(2022, 1, 1),
        issued_before=5123,
        applied_before=5600,
        weekend_days_baseline=1,
        weekend_days_target=2,
        windows=(
            IssuanceWindow(
                name="本庁舎 住民課窓口",
                kind="main",
                terminals_baseline=2,
                terminals_target=3,
                staff_baseline=3,
                staff_target=5,
                weekday_hours=Decimal("7.75"),
                id=main_id,
            ),
            IssuanceWindow(
                name="臨時交付窓口（みどり公民館）",
                kind="temporary",
                terminals_baseline=0,
                terminals_target=1,
                staff_baseline=0,
                staff_target=2,
                weekday_hours=Decimal("6"),
                open_from=date(2022, 10, 1),
                open_until=date(2023, 3, 31),
                id=temp_id,
            ),
        ),
        staff=(
            StaffCount("regular", 3, 4),
            StaffCount("fiscal_year", 1, 3),
            StaffCount("outsourced", 0, 2),
        ),
        openings=(
            ExtraOpening(day=date(2022, 5, 14), kind="weekend", hours=Decimal(4)),
            ExtraOpening(
                day=date(2022, 11, 12), kind="weekend", hours=Decimal("3.5"), window_id=temp_id, note="公民館"
            ),
            ExtraOpening(day=date(2022, 6, 8), kind="evening", hours=Decimal("1.5"), note="19時まで"),
        ),
        months=tuple(months),
        milestones=(
            Milestone(date(2023, 3, 31), 7500),
            Milestone(date(2024, 3, 31), 9500),
            Milestone(date(2025, 3, 31), 11000),
        ),
        events=(
            PromotionEvent(date(2022, 7, 20), "commercial", "みどりショッピングセンター", 40, 52),
            PromotionEvent(date(2025, 9, 1), "welfare", "特別養護老人ホーム みどり苑", 15),
        ),
        measures=(
            PromotionMeasure(
                "qr_mailing", "未申請者へQR付き申請書を送付", date(2022, 8, 1), date(2022, 8, 31), 6200
            ),
            PromotionMeasure("support", "窓口での申請サポート（写真撮影を含む）", date(2022, 4, 1)),
        ),
        obstacles=frozenset({"space", "staffing"}),
        obstacle_note="庁舎が狭く、臨時窓口の場所の確保が難しい。",
        subsidies=("マイナンバーカード交付事務費補助金", "個人番号カード交付事業費補助金"),
        note="令和4年度策定、令和5年度改訂",
    )


def town_with_plan(path: Path, plan: IssuancePlan | None = None) -> Store:
    """The demo town at ``path`` with ``plan`` (the sample plan by default) saved."""
    from models.issuance.repository import IssuanceRepository

    store = Store.open(path)
    create_demo(store)
    IssuanceRepository(store).save(plan if plan is not None else sample_plan(), today=TODAY)
    return store


def comparable(plan: IssuancePlan) -> IssuancePlan:
    """The plan without database ids: windows keep their order, openings name their window
    by its position (the 窓口番号 of the workbook) instead of its id."""
    positions = {window.id: number for number, window in enumerate(plan.windows, start=1)}
    return replace(
        plan,
        windows=tuple(replace(window, id=None) for window in plan.windows),
        openings=tuple(
            replace(o, id=None, window_id=None if o.window_id is None else positions[o.window_id])
            for o in plan.openings
        ),
        events=tuple(replace(e, id=None) for e in plan.events),
        measures=tuple(replace(m, id=None) for m in plan.measures),
    )
