"""The national procedure list, a town's default answer for each entry, and display groups.

``national_catalogue()`` reads ``resources/catalog/procedures.csv`` (45 rows: the 31
「特に国民の利便性向上に資する手続」 P31-01…P31-31 and 14 named group-a procedures of the 58
P58-A01…A14). Names stay verbatim as printed in the source documents — P31-19 included,
which both sources print 「居住…」 where the official name is almost certainly 「居宅…」: the
entry keeps the printed name and carries the caveat as its Japanese ``note``. The CSV's own
``note`` column is English provenance for maintainers; the notes shown to users are below.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from models.catalog import read_catalog_csv
from models.procedures.records import (
    CATEGORY_ORDER,
    LEVEL_PREFECTURAL,
    OTHER_PRIORITY_GROUP,
    TOWN_GROUP,
    CatalogueEntry,
    ProcedureStatus,
)

__all__ = [
    "CATALOGUE_FILE",
    "KNOWN_ALIASES",
    "LIST_VERSION",
    "PREFECTURAL_REASON",
    "by_code",
    "default_status",
    "group_of",
    "grouped",
    "national_catalogue",
]

CATALOGUE_FILE = "procedures.csv"
#: Version label of the bundled list (the latest source figure is 令和4年5月1日).
LIST_VERSION = "2022-05 (31手続/58手続のうち公表分)"
PREFECTURAL_REASON = "都道府県の手続"

P31_19_NOTE = (
    "資料では「居住」と表記。正式名称は「居宅（介護予防）サービス計画作成（変更）依頼の届出」"
    "と考えられます（要確認）"
)
_CAR_NOTE = "都道府県の手続です（市区町村は対象外）。58手続でのa・bの区分は資料に記載がありません。"
_GROUP_A_NOTE = "58手続のa（処理件数の多い手続）に含まれることは自治体の公表資料等によるもので、国の資料では確認できていません（要確認）。"
#: Japanese caveats shown with an entry (the CSV's ``note`` column is English provenance).
_NOTES = {
    "P31-19": P31_19_NOTE,
    "P31-28": _CAR_NOTE,
    "P31-29": _CAR_NOTE,
    "P31-30": _CAR_NOTE,
    "P31-31": _CAR_NOTE,
    "P58-A01": "58手続のa（処理件数の多い手続）の例として国の資料に掲載（資料では「図書館の図書貸出予約」と表記）。",
    "P58-A02": "58手続のa（処理件数の多い手続）の例として国の資料に掲載（資料では「文化・スポーツ施設等の利用予約」と表記）。",
    "P58-A03": "58手続のa（処理件数の多い手続）の例として国の資料に掲載。",
}

#: Other spellings of an entry's name found in the source documents, accepted when
#: matching pasted names (never shown instead of the verbatim name).
KNOWN_ALIASES: dict[str, tuple[str, ...]] = {
    "P31-19": ("居宅（介護予防）サービス計画作成（変更）依頼の届出",),
    "P58-A01": ("図書館の図書貸出予約",),
    "P58-A02": ("文化・スポーツ施設等の利用予約",),
}


@cache
def national_catalogue() -> tuple[CatalogueEntry, ...]:
    """The bundled national list in the documents' order (31 then the named group-a ones)."""
    entries = []
    for row in read_catalog_csv(CATALOGUE_FILE):
        code = row["code"]
        entries.append(
            CatalogueEntry(
                code=code,
                name=row["name"],
                category=row["category"],
                level=row["level"],
                in_31=row["in_31"] == "1",
                in_58_class=row["in_58_class"],
                note=_NOTES.get(code, _GROUP_A_NOTE if row["in_58_class"] == "a" else ""),
                source=row["source"],
                origin="national",
            )
        )
    return tuple(entries)


def default_status(entry: CatalogueEntry) -> ProcedureStatus:
    """A town's answer before it has said anything: 未定, or 対象外 for a prefectural procedure."""
    if entry.level == LEVEL_PREFECTURAL:
        return ProcedureStatus(
            code=entry.code,
            applicable=False,
            not_applicable_reason=PREFECTURAL_REASON,
            status="not_applicable",
        )
    return ProcedureStatus(code=entry.code)


def group_of(entry: CatalogueEntry) -> str:
    """The display group: the category, 「その他の優先手続（58手続のa）」 or 「本町独自の手続」."""
    if entry.origin == "town":
        return TOWN_GROUP
    if entry.category:
        return entry.category
    return OTHER_PRIORITY_GROUP


def grouped(
    catalogue: Iterable[CatalogueEntry], *, include_retired: bool = True
) -> list[tuple[str, list[CatalogueEntry]]]:
    """Entries by group in the documents' order: 子育て関係, 介護関係, 被災者支援関係,
    自動車保有関係, categories of an imported list not known here (first-seen order), the other
    priority procedures, then the town's own. Empty groups are left out; inside a group the
    catalogue's order is kept."""
    groups: dict[str, list[CatalogueEntry]] = {}
    for entry in catalogue:
        if entry.retired and not include_retired:
            continue
        groups.setdefault(group_of(entry), []).append(entry)
    known = [*CATEGORY_ORDER]
    extra = [g for g in groups if g not in (*CATEGORY_ORDER, OTHER_PRIORITY_GROUP, TOWN_GROUP)]
    order = [*known, *extra, OTHER_PRIORITY_GROUP, TOWN_GROUP]
    return [(name, groups[name]) for name in order if name in groups]


def by_code(entries: Iterable[CatalogueEntry]) -> dict[str, CatalogueEntry]:
    """Entries keyed by their code."""
    return {entry.code: entry for entry in entries}
