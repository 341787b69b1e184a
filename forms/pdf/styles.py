"""Paragraph styles and colours shared by every form (one look for all 様式)."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from forms.pdf.fonts import GOTHIC, GOTHIC_BOLD, MINCHO, register_fonts

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#7f7f7f")
HEADER_FILL = colors.HexColor("#e4e8ee")
ZEBRA_FILL = colors.HexColor("#f4f6f8")
HIGHLIGHT_FILL = colors.HexColor("#fdecc8")  # shortfall rows (always with a word/mark too)
PLANNED = colors.HexColor("#9fb7d3")
ACTUAL = colors.HexColor("#1f4e79")
RATE_LINE = colors.HexColor("#c0392b")
REFERENCE_COLOURS = (
    colors.HexColor("#2e7d32"),
    colors.HexColor("#8e44ad"),
    colors.HexColor("#555555"),
)


class Styles:
    """The paragraph styles of the forms (build with :func:`styles`)."""

    def __init__(self) -> None:
        register_fonts()
        base = ParagraphStyle(
            "body", fontName=MINCHO, fontSize=9.5, leading=14, textColor=INK, wordWrap="CJK"
        )
        self.body = base
        self.title = ParagraphStyle(
            "title", parent=base, fontName=GOTHIC_BOLD, fontSize=16, leading=22, alignment=TA_CENTER
        )
        self.subtitle = ParagraphStyle(
            "subtitle",
            parent=base,
            fontName=GOTHIC,
            fontSize=10,
            leading=14,
            alignment=TA_CENTER,
            spaceAfter=6,
        )
        self.h1 = ParagraphStyle(
            "h1",
            parent=base,
            fontName=GOTHIC_BOLD,
            fontSize=11.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        )
        self.h2 = ParagraphStyle(
            "h2",
            parent=base,
            fontName=GOTHIC_BOLD,
            fontSize=9.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        )
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.header_cell = ParagraphStyle(
            "header_cell", parent=self.cell, fontName=GOTHIC, alignment=TA_CENTER
        )
        self.caption_left = ParagraphStyle(
            "caption_left", parent=base, fontSize=8, leading=10, alignment=TA_LEFT
        )
        self.caption_right = ParagraphStyle("caption_right", parent=self.caption_left, alignment=TA_RIGHT)
        self.source = ParagraphStyle("source", parent=base, fontSize=7.5, leading=10, spaceBefore=2)
        self.note = ParagraphStyle("note", parent=base, fontSize=8.5, leading=12)
        self.bullet = ParagraphStyle(
            "bullet", parent=base, leftIndent=12, bulletIndent=2, bulletFontName=MINCHO
        )


@lru_cache(maxsize=1)
def styles() -> Styles:
    return Styles()
