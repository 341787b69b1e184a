"""The page every form prints on (PRODUCT.md §4.1).

Top-left the 様式番号 and the form title, top-right 団体名（団体コード） and 作成日 (和暦),
bottom centre 「- n -」. A4 portrait by default; a form switches to landscape pages for
a wide table with :func:`landscape_pages` and back with :func:`portrait_pages`.

Output is deterministic (reportlab's ``invariant`` mode: no timestamps, fixed document
id), so the same input and 作成日 give the same bytes — frozen versions reprint
byte-for-byte.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from forms.pdf.fonts import GOTHIC, GOTHIC_BOLD, MINCHO, register_fonts
from forms.pdf.styles import INK, RULE
from models.calendar import to_wareki

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
MARGIN_SIDE = 15 * mm
MARGIN_TOP = 24 * mm  # room for the two header lines and their rule
MARGIN_BOTTOM = 16 * mm
APP_CREATOR = "まちDX台帳"


@dataclass(frozen=True)
class FormHeader:
    """What the page template prints on every page."""

    form_label: str  # 様式番号, e.g. 「様式1」 (DomainSettings.form_label_*)
    title: str  # e.g. 「マイナンバーカード交付円滑化計画」
    town_name: str
    lg_code: str
    created: date  # 作成日
    show_seireki: bool = False  # 西暦併記

    @property
    def town_line(self) -> str:
        code = f"（団体コード：{self.lg_code}）" if self.lg_code else ""
        return f"{self.town_name}{code}"

    @property
    def created_line(self) -> str:
        return f"作成日：{to_wareki(self.created, with_seireki=self.show_seireki)}"


def frame_size(orientation: str) -> tuple[float, float]:
    """Width and height (points) of the text frame of a portrait or landscape page."""
    width, height = A4 if orientation == PORTRAIT else landscape(A4)
    return width - 2 * MARGIN_SIDE, height - MARGIN_TOP - MARGIN_BOTTOM


class FormDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4 document with the shared header/footer on portrait and landscape pages."""

    def __init__(self, target: Any, header: FormHeader, **kwargs: Any) -> None:
        register_fonts()
        self.header = header
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_SIDE,
            rightMargin=MARGIN_SIDE,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=header.title
            if header.town_name in header.title
            else f"{header.title}（{header.town_name}）",
            author=header.town_name,
            subject=header.form_label,
            creator=APP_CREATOR,
            producer=APP_CREATOR,
            invariant=1,
            initialFontName=MINCHO,  # else reportlab puts a non-embedded Helvetica in every file
            **kwargs,
        )
        templates = []
        for orientation in (PORTRAIT, LANDSCAPE):
            size = A4 if orientation == PORTRAIT else landscape(A4)
            width, height = frame_size(orientation)
            frame = Frame(
                MARGIN_SIDE,
                MARGIN_BOTTOM,
                width,
                height,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=f"{orientation}-body",
            )
            templates.append(
                PageTemplate(id=orientation, frames=[frame], onPage=self._decorate, pagesize=size)
            )
        self.addPageTemplates(templates)

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Header and footer of one page (called by reportlab before the page's flowables)."""
        width, height = canvas._pagesize
        h = self.header
        left, right = MARGIN_SIDE, width - MARGIN_SIDE
        top = height - 10 * mm
        canvas.saveState()
        canvas.setFillColor(INK)
        # 様式番号 in a box, top-left; the title under it
        canvas.setFont(GOTHIC, 9)
        label_width = stringWidth(h.form_label, GOTHIC, 9)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.rect(left, top - 3, label_width + 8, 13, stroke=1, fill=0)
        canvas.drawString(left + 4, top, h.form_label)
        title_size = _fit_size(h.title, GOTHIC_BOLD, 10, (right - left) * 0.55)
        canvas.setFont(GOTHIC_BOLD, title_size)
        canvas.drawString(left, top - 16, h.title)
        # 団体名（団体コード） and 作成日, top-right
        town_size = _fit_size(h.town_line, MINCHO, 9, (right - left) * 0.42)
        canvas.setFont(MINCHO, town_size)
        canvas.drawRightString(right, top, h.town_line)
        canvas.setFont(MINCHO, 9)
        canvas.drawRightString(right, top - 16, h.created_line)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 22, right, top - 22)
        # 「- n -」 bottom centre
        canvas.setFont(MINCHO, 9)
        canvas.drawCentredString(width / 2, 8 * mm, f"- {doc.page} -")
        canvas.restoreState()


def _fit_size(text: str, font: str, size: float, max_width: float) -> float:
    """The font size (at most ``size``, at least 6) at which ``text`` fits ``max_width``."""
    width = float(stringWidth(text, font, size))
    if width <= max_width:
        return size
    return max(6.0, size * max_width / width)


def landscape_pages() -> list[Flowable]:
    """Flowables that continue the story on a new landscape page."""
    return [NextPageTemplate(LANDSCAPE), PageBreak()]


def portrait_pages() -> list[Flowable]:
    """Flowables that continue the story on a new portrait page."""
    return [NextPageTemplate(PORTRAIT), PageBreak()]


def render(header: FormHeader, story: Sequence[Flowable]) -> bytes:
    """Lay out ``story`` on the form's pages and return the PDF bytes."""
    buffer = io.BytesIO()
    FormDocument(buffer, header).build(list(story))
    return buffer.getvalue()
