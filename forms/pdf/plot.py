"""The plot area of the forms' charts: scales with round ticks, the value and month axes,
the legend, bars and lines (reportlab.graphics shapes in the embedded fonts)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from forms.pdf.fonts import GOTHIC, MINCHO
from forms.pdf.styles import INK
from models.calendar import era_of
from models.numbers import format_count

LABEL_SIZE = 7
LEGEND_SIZE = 7.5
GRID = colors.HexColor("#d9d9d9")


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: colors.Color
    kind: str  # "bar" | "line" | "dashed" | "mark"


def nice_step(maximum: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5, 5 × 10^k) giving about ``ticks`` steps up to ``maximum``."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            step = factor * power
            return step if step >= 1 else 1.0
    return 10 * power


def axis_max(maximum: float, step: float) -> float:
    """The top of an axis: the first tick at or above ``maximum`` (at least one step)."""
    return max(step, math.ceil(maximum / step) * step)


def month_label(month: date) -> str:
    """「R3.4」: era letter, era year and month (short enough for a narrow category)."""
    era = era_of(month)
    return f"{era.letter}{month.year - era.offset}.{month.month}"


def label_every(count: int, width: float) -> int:
    """Label every n-th month so labels (about 22 points wide) never touch."""
    per = width / max(count, 1)
    for n in (1, 2, 3, 6, 12, 24):
        if per * n >= 24:
            return n
    return 36


def tick_text(value: float) -> str:
    return format_count(round(value))


class Plot:
    """The plot area of a chart and its scales."""

    def __init__(self, x: float, y: float, width: float, height: float, count: int, value_max: float) -> None:
        self.x, self.y, self.width, self.height = x, y, width, height
        self.count = max(count, 1)
        self.value_max = value_max

    def slot(self, index: int) -> tuple[float, float]:
        """Left edge and width of month ``index``."""
        w = self.width / self.count
        return self.x + index * w, w

    def centre(self, index: int) -> float:
        left, w = self.slot(index)
        return left + w / 2

    def y_of(self, value: float, top: float | None = None) -> float:
        return self.y + self.height * value / (top or self.value_max)


def legend(drawing: Drawing, items: Sequence[LegendItem], x: float, y: float, width: float) -> float:
    """Lay the legend out in rows from (x, y) downwards; returns the y under the last row."""
    cursor, row_y = x, y
    for item in items:
        w = 16 + stringWidth(item.label, MINCHO, LEGEND_SIZE) + 10
        if cursor + w > x + width and cursor > x:
            cursor, row_y = x, row_y - 11
        if item.kind == "bar":
            drawing.add(Rect(cursor, row_y - 1, 10, 7, fillColor=item.colour, strokeColor=None))
        elif item.kind == "mark":
            drawing.add(
                String(cursor + 5, row_y, "▲", fontName=GOTHIC, fontSize=LEGEND_SIZE, textAnchor="middle")
            )
        else:
            dash = [3, 2] if item.kind == "dashed" else None
            drawing.add(
                Line(
                    cursor,
                    row_y + 2.5,
                    cursor + 12,
                    row_y + 2.5,
                    strokeColor=item.colour,
                    strokeWidth=1.4,
                    strokeDashArray=dash,
                )
            )
        drawing.add(
            String(cursor + 15, row_y, item.label, fontName=MINCHO, fontSize=LEGEND_SIZE, fillColor=INK)
        )
        cursor += w
    return row_y - 6


def value_axis(drawing: Drawing, plot: Plot, step: float, title: str) -> None:
    value = 0.0
    while value <= plot.value_max + 1e-9:
        y = plot.y_of(value)
        drawing.add(Line(plot.x, y, plot.x + plot.width, y, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(
            String(
                plot.x - 3, y - 2.5, tick_text(value), fontName=MINCHO, fontSize=LABEL_SIZE, textAnchor="end"
            )
        )
        value += step
    drawing.add(Line(plot.x, plot.y, plot.x, plot.y + plot.height, strokeColor=INK, strokeWidth=0.6))
    drawing.add(
        String(
            plot.x - 3,
            plot.y + plot.height + 6,
            title,
            fontName=GOTHIC,
            fontSize=LABEL_SIZE,
            textAnchor="end",
        )
    )


def month_axis(drawing: Drawing, plot: Plot, months: Sequence[date]) -> None:
    drawing.add(Line(plot.x, plot.y, plot.x + plot.width, plot.y, strokeColor=INK, strokeWidth=0.6))
    every = label_every(len(months), plot.width)
    for index, month in enumerate(months):
        # label the first month and then every n-th; with yearly labels, each April (年度)
        anchor = month.month == 4 if every >= 12 else (index % every == 0)
        if index == 0 or anchor:
            if index and every >= 12 and index < every // 2:
                continue
            x = plot.centre(index)
            drawing.add(Line(x, plot.y, x, plot.y - 2.5, strokeColor=INK, strokeWidth=0.5))
            drawing.add(
                String(
                    x,
                    plot.y - 10,
                    month_label(month),
                    fontName=MINCHO,
                    fontSize=LABEL_SIZE,
                    textAnchor="middle",
                )
            )


def bars(drawing: Drawing, plot: Plot, series: Sequence[tuple[Sequence[int | None], colors.Color]]) -> None:
    """Grouped bars, one series beside the other in each month; each series is one filled
    path of rectangles (one node to render instead of one per bar: a 10-year chart has
    hundreds of bars)."""
    count = len(series)
    for n, (values, colour) in enumerate(series):
        path = Path(fillColor=colour, strokeColor=None, strokeWidth=0)
        for index in range(plot.count):
            value = values[index] if index < len(values) else None
            if not value:
                continue
            left, w = plot.slot(index)
            gap = w * (0.18 if w > 6 else 0.08)
            bar_w = (w - gap) / count
            x = left + gap / 2 + n * bar_w
            top = plot.y_of(value)
            path.moveTo(x, plot.y)
            path.lineTo(x + bar_w, plot.y)
            path.lineTo(x + bar_w, top)
            path.lineTo(x, top)
            path.closePath()
        if path.operators:
            drawing.add(path)


def polyline(
    plot: Plot,
    values: Sequence[float | None],
    top: float,
    colour: colors.Color,
    dashed: bool = False,
    width: float = 1.4,
) -> Group:
    """A line through the months that have a value (a gap breaks the line)."""
    group = Group()
    run: list[float] = []
    for index, value in enumerate([*values, None]):
        if value is None:
            if len(run) >= 4:
                group.add(
                    PolyLine(
                        run, strokeColor=colour, strokeWidth=width, strokeDashArray=[3, 2] if dashed else None
                    )
                )
            elif len(run) == 2:
                group.add(Circle(run[0], run[1], 1.6, fillColor=colour, strokeColor=None))
            run = []
            continue
        run += [plot.centre(index), plot.y_of(float(value), top)]
    return group
