"""Header figures (31手続 / 優先手続, all channels vs ぴったり only) and the 公表 usage table."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from models.procedures.catalogue import default_status, national_catalogue
from models.procedures.records import CatalogueEntry, Checklist, ProcedureStatus, UsageFigures
from models.procedures.summary import (
    Coverage,
    coverage_31,
    coverage_by_category,
    coverage_priority,
    fiscal_years,
    is_online,
    status_of,
    usage_rate,
    usage_table,
)

TOWN = CatalogueEntry(code="T-001", name="町営住宅の入居申込", origin="town")


def checklist(
    answers: dict[str, ProcedureStatus] | None = None,
    usage: tuple[UsageFigures, ...] = (),
    extra: tuple[CatalogueEntry, ...] = (),
) -> Checklist:
    catalogue = (*national_catalogue(), *extra)
    answers = answers or {}
    return Checklist(
        catalogue=catalogue,
        statuses=tuple(answers.get(e.code) or default_status(e) for e in catalogue),
        usage=usage,
    )


def online(code: str, channel: str) -> ProcedureStatus:
    return ProcedureStatus(code=code, status="online", channel=channel)


def test_a_new_town_has_27_applicable_of_the_31_and_nothing_online() -> None:
    assert coverage_31(checklist()) == Coverage("31手続", 27, 0, 0, Decimal("0.0"), Decimal("0.0"))


def test_coverage_counts_all_channels_and_pittari_only_side_by_side() -> None:
    answers = {
        "P31-01": online("P31-01", "pittari"),
        "P31-02": online("P31-02", "pittari"),
        "P31-03": online("P31-03", "general"),
        "P31-16": online("P31-16", "own"),
        "P31-17": ProcedureStatus(code="P31-17", status="planned", channel="pittari", planned_fy=2026),
    }
    cov = coverage_31(checklist(answers))
    assert (cov.applicable, cov.online_all, cov.online_pittari) == (27, 4, 2)
    assert cov.rate_all == Decimal("14.8")  # 4 / 27 = 14.81…
    assert cov.rate_pittari == Decimal("7.4")  # 2 / 27 = 7.407…


def test_a_town_using_only_the_general_system_gets_0_percent_on_the_pittari_count() -> None:
    answers = {
        e.code: online(e.code, "general") for e in national_catalogue() if e.in_31 and not e.prefectural
    }
    cov = coverage_31(checklist(answers))
    assert (cov.rate_all, cov.rate_pittari) == (Decimal("100.0"), Decimal("0.0"))


def test_marking_procedures_not_applicable_changes_the_denominator() -> None:
    answers = {
        "P31-06": ProcedureStatus(
            "P31-06", applicable=False, status="not_applicable", not_applicable_reason="実績なし"
        ),
        "P31-01": online("P31-01", "pittari"),
    }
    cov = coverage_31(checklist(answers))
    assert (cov.applicable, cov.online_all) == (26, 1)
    assert cov.rate_all == Decimal("3.8")  # 1 / 26 = 3.846…


def test_a_prefectural_procedure_marked_applicable_is_counted() -> None:
    answers = {"P31-28": ProcedureStatus("P31-28", status="online", channel="own")}
    cov = coverage_31(checklist(answers))
    assert (cov.applicable, cov.online_all, cov.online_pittari) == (28, 1, 0)


def test_online_without_a_counted_channel_is_not_online() -> None:
    assert not is_online(ProcedureStatus("P31-01", status="online", channel="none"))
    assert not is_online(ProcedureStatus("P31-01", applicable=False, status="online", channel="pittari"))


def test_no_applicable_procedure_has_no_rate() -> None:
    answers = {
        e.code: ProcedureStatus(e.code, applicable=False, status="not_applicable")
        for e in national_catalogue()
        if e.in_31
    }
    cov = coverage_31(checklist(answers))
    assert cov.applicable == 0 and cov.rate_all is None and cov.rate_pittari is None


def test_priority_coverage_is_the_58_as_known() -> None:
    answers = {"P31-01": online("P31-01", "pittari"), "P58-A01": online("P58-A01", "own")}
    cov = coverage_priority(checklist(answers, extra=(TOWN,)))
    assert (cov.applicable, cov.online_all, cov.online_pittari) == (
        41,
        2,
        1,
    )  # 27 + 14; the town's own not in it
    assert cov.rate_all == Decimal("4.9")


def test_retired_entries_are_not_counted() -> None:
    catalogue = tuple(replace(e, retired=True) if e.code == "P31-26" else e for e in national_catalogue())
    data = Checklist(catalogue=catalogue, statuses=tuple(default_status(e) for e in catalogue))
    assert coverage_31(data).applicable == 26


def test_coverage_by_category() -> None:
    answers = {"P31-01": online("P31-01", "pittari"), "P31-27": online("P31-27", "general")}
    rows = {c.label: c for c in coverage_by_category(checklist(answers, extra=(TOWN,)))}
    assert list(rows) == [
        "子育て関係",
        "介護関係",
        "被災者支援関係",
        "自動車保有関係",
        "その他の優先手続（58手続のa）",
        "本町独自の手続",
    ]
    assert (rows["子育て関係"].applicable, rows["子育て関係"].online_all, rows["子育て関係"].rate_all) == (
        15,
        1,
        Decimal("6.7"),
    )
    assert rows["被災者支援関係"].rate_all == Decimal("100.0") and rows[
        "被災者支援関係"
    ].rate_pittari == Decimal("0.0")
    assert rows["自動車保有関係"].applicable == 0 and rows["自動車保有関係"].rate_all is None


def test_status_of_falls_back_to_the_default() -> None:
    data = Checklist(catalogue=national_catalogue(), statuses=())
    car = next(e for e in national_catalogue() if e.code == "P31-30")
    assert status_of(data, car).status == "not_applicable"


# -- usage -------------------------------------------------------------------------------------


def test_usage_rate_half_up_and_missing_values() -> None:
    assert usage_rate(UsageFigures("P31-10", 2023, 2000, 1451)) == Decimal("72.6")  # 72.55 → 72.6
    assert usage_rate(UsageFigures("P31-10", 2023, 8, 1)) == Decimal("12.5")
    assert usage_rate(UsageFigures("P31-10", 2023, 3, 2)) == Decimal("66.7")
    assert usage_rate(UsageFigures("P31-10", 2023, 0, 0)) is None  # shown as 「－」, not 0%
    assert usage_rate(UsageFigures("P31-10", 2023, None, None)) is None
    assert usage_rate(UsageFigures("P31-10", 2023, 10, None)) is None
    assert usage_rate(None) is None


def test_usage_table_of_one_year_with_the_total_row() -> None:
    usage = (
        UsageFigures("P31-10", 2023, 300, 120),
        UsageFigures("P31-01", 2023, 125, 34),
        UsageFigures("P31-27", 2023, 0, 0),
        UsageFigures("P31-01", 2022, 131, 21),
        UsageFigures("P31-28", 2023, 50, 5),  # prefectural (対象外): not published by the town
        UsageFigures("T-001", 2023, 22, None),
    )
    rows = usage_table(checklist(usage=usage, extra=(TOWN,)), 2023)
    assert [(r.code, r.total, r.online, r.rate) for r in rows] == [
        ("P31-01", 125, 34, Decimal("27.2")),
        ("P31-10", 300, 120, Decimal("40.0")),
        ("P31-27", 0, 0, None),
        ("T-001", 22, None, None),
        ("", 447, 154, Decimal("34.5")),
    ]
    assert rows[-1].is_total and rows[-1].name == "合計"
    assert rows[1].name == "児童手当等の現況届"


def test_usage_table_of_a_year_without_figures_is_a_zero_total() -> None:
    rows = usage_table(checklist(), 2023)
    assert len(rows) == 1 and rows[0].is_total and rows[0].total == 0 and rows[0].rate is None


def test_fiscal_years_with_figures() -> None:
    usage = (
        UsageFigures("P31-01", 2023, 1, 0),
        UsageFigures("P31-01", 2021, 1, 0),
        UsageFigures("P31-02", 2022, None, None),
    )
    assert fiscal_years(checklist(usage=usage)) == [2021, 2023]
