"""The documented, fixed column layout of every sheet of the prefecture workbook.

This is the one place that says which columns a sheet has, in which order, with which
header text, value kind and choice list. The export writes from it and the importer checks
against it, so the two can never drift apart; the prefecture can stack many towns' files
because the layout is fixed and every data row starts with the 団体コード (PRODUCT.md §4.3).

Sheet shapes:

- 表紙: a two-column list (項目 | 内容) starting at ``COVER_HEADER_ROW``; the 項目 labels
  are fixed (``COVER_FIELDS``) and in this order.
- data sheets: row 1 is the header row (exact texts below), data from row 2, one record per
  row, column A is always 団体コード (text, 6 digits with the leading zero). Columns marked
  ``computed`` are written by the app as values (never formulas) and ignored on import.

Changing a layout is a format change: bump nothing silently — add columns only together
with a schema (data version) change so older apps refuse the newer files.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from models.issuance.records import (
    MEASURE_KIND_LABELS,
    OBSTACLE_LABELS,
    OPENING_KIND_LABELS,
    PLACE_TYPE_LABELS,
    STAFF_TYPE_LABELS,
    WINDOW_KIND_LABELS,
)
from models.procedures.records import BACKOFFICE_LABELS, CHANNEL_LABELS, STATUS_LABELS
from models.town import KIND_CHOICES, MAX_POPULATION

#: The mark of a checked box (阻害要因): 〇 (U+3007); ○ (U+25CB) is accepted on import.
FLAG_MARK = "〇"
FLAG_MARKS_ACCEPTED = ("〇", "○")
#: Several texts in one cell (活用した補助金) are separated by line breaks.
LINE_SEPARATOR = "\n"
MAX_COUNT = MAX_POPULATION  # no count of a town exceeds its population bound


class Kind(Enum):
    """What a cell holds."""

    LG_CODE = "団体コード"  # text, 6 digits, leading zero kept
    TEXT = "文字列"
    LINES = "文字列（複数行）"  # several texts, one per line
    COUNT = "整数"  # 0 or more
    HOURS = "時間数"  # decimal hours, up to 2 decimals
    DATE = "日付"
    MONTH = "年月"  # a date on the first day of a month
    CHOICE = "選択"  # one of the Japanese labels of ``choices``
    FLAG = "〇印"  # 〇 or empty
    RATE = "率"  # percent with one decimal (computed by the app)
    INT = "数値"  # a plain integer (data version)


@dataclass(frozen=True)
class Column:
    """One column of a data sheet (or one 項目 of the 表紙)."""

    key: str
    header: str
    kind: Kind
    width: float = 14.0
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (stored code, Japanese label)
    max_length: int = 200
    minimum: Decimal = Decimal(0)
    maximum: Decimal = Decimal(MAX_COUNT)
    computed: bool = False  # written by the app; ignored on import (only its type is checked)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for _, label in self.choices)

    def code_for(self, label: str) -> str | None:
        return next((code for code, text in self.choices if text == label), None)

    def label_for(self, code: str) -> str:
        return dict(self.choices).get(code, "")


@dataclass(frozen=True)
class SheetLayout:
    """A data sheet: header row 1, data from row 2, column A = 団体コード."""

    name: str
    columns: tuple[Column, ...]
    description: str
    single_row: bool = False  # exactly one data row (the plan's basic figures)
    landscape: bool = True

    def __post_init__(self) -> None:
        if len(self.name) > 31:
            raise ValueError(f"Excel sheet names have at most 31 characters: {self.name}")
        if self.columns[0].kind is not Kind.LG_CODE:
            raise ValueError(f"column A of {self.name} must be 団体コード")

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)

    def index(self, key: str) -> int:
        """1-based column number of ``key``."""
        for number, column in enumerate(self.columns, start=1):
            if column.key == key:
                return number
        raise KeyError(key)

    def letter(self, key: str) -> str:
        return column_letter(self.index(key))


def column_letter(number: int) -> str:
    """Excel column letters: 1 → A, 27 → AA (without importing openpyxl)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _choices(labels: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(labels.items())


HEADER_ROW = 1
FIRST_DATA_ROW = 2
HOURS_MAX = Decimal(24)

LG_CODE = Column("lg_code", "団体コード", Kind.LG_CODE, width=10, required=True)

# -- 表紙 -------------------------------------------------------------------------------
COVER_SHEET = "表紙"
COVER_TITLE = "提出データ（表紙）"
COVER_HEADER_ROW = 3  # 項目 | 内容
COVER_FIRST_ROW = 4
COVER_HEADERS = ("項目", "内容")
COVER_WIDTHS = (22.0, 60.0)
COVER_FIELDS: tuple[Column, ...] = (
    Column("form_name", "様式", Kind.TEXT, required=True),
    Column("lg_code", "団体コード", Kind.LG_CODE, required=True),
    Column("name", "団体名", Kind.TEXT, required=True, max_length=40),
    Column("prefecture", "都道府県", Kind.TEXT, computed=True),
    Column("kind", "団体区分", Kind.CHOICE, required=True, choices=KIND_CHOICES),
    Column("contact_dept", "担当課", Kind.TEXT, max_length=40),
    Column("contact_person", "担当者", Kind.TEXT, max_length=40),
    Column("contact_phone", "電話番号", Kind.TEXT, max_length=20),
    Column("contact_email", "メールアドレス", Kind.TEXT, max_length=100),
    Column("created", "作成日", Kind.DATE, required=True),
    Column("app_version", "作成したアプリの版", Kind.TEXT, required=True, computed=True),
    Column("data_version", "データの版", Kind.INT, required=True),
    Column("sheets", "収録シート", Kind.LINES, computed=True),
)
#: 表紙 fields that are TownProfile fields (imported into 団体情報).
COVER_PROFILE_FIELDS = (
    "lg_code",
    "name",
    "kind",
    "contact_dept",
    "contact_person",
    "contact_phone",
    "contact_email",
)

# -- 交付円滑化計画 ----------------------------------------------------------------------
ISSUANCE_BASIC = "交付円滑化計画_基本"
ISSUANCE_MONTHS = "交付円滑化計画_月別"
ISSUANCE_WINDOWS = "交付円滑化計画_窓口"
ISSUANCE_STAFF = "交付円滑化計画_職員"
ISSUANCE_OPENINGS = "交付円滑化計画_土日開庁"
ISSUANCE_MILESTONES = "交付円滑化計画_想定交付枚数"
ISSUANCE_EVENTS = "交付円滑化計画_出張申請"
ISSUANCE_MEASURES = "交付円滑化計画_申請促進"

OBSTACLE_KEY_PREFIX = "obstacle:"

ISSUANCE_SHEETS: tuple[SheetLayout, ...] = (
    SheetLayout(
        ISSUANCE_BASIC,
        (
            LG_CODE,
            Column("title", "計画の名称", Kind.TEXT, width=30, required=True, max_length=100),
            Column("period_start", "計画期間（開始月）", Kind.MONTH, width=17),
            Column("period_end", "計画期間（終了月）", Kind.MONTH, width=17),
            Column("base_date", "基準日（現状）", Kind.DATE, width=17),
            Column("target_date", "目標期日（交付体制）", Kind.DATE, width=17),
            Column("population", "住民基本台帳人口（単位：人）", Kind.COUNT, width=14),
            Column("population_as_of", "人口の基準日", Kind.DATE, width=17),
            Column(
                "issued_before", "計画期間前の累計交付枚数（単位：枚）", Kind.COUNT, width=15, required=True
            ),
            Column(
                "applied_before", "計画期間前の累計申請件数（単位：件）", Kind.COUNT, width=15, required=True
            ),
            Column(
                "weekend_days_baseline",
                "土日開庁日数・現状（単位：日／月）",
                Kind.COUNT,
                width=13,
                required=True,
                maximum=Decimal(31),
            ),
            Column(
                "weekend_days_target",
                "土日開庁日数・目標（単位：日／月）",
                Kind.COUNT,
                width=13,
                required=True,
                maximum=Decimal(31),
            ),
            *(
                Column(f"{OBSTACLE_KEY_PREFIX}{code}", f"阻害要因：{label}", Kind.FLAG, width=12)
                for code, label in OBSTACLE_LABELS.items()
            ),
            Column("obstacle_note", "阻害要因の内容・その他", Kind.TEXT, width=30, max_length=1000),
            Column("subsidies", "活用した補助金（複数は改行で区切る）", Kind.LINES, width=34, max_length=100),
            Column("note", "備考", Kind.TEXT, width=30, max_length=1000),
        ),
        "計画の基本情報（1行）：計画期間、基準日、人口、期間前の累計、土日開庁日数、阻害要因、補助金",
        single_row=True,
    ),
    SheetLayout(
        ISSUANCE_MONTHS,
        (
            LG_CODE,
            Column("month", "年月（各月1日）", Kind.MONTH, width=17, required=True),
            Column("planned_applications", "計画申請件数（単位：件）", Kind.COUNT, width=13),
            Column("planned_issuances", "計画交付枚数（単位：枚）", Kind.COUNT, width=13),
            Column("actual_applications", "実績申請件数（単位：件）", Kind.COUNT, width=13),
            Column("actual_issuances", "実績交付枚数（単位：枚）", Kind.COUNT, width=13),
            Column(
                "cumulative_planned_issued",
                "累計交付枚数・計画（単位：枚）",
                Kind.COUNT,
                width=13,
                computed=True,
            ),
            Column("planned_rate", "交付率・計画（単位：％）", Kind.RATE, width=11, computed=True),
            Column(
                "cumulative_actual_issued",
                "累計交付枚数・実績（単位：枚）",
                Kind.COUNT,
                width=13,
                computed=True,
            ),
            Column("actual_rate", "交付率・実績（単位：％）", Kind.RATE, width=11, computed=True),
        ),
        "月別の計画・実績（計画期間の1か月1行）。累計交付枚数は計画期間前の累計を含み、交付率は住民基本台帳人口に"
        "対する割合（小数第2位を四捨五入）。実績の累計は実績を入力した最後の月まで",
        landscape=False,
    ),
    SheetLayout(
        ISSUANCE_WINDOWS,
        (
            LG_CODE,
            Column(
                "number",
                "窓口番号",
                Kind.COUNT,
                width=8,
                required=True,
                minimum=Decimal(1),
                maximum=Decimal(999),
            ),
            Column("name", "窓口の名称", Kind.TEXT, width=24, required=True, max_length=60),
            Column(
                "kind", "種別", Kind.CHOICE, width=14, required=True, choices=_choices(WINDOW_KIND_LABELS)
            ),
            Column("terminals_baseline", "統合端末数・現状（単位：台）", Kind.COUNT, width=12, required=True),
            Column("terminals_target", "統合端末数・目標（単位：台）", Kind.COUNT, width=12, required=True),
            Column("staff_baseline", "職員数・現状（単位：人）", Kind.COUNT, width=12, required=True),
            Column("staff_target", "職員数・目標（単位：人）", Kind.COUNT, width=12, required=True),
            Column(
                "weekday_hours",
                "平日の開庁時間（単位：時間／日）",
                Kind.HOURS,
                width=13,
                required=True,
                maximum=HOURS_MAX,
            ),
            Column("open_from", "開設期間（開始日）", Kind.DATE, width=17),
            Column("open_until", "開設期間（終了日）", Kind.DATE, width=17),
        ),
        "交付窓口（1窓口1行）：統合端末数・職員数の現状と目標。窓口番号は土日開庁シートから参照",
    ),
    SheetLayout(
        ISSUANCE_STAFF,
        (
            LG_CODE,
            Column(
                "staff_type",
                "職員の種別",
                Kind.CHOICE,
                width=18,
                required=True,
                choices=_choices(STAFF_TYPE_LABELS),
            ),
            Column("baseline", "現状（単位：人）", Kind.COUNT, width=12, required=True),
            Column("target", "目標（単位：人）", Kind.COUNT, width=12, required=True),
        ),
        "職員配置数（種別ごとに1行）：現状と目標",
        landscape=False,
    ),
    SheetLayout(
        ISSUANCE_OPENINGS,
        (
            LG_CODE,
            Column("day", "実施日", Kind.DATE, width=17, required=True),
            Column("weekday", "曜日", Kind.TEXT, width=6, computed=True),
            Column(
                "kind", "種別", Kind.CHOICE, width=12, required=True, choices=_choices(OPENING_KIND_LABELS)
            ),
            Column("hours", "開庁時間（単位：時間）", Kind.HOURS, width=12, required=True, maximum=HOURS_MAX),
            Column(
                "window",
                "窓口番号（空欄は本庁）",
                Kind.COUNT,
                width=12,
                minimum=Decimal(1),
                maximum=Decimal(999),
            ),
            Column("note", "備考", Kind.TEXT, width=30, max_length=200),
        ),
        "土日開庁・夜間延長（1日1行）：実施日と開庁時間",
        landscape=False,
    ),
    SheetLayout(
        ISSUANCE_MILESTONES,
        (
            LG_CODE,
            Column("as_of", "時点", Kind.DATE, width=17, required=True),
            Column("cumulative_issued", "想定累計交付枚数（単位：枚）", Kind.COUNT, width=15, required=True),
            Column("rate", "人口に対する割合（単位：％）", Kind.RATE, width=13, computed=True),
        ),
        "想定交付枚数（時点ごとに1行、例：各年度末）と住民基本台帳人口に対する割合",
        landscape=False,
    ),
    SheetLayout(
        ISSUANCE_EVENTS,
        (
            LG_CODE,
            Column("day", "実施日", Kind.DATE, width=17, required=True),
            Column(
                "place_type",
                "場所の種別",
                Kind.CHOICE,
                width=12,
                required=True,
                choices=_choices(PLACE_TYPE_LABELS),
            ),
            Column("place_name", "場所の名称", Kind.TEXT, width=26, required=True, max_length=100),
            Column("expected_applications", "申請見込件数（単位：件）", Kind.COUNT, width=13, required=True),
            Column("actual_applications", "申請実績件数（単位：件）", Kind.COUNT, width=13),
        ),
        "出張申請受付（1回1行）",
        landscape=False,
    ),
    SheetLayout(
        ISSUANCE_MEASURES,
        (
            LG_CODE,
            Column(
                "kind", "種別", Kind.CHOICE, width=22, required=True, choices=_choices(MEASURE_KIND_LABELS)
            ),
            Column("description", "内容", Kind.TEXT, width=40, required=True, max_length=500),
            Column("start", "開始日", Kind.DATE, width=17),
            Column("end", "終了日", Kind.DATE, width=17),
            Column("quantity", "数量（単位：件）", Kind.COUNT, width=12),
        ),
        "申請促進の取組（1件1行）：申請サポート、QR付き申請書の送付、独自の特典など",
    ),
)
ISSUANCE_LAYOUT = {layout.name: layout for layout in ISSUANCE_SHEETS}

# -- 行政手続オンライン化チェックリスト -----------------------------------------------------
PROCEDURES = "行政手続"
PROCEDURE_USAGE = "行政手続_件数"
#: 予定年度 and 年度 are 西暦 integers (the starting year of the 年度) in this range.
FISCAL_YEAR_MIN = Decimal(2000)
FISCAL_YEAR_MAX = Decimal(2100)
APPLICABLE_CHOICES = (("1", "対象"), ("0", "対象外"))
YES_NO_CHOICES = (("1", "あり"), ("0", "なし"))

PROCEDURE_SHEETS: tuple[SheetLayout, ...] = (
    SheetLayout(
        PROCEDURES,
        (
            LG_CODE,
            Column("code", "コード", Kind.TEXT, width=10, required=True, max_length=20),
            Column("name", "手続名", Kind.TEXT, width=40, required=True, max_length=200),
            Column("group", "区分", Kind.TEXT, width=16, computed=True),
            Column("applicable", "対象", Kind.CHOICE, width=8, required=True, choices=APPLICABLE_CHOICES),
            Column("status", "状況", Kind.CHOICE, width=14, required=True, choices=_choices(STATUS_LABELS)),
            Column("channel", "方式", Kind.CHOICE, width=22, required=True, choices=_choices(CHANNEL_LABELS)),
            Column(
                "planned_fy",
                "予定年度（西暦）",
                Kind.INT,
                width=10,
                minimum=FISCAL_YEAR_MIN,
                maximum=FISCAL_YEAR_MAX,
            ),
            Column("planned_fy_label", "予定年度（和暦）", Kind.TEXT, width=12, computed=True),
            Column("owner_dept", "担当課", Kind.TEXT, width=18, max_length=100),
            Column("not_applicable_reason", "対象外の理由", Kind.TEXT, width=18, max_length=100),
            Column("standard_form", "標準様式の使用", Kind.CHOICE, width=10, choices=YES_NO_CHOICES),
            Column(
                "card_auth", "マイナンバーカードによる本人確認", Kind.CHOICE, width=12, choices=YES_NO_CHOICES
            ),
            Column(
                "backoffice",
                "基幹システムとの連携",
                Kind.CHOICE,
                width=22,
                choices=tuple((code, label) for code, label in BACKOFFICE_LABELS.items() if code),
            ),
            Column("online_since", "オンライン化の時期", Kind.DATE, width=17),
            Column("notes", "備考", Kind.TEXT, width=30, max_length=1000),
            Column("category", "分類（本町独自の手続のみ）", Kind.TEXT, width=16, max_length=50),
            Column("retired", "廃止（本町独自の手続のみ）", Kind.FLAG, width=10),
            Column("in_31", "31手続", Kind.FLAG, width=8, computed=True),
            Column("in_58_class", "58手続の区分", Kind.TEXT, width=8, computed=True),
            Column("list_version", "手続一覧の版", Kind.TEXT, width=24, max_length=100),
        ),
        "行政手続のオンライン化の状況（1手続1行）：国の一覧（31手続・58手続のうち掲載分）の全手続と本町独自の手続。"
        "コードは国の一覧のコード（P31-01など）または本町独自の手続のコード（T-001など）。"
        "予定年度は年度の開始年（西暦、例：令和6年度は2024）",
    ),
    SheetLayout(
        PROCEDURE_USAGE,
        (
            LG_CODE,
            Column("code", "コード", Kind.TEXT, width=10, required=True, max_length=20),
            Column("name", "手続名", Kind.TEXT, width=40, computed=True),
            Column(
                "fiscal_year",
                "年度（西暦）",
                Kind.INT,
                width=10,
                required=True,
                minimum=FISCAL_YEAR_MIN,
                maximum=FISCAL_YEAR_MAX,
            ),
            Column("fiscal_year_label", "年度（和暦）", Kind.TEXT, width=12, computed=True),
            Column("total", "手続総件数（単位：件）", Kind.COUNT, width=14),
            Column("online", "うちオンライン件数（単位：件）", Kind.COUNT, width=14),
            Column("rate", "オンライン利用率（単位：％）", Kind.RATE, width=12, computed=True),
        ),
        "行政手続の年度ごとの件数（1手続・1年度1行）：手続総件数とうちオンライン件数。"
        "オンライン利用率はうちオンライン件数÷手続総件数（小数第2位を四捨五入、総件数0件は空欄）",
        landscape=False,
    ),
)
PROCEDURE_LAYOUT = {layout.name: layout for layout in PROCEDURE_SHEETS}


def layout_markdown() -> str:
    """The format as documented in ``docs/excel_layout.md`` (a test keeps the file in step)."""
    lines = [
        "# 都道府県提出用Excel（DX推進状況報告）の列の構成",
        "",
        "このファイルは `forms/excel/layout.py` から作られています（`layout_markdown()`）。",
        "手で編集せず、列を変えたときは作り直してください。",
        "",
        "- 表紙：A列に項目名、B列に内容（4行目から）。",
        "- データのシート：1行目が見出し、2行目からデータ。A列は必ず団体コード（先頭の0を含む6桁の文字列）。",
        '- 日付は日付の値（表示形式 `[$-411]ggge"年"m"月"d"日"`）、年月は各月1日の日付。',
        "- 「自動計算」の列はアプリが計算した値（数式ではありません）。取り込み時は無視します。",
        "",
        "| シート | 列 | 見出し | 値 |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {sheet} | {letter} | {header} | {kind} |" for sheet, letter, header, kind in layout_table()]
    return "\n".join(lines) + "\n"


def layout_table() -> list[tuple[str, str, str, str]]:
    """(sheet, column letter, header, kind) for every column: the documentation of the format."""
    rows = [
        (COVER_SHEET, f"B{COVER_FIRST_ROW + i}", c.header, c.kind.value) for i, c in enumerate(COVER_FIELDS)
    ]
    for layout in (*ISSUANCE_SHEETS, *PROCEDURE_SHEETS):
        for number, column in enumerate(layout.columns, start=1):
            kind = column.kind.value + ("（自動計算）" if column.computed else "")
            rows.append((layout.name, column_letter(number), column.header, kind))
    return rows
