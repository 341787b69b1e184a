"""Dialogs for one row of the 交付円滑化計画: 交付窓口, 土日開庁・夜間延長, 出張申請受付 and
申請促進の取組. Opened through :func:`gui.pages.issuance.dialogs.run`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from gui.pages.issuance.dialogs import (
    MAX_COUNT,
    RecordDialog,
    combo_box,
    count_editor,
    date_editor,
    date_message,
    decimal_of,
    hours_box,
    optional_date,
    select,
    spin_box,
)
from models.calendar import is_business_day, parse_date, to_wareki
from models.errors import ValidationError
from models.issuance.records import (
    MEASURE_KIND_LABELS,
    OPENING_KIND_LABELS,
    PLACE_TYPE_LABELS,
    WINDOW_KIND_LABELS,
    ExtraOpening,
    IssuanceWindow,
    PromotionEvent,
    PromotionMeasure,
)
from models.numbers import parse_count


class WindowDialog(RecordDialog):
    def __init__(self, window: IssuanceWindow | None, parent: QWidget | None = None) -> None:
        super().__init__("交付窓口の編集" if window else "交付窓口の追加", parent)
        self.original = window
        self.name = QLineEdit()
        self.name.setAccessibleName("窓口の名称")
        self.name.setPlaceholderText("例：本庁 住民課窓口")
        self.kind = combo_box(WINDOW_KIND_LABELS, "窓口の区分")
        self.terminals_baseline = spin_box(99, " 台", "統合端末数（現状）")
        self.terminals_target = spin_box(99, " 台", "統合端末数（目標）")
        self.staff_baseline = spin_box(999, " 人", "職員数（現状）")
        self.staff_target = spin_box(999, " 人", "職員数（目標）")
        self.weekday_hours = hours_box("平日の開設時間")
        self.open_from = date_editor("open_from", "開設期間（開始日）", "空欄：計画期間の初めから")
        self.open_until = date_editor("open_until", "開設期間（終了日）", "空欄：計画期間の終わりまで")
        self.add_row("name", "名称", self.name)
        self.add_row("kind", "区分", self.kind)
        self.add_row(
            "terminals", "統合端末数（現状 → 目標）", _pair(self.terminals_baseline, self.terminals_target)
        )
        self.add_row("staff", "職員数（現状 → 目標）", _pair(self.staff_baseline, self.staff_target))
        self.add_row("weekday_hours", "平日の開設時間（1日）", self.weekday_hours)
        self.add_row("open_from", "開設期間（開始日）", self.open_from)
        self.add_row("open_until", "開設期間（終了日）", self.open_until)
        if window is not None:
            self.name.setText(window.name)
            select(self.kind, window.kind)
            self.terminals_baseline.setValue(window.terminals_baseline)
            self.terminals_target.setValue(window.terminals_target)
            self.staff_baseline.setValue(window.staff_baseline)
            self.staff_target.setValue(window.staff_target)
            self.weekday_hours.setValue(float(window.weekday_hours))
            self.open_from.set_value(window.open_from)
            self.open_until.set_value(window.open_until)
        else:
            self.weekday_hours.setValue(7.75)
            self.terminals_target.setValue(1)
        self.name.textChanged.connect(self.validate)
        self.open_from.edited.connect(self.validate)
        self.open_until.edited.connect(self.validate)
        self.finish(deletable=window is not None)

    def messages(self) -> dict[str, str]:
        messages: dict[str, str] = {}
        if not self.name.text().strip():
            messages["name"] = "窓口の名称を入力してください。"
        for key, editor in (("open_from", self.open_from), ("open_until", self.open_until)):
            message = date_message(editor, required=False)
            if message:
                messages[key] = message
        if not messages:
            start, end = optional_date(self.open_from), optional_date(self.open_until)
            if start and end and end < start:
                messages["open_until"] = "終了日は開始日以降にしてください。"
        return messages

    def value(self) -> IssuanceWindow:
        return IssuanceWindow(
            name=self.name.text().strip(),
            kind=str(self.kind.currentData()),
            terminals_baseline=self.terminals_baseline.value(),
            terminals_target=self.terminals_target.value(),
            staff_baseline=self.staff_baseline.value(),
            staff_target=self.staff_target.value(),
            weekday_hours=decimal_of(self.weekday_hours),
            open_from=optional_date(self.open_from),
            open_until=optional_date(self.open_until),
            id=self.original.id if self.original else None,
        )


def _pair(baseline: QWidget, target: QWidget) -> QWidget:
    cell = QWidget()
    row = QHBoxLayout(cell)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel("現状"))
    row.addWidget(baseline)
    row.addWidget(QLabel("→ 目標"))
    row.addWidget(target)
    row.addStretch(1)
    return cell


class OpeningDialog(RecordDialog):
    """土日開庁 / 夜間延長 on one day, with its hours and the window that opens."""

    def __init__(
        self,
        opening: ExtraOpening | None,
        day: date,
        windows: tuple[IssuanceWindow, ...],
        *,
        weekend_hours: Decimal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("土日開庁・夜間延長の編集" if opening else "土日開庁・夜間延長の追加", parent)
        self.original = opening
        self.day = date_editor("day", "日付")
        self.kind = combo_box(OPENING_KIND_LABELS, "区分")
        self.hours = hours_box("時間数", 0.25)
        self.window_combo = QComboBox()
        self.window_combo.setAccessibleName("窓口")
        self.window_combo.addItem("本庁（主たる窓口）", None)
        for window in windows:
            if window.id is not None:
                self.window_combo.addItem(window.name, window.id)
        self.note = QLineEdit()
        self.note.setAccessibleName("備考")
        self.note.setPlaceholderText("例：9:00〜13:00 交付・申請受付")
        self.add_row("day", "日付", self.day)
        self.add_row("kind", "区分", self.kind)
        self.add_row("hours", "時間数（延長する時間）", self.hours)
        self.add_row("window", "窓口", self.window_combo)
        self.add_row("note", "備考", self.note)
        hint = QLabel("土日開庁は土日・祝日・年末年始の日、夜間延長は平日の夕方以降の延長です。")
        hint.setWordWrap(True)
        self.layout_.addWidget(hint)
        if opening is not None:
            self.day.set_value(opening.day)
            select(self.kind, opening.kind)
            self.hours.setValue(float(opening.hours))
            select(self.window_combo, opening.window_id)
            self.note.setText(opening.note)
        else:
            self.day.set_value(day)
            business = is_business_day(day)
            select(self.kind, "evening" if business else "weekend")
            self.hours.setValue(2.0 if business else float(weekend_hours))
        self.day.edited.connect(self.validate)
        self.kind.currentIndexChanged.connect(self.validate)
        self.finish(deletable=opening is not None)

    def messages(self) -> dict[str, str]:
        message = date_message(self.day, required=True)
        if message:
            return {"day": message}
        day = parse_date(self.day.raw())
        if self.kind.currentData() == "weekend" and is_business_day(day):
            return {
                "kind": f"{to_wareki(day, with_weekday=True)}は開庁日です。平日は「夜間延長」を選んでください。"
            }
        return {}

    def value(self) -> ExtraOpening:
        return ExtraOpening(
            day=parse_date(self.day.raw()),
            kind=str(self.kind.currentData()),
            hours=decimal_of(self.hours),
            window_id=self.window_combo.currentData(),
            note=self.note.text().strip(),
            id=self.original.id if self.original else None,
        )


class EventDialog(RecordDialog):
    def __init__(self, event: PromotionEvent | None, parent: QWidget | None = None) -> None:
        super().__init__("出張申請受付の編集" if event else "出張申請受付の追加", parent)
        self.original = event
        self.day = date_editor("day", "実施日")
        self.place_type = combo_box(PLACE_TYPE_LABELS, "場所の種類")
        self.place_name = QLineEdit()
        self.place_name.setAccessibleName("場所")
        self.place_name.setPlaceholderText("例：みどり町公民館")
        self.expected = count_editor("expected", "想定申請件数", "件")
        self.actual = count_editor("actual", "申請件数（実績）", "件（実施後に入力）")
        self.add_row("day", "実施日", self.day)
        self.add_row("place_type", "場所の種類", self.place_type)
        self.add_row("place_name", "場所", self.place_name)
        self.add_row("expected", "想定申請件数", self.expected)
        self.add_row("actual", "申請件数（実績）", self.actual)
        if event is not None:
            self.day.set_value(event.day)
            select(self.place_type, event.place_type)
            self.place_name.setText(event.place_name)
            self.expected.set_value(event.expected_applications)
            self.actual.set_value(event.actual_applications)
        else:
            self.expected.set_value(0)
        for editor in (self.day, self.expected, self.actual):
            editor.edited.connect(self.validate)
        self.place_name.textChanged.connect(self.validate)
        self.finish(deletable=event is not None)

    def messages(self) -> dict[str, str]:
        messages: dict[str, str] = {}
        message = date_message(self.day, required=True)
        if message:
            messages["day"] = message
        if not self.place_name.text().strip():
            messages["place_name"] = "場所を入力してください。"
        for key, editor, required in (("expected", self.expected, True), ("actual", self.actual, False)):
            text = editor.raw().strip()
            if not text and not required:
                continue
            try:
                parse_count(text, maximum=MAX_COUNT)
            except ValidationError as exc:
                messages[key] = exc.user_message
        return messages

    def value(self) -> PromotionEvent:
        actual = self.actual.raw().strip()
        return PromotionEvent(
            day=parse_date(self.day.raw()),
            place_type=str(self.place_type.currentData()),
            place_name=self.place_name.text().strip(),
            expected_applications=parse_count(self.expected.raw()),
            actual_applications=parse_count(actual) if actual else None,
            id=self.original.id if self.original else None,
        )


class MeasureDialog(RecordDialog):
    def __init__(self, measure: PromotionMeasure | None, parent: QWidget | None = None) -> None:
        super().__init__("申請促進の取組の編集" if measure else "申請促進の取組の追加", parent)
        self.original = measure
        self.kind = combo_box(MEASURE_KIND_LABELS, "区分")
        self.description = QLineEdit()
        self.description.setAccessibleName("内容")
        self.description.setPlaceholderText("例：未取得世帯へQRコード付き交付申請書を郵送")
        self.start = date_editor("start", "開始日", "空欄可")
        self.end = date_editor("end", "終了日", "空欄可")
        self.quantity = count_editor("quantity", "数量", "（送付数など・空欄可）")
        self.add_row("kind", "区分", self.kind)
        self.add_row("description", "内容", self.description)
        self.add_row("start", "開始日", self.start)
        self.add_row("end", "終了日", self.end)
        self.add_row("quantity", "数量", self.quantity)
        if measure is not None:
            select(self.kind, measure.kind)
            self.description.setText(measure.description)
            self.start.set_value(measure.start)
            self.end.set_value(measure.end)
            self.quantity.set_value(measure.quantity)
        for editor in (self.start, self.end, self.quantity):
            editor.edited.connect(self.validate)
        self.description.textChanged.connect(self.validate)
        self.finish(deletable=measure is not None)

    def messages(self) -> dict[str, str]:
        messages: dict[str, str] = {}
        if not self.description.text().strip():
            messages["description"] = "内容を入力してください。"
        for key, editor in (("start", self.start), ("end", self.end)):
            message = date_message(editor, required=False)
            if message:
                messages[key] = message
        if "start" not in messages and "end" not in messages:
            start, end = optional_date(self.start), optional_date(self.end)
            if start and end and end < start:
                messages["end"] = "終了日は開始日以降にしてください。"
        text = self.quantity.raw().strip()
        if text:
            try:
                parse_count(text, maximum=MAX_COUNT)
            except ValidationError as exc:
                messages["quantity"] = exc.user_message
        return messages

    def value(self) -> PromotionMeasure:
        quantity = self.quantity.raw().strip()
        return PromotionMeasure(
            kind=str(self.kind.currentData()),
            description=self.description.text().strip(),
            start=optional_date(self.start),
            end=optional_date(self.end),
            quantity=parse_count(quantity) if quantity else None,
            id=self.original.id if self.original else None,
        )
