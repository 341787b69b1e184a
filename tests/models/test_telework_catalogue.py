"""The 10 steps verbatim and the national telework statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models.catalog import read_catalog_csv
from models.telework.catalogue import (
    adoption_figures,
    distribution,
    national_figures,
    non_adoption_figures,
    reason_code,
    step_by_no,
    telework_steps,
)
from models.telework.records import NON_ADOPTION_REASON_LABELS, PHASE_LABELS

STEP_NAMES = [
    "推進体制の構築",
    "実態把握・課題整理",
    "環境整備（ハード面・ソフト面）",
    "試行",
    "検証",
    "全体の実態把握・課題整理",
    "導入目的・対象者の明確化",
    "当面の推進方針決定",
    "環境整備（ハード面・ソフト面）",
    "本格実施・中長期の展望検討",
]


def test_ten_steps_verbatim_in_order() -> None:
    steps = telework_steps()
    assert [s.no for s in steps] == list(range(1, 11))
    assert [s.name for s in steps] == STEP_NAMES
    assert [s.phase_label for s in steps] == ["試行"] * 5 + ["本格実施"] * 5
    assert set(PHASE_LABELS.values()) == {"試行", "本格実施"}


def test_steps_3_and_9_share_a_name_but_not_a_number() -> None:
    three, nine = step_by_no(3), step_by_no(9)
    assert three is not None and nine is not None
    assert three.name == nine.name and three.phase != nine.phase
    assert step_by_no(11) is None


def test_distributions_with_as_of() -> None:
    ready = distribution("ready_share")
    assert [f.item for f in ready] == [
        "0％以上30％未満",
        "30％以上50％未満",
        "50％以上80％未満",
        "80％以上",
        "不明",
    ]
    assert [f.share_pct for f in ready] == [Decimal(v) for v in ("22.3", "15.0", "15.2", "20.0", "27.6")]
    assert all(f.as_of == date(2021, 10, 1) and not f.as_of_uncertain for f in ready)
    usage = distribution("usage_rate")
    assert [f.bodies for f in usage] == [498, 40, 29, 20, 329]


def test_adoption_figures() -> None:
    towns = [f for f in adoption_figures() if f.item == "市区町村"]
    assert {(f.as_of, f.bodies, f.share_pct) for f in towns} == {
        (date(2021, 10, 1), 849, Decimal("49.3")),
        (date(2020, 10, 1), 342, Decimal("19.9")),
    }


def test_non_adoption_reasons_verbatim_with_codes() -> None:
    figures = non_adoption_figures()
    assert [f.item for f in figures] == list(NON_ADOPTION_REASON_LABELS.values())
    assert all(f.as_of == date(2021, 10, 1) and f.as_of_uncertain for f in figures)
    assert figures[0].share_pct == Decimal("89.4")
    assert reason_code("導入コストがかかる") == "cost"
    assert reason_code("その他") is None
    csv_labels = [
        r["item"] for r in read_catalog_csv("telework_stats.csv") if r["metric_key"] == "non_adoption_reason"
    ]
    assert csv_labels == list(NON_ADOPTION_REASON_LABELS.values())


def test_guide_rate_has_no_date() -> None:
    guide = [f for f in national_figures() if f.metric_key == "adoption_rate_guide"]
    assert len(guide) == 2 and all(f.as_of is None for f in guide)
