"""Storing the issuance plan: round trip, ids, audit, rules, frozen versions, migration, demo."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from models.demo import create_demo
from models.errors import ValidationError
from models.history import describe
from models.issuance import repository as repository_module
from models.issuance.capacity import capacity_report
from models.issuance.codec import plan_from_json, plan_to_json
from models.issuance.demo import demo_plan
from models.issuance.figures import latest_actual
from models.issuance.records import (
    CapacitySettings,
    IssuancePlan,
    IssuanceWindow,
    MonthFigures,
    PromotionEvent,
)
from models.issuance.repository import IssuanceRepository
from models.issuance.validation import check_plan
from models.store import database
from models.store.audit import AuditEntry, current_user, list_entries
from models.store.database import BACKUP_DIR_NAME, LATEST_SCHEMA_VERSION, Store
from models.store.migrations import MIGRATIONS
from models.store.settings_repository import MetaRepository
from models.store.town_repository import TownRepository
from tests.issuance_samples import full_plan

TODAY = date(2022, 10, 15)
PDF = b"%PDF-1.4\n% test\n%%EOF\n"


@pytest.fixture
def memory() -> Iterator[Store]:
    s = Store.memory()
    yield s
    s.close()


@pytest.fixture
def repo(memory: Store) -> IssuanceRepository:
    return IssuanceRepository(memory)


def without_ids(plan: IssuancePlan) -> IssuancePlan:
    return replace(
        plan,
        windows=tuple(replace(w, id=None) for w in plan.windows),
        openings=tuple(replace(o, id=None) for o in plan.openings),
        events=tuple(replace(e, id=None) for e in plan.events),
        measures=tuple(replace(m, id=None) for m in plan.measures),
    )


def audit(store: Store) -> list[AuditEntry]:
    """Oldest first."""
    return list(reversed(list_entries(store.conn, table_name="issuance_plan", limit=100_000)))


def count(store: Store, table: str) -> int:
    return int(store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


# -- the working plan ---------------------------------------------------------------------


def test_a_new_database_has_an_empty_plan_and_no_versions(repo: IssuanceRepository, memory: Store) -> None:
    assert repo.load() == IssuancePlan()
    assert repo.versions() == []
    assert repo.save(IssuancePlan(), today=TODAY) == IssuancePlan()
    assert count(memory, "issuance_plan") == 0 and audit(memory) == []


def test_every_field_round_trips_through_the_database(repo: IssuanceRepository, db_file: Path) -> None:
    plan = full_plan()
    saved = repo.save(plan, today=TODAY)
    assert without_ids(saved) == plan
    assert all(w.id is not None for w in saved.windows)
    assert all(o.id is not None for o in saved.openings)
    assert saved.windows[1].weekday_hours.as_tuple() == Decimal("6.50").as_tuple()  # exponent kept
    assert isinstance(saved.obstacles, frozenset)
    assert repo.load() == saved

    s = Store.open(db_file)
    try:
        s_repo = IssuanceRepository(s)
        stored = s_repo.save(plan, today=TODAY)
    finally:
        s.close()
    reopened = Store.open(db_file)
    try:
        assert IssuanceRepository(reopened).load() == stored
    finally:
        reopened.close()


def test_rows_keep_their_ids_and_ids_are_never_reused(repo: IssuanceRepository) -> None:
    saved = repo.save(full_plan(), today=TODAY)
    main, temporary = saved.windows
    edited = repo.save(
        replace(saved, windows=(replace(main, terminals_target=4),), openings=saved.openings[1:]), today=TODAY
    )
    assert edited.windows[0].id == main.id
    added = repo.save(
        replace(edited, windows=(*edited.windows, IssuanceWindow("支所", "branch", 1, 1, 1, 1, Decimal(4)))),
        today=TODAY,
    )
    assert added.windows[1].id not in (main.id, temporary.id)  # the deleted id is not reused
    # undo of the deletion writes the row back with its old id
    restored = repo.save(saved, enforce_rules=False)
    assert [w.id for w in restored.windows] == [main.id, temporary.id]


def test_a_change_writes_one_audit_row_per_changed_value(repo: IssuanceRepository, memory: Store) -> None:
    saved = repo.save(full_plan(), today=TODAY)
    start = len(audit(memory))
    months = tuple(
        replace(m, actual_issuances=200) if m.month == date(2020, 10, 1) else m for m in saved.months
    )
    main = replace(saved.windows[0], terminals_target=4)
    repo.save(replace(saved, months=months, windows=(main, saved.windows[1]), population=15200), today=TODAY)
    entries = audit(memory)[start:]
    assert [(e.action, e.record_key, e.field, e.old_value, e.new_value) for e in entries] == [
        ("update", "計画", "population", "15102", "15200"),
        ("update", "本庁", f"windows.{main.id}.terminals_target", "3", "4"),
        ("update", "令和2年10月", "months.2020-10.actual_issuances", "185", "200"),
    ]
    assert {(e.table_name, e.who) for e in entries} == {("issuance_plan", current_user())}
    rows = [describe(e) for e in entries]
    assert [(r.module, r.action, r.field, r.old, r.new) for r in rows] == [
        ("交付円滑化計画", "変更", "住民基本台帳人口（交付率の分母）", "15,102", "15,200"),
        ("交付円滑化計画", "変更", "交付窓口：本庁 統合端末数（目標）", "3", "4"),
        ("交付円滑化計画", "変更", "月別の申請・交付：令和2年10月 交付枚数（実績）", "185", "200"),
    ]


def test_rows_added_and_removed_are_inserts_and_deletes(repo: IssuanceRepository, memory: Store) -> None:
    saved = repo.save(full_plan(), today=TODAY)
    start = len(audit(memory))
    deleted = saved.openings[0]
    changed = replace(
        saved,
        openings=saved.openings[1:],
        events=(*saved.events, PromotionEvent(date(2021, 2, 14), "community", "東地区公民館", 30)),
        milestones=saved.milestones[:1],
        obstacles=frozenset({"space", "staffing"}),
        subsidies=saved.subsidies[:1],
        period_start=date(2020, 11, 1),
        months=saved.months[1:],
    )
    stored = repo.save(changed, today=TODAY)
    rows = {(e.action, e.field): e for e in audit(memory)[start:]}
    new_event = stored.events[1]
    assert rows[("delete", f"openings.{deleted.id}")].record_key == "令和3年1月16日 土日開庁"
    assert (
        rows[("delete", f"openings.{deleted.id}")].old_value
        == "令和3年1月16日 土日開庁 4時間（本庁） 9:00〜13:00"
    )
    assert (
        rows[("insert", f"events.{new_event.id}")].new_value
        == "令和3年2月14日 公民館「東地区公民館」 想定30件"
    )
    assert rows[("delete", "milestones.2023-03-31")].old_value == "11,780枚"
    assert rows[("insert", "obstacles.staffing")].new_value == "人員確保"
    assert rows[("delete", "obstacles.other")].old_value == "その他"
    assert rows[("delete", "subsidies")].old_value == "独自財源"
    assert rows[("update", "period_start")].new_value == "2020-11-01"
    # the removed month: one row per value that is gone
    gone = [e for e in audit(memory)[start:] if e.field.startswith("months.2020-10.")]
    assert len(gone) == 4 and {e.new_value for e in gone} == {None}
    texts = {describe(e).field: describe(e) for e in audit(memory)[start:]}
    assert texts["計画期間（開始月）"].new == "令和2年11月"
    assert texts["土日開庁・夜間延長：令和3年1月16日 土日開庁"].action == "削除"


def test_first_save_records_inserts_for_the_plan_fields(repo: IssuanceRepository, memory: Store) -> None:
    repo.save(IssuancePlan(period_start=date(2021, 1, 1), period_end=date(2021, 3, 1)), today=TODAY)
    assert [(e.action, e.field, e.new_value) for e in audit(memory)] == [
        ("insert", "period_start", "2021-01-01"),
        ("insert", "period_end", "2021-03-01"),
    ]


def test_saving_the_same_plan_again_writes_nothing(repo: IssuanceRepository, memory: Store) -> None:
    saved = repo.save(full_plan(), today=TODAY)
    start = len(audit(memory))
    assert repo.save(saved, today=TODAY) == saved
    assert len(audit(memory)) == start


def test_an_invalid_plan_writes_nothing(repo: IssuanceRepository, memory: Store) -> None:
    saved = repo.save(full_plan(), today=TODAY)
    audit_before = count(memory, "audit_log")
    too_many = replace(
        saved,
        months=(*saved.months[:2], MonthFigures(date(2021, 1, 1), actual_issuances=20000)),
        title="新しい名称",
    )
    with pytest.raises(ValidationError) as info:
        repo.save(too_many, today=TODAY)
    # 3,171 before + 185 + 240 + 20,000
    assert info.value.user_message.startswith("令和3年1月の累計交付枚数（実績 23,596枚）が住民基本台帳人口")
    assert info.value.field == "months[2021-01].actual_issuances"
    assert repo.load() == saved
    assert count(memory, "audit_log") == audit_before
    assert not memory.conn.in_transaction


def test_future_actuals_are_refused_with_the_given_today(repo: IssuanceRepository) -> None:
    plan = replace(full_plan(), months=(MonthFigures(date(2022, 11, 1), actual_issuances=1),))
    with pytest.raises(ValidationError, match="まだ来ていない月"):
        repo.save(plan, today=TODAY)
    repo.save(plan, today=date(2022, 11, 2))


def test_undo_may_restore_a_state_that_breaks_a_rule(repo: IssuanceRepository) -> None:
    untitled = replace(full_plan(), title="")
    with pytest.raises(ValidationError):
        repo.save(untitled, today=TODAY)
    assert repo.save(untitled, enforce_rules=False).title == ""


def test_a_failed_write_rolls_back_completely(
    repo: IssuanceRepository, memory: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = repo.save(full_plan(), today=TODAY)
    audit_before = count(memory, "audit_log")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("models.issuance.repository.record_change", broken)
    with pytest.raises(OSError):
        repo.save(
            replace(saved, population=1, issued_before=0, applied_before=0, milestones=(), months=()),
            today=TODAY,
        )
    assert repo.load() == saved
    assert count(memory, "audit_log") == audit_before


# -- frozen versions ----------------------------------------------------------------------


def freeze(repo: IssuanceRepository, label: str = "令和2年12月 改訂（県へ提出）", **kw: Any) -> Any:
    return repo.freeze(
        kind=kw.pop("kind", "initial"), label=label, town_name="みどり町", lg_code="039993", today=TODAY, **kw
    )


def test_freeze_snapshots_the_stored_plan_and_versions_are_listed_newest_first(
    repo: IssuanceRepository, memory: Store
) -> None:
    saved = repo.save(full_plan(), today=TODAY)
    before = datetime.now().astimezone().replace(microsecond=0)
    first = freeze(repo)
    assert first.number == 1 and first.kind == "initial"
    assert first.plan == saved
    assert (first.town_name, first.lg_code, first.frozen_by) == ("みどり町", "039993", current_user())
    assert before <= first.frozen_at <= datetime.now().astimezone() + timedelta(seconds=1)
    assert first.pdf is None

    revised = repo.save(replace(saved, population=15000), today=TODAY)
    second = freeze(repo, "令和3年10月 再改訂", kind="revision", pdf=PDF)
    assert second.number == 2 and second.plan == revised and second.pdf == PDF
    assert [v.number for v in repo.versions()] == [2, 1]
    assert repo.version(1) == first
    assert repo.version(1).plan.population == 15102  # unchanged by the later edit
    entries = audit(memory)
    assert [
        (e.action, e.record_key, e.field, e.new_value) for e in entries if e.field.startswith("versions")
    ] == [
        ("insert", "第1版（策定）", "versions.1", "令和2年12月 改訂（県へ提出）"),
        ("insert", "第2版（改訂）", "versions.2", "令和3年10月 再改訂"),
    ]
    assert describe(entries[-1]).field == "提出版：第2版（改訂）"


def test_the_snapshot_is_unchanged_after_later_edits(repo: IssuanceRepository, memory: Store) -> None:
    saved = repo.save(full_plan(), today=TODAY)
    freeze(repo)
    snapshot = memory.conn.execute("SELECT snapshot FROM issuance_versions WHERE number = 1").fetchone()[0]
    repo.save(replace(saved, windows=(), openings=(), months=(), title="別の計画"), today=TODAY)
    repo.save(full_plan(), today=TODAY)
    assert memory.conn.execute("SELECT snapshot FROM issuance_versions").fetchone()[0] == snapshot
    assert repo.version(1).plan == saved


def test_freeze_is_refused_without_a_plan_with_errors_or_without_a_label(repo: IssuanceRepository) -> None:
    with pytest.raises(ValidationError, match="計画が保存されていない"):
        freeze(repo)
    repo.save(replace(full_plan(), title=""), enforce_rules=False)
    with pytest.raises(ValidationError, match="計画に誤りがあるため提出版にできません：計画の名称を入力"):
        freeze(repo)
    repo.save(full_plan(), today=TODAY)
    with pytest.raises(ValidationError, match="版の名称を入力"):
        freeze(repo, " ")
    with pytest.raises(ValidationError, match="策定・改訂"):
        freeze(repo, kind="draft")
    with pytest.raises(ValidationError, match="PDFの内容"):
        freeze(repo, pdf=b"not a pdf")
    assert repo.versions() == []
    with pytest.raises(ValidationError, match="第1版はありません"):
        repo.version(1)


def test_a_pdf_is_attached_once(repo: IssuanceRepository) -> None:
    repo.save(full_plan(), today=TODAY)
    freeze(repo)
    attached = repo.attach_pdf(1, PDF)
    assert attached.pdf == PDF and repo.version(1).pdf == PDF
    with pytest.raises(ValidationError, match="保存済み"):
        repo.attach_pdf(1, PDF + b"again")
    assert repo.version(1).pdf == PDF
    with pytest.raises(ValidationError):
        repo.attach_pdf(5, PDF)


def test_the_database_refuses_to_change_a_frozen_version(repo: IssuanceRepository, memory: Store) -> None:
    repo.save(full_plan(), today=TODAY)
    freeze(repo, pdf=PDF)
    freeze(repo, "第2版", kind="revision")
    conn = memory.conn
    for sql in (
        "UPDATE issuance_versions SET snapshot = '{}' WHERE number = 1",
        "UPDATE issuance_versions SET label = '書き換え' WHERE number = 2",
        "UPDATE issuance_versions SET frozen_at = '2000-01-01T00:00:00+09:00' WHERE number = 2",
        "UPDATE issuance_versions SET pdf = X'25504446' WHERE number = 1",  # a PDF is set already
        "UPDATE issuance_versions SET pdf = NULL WHERE number = 1",
        "DELETE FROM issuance_versions WHERE number = 2",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="frozen version cannot be"):
            conn.execute(sql)
    assert repo.version(1).pdf == PDF and repo.version(2).label == "第2版"
    # the one UPDATE allowed: attaching a PDF where there is none
    conn.execute("UPDATE issuance_versions SET pdf = ? WHERE number = 2", (PDF,))
    assert repo.version(2).pdf == PDF


def test_no_code_path_updates_a_version() -> None:
    source = Path(repository_module.__file__).read_text(encoding="utf-8")
    updates = [line.strip() for line in source.splitlines() if "UPDATE issuance_versions" in line]
    assert updates == ['conn.execute("UPDATE issuance_versions SET pdf = ? WHERE number = ?", (pdf, number))']


# -- the snapshot codec ---------------------------------------------------------------------


def test_the_codec_is_exact_and_canonical() -> None:
    plan = replace(
        full_plan(), windows=(replace(full_plan().windows[0], weekday_hours=Decimal("7.750"), id=4),)
    )
    text = plan_to_json(plan)
    again = plan_from_json(text)
    assert again == plan
    assert again.windows[0].weekday_hours.as_tuple() == Decimal("7.750").as_tuple()
    assert again.windows[0].id == 4
    assert isinstance(again.obstacles, frozenset) and isinstance(again.months, tuple)
    assert plan_to_json(again) == text
    assert '"obstacles":["other","space"]' in text
    assert plan_from_json('{"format": 1, "plan": {}}') == IssuancePlan()  # older snapshot: defaults
    with pytest.raises(ValueError):
        plan_from_json('{"format": 99, "plan": {}}')
    with pytest.raises(ValueError):
        plan_from_json("[]")


# -- migration ----------------------------------------------------------------------------


def test_migration_from_v1_keeps_the_town_and_backs_up_first(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", MIGRATIONS[:1])
        patch.setattr(database, "LATEST_SCHEMA_VERSION", 1)
        old = Store.open(db_file)
        TownRepository(old).update(
            {
                "lg_code": "039993",
                "name": "みどり町",
                "kind": "machi",
                "population": 14872,
                "population_as_of": date(2024, 1, 1),
            }
        )
        assert old.schema_version == 1 and "issuance_plan" not in old.table_names()
        old.close()

    upgraded = Store.open(db_file)
    try:
        assert upgraded.schema_version == LATEST_SCHEMA_VERSION
        assert upgraded.migration_backup is not None
        assert upgraded.migration_backup.parent == db_file.parent / BACKUP_DIR_NAME
        assert TownRepository(upgraded).identity() == ("みどり町", "039993")
        assert TownRepository(upgraded).load().population == 14872
        repo = IssuanceRepository(upgraded)
        assert repo.load() == IssuancePlan()
        repo.save(full_plan(), today=TODAY)
        assert freeze(repo).number == 1
    finally:
        upgraded.close()
    backup = sqlite3.connect(db_file.parent / BACKUP_DIR_NAME / upgraded.migration_backup.name)
    try:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
        assert backup.execute("SELECT name FROM town_profile").fetchone() == ("みどり町",)
        tables = {r[0] for r in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "issuance_plan" not in tables
    finally:
        backup.close()


# -- the demo town ---------------------------------------------------------------------------


def test_the_demo_plan_is_valid_and_shows_a_shortfall(store: Store) -> None:
    create_demo(store)
    plan = IssuanceRepository(store).load()
    assert without_ids(plan) == without_ids(demo_plan())
    assert [w.id for w in plan.windows] == [1, 2, 3]
    assert check_plan(plan, today=date.today()) == []
    assert plan.population == 15102 and plan.period_start == date(2020, 10, 1)
    report = capacity_report(plan, CapacitySettings(), today=date.today())
    shortfalls = report.shortfall_months
    assert [m.month for m in shortfalls] == [date(2021, 5, 1)]
    assert (shortfalls[0].capacity, shortfalls[0].shortfall, shortfalls[0].extra_weekend_days) == (
        1569,
        131,
        4,
    )
    latest = latest_actual(plan)
    assert latest is not None and latest.month == date(2022, 9, 1)
    assert {e.action for e in audit(store)} <= {"insert", "update"}
    assert MetaRepository(store).is_sample


def test_create_demo_writes_the_plan_in_the_same_transaction(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: MetaRepository, key: str, value: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(MetaRepository, "set", fail)
    with pytest.raises(OSError):
        create_demo(store)
    assert IssuanceRepository(store).load() == IssuancePlan()
    for table in ("issuance_plan", "issuance_windows", "issuance_months", "audit_log"):
        assert count(store, table) == 0
