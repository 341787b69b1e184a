"""The single write path for the town profile and settings: validate, write, audit — together."""

from __future__ import annotations

import getpass
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from models.demo import create_demo, demo_profile
from models.errors import ValidationError
from models.settings import DomainSettings
from models.store.audit import AuditEntry, current_user, list_entries
from models.store.database import Store
from models.store.settings_repository import MetaRepository, SettingsRepository
from models.store.town_repository import TownRepository
from models.town import TownProfile, validate_profile

VALID = {"lg_code": "033227", "name": "矢巾町", "kind": "machi"}


@pytest.fixture
def repo(store: Store) -> TownRepository:
    return TownRepository(store)


def _audit(store: Store, table: str | None = "town_profile") -> list[AuditEntry]:
    """Oldest first (list_entries gives newest first)."""
    return list(reversed(list_entries(store.conn, table_name=table)))


def _row_count(store: Store, table: str) -> int:
    return int(store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_a_fresh_store_has_an_empty_profile(repo: TownRepository, store: Store) -> None:
    assert repo.load() == TownProfile()
    assert _row_count(store, "town_profile") == 0
    assert _audit(store, None) == []


def test_first_save_writes_the_profile_and_returns_it(repo: TownRepository, db_file: Path) -> None:
    saved = repo.update(VALID)
    assert saved == TownProfile(**VALID)
    assert repo.load() == saved
    reopened = Store.open(db_file)
    try:
        assert TownRepository(reopened).load() == saved
    finally:
        reopened.close()


def test_first_save_records_one_insert_per_field(repo: TownRepository, store: Store) -> None:
    before = datetime.now().astimezone().replace(microsecond=0)
    repo.update(VALID)
    entries = _audit(store)
    assert [(e.action, e.field, e.old_value, e.new_value) for e in entries] == [
        ("insert", "lg_code", "", "033227"),
        ("insert", "name", "", "矢巾町"),
        ("insert", "kind", "", "machi"),
    ]
    for entry in entries:
        assert entry.who == getpass.getuser() == current_user()
        assert entry.table_name == "town_profile"
        assert entry.record_key == "1"
        assert entry.at.tzinfo is not None
        assert before <= entry.at <= datetime.now().astimezone() + timedelta(seconds=1)


def test_each_changed_field_gets_one_audit_row_with_old_and_new(repo: TownRepository, store: Store) -> None:
    repo.update(VALID)
    start = _row_count(store, "audit_log")
    after = repo.update({"name": "みどり町", "population": 14872, "population_as_of": date(2024, 1, 1)})
    assert after.name == "みどり町"
    assert after.population == 14872
    new_entries = _audit(store)[start:]
    assert [(e.action, e.field, e.old_value, e.new_value) for e in new_entries] == [
        ("update", "name", "矢巾町", "みどり町"),
        ("update", "population", None, "14872"),
        ("update", "population_as_of", None, "2024-01-01"),
    ]
    assert {e.who for e in new_entries} == {current_user()}


def test_unchanged_fields_in_an_update_are_not_audited(repo: TownRepository, store: Store) -> None:
    repo.update(VALID)
    start = _row_count(store, "audit_log")
    repo.update({**VALID, "contact_dept": "企画課"})
    assert [e.field for e in _audit(store)[start:]] == ["contact_dept"]


def test_an_update_that_changes_nothing_writes_no_audit_row(repo: TownRepository, store: Store) -> None:
    repo.update(VALID)
    start = _row_count(store, "audit_log")
    assert repo.update({"name": "矢巾町"}) == TownProfile(**VALID)
    assert repo.update({}) == TownProfile(**VALID)
    assert _row_count(store, "audit_log") == start


def test_an_invalid_change_writes_nothing(repo: TownRepository, store: Store) -> None:
    repo.update(VALID)
    profile_before = repo.load()
    audit_before = _row_count(store, "audit_log")
    with pytest.raises(ValidationError) as info:
        repo.update({"dx_dept_exists": True, "contact_dept": "企画課"})
    assert info.value.user_message == "専任部署の名称を入力してください。"
    assert info.value.field == "dx_dept_name"
    assert repo.load() == profile_before
    assert _row_count(store, "audit_log") == audit_before
    assert not store.conn.in_transaction


def test_a_first_save_missing_required_fields_writes_nothing(repo: TownRepository, store: Store) -> None:
    with pytest.raises(ValidationError) as info:
        repo.update({"name": "矢巾町"})
    assert info.value.user_message == "団体コードを入力してください。"
    assert _row_count(store, "town_profile") == 0
    assert _row_count(store, "audit_log") == 0


def test_a_value_the_database_refuses_writes_nothing(repo: TownRepository, store: Store) -> None:
    repo.update(VALID)
    audit_before = _row_count(store, "audit_log")
    with pytest.raises(ValidationError, match="一般行政職員数は0以上"):
        repo.update({"contact_dept": "企画課", "general_staff": -1})
    assert repo.load() == TownProfile(**VALID)
    assert _row_count(store, "audit_log") == audit_before
    # Even past the rules (undo path), the table's CHECK constraint stops it and nothing is written.
    with pytest.raises(sqlite3.IntegrityError):
        repo.update({"contact_dept": "企画課", "general_staff": -1}, enforce_rules=False)
    assert repo.load() == TownProfile(**VALID)
    assert _row_count(store, "audit_log") == audit_before


def test_unknown_fields_are_a_programming_error(repo: TownRepository, store: Store) -> None:
    with pytest.raises(KeyError, match="mayor"):
        repo.update({**VALID, "mayor": "山田"})
    assert _row_count(store, "town_profile") == 0


def test_enforce_rules_false_restores_a_state_that_breaks_the_rules(
    repo: TownRepository, store: Store
) -> None:
    # Undo of the very first edit brings back the empty profile, which lacks required fields.
    repo.update(VALID)
    restored = repo.update({"lg_code": "", "name": "", "kind": ""}, enforce_rules=False)
    assert restored == TownProfile()
    assert repo.load() == TownProfile()
    assert validate_profile(restored) != []
    last = _audit(store)[-3:]
    assert [(e.action, e.field, e.old_value, e.new_value) for e in last] == [
        ("update", "lg_code", "033227", ""),
        ("update", "name", "矢巾町", ""),
        ("update", "kind", "machi", ""),
    ]


FULL_PROFILE = TownProfile(
    lg_code="033227",
    name="矢巾町",
    kind="machi",
    population=26_853,
    population_as_of=date(2024, 1, 1),
    general_staff=180,
    contact_dept="未来戦略課",
    contact_person="岩手 太郎",
    contact_phone="019-611-2459",
    contact_email="dx@town.example.lg.jp",
    cio_name="佐藤 一郎",
    cio_post="副町長",
    cio_adviser_kind="external",
    cio_adviser_appointment="contract",
    dx_dept_exists=True,
    dx_dept_name="DX推進室",
    promotion_body_kind="headquarters",
    promotion_body_name="矢巾町DX推進本部",
    promotion_body_established=date(2021, 7, 1),
    dx_policy_adopted=date(2019, 5, 1),
)


def test_every_field_round_trips_through_the_file(repo: TownRepository, db_file: Path, store: Store) -> None:
    repo.replace_all(FULL_PROFILE)
    store.close()
    reopened = Store.open(db_file)
    try:
        loaded = TownRepository(reopened).load()
        row = reopened.conn.execute(
            "SELECT dx_dept_exists, population_as_of, dx_policy_adopted FROM town_profile"
        ).fetchone()
    finally:
        reopened.close()
    assert loaded == FULL_PROFILE
    assert isinstance(loaded.population_as_of, date)
    assert loaded.dx_dept_exists is True
    assert row == (1, "2024-01-01", "2019-05-01")  # ISO dates and 0/1 flags in the file


def test_flags_and_dates_are_audited_as_text(repo: TownRepository, store: Store) -> None:
    repo.replace_all(FULL_PROFILE)
    start = _row_count(store, "audit_log")
    repo.update({"dx_dept_exists": False, "dx_dept_name": "", "dx_policy_adopted": None})
    assert repo.load().dx_dept_exists is False
    assert [(e.field, e.old_value, e.new_value) for e in _audit(store)[start:]] == [
        ("dx_dept_exists", "1", "0"),
        ("dx_dept_name", "DX推進室", ""),
        ("dx_policy_adopted", "2019-05-01", None),
    ]


def test_clearing_a_date_stores_null(repo: TownRepository, store: Store) -> None:
    repo.replace_all(FULL_PROFILE)
    repo.update({"promotion_body_established": None})
    assert repo.load().promotion_body_established is None
    value = store.conn.execute("SELECT promotion_body_established FROM town_profile").fetchone()[0]
    assert value is None


def test_a_repository_call_inside_a_failed_transaction_is_undone(repo: TownRepository, store: Store) -> None:
    repo.update(VALID)
    audit_before = _row_count(store, "audit_log")
    with pytest.raises(RuntimeError), store.atomic():
        repo.update({"contact_dept": "企画課"})
        raise RuntimeError("a later step of the same use case failed")
    assert repo.load().contact_dept == ""
    assert _row_count(store, "audit_log") == audit_before


# -- settings ----------------------------------------------------------------------------


def test_settings_default_then_update_with_audit(store: Store, db_file: Path) -> None:
    settings = SettingsRepository(store)
    assert settings.load() == DomainSettings()
    assert settings.load().show_seireki is False
    assert settings.update(show_seireki=True) == DomainSettings(show_seireki=True)
    entries = _audit(store, "settings")
    assert [(e.action, e.record_key, e.field, e.old_value, e.new_value, e.who) for e in entries] == [
        ("update", "show_seireki", "show_seireki", "0", "1", current_user())
    ]
    store.close()
    reopened = Store.open(db_file)
    try:
        assert SettingsRepository(reopened).load().show_seireki is True
    finally:
        reopened.close()


def test_settings_update_without_a_change_is_not_audited(store: Store) -> None:
    settings = SettingsRepository(store)
    settings.update(show_seireki=False)
    assert _audit(store, "settings") == []
    settings.update(show_seireki=True)
    settings.update(show_seireki=True)
    assert len(_audit(store, "settings")) == 1


def test_settings_reject_unknown_names_without_writing(store: Store) -> None:
    with pytest.raises(TypeError):
        SettingsRepository(store).update(colour="red")
    assert _row_count(store, "settings") == 0


# -- demo town ---------------------------------------------------------------------------


def test_demo_profile_is_a_valid_fictional_town() -> None:
    profile = demo_profile()
    assert profile.name == "みどり町"
    assert profile.lg_code == "039993"
    assert profile.kind_label == "町"
    assert validate_profile(profile) == []
    assert isinstance(profile.population_as_of, date)


def test_create_demo_fills_the_profile_and_marks_the_sample(store: Store) -> None:
    create_demo(store)
    profile = TownRepository(store).load()
    assert profile == demo_profile()
    assert (profile.name, profile.lg_code) == ("みどり町", "039993")
    assert MetaRepository(store).is_sample is True
    assert {e.action for e in _audit(store)} == {"insert"}


def test_a_new_empty_town_is_not_a_sample(store: Store) -> None:
    assert MetaRepository(store).is_sample is False


def test_create_demo_is_one_transaction(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: MetaRepository, key: str, value: str) -> Any:
        raise OSError("disk full while marking the sample")

    monkeypatch.setattr(MetaRepository, "set", fail)
    with pytest.raises(OSError, match="disk full"):
        create_demo(store)
    assert TownRepository(store).load() == TownProfile()
    assert _row_count(store, "town_profile") == 0
    assert _row_count(store, "audit_log") == 0
    assert not store.conn.in_transaction
