"""The sample オンライン手続チェックリスト the form and workbook tests build, in one place.

- ``sample_checklist``: the national catalogue (resources/catalog/procedures.csv) plus two
  town procedures (one retired), with statuses and three 年度 of figures chosen so that
  every printed figure is checkable by hand:

  31手続 (対象27): オンライン化済 14 (51.9%), of which ぴったりサービス 9 (33.3%);
  自動車保有関係 4 are 対象外 (prefectural). 子育て関係 15: 済 10 (66.7%), ぴったり 7 (46.7%);
  介護関係 11: 済 4 (36.4%), ぴったり 2 (18.2%); 被災者支援関係 1: 済 0 (0.0%).
  令和5年度 (2023) figures: P31-27 罹災証明書 0件 / 0件 (rate 「－」), P31-15 妊娠の届出
  120 / 45 (37.5%), P31-12 保育施設等の利用申込 85 / 17 (20.0%), P31-01 200 / 1 (0.5%).

- ``large_checklist``: 500 procedures × 10 年度 (the benchmark and the long-table tests).
- ``town_with_checklist``: a database with the demo town's profile and ``checklist`` stored
  through ``ChecklistRepository.replace_all``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from models.procedures.catalogue import LIST_VERSION, national_catalogue
from models.procedures.records import (
    CatalogueEntry,
    Checklist,
    ProcedureStatus,
    UsageFigures,
)
from models.store.database import Store
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
CREATED = date(2024, 6, 20)  # 作成日 (令和6年6月20日) and "today" of the alerts
LATEST_FY = 2023  # 令和5年度: the latest 年度 with figures

#: code → (status, channel) of the 31 the town has dealt with; the others stay 未定.
ONLINE_PITTARI = ("P31-01", "P31-02", "P31-03", "P31-10", "P31-11", "P31-12", "P31-15", "P31-16", "P31-17")
ONLINE_GENERAL = ("P31-04", "P31-13", "P31-21")
ONLINE_OWN = ("P31-14", "P31-23")
PLANNED = {"P31-05": 2022, "P31-18": 2025, "P31-27": 2024, "P58-A10": 2021}  # 2022/2021 are past
OWNER = {"子育て関係": "子育て支援課", "介護関係": "健康福祉課介護保険係", "被災者支援関係": "総務課防災係"}

#: 令和5年度 (2023) figures: code → (総件数, うちオンライン件数)
FIGURES_2023 = {
    "P31-01": (200, 1),
    "P31-10": (1_450, 1_023),
    "P31-12": (85, 17),
    "P31-15": (120, 45),
    "P31-16": (310, 12),
    "P31-27": (0, 0),
    "P58-A01": (12_840, 9_315),
    "P58-A10": (1_020, 0),
    "T-001": (64, 64),
}


def names_31() -> list[str]:
    """The 31 names verbatim, in code order."""
    return [entry.name for entry in national_catalogue() if entry.in_31]


def town_procedures() -> tuple[CatalogueEntry, ...]:
    return (
        CatalogueEntry(code="T-001", name="指定ごみ袋の購入申込（事業系）", origin="town"),
        CatalogueEntry(code="T-002", name="町営プール利用予約<旧>＆抽選", origin="town", retired=True),
    )


def _status(entry: CatalogueEntry) -> ProcedureStatus:
    code = entry.code
    owner = OWNER.get(entry.category, "")
    if entry.prefectural:
        return ProcedureStatus(
            code=code, applicable=False, not_applicable_reason="都道府県の手続", status="not_applicable"
        )
    if code in ONLINE_PITTARI:
        return ProcedureStatus(
            code=code,
            status="online",
            channel="pittari",
            standard_form=True,
            card_auth=True,
            backoffice="lgwan_download",
            online_since=date(2022, 10, 1),
            owner_dept=owner,
        )
    if code in ONLINE_GENERAL or code in ONLINE_OWN:
        return ProcedureStatus(
            code=code,
            status="online",
            channel="general" if code in ONLINE_GENERAL else "own",
            backoffice="paper",
            online_since=date(2023, 4, 1),
            owner_dept=owner,
        )
    if code in PLANNED:
        return ProcedureStatus(code=code, status="planned", planned_fy=PLANNED[code], owner_dept=owner)
    if code == "P58-A01":
        return ProcedureStatus(code=code, status="online", channel="own", owner_dept="教育委員会生涯学習課")
    if code == "P58-A04":
        return ProcedureStatus(code=code, status="online", channel="general", owner_dept="税務課")
    if code == "T-001":
        return ProcedureStatus(code=code, status="online", channel="general", owner_dept="住民生活課")
    return ProcedureStatus(code=code, owner_dept=owner)


def _usage() -> tuple[UsageFigures, ...]:
    rows: list[UsageFigures] = []
    for code, (total, online) in FIGURES_2023.items():
        rows.append(UsageFigures(code, 2023, total, online))
        if code != "P31-27":
            # the two years before: a little less online each year back
            rows.append(UsageFigures(code, 2022, total, online // 2))
            rows.append(UsageFigures(code, 2021, total, online // 4))
    rows.append(UsageFigures("T-002", 2021, 30, 0))  # the retired procedure's last figures
    order = {entry.code: n for n, entry in enumerate(national_catalogue() + town_procedures())}
    return tuple(sorted(rows, key=lambda u: (order[u.code], u.fiscal_year)))  # as the repository loads them


def sample_checklist() -> Checklist:
    catalogue = national_catalogue() + town_procedures()
    return Checklist(
        catalogue=catalogue,
        statuses=tuple(_status(entry) for entry in catalogue),
        usage=_usage(),
        list_version=LIST_VERSION,
    )


def large_checklist(procedures: int = 500, years: int = 10, *, first_fy: int = 2014) -> Checklist:
    """The national list plus town procedures up to ``procedures`` entries, each with
    figures for ``years`` 年度 (the benchmark case: 500 × 10)."""
    base = sample_checklist()
    national = [e for e in base.catalogue if e.origin == "national"]
    extra = [
        CatalogueEntry(code=f"T-{n:03d}", name=f"町独自の手続その{n}（各種申請・届出の受付）", origin="town")
        for n in range(1, procedures - len(national) + 1)
    ]
    catalogue = tuple(national + extra)
    by_code = {s.code: s for s in base.statuses}
    statuses = tuple(
        by_code.get(e.code)
        or ProcedureStatus(
            code=e.code,
            status=("online", "planned", "undecided")[n % 3],
            channel=("pittari", "general", "own")[n % 3] if n % 3 == 0 else "none",
            planned_fy=2026 if n % 3 == 1 else None,
            owner_dept=f"第{n % 12 + 1}課",
        )
        for n, e in enumerate(catalogue)
    )
    statuses = tuple(
        replace(s, status="online", channel="general") if s.status == "online" and s.channel == "none" else s
        for s in statuses
    )
    usage = tuple(
        UsageFigures(e.code, fy, total, (total * (fy - first_fy + 1)) // (years + 2))
        for n, e in enumerate(catalogue)
        if not e.prefectural
        for fy in range(first_fy, first_fy + years)
        for total in [(n * 37 + fy) % 2_000]
    )
    return Checklist(catalogue=catalogue, statuses=statuses, usage=usage, list_version=LIST_VERSION)


def town_with_checklist(path: Path | None = None, checklist: Checklist | None = None) -> Store:
    """A database with the town's profile and ``checklist`` (default: the sample) stored."""
    from models.procedures.repository import ChecklistRepository
    from models.store.town_repository import TownRepository

    store = Store.open(path) if path is not None else Store.memory()
    with store.atomic():
        TownRepository(store).replace_all(TOWN)
        ChecklistRepository(store).replace_all(checklist or sample_checklist())
    return store
