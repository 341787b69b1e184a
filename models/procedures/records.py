"""行政手続オンライン化チェックリスト: the records (Qt-free, frozen dataclasses).

The catalogue (``CatalogueEntry``) is data: the 31 「特に国民の利便性向上に資する手続」 inside the
58 「地方公共団体が優先的にオンライン化を推進すべき手続」 as far as public sources name them
(resources/catalog/procedures.csv, with its list version), plus the town's own procedures.
Entries are keyed by stable codes (P31-01…, P58-A01…, T-001…), never by their Japanese names.
The town's answer for each procedure is a ``ProcedureStatus``; yearly counts are
``UsageFigures`` (手続総件数 and うちオンライン件数 per 年度).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CATEGORY_ORDER = ("子育て関係", "介護関係", "被災者支援関係", "自動車保有関係")
OTHER_PRIORITY_GROUP = "その他の優先手続（58手続のa）"
TOWN_GROUP = "本町独自の手続"
LEVEL_MUNICIPAL = "市区町村"
LEVEL_PREFECTURAL = "都道府県"

STATUS_LABELS = {
    "online": "オンライン化済",
    "planned": "予定",
    "undecided": "未定",
    "not_applicable": "対象外",
}
CHANNEL_LABELS = {
    "pittari": "ぴったりサービス（マイナポータル）",
    "general": "汎用電子申請",
    "own": "独自システム",
    "none": "なし",
}
BACKOFFICE_LABELS = {
    "e2e": "基幹システムとエンドツーエンド連携",
    "lgwan_download": "LGWAN経由ダウンロード",
    "paper": "紙出力",
    "": "（未設定）",
}
ONLINE_TARGET_DATE = date(2023, 3, 31)  # 令和4年度末: the national target for the 31 procedures


@dataclass(frozen=True)
class CatalogueEntry:
    """One procedure of the national list or of the town's own list."""

    code: str  # P31-01…P31-31, P58-A01…, or T-001… for the town's own
    name: str  # verbatim from the source documents (as printed)
    category: str = ""  # 子育て関係 / 介護関係 / 被災者支援関係 / 自動車保有関係 / ""
    level: str = ""  # 市区町村 / 都道府県 / "" (unknown)
    in_31: bool = False
    in_58_class: str = ""  # "a" / "b" / "" (not in, or not known)
    note: str = ""  # caveat shown to the user (e.g. P31-19's 居住/居宅)
    source: str = ""
    origin: str = "national"  # "national" (catalogue) or "town" (added by the town)
    retired: bool = False  # a town procedure no longer used (kept for its history)

    @property
    def prefectural(self) -> bool:
        return self.level == LEVEL_PREFECTURAL

    @property
    def in_58(self) -> bool:
        return bool(self.in_58_class) or self.in_31


@dataclass(frozen=True)
class ProcedureStatus:
    """The town's answer for one procedure. ``applicable`` False = 対象外 (with a reason)."""

    code: str
    applicable: bool = True
    not_applicable_reason: str = ""
    status: str = "undecided"  # key of STATUS_LABELS
    channel: str = "none"  # key of CHANNEL_LABELS
    standard_form: bool | None = None  # 標準様式を使用
    card_auth: bool | None = None  # マイナンバーカードによる本人確認
    backoffice: str = ""  # key of BACKOFFICE_LABELS
    online_since: date | None = None
    planned_fy: int | None = None  # 年度 (starting year) the town plans to go online
    owner_dept: str = ""  # 担当課
    notes: str = ""


@dataclass(frozen=True)
class UsageFigures:
    """手続総件数 and うちオンライン件数 of one procedure in one 年度."""

    code: str
    fiscal_year: int  # starting year of the 年度
    total: int | None = None
    online: int | None = None


@dataclass(frozen=True)
class Checklist:
    """Everything the checklist page, the forms and the workbook need, as stored."""

    catalogue: tuple[CatalogueEntry, ...] = ()
    statuses: tuple[ProcedureStatus, ...] = ()
    usage: tuple[UsageFigures, ...] = ()
    list_version: str = ""  # version label of the national list in use
