"""Numbered schema migrations. Migration N brings the schema from version N-1 to N.

Never edit a released migration: add a new one. Each migration runs inside
``Store.atomic()``: use ``db.execute``, ``create_table``, ``add_column`` or plain SQL, never
sqlite-utils methods that wrap themselves in ``with conn:`` (``transform``, ``insert``,
``upsert``…), which would commit half-way and defeat the rollback. ``PRAGMA user_version`` holds the version;
the database is backed up before any migration of an existing file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _v1_initial(db: sqlite_utils.Database) -> None:
    db.create_table("meta", {"key": str, "value": str}, pk="key")
    db.create_table("settings", {"key": str, "value": str}, pk="key")
    db.create_table(
        "audit_log",
        {
            "id": int,
            "at": str,  # ISO timestamp, local time with offset
            "who": str,  # OS user
            "action": str,  # insert / update / delete
            "table_name": str,
            "record_key": str,
            "field": str,
            "old_value": str,
            "new_value": str,
        },
        pk="id",
        not_null={"at", "who", "action", "table_name"},
    )
    db.execute("CREATE INDEX idx_audit_log_table_at ON audit_log (table_name, at)")
    db.execute(
        """
        CREATE TABLE town_profile (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            lg_code TEXT NOT NULL DEFAULT '' CHECK (lg_code = '' OR length(lg_code) = 6),
            name TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            population INTEGER CHECK (population IS NULL OR population >= 0),
            population_as_of TEXT,
            general_staff INTEGER CHECK (general_staff IS NULL OR general_staff >= 0),
            contact_dept TEXT NOT NULL DEFAULT '',
            contact_person TEXT NOT NULL DEFAULT '',
            contact_phone TEXT NOT NULL DEFAULT '',
            contact_email TEXT NOT NULL DEFAULT '',
            cio_name TEXT NOT NULL DEFAULT '',
            cio_post TEXT NOT NULL DEFAULT '',
            cio_adviser_kind TEXT NOT NULL DEFAULT 'none',
            cio_adviser_appointment TEXT NOT NULL DEFAULT '',
            dx_dept_exists INTEGER NOT NULL DEFAULT 0,
            dx_dept_name TEXT NOT NULL DEFAULT '',
            promotion_body_kind TEXT NOT NULL DEFAULT 'none',
            promotion_body_name TEXT NOT NULL DEFAULT '',
            promotion_body_established TEXT,
            dx_policy_adopted TEXT
        )
        """
    )


def _v2_issuance_plan(db: sqlite_utils.Database) -> None:
    """マイナンバーカード交付円滑化計画: the working plan (one row + child tables) and the
    frozen versions, which triggers keep unchanged (only a missing PDF may be attached)."""
    counts = "INTEGER NOT NULL DEFAULT 0 CHECK ({0} >= 0)"
    optional = "INTEGER CHECK ({0} IS NULL OR {0} >= 0)"
    db.execute(
        f"""
        CREATE TABLE issuance_plan (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            title TEXT NOT NULL DEFAULT '',
            period_start TEXT,
            period_end TEXT,
            base_date TEXT,
            target_date TEXT,
            population {optional.format("population")},
            population_as_of TEXT,
            issued_before {counts.format("issued_before")},
            applied_before {counts.format("applied_before")},
            weekend_days_baseline {counts.format("weekend_days_baseline")},
            weekend_days_target {counts.format("weekend_days_target")},
            obstacle_note TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        )
        """
    )
    # Rows keep their ids across saves (AUTOINCREMENT: an id is never reused), so the audit
    # log and undo can tell an edited row from a new one; ``position`` keeps the user's order.
    db.execute(
        f"""
        CREATE TABLE issuance_windows (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            terminals_baseline {counts.format("terminals_baseline")},
            terminals_target {counts.format("terminals_target")},
            staff_baseline {counts.format("staff_baseline")},
            staff_target {counts.format("staff_target")},
            weekday_hours TEXT NOT NULL,
            open_from TEXT,
            open_until TEXT
        )
        """
    )
    db.execute(
        f"""
        CREATE TABLE issuance_staff (
            staff_type TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            baseline {counts.format("baseline")},
            target {counts.format("target")}
        )
        """
    )
    db.execute(
        """
        CREATE TABLE issuance_openings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            position INTEGER NOT NULL,
            day TEXT NOT NULL,
            kind TEXT NOT NULL,
            hours TEXT NOT NULL,
            window_id INTEGER,
            note TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        f"""
        CREATE TABLE issuance_months (
            month TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            planned_applications {optional.format("planned_applications")},
            planned_issuances {optional.format("planned_issuances")},
            actual_applications {optional.format("actual_applications")},
            actual_issuances {optional.format("actual_issuances")}
        )
        """
    )
    db.execute(
        f"""
        CREATE TABLE issuance_milestones (
            as_of TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            cumulative_issued {counts.format("cumulative_issued")}
        )
        """
    )
    db.execute(
        f"""
        CREATE TABLE issuance_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            position INTEGER NOT NULL,
            day TEXT NOT NULL,
            place_type TEXT NOT NULL,
            place_name TEXT NOT NULL,
            expected_applications {counts.format("expected_applications")},
            actual_applications {optional.format("actual_applications")}
        )
        """
    )
    db.execute(
        f"""
        CREATE TABLE issuance_measures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            description TEXT NOT NULL,
            start TEXT,
            "end" TEXT,
            quantity {optional.format("quantity")}
        )
        """
    )
    db.execute("CREATE TABLE issuance_obstacles (key TEXT PRIMARY KEY)")
    db.execute("CREATE TABLE issuance_subsidies (position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
    db.execute(
        """
        CREATE TABLE issuance_versions (
            number INTEGER PRIMARY KEY CHECK (number >= 1),
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            frozen_at TEXT NOT NULL,
            frozen_by TEXT NOT NULL,
            snapshot TEXT NOT NULL,
            town_name TEXT NOT NULL DEFAULT '',
            lg_code TEXT NOT NULL DEFAULT '',
            pdf BLOB
        )
        """
    )
    # A frozen version is never changed: the only UPDATE allowed attaches a PDF to a version
    # that has none yet; DELETE is refused too.
    db.execute(
        """
        CREATE TRIGGER issuance_versions_frozen BEFORE UPDATE ON issuance_versions
        WHEN NEW.number IS NOT OLD.number OR NEW.kind IS NOT OLD.kind OR NEW.label IS NOT OLD.label
            OR NEW.frozen_at IS NOT OLD.frozen_at OR NEW.frozen_by IS NOT OLD.frozen_by
            OR NEW.snapshot IS NOT OLD.snapshot OR NEW.town_name IS NOT OLD.town_name
            OR NEW.lg_code IS NOT OLD.lg_code OR OLD.pdf IS NOT NULL OR NEW.pdf IS NULL
        BEGIN
            SELECT RAISE(ABORT, 'issuance_versions: a frozen version cannot be changed');
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER issuance_versions_kept BEFORE DELETE ON issuance_versions
        BEGIN
            SELECT RAISE(ABORT, 'issuance_versions: a frozen version cannot be deleted');
        END
        """
    )


def _v3_procedures(db: sqlite_utils.Database) -> None:
    """行政手続オンライン化チェックリスト: the procedure catalogue (national list + the town's
    own procedures), the town's answer for each, and yearly usage figures. The national list
    bundled with this version is seeded here with each entry's default answer (prefectural
    procedures 対象外), so loading the checklist never writes."""
    db.execute(
        """
        CREATE TABLE procedure_catalogue (
            code TEXT PRIMARY KEY CHECK (code <> ''),
            position INTEGER NOT NULL,
            name TEXT NOT NULL CHECK (name <> ''),
            category TEXT NOT NULL DEFAULT '',
            level TEXT NOT NULL DEFAULT '',
            in_31 INTEGER NOT NULL DEFAULT 0 CHECK (in_31 IN (0, 1)),
            in_58_class TEXT NOT NULL DEFAULT '' CHECK (in_58_class IN ('', 'a', 'b')),
            note TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT 'national' CHECK (origin IN ('national', 'town')),
            retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
            list_version TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        """
        CREATE TABLE procedure_statuses (
            code TEXT PRIMARY KEY REFERENCES procedure_catalogue (code),
            applicable INTEGER NOT NULL DEFAULT 1 CHECK (applicable IN (0, 1)),
            not_applicable_reason TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'undecided',
            channel TEXT NOT NULL DEFAULT 'none',
            standard_form INTEGER CHECK (standard_form IS NULL OR standard_form IN (0, 1)),
            card_auth INTEGER CHECK (card_auth IS NULL OR card_auth IN (0, 1)),
            backoffice TEXT NOT NULL DEFAULT '',
            online_since TEXT,
            planned_fy INTEGER,
            owner_dept TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        """
        CREATE TABLE procedure_usage (
            code TEXT NOT NULL REFERENCES procedure_catalogue (code),
            fiscal_year INTEGER NOT NULL,
            total INTEGER CHECK (total IS NULL OR total >= 0),
            online INTEGER CHECK (online IS NULL OR online >= 0),
            PRIMARY KEY (code, fiscal_year),
            CHECK (total IS NULL OR online IS NULL OR online <= total)
        )
        """
    )
    from models.procedures.catalogue import LIST_VERSION, default_status, national_catalogue

    entries = national_catalogue()
    db.conn.executemany(
        "INSERT INTO procedure_catalogue (code, position, name, category, level, in_31, in_58_class, note,"
        " source, origin, retired, list_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        [
            (
                e.code,
                i,
                e.name,
                e.category,
                e.level,
                int(e.in_31),
                e.in_58_class,
                e.note,
                e.source,
                e.origin,
                LIST_VERSION,
            )
            for i, e in enumerate(entries)
        ],
    )
    db.conn.executemany(
        "INSERT INTO procedure_statuses (code, applicable, not_applicable_reason, status, channel)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (s.code, int(s.applicable), s.not_applicable_reason, s.status, s.channel)
            for s in (default_status(e) for e in entries)
        ],
    )
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('procedures_list_version', ?)", [LIST_VERSION]
    )


def _v4_telework(db: sqlite_utils.Database) -> None:
    """テレワーク導入: the plan's single values (one row), the progress of the 10 steps of the
    手引き with the documents that evidence them, the forms, 方式 and reasons not yet adopted
    (codes, in the user's order), staff figures per 年度, target work and expenses. The plan
    row and the 10 steps' default progress (未着手) are seeded here, so loading never writes.
    The allowed codes are written out here (not imported): this migration must not change."""
    count = "INTEGER CHECK ({0} IS NULL OR {0} >= 0)"
    db.execute(
        f"""
        CREATE TABLE telework_plan (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            adopted INTEGER NOT NULL DEFAULT 0 CHECK (adopted IN (0, 1)),
            terminals {count.format("terminals")},
            authentication TEXT NOT NULL DEFAULT '',
            guidelines_adopted TEXT,
            service_rules_adopted TEXT
        )
        """
    )
    db.execute(
        """
        CREATE TABLE telework_progress (
            step_no INTEGER PRIMARY KEY CHECK (step_no BETWEEN 1 AND 10),
            status TEXT NOT NULL DEFAULT 'not_started'
                CHECK (status IN ('not_started', 'in_progress', 'done', 'not_applicable')),
            planned_start TEXT,
            planned_end TEXT,
            actual_start TEXT,
            actual_end TEXT,
            owner_dept TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        """
        CREATE TABLE telework_evidence (
            step_no INTEGER NOT NULL REFERENCES telework_progress (step_no),
            position INTEGER NOT NULL,
            name TEXT NOT NULL CHECK (name <> ''),
            document_no TEXT NOT NULL DEFAULT '',
            issued TEXT,
            PRIMARY KEY (step_no, position)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE telework_forms (
            form TEXT PRIMARY KEY CHECK (form IN ('home', 'satellite', 'mobile')),
            position INTEGER NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE telework_methods (
            method TEXT PRIMARY KEY CHECK (method IN ('screen_transfer', 'vpn', 'thin_client', 'lgwan')),
            position INTEGER NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE telework_non_adoption_reasons (
            reason TEXT PRIMARY KEY
                CHECK (reason IN ('counter_work', 'security', 'field_work', 'personal_info', 'cost')),
            position INTEGER NOT NULL
        )
        """
    )
    db.execute(
        f"""
        CREATE TABLE telework_staff (
            fiscal_year INTEGER PRIMARY KEY,
            general_staff {count.format("general_staff")},
            unsuitable_staff {count.format("unsuitable_staff")},
            able_staff {count.format("able_staff")},
            actual_users {count.format("actual_users")},
            CHECK (able_staff IS NULL OR general_staff IS NULL OR able_staff <= general_staff),
            CHECK (unsuitable_staff IS NULL OR general_staff IS NULL OR unsuitable_staff <= general_staff),
            CHECK (actual_users IS NULL OR able_staff IS NULL OR actual_users <= able_staff)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE telework_target_work (
            position INTEGER PRIMARY KEY,
            work TEXT NOT NULL CHECK (work <> ''),
            dept TEXT NOT NULL DEFAULT '',
            ease_level INTEGER NOT NULL CHECK (ease_level >= 1),
            UNIQUE (work, dept)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE telework_expenses (
            position INTEGER PRIMARY KEY,
            fiscal_year INTEGER NOT NULL,
            category TEXT NOT NULL CHECK (category IN ('ict_equipment', 'external_connection', 'software',
                'license', 'security', 'server', 'support')),
            amount INTEGER NOT NULL CHECK (amount >= 0),
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (fiscal_year, category, note)
        )
        """
    )
    db.execute("INSERT INTO telework_plan (id) VALUES (1)")
    db.conn.executemany("INSERT INTO telework_progress (step_no) VALUES (?)", [(n,) for n in range(1, 11)])


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _v1_initial,
    _v2_issuance_plan,
    _v3_procedures,
    _v4_telework,
)
