"""The demo town's telework rollout: みどり町 (fictional, 一般行政職員 132人).

``resources/demo/demo_telework.json`` holds the plan. The story: ①–④ were completed in
令和3–4年度 (推進チームの設置, 職員アンケート, 画面転送方式の端末20台と「みどり町テレワーク実施要領」,
総務課・企画課・税務課での試行), each with the documents that evidence it; ⑤検証 is 実施中 and
⑥–⑧ are planned after it. 在宅勤務 and モバイルワーク are adopted. Staff able to telework
grow 40 → 55 → 70 and users 12 → 25 → 38 over 令和3–5年度; the target work runs from
会議資料の作成 (導入しやすい) to 窓口・現場 (難しい); expenses are spread over the eligible types.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from models.resources import resource_path
from models.telework.catalogue import telework_steps
from models.telework.records import (
    Environment,
    Evidence,
    Expense,
    Rules,
    StaffFigures,
    StepProgress,
    TargetWork,
    TeleworkPlan,
)

__all__ = ["DEMO_FILE", "demo_plan"]

DEMO_FILE = "demo_telework.json"
FORMAT = 1
_DATES = ("planned_start", "planned_end", "actual_start", "actual_end")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _progress(data: dict[str, Any]) -> StepProgress:
    values = {k: v for k, v in data.items() if k != "evidence"}
    for name in _DATES:
        values[name] = _date(values.get(name))
    evidence = tuple(
        Evidence(e["name"], e.get("document_no", ""), _date(e.get("issued")))
        for e in data.get("evidence", ())
    )
    return StepProgress(**values, evidence=evidence)


def demo_plan() -> TeleworkPlan:
    """The demo plan as ``create_demo`` stores it (every step, ⑨–⑩ still 未着手)."""
    data = json.loads(resource_path("demo", DEMO_FILE).read_text(encoding="utf-8"))
    if int(data.get("format", 0)) != FORMAT:
        raise ValueError(f"{DEMO_FILE}: unknown format {data.get('format')!r}")
    steps = telework_steps()
    given = {p.step_no: p for p in map(_progress, data["progress"])}
    env, rules = data["environment"], data["rules"]
    return TeleworkPlan(
        steps=steps,
        progress=tuple(given.get(s.no) or StepProgress(s.no) for s in steps),
        adopted=bool(data["adopted"]),
        forms=tuple(data["forms"]),
        environment=Environment(
            methods=tuple(env["methods"]), terminals=env["terminals"], authentication=env["authentication"]
        ),
        rules=Rules(
            guidelines_adopted=_date(rules["guidelines_adopted"]),
            service_rules_adopted=_date(rules["service_rules_adopted"]),
        ),
        staff=tuple(StaffFigures(**s) for s in data["staff"]),
        target_work=tuple(TargetWork(**w) for w in data["target_work"]),
        non_adoption_reasons=tuple(data["non_adoption_reasons"]),
        expenses=tuple(Expense(**e) for e in data["expenses"]),
    )
