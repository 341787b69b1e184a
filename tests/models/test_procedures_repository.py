"""Storing the checklist: seeding, round trip, audit, rules, town procedures, list updates,
replace_all, the migration from data version 2 and the demo town."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from models.demo import create_demo
from models.errors import ValidationError
from models.history import describe
from models.procedures.alerts import alerts
from models.procedures.catalogue import LIST_VERSION, default_status, national_catalogue
from models.procedures.demo import demo_checklist
from models.procedures.records import CatalogueEntry, Checklist, ProcedureStatus, UsageFigures
from models.procedures.repository import NATIONAL_NOT_DELETABLE, ChecklistRepository
from models.procedures.summary import coverage_31, usage_table
from models.store import database
from models.store.audit import AuditEntry, list_entries
from models.store.database import BACKUP_DIR_NAME, LATEST_SCHEMA_VERSION, Store
from models.store.migrations import MIGRATIONS
from models.store.town_repository import TownRepository

ONLINE = ProcedureStatus(
    code="P31-10",
    status="online",
    channel="pittari",
    standard_form=True,
    card_auth=True,
    backoffice="lgwan_download",
    online_since=date(2022, 6, 1),
    planned_fy=2022,
    owner_dept="子育て支援課",
    notes="令和4年6月から原則提出不要",
)


@pytest.fixture
def memory() -> Iterator[Store]:
    s = Store.memory()
    yield s
    s.close()


@pytest.fixture
def repo(memory: Store) -> ChecklistRepository:
    return ChecklistRepository(memory)


def audit(store: Store) -> list[AuditEntry]:
    return list(reversed(list_entries(store.conn, table_name="procedures", limit=10_000)))


def described(store: Store) -> list[tuple[str, str, str, str]]:
    return [(row.action, row.field, row.old, row.new) for row in map(describe, audit(store))]


def status_of(checklist: Checklist, code: str) -> ProcedureStatus:
    return next(s for s in checklist.statuses if s.code == code)


# -- a new database ----------------------------------------------------------------------------


def test_a_new_database_holds_the_national_list_with_default_answers(repo: ChecklistRepository) -> None:
    checklist = repo.load()
    assert checklist.catalogue == national_catalogue()
    assert checklist.statuses == tuple(default_status(e) for e in national_catalogue())
    assert checklist.usage == ()
    assert checklist.list_version == LIST_VERSION
    assert coverage_31(checklist).applicable == 27
    assert audit(repo.store) == []  # seeding is part of the schema, not a change by the user


def test_load_only_reads(repo: ChecklistRepository) -> None:
    before = repo.store.conn.total_changes
    repo.load()
    repo.load()
    assert repo.store.conn.total_changes == before


# -- answers -----------------------------------------------------------------------------------


def test_save_status_round_trip_with_one_audit_row_per_field(repo: ChecklistRepository) -> None:
    repo.save_status(ONLINE)
    assert status_of(repo.load(), "P31-10") == ONLINE
    rows = described(repo.store)
    assert len(rows) == 9  # every field but applicable and the 対象外 reason changed
    assert (
        "変更",
        "手続の状況：児童手当等の現況届 オンライン申請の方法",
        "なし",
        "ぴったりサービス（マイナポータル）",
    ) in rows
    assert ("変更", "手続の状況：児童手当等の現況届 状況", "未定", "オンライン化済") in rows
    assert ("変更", "手続の状況：児童手当等の現況届 オンライン化の時期", "（空欄）", "令和4年6月1日") in rows
    assert ("変更", "手続の状況：児童手当等の現況届 オンライン化の予定年度", "（空欄）", "令和4年度") in rows
    assert (
        "変更",
        "手続の状況：児童手当等の現況届 マイナンバーカードによる本人確認",
        "（空欄）",
        "あり",
    ) in rows
    assert (
        "変更",
        "手続の状況：児童手当等の現況届 基幹システムとの連携",
        "（空欄）",
        "LGWAN経由ダウンロード",
    ) in rows
    assert {describe(e).module for e in audit(repo.store)} == {"オンライン手続"}
    assert {e.record_key for e in audit(repo.store)} == {"児童手当等の現況届"}

    repo.save_status(ONLINE)  # unchanged: no new audit rows
    assert len(audit(repo.store)) == 9


def test_marking_not_applicable_is_logged_in_words(repo: ChecklistRepository) -> None:
    repo.save_status(
        ProcedureStatus(
            "P31-06", applicable=False, status="not_applicable", not_applicable_reason="申出の実績なし"
        )
    )
    assert ("変更", "手続の状況：児童手当等に係る寄附の申出 対象・対象外", "対象", "対象外") in described(
        repo.store
    )


def test_an_invalid_answer_writes_nothing(repo: ChecklistRepository) -> None:
    with pytest.raises(ValidationError) as caught:
        repo.save_status(replace(ONLINE, channel="none"))
    assert caught.value.field == "channel" and "オンライン化済の場合は" in caught.value.user_message
    assert status_of(repo.load(), "P31-10") == default_status(national_catalogue()[9])
    assert audit(repo.store) == []
    with pytest.raises(ValidationError, match="手続が見つかりません"):
        repo.save_status(ProcedureStatus("X-99"))


def test_undo_may_restore_a_state_the_rules_refuse(repo: ChecklistRepository) -> None:
    odd = ProcedureStatus("P31-10", status="online", channel="none")
    repo.save_status(odd, enforce_rules=False)
    assert status_of(repo.load(), "P31-10") == odd


# -- figures -----------------------------------------------------------------------------------


def test_usage_insert_update_delete_with_audit(repo: ChecklistRepository) -> None:
    repo.save_usage(UsageFigures("P31-10", 2023, 300, 100))
    repo.save_usage(UsageFigures("P31-10", 2023, 300, 120))
    assert repo.load().usage == (UsageFigures("P31-10", 2023, 300, 120),)
    repo.save_usage(UsageFigures("P31-10", 2023, None, None))
    assert repo.load().usage == ()
    assert described(repo.store) == [
        ("追加", "利用件数：児童手当等の現況届（令和5年度）", "（空欄）", "総件数 300件・オンライン 100件"),
        ("変更", "利用件数：児童手当等の現況届（令和5年度） うちオンライン件数", "100", "120"),
        ("削除", "利用件数：児童手当等の現況届（令和5年度）", "総件数 300件・オンライン 120件", "（空欄）"),
    ]


def test_online_above_total_writes_nothing_even_when_restoring(repo: ChecklistRepository) -> None:
    repo.save_usage(UsageFigures("P31-10", 2023, 300, 120))
    for enforce in (True, False):
        with pytest.raises(ValidationError) as caught:
            repo.save_usage(UsageFigures("P31-10", 2023, 300, 301), enforce_rules=enforce)
        assert caught.value.field == "online"
        assert "うちオンライン件数（301件）が手続総件数（300件）を超えています" in caught.value.user_message
    assert repo.load().usage == (UsageFigures("P31-10", 2023, 300, 120),)
    assert len(audit(repo.store)) == 1


def test_the_table_itself_refuses_online_above_total(repo: ChecklistRepository) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        repo.store.conn.execute(
            "INSERT INTO procedure_usage (code, fiscal_year, total, online) VALUES ('P31-10', 2023, 1, 2)"
        )


def test_a_paste_is_stored_all_or_nothing(repo: ChecklistRepository) -> None:
    good = [UsageFigures("P31-10", 2023, 300, 120), UsageFigures("P31-15", 2023, 84, 31)]
    with pytest.raises(ValidationError, match="「妊娠の届出」"):
        repo.save_usage_many([good[0], UsageFigures("P31-15", 2023, 84, 85)])
    assert repo.load().usage == () and audit(repo.store) == []
    with pytest.raises(ValidationError, match="重複"):
        repo.save_usage_many([good[0], good[0]])
    assert repo.save_usage_many(good) == good
    assert repo.load().usage == tuple(good)


# -- the town's own procedures ---------------------------------------------------------------


def test_town_procedures_add_edit_retire(repo: ChecklistRepository) -> None:
    first = repo.add_town_procedure("町営住宅の入居申込", "住宅", owner_dept="建設課")
    second = repo.add_town_procedure("公民館の利用申込")
    assert (first.code, second.code) == ("T-001", "T-002")
    assert first.origin == "town" and first.category == "住宅"
    checklist = repo.load()
    assert checklist.catalogue[-2:] == (first, second)
    assert status_of(checklist, "T-001") == ProcedureStatus("T-001", owner_dept="建設課")

    with pytest.raises(ValidationError, match="同じ名称の手続「町営住宅の入居申込」"):
        repo.add_town_procedure(" 町営住宅の入居申込 ")
    with pytest.raises(ValidationError, match="同じ名称の手続「転出届」"):
        repo.add_town_procedure("転出届")
    with pytest.raises(ValidationError, match="入力してください"):
        repo.add_town_procedure("  ")

    renamed = repo.edit_town_procedure("T-002", "公民館・集会所の利用申込", category="施設")
    assert (renamed.name, renamed.category) == ("公民館・集会所の利用申込", "施設")
    retired = repo.retire_town_procedure("T-001")
    assert retired.retired and repo.load().catalogue[-2].retired
    repo.add_town_procedure("町営住宅の入居申込")  # the retired name may be used again
    with pytest.raises(ValidationError, match="同じ名称"):
        repo.retire_town_procedure("T-001", retired=False)
    assert [f for _a, f, _o, _n in described(repo.store)] == [
        "手続一覧：町営住宅の入居申込",
        "手続の状況：町営住宅の入居申込 担当課",
        "手続一覧：公民館の利用申込",
        "手続一覧：公民館・集会所の利用申込 手続の名称",
        "手続一覧：公民館・集会所の利用申込 分類",
        "手続一覧：町営住宅の入居申込 使用状況",
        "手続一覧：町営住宅の入居申込",
    ]


def test_national_entries_cannot_be_retired_renamed_or_deleted(repo: ChecklistRepository) -> None:
    with pytest.raises(ValidationError) as caught:
        repo.retire_town_procedure("P31-01")
    assert (
        caught.value.user_message
        == NATIONAL_NOT_DELETABLE
        == "国の一覧の手続は削除できません。対象外にしてください。"
    )
    with pytest.raises(ValidationError, match=NATIONAL_NOT_DELETABLE):
        repo.delete_town_procedure("P58-A01")
    with pytest.raises(ValidationError, match="名称は変更できません"):
        repo.edit_town_procedure("P31-19", "居宅（介護予防）サービス計画作成（変更）依頼の届出")
    assert repo.load().catalogue == national_catalogue()


def test_undo_of_an_addition_deletes_it_and_its_code_is_not_reused(repo: ChecklistRepository) -> None:
    entry = repo.add_town_procedure("公民館の利用申込")
    repo.save_usage(UsageFigures(entry.code, 2023, 10, 2))
    repo.delete_town_procedure(entry.code)
    assert repo.load().catalogue == national_catalogue() and repo.load().usage == ()
    assert repo.add_town_procedure("公民館の利用申込").code == "T-002"


# -- a newer national list -----------------------------------------------------------------------


def newer_list() -> list[CatalogueEntry]:
    entries = []
    for entry in national_catalogue():
        if entry.code == "P31-31":
            continue
        if entry.code == "P31-19":
            entry = replace(entry, name="居宅（介護予防）サービス計画作成（変更）依頼の届出")
        entries.append(entry)
    entries.append(CatalogueEntry(code="P58-B01", name="転入届", in_58_class="b"))
    return entries


def test_a_catalogue_update_keeps_answers_figures_and_town_procedures(repo: ChecklistRepository) -> None:
    p19 = ProcedureStatus("P31-19", status="online", channel="general")
    p31 = ProcedureStatus(
        "P31-31", applicable=False, status="not_applicable", not_applicable_reason="県の手続"
    )
    repo.save_status(p19)
    repo.save_status(p31)
    repo.save_usage(UsageFigures("P31-19", 2023, 187, 9))
    town = repo.add_town_procedure("町営住宅の入居申込")

    diff = repo.apply_catalogue_update(newer_list(), "2024-04")
    assert [e.code for e in diff.added] == ["P58-B01"]
    assert [e.code for e in diff.removed] == ["P31-31"]
    assert [d.code for d in diff.renamed] == ["P31-19"]

    checklist = repo.load()
    by_code = {e.code: e for e in checklist.catalogue}
    assert by_code["P31-19"].name == "居宅（介護予防）サービス計画作成（変更）依頼の届出"
    assert status_of(checklist, "P31-19") == p19
    assert checklist.usage == (UsageFigures("P31-19", 2023, 187, 9),)
    assert by_code["P31-31"].retired and "2024-04の一覧には掲載がありません" in by_code["P31-31"].note
    assert status_of(checklist, "P31-31") == p31
    assert status_of(checklist, "P58-B01") == ProcedureStatus("P58-B01")
    assert by_code["T-001"] == town and checklist.catalogue[-1] == town
    assert checklist.list_version == "2024-04"
    assert coverage_31(checklist).applicable == 27

    rows = described(repo.store)
    assert ("追加", "手続一覧：転入届", "（空欄）", "転入届") in rows
    assert ("変更", "国の手続一覧の版", LIST_VERSION, "2024-04") in rows
    assert (
        "変更",
        "手続一覧：自動車の保管場所証明の申請 使用状況",
        "使用中",
        "使用しない（廃止・掲載終了）",
    ) in rows
    assert any(
        f == "手続一覧：居宅（介護予防）サービス計画作成（変更）依頼の届出 手続の名称"
        for _a, f, _o, _n in rows
    )

    # applying the same list again changes nothing
    count = len(audit(repo.store))
    assert repo.apply_catalogue_update(newer_list(), "2024-04").is_empty
    assert len(audit(repo.store)) == count


def test_a_catalogue_update_is_checked(repo: ChecklistRepository) -> None:
    repo.add_town_procedure("町営住宅の入居申込")
    with pytest.raises(ValidationError, match="本町独自の手続のコードと重複"):
        repo.apply_catalogue_update([CatalogueEntry(code="T-001", name="別の手続")], "2024-04")
    with pytest.raises(ValidationError, match="版"):
        repo.apply_catalogue_update(newer_list(), " ")
    assert repo.load().list_version == LIST_VERSION


# -- the whole checklist -------------------------------------------------------------------------


def sample() -> Checklist:
    town = (
        CatalogueEntry(code="T-001", name="町営住宅の入居申込", category="住宅", origin="town"),
        CatalogueEntry(code="T-002", name="町営プール利用予約<旧>＆抽選", origin="town", retired=True),
    )
    catalogue = (*national_catalogue(), *town)
    statuses = tuple(ONLINE if e.code == "P31-10" else default_status(e) for e in catalogue)
    usage = (
        UsageFigures("P31-10", 2022, 41, 6),
        UsageFigures("P31-10", 2023, 36, 11),
        UsageFigures("P31-27", 2023, 0, 0),
        UsageFigures("T-002", 2021, 30, None),
    )
    return Checklist(catalogue=catalogue, statuses=statuses, usage=usage, list_version="2024-04")


def test_replace_all_round_trip_and_idempotent(repo: ChecklistRepository) -> None:
    stored = repo.replace_all(sample())
    assert stored == sample()
    count = len(audit(repo.store))
    assert repo.replace_all(sample()) == sample()
    assert len(audit(repo.store)) == count


def test_replace_all_removes_missing_town_procedures_and_keeps_national_ones(
    repo: ChecklistRepository,
) -> None:
    repo.replace_all(sample())
    catalogue = tuple(e for e in sample().catalogue if e.code not in ("T-002", "P58-A14"))
    smaller = Checklist(
        catalogue=catalogue,
        statuses=tuple(s for s in sample().statuses if s.code in {e.code for e in catalogue}),
        usage=(UsageFigures("P31-10", 2023, 40, 12),),
    )
    stored = repo.replace_all(smaller)
    codes = [e.code for e in stored.catalogue]
    assert "T-002" not in codes and codes[-1] == "P58-A14"  # kept, after the given entries
    assert stored.usage == (UsageFigures("P31-10", 2023, 40, 12),)
    assert stored.list_version == "2024-04"  # an empty list_version keeps the stored one
    assert (
        "削除",
        "手続一覧：町営プール利用予約<旧>＆抽選",
        "町営プール利用予約<旧>＆抽選",
        "（空欄）",
    ) in described(repo.store)


def test_replace_all_is_checked_first(repo: ChecklistRepository) -> None:
    bad_usage = replace(sample(), usage=(UsageFigures("P31-10", 2023, 10, 11),))
    with pytest.raises(ValidationError, match="「児童手当等の現況届」"):
        repo.replace_all(bad_usage)
    bad_status = replace(sample(), statuses=(ProcedureStatus("P31-10", status="online"),))
    with pytest.raises(ValidationError, match="オンライン申請の方法"):
        repo.replace_all(bad_status)
    unknown = replace(sample(), usage=(UsageFigures("X-1", 2023, 1, 1),))
    with pytest.raises(ValidationError, match="一覧にない手続"):
        repo.replace_all(unknown)
    assert repo.load().catalogue == national_catalogue() and audit(repo.store) == []


# -- the migration from data version 2 ---------------------------------------------------------


def test_migration_from_v2_seeds_the_list_keeps_the_town_and_backs_up_first(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", MIGRATIONS[:2])
        patch.setattr(database, "LATEST_SCHEMA_VERSION", 2)
        old = Store.open(db_file)
        TownRepository(old).update({"lg_code": "039993", "name": "みどり町", "kind": "machi"})
        assert old.schema_version == 2 and "procedure_catalogue" not in old.table_names()
        assert ChecklistRepository(old).load() == Checklist()  # an older schema reads as empty
        old.close()

    upgraded = Store.open(db_file)
    try:
        assert upgraded.schema_version == LATEST_SCHEMA_VERSION
        assert upgraded.migration_backup is not None
        assert upgraded.migration_backup.parent == db_file.parent / BACKUP_DIR_NAME
        assert TownRepository(upgraded).identity() == ("みどり町", "039993")
        repo = ChecklistRepository(upgraded)
        assert repo.load().catalogue == national_catalogue()
        assert coverage_31(repo.load()).applicable == 27
        repo.save_status(ONLINE)
    finally:
        upgraded.close()
    backup = sqlite3.connect(upgraded.migration_backup)
    try:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
        tables = {r[0] for r in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "procedure_catalogue" not in tables and "town_profile" in tables
    finally:
        backup.close()
    again = Store.open(db_file)
    try:
        assert again.migration_backup is None
        assert status_of(ChecklistRepository(again).load(), "P31-10") == ONLINE
    finally:
        again.close()


# -- the demo town -------------------------------------------------------------------------------


def test_the_demo_checklist(memory: Store) -> None:
    create_demo(memory)
    checklist = ChecklistRepository(memory).load()
    demo = demo_checklist()
    assert checklist.catalogue == demo.catalogue
    assert checklist.statuses == demo.statuses
    assert set(checklist.usage) == set(demo.usage)
    assert checklist.catalogue[-1].name == "町営住宅の入居申込"

    cov = coverage_31(checklist)
    assert (cov.applicable, cov.online_all, cov.online_pittari) == (27, 16, 12)
    car = [status_of(checklist, f"P31-{n}") for n in range(28, 32)]
    assert [(s.applicable, s.status) for s in car] == [(False, "not_applicable")] * 4
    assert status_of(checklist, "P31-27").status == "online"

    found = alerts(checklist, today=date(2024, 6, 1))
    assert not any(a.is_error for a in found)
    assert {a.kind for a in found} == {"overdue", "planned_past"}
    assert len([a for a in found if a.kind == "overdue"]) == 11
    assert [a.code for a in found if a.kind == "planned_past"] == ["P31-23"]

    for fy in (2021, 2022, 2023):
        assert usage_table(checklist, fy)[-1].total > 0
    total = usage_table(checklist, 2023)[-1]
    assert total.online is not None and total.total is not None and total.online < total.total
    by_code = {row.code: row for row in usage_table(checklist, 2023)}
    assert by_code["P31-06"].rate is None  # 0 件: 「－」
    rates = [next(r for r in usage_table(checklist, fy) if r.is_total).rate for fy in (2021, 2022, 2023)]
    assert rates == sorted(rates)  # the online share grows
