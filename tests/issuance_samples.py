"""The sample 交付円滑化計画 the tests build, in one place.

- ``small_plan`` / ``long_plan`` (with ``TOWN`` and ``CREATED``): the PDF form tests, figures
  chosen so the rates are checkable.
- ``sample_plan`` (with ``WORKBOOK_TODAY``, ``town_with_plan`` and ``comparable``): the workbook
  tests, every sheet has rows and every kind of value.
- ``full_plan``: the repository round trip, every field set.
- ``valid_plan`` (with ``VALID_MAIN`` and ``VALID_TEMPORARY``): the validation tests, a plan
  that breaks no rule.
"""

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
from models.town import TownProfile

# -- the PDF form tests ------------------------------------------------------------------
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


# -- the workbook tests -------------------------------------------------------------------
WORKBOOK_TODAY = date(2025, 6, 15)


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
    IssuanceRepository(store).save(plan if plan is not None else sample_plan(), today=WORKBOOK_TODAY)
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


# -- the repository tests -----------------------------------------------------------------
def full_plan() -> IssuancePlan:
    """Every field set, with values that are easy to get wrong (Decimal exponents, None)."""
    return IssuancePlan(
        title="テスト町マイナンバーカード交付円滑化計画",
        period_start=date(2020, 10, 1),
        period_end=date(2023, 3, 1),
        base_date=date(2020, 9, 30),
        target_date=date(2021, 4, 1),
        population=15102,
        population_as_of=date(2020, 1, 1),
        issued_before=3171,
        applied_before=3790,
        weekend_days_baseline=1,
        weekend_days_target=2,
        windows=(
            IssuanceWindow("本庁", "main", 2, 3, 2, 3, Decimal("7.75")),
            IssuanceWindow(
                "臨時交付窓口", "temporary", 0, 1, 0, 1, Decimal("6.50"), date(2021, 1, 12), date(2021, 3, 31)
            ),
        ),
        staff=(StaffCount("regular", 2, 2), StaffCount("outsourced", 0, 1)),
        openings=(
            ExtraOpening(date(2021, 1, 16), "weekend", Decimal("4"), None, "9:00〜13:00"),
            ExtraOpening(date(2021, 2, 18), "evening", Decimal("1.5")),
        ),
        months=(
            MonthFigures(date(2020, 10, 1), 350, 250, 270, 185),
            MonthFigures(date(2020, 11, 1), 380, None, None, 240),
            MonthFigures(date(2023, 3, 1), 100, 150),
        ),
        milestones=(Milestone(date(2021, 3, 31), 4980), Milestone(date(2023, 3, 31), 11780)),
        events=(PromotionEvent(date(2020, 11, 15), "commercial", "スーパーみどり", 60, 48),),
        measures=(
            PromotionMeasure("qr_mailing", "QR付き申請書", date(2021, 1, 15), date(2021, 1, 15), 5200),
            PromotionMeasure("support", "申請サポート"),
        ),
        obstacles=frozenset({"space", "other"}),
        obstacle_note="場所が足りない",
        subsidies=("マイナンバーカード交付事務費補助金", "独自財源"),
        note="備考です",
    )


# -- the validation tests -----------------------------------------------------------------
VALID_MAIN = IssuanceWindow("本庁", "main", 2, 3, 2, 3, Decimal("7.75"), id=1)
VALID_TEMPORARY = IssuanceWindow(
    "臨時",
    "temporary",
    0,
    1,
    0,
    1,
    Decimal(6),
    open_from=date(2021, 1, 12),
    open_until=date(2021, 3, 31),
    id=2,
)


def valid_plan() -> IssuancePlan:
    return IssuancePlan(
        period_start=date(2021, 1, 1),
        period_end=date(2022, 3, 1),
        population=1000,
        population_as_of=date(2020, 1, 1),
        issued_before=200,
        applied_before=250,
        windows=(VALID_MAIN, VALID_TEMPORARY),
        staff=(StaffCount("regular", 2, 3),),
        openings=(ExtraOpening(date(2021, 1, 16), "weekend", Decimal(4)),),
        months=(
            MonthFigures(date(2021, 1, 1), 60, 50, 40, 30),
            MonthFigures(date(2021, 2, 1), 60, 50, 40, 30),
        ),
        milestones=(Milestone(date(2021, 3, 31), 400), Milestone(date(2022, 3, 31), 700)),
        events=(PromotionEvent(date(2021, 2, 14), "community", "東地区公民館", 30, 25),),
        measures=(PromotionMeasure("support", "申請サポート"),),
    )
