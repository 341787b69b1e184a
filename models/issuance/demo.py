"""The demo town's plan: みどり町 (fictional, about 15,000 residents), R2.10 – R4年度末.

The figures (``resources/demo/demo_issuance.json``, in the snapshot format of
:mod:`models.issuance.codec`) follow the national curve of 2020–2022 scaled to the town:
applications peak at the マイナポイント deadlines (2021-03, 2022-09) and issuance follows
one to three months later. The plan expected the March 2021 applications (boosted by the
town's 商品券) to be issued in May, after the 臨時交付窓口 had closed, so May 2021 (with
ゴールデンウィーク) shows a capacity shortfall — the case the capacity check is for.
Actual figures run to 2022-09.
"""

from __future__ import annotations

import json

from models.issuance.codec import plan_from_dict
from models.issuance.records import IssuancePlan
from models.resources import resource_path

DEMO_FILE = "demo_issuance.json"


def demo_plan() -> IssuancePlan:
    """The demo plan as stored by ``create_demo`` (windows carry ids 1–3 for the openings)."""
    return plan_from_dict(json.loads(resource_path("demo", DEMO_FILE).read_text(encoding="utf-8")))
