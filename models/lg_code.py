"""全国地方公共団体コード (JIS X 0402): 6 digits = prefecture (2) + body (3) + check digit.

Check digit: ``S = 6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5``; ``check = (11 − S mod 11) mod 10``.
The 5-digit form without the check digit is accepted on input and completed.
"""

from __future__ import annotations

import unicodedata

from models.catalog import Prefecture, prefecture_by_code
from models.errors import ValidationError

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    """The check digit for the first five digits of a 団体コード."""
    total = sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, first_five, strict=True))
    return (11 - total % 11) % 10


def normalize_lg_code(text: str, *, field: str = "lg_code") -> str:
    """Validate a 団体コード as typed and return its 6-digit form.

    Full-width digits and surrounding spaces are accepted; a 5-digit entry gets its check
    digit appended. Raises ``ValidationError`` with a Japanese message otherwise.
    """
    digits = unicodedata.normalize("NFKC", text).strip().replace("-", "")
    if not digits:
        raise ValidationError("団体コードを入力してください。", field=field)
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError("団体コードは数字で入力してください（例：033227）。", field=field)
    if len(digits) not in (5, 6):
        raise ValidationError(
            f"団体コードは6桁（検査数字を除く5桁でも可）です。入力は{len(digits)}桁です。",
            field=field,
        )
    if prefecture_by_code(digits[:2]) is None:
        raise ValidationError(
            f"団体コードの先頭2桁「{digits[:2]}」は都道府県コード（01〜47）ではありません。",
            field=field,
        )
    expected = check_digit(digits[:5])
    if len(digits) == 5:
        return digits + str(expected)
    if int(digits[5]) != expected:
        raise ValidationError(
            f"団体コードの検査数字が合いません（{digits[:5]}の検査数字は{expected}です）。",
            field=field,
        )
    return digits


def prefecture_of(code: str) -> Prefecture | None:
    """The prefecture a (valid) 団体コード belongs to."""
    return prefecture_by_code(code[:2]) if len(code) >= 2 else None
