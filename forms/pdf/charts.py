"""Charts of the forms, drawn with reportlab.graphics in the embedded Japanese fonts.

- :func:`issuance_chart`: monthly planned vs actual issuance (bars, left axis) with the
  cumulative 交付率 (line, right axis) and dashed reference lines (町村平均 / 都道府県 / 全国).
- :func:`capacity_chart`: monthly 処理能力 vs 計画交付 (bars), shortfall months marked
  「▲」, the issuance needed per month to reach the target (line) and the month the target
  is reached at the current pace (a labelled vertical line).
- :func:`comparison_chart`: the town's 交付率 beside the benchmarks (horizontal bars).

The plot area, axes and legend are in :mod:`forms.pdf.plot`.
Charts take plain sequences, not records, so any form can reuse them. Every series is
named in the legend and every reference line carries its label and value, so nothing is
told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from forms.pdf.fonts import GOTHIC, MINCHO, register_fonts
from forms.pdf.plot import (
    GRID,
    LABEL_SIZE,
    LegendItem,
    Plot,
    axis_max,
    bars,
    legend,
    month_axis,
    nice_step,
    polyline,
    value_axis,
)
from forms.pdf.styles import ACTUAL, INK, PLANNED, RATE_LINE, REFERENCE_COLOURS
from models.issuance.records import ReferenceRate
from models.numbers import format_rate

CAPACITY = colors.HexColor("#b7d7a8")
REQUIRED_LINE = colors.HexColor("#e67e22")


def issuance_chart(
    months: Sequence[date],
    planned: Sequence[int | None],
    actual: Sequence[int | None],
    rate_actual: Sequence[Decimal | None],
    references: Sequence[ReferenceRate] = (),
    *,
    rate_planned: Sequence[Decimal | None] = (),
    width: float,
    height: float,
) -> Drawing:
    """Bars of planned and actual issuance per month, cumulative 交付率 on the right axis."""
    register_fonts()
    drawing = Drawing(width, height, initialFontName=MINCHO, initialFontSize=LABEL_SIZE)
    items = [
        LegendItem("交付枚数（計画）", PLANNED, "bar"),
        LegendItem("交付枚数（実績）", ACTUAL, "bar"),
        LegendItem("累計交付率（実績・右目盛）", RATE_LINE, "line"),
    ]
    if any(r is not None for r in rate_planned):
        items.append(LegendItem("累計交付率（計画・右目盛）", RATE_LINE, "dashed"))
    for n, ref in enumerate(references):
        items.append(LegendItem(f"{ref.label} {format_rate(ref.rate)}", REFERENCE_COLOURS[n % 3], "dashed"))
    legend_bottom = legend(drawing, items, 40, height - 9, width - 50)
    counts = [v for v in (*planned, *actual) if v]
    step = nice_step(max(counts, default=0) or 10)
    plot = Plot(
        48, 26, width - 48 - 42, legend_bottom - 26 - 16, len(months), axis_max(max(counts, default=0), step)
    )
    value_axis(drawing, plot, step, "交付枚数（枚）")
    bars(drawing, plot, [(planned, PLANNED), (actual, ACTUAL)])
    month_axis(drawing, plot, months)
    # right axis: 交付率
    rates = [float(r) for r in (*rate_actual, *rate_planned) if r is not None]
    rates += [float(ref.rate) for ref in references]
    rate_step = nice_step(max(rates, default=0) or 10)
    rate_top = min(100.0, axis_max(max(rates, default=0) * 1.05, rate_step)) if rates else 100.0
    right = plot.x + plot.width
    drawing.add(Line(right, plot.y, right, plot.y + plot.height, strokeColor=INK, strokeWidth=0.6))
    value = 0.0
    while value <= rate_top + 1e-9:
        y = plot.y_of(value, rate_top)
        drawing.add(Line(right, y, right + 2.5, y, strokeColor=INK, strokeWidth=0.5))
        drawing.add(String(right + 4, y - 2.5, f"{value:g}%", fontName=MINCHO, fontSize=LABEL_SIZE))
        value += rate_step
    drawing.add(
        String(
            right + 2,
            plot.y + plot.height + 6,
            "交付率",
            fontName=GOTHIC,
            fontSize=LABEL_SIZE,
            textAnchor="middle",
        )
    )
    # reference lines; their labels go on top of everything at the right end, pushed apart
    # when rates are close (町村平均 19.8% and 岩手県 20.1% are 0.3 points apart)
    labels: list[tuple[float, str, colors.Color]] = []
    for n, ref in enumerate(references):
        colour = REFERENCE_COLOURS[n % 3]
        y = plot.y_of(float(ref.rate), rate_top)
        drawing.add(Line(plot.x, y, right, y, strokeColor=colour, strokeWidth=0.9, strokeDashArray=[4, 2.5]))
        labels.append((y, f"{ref.label} {format_rate(ref.rate)}", colour))
    if rate_planned:
        drawing.add(
            polyline(
                plot,
                [None if r is None else float(r) for r in rate_planned],
                rate_top,
                RATE_LINE,
                dashed=True,
                width=1.0,
            )
        )
    actual_rates = [None if r is None else float(r) for r in rate_actual]
    drawing.add(polyline(plot, actual_rates, rate_top, RATE_LINE))
    last = max((i for i, r in enumerate(rate_actual) if r is not None), default=None)
    if last is not None:
        rate = rate_actual[last]
        x, y = plot.centre(last), plot.y_of(float(rate or 0), rate_top)
        drawing.add(Circle(x, y, 1.8, fillColor=RATE_LINE, strokeColor=None))
        label = format_rate(rate)
        w = stringWidth(label, GOTHIC, 7)
        anchor_end = x > right - 30
        left = x - w if anchor_end else x - w / 2
        drawing.add(
            Rect(
                left - 1.5, y + 3, w + 3, 8.5, fillColor=colors.white, strokeColor=RATE_LINE, strokeWidth=0.4
            )
        )
        drawing.add(
            String(
                x,
                y + 5,
                label,
                fontName=GOTHIC,
                fontSize=7,
                fillColor=RATE_LINE,
                textAnchor="end" if anchor_end else "middle",
            )
        )
    previous = -1e9
    for y, label, colour in sorted(labels):
        label_y = max(y + 1.5, previous + 8.5)
        previous = label_y
        w = stringWidth(label, MINCHO, 6.5)
        drawing.add(Rect(right - w - 5, label_y - 1.5, w + 4, 8, fillColor=colors.white, strokeColor=None))
        drawing.add(
            String(
                right - 3, label_y, label, fontName=MINCHO, fontSize=6.5, fillColor=colour, textAnchor="end"
            )
        )
    return drawing


def capacity_chart(
    months: Sequence[date],
    capacity: Sequence[int | None],
    planned: Sequence[int | None],
    *,
    required: Sequence[int | None] = (),
    shortfall: Sequence[bool] = (),
    marker: tuple[int, str] | None = None,
    width: float,
    height: float,
) -> Drawing:
    """Bars of 処理能力 and 計画交付 per month; 「▲」 under shortfall months; the issuance
    needed per month to reach the target as a line; ``marker`` (month index, label) draws a
    labelled vertical line (the month the target is reached at the current pace)."""
    register_fonts()
    drawing = Drawing(width, height, initialFontName=MINCHO, initialFontSize=LABEL_SIZE)
    items = [LegendItem("処理能力（月）", CAPACITY, "bar"), LegendItem("計画交付枚数", ACTUAL, "bar")]
    if any(v is not None for v in required):
        items.append(LegendItem("目標達成に必要な交付枚数（月）", REQUIRED_LINE, "line"))
    if any(shortfall):
        items.append(LegendItem("処理能力が不足する月", INK, "mark"))
    legend_bottom = legend(drawing, items, 40, height - 9, width - 50)
    values = [v for v in (*capacity, *planned, *required) if v]
    step = nice_step(max(values, default=0) or 10)
    plot = Plot(
        48, 30, width - 48 - 16, legend_bottom - 30 - 16, len(months), axis_max(max(values, default=0), step)
    )
    value_axis(drawing, plot, step, "枚／月")
    bars(drawing, plot, [(capacity, CAPACITY), (planned, ACTUAL)])
    if required:
        drawing.add(
            polyline(plot, [None if v is None else float(v) for v in required], plot.value_max, REQUIRED_LINE)
        )
    month_axis(drawing, plot, months)
    if marker is not None:
        index, label = marker
        x = plot.centre(index)
        drawing.add(
            Line(
                x,
                plot.y,
                x,
                plot.y + plot.height,
                strokeColor=RATE_LINE,
                strokeWidth=1,
                strokeDashArray=[2, 2],
            )
        )
        label_width = stringWidth(label, MINCHO, 6.5)
        anchor = (
            "end"
            if x + label_width / 2 > plot.x + plot.width
            else "start"
            if x - label_width / 2 < plot.x
            else "middle"
        )
        drawing.add(
            String(
                x,
                plot.y + plot.height + 2,
                label,
                fontName=MINCHO,
                fontSize=6.5,
                fillColor=RATE_LINE,
                textAnchor=anchor,
            )
        )
    for index, short in enumerate(shortfall):
        if short:
            drawing.add(
                String(
                    plot.centre(index),
                    plot.y - 19,
                    "▲",
                    fontName=GOTHIC,
                    fontSize=6.5,
                    textAnchor="middle",
                    fillColor=INK,
                )
            )
    return drawing


def comparison_chart(
    items: Sequence[tuple[str, Decimal | None]], *, width: float, highlight: int = 0
) -> Drawing:
    """Horizontal bars of 交付率 (the town first, then the benchmarks), each with its value.

    ``highlight`` is the index of the town's bar (drawn dark; the others grey).
    """
    register_fonts()
    row = 15.0
    height = row * len(items) + 14
    drawing = Drawing(width, height, initialFontName=MINCHO, initialFontSize=LABEL_SIZE)
    label_width = max((stringWidth(label, MINCHO, 8) for label, _ in items), default=0) + 8
    rates = [float(r) for _, r in items if r is not None]
    step = nice_step(max(rates, default=0) or 10, ticks=5)
    top = min(100.0, axis_max(max(rates, default=0) * 1.1, step)) if rates else 100.0
    x0, bar_area = label_width, width - label_width - 40
    y_axis = 10.0
    value = 0.0
    while value <= top + 1e-9:
        x = x0 + bar_area * value / top
        drawing.add(Line(x, y_axis, x, height, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(String(x, 2, f"{value:g}%", fontName=MINCHO, fontSize=6.5, textAnchor="middle"))
        value += step
    for index, (label, rate) in enumerate(items):
        y = height - (index + 1) * row + 3
        drawing.add(
            String(
                x0 - 4,
                y + 2.5,
                label,
                fontName=GOTHIC if index == highlight else MINCHO,
                fontSize=8,
                textAnchor="end",
            )
        )
        if rate is None:
            drawing.add(String(x0 + 3, y + 2.5, "－（実績なし）", fontName=MINCHO, fontSize=7.5))
            continue
        length = bar_area * float(rate) / top
        colour = ACTUAL if index == highlight else colors.HexColor("#a6a6a6")
        drawing.add(Rect(x0, y, length, row - 5, fillColor=colour, strokeColor=None))
        drawing.add(
            String(
                x0 + length + 3,
                y + 2.5,
                format_rate(rate),
                fontName=GOTHIC if index == highlight else MINCHO,
                fontSize=7.5,
            )
        )
    drawing.add(Line(x0, y_axis, x0, height, strokeColor=INK, strokeWidth=0.6))
    return drawing
