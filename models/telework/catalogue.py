"""The 10 steps of the 手引き and the national telework statistics (read-only catalogue).

``telework_steps()`` reads ``resources/catalog/telework_steps.csv``: names verbatim without
the circled numbers, phase ①–⑤ 試行 and ⑥–⑩ 本格実施 (the phase is inferred from the slide
layout; steps ③ and ⑨ share the name 環境整備（ハード面・ソフト面）, so steps are keyed by
number, never by name).

``telework_stats.csv`` gives the national figures (令和3年10月1日現在): adoption by 団体区分,
the distributions of 実施可能な職員の割合 and 利用率 over the survey buckets among the 916
導入団体, and the top reasons not yet adopted. The survey date of the reasons' percentages
is uncertain (the slide's footnote says they are from the previous survey): such rows carry
``as_of_uncertain`` and the Japanese caveat :data:`NON_ADOPTION_DATE_NOTE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from models.catalog import read_catalog_csv
from models.telework.records import (
    NON_ADOPTION_REASON_LABELS,
    PHASE_FULL,
    PHASE_LABELS,
    PHASE_TRIAL,
    TeleworkStep,
)

__all__ = [
    "BUCKETS",
    "NON_ADOPTION_DATE_NOTE",
    "STATS_FILE",
    "STEPS_FILE",
    "UNKNOWN_BUCKET",
    "NationalFigure",
    "adoption_figures",
    "distribution",
    "national_figures",
    "non_adoption_figures",
    "reason_code",
    "step_by_no",
    "telework_steps",
]

STEPS_FILE = "telework_steps.csv"
STATS_FILE = "telework_stats.csv"
#: The survey buckets of 実施可能な職員の割合 and 利用率, in order (verbatim).
BUCKETS = ("0％以上30％未満", "30％以上50％未満", "50％以上80％未満", "80％以上")
UNKNOWN_BUCKET = "不明"
NON_ADOPTION_DATE_NOTE = "割合は前回調査（令和2年10月1日現在）の値の可能性があります（資料の注記による）。"

_PHASE_CODES = {label: code for code, label in PHASE_LABELS.items()}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class NationalFigure:
    """One row of the national statistics: item, 団体数 (when stated), share (%) and 基準日."""

    metric_key: str  # adoption / ready_share / usage_rate / non_adoption_reason / adoption_rate_guide
    metric: str
    item: str
    bodies: int | None
    share_pct: Decimal
    base: str
    as_of: date | None  # None when the source states no date
    as_of_uncertain: bool = False


@cache
def telework_steps() -> tuple[TeleworkStep, ...]:
    """The 10 steps ①–⑩ in order."""
    steps = tuple(
        TeleworkStep(no=int(row["no"]), name=row["name"], phase=_PHASE_CODES[row["phase"]])
        for row in read_catalog_csv(STEPS_FILE)
    )
    assert [s.no for s in steps] == list(range(1, 11)), "telework_steps.csv must hold steps 1..10"
    assert all(s.phase == (PHASE_TRIAL if s.no <= 5 else PHASE_FULL) for s in steps)
    return steps


def step_by_no(no: int) -> TeleworkStep | None:
    """The step with number ``no`` (1..10), or None."""
    for step in telework_steps():
        if step.no == no:
            return step
    return None


@cache
def national_figures() -> tuple[NationalFigure, ...]:
    """Every row of telework_stats.csv in file order."""
    figures = []
    for row in read_catalog_csv(STATS_FILE):
        found = _DATE.search(row["as_of"])
        figures.append(
            NationalFigure(
                metric_key=row["metric_key"],
                metric=row["metric"],
                item=row["item"],
                bodies=int(row["bodies"]) if row["bodies"].strip() else None,
                share_pct=Decimal(row["share_pct"]),
                base=row["base"],
                as_of=date.fromisoformat(found.group()) if found else None,
                as_of_uncertain="uncertain" in row["as_of"],
            )
        )
    return tuple(figures)


def distribution(metric_key: str) -> tuple[NationalFigure, ...]:
    """The bucket distribution of ``ready_share`` or ``usage_rate``: the 4 buckets then 不明."""
    if metric_key not in ("ready_share", "usage_rate"):
        raise ValueError(f"no bucket distribution for {metric_key!r}")
    rows = {f.item: f for f in national_figures() if f.metric_key == metric_key}
    return tuple(rows[item] for item in (*BUCKETS, UNKNOWN_BUCKET))


def adoption_figures() -> tuple[NationalFigure, ...]:
    """導入状況 by 団体区分 and 基準日 (newest survey first within the file's order)."""
    return tuple(f for f in national_figures() if f.metric_key == "adoption")


def non_adoption_figures() -> tuple[NationalFigure, ...]:
    """The top reasons not yet adopted (multiple answers), as printed."""
    return tuple(f for f in national_figures() if f.metric_key == "non_adoption_reason")


def reason_code(label: str) -> str | None:
    """The code of a non-adoption reason from its survey wording, or None."""
    for code, text in NON_ADOPTION_REASON_LABELS.items():
        if text == label:
            return code
    return None
