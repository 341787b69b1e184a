"""The two procedure forms read back with pdftotext/pdffonts: what a reader sees on paper.

「行政手続のオンライン化 取組状況」 (the checklist) and 「情報通信技術の利用に関する状況の公表」
(the per-年度 table towns publish), made from ``tests.procedure_samples.sample_checklist``.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from forms.commands.pdf import FORMS, export_pdf_command, render_form
from forms.pdf.procedures import ProceduresForm, render_procedures
from forms.pdf.procedures_publication import PublicationForm, render_publication
from forms.publication import publication_year
from models.errors import ExportError
from models.procedures.catalogue import national_catalogue
from models.procedures.records import Checklist
from models.store.database import Store
from models.store.settings_repository import SettingsRepository
from tests.forms.pdftools import _run, pdf_fonts, pdf_pages, pdf_text
from tests.procedure_samples import CREATED, TOWN, sample_checklist, town_with_checklist


def squeeze(page: str) -> str:
    """Text without the layout's spaces (a cell may be padded anywhere)."""
    return re.sub(r"[ \u3000]+", "", page)


def joined(pdf: bytes) -> str:
    """``pdftotext -raw`` (content-stream order: the lines of one wrapped cell follow each
    other) with every line break and space removed, so a wrapped name reads as one string."""
    return re.sub(r"\s+", "", _run("pdftotext", pdf, "-raw", "-enc", "UTF-8"))


@pytest.fixture(scope="module")
def checklist_pdf() -> bytes:
    return render_procedures(ProceduresForm(sample_checklist(), TOWN, "様式2", CREATED))


@pytest.fixture(scope="module")
def publication_pdf() -> bytes:
    return render_publication(PublicationForm(sample_checklist(), TOWN, "様式3", CREATED))


@pytest.fixture
def store() -> Iterator[Store]:
    s = town_with_checklist()
    yield s
    s.close()


# -- 「行政手続のオンライン化 取組状況」 ---------------------------------------------------------
def test_every_page_has_the_header_and_the_page_number(checklist_pdf: bytes) -> None:
    pages = pdf_pages(checklist_pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert lines[0].lstrip().startswith("様式2"), lines[0]
        assert "みどり町（団体コード：039993）" in lines[0]
        assert "行政手続のオンライン化 取組状況" in lines[1]
        assert "作成日：令和6年6月20日" in lines[1]
        assert lines[-1].strip() == f"- {number} -"


def test_all_31_names_verbatim_and_counted_by_category(checklist_pdf: bytes) -> None:
    text = joined(checklist_pdf)
    names = [entry.name for entry in national_catalogue() if entry.in_31]
    assert len(names) == 31
    for name in names:
        assert name in text, name
    assert "居住（介護予防）サービス計画作成（変更）依頼の届出" in text  # as printed in the sources
    squeezed = squeeze(pdf_text(checklist_pdf))
    for heading in (
        "（1）子育て関係（15手続）",
        "（2）介護関係（11手続）",
        "（3）被災者支援関係（1手続）",
        "（4）自動車保有関係（4手続）",
        "（5）その他の優先手続（58手続のa）（14手続）",
        "（6）本町独自の手続（1手続）",
    ):
        assert heading in squeezed, heading
    assert "町営プール" not in squeezed  # a retired town procedure is not listed


def test_summary_figures_both_channels_side_by_side(checklist_pdf: bytes) -> None:
    text = squeeze(pdf_text(checklist_pdf))
    assert "31手続：対象27件中オンライン化済14件（51.9%）／うちぴったりサービス9件（33.3%）" in text
    assert (
        "優先手続（58手続のうち掲載分）：対象41件中オンライン化済16件（39.0%）／うちぴったりサービス9件（22.0%）"
        in text
    )
    assert "31手続（特に国民の利便性向上に資する手続）271451.9%933.3%" in text
    assert "子育て関係151066.7%746.7%" in text
    assert "介護関係11436.4%218.2%" in text
    assert "被災者支援関係100.0%00.0%" in text
    assert "自動車保有関係00－0－" in text  # no applicable procedure: no rate, not 0%
    assert "出典：総務省「自治体DX推進計画」" in text


def test_checklist_rows_print_status_channel_planned_year_and_owner(checklist_pdf: bytes) -> None:
    text = squeeze(pdf_text(checklist_pdf))
    assert "P31-02児童手当等の額の改定の請求及び届出対象オンライン化済ぴったりサービス－子育て支援課" in text
    assert "P31-04受給事由消滅の届出対象オンライン化済汎用電子申請－子育て支援課" in text
    assert "P31-05未支払の児童手当等の請求対象▲予定－令和4年度子育て支援課" in text
    assert "P31-28" in text and "対象外都道府県の手続－－－" in text
    raw = joined(checklist_pdf)
    assert "令和7年度" in raw  # P31-18 planned 2025


def test_the_p31_19_caveat_is_a_footnote(checklist_pdf: bytes) -> None:
    text = joined(checklist_pdf)
    assert "居住（介護予防）サービス計画作成（変更）依頼の届出※1" in text
    assert (
        "※1資料では「居住」と表記。正式名称は「居宅（介護予防）サービス計画作成（変更）依頼の届出」" in text
    )


def test_alerts_on_the_creation_date(checklist_pdf: bytes) -> None:
    text = squeeze(pdf_text(checklist_pdf))
    assert "4．要対応の手続" in text
    assert "（1）目標期限超過（注意・13件）" in text  # 27 対象 − 14 online
    assert "令和4年度末（2023年3月31日）の目標を過ぎてもオンライン化されていません。" in text
    assert "（2）予定年度超過（注意・2件）" in text
    assert "予定年度（令和3年度）を過ぎてもオンライン化されていません" in joined(checklist_pdf)
    before_target = render_procedures(ProceduresForm(sample_checklist(), TOWN, "様式2", date(2023, 3, 31)))
    assert "目標期限超過" not in squeeze(pdf_text(before_target))


def test_an_online_count_above_the_total_is_listed_as_an_error() -> None:
    from models.procedures.records import UsageFigures

    base = sample_checklist()
    broken = replace(base, usage=(*base.usage, UsageFigures("P31-11", 2023, 10, 12)))
    text = squeeze(pdf_text(render_procedures(ProceduresForm(broken, TOWN, "様式2", CREATED))))
    assert "（1）件数の誤り（誤り・1件）" in text  # errors come first


def test_only_embedded_fonts(checklist_pdf: bytes, publication_pdf: bytes) -> None:
    for pdf in (checklist_pdf, publication_pdf):
        fonts = pdf_fonts(pdf)
        assert fonts
        assert all(font["emb"] == "yes" for font in fonts), fonts
        assert all("BIZUD" in font["name"] for font in fonts), fonts


def test_deterministic_bytes() -> None:
    form = ProceduresForm(sample_checklist(), TOWN, "様式2", CREATED)
    assert render_procedures(form) == render_procedures(form)


def test_an_empty_checklist_still_prints() -> None:
    text = squeeze(pdf_text(render_procedures(ProceduresForm(Checklist(), TOWN, "様式2", CREATED))))
    assert "31手続：対象0件中オンライン化済0件（－）" in text
    assert "要対応の手続はありません" in text


# -- 「情報通信技術の利用に関する状況の公表」 ------------------------------------------------------
def test_publication_table_of_the_latest_year(publication_pdf: bytes) -> None:
    pages = pdf_pages(publication_pdf)
    assert len(pages) == 1
    assert pages[0].lstrip().startswith("様式3")
    text = squeeze(pages[0])
    assert "情報通信技術の利用に関する状況の公表（令和5年度）" in text
    assert "令和5年度（令和5年4月1日～令和6年3月31日）" in text
    assert "（単位：件）" in text
    assert "手続の名称手続総件数" in text
    assert "総件数に占めるオンライン数の割合(%)" in joined(publication_pdf)
    assert "妊娠の届出1204537.5" in text
    assert "保育施設等の利用申込851720.0" in text
    assert "児童手当等の現況届1,4501,02370.6" in text
    assert "罹災証明書の発行申請00－" in text  # 0 件: 「－」, not 0.0 and no crash
    assert "粗大ごみ収集の申込1,02000.0" in text
    assert "合計16,08910,47765.1" in text


def test_publication_of_a_chosen_year_keeps_a_retired_procedure_and_escapes_text() -> None:
    pdf = render_publication(PublicationForm(sample_checklist(), TOWN, "様式3", CREATED, fiscal_year=2021))
    text = squeeze(pdf_text(pdf))
    assert "（令和3年度）" in text
    assert "町営プール利用予約<旧>＆抽選30" in text  # retired later: its figures of that year stay
    assert "児童手当等の現況届1,45025517.6" in text  # 1,023 // 4 = 255


def test_publication_without_figures_is_a_table_of_zeros() -> None:
    assert publication_year(Checklist(), CREATED) == 2023  # the 年度 that closed before 令和6年6月
    text = squeeze(pdf_text(render_publication(PublicationForm(Checklist(), TOWN, "様式3", CREATED))))
    assert "（令和5年度）" in text
    assert "合計00－" in text
    assert "この年度の件数は登録されていません" in text


# -- from the database -----------------------------------------------------------------------
def test_render_form_from_the_database_with_the_settings_labels(store: Store) -> None:
    assert FORMS["procedures"] == "行政手続のオンライン化 取組状況"
    assert FORMS["procedures-publication"] == "情報通信技術の利用に関する状況の公表"
    SettingsRepository(store).update(
        form_label_procedures="資料2-1", form_label_procedures_publication="資料2-2"
    )
    checklist = render_form(store, "procedures", created=CREATED)
    assert all(page.lstrip().startswith("資料2-1") for page in pdf_pages(checklist))
    assert checklist == render_procedures(ProceduresForm(sample_checklist(), TOWN, "資料2-1", CREATED))
    publication = render_form(store, "procedures-publication", created=CREATED, fiscal_year=2022)
    assert pdf_pages(publication)[0].lstrip().startswith("資料2-2")
    assert "（令和4年度）" in squeeze(pdf_text(publication))


def test_default_labels() -> None:
    from models.settings import SETTING_LABELS, DomainSettings

    assert DomainSettings().form_label_procedures == "様式2"
    assert DomainSettings().form_label_procedures_publication == "様式3"
    assert "form_label_procedures" in SETTING_LABELS and "form_label_procedures_publication" in SETTING_LABELS


def test_procedure_forms_have_no_versions(store: Store) -> None:
    with pytest.raises(ExportError) as caught:
        render_form(store, "procedures", version=1)
    assert "提出版がありません" in caught.value.user_message


def test_export_command_writes_the_file(tmp_path: Path) -> None:
    s = town_with_checklist(tmp_path / "town.db")
    s.close()
    out = tmp_path / "公表.pdf"
    args = argparse.Namespace(
        db=str(tmp_path / "town.db"), out=str(out), form="procedures-publication", version=None
    )
    ok, lines = export_pdf_command(args)
    assert ok and out.read_bytes().startswith(b"%PDF")
    assert lines[0].startswith("情報通信技術の利用に関する状況の公表のPDFを作成しました")
    assert "（令和5年度）" in squeeze(pdf_text(out.read_bytes()))
