"""The chart of the 交付円滑化計画 page, drawn with QPainter (QtCharts is not shipped).

Monthly planned and actual issuances as paired bars on the left axis (枚), the cumulative
交付率 as lines on the right axis (%): solid with filled dots from the actual figures, dashed
with hollow dots as planned. The 町村平均 / prefecture / 全国 rates are dashed horizontal lines, each
with its own dash pattern and a text label in the right margin (not colour alone).
Every size comes from the font metrics, so the chart reads the same at 100% and 150%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from models.calendar import era_year_label
from models.issuance.records import ReferenceRate
from models.numbers import format_count, format_rate

PLANNED_COLOR = QColor("#a9c1de")
ACTUAL_COLOR = QColor("#1f5fa8")
RATE_COLOR = QColor("#c2410c")
GRID_COLOR = QColor("#e3e6ea")
AXIS_COLOR = QColor("#6b7280")
TEXT_COLOR = QColor("#1f2933")
REFERENCE_STYLES = (  # colour and dash pattern per reference line, in the order given
    (QColor("#2f7d32"), [6.0, 3.0]),
    (QColor("#6d28d9"), [2.0, 2.0]),
    (QColor("#374151"), [8.0, 3.0, 2.0, 3.0]),
)
EMPTY_TEXT = "表示するデータがありません。計画期間と月別の交付枚数を入力してください。"


@dataclass(frozen=True)
class ChartMonth:
    """One month of the chart: issuances planned and actual, and the cumulative 交付率."""

    month: date
    planned: int | None = None
    actual: int | None = None
    planned_rate: Decimal | None = None  # cumulative 交付率 (%) by the plan, end of the month
    actual_rate: Decimal | None = None  # cumulative 交付率 (%) from actual figures


def nice_step(maximum: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5, 5 × 10^n) so that about ``ticks`` steps cover ``maximum``."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def month_label(month: date) -> str:
    """「令和3年1月」."""
    return f"{era_year_label(month)}{month.month}月"


class IssuanceChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._months: list[ChartMonth] = []
        self._references: list[ReferenceRate] = []
        self._plot = QRectF()
        self.setMouseTracking(True)
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("月別交付枚数と累計交付率のグラフ")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("white"))
        self.setPalette(palette)

    # -- data ----------------------------------------------------------------------
    def set_data(self, months: list[ChartMonth], references: list[ReferenceRate]) -> None:
        self._months = list(months)
        self._references = list(references)
        self.setAccessibleDescription(self.summary())
        self.update()

    def months(self) -> list[ChartMonth]:
        return list(self._months)

    def references(self) -> list[ReferenceRate]:
        return list(self._references)

    def summary(self) -> str:
        """The chart in words (screen readers, tests)."""
        latest = next((m for m in reversed(self._months) if m.actual_rate is not None), None)
        parts = [f"{len(self._months)}か月分"]
        if latest is not None:
            parts.append(f"{month_label(latest.month)}末の累計交付率 {format_rate(latest.actual_rate)}")
        parts += [f"{ref.label} {format_rate(ref.rate)}" for ref in self._references]
        return "、".join(parts)

    def sizeHint(self) -> QSize:
        return QSize(760, 340)

    # -- geometry ------------------------------------------------------------------
    def _count_axis(self) -> tuple[float, float]:
        values = [v for m in self._months for v in (m.planned, m.actual) if v is not None]
        step = nice_step(max(values, default=0) or 1)
        top = step * max(1, math.ceil(max(values, default=0) / step))
        return step, top

    def _rate_axis(self) -> tuple[float, float]:
        values = [float(r) for m in self._months for r in (m.planned_rate, m.actual_rate) if r is not None]
        values += [float(r.rate) for r in self._references]
        highest = max(values, default=0.0)
        peak = highest * 1.1 or 10.0
        step = nice_step(min(peak, 100.0) if highest <= 100 else peak)
        top = step * max(1, math.ceil(peak / step))
        return step, (min(100.0, top) if highest <= 100 else top)  # above 100% only for wrong figures

    def _legend_items(self) -> list[tuple[str, str, int]]:
        """(kind, text, style index) for the legend."""
        items = [("bar_planned", "交付（計画）", 0), ("bar_actual", "交付（実績）", 0)]
        items += [("line_actual", "累計交付率（実績）", 0), ("line_planned", "累計交付率（計画）", 0)]
        items += [("reference", f"{ref.label}", i) for i, ref in enumerate(self._references)]
        return items

    # -- painting ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        fm = QFontMetricsF(self.font())
        line_h = fm.height()
        pad = line_h * 0.5
        rect = QRectF(self.rect()).adjusted(pad, pad, -pad, -pad)
        if not self._months:
            painter.setPen(AXIS_COLOR)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, EMPTY_TEXT)
            painter.end()
            return
        legend_bottom = self._paint_legend(painter, fm, rect)
        count_step, count_top = self._count_axis()
        rate_step, rate_top = self._rate_axis()
        left_w = max(
            fm.horizontalAdvance(format_count(int(count_top))), fm.horizontalAdvance("交付枚数（枚）") / 2
        )
        tick_w = fm.horizontalAdvance(f"{rate_top:g}%")
        ref_w = max((fm.horizontalAdvance(self._reference_text(r)) for r in self._references), default=0.0)
        ref_w += fm.height() * 2.3 if ref_w else 0.0
        plot = QRectF(
            rect.left() + left_w + pad,
            legend_bottom + line_h * 2.0,
            0,
            0,
        )
        plot.setRight(rect.right() - tick_w - pad - (ref_w + pad * 2 if ref_w else 0))
        plot.setBottom(rect.bottom() - line_h * 2.4)
        self._plot = plot
        if plot.width() < 40 or plot.height() < 40:
            painter.end()
            return
        # axis titles
        painter.setPen(AXIS_COLOR)
        painter.drawText(
            QRectF(rect.left(), plot.top() - line_h * 1.5, plot.width(), line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "交付枚数（枚）",
        )
        painter.drawText(
            QRectF(
                plot.right() - plot.width(), plot.top() - line_h * 1.5, plot.width() + tick_w + pad, line_h
            ),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            "累計交付率（%）",
        )
        self._paint_grid(painter, fm, plot, count_step, count_top, rate_step, rate_top, pad)
        painter.save()
        painter.setClipRect(plot.adjusted(-6, -6, 6, 0))
        self._paint_bars(painter, plot, count_top)
        painter.restore()
        self._paint_references(painter, fm, plot, rate_top, tick_w, pad)
        painter.save()
        painter.setClipRect(plot.adjusted(-6, -6, 6, 6))
        self._paint_rate_line(painter, plot, rate_top)
        painter.restore()
        self._paint_months(painter, fm, plot)
        painter.end()

    def _paint_legend(self, painter: QPainter, fm: QFontMetricsF, rect: QRectF) -> float:
        line_h = fm.height()
        swatch = line_h * 1.6
        x, y = rect.left(), rect.top()
        for kind, text, index in self._legend_items():
            width = swatch + line_h * 0.4 + fm.horizontalAdvance(text) + line_h
            if x + width > rect.right() and x > rect.left():
                x, y = rect.left(), y + line_h * 1.3
            mid = y + line_h / 2
            if kind.startswith("bar"):
                color = PLANNED_COLOR if kind == "bar_planned" else ACTUAL_COLOR
                painter.fillRect(
                    QRectF(x + swatch * 0.2, y + line_h * 0.15, swatch * 0.6, line_h * 0.7), color
                )
            else:
                painter.setPen(self._line_pen(kind, index))
                painter.drawLine(QPointF(x, mid), QPointF(x + swatch, mid))
                if kind.startswith("line"):
                    painter.setBrush(QBrush(RATE_COLOR if kind == "line_actual" else QColor("white")))
                    painter.setPen(QPen(RATE_COLOR, 1.5))
                    painter.drawEllipse(QPointF(x + swatch / 2, mid), line_h * 0.18, line_h * 0.18)
            painter.setPen(TEXT_COLOR)
            painter.drawText(QPointF(x + swatch + line_h * 0.4, y + fm.ascent()), text)
            x += width
        return y + line_h

    def _line_pen(self, kind: str, index: int) -> QPen:
        if kind == "line_actual":
            return QPen(RATE_COLOR, 2.2)
        if kind == "line_planned":
            pen = QPen(RATE_COLOR, 1.6)
            pen.setDashPattern([4.0, 3.0])
            return pen
        color, dashes = REFERENCE_STYLES[index % len(REFERENCE_STYLES)]
        pen = QPen(color, 1.6)
        pen.setDashPattern(dashes)
        return pen

    def _paint_grid(
        self,
        painter: QPainter,
        fm: QFontMetricsF,
        plot: QRectF,
        count_step: float,
        count_top: float,
        rate_step: float,
        rate_top: float,
        pad: float,
    ) -> None:
        painter.setPen(QPen(GRID_COLOR, 1))
        value = 0.0
        while value <= count_top + 1e-9:
            y = plot.bottom() - plot.height() * value / count_top
            painter.setPen(QPen(GRID_COLOR, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS_COLOR)
            label = format_count(int(value))
            painter.drawText(
                QRectF(0, y - fm.height() / 2, plot.left() - pad, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            value += count_step
        value = 0.0
        while value <= rate_top + 1e-9:
            y = plot.bottom() - plot.height() * value / rate_top
            painter.setPen(AXIS_COLOR)
            text = f"{value:g}%"
            painter.drawText(
                QRectF(
                    plot.right() + pad * 0.6,
                    y - fm.height() / 2,
                    fm.horizontalAdvance(f"{rate_top:g}%") + pad,
                    fm.height(),
                ),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            value += rate_step
        painter.setPen(QPen(AXIS_COLOR, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.topLeft(), plot.bottomLeft())
        painter.drawLine(plot.topRight(), plot.bottomRight())

    def _slot(self, plot: QRectF) -> float:
        return plot.width() / max(1, len(self._months))

    def _paint_bars(self, painter: QPainter, plot: QRectF, count_top: float) -> None:
        slot = self._slot(plot)
        bar = max(1.0, slot * 0.36)
        for i, month in enumerate(self._months):
            x0 = plot.left() + slot * i + (slot - 2 * bar) / 2
            for offset, value, color in (
                (0.0, month.planned, PLANNED_COLOR),
                (bar, month.actual, ACTUAL_COLOR),
            ):
                if not value:
                    continue
                height = plot.height() * value / count_top
                painter.fillRect(QRectF(x0 + offset, plot.bottom() - height, bar, height), color)

    def _reference_text(self, ref: ReferenceRate) -> str:
        return f"{ref.label} {format_rate(ref.rate)}"

    def _paint_references(
        self, painter: QPainter, fm: QFontMetricsF, plot: QRectF, rate_top: float, tick_w: float, pad: float
    ) -> None:
        line_h = fm.height()
        placed: list[tuple[float, int, ReferenceRate]] = []
        for index, ref in enumerate(self._references):
            y = plot.bottom() - plot.height() * float(ref.rate) / rate_top
            painter.setPen(self._line_pen("reference", index))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            placed.append((y, index, ref))
        # labels in the right margin, pushed apart so that close rates never overlap
        placed.sort(key=lambda item: item[0])
        label_x = plot.right() + pad + tick_w + pad
        positions: list[float] = []
        for y, _index, _ref in placed:
            top = y - line_h / 2
            if positions and top < positions[-1] + line_h * 1.05:
                top = positions[-1] + line_h * 1.05
            positions.append(top)
        overflow = (positions[-1] + line_h - plot.bottom()) if positions else 0
        if overflow > 0:
            positions = [p - overflow for p in positions]
        for (_y, index, ref), top in zip(placed, positions, strict=True):
            painter.setPen(self._line_pen("reference", index))
            mid = top + line_h / 2
            painter.drawLine(QPointF(label_x, mid), QPointF(label_x + line_h * 2.0, mid))
            painter.setPen(REFERENCE_STYLES[index % len(REFERENCE_STYLES)][0])
            painter.drawText(
                QRectF(
                    label_x + line_h * 2.3, top, fm.horizontalAdvance(self._reference_text(ref)) + 2, line_h
                ),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._reference_text(ref),
            )

    def _paint_rate_line(self, painter: QPainter, plot: QRectF, rate_top: float) -> None:
        slot = self._slot(plot)
        radius = max(2.0, min(4.0, slot * 0.18))
        for kind, attribute, fill in (
            ("line_planned", "planned_rate", QColor("white")),
            ("line_actual", "actual_rate", RATE_COLOR),
        ):
            points = [
                QPointF(
                    plot.left() + slot * (i + 0.5), plot.bottom() - plot.height() * float(value) / rate_top
                )
                for i, month in enumerate(self._months)
                if (value := getattr(month, attribute)) is not None
            ]
            if len(points) > 1:
                path = QPainterPath(points[0])
                for point in points[1:]:
                    path.lineTo(point)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(self._line_pen(kind, 0))
                painter.drawPath(path)
            painter.setPen(QPen(RATE_COLOR, 1.5))
            painter.setBrush(QBrush(fill))
            for point in points:
                painter.drawEllipse(point, radius, radius)

    def _paint_months(self, painter: QPainter, fm: QFontMetricsF, plot: QRectF) -> None:
        slot = self._slot(plot)
        widest = fm.horizontalAdvance("12月")
        every = max(1, math.ceil((widest + fm.height() * 0.4) / slot))
        year_w = fm.horizontalAdvance("令和10年")
        line_h = fm.height()
        last_year_right = -math.inf
        for i, item in enumerate(self._months):
            x = plot.left() + slot * (i + 0.5)
            painter.setPen(QPen(AXIS_COLOR, 1))
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + line_h * 0.2))
            if i % every == 0:
                painter.setPen(TEXT_COLOR)
                painter.drawText(
                    QRectF(x - widest, plot.bottom() + line_h * 0.25, widest * 2, line_h),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    f"{item.month.month}月",
                )
            if (i == 0 or item.month.month == 1) and x - year_w / 2 > last_year_right:
                painter.setPen(AXIS_COLOR)
                left = max(x - year_w / 2, plot.left() - line_h)
                painter.drawText(
                    QRectF(left, plot.bottom() + line_h * 1.2, year_w, line_h),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    era_year_label(item.month),
                )
                last_year_right = left + year_w

    # -- interaction ---------------------------------------------------------------
    def month_at(self, x: float) -> ChartMonth | None:
        if not self._months or self._plot.width() <= 0 or not self._plot.left() <= x <= self._plot.right():
            return None
        index = int((x - self._plot.left()) / self._slot(self._plot))
        return self._months[min(index, len(self._months) - 1)]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        month = self.month_at(event.position().x())
        if month is None:
            QToolTip.hideText()
            return
        lines = [
            month_label(month.month),
            f"交付（計画）：{format_count(month.planned)}枚",
            f"交付（実績）：{format_count(month.actual)}枚",
            f"累計交付率（計画）：{format_rate(month.planned_rate)}",
            f"累計交付率（実績）：{format_rate(month.actual_rate)}",
        ]
        QToolTip.showText(event.globalPosition().toPoint(), "\n".join(lines), self)
