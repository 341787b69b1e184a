"""A month calendar for 土日開庁・夜間延長: 国民の祝日 and 年末年始 are marked with their
name, planned openings with their kind and hours; clicking a day asks the page to add or
edit the opening on that day (``day_chosen``).

Marks are text as well as colour: 「祝」 names the holiday, 「土日 4h」「夜間 2h」 the opening.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from models.calendar import holiday_name, is_year_end_closure, to_wareki
from models.issuance.records import OPENING_KIND_LABELS, ExtraOpening

HOLIDAY_COLOR = QColor("#c62828")
SATURDAY_COLOR = QColor("#1e5aa8")
CLOSED_BACKGROUND = QColor("#f3f4f6")
OPENING_COLORS = {"weekend": QColor("#d7ecd9"), "evening": QColor("#fff1c2")}
OPENING_TEXT = QColor("#1b4d1f")
OPENING_SHORT = {"weekend": "土日", "evening": "夜間"}


def hours_text(hours: Decimal) -> str:
    """「4h」「2.5h」."""
    return f"{hours.normalize():f}h"


def describe_day(day: date, openings: list[ExtraOpening]) -> str:
    """What the calendar shows for one day, in words."""
    parts = [to_wareki(day, with_weekday=True)]
    name = holiday_name(day)
    if name:
        parts.append(name if is_year_end_closure(day) and name == "年末年始" else f"{name}（祝日）")
    for opening in openings:
        if opening.day == day:
            label = OPENING_KIND_LABELS.get(opening.kind, opening.kind)
            note = f"・{opening.note}" if opening.note else ""
            parts.append(f"{label} {opening.hours.normalize():f}時間{note}")
    return "：".join(parts[:1]) + ("：" + "／".join(parts[1:]) if len(parts) > 1 else "")


class OpeningCalendar(QCalendarWidget):
    day_chosen = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._openings: dict[date, list[ExtraOpening]] = {}
        self.setFirstDayOfWeek(Qt.DayOfWeek.Sunday)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        saturday = QTextCharFormat()
        saturday.setForeground(SATURDAY_COLOR)
        self.setWeekdayTextFormat(Qt.DayOfWeek.Saturday, saturday)
        sunday = QTextCharFormat()
        sunday.setForeground(HOLIDAY_COLOR)
        self.setWeekdayTextFormat(Qt.DayOfWeek.Sunday, sunday)
        self.setMinimumSize(460, 360)
        self.setAccessibleName("土日開庁・夜間延長のカレンダー")
        self.clicked.connect(self._on_clicked)
        self.activated.connect(self._on_clicked)

    def set_openings(self, openings: tuple[ExtraOpening, ...] | list[ExtraOpening]) -> None:
        self._openings = {}
        for opening in openings:
            self._openings.setdefault(opening.day, []).append(opening)
        self.updateCells()

    def openings_on(self, day: date) -> list[ExtraOpening]:
        return list(self._openings.get(day, []))

    def show_month(self, day: date) -> None:
        """Show the month of ``day``; the selection moves there unless it already is."""
        selected = self.selectedDate()
        if (selected.year(), selected.month()) != (day.year, day.month):
            self.setSelectedDate(QDate(day.year, day.month, day.day))
        self.setCurrentPage(day.year, day.month)

    def _on_clicked(self, qdate: QDate) -> None:
        self.day_chosen.emit(date(qdate.year(), qdate.month(), qdate.day()))

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        day = date(qdate.year(), qdate.month(), qdate.day())
        in_month = qdate.month() == self.monthShown()
        name = holiday_name(day)
        openings = self._openings.get(day, [])
        painter.save()
        if openings:
            painter.fillRect(
                rect.adjusted(1, 1, -1, -1), OPENING_COLORS.get(openings[0].kind, OPENING_COLORS["weekend"])
            )
        elif name:
            painter.fillRect(rect.adjusted(1, 1, -1, -1), CLOSED_BACKGROUND)
        if qdate == self.selectedDate():
            painter.setPen(QColor("#1f5fa8"))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        font = QFont(self.font())
        painter.setFont(font)
        fm = painter.fontMetrics()
        if name or day.weekday() == 6:
            color = HOLIDAY_COLOR
        elif day.weekday() == 5:
            color = SATURDAY_COLOR
        else:
            color = QColor("#1f2933")
        if not in_month:
            color = QColor("#b0b6bd")
        painter.setPen(color)
        top = rect.adjusted(4, 2, -4, 0)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(qdate.day()))
        if in_month:
            small = QFont(font)
            small.setPointSizeF(max(6.5, font.pointSizeF() * 0.72))
            painter.setFont(small)
            sfm = painter.fontMetrics()
            lines: list[tuple[str, QColor]] = []
            if name:
                lines.append((name, HOLIDAY_COLOR))
            for opening in openings:
                lines.append(
                    (f"{OPENING_SHORT.get(opening.kind, '')} {hours_text(opening.hours)}", OPENING_TEXT)
                )
            y = rect.top() + fm.height() + 2
            for text, line_color in lines:
                if y + sfm.height() > rect.bottom():
                    break
                painter.setPen(line_color)
                elided = sfm.elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 6)
                painter.drawText(
                    QRect(rect.left() + 3, y, rect.width() - 6, sfm.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    elided,
                )
                y += sfm.height()
        painter.restore()
