"""Reading one cell of an imported workbook as the layout says it must be.

``read_cell`` turns an openpyxl cell into the stored value of its column (choice label →
code, 〇 → True, real date → ``date``…) or raises ``CellValueError`` with the Japanese reason
the user sees next to the sheet and cell. Strict on purpose: text in a number cell, a date
typed as text or a number where the 団体コード belongs are rejected, not guessed.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from forms.excel.layout import FLAG_MARK, FLAG_MARKS_ACCEPTED, LINE_SEPARATOR, Column, Kind

MIN_DATE = date(1900, 3, 1)  # Excel's serial dates are unreliable before this
MAX_DATE = date(2199, 12, 31)
HOURS_PLACES = 2


class CellValueError(Exception):
    """The cell's value does not fit its column; ``reason`` is shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def empty_value(column: Column) -> Any:
    """The stored value of an empty cell."""
    if column.kind is Kind.FLAG:
        return False
    if column.kind is Kind.LINES:
        return ()
    if column.kind in (Kind.TEXT, Kind.LG_CODE, Kind.CHOICE):
        return ""
    return None


def read_cell(column: Column, value: Any, data_type: str) -> Any:
    """The stored value of one cell; raises ``CellValueError`` with a Japanese reason."""
    if data_type == "f":
        raise CellValueError("数式は受け付けません。計算結果の値を入力してください。")
    if data_type == "e":
        raise CellValueError(f"エラー値「{value}」が入っています。正しい値を入力してください。")
    if is_blank(value):
        if column.required:
            raise CellValueError("必須の項目が空欄です。値を入力してください。")
        return empty_value(column)
    kind = column.kind
    if kind is Kind.LG_CODE:
        return _lg_code(value)
    if kind in (Kind.TEXT, Kind.LINES):
        return _text(column, value)
    if kind in (Kind.COUNT, Kind.INT):
        return _count(column, value)
    if kind in (Kind.HOURS, Kind.RATE):
        return _decimal(column, value)
    if kind in (Kind.DATE, Kind.MONTH):
        return _date(column, value)
    if kind is Kind.CHOICE:
        return _choice(column, value)
    if kind is Kind.FLAG:
        return _flag(value)
    raise AssertionError(f"unknown kind {kind}")


def describe(value: Any) -> str:
    """How a wrong value is named in a reason: 「文字列「abc」」, 「数値 12」, 「日付」."""
    if isinstance(value, bool):
        return f"真偽値「{'TRUE' if value else 'FALSE'}」"
    if isinstance(value, datetime | date):
        return f"日付（{value:%Y/%m/%d}）"
    if isinstance(value, int | float | Decimal):
        return f"数値「{value}」"
    text = str(value)
    if len(text) > 20:
        text = text[:20] + "…"
    return f"文字列「{text}」"


def _lg_code(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellValueError(
            f"団体コードが数値（{value:g}）になっています。先頭の0を含む6桁の文字列で入力してください。"
        )
    raise CellValueError(f"団体コードではありません（{describe(value)}）。")


def _text(column: Column, value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise CellValueError(f"文字列で入力してください（{describe(value)}が入っています）。")
    if column.kind is Kind.LINES:
        lines = tuple(line.strip() for line in value.replace("\r\n", "\n").split(LINE_SEPARATOR))
        lines = tuple(line for line in lines if line)
        for line in lines:
            if len(line) > column.max_length:
                raise CellValueError(
                    f"1行{column.max_length}文字以内で入力してください（{len(line)}文字の行があります）。"
                )
        return lines
    if len(value) > column.max_length:
        raise CellValueError(f"{column.max_length}文字以内で入力してください（{len(value)}文字）。")
    return value


def _number(value: Any, what: str) -> int | float:
    if isinstance(value, bool):
        raise CellValueError(f"{what}で入力してください（{describe(value)}が入っています）。")
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        raise CellValueError(f"日付になっています。{what}で入力してください。")
    raise CellValueError(
        f"数値ではありません（{describe(value)}）。{what}を半角の数値として入力してください。"
    )


def _count(column: Column, value: Any) -> int:
    number = _number(value, "整数")
    if isinstance(number, float):
        if not number.is_integer():
            raise CellValueError(f"小数（{number:g}）は入力できません。整数で入力してください。")
        number = int(number)
    low, high = int(column.minimum), int(column.maximum)
    if number < low:
        if low == 0:
            raise CellValueError(f"負の数（{number:,}）は入力できません。0以上の整数で入力してください。")
        raise CellValueError(f"{low:,}以上の整数で入力してください（{number:,}が入っています）。")
    if number > high:
        raise CellValueError(f"{high:,}以下の整数で入力してください（{number:,}が入っています）。")
    return number


def _decimal(column: Column, value: Any) -> Decimal:
    number = _number(value, "数値")
    exact = Decimal(int(number)) if float(number).is_integer() else Decimal(repr(float(number)))
    if column.kind is Kind.RATE:
        return exact
    if exact <= 0 or exact > column.maximum:
        raise CellValueError(
            f"0より大きく{column.maximum}以下の時間数で入力してください（{number:g}が入っています）。"
        )
    if -exact.as_tuple().exponent > HOURS_PLACES:  # type: ignore[operator]
        raise CellValueError(f"時間数は小数第{HOURS_PLACES}位までで入力してください（{number:g}）。")
    return exact


def _date(column: Column, value: Any) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellValueError("日付に時刻が含まれています。日付だけを入力してください。")
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        raise CellValueError(
            f"日付ではありません（{describe(value)}）。日付として入力してください（例：2024/4/1）。"
        )
    else:
        raise CellValueError(
            f"日付ではありません（{describe(value)}）。日付として入力してください（例：2024/4/1）。"
        )
    if not MIN_DATE <= day <= MAX_DATE:
        raise CellValueError(f"日付の範囲外です（{day:%Y/%m/%d}）。")
    if column.kind is Kind.MONTH and day.day != 1:
        raise CellValueError(f"年月は各月の1日の日付で入力してください（{day:%Y/%m/%d}が入っています）。")
    return day


def _choice(column: Column, value: Any) -> str:
    code = column.code_for(value.strip()) if isinstance(value, str) else None
    if code is None:
        shown = value if isinstance(value, str) else describe(value)
        raise CellValueError(
            f"「{shown}」は選択肢にありません。{'／'.join(column.labels)}から選んでください。"
        )
    return code


def _flag(value: Any) -> bool:
    if isinstance(value, str) and value.strip() in FLAG_MARKS_ACCEPTED:
        return True
    shown = value if isinstance(value, str) else describe(value)
    raise CellValueError(
        f"「{shown}」は入力できません。該当する場合は「{FLAG_MARK}」、該当しない場合は空欄にしてください。"
    )
