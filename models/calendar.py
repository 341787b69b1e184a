"""Japanese calendar conventions: 和暦 display and input, 年度 and 四半期, closed days.

Dates are stored as ISO ``date`` values; this module turns them into the 和暦 labels the
town prints (令和元年5月1日, 令和6年度) and reads what staff type back (R6.4.1,
令和6年4月1日, 2024/4/1, full-width digits). 年度 run April to March and are named by
their starting year. Closed days are the 国民の祝日 (from ``jpholiday``) plus 年末年始
(12/29-1/3). Bad input raises :class:`DateParseError` with a Japanese message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from models.errors import ValidationError

__all__ = [
    "ERAS",
    "EXCEL_WAREKI_FORMAT",
    "YEAR_END_CLOSURE_NAME",
    "DateParseError",
    "Era",
    "add_business_days",
    "business_days",
    "count_business_days",
    "era_of",
    "era_year_label",
    "fiscal_year",
    "fiscal_year_end",
    "fiscal_year_label",
    "fiscal_year_months",
    "fiscal_year_start",
    "holiday_name",
    "is_business_day",
    "is_national_holiday",
    "is_year_end_closure",
    "parse_date",
    "parse_fiscal_year",
    "quarter",
    "quarter_label",
    "quarter_months",
    "quarter_range",
    "to_seireki",
    "to_wareki",
    "weekday_label",
]

#: Excel number format that shows a real date cell as 和暦 (Excel and LibreOffice).
EXCEL_WAREKI_FORMAT = '[$-411]ggge"年"m"月"d"日"'
#: Name shown for the 12/29-1/3 closure days that are not 国民の祝日.
YEAR_END_CLOSURE_NAME = "年末年始"
#: Years accepted on input (西暦); anything outside is almost certainly a typo.
MIN_YEAR = 1868
MAX_YEAR = 2199

_WEEKDAYS = "月火水木金土日"


class DateParseError(ValidationError):
    """Text that cannot be read as a date or a 年度."""


@dataclass(frozen=True)
class Era:
    """One Japanese era: its name, Latin initial and first day."""

    name: str
    letter: str
    start: date

    @property
    def offset(self) -> int:
        """Add to the era year to get the 西暦 year (令和: 2018)."""
        return self.start.year - 1


#: Eras, oldest first. 明治 starts on the day of the era change (Gregorian reckoning).
ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 10, 23)),
    Era("大正", "T", date(1912, 7, 30)),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)
_ERA_BY_KEY: dict[str, Era] = {e.name: e for e in ERAS} | {e.letter.lower(): e for e in ERAS}
_ERA_BY_KEY |= {e.name[0]: e for e in ERAS}  # 令6.4.1, 平31.4.30


def era_of(d: date) -> Era:
    """The era in force on ``d``; raises ``ValueError`` before 明治."""
    d = _as_date(d)
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise ValueError(f"date before Meiji: {d.isoformat()}")


def _as_date(d: date) -> date:
    """A ``datetime`` cannot be compared with a ``date``; keep only its date."""
    return d.date() if isinstance(d, datetime) else d


def _next_era(era: Era) -> Era | None:
    index = ERAS.index(era)
    return ERAS[index + 1] if index + 1 < len(ERAS) else None


def _year_text(era_year: int) -> str:
    return "元" if era_year == 1 else str(era_year)


def weekday_label(d: date) -> str:
    """One-character weekday: 月 … 日."""
    return _WEEKDAYS[d.weekday()]


def to_seireki(d: date, *, with_weekday: bool = False) -> str:
    """「2024年4月1日」 (optionally 「2024年4月1日(月)」)."""
    text = f"{d.year}年{d.month}月{d.day}日"
    return f"{text}({weekday_label(d)})" if with_weekday else text


def to_wareki(d: date, *, with_seireki: bool = False, style: str = "long", with_weekday: bool = False) -> str:
    """Format ``d`` as 和暦.

    ``style="long"``: 「令和6年4月1日」, year 1 as 元年; ``with_seireki`` adds the 西暦 year
    (「令和6年(2024年)4月1日」) and ``with_weekday`` the day (「…4月1日(月)」).
    ``style="short"`` for tables: 「R6.4.1」 (year 1 as R1; the options are ignored).
    Dates before 明治 fall back to 西暦.
    """
    if style not in ("long", "short"):
        raise ValueError(f"unknown style: {style!r}")
    d = _as_date(d)
    if d < ERAS[0].start:
        return to_seireki(d, with_weekday=with_weekday)
    era = era_of(d)
    era_year = d.year - era.offset
    if style == "short":
        return f"{era.letter}{era_year}.{d.month}.{d.day}"
    year = f"{era.name}{_year_text(era_year)}年"
    if with_seireki:
        year += f"({d.year}年)"
    text = f"{year}{d.month}月{d.day}日"
    return f"{text}({weekday_label(d)})" if with_weekday else text


def era_year_label(value: date | int, *, with_seireki: bool = False) -> str:
    """「令和6年」 for a date, or for a calendar year (named by the era in force on 12/31,
    so 2019 → 「令和元年」, 1989 → 「平成元年」). ``with_seireki``: 「令和6年(2024年)」."""
    d = _as_date(value) if isinstance(value, date) else date(value, 12, 31)
    era = era_of(d)
    label = f"{era.name}{_year_text(d.year - era.offset)}年"
    return f"{label}({d.year}年)" if with_seireki else label


# --- 年度 and 四半期 -------------------------------------------------------------------


def fiscal_year(d: date) -> int:
    """The 年度 of ``d`` as its starting 西暦 year (2025-03-31 → 2024)."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_start(fy: int) -> date:
    """First day of 年度 ``fy``: April 1."""
    return date(fy, 4, 1)


def fiscal_year_end(fy: int) -> date:
    """年度末 of ``fy``: March 31 of the next calendar year."""
    return date(fy + 1, 3, 31)


def fiscal_year_months(fy: int) -> list[date]:
    """First day of each month of 年度 ``fy``, April to March."""
    return [date(fy + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]


def fiscal_year_label(fy: int, *, with_seireki: bool = False) -> str:
    """「令和6年度」 for 2024; 2019 → 「令和元年度」 (総務省 usage), 1988 → 「昭和63年度」.

    A 年度 takes the era in force on 12/31 of its starting year. ``with_seireki``:
    「令和6年度(2024年度)」.
    """
    label = era_year_label(fy) + "度"
    return f"{label}({fy}年度)" if with_seireki else label


def quarter(d: date) -> int:
    """Fiscal quarter of ``d``: 1 = 4–6月, 2 = 7–9月, 3 = 10–12月, 4 = 1–3月."""
    return (d.month - 4) % 12 // 3 + 1


def _check_quarter(q: int) -> None:
    if q not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, got {q!r}")


def quarter_label(q: int) -> str:
    """「第1四半期」 … 「第4四半期」."""
    _check_quarter(q)
    return f"第{q}四半期"


def quarter_months(q: int) -> tuple[int, int, int]:
    """Calendar months of fiscal quarter ``q`` (1 → (4, 5, 6), 4 → (1, 2, 3))."""
    _check_quarter(q)
    first = (q * 3) % 12 + 1
    return (first, first + 1, first + 2)


def quarter_range(fy: int, q: int) -> tuple[date, date]:
    """First and last day of quarter ``q`` of 年度 ``fy``."""
    months = quarter_months(q)
    year = fy + 1 if q == 4 else fy
    start = date(year, months[0], 1)
    end = date(year + (months[2] == 12), months[2] % 12 + 1, 1) - timedelta(days=1)
    return start, end


# --- input ----------------------------------------------------------------------------

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ー－", "-"))
_ERA_KEYS = "|".join(sorted(_ERA_BY_KEY, key=len, reverse=True))
_SEP_Y = r"(?:年|[./-])"
_SEP_M = r"(?:月|[./-])"
_WAREKI_RE = re.compile(
    rf"(?P<era>{_ERA_KEYS})(?P<y>\d{{1,2}}|元){_SEP_Y}(?P<m>\d{{1,2}}){_SEP_M}(?P<d>\d{{1,2}})日?"
)
_WAREKI_COMPACT_RE = re.compile(rf"(?P<era>{_ERA_KEYS})(?P<y>\d\d)(?P<m>\d\d)(?P<d>\d\d)")
_SEIREKI_RE = re.compile(
    rf"(?P<y>\d{{4}}){_SEP_Y}(?P<m>\d{{1,2}}){_SEP_M}(?P<d>\d{{1,2}})日?"
    r"|(?P<y8>\d{4})(?P<m8>\d\d)(?P<d8>\d\d)"
)
_WEEKDAY_RE = re.compile(rf"\((?P<w>[{_WEEKDAYS}])(?:曜日?)?\)$")
_FY_RE = re.compile(rf"(?:fy)?(?P<y4>\d{{4}})(?:年度?)?|(?P<era>{_ERA_KEYS})(?P<y>\d{{1,2}}|元)(?:年度?)?")
_SEIREKI_NOTE_RE = re.compile(r"年\((?P<y>\d{4})年?\)")
_EXAMPLES = "（例：令和6年4月1日、R6.4.1、2024/4/1）"


def _normalise(text: str) -> str:
    """Full-width → ASCII, ㋿ → 令和, dashes unified, spaces removed, letters lower-cased."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return re.sub(r"\s+", "", text).lower()


def _era_year(era: Era, year_text: str, *, suffix: str, original: str) -> int:
    """西暦 year of 「{era}{year}」; rejects year 0 and years past the era's last year.

    The last year of an era is accepted whole (平成31年12月31日 is common usage);
    a later era year (平成32年) is rejected.
    """
    era_year = 1 if year_text == "元" else int(year_text)
    if era_year == 0:
        message = f"{era.name}0年はありません。元年は「元」または1と入力してください"
        raise DateParseError(message, detail=original)
    following = _next_era(era)
    if following is not None:
        last = following.start - timedelta(days=1)
        if era.offset + era_year > following.start.year:
            raise DateParseError(
                f"{era.name}{era_year}{suffix}は存在しません（{era.name}は{to_seireki(last)}まで）",
                detail=original,
            )
    return era.offset + era_year


def _check_year_range(year: int, original: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(f"{year}年は範囲外です（{MIN_YEAR}年〜{MAX_YEAR}年）", detail=original)


def _make_date(year: int, month: int, day: int, shown: str, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateParseError(f"{shown}は存在しない日付です", detail=original) from None


def parse_date(text: str, *, field: str = "") -> date:
    """Read a date typed in 和暦 or 西暦.

    Accepts 「令和6年4月1日」「令和6年(2024年)4月1日」「R6.4.1」「r6/4/1」「令6.4.1」「R060401」「2024/4/1」
    「2024-04-01」「2024年4月1日」「20240401」, full-width digits and spaces, and a
    trailing weekday 「(月)」 (checked). Both eras at a boundary: 平成31年5月1日 is read
    as 令和元年5月1日; 令和元年4月1日 and 平成32年 are rejected.
    """
    original = text
    s = _normalise(text)
    if not s:
        raise DateParseError("日付を入力してください", field=field)
    weekday = _WEEKDAY_RE.search(s)
    if weekday:
        s = s[: weekday.start()]
    seireki_note = _SEIREKI_NOTE_RE.search(s)  # 「令和6年(2024年)4月1日」, as 西暦併記 displays it
    if seireki_note:
        s = s[: seireki_note.start()] + "年" + s[seireki_note.end() :]
    try:
        result = _parse_normalised(s, original)
    except DateParseError as exc:
        exc.field = field
        raise
    if seireki_note and int(seireki_note["y"]) != result.year:
        raise DateParseError(
            f"和暦と西暦の年が一致しません（{to_wareki(result)}は{result.year}年です）",
            field=field,
            detail=original,
        )
    if weekday and weekday["w"] != weekday_label(result):
        raise DateParseError(
            f"{to_seireki(result)}は{weekday_label(result)}曜日です（{weekday['w']}曜日ではありません）",
            field=field,
            detail=original,
        )
    return result


def _parse_normalised(s: str, original: str) -> date:
    match = _WAREKI_RE.fullmatch(s) or _WAREKI_COMPACT_RE.fullmatch(s)
    if match:
        era = _ERA_BY_KEY[match["era"]]
        month, day = int(match["m"]), int(match["d"])
        year = _era_year(era, match["y"], suffix="年", original=original)
        shown = f"{era.name}{_year_text(year - era.offset)}年{month}月{day}日"
        result = _make_date(year, month, day, shown, original)
        if result < era.start:
            raise DateParseError(
                f"{shown}は存在しません（{era.name}は{to_seireki(era.start)}から）",
                detail=original,
            )
        return result
    match = _SEIREKI_RE.fullmatch(s)
    if match:
        year = int(match["y"] or match["y8"])
        month, day = int(match["m"] or match["m8"]), int(match["d"] or match["d8"])
        _check_year_range(year, original)
        return _make_date(year, month, day, f"{year}年{month}月{day}日", original)
    message = f"日付として読み取れません：「{original.strip()}」{_EXAMPLES}"
    raise DateParseError(message, detail=original)


def parse_fiscal_year(text: str, *, field: str = "") -> int:
    """Read a 年度 as its starting 西暦 year: 「令和6年度」「R6」「令和元年度」「2024」
    「2024年度」「FY2024」. 平成31年度 is read as 2019 (= 令和元年度); 平成32年度 is rejected."""
    original = text
    s = _normalise(text)
    if not s:
        raise DateParseError("年度を入力してください", field=field)
    match = _FY_RE.fullmatch(s)
    if not match:
        raise DateParseError(
            f"年度として読み取れません：「{original.strip()}」（例：令和6年度、R6、2024）",
            field=field,
            detail=original,
        )
    try:
        if match["y4"]:
            year = int(match["y4"])
        else:
            era = _ERA_BY_KEY[match["era"]]
            year = _era_year(era, match["y"], suffix="年度", original=original)
        _check_year_range(year, original)
    except DateParseError as exc:
        exc.field = field
        raise
    return year


# --- closed days ----------------------------------------------------------------------


def is_national_holiday(d: date) -> bool:
    """国民の祝日 (including 振替休日 and 国民の休日), per ``jpholiday``."""
    import jpholiday  # on first use: the window does not need it to appear

    return bool(jpholiday.is_holiday(d))


def is_year_end_closure(d: date) -> bool:
    """年末年始 closure of the town hall: December 29 to January 3."""
    return (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3)


@lru_cache(maxsize=8192)  # about 22 years of days: capacity checks ask for each day many times
def is_business_day(d: date) -> bool:
    """Open day of the town hall: Monday–Friday, not a 祝日, not 年末年始."""
    return d.weekday() < 5 and not is_national_holiday(d) and not is_year_end_closure(d)


def holiday_name(d: date) -> str | None:
    """Name of the 祝日 on ``d`` (「元日」「振替休日」…), 「年末年始」 on other closure days,
    else ``None``. Weekends without a holiday give ``None``."""
    import jpholiday

    name = jpholiday.is_holiday_name(d)
    if name:
        return str(name)
    return YEAR_END_CLOSURE_NAME if is_year_end_closure(d) else None


def business_days(start: date, end: date) -> list[date]:
    """Business days from ``start`` to ``end`` inclusive (empty if ``end < start``)."""
    days = (end - start).days
    return [d for d in (start + timedelta(days=i) for i in range(days + 1)) if is_business_day(d)]


def count_business_days(start: date, end: date) -> int:
    """Number of business days from ``start`` to ``end`` inclusive."""
    return len(business_days(start, end))


def add_business_days(start: date, n: int) -> date:
    """The ``n``-th business day after ``start`` (before it if ``n`` is negative).

    ``n == 0`` returns ``start`` itself if it is a business day, else the next one.
    """
    step = timedelta(days=-1 if n < 0 else 1)
    d = start
    if n == 0:
        while not is_business_day(d):
            d += step
        return d
    remaining = abs(n)
    while remaining:
        d += step
        if is_business_day(d):
            remaining -= 1
    return d
