"""Storing the telework plan: the seeded empty plan, round trip, audit wording, rules, the
migration from data version 3 and the demo town."""

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
from models.procedures.records import ProcedureStatus
from models.procedures.repository import ChecklistRepository
from models.store import database
from models.store.audit import AuditEntry, list_entries
from models.store.database import BACKUP_DIR_NAME, LATEST_SCHEMA_VERSION, Store
from models.store.migrations import MIGRATIONS
from models.store.town_repository import TownRepository
from models.telework.catalogue import telework_steps
from models.telework.demo import demo_plan
from models.telework.records import (
    Environment,
    Evidence,
    Expense,
    Rules,
    StaffFigures,
    StepProgress,
    TargetWork,
    TeleworkPlan,
)
from models.telework.repository import TeleworkRepository, empty_plan
from models.telework.warnings import alerts

TODAY = date(2026, 11, 22)


def full_plan() -> TeleworkPlan:
    steps = telework_steps()
    progress = [StepProgress(s.no) for s in steps]
    progress[0] = StepProgress(
        1,
        status="done",
        planned_start=date(2021, 4, 1),
        planned_end=date(2021, 6, 30),
        actual_start=date(2021, 4, 12),
        actual_end=date(2021, 6, 25),
        owner_dept="総務課",
        notes="推進チームを設置",
        evidence=(
            Evidence("推進チーム設置要綱", "み総第32号", date(2021, 4, 12)),
            Evidence("庁議資料"),
        ),
    )
    progress[4] = StepProgress(5, status="in_progress", actual_start=date(2023, 4, 3), owner_dept="総務課")
    progress[9] = StepProgress(10, status="not_applicable", notes="当面対象外")
    return TeleworkPlan(
        steps=steps,
        progress=tuple(progress),
        adopted=True,
        forms=("mobile", "home"),
        environment=Environment(
            methods=("vpn", "screen_transfer"), terminals=20, authentication="二要素認証"
        ),
        rules=Rules(guidelines_adopted=date(2021, 10, 1), service_rules_adopted=date(2022, 4, 1)),
        staff=(
            StaffFigures(2021, 132, 30, 40, 12),
            StaffFigures(2022, 132, None, 55, 25),
        ),
        target_work=(
            TargetWork("窓口での届出受付", "住民課", 3),
            TargetWork("会議資料の作成", "総務課", 1),
        ),
        non_adoption_reasons=("cost", "security"),
        expenses=(
            Expense(2021, "ict_equipment", 3_200_000, "端末20台"),
            Expense(2022, "license", 960_000),
        ),
    )


@pytest.fixture
def memory() -> Iterator[Store]:
    s = Store.memory()
    yield s
    s.close()


@pytest.fixture
def repo(memory: Store) -> TeleworkRepository:
    return TeleworkRepository(memory)


def audit(store: Store) -> list[AuditEntry]:
    return list(reversed(list_entries(store.conn, table_name="telework", limit=10_000)))


def described(store: Store) -> list[tuple[str, str, str, str, str]]:
    return [(r.action, r.module, r.field, r.old, r.new) for r in map(describe, audit(store))]


def test_an_empty_database_has_the_ten_steps_not_started_and_load_never_writes(
    repo: TeleworkRepository, memory: Store
) -> None:
    changes = memory.conn.total_changes
    plan = repo.load()
    assert plan == empty_plan()
    assert [p.step_no for p in plan.progress] == list(range(1, 11))
    assert all(p.status == "not_started" for p in plan.progress)
    assert memory.conn.total_changes == changes


def test_round_trip_of_every_field(repo: TeleworkRepository, memory: Store) -> None:
    plan = full_plan()
    stored = repo.save(plan, today=TODAY)
    assert stored == plan
    assert TeleworkRepository(memory).load() == plan
    assert stored.progress_of(1).evidence[0].issued == date(2021, 4, 12)
    assert stored.forms == ("mobile", "home")  # the user's order is kept
    # saving the same plan again changes nothing and logs nothing
    count = len(audit(memory))
    repo.save(plan, today=TODAY)
    assert len(audit(memory)) == count


def test_save_fills_missing_steps_and_sorts_staff_by_year(repo: TeleworkRepository) -> None:
    plan = TeleworkPlan(
        steps=telework_steps(),
        progress=(StepProgress(3, status="in_progress"),),
        staff=(StaffFigures(2023, 132), StaffFigures(2021, 130)),
    )
    stored = repo.save(plan, today=TODAY)
    assert len(stored.progress) == 10 and stored.progress_of(3).status == "in_progress"
    assert [s.fiscal_year for s in stored.staff] == [2021, 2023]


def test_audit_rows_use_readable_japanese(repo: TeleworkRepository, memory: Store) -> None:
    repo.save(full_plan(), today=TODAY)
    rows = described(memory)
    assert all(module == "テレワーク導入" for _, module, *_ in rows)
    assert ("変更", "テレワーク導入", "テレワーク導入：端末数", "（空欄）", "20台") in rows
    assert (
        "変更",
        "テレワーク導入",
        "テレワーク導入：テレワークの形態",
        "（空欄）",
        "モバイルワーク、在宅勤務",
    ) in rows
    assert ("変更", "テレワーク導入", "テレワーク導入：導入状況", "未導入", "導入済") in rows
    assert (
        "変更",
        "テレワーク導入",
        "導入ステップ：①推進体制の構築 実施終了日",
        "（空欄）",
        "令和3年6月25日",
    ) in rows
    assert ("変更", "テレワーク導入", "導入ステップ：⑤検証 状況", "未着手", "実施中") in rows
    assert (
        "変更",
        "テレワーク導入",
        "導入ステップ：①推進体制の構築 根拠文書",
        "（空欄）",
        "推進チーム設置要綱（み総第32号・令和3年4月12日）、庁議資料",
    ) in rows
    assert (
        "追加",
        "テレワーク導入",
        "職員数：令和3年度",
        "（空欄）",
        "一般行政職員 132人・なじまない 30人・実施可能 40人・実施 12人",
    ) in rows
    assert ("追加", "テレワーク導入", "経費：令和4年度 ライセンス", "（空欄）", "960,000円") in rows

    before = len(audit(memory))
    plan = full_plan()
    changed = replace(
        plan,
        staff=(replace(plan.staff[0], able_staff=45), plan.staff[1]),
        target_work=(replace(plan.target_work[0], ease_level=2),),
        expenses=(replace(plan.expenses[0], amount=3_000_000), plan.expenses[1]),
    )
    repo.save(changed, today=TODAY)
    new_rows = described(memory)[before:]
    assert sorted(new_rows) == sorted(
        [
            ("変更", "テレワーク導入", "職員数：令和3年度 実施可能な職員数", "40人", "45人"),
            ("削除", "テレワーク導入", "対象業務：会議資料の作成（総務課）", "導入しやすい業務", "（空欄）"),
            (
                "変更",
                "テレワーク導入",
                "対象業務：窓口での届出受付（住民課） 導入のしやすさ",
                "導入が難しい業務",
                "工夫により導入できる業務",
            ),
            (
                "変更",
                "テレワーク導入",
                "経費：令和3年度 ICT機器（端末20台） 金額",
                "3,200,000円",
                "3,000,000円",
            ),
        ]
    )


def test_an_invalid_save_writes_nothing(repo: TeleworkRepository, memory: Store) -> None:
    repo.save(full_plan(), today=TODAY)
    before_plan, before_audit = repo.load(), len(audit(memory))
    plan = full_plan()
    bad = replace(plan, staff=(StaffFigures(2021, 132, 30, 40, 50),), forms=("home",))
    with pytest.raises(ValidationError) as caught:
        repo.save(bad, today=TODAY)
    assert "実施した職員数（50人）が実施可能な職員数（40人）を超えています" in caught.value.user_message
    assert repo.load() == before_plan and len(audit(memory)) == before_audit
    # restoring a stored state skips the rules (except what the tables cannot hold)
    reversed_dates = replace(
        plan,
        progress=(
            replace(plan.progress[0], actual_start=date(2021, 7, 1), actual_end=date(2021, 6, 1)),
            *plan.progress[1:],
        ),
    )
    with pytest.raises(ValidationError, match="より前です"):
        repo.save(reversed_dates, today=TODAY)
    assert repo.save(reversed_dates, enforce_rules=False, today=TODAY) == reversed_dates


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"forms": ("home", "office")}, "テレワークの形態の値が正しくありません"),
        ({"forms": ("home", "home")}, "重複しています"),
        ({"progress": (StepProgress(11),)}, "導入ステップの番号が正しくありません"),
        ({"progress": (StepProgress(1, status="done"), StepProgress(1))}, "進捗が重複しています"),
        ({"environment": Environment(terminals=-1)}, "端末数は0以上"),
        ({"target_work": (TargetWork("会議資料", "総務課", 4),)}, "導入のしやすさが正しくありません"),
        ({"target_work": (TargetWork(" ", "総務課", 1),)}, "対象業務の名称"),
        ({"expenses": (Expense(2021, "ict", 1),)}, "経費の区分が正しくありません"),
        ({"expenses": (Expense(2021, "server", 1), Expense(2021, "server", 2))}, "摘要で区別してください"),
        ({"staff": (StaffFigures(2021), StaffFigures(2021))}, "令和3年度の職員数が重複しています"),
        ({"progress": (StepProgress(1, evidence=(Evidence(""),)),)}, "根拠文書の名称"),
    ],
)
def test_malformed_plans_are_refused_even_when_restoring(
    repo: TeleworkRepository, memory: Store, change: dict[str, object], message: str
) -> None:
    plan = replace(empty_plan(), **change)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=message):
        repo.save(plan, enforce_rules=False, today=TODAY)
    assert repo.load() == empty_plan() and audit(memory) == []


def test_migration_from_v3_keeps_the_data_and_backs_up_first(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert LATEST_SCHEMA_VERSION == 4
    status = ProcedureStatus(code="P31-10", status="online", channel="pittari", owner_dept="子育て支援課")
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", MIGRATIONS[:3])
        patch.setattr(database, "LATEST_SCHEMA_VERSION", 3)
        old = Store.open(db_file)
        TownRepository(old).update({"lg_code": "039993", "name": "みどり町", "kind": "machi"})
        ChecklistRepository(old).save_status(status)
        assert old.schema_version == 3 and "telework_plan" not in old.table_names()
        assert TeleworkRepository(old).load() == empty_plan()  # an older schema reads as empty
        old.close()

    upgraded = Store.open(db_file)
    try:
        assert upgraded.schema_version == 4
        assert upgraded.migration_backup is not None
        assert upgraded.migration_backup.parent == db_file.parent / BACKUP_DIR_NAME
        assert TownRepository(upgraded).identity() == ("みどり町", "039993")
        checklist = ChecklistRepository(upgraded).load()
        assert next(s for s in checklist.statuses if s.code == "P31-10") == status
        repo = TeleworkRepository(upgraded)
        assert repo.load() == empty_plan()
        repo.save(full_plan(), today=TODAY)
    finally:
        upgraded.close()
    backup = sqlite3.connect(upgraded.migration_backup)
    try:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 3
        tables = {r[0] for r in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "telework_plan" not in tables and "procedure_statuses" in tables
    finally:
        backup.close()
    again = Store.open(db_file)
    try:
        assert again.migration_backup is None
        assert TeleworkRepository(again).load() == full_plan()
    finally:
        again.close()


def test_the_demo_plan_has_no_errors_and_is_stored_by_create_demo(memory: Store) -> None:
    plan = demo_plan()
    assert [a for a in alerts(plan, today=TODAY) if a.is_error] == []
    assert [a for a in alerts(plan, today=date(2023, 4, 1)) if a.is_error] == []
    statuses = [plan.progress_of(n).status for n in range(1, 7)]
    assert statuses == ["done"] * 4 + ["in_progress", "not_started"]
    assert all(plan.progress_of(n).evidence for n in range(1, 5))
    assert plan.forms == ("home", "mobile") and plan.environment.terminals == 20
    assert [(s.able_staff, s.actual_users) for s in plan.staff] == [(40, 12), (55, 25), (70, 38)]
    assert {s.general_staff for s in plan.staff} == {132}
    create_demo(memory)
    assert TeleworkRepository(memory).load() == plan
    assert audit(memory)  # the demo's values are in the history too
