"""A newer national procedure list: reading it (CSV/XLSX) and the diff shown before it applies.

The file has one header row and one procedure per row, with the columns of the bundled
``procedures.csv``: ``code,name,category,level,in_31,in_58_class`` and optionally ``note``
and ``source`` (Japanese headers are accepted too: コード, 手続名, 分類, 対象団体, 31手続,
58手続の区分, 注記, 出典; other columns are ignored). A CSV may be UTF-8 (with or without BOM)
or Shift_JIS as Excel saves it; an ``.xlsx`` is read from its first sheet.

Reading is strict: every rejected cell is collected as a ``CellProblem`` (sheet = the file or
sheet name, cell as Excel names it) and raised together in one ``WorkbookImportError``;
nothing is returned half-read.

``diff_catalogue(current, new)`` compares the national entries by code: added, removed (not
deleted when applied — kept as retired, see ``retired_from_list``), renamed and otherwise
changed, with field diffs. An empty ``note``/``source`` in the new list keeps the current one.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from models.errors import CellProblem, WorkbookImportError
from models.procedures.labels import CATALOGUE_FIELD_LABELS
from models.procedures.matching import column_letter
from models.procedures.records import LEVEL_MUNICIPAL, LEVEL_PREFECTURAL, CatalogueEntry
from models.text import fold_fullwidth_ascii, normalise_for_matching

__all__ = [
    "COMPARED_FIELDS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "CatalogueDiff",
    "EntryDiff",
    "FieldDiff",
    "diff_catalogue",
    "merge_update",
    "read_catalogue_file",
    "retired_from_list",
]

REQUIRED_COLUMNS = ("code", "name", "category", "level", "in_31", "in_58_class")
OPTIONAL_COLUMNS = ("note", "source")
COMPARED_FIELDS = ("name", "category", "level", "in_31", "in_58_class", "note", "retired")
MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_NAME_LENGTH = 200
MAX_CATEGORY_LENGTH = 50
MAX_NOTE_LENGTH = 1000
_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,29}")
_HEADER_ALIASES = {
    "code": ("code", "コード", "手続コード"),
    "name": ("name", "手続名", "手続の名称", "名称"),
    "category": ("category", "分類", "カテゴリ"),
    "level": ("level", "対象団体", "団体区分"),
    "in_31": ("in_31", "31手続"),
    "in_58_class": ("in_58_class", "58手続の区分", "58手続"),
    "note": ("note", "注記", "備考"),
    "source": ("source", "出典"),
}
_TRUE = frozenset({"1", "true", "yes", "○", "〇", "はい", "該当", "y"})
_FALSE = frozenset({"", "0", "false", "no", "×", "いいえ", "非該当", "n"})
_LEVELS = {
    "": "",
    LEVEL_MUNICIPAL: LEVEL_MUNICIPAL,
    LEVEL_PREFECTURAL: LEVEL_PREFECTURAL,
    "市町村": LEVEL_MUNICIPAL,
}
FAILED = "手続一覧を読み込めませんでした。"


# -- reading a file ----------------------------------------------------------------------------


def _error(message: str, detail: str = "") -> WorkbookImportError:
    return WorkbookImportError(message, [], detail=detail)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _error(f"{FAILED}文字コードが読み取れません（UTF-8またはShift_JISで保存してください）。")
    return [[_cell_text(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""))]


def _xlsx_rows(path: Path) -> tuple[str, list[list[str]]]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n.lower() for n in archive.namelist()]
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise _error(f"{FAILED}Excelファイル（.xlsx）として読み込めません。", str(exc)) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise _error(f"{FAILED}ファイルの内容が大きすぎます。")
    if any(n.endswith("vbaproject.bin") for n in names):
        raise _error(f"{FAILED}マクロを含むファイルは取り込めません。")
    if any(n.startswith("xl/externallinks/") for n in names):
        raise _error(f"{FAILED}外部リンク（他のファイルへの参照）を含むファイルは取り込めません。")
    from openpyxl import load_workbook  # defusedxml is installed: openpyxl parses with it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or hostile file
        raise _error(f"{FAILED}Excelファイル（.xlsx）として読み込めません。", repr(exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for index, row in enumerate(sheet.iter_rows(values_only=True)):
            if index > MAX_ROWS + 1:
                break
            rows.append([_cell_text(c) for c in row])
        return str(sheet.title), rows
    finally:
        workbook.close()


def _header_key(text: str) -> str | None:
    s = normalise_for_matching(text)
    for key, aliases in _HEADER_ALIASES.items():
        if s in {normalise_for_matching(a) for a in aliases}:
            return key
    return None


def _flag(text: str) -> bool | None:
    s = normalise_for_matching(text)
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    return None


def read_catalogue_file(path: Path) -> list[CatalogueEntry]:
    """The entries of a procedure list file (national entries, in the file's order).

    Raises ``WorkbookImportError`` listing every problem (unknown file type, missing
    columns, empty or duplicate codes and names, unknown 対象団体 or 58手続の区分, …).
    """
    path = Path(path)
    if not path.is_file():
        raise _error(f"ファイルが見つかりません：{path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        sheet, rows = path.name, _csv_rows(path)
    elif suffix == ".xlsx":
        sheet, rows = _xlsx_rows(path)
    else:
        raise _error(f"手続一覧はCSV（.csv）またはExcelブック（.xlsx）で指定してください：{path.name}")
    problems: list[CellProblem] = []
    header_index = next((i for i, row in enumerate(rows) if any(row)), None)
    if header_index is None:
        raise WorkbookImportError(FAILED, [CellProblem(sheet, "", "データがありません。")])
    columns: dict[str, int] = {}
    for index, text in enumerate(rows[header_index]):
        key = _header_key(text)
        if key is not None and key not in columns:
            columns[key] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for name in missing:
        problems.append(
            CellProblem(
                sheet,
                "",
                f"{header_index + 1}行目の見出しに「{name}」（{_column_label(name)}）の列がありません。",
            )
        )
    if missing:
        raise WorkbookImportError(FAILED, problems)
    data = rows[header_index + 1 :]
    if len(data) > MAX_ROWS:
        raise WorkbookImportError(FAILED, [CellProblem(sheet, "", f"行が多すぎます（{MAX_ROWS:,}行まで）。")])

    entries: list[CatalogueEntry] = []
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for offset, row in enumerate(data):
        row_no = header_index + 2 + offset
        if not any(row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            index = columns.get(key)
            return row[index] if index is not None and index < len(row) else ""

        def where(key: str, row_no: int = row_no) -> str:
            return f"{column_letter(columns[key])}{row_no}"

        before = len(problems)
        code = fold_fullwidth_ascii(cell("code")).strip()
        if not code:
            problems.append(CellProblem(sheet, where("code"), "手続コードがありません。"))
        elif not _CODE_RE.fullmatch(code):
            problems.append(
                CellProblem(
                    sheet, where("code"), "手続コードは英数字・「-」「_」の30文字以内で入力してください。"
                )
            )
        elif code.upper().startswith("T-"):
            problems.append(CellProblem(sheet, where("code"), "「T-」で始まるコードは本町独自の手続用です。"))
        elif code in codes:
            problems.append(
                CellProblem(sheet, where("code"), f"手続コード{code}は{codes[code]}行目にもあります。")
            )
        else:
            codes[code] = row_no
        name = cell("name")
        key = normalise_for_matching(name)
        if not name:
            problems.append(CellProblem(sheet, where("name"), "手続名がありません。"))
        elif len(name) > MAX_NAME_LENGTH:
            problems.append(
                CellProblem(sheet, where("name"), f"手続名は{MAX_NAME_LENGTH}文字以内にしてください。")
            )
        elif key in names:
            problems.append(CellProblem(sheet, where("name"), f"同じ手続名が{names[key]}行目にもあります。"))
        else:
            names[key] = row_no
        category = cell("category")
        if len(category) > MAX_CATEGORY_LENGTH:
            problems.append(
                CellProblem(sheet, where("category"), f"分類は{MAX_CATEGORY_LENGTH}文字以内にしてください。")
            )
        level = _LEVELS.get(cell("level").strip())
        if level is None:
            problems.append(
                CellProblem(
                    sheet, where("level"), "対象団体は「市区町村」「都道府県」または空欄にしてください。"
                )
            )
        in_31 = _flag(cell("in_31"))
        if in_31 is None:
            problems.append(
                CellProblem(sheet, where("in_31"), "31手続は1（該当）または0（非該当）にしてください。")
            )
        in_58_class = normalise_for_matching(cell("in_58_class"))
        if in_58_class not in ("", "a", "b"):
            problems.append(
                CellProblem(sheet, where("in_58_class"), "58手続の区分は「a」「b」または空欄にしてください。")
            )
        note = cell("note")
        if len(note) > MAX_NOTE_LENGTH:
            problems.append(
                CellProblem(sheet, where("note"), f"注記は{MAX_NOTE_LENGTH}文字以内にしてください。")
            )
        if len(problems) == before:
            entries.append(
                CatalogueEntry(
                    code=code,
                    name=name,
                    category=category,
                    level=level or "",
                    in_31=bool(in_31),
                    in_58_class=in_58_class,
                    note=note,
                    source=cell("source"),
                    origin="national",
                )
            )
    if not entries and not problems:
        problems.append(CellProblem(sheet, "", "手続の行がありません。"))
    if problems:
        raise WorkbookImportError(FAILED, problems)
    return entries


def _column_label(name: str) -> str:
    aliases = _HEADER_ALIASES[name]
    return aliases[1]


# -- the diff ---------------------------------------------------------------------------------


def _value_text(field: str, value: Any) -> str:
    if field == "in_31":
        return "該当" if value else "非該当"
    if field == "retired":
        return "掲載終了" if value else "掲載"
    return str(value) if value not in ("", None) else "（なし）"


@dataclass(frozen=True)
class FieldDiff:
    field: str
    old: Any
    new: Any

    @property
    def label(self) -> str:
        return CATALOGUE_FIELD_LABELS.get(self.field, self.field)

    def text(self) -> str:
        """「分類：子育て関係 → 子育て・教育関係」."""
        return f"{self.label}：{_value_text(self.field, self.old)} → {_value_text(self.field, self.new)}"


@dataclass(frozen=True)
class EntryDiff:
    before: CatalogueEntry
    after: CatalogueEntry  # as it will be stored
    fields: tuple[FieldDiff, ...]

    @property
    def code(self) -> str:
        return self.after.code


@dataclass(frozen=True)
class CatalogueDiff:
    """What applying a new list changes (the town's answers and figures always stay)."""

    added: list[CatalogueEntry]
    removed: list[CatalogueEntry]  # as stored now; kept as retired when applied
    renamed: list[EntryDiff]  # the name changed (other fields may have changed too)
    changed: list[EntryDiff]  # same name, other fields changed

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)

    def lines(self) -> list[str]:
        """The diff in Japanese, one line per change, for the confirmation preview."""
        out = [f"追加：{e.code} {e.name}" for e in self.added]
        out += [f"名称変更：{d.code} {d.before.name} → {d.after.name}" for d in self.renamed]
        for d in (*self.renamed, *self.changed):
            out += [f"変更：{d.code} {d.after.name}（{f.text()}）" for f in d.fields if f.field != "name"]
        out += [f"掲載終了（記録は残ります）：{e.code} {e.name}" for e in self.removed]
        return out


_REMOVED_NOTE = "{version}の一覧には掲載がありません（記録は残しています）。"
_REMOVED_NOTE_RE = re.compile("\u3000?[^\u3000]*の一覧には掲載がありません（記録は残しています）。")


def merge_update(before: CatalogueEntry, new: CatalogueEntry) -> CatalogueEntry:
    """``new`` as it replaces ``before``: listed (not retired); an empty note or source keeps
    the current one (without the note of an earlier removal)."""
    kept_note = _REMOVED_NOTE_RE.sub("", before.note)
    return replace(
        new,
        origin="national",
        retired=False,
        note=new.note or kept_note,
        source=new.source or before.source,
    )


def retired_from_list(entry: CatalogueEntry, list_version: str) -> CatalogueEntry:
    """An entry a newer list no longer has: kept (with its answer and figures), retired, noted."""
    note = _REMOVED_NOTE.format(version=list_version)
    if note in entry.note:
        return replace(entry, retired=True)
    return replace(entry, retired=True, note=f"{entry.note}\u3000{note}" if entry.note else note)


def diff_catalogue(current: Iterable[CatalogueEntry], new: Iterable[CatalogueEntry]) -> CatalogueDiff:
    """Compare the national entries of ``current`` with ``new`` by code (the town's own
    procedures are not part of a national list and never appear in the diff)."""
    stored = {e.code: e for e in current if e.origin == "national"}
    new_entries = list(new)
    new_codes = {e.code for e in new_entries}
    added: list[CatalogueEntry] = []
    renamed: list[EntryDiff] = []
    changed: list[EntryDiff] = []
    for entry in new_entries:
        before = stored.get(entry.code)
        if before is None:
            added.append(replace(entry, origin="national", retired=False))
            continue
        after = merge_update(before, entry)
        diffs = tuple(
            FieldDiff(name, getattr(before, name), getattr(after, name))
            for name in COMPARED_FIELDS
            if getattr(before, name) != getattr(after, name)
        )
        if not diffs:
            continue
        target = renamed if any(d.field == "name" for d in diffs) else changed
        target.append(EntryDiff(before, after, diffs))
    removed = [e for e in stored.values() if e.code not in new_codes and not e.retired]
    return CatalogueDiff(added=added, removed=removed, renamed=renamed, changed=changed)
