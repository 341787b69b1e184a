"""The demo town's checklist: みどり町 (fictional, about 15,000 residents).

``resources/demo/demo_procedures.json`` holds what differs from the defaults: the town's own
procedure (「町営住宅の入居申込」), the answers (each a ``ProcedureStatus``'s fields; entries
not listed keep their default answer) and the figures of 令和3–5年度 (code → 年度 →
[手続総件数, うちオンライン件数]). The story: most 子育て procedures went online through
ぴったりサービス in 2022 (a few through 汎用電子申請), 介護 only partly (the rest planned
after the move to the standardised systems, 令和8–9年度; one planned for 令和5年度 slipped), a few
31-list procedures are still 未定 (so the 令和4年度末 alert shows), the 4 自動車保有 are
対象外 and 罹災証明書 is online. Online shares grow year by year.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from typing import Any

from models.procedures.catalogue import default_status, national_catalogue
from models.procedures.records import CatalogueEntry, Checklist, ProcedureStatus, UsageFigures
from models.resources import resource_path

__all__ = ["DEMO_FILE", "demo_checklist"]

DEMO_FILE = "demo_procedures.json"
FORMAT = 1
_STATUS_FIELDS = {f.name for f in fields(ProcedureStatus)}


def _status(data: dict[str, Any]) -> ProcedureStatus:
    values = {name: value for name, value in data.items() if name in _STATUS_FIELDS}
    if values.get("online_since"):
        values["online_since"] = date.fromisoformat(values["online_since"])
    return ProcedureStatus(**values)


def demo_checklist() -> Checklist:
    """The demo checklist as ``create_demo`` stores it (national list + the town's own)."""
    data = json.loads(resource_path("demo", DEMO_FILE).read_text(encoding="utf-8"))
    if int(data.get("format", 0)) != FORMAT:
        raise ValueError(f"{DEMO_FILE}: unknown format {data.get('format')!r}")
    town = tuple(
        CatalogueEntry(code=t["code"], name=t["name"], category=t.get("category", ""), origin="town")
        for t in data["town_procedures"]
    )
    catalogue = national_catalogue() + town
    answers = {s["code"]: _status(s) for s in data["statuses"]}
    statuses = tuple(answers.get(e.code) or default_status(e) for e in catalogue)
    usage = tuple(
        UsageFigures(code=code, fiscal_year=int(year), total=pair[0], online=pair[1])
        for code, years in data["usage"].items()
        for year, pair in years.items()
    )
    return Checklist(catalogue=catalogue, statuses=statuses, usage=usage)
