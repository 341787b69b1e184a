"""新旧対照 of two plans: key figures side by side, changed rows flagged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from models.issuance.comparison import compare_plans, key_figures
from models.issuance.demo import demo_plan
from models.issuance.records import IssuanceWindow, Milestone


def test_identical_plans_have_no_changed_row() -> None:
    plan = demo_plan()
    rows = compare_plans(plan, plan)
    assert rows and not [row for row in rows if row.changed]
    assert [row.label for row in rows] == [label for label, _ in key_figures(plan)]


def test_population_change_shows_in_the_rates_as_well() -> None:
    old = demo_plan()
    new = replace(old, population=16000)
    changed = {row.label: (row.old, row.new) for row in compare_plans(old, new) if row.changed}
    assert changed["住民基本台帳人口"] == ("15,102人（令和2年1月1日現在）", "16,000人（令和2年1月1日現在）")
    # 4,980 ÷ 15,102 = 32.97…% → 33.0%; 4,980 ÷ 16,000 = 31.125% → 31.1%
    assert changed["想定交付枚数（令和3年3月31日）"] == ("4,980枚（33.0%）", "4,980枚（31.1%）")
    assert "計画期間" not in changed


def test_rows_only_in_one_plan_show_a_dash_on_the_other_side() -> None:
    old = demo_plan()
    window = IssuanceWindow("西部支所", "branch", 0, 2, 0, 1, old.windows[0].weekday_hours)
    new = replace(
        old,
        windows=(*old.windows, window),
        milestones=(*old.milestones, Milestone(date(2024, 3, 31), 12500)),
    )
    rows = {row.label: (row.old, row.new) for row in compare_plans(old, new)}
    assert rows["交付窓口「西部支所」"][0] == "－"
    assert rows["交付窓口「西部支所」"][1].startswith("支所・統合端末 0→2台")
    assert rows["想定交付枚数（令和6年3月31日）"][0] == "－"
    assert rows["交付窓口数（現状→目標）"] == (
        "2か所 → 3か所（増強・1.5倍以上）",
        "2か所 → 4か所（増強・1.5倍以上）",
    )
