"""Tables of the forms: 単位 and 基準日 above, the source under, headers repeated on page
breaks, numbers right-aligned with thousands separators, Japanese text wrapped (CJK).

Cells are given as plain values: ``int`` (printed 「1,234」), ``None`` (「－」), ``str`` or a
ready Flowable. Text columns are wrapped in Paragraphs only when they need it, because
Paragraphs are the slow part of a long table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from forms.pdf.fonts import GOTHIC, MINCHO
from forms.pdf.page import PORTRAIT, frame_size, landscape_pages, portrait_pages
from forms.pdf.styles import HEADER_FILL, HIGHLIGHT_FILL, INK, RULE, ZEBRA_FILL, styles
from models.calendar import to_wareki
from models.numbers import format_count

Cell: TypeAlias = int | str | None | Flowable
Row: TypeAlias = Sequence[Cell]

CELL_FONT_SIZE = 8.5
CELL_LEADING = CELL_FONT_SIZE + 2.5
CELL_PADDING = 3  # left/right padding of a cell, points


class FormCellStyle(CellStyle):  # type: ignore[misc]
    """The forms' cell defaults, so a table needs no per-cell FONT/PADDING/VALIGN commands
    (applying those to every cell of a 10-year table is a measurable part of the time)."""

    fontname = MINCHO
    fontsize = CELL_FONT_SIZE
    leading = CELL_LEADING
    leftPadding = CELL_PADDING  # noqa: N815 (reportlab's attribute name)
    rightPadding = CELL_PADDING  # noqa: N815 (reportlab's attribute name)
    topPadding = 2  # noqa: N815 (reportlab's attribute name)
    bottomPadding = 2.5  # noqa: N815 (reportlab's attribute name)
    color = INK
    valign = "MIDDLE"


def form_table(rows: list[list[Cell]], col_widths: Sequence[float], **kwargs: object) -> Table:
    """A reportlab Table whose cells start from :class:`FormCellStyle`."""
    styles_ = [[FormCellStyle("cell") for _ in row] for row in rows]
    return Table(rows, colWidths=list(col_widths), cellStyles=styles_, **kwargs)


@dataclass(frozen=True)
class Column:
    """One column: its header text, width (mm) and whether it holds numbers."""

    header: str
    width: float  # mm
    numeric: bool = False
    center: bool = False
    group: str = ""  # columns with the same group share a header cell above theirs


def text(value: str, style_name: str = "cell") -> Paragraph:
    """A Paragraph of user text (escaped: 「<」「&」 print as typed)."""
    return Paragraph(escape(value).replace("\n", "<br/>"), getattr(styles(), style_name))


def cell_text(value: Cell) -> Cell:
    """Plain text of a value as printed in a table cell."""
    if value is None:
        return "－"
    if isinstance(value, bool):
        raise TypeError("a bool is not a cell value")
    if isinstance(value, int):
        return format_count(value)
    return value


class CaptionLine(Flowable):  # type: ignore[misc]
    """The line above a table: 「基準日：令和2年9月30日現在」 left, 「（単位：枚）」 right.

    Drawn directly (two strings), as it repeats on every page a long table spans."""

    FONT_SIZE = 8

    def __init__(self, left: str, right: str, width: float) -> None:
        super().__init__()
        self.left, self.right, self.width = left, right, width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.FONT_SIZE + 4

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(MINCHO, self.FONT_SIZE)
        canvas.setFillColor(INK)
        canvas.drawString(0, 3, self.left)
        canvas.drawRightString(self.width, 3, self.right)


def caption(*, unit: str = "", as_of: date | None = None, as_of_text: str = "", width: float) -> CaptionLine:
    """The caption line of a table of ``width`` points."""
    left = as_of_text or (f"基準日：{to_wareki(as_of)}現在" if as_of else "")
    right = f"（単位：{unit}）" if unit else ""
    return CaptionLine(left, right, width)


def source_line(source: str) -> Paragraph:
    """「出典：…」 under a table (or a note, when ``source`` already says what it is)."""
    prefix = "" if source.startswith(("出典", "注", "※")) else "出典："
    return Paragraph(escape(prefix + source), styles().source)


def data_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    unit: str = "",
    as_of: date | None = None,
    as_of_text: str = "",
    source: str = "",
    notes: Sequence[str] = (),
    highlight_rows: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
    rule_rows: Sequence[int] = (),
    zebra: bool = True,
    empty_text: str = "（登録なし）",
) -> list[Flowable]:
    """The caption line, the table (headers repeat on every page it spans) and the source.

    ``highlight_rows`` (indexes into ``rows``) get a tint; the caller also puts a word or
    mark in the row (never colour alone). ``bold_rows`` (totals) get a rule above and the
    Gothic face; ``rule_rows`` only the rule (e.g. the first month of each 年度).
    """
    s = styles()
    widths = [c.width * mm for c in columns]
    total_width = sum(widths)
    header = _header_rows(columns)
    n_head = len(header)
    body: list[list[Cell]] = []
    if not rows:
        body.append([text(empty_text, "cell_center")] + [""] * (len(columns) - 1))
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"row has {len(row)} cells for {len(columns)} columns: {row!r}")
        body.append(
            [
                _body_cell(value, column, width)
                for value, column, width in zip(row, columns, widths, strict=True)
            ]
        )
    top: list[list[Cell]] = []
    if unit or as_of or as_of_text:  # the caption is a header row too: it repeats on each page
        top.append([caption(unit=unit, as_of=as_of, as_of_text=as_of_text, width=total_width)])
        top[0] += [""] * (len(columns) - 1)
    c = len(top)  # first row of the boxed table
    n_head += c
    table = form_table(top + header + body, widths, repeatRows=n_head, hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, c), (-1, n_head - 1), HEADER_FILL),
        ("FONT", (0, c), (-1, n_head - 1), GOTHIC, CELL_FONT_SIZE, CELL_LEADING),
        ("ALIGN", (0, c), (-1, n_head - 1), "CENTER"),
        ("BOX", (0, c), (-1, -1), 0.75, INK),
        ("INNERGRID", (0, c), (-1, -1), 0.25, RULE),
        ("LINEBELOW", (0, n_head - 1), (-1, n_head - 1), 0.75, INK),
    ]
    if c:
        commands += [
            ("SPAN", (0, 0), (-1, 0)),
            ("LEFTPADDING", (0, 0), (-1, 0), 0),
            ("RIGHTPADDING", (0, 0), (-1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 0),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
        ]
    commands += _header_spans(columns, c)
    for index, column in enumerate(columns):
        if column.numeric:
            commands.append(("ALIGN", (index, n_head), (index, -1), "RIGHT"))
        elif column.center:
            commands.append(("ALIGN", (index, n_head), (index, -1), "CENTER"))
    if not rows:
        commands.append(("SPAN", (0, n_head), (-1, n_head)))
    elif zebra and len(rows) > 3:
        commands.append(("ROWBACKGROUNDS", (0, n_head), (-1, -1), [None, ZEBRA_FILL]))
    for index in highlight_rows:
        commands.append(("BACKGROUND", (0, n_head + index), (-1, n_head + index), HIGHLIGHT_FILL))
    for index in rule_rows:
        commands.append(("LINEABOVE", (0, n_head + index), (-1, n_head + index), 0.75, INK))
    for index in bold_rows:
        commands.append(("LINEABOVE", (0, n_head + index), (-1, n_head + index), 0.75, INK))
        commands.append(("FONT", (0, n_head + index), (-1, n_head + index), GOTHIC, CELL_FONT_SIZE))
    table.setStyle(TableStyle(commands))
    flowables: list[Flowable] = [table]
    if source:
        flowables.append(source_line(source))
    flowables += [Paragraph(escape(note), s.source) for note in notes]
    flowables.append(Spacer(1, 4))
    return flowables


def fits_portrait(columns: Sequence[Column]) -> bool:
    """Whether the columns fit the width of a portrait page."""
    return bool(sum(c.width for c in columns) * mm <= frame_size(PORTRAIT)[0] + 0.5)


def oriented(columns: Sequence[Column], flowables: Sequence[Flowable]) -> list[Flowable]:
    """``flowables`` (a heading and its table) as they are when the table fits a portrait
    page, else on landscape pages of their own, returning to portrait after them."""
    if fits_portrait(columns):
        return list(flowables)
    return [*landscape_pages(), *flowables, *portrait_pages()]


def _header_rows(columns: Sequence[Column]) -> list[list[Cell]]:
    """One header row, or two when columns are grouped (group label above, spanning)."""
    top: list[Cell] = []
    bottom: list[Cell] = []
    grouped = any(c.group for c in columns)
    previous_group = ""
    for index, column in enumerate(columns):
        label = _header_cell(column.header, column.width * mm)
        if not grouped:
            top.append(label)
            continue
        if column.group:
            if column.group != previous_group:
                span = sum(c.width for c in columns[index:] if c.group == column.group) * mm
                top.append(_header_cell(column.group, span))
            else:
                top.append("")
            bottom.append(label)
        else:
            top.append(label)
            bottom.append("")
        previous_group = column.group
    return [top, bottom] if grouped else [top]


def _header_cell(label: str, width: float) -> Cell:
    """A header label: a plain string (centred by the table style) when it fits on one
    line, else a wrapping Paragraph."""
    if "\n" not in label and stringWidth(label, GOTHIC, CELL_FONT_SIZE) <= width - 2 * CELL_PADDING - 2:
        return label
    return text(label, "header_cell")


def _header_spans(columns: Sequence[Column], first: int) -> list[tuple[object, ...]]:
    """SPAN commands of a two-row header that starts at row ``first``."""
    if not any(c.group for c in columns):
        return []
    spans: list[tuple[object, ...]] = []
    index = 0
    while index < len(columns):
        group = columns[index].group
        end = index
        if group:
            while end + 1 < len(columns) and columns[end + 1].group == group:
                end += 1
            spans.append(("SPAN", (index, first), (end, first)))
        else:
            spans.append(("SPAN", (index, first), (index, first + 1)))
        index = end + 1
    return spans


def _body_cell(value: Cell, column: Column, width: float) -> Cell:
    """Plain strings stay strings when they fit on one line; longer text wraps (CJK)."""
    shown = cell_text(value)
    if not isinstance(shown, str):
        return shown
    if column.numeric:
        return shown
    fits = "\n" not in shown and stringWidth(shown, MINCHO, CELL_FONT_SIZE) <= width - 2 * CELL_PADDING - 2
    if fits:
        return shown
    return text(shown, "cell_center" if column.center else "cell")


def key_value_table(pairs: Sequence[tuple[str, Cell]], *, label_width: float = 40, width: float) -> Table:
    """A two-column 項目 / 内容 table (団体情報 and the like); ``width`` in points."""
    rows = [
        [_header_cell(label, label_width * mm), _body_cell(value, Column("", 0), width - label_width * mm)]
        for label, value in pairs
    ]
    table = form_table(rows, [label_width * mm, width - label_width * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("FONT", (0, 0), (0, -1), GOTHIC, CELL_FONT_SIZE, CELL_LEADING),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("BOX", (0, 0), (-1, -1), 0.75, INK),
                ("INNERGRID", (0, 0), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING + 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
