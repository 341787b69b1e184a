"""Hand-built issuance plans for the form tests (figures chosen so the rates are checkable)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
from models.town import TownProfile

TOWN = TownProfile(
    lg_code="039993",
    name="みどり町",
    kind="machi",
    population=14872,
    population_as_of=date(2020, 1, 1),
    contact_dept="企画課デジタル推進室",
    contact_person="山田 花子",
    contact_phone="0123-45-6789",
    contact_email="dx@midori-town.example.jp",
)
CREATED = date(2021, 3, 31)


def small_plan() -> IssuancePlan:
    """R2.10–R5.3 (30 months), actual figures up to R3.2, population 14,872; the planned
    peaks of R4.1–R4.2 exceed the capacity of the windows (no temporary window then).

    Before the period 2,900 cards were issued (19.5%); with the actual issuances up to
    R3.2 (340+360+300+420+410 = 1,830) the cumulative is 4,730 → 31.8%.
    """
    start = date(2020, 10, 1)
    planned = [250, 260, 230, 680, 700, 400, 300, 280, 270, 260, 250, 240]
    actual = [340, 360, 300, 420, 410]
    months = []
    for i in range(30):
        month = add_months(start, i)
        p = planned[i % 12]
        a = actual[i] if i < len(actual) else None
        months.append(
            MonthFigures(
                month=month,
                planned_applications=p + 40,
                planned_issuances=p,
                actual_applications=None if a is None else a + 55,
                actual_issuances=a,
            )
        )
    return IssuancePlan(
        period_start=start,
        period_end=date(2023, 3, 1),
        base_date=date(2020, 9, 30),
        target_date=date(2021, 4, 1),
        population=14872,
        population_as_of=date(2020, 1, 1),
        issued_before=2900,
        applied_before=3600,
        weekend_days_baseline=1,
        weekend_days_target=4,
        windows=(
            IssuanceWindow("本庁舎 住民課窓口", "main", 1, 1, 3, 4, Decimal("7.75"), id=1),
            IssuanceWindow("東部支所", "branch", 0, 1, 0, 1, Decimal(2), id=2),
            IssuanceWindow(
                "みどり町公民館（臨時交付窓口）",
                "temporary",
                0,
                1,
                0,
                2,
                Decimal(6),
                open_from=date(2021, 1, 4),
                open_until=date(2021, 3, 31),
                id=3,
            ),
            IssuanceWindow("出張申請受付", "outreach", 0, 0, 0, 2, Decimal(4), id=4),
        ),
        staff=(
            StaffCount("regular", 2, 3),
            StaffCount("fiscal_year", 1, 3),
            StaffCount("outsourced", 0, 2),
        ),
        openings=(
            ExtraOpening(date(2021, 1, 9), "weekend", Decimal(4)),
            ExtraOpening(date(2021, 1, 24), "weekend", Decimal(4), window_id=3, note="公民館で臨時開設"),
            ExtraOpening(date(2021, 2, 13), "weekend", Decimal(4)),
            ExtraOpening(date(2021, 2, 18), "evening", Decimal(2), note="19時まで延長"),
            ExtraOpening(date(2021, 3, 13), "weekend", Decimal("3.5")),
            ExtraOpening(date(2021, 3, 27), "weekend", Decimal(4)),
        ),
        months=tuple(months),
        milestones=(
            Milestone(date(2021, 3, 31), 5400),
            Milestone(date(2022, 3, 31), 9500),
            Milestone(date(2023, 3, 31), 13600),
        ),
        events=(
            PromotionEvent(date(2020, 11, 14), "commercial", "スーパーみどり 東店", 80, 92, id=1),
            PromotionEvent(date(2020, 12, 3), "company", "みどり精機株式会社", 40, 35, id=2),
            PromotionEvent(date(2021, 2, 6), "welfare", "特別養護老人ホーム みどり苑", 30, 41, id=3),
            PromotionEvent(date(2021, 4, 17), "school", "みどり町立中央中学校（保護者会）", 50, id=4),
        ),
        measures=(
            PromotionMeasure(
                "support",
                "役場ロビーでの申請サポート（写真撮影・オンライン申請の補助）",
                date(2020, 10, 1),
                date(2021, 3, 31),
                id=1,
            ),
            PromotionMeasure(
                "qr_mailing", "J-LISからのQR付き交付申請書の再送付", date(2021, 1, 15), None, 9800, id=2
            ),
            PromotionMeasure(
                "incentive",
                "申請者に町内共通商品券1,000円分",
                date(2021, 1, 4),
                date(2021, 3, 31),
                1800,
                id=3,
            ),
        ),
        obstacles=frozenset({"space", "staffing"}),
        obstacle_note="本庁舎内に臨時窓口を置く場所がないため、公民館を活用する。",
        subsidies=("マイナンバーカード交付事務費補助金", "個人番号カード交付事業費補助金"),
        note="本計画は令和2年12月の再改訂に合わせて見直したもの。",
    )


def long_plan(years: int = 10) -> IssuancePlan:
    """A ``years``-year history (H28.4 on) with actual figures in every month but the last 3."""
    start = date(2016, 4, 1)
    count = years * 12
    months = []
    for i in range(count):
        planned = 60 + (i % 12) * 7
        actual = planned - 10 + (i * 37) % 25 if i < count - 3 else None
        months.append(
            MonthFigures(
                month=add_months(start, i),
                planned_applications=planned + 5,
                planned_issuances=planned,
                actual_applications=None if actual is None else actual + 8,
                actual_issuances=actual,
            )
        )
    base = small_plan()
    return IssuancePlan(
        period_start=start,
        period_end=add_months(start, count - 1),
        base_date=date(2016, 3, 31),
        target_date=date(2017, 4, 1),
        population=14872,
        population_as_of=date(2016, 1, 1),
        issued_before=500,
        applied_before=700,
        weekend_days_baseline=1,
        weekend_days_target=2,
        windows=base.windows[:2],
        staff=base.staff,
        months=tuple(months),
        milestones=tuple(Milestone(date(2017 + y, 3, 31), 500 + 1000 * (y + 1)) for y in range(years)),
    )
