"""Read-only national lists shipped in ``resources/catalog/`` (see SOURCES.md there).

The lists are copied from the 総務省 source documents. They are data, not code: a later
version of a list replaces the CSV file, and entries are identified by stable codes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from models.resources import resource_path


@dataclass(frozen=True)
class Prefecture:
    code: str  # JIS X 0401, two digits with the leading zero
    name: str


def read_catalog_csv(filename: str) -> list[dict[str, str]]:
    """Rows of one catalogue CSV (UTF-8, header row) as dictionaries."""
    with resource_path("catalog", filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def prefectures() -> tuple[Prefecture, ...]:
    """The 47 prefectures in JIS code order."""
    return tuple(Prefecture(row["code"], row["name"]) for row in read_catalog_csv("prefectures.csv"))


def prefecture_by_code(code: str) -> Prefecture | None:
    """The prefecture for a two-digit code, or None when there is none."""
    for pref in prefectures():
        if pref.code == code:
            return pref
    return None
