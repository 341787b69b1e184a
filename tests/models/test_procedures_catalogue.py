"""The national procedure list: verbatim names, counts, caveats, defaults and grouping."""

from __future__ import annotations

import re
from collections import Counter

from models.procedures.catalogue import (
    LIST_VERSION,
    P31_19_NOTE,
    default_status,
    group_of,
    grouped,
    national_catalogue,
)
from models.procedures.records import OTHER_PRIORITY_GROUP, TOWN_GROUP, CatalogueEntry

#: The 31 「特に国民の利便性向上に資する手続」 exactly as printed in the source documents.
NAMES_31 = (
    "児童手当等の受給資格及び児童手当の額についての認定請求",
    "児童手当等の額の改定の請求及び届出",
    "氏名変更／住所変更等の届出",
    "受給事由消滅の届出",
    "未支払の児童手当等の請求",
    "児童手当等に係る寄附の申出",
    "児童手当に係る寄附変更等の申出",
    "受給資格者の申出による学校給食費等の徴収等の申出",
    "受給資格者の申出による学校給食費等の徴収等の変更等の申出",
    "児童手当等の現況届",
    "支給認定の申請",
    "保育施設等の利用申込",
    "保育施設等の現況届",
    "児童扶養手当の現況届の事前送信",
    "妊娠の届出",
    "要介護・要支援認定の申請",
    "要介護・要支援更新認定の申請",
    "要介護・要支援状態区分変更認定の申請",
    "居住（介護予防）サービス計画作成（変更）依頼の届出",
    "介護保険負担割合証の再交付申請",
    "被保険者証の再交付申請",
    "高額介護（予防）サービス費の支給申請",
    "介護保険負担限度額認定申請",
    "居宅介護（介護予防）福祉用具購入費の支給申請",
    "居宅介護（介護予防）住宅改修費の支給申請",
    "住所移転後の要介護・要支援認定申請",
    "罹災証明書の発行申請",
    "自動車税環境性能割の申告納付",
    "自動車税の賦課徴収に関する事項の申告又は報告",
    "自動車税住所変更届",
    "自動車の保管場所証明の申請",
)


def test_the_list_has_45_entries_with_unique_codes() -> None:
    catalogue = national_catalogue()
    assert len(catalogue) == 45
    assert len({e.code for e in catalogue}) == 45
    assert all(e.origin == "national" and not e.retired for e in catalogue)
    assert LIST_VERSION.startswith("2022-05")


def test_all_31_names_are_present_verbatim_in_order() -> None:
    the_31 = [e for e in national_catalogue() if e.in_31]
    assert tuple(e.name for e in the_31) == NAMES_31
    assert [e.code for e in the_31] == [f"P31-{n:02d}" for n in range(1, 32)]


def test_the_31_are_counted_15_11_1_4_by_category() -> None:
    counts = Counter(e.category for e in national_catalogue() if e.in_31)
    assert counts == {"子育て関係": 15, "介護関係": 11, "被災者支援関係": 1, "自動車保有関係": 4}


def test_only_the_car_procedures_are_prefectural() -> None:
    prefectural = [e.code for e in national_catalogue() if e.prefectural]
    assert prefectural == ["P31-28", "P31-29", "P31-30", "P31-31"]
    municipal = [e for e in national_catalogue() if e.in_31 and not e.prefectural]
    assert len(municipal) == 27 and all(e.level == "市区町村" for e in municipal)


def test_names_use_full_width_parentheses() -> None:
    for entry in national_catalogue():
        assert "(" not in entry.name and ")" not in entry.name, entry.code


def test_p31_19_keeps_the_printed_name_and_carries_the_caveat_in_japanese() -> None:
    entry = next(e for e in national_catalogue() if e.code == "P31-19")
    assert entry.name == "居住（介護予防）サービス計画作成（変更）依頼の届出"
    assert entry.note == P31_19_NOTE
    assert "居宅（介護予防）サービス計画作成（変更）依頼の届出" in entry.note and "要確認" in entry.note


def test_notes_shown_to_users_are_japanese_not_the_csv_provenance() -> None:
    for entry in national_catalogue():
        assert re.search(r"[A-Za-z]{3,}", entry.note) is None, entry.code  # no English words
        assert entry.source  # the provenance stays available as ``source``


def test_the_group_a_entries() -> None:
    group_a = [e for e in national_catalogue() if e.code.startswith("P58-A")]
    assert len(group_a) == 14
    assert all(e.in_58_class == "a" and not e.in_31 and e.in_58 for e in group_a)
    assert all(e.note for e in group_a)
    assert all(e.in_58 for e in national_catalogue())


def test_default_status_of_a_town() -> None:
    by_code = {e.code: e for e in national_catalogue()}
    car = default_status(by_code["P31-28"])
    assert (car.applicable, car.status, car.not_applicable_reason) == (
        False,
        "not_applicable",
        "都道府県の手続",
    )
    child = default_status(by_code["P31-01"])
    assert (child.code, child.applicable, child.status, child.channel) == (
        "P31-01",
        True,
        "undecided",
        "none",
    )
    assert default_status(by_code["P58-A01"]).applicable


def test_groups_in_the_documents_order() -> None:
    town = CatalogueEntry(code="T-001", name="町営住宅の入居申込", category="住宅", origin="town")
    groups = grouped((town, *national_catalogue()))
    assert [(name, len(entries)) for name, entries in groups] == [
        ("子育て関係", 15),
        ("介護関係", 11),
        ("被災者支援関係", 1),
        ("自動車保有関係", 4),
        (OTHER_PRIORITY_GROUP, 14),
        (TOWN_GROUP, 1),
    ]
    assert group_of(town) == TOWN_GROUP
    assert groups[0][1][0].code == "P31-01"


def test_grouping_keeps_unknown_categories_and_can_leave_out_retired_entries() -> None:
    new = CatalogueEntry(code="X-1", name="新しい手続", category="引越し関係")
    old = CatalogueEntry(code="T-002", name="廃止した手続", origin="town", retired=True)
    groups = grouped((*national_catalogue(), new, old), include_retired=False)
    names = [name for name, _ in groups]
    assert names.index("引越し関係") == 4 and TOWN_GROUP not in names
