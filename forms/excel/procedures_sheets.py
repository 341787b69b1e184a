"""The 行政手続オンライン化チェックリスト sheets of the prefecture workbook: checklist → rows
and rows → checklist.

Two sheets (layouts in ``layout.PROCEDURE_SHEETS``), both stackable across towns:

- 行政手続: one row per procedure (the whole national list as the app ships it, then the
  town's own procedures) with the town's answer. 区分, 予定年度（和暦）, 31手続 and 58手続の区分
  are written for the reader (computed) and ignored on import.
- 行政手続_件数: one row per procedure × 年度 with figures: 年度 as the 西暦 starting year
  and as 和暦, 手続総件数, うちオンライン件数 and the オンライン利用率 (computed, HALF_UP 0.1,
  empty when the total is 0).

Import is strict: a code that is neither in the app's national list nor a town code
(T-001…), a national procedure renamed or missing, a 分類/廃止 on a national procedure,
an answer that breaks ``models.procedures.alerts.validate_status``, a 年度 given twice, or
うちオンライン件数 above 手続総件数 — each is a problem at its cell. The national entries
are those of the app's bundled list (``catalogue.national_catalogue``); saving keeps the
database's own national entries (a list updated in this database is not reverted) and
replaces the answers, the figures and the town's own procedures through
``ChecklistRepository.replace_all`` inside the import's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from forms.excel.layout import PROCEDURE_LAYOUT, PROCEDURE_SHEETS, PROCEDURE_USAGE, PROCEDURES
from forms.excel.registry import ImportContext, ParsedRow, Problems, Row, WorkbookModule
from models.calendar import fiscal_year_label
from models.procedures.alerts import validate_status
from models.procedures.catalogue import KNOWN_ALIASES, default_status, group_of, national_catalogue
from models.procedures.records import CatalogueEntry, Checklist, ProcedureStatus, UsageFigures
from models.procedures.summary import statuses_by_code, usage_rate
from models.store.database import Store
from models.text import normalise_for_matching

TOWN_CODE = re.compile(r"T-\d+")
#: ProcedureStatus fields read from the 行政手続 sheet (column key = field name)
STATUS_KEYS = (
    "applicable",
    "not_applicable_reason",
    "status",
    "channel",
    "standard_form",
    "card_auth",
    "backoffice",
    "online_since",
    "planned_fy",
    "owner_dept",
    "notes",
)
_FLAG_CODES = {"1": True, "0": False}


# -- export ------------------------------------------------------------------------------
def _flag_code(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


def checklist_rows(checklist: Checklist) -> dict[str, list[Row]]:
    """The rows of both sheets for ``checklist`` (column key → value)."""
    statuses = statuses_by_code(checklist)
    procedures: list[Row] = []
    for entry in checklist.catalogue:
        status = statuses.get(entry.code) or default_status(entry)
        town = entry.origin == "town"
        procedures.append(
            {
                "code": entry.code,
                "name": entry.name,
                "group": group_of(entry),
                "applicable": _flag_code(status.applicable),
                "status": status.status,
                "channel": status.channel,
                "planned_fy": status.planned_fy,
                "planned_fy_label": fiscal_year_label(status.planned_fy) if status.planned_fy else None,
                "owner_dept": status.owner_dept,
                "not_applicable_reason": status.not_applicable_reason,
                "standard_form": _flag_code(status.standard_form),
                "card_auth": _flag_code(status.card_auth),
                "backoffice": status.backoffice,
                "online_since": status.online_since,
                "notes": status.notes,
                "category": entry.category if town else "",
                "retired": entry.retired if town else False,
                "in_31": entry.in_31,
                "in_58_class": entry.in_58_class,
                "list_version": checklist.list_version,
            }
        )
    names = {entry.code: entry.name for entry in checklist.catalogue}
    usage: list[Row] = [
        {
            "code": figures.code,
            "name": names.get(figures.code, ""),
            "fiscal_year": figures.fiscal_year,
            "fiscal_year_label": fiscal_year_label(figures.fiscal_year),
            "total": figures.total,
            "online": figures.online,
            "rate": usage_rate(figures),
        }
        for figures in checklist.usage
        if figures.total is not None or figures.online is not None
    ]
    return {PROCEDURES: procedures, PROCEDURE_USAGE: usage}


# -- import ------------------------------------------------------------------------------
def _cell(sheet: str, key: str, row: ParsedRow) -> str:
    return f"{PROCEDURE_LAYOUT[sheet].letter(key)}{row.number}"


def checklist_from_rows(
    rows: dict[str, list[ParsedRow]], problems: Problems, context: ImportContext
) -> Checklist | None:
    """The checklist read from the two sheets, or None when any problem was found."""
    national = {entry.code: entry for entry in national_catalogue()}
    procedure_rows = rows.get(PROCEDURES, [])
    entries: list[CatalogueEntry] = []
    statuses: list[ProcedureStatus] = []
    seen: dict[str, int] = {}
    versions: dict[str, int] = {}
    for row in procedure_rows:
        code = row.values.get("code")
        if not code:
            continue
        if code in seen:
            problems.add(
                PROCEDURES,
                _cell(PROCEDURES, "code", row),
                f"コード「{code}」が重複しています（{seen[code]}行目と同じです）。",
            )
            continue
        seen[code] = row.number
        entry = _entry(row, national.get(code), problems)
        status = _status(row, code, problems)
        if row.values.get("list_version"):  # a row added in Excel may leave it blank
            versions.setdefault(row.values["list_version"], row.number)
        if entry is not None and status is not None and row.complete:
            entries.append(entry)
            statuses.append(status)
    if PROCEDURES in rows:
        _check_complete_list(national, seen, problems)
        _check_names_unique(entries, procedure_rows, problems)
        if len(versions) > 1:
            first, *others = sorted(versions.items(), key=lambda item: item[1])
            for version, number in others:
                problems.add(
                    PROCEDURES,
                    f"{PROCEDURE_LAYOUT[PROCEDURES].letter('list_version')}{number}",
                    f"手続一覧の版「{version}」が{first[1]}行目（「{first[0]}」）と異なります。",
                )
    usage = _usage(rows.get(PROCEDURE_USAGE, []), set(seen) if PROCEDURES in rows else None, problems)
    if problems or set(rows) != {layout.name for layout in PROCEDURE_SHEETS}:
        return None
    return Checklist(
        catalogue=tuple(entries),
        statuses=tuple(statuses),
        usage=tuple(usage),
        list_version=next(iter(versions), ""),
    )


def _entry(row: ParsedRow, known: CatalogueEntry | None, problems: Problems) -> CatalogueEntry | None:
    """The catalogue entry of a 行政手続 row: the app's national entry (its name checked), or
    the town's own procedure as the row describes it; None (with a problem) otherwise."""
    code = row.values["code"]
    name = row.values.get("name", "")

    def where(key: str) -> str:
        return _cell(PROCEDURES, key, row)

    if known is not None:
        good = True
        if name and not _same_name(name, known):
            problems.add(
                PROCEDURES,
                where("name"),
                f"国の一覧の手続名は変更できません（コード{code}は「{known.name}」）。",
            )
            good = False
        if row.values.get("category"):
            problems.add(
                PROCEDURES,
                where("category"),
                "分類は本町独自の手続にだけ入力できます（国の一覧の手続は空欄）。",
            )
            good = False
        if row.values.get("retired"):
            problems.add(
                PROCEDURES,
                where("retired"),
                "国の一覧の手続は廃止にできません。空欄にして、対象外にしてください。",
            )
            good = False
        return known if good else None
    if not TOWN_CODE.fullmatch(code):
        problems.add(
            PROCEDURES,
            where("code"),
            f"コード「{code}」の手続は手続一覧にありません（国の一覧のコード、または本町独自の手続のT-001などのコード）。",
        )
        return None
    if not name:
        return None  # the reader reported the empty name
    return CatalogueEntry(
        code=code,
        name=name,
        category=row.values.get("category", ""),
        origin="town",
        retired=bool(row.values.get("retired", False)),
    )


def _same_name(name: str, entry: CatalogueEntry) -> bool:
    key = normalise_for_matching(name)
    return any(normalise_for_matching(n) == key for n in (entry.name, *KNOWN_ALIASES.get(entry.code, ())))


def _status(row: ParsedRow, code: str, problems: Problems) -> ProcedureStatus | None:
    values = row.values
    if not all(key in values for key in STATUS_KEYS):
        return None  # a cell was rejected: reported already
    status = ProcedureStatus(
        code=code,
        applicable=_FLAG_CODES[values["applicable"]],
        not_applicable_reason=values["not_applicable_reason"],
        status=values["status"],
        channel=values["channel"],
        standard_form=_FLAG_CODES.get(values["standard_form"]),
        card_auth=_FLAG_CODES.get(values["card_auth"]),
        backoffice=values["backoffice"],
        online_since=values["online_since"],
        planned_fy=values["planned_fy"],
        owner_dept=values["owner_dept"],
        notes=values["notes"],
    )
    keys = {column.key for column in PROCEDURE_LAYOUT[PROCEDURES].columns}
    errors = validate_status(status)
    for error in errors:
        key = error.field if error.field in keys else "status"
        problems.add(PROCEDURES, _cell(PROCEDURES, key, row), error.user_message)
    return None if errors else status


def _check_complete_list(
    national: dict[str, CatalogueEntry], seen: dict[str, int], problems: Problems
) -> None:
    """Every procedure of the national list has its row (rows are not deleted: 対象外 instead)."""
    for code, entry in national.items():
        if code not in seen:
            problems.add(
                PROCEDURES,
                "",
                f"国の一覧の手続「{entry.name}」（コード{code}）の行がありません。"
                "行を削除せず、対象外の手続は「対象」列を「対象外」にしてください。",
            )


def _check_names_unique(
    entries: Sequence[CatalogueEntry], rows: Sequence[ParsedRow], problems: Problems
) -> None:
    """Two procedures in use with the same name (after normalisation) cannot be told apart."""
    numbers = {row.values.get("code"): row for row in rows}
    seen: dict[str, CatalogueEntry] = {}
    for entry in entries:
        if entry.retired:
            continue
        key = normalise_for_matching(entry.name)
        other = seen.get(key)
        if other is not None and entry.origin == "town":
            problems.add(
                PROCEDURES,
                _cell(PROCEDURES, "name", numbers[entry.code]),
                f"同じ名称の手続「{other.name}」（コード{other.code}）があります。",
            )
        else:
            seen.setdefault(key, entry)


def _usage(rows: Sequence[ParsedRow], codes: set[str] | None, problems: Problems) -> list[UsageFigures]:
    """The figures of the 件数 sheet; ``codes`` are those of the 行政手続 sheet (None when that
    sheet could not be read: references are not checked then)."""
    found: list[UsageFigures] = []
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        code = row.values.get("code")
        year = row.values.get("fiscal_year")
        if code and codes is not None and code not in codes:
            problems.add(
                PROCEDURE_USAGE,
                _cell(PROCEDURE_USAGE, "code", row),
                f"コード「{code}」の手続が「{PROCEDURES}」シートにありません。",
            )
            continue
        if not code or year is None:
            continue
        if (code, year) in seen:
            problems.add(
                PROCEDURE_USAGE,
                _cell(PROCEDURE_USAGE, "fiscal_year", row),
                f"コード{code}の{fiscal_year_label(year)}の件数が重複しています（{seen[code, year]}行目と同じです）。",
            )
            continue
        seen[code, year] = row.number
        total, online = row.values.get("total"), row.values.get("online")
        if total is not None and online is not None and online > total:
            problems.add(
                PROCEDURE_USAGE,
                _cell(PROCEDURE_USAGE, "online", row),
                f"うちオンライン件数（{online:,}件）が手続総件数（{total:,}件）を超えています。",
            )
            continue
        if row.complete and (total is not None or online is not None):
            found.append(UsageFigures(code=code, fiscal_year=year, total=total, online=online))
    return found


# -- save --------------------------------------------------------------------------------
def _load(store: Store) -> Checklist:
    from models.procedures.repository import ChecklistRepository

    return ChecklistRepository(store).load()


def _save(store: Store, checklist: Checklist) -> None:
    """Store an imported checklist (inside the import's transaction): the answers, the figures
    and the town's own procedures of the workbook; the database's national entries and list
    version stay as they are (the workbook's are those of the app's bundled list)."""
    from models.procedures.repository import ChecklistRepository

    repository = ChecklistRepository(store)
    current = repository.load()
    national = [entry for entry in current.catalogue if entry.origin == "national"]
    if not national:
        national = [entry for entry in checklist.catalogue if entry.origin == "national"]
    town = [entry for entry in checklist.catalogue if entry.origin == "town"]
    repository.replace_all(
        Checklist(
            catalogue=(*national, *town),
            statuses=checklist.statuses,
            usage=checklist.usage,
            list_version="",  # keep the database's
        )
    )


def _rows(data: Any) -> dict[str, list[Row]]:
    return checklist_rows(data)


MODULE = WorkbookModule(
    key="procedures",
    label="行政手続オンライン化チェックリスト",
    sheets=PROCEDURE_SHEETS,
    load=_load,
    rows=_rows,
    parse=checklist_from_rows,
    save=_save,
)
