"""Benchmark 交付率 printed beside the town's rate: 町村平均, the town's prefecture and 全国.

Read from ``resources/catalog/issuance_reference.csv`` (総務省「マイナンバーカードの交付
状況」, seed figures; see SOURCES.md there): the 団体区分 rows (``kubun``) for 全国 and the
town's 区分, the 47 prefectures (``pref47``) by name. The prefecture is found from the first
two digits of the 団体コード.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from models.calendar import to_wareki
from models.catalog import prefecture_by_code, read_catalog_csv
from models.issuance.records import ReferenceRate

REFERENCE_FILE = "issuance_reference.csv"
SOURCE_TITLE = "総務省「マイナンバーカードの交付状況」"
#: 団体区分 (TownProfile.kind) → the kubun row compared with, and its printed label.
KIND_ROWS = {
    "machi": ("町村", "町村平均"),
    "mura": ("町村", "町村平均"),
    "shi": ("市(政令指定都市を除く)", "市平均"),
    "ku": ("特別区", "特別区平均"),
}


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    return tuple(read_catalog_csv(REFERENCE_FILE))


def _rate(row: dict[str, str], label: str) -> ReferenceRate:
    as_of = date.fromisoformat(row["issued_as_of"])
    return ReferenceRate(
        label=label,
        rate=Decimal(row["rate_pct"]),
        as_of=as_of,
        source=f"{SOURCE_TITLE}（{to_wareki(as_of)}現在）",
    )


def prefecture_name(lg_code: str) -> str:
    """「岩手県」 for 039993; "" when the code names no prefecture."""
    pref = prefecture_by_code(lg_code[:2]) if len(lg_code) >= 2 else None
    return pref.name if pref else ""


def reference_rates(lg_code: str, kind: str = "machi") -> list[ReferenceRate]:
    """町村平均 (or the town's 区分), its prefecture and 全国, in that order.

    Rows missing from the CSV are left out (a town without a valid code gets no
    prefecture line).
    """
    rows = _rows()
    found: list[ReferenceRate] = []
    kubun_name, kubun_label = KIND_ROWS.get(kind, KIND_ROWS["machi"])
    for row in rows:
        if row["table"] == "kubun" and row["name"] == kubun_name:
            found.append(_rate(row, kubun_label))
            break
    pref = prefecture_name(lg_code)
    for row in rows:
        if pref and row["table"] == "pref47" and row["name"] == pref:
            found.append(_rate(row, pref))
            break
    for row in rows:
        if row["table"] == "kubun" and row["name"] == "全国":
            found.append(_rate(row, "全国"))
            break
    return found


def sources(references: list[ReferenceRate]) -> list[str]:
    """The distinct source texts of ``references``, in order (one 出典 line each)."""
    seen: list[str] = []
    for ref in references:
        if ref.source and ref.source not in seen:
            seen.append(ref.source)
    return seen
