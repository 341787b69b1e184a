"""How the prefecture workbook looks: fonts, number formats, borders, widths, print setup.

Every sheet of the workbook gets the same treatment (PRODUCT.md §4.2): a bold header row
that stays frozen while scrolling and repeats on each printed page, Japanese number formats
(「#,##0」 for counts, 「0.0」 for rates), real dates shown as 和暦, A4 fitted to the page
width. openpyxl is imported inside the functions (start-up speed, ARCHITECTURE.md §3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.calendar import EXCEL_WAREKI_FORMAT

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: The font of every cell (BIZ UDゴシック ships with Windows 10 1809 and later; Excel
#: substitutes its default font where it is missing).
FONT_NAME = "BIZ UDゴシック"
FONT_SIZE = 10
TITLE_FONT_SIZE = 14

#: Number formats. Dates are real dates shown as 和暦 (Excel and LibreOffice).
DATE_FORMAT = EXCEL_WAREKI_FORMAT
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.0"
INTEGER_FORMAT = "0"
HOURS_FORMAT = "0.00"
TEXT_FORMAT = "@"

HEADER_FILL = "D9E1F2"  # light blue-grey, prints well in black and white
COMPUTED_FILL = "F2F2F2"  # columns the app computes (values, not formulas)
BORDER_COLOR = "808080"
HEADER_ROW_HEIGHT = 45.0

#: Orientation of a printed sheet.
PORTRAIT = "portrait"
LANDSCAPE = "landscape"


def font(*, bold: bool = False, size: float = FONT_SIZE) -> Any:
    from openpyxl.styles import Font

    return Font(name=FONT_NAME, size=size, bold=bold)


def thin_border() -> Any:
    from openpyxl.styles import Border, Side

    side = Side(style="thin", color=BORDER_COLOR)
    return Border(left=side, right=side, top=side, bottom=side)


def fill(color: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", start_color=color, end_color=color)


def header_alignment() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(horizontal="center", vertical="center", wrap_text=True)


def cell_alignment(*, wrap: bool = False, horizontal: str | None = None) -> Any:
    from openpyxl.styles import Alignment

    return Alignment(horizontal=horizontal, vertical="top", wrap_text=wrap)


def set_column_widths(ws: Worksheet, widths: list[float]) -> None:
    """Column widths in Excel's character units, column A first."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def freeze_header(ws: Worksheet, header_rows: int = 1) -> None:
    """Keep the header rows visible while scrolling (and repeat them on printed pages)."""
    ws.freeze_panes = f"A{header_rows + 1}"
    ws.print_title_rows = f"1:{header_rows}"


def print_setup(ws: Worksheet, *, orientation: str, header_text: str) -> None:
    """A4, fitted to one page wide (as many pages tall as needed), page numbers 「- n -」."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0 = automatic: as many pages tall as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.oddHeader.right.text = header_text.replace("&", "&&")  # "&" starts a header code
    ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = "- &P -"
    ws.oddFooter.center.size = 9


class CellStyles:
    """Named cell styles of one workbook, made on first use and shared by every cell.

    Assigning one named style per cell is several times faster than setting font, border,
    alignment and number format one by one (openpyxl hashes each of them on every cell).
    """

    PREFIX = "DX台帳"

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self._made: set[str] = set()

    def name(
        self,
        number_format: str,
        *,
        bold: bool = False,
        wrap: bool = False,
        horizontal: str | None = None,
        fill_color: str | None = None,
        header: bool = False,
    ) -> str:
        """The name of the style with these properties (registered in the workbook once)."""
        parts = [
            self.PREFIX,
            "見出し" if header else "値",
            number_format,
            "太字" if bold else "",
            "折返し" if wrap else "",
            horizontal or "",
            fill_color or "",
        ]
        name = "_".join(part for part in parts if part)
        if name not in self._made:
            from openpyxl.styles import NamedStyle

            style = NamedStyle(name=name)
            style.font = font(bold=bold or header)
            style.border = thin_border()
            style.number_format = number_format
            style.alignment = (
                header_alignment() if header else cell_alignment(wrap=wrap, horizontal=horizontal)
            )
            if fill_color:
                style.fill = fill(fill_color)
            self.workbook.add_named_style(style)
            self._made.add(name)
        return name


LINE_HEIGHT = 15.0  # points per text line at FONT_SIZE (with room for fallback fonts)
FULL_WIDTH_UNITS = 1.7  # a full-width character at FONT_SIZE, in Excel's column-width units


def text_width(text: str) -> float:
    """Estimated width of ``text`` in Excel's column-width units (a little generous)."""
    import unicodedata

    return sum(FULL_WIDTH_UNITS if unicodedata.east_asian_width(ch) in "WFA" else 1.0 for ch in text)


def lines_needed(text: str, width: float, *, wrap: bool) -> int:
    """How many lines ``text`` takes in a column ``width`` wide (explicit breaks included)."""
    import math

    parts = text.split("\n")
    if not wrap:
        return len(parts)
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in parts)


def set_row_height(ws: Worksheet, row: int, lines: int) -> None:
    """Excel and LibreOffice do not grow a row for wrapped text on opening: set it."""
    if lines > 1:
        ws.row_dimensions[row].height = LINE_HEIGHT * lines + 2
