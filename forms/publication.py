"""「情報通信技術の利用に関する状況の公表」: what the PDF (``forms.pdf.procedures_publication``)
and the Excel file (``forms.excel.publication``) share — the title, the column headers, the
notes, the default 年度 and how a rate is printed. Neither reportlab nor openpyxl here.

The rows themselves (and the 合計 line) are ``models.procedures.summary.usage_table``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models.calendar import fiscal_year, fiscal_year_end, fiscal_year_label, fiscal_year_start, to_wareki
from models.numbers import NOT_AVAILABLE
from models.procedures.records import Checklist
from models.procedures.summary import fiscal_years

TITLE = "情報通信技術の利用に関する状況の公表"
HEADERS = ("手続の名称", "手続総件数", "うちオンライン数", "総件数に占めるオンライン数の割合(%)")
UNIT = "件"
NOTES = (
    "注：割合は、手続総件数に占めるオンライン数（情報通信技術を利用する方法により行われた件数）の割合"
    "（小数点以下第2位を四捨五入）。手続総件数が0件の手続は「－」。",
    "注：合計は表中の手続の件数の合計。",
)
NO_FIGURES_NOTE = "注：この年度の件数は登録されていません。"


def publication_year(checklist: Checklist, created: date) -> int:
    """The 年度 published when none is asked for: the latest with figures, else the 年度
    before the 作成日's (the one that has just closed)."""
    years = fiscal_years(checklist)
    return years[-1] if years else fiscal_year(created) - 1


def percent_text(value: Decimal | None) -> str:
    """「37.5」 (the header says (%)); ``None`` (total 0) → 「－」."""
    return NOT_AVAILABLE if value is None else f"{value:,.1f}"


def period_text(fy: int, *, with_seireki: bool = False) -> str:
    """「令和5年度（令和5年4月1日～令和6年3月31日）」."""
    start = to_wareki(fiscal_year_start(fy), with_seireki=with_seireki)
    end = to_wareki(fiscal_year_end(fy), with_seireki=with_seireki)
    return f"{fiscal_year_label(fy, with_seireki=with_seireki)}（{start}～{end}）"


def intro_text(town_name: str, fy: int, *, with_seireki: bool = False) -> str:
    label = fiscal_year_label(fy, with_seireki=with_seireki)
    return (
        f"{town_name}が{label}に受け付けた行政手続の件数と、そのうち情報通信技術を利用する方法"
        "（オンライン）により行われた件数は、次のとおりです。"
    )
