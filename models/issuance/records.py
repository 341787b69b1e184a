"""マイナンバーカード交付円滑化計画: the records of one plan (Qt-free, frozen dataclasses).

A town keeps one working plan (the draft being edited). Submitting it freezes a snapshot as
a numbered version (策定 = version 1, then 改訂); the working plan then goes on as the next
revision. Codes are English; Japanese labels live in the ``*_LABELS`` mappings.

What the plan holds follows the items 総務省 aggregated from every municipality (R2.12):
想定交付枚数 by milestone, 交付窓口数, 職員配置数 and 土日開庁 as 現状 (baseline) → 目標
(target), reasons strengthening lags (阻害要因), plus the monthly plan/actual figures, the
出張申請受付 events and other promotion measures a town uses to run the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

WINDOW_KIND_LABELS = {
    "main": "本庁",
    "branch": "支所",
    "temporary": "臨時交付窓口",
    "outreach": "出張",
}
OPENING_KIND_LABELS = {"weekend": "土日開庁", "evening": "夜間延長"}
STAFF_TYPE_LABELS = {
    "regular": "正規職員",
    "fiscal_year": "会計年度任用職員",
    "outsourced": "委託・派遣",
}
PLACE_TYPE_LABELS = {
    "company": "企業",
    "commercial": "商業施設",
    "welfare": "福祉施設",
    "community": "公民館",
    "school": "学校",
    "other": "その他",
}
MEASURE_KIND_LABELS = {
    "support": "申請サポート",
    "qr_mailing": "QR付き申請書の送付",
    "incentive": "独自の特典（商品券等）",
    "publicity": "広報",
    "other": "その他",
}
OBSTACLE_LABELS = {
    "space": "庁舎内の場所の確保",
    "subsidy": "国庫補助金の見通し",
    "staffing": "人員確保",
    "other": "その他",
}
SUBSIDY_SUGGESTIONS = (
    "マイナンバーカード交付事務費補助金",
    "個人番号カード交付事業費補助金",
)
VERSION_KIND_LABELS = {"initial": "策定", "revision": "改訂"}

DEFAULT_MINUTES_PER_ISSUANCE = Decimal(15)
DEFAULT_UTILISATION = Decimal("0.8")
DEFAULT_WEEKEND_HOURS = Decimal(4)


@dataclass(frozen=True)
class IssuanceWindow:
    """交付窓口. Terminals (統合端末) and staff as 現状 → 目標; hours per business day."""

    name: str
    kind: str  # key of WINDOW_KIND_LABELS
    terminals_baseline: int
    terminals_target: int
    staff_baseline: int
    staff_target: int
    weekday_hours: Decimal  # open hours on a business day, e.g. Decimal("7.75")
    open_from: date | None = None  # period (temporary/outreach windows); None = whole plan
    open_until: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class StaffCount:
    """職員配置数 of one type (正規 / 会計年度任用 / 委託・派遣) as 現状 → 目標."""

    staff_type: str  # key of STAFF_TYPE_LABELS
    baseline: int
    target: int


@dataclass(frozen=True)
class ExtraOpening:
    """A concrete 土日開庁 day or 夜間延長 evening, with its extra open hours."""

    day: date
    kind: str  # key of OPENING_KIND_LABELS
    hours: Decimal
    window_id: int | None = None  # None = the main window (本庁)
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class MonthFigures:
    """One month: planned and actual applications (申請) and issuances (交付)."""

    month: date  # first day of the month
    planned_applications: int | None = None
    planned_issuances: int | None = None
    actual_applications: int | None = None
    actual_issuances: int | None = None


@dataclass(frozen=True)
class Milestone:
    """想定交付枚数: the cumulative number of cards issued expected by a date (年度末)."""

    as_of: date
    cumulative_issued: int


@dataclass(frozen=True)
class PromotionEvent:
    """出張申請受付: an application desk held outside the town hall."""

    day: date
    place_type: str  # key of PLACE_TYPE_LABELS
    place_name: str
    expected_applications: int
    actual_applications: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class PromotionMeasure:
    """申請サポート, QR付き申請書 mailings, incentives and other measures."""

    kind: str  # key of MEASURE_KIND_LABELS
    description: str
    start: date | None = None
    end: date | None = None
    quantity: int | None = None  # e.g. number of letters mailed
    id: int | None = None


@dataclass(frozen=True)
class ReferenceRate:
    """A benchmark rate shown beside the town's (町村平均 / prefecture / 全国), with 基準日."""

    label: str
    rate: Decimal  # percent, as printed (e.g. Decimal("23.1"))
    as_of: date
    source: str = ""


@dataclass(frozen=True)
class IssuancePlan:
    """The whole plan as edited (the working copy) or as frozen in a version."""

    title: str = "マイナンバーカード交付円滑化計画"
    period_start: date | None = None  # first month of the plan (1st day)
    period_end: date | None = None  # last month of the plan (1st day)
    base_date: date | None = None  # 基準日 of 現状 figures (e.g. 2020-09-30)
    target_date: date | None = None  # by when the 目標 system is in place (e.g. 2021-04-01)
    population: int | None = None  # 住民基本台帳人口 used for 交付率
    population_as_of: date | None = None
    issued_before: int = 0  # cumulative cards issued before period_start (as of base_date)
    applied_before: int = 0  # cumulative applications before period_start
    weekend_days_baseline: int = 0  # 土日開庁の実施日数 (per month) 現状
    weekend_days_target: int = 0  # 目標
    windows: tuple[IssuanceWindow, ...] = ()
    staff: tuple[StaffCount, ...] = ()
    openings: tuple[ExtraOpening, ...] = ()
    months: tuple[MonthFigures, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    events: tuple[PromotionEvent, ...] = ()
    measures: tuple[PromotionMeasure, ...] = ()
    obstacles: frozenset[str] = field(default_factory=frozenset)  # keys of OBSTACLE_LABELS
    obstacle_note: str = ""  # free text (その他 and comments)
    subsidies: tuple[str, ...] = ()  # names of subsidies used
    note: str = ""


@dataclass(frozen=True)
class PlanVersion:
    """A frozen, submitted version: the snapshot can be reprinted exactly as submitted."""

    number: int  # 1 = 策定, 2.. = 改訂
    kind: str  # key of VERSION_KIND_LABELS
    label: str  # e.g. 「令和2年12月 改訂（県へ提出）」
    frozen_at: datetime
    frozen_by: str
    plan: IssuancePlan
    town_name: str
    lg_code: str
    pdf: bytes | None = None  # the PDF as printed at freezing, when the form engine made one
    id: int | None = None


@dataclass(frozen=True)
class CapacitySettings:
    """Settings of the capacity check (stored as domain settings)."""

    minutes_per_issuance: Decimal = DEFAULT_MINUTES_PER_ISSUANCE
    utilisation: Decimal = DEFAULT_UTILISATION
    weekend_hours: Decimal = DEFAULT_WEEKEND_HOURS  # hours of one extra weekend opening
