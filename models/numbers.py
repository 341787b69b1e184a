"""Numbers as the town's tables show them: rates, percentage points and counts.

Rates follow the 総務省 tables: a percentage rounded **half up** (四捨五入) to 0.1, never
float or banker's rounding. Rates are computed exactly from the integer counts (as
fractions), so 1451 / 2000 = 72.55% is 72.6% and no binary float sits in between.
Rate changes are percentage points between the *displayed* (rounded) rates, so the
printed figures add up: 72.6% → 76.3% is 「+3.7ポイント」.

Sign convention for points: 「+」 (ASCII plus) for a rise, 「−」 (U+2212 MINUS SIGN) for a
fall, 「±」 for no change; a different negative mark (e.g. 「▲」) can be asked for.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction

from models.errors import ValidationError

__all__ = [
    "MINUS_SIGN",
    "NOT_AVAILABLE",
    "Number",
    "format_count",
    "format_points",
    "format_rate",
    "parse_count",
    "point_change",
    "rate",
    "round_half_up",
]

#: A value accepted as a number: ints and Decimals exactly; strings are parsed
#: (full-width digits and thousands separators allowed); floats via ``str()``.
Number = int | Decimal | str | float

#: Shown where a rate cannot be computed (denominator 0) or a value is missing.
NOT_AVAILABLE = "－"
#: Minus sign used when formatting negative point changes.
MINUS_SIGN = "\u2212"

_MINUS_MARKS = "-\u2212\u2010\u2011\u2012\u2013\u2014\uff0d\u30fc▲△"


def _to_fraction(value: Number) -> Fraction:
    """Exact value of ``value``; a float goes through its shortest repr (2.675 → 2.675)."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a number here")
    if isinstance(value, int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(Decimal(str(value)))
    if isinstance(value, str):
        return Fraction(_parse_decimal_text(value))
    raise TypeError(f"not a number: {value!r}")


def _parse_decimal_text(text: str) -> Decimal:
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"[\s,]", "", s)
    if s and s[0] in _MINUS_MARKS:
        s = "-" + s[1:]
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
        raise ValidationError("数値として読み取れません", detail=text)
    return Decimal(s)


def _decimal_half_up(value: Fraction, places: int) -> Decimal:
    """Round an exact fraction half up (away from zero on a tie) to ``places`` decimals."""
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    scaled = abs(value) * 10**places
    rounded = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    sign = 1 if value < 0 and rounded else 0
    digits = tuple(int(c) for c in str(rounded))
    return Decimal((sign, digits, -places))


def round_half_up(value: Number, places: int = 1) -> Decimal:
    """四捨五入 to ``places`` decimals: 72.55 → 72.6, 72.45 → 72.5, −72.55 → −72.6.

    Ties go away from zero. A float is read through ``str()`` so 2.675 (places=2) gives
    2.68, not the 2.67 that ``round()`` gives. The result always has exactly ``places``
    decimals (``round_half_up(3, 1) == Decimal("3.0")``).
    """
    return _decimal_half_up(_to_fraction(value), places)


def rate(numerator: Number, denominator: Number, *, places: int = 1) -> Decimal | None:
    """Percentage ``numerator / denominator × 100`` rounded half up to ``places`` decimals.

    Computed exactly (rate(1451, 2000) is 72.55% → Decimal("72.6")). Returns ``None`` when
    the denominator is zero (nothing to divide by: show :data:`NOT_AVAILABLE`).
    """
    den = _to_fraction(denominator)
    if den == 0:
        return None
    return _decimal_half_up(_to_fraction(numerator) * 100 / den, places)


def format_rate(value: Number | None, *, places: int = 1) -> str:
    """「72.6%」; ``None`` (rate not computable) gives 「－」."""
    if value is None:
        return NOT_AVAILABLE
    return f"{round_half_up(value, places):,.{places}f}%"


def point_change(old_rate: Number, new_rate: Number, *, places: int = 1) -> Decimal:
    """Change in percentage points, ``new − old``, between the rates as displayed.

    Both rates are first rounded half up to ``places`` decimals, so the result matches
    what a reader computes from the printed table (72.6 → 76.3 is +3.7).
    """
    return round_half_up(new_rate, places) - round_half_up(old_rate, places)


def format_points(delta: Number | None, *, places: int = 1, negative_sign: str = MINUS_SIGN) -> str:
    """「+3.7ポイント」, 「−1.2ポイント」, 「±0.0ポイント」; ``None`` gives 「－」.

    ``delta`` is rounded half up to ``places`` decimals first; a value that rounds to
    zero is 「±0.0ポイント」. ``negative_sign="▲"`` gives the 「▲1.2ポイント」 style.
    """
    if delta is None:
        return NOT_AVAILABLE
    value = round_half_up(delta, places)
    if value == 0:
        sign = "±"
    elif value > 0:
        sign = "+"
    else:
        sign = negative_sign
    return f"{sign}{abs(value):,.{places}f}ポイント"


def format_count(n: int | None) -> str:
    """「1,234」 with thousands separators; negative numbers use ASCII 「-」; ``None`` → 「－」."""
    if n is None:
        return NOT_AVAILABLE
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"a count must be an int, got {n!r}")
    return f"{n:,}"


def parse_count(text: str, *, field: str = "", maximum: int | None = None) -> int:
    """Read a count (0 or more) as typed or pasted: 「1,234」, 「１，２３４」, 「 12 」.

    Rejects empty text, negatives, decimals and anything else with a Japanese message
    (:class:`~models.errors.ValidationError`, ``field`` set). ``maximum`` adds an upper bound.
    """
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s", "", s)
    if not s:
        raise ValidationError("数値を入力してください", field=field)
    if s[0] in _MINUS_MARKS:
        raise ValidationError(
            "0以上の整数で入力してください（負の数は入力できません）", field=field, detail=text
        )
    if s.startswith("+"):
        s = s[1:]
    if not re.fullmatch(r"\d{1,3}(,\d{3})*|\d+(\.\d*)?|\d{1,3}(,\d{3})*\.\d*", s):
        raise ValidationError("0以上の整数を数字で入力してください", field=field, detail=text)
    if "." in s:
        raise ValidationError(
            "0以上の整数で入力してください（小数は入力できません）", field=field, detail=text
        )
    value = int(s.replace(",", ""))
    if maximum is not None and value > maximum:
        raise ValidationError(
            f"{format_count(maximum)}以下の整数で入力してください", field=field, detail=text
        )
    return value
