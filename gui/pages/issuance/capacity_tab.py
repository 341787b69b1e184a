"""処理能力 tab: the capacity check of ``models.issuance.capacity`` per month (shortfall
months shaded and marked 「不足」), the way to the target, and the settings it uses."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from gui.commands import SettingEditCommand
from gui.pages.issuance.common import ERROR_STYLE, IssuanceTab, make_table
from gui.tables.issuance_tables import CapacityTableModel
from models.calendar import to_wareki
from models.issuance.capacity import CapacityReport
from models.issuance.labels import month_label
from models.numbers import format_count
from models.settings import DECIMAL_RANGES, SETTING_LABELS

if TYPE_CHECKING:
    from gui.pages.issuance_page import IssuancePage

#: setting → (decimals, step, suffix)
SETTING_SPINS = {
    "issuance_minutes_per_card": (1, 1.0, " 分"),
    "issuance_utilisation": (2, 0.05, ""),
    "issuance_weekend_hours": (2, 0.5, " 時間"),
}


class CapacityTab(IssuanceTab):
    key = "capacity"
    title = "処理能力"

    def __init__(self, page: IssuancePage) -> None:
        super().__init__(page)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        summary_box = QGroupBox("目標までの見通し")
        self.summary = QFormLayout(summary_box)
        self.labels: dict[str, QLabel] = {}
        for key, title in (
            ("target", "目標（最後の想定交付枚数）"),
            ("remaining", "目標までの残り"),
            ("required", "必要な交付枚数（開庁日1日あたり）"),
            ("pace", "現在のペース（直近3か月の平均）"),
            ("reached", "目標に達する見込み"),
            ("weekend_day", "土日開庁1日で増える交付可能枚数"),
        ):
            label = QLabel()
            label.setWordWrap(True)
            label.setAccessibleName(title)
            self.summary.addRow(f"{title}：", label)
            self.labels[key] = label
        top.addWidget(summary_box, 3)

        settings_box = QGroupBox("計算の前提（設定）")
        form = QFormLayout(settings_box)
        self.spins: dict[str, QDoubleSpinBox] = {}
        for name, (decimals, step, suffix) in SETTING_SPINS.items():
            spin = QDoubleSpinBox()
            low, high = DECIMAL_RANGES[name]
            spin.setRange(float(low), float(high))
            spin.setDecimals(decimals)
            spin.setSingleStep(step)
            spin.setSuffix(suffix)
            spin.setAccessibleName(SETTING_LABELS[name])
            spin.setEnabled(not self.readonly)
            spin.editingFinished.connect(lambda name=name: self._on_setting(name))
            form.addRow(f"{SETTING_LABELS[name]}：", spin)
            self.spins[name] = spin
        note = QLabel(
            "交付可能枚数 ＝ 窓口ごとの（目標の統合端末数 × その月の開設時間 × 60 ÷ 1件の所要時間 × 稼働率）の合計。"
            "開設時間は平日（祝日・年末年始を除く）と登録した土日開庁・夜間延長から計算します。"
        )
        note.setWordWrap(True)
        form.addRow(note)
        top.addWidget(settings_box, 2)
        layout.addLayout(top)

        self.shortfall = QLabel()
        self.shortfall.setWordWrap(True)
        self.shortfall.setAccessibleName("処理能力が不足する月")
        layout.addWidget(self.shortfall)
        self.model = CapacityTableModel(self)
        self.table = make_table(self.model, "月別の処理能力の表", stretch=(6, 7), rows=6)
        layout.addWidget(self.table, 1)

    def load(self) -> None:
        settings = self.session.domain_settings
        for name, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(float(getattr(settings, name)))
            spin.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        report = self.page.capacity()
        self.model.set_rows(report.months)
        self._show_summary(report)
        short = report.shortfall_months
        if short:
            names = "、".join(month_label(m.month) for m in short)
            self.shortfall.setText(
                f"⚠ 計画交付枚数が交付可能枚数を上回る月（不足）：{len(short)}か月（{names}）"
            )
            self.shortfall.setStyleSheet(ERROR_STYLE)
        elif report.months:
            self.shortfall.setText("✓ すべての月で計画交付枚数を交付できる見込みです。")
            self.shortfall.setStyleSheet("")
        else:
            self.shortfall.setText("計画期間と交付窓口を入力すると、月ごとの処理能力を確認できます。")
            self.shortfall.setStyleSheet("")

    def _show_summary(self, report: CapacityReport) -> None:
        labels = self.labels
        if report.target is None:
            for label in labels.values():
                label.setText("－")
            labels["target"].setText("想定交付枚数（計画・想定交付枚数タブ）を入力してください。")
        else:
            when = f"（{to_wareki(report.target_date)}）" if report.target_date else ""
            labels["target"].setText(f"{format_count(report.target)}枚{when}")
            labels["remaining"].setText(
                "－"
                if report.remaining_to_target is None
                else f"{format_count(report.remaining_to_target)}枚"
            )
            if report.required_per_business_day is None:
                labels["required"].setText("目標の時期を過ぎているため計算できません。")
            else:
                days = (
                    f"（残り開庁日 {report.remaining_business_days}日）"
                    if report.remaining_business_days is not None
                    else ""
                )
                labels["required"].setText(f"{report.required_per_business_day}枚{days}")
            if report.reached_month is not None:
                late = report.target_date is not None and report.reached_month > report.target_date
                text = f"{month_label(report.reached_month)}"
                labels["reached"].setText(text + ("（⚠ 目標の時期より遅れます）" if late else ""))
            elif report.pace_per_month is None:
                labels["reached"].setText("実績が入力されていないため見込めません。")
            else:
                labels["reached"].setText("現在のペースでは達しません。")
        labels["pace"].setText("－" if report.pace_per_month is None else f"{report.pace_per_month}枚／月")
        labels["weekend_day"].setText(
            f"{report.weekend_day_capacity.quantize(Decimal('0.1'))}枚"
            if report.weekend_day_capacity
            else "－（本庁に統合端末がありません）"
        )

    def _on_setting(self, name: str) -> None:
        if self.readonly:
            return
        decimals = SETTING_SPINS[name][0]
        new = Decimal(f"{self.spins[name].value():.{decimals}f}")
        old = getattr(self.session.domain_settings, name)
        if new == old:
            return
        self.session.undo_stack.push(SettingEditCommand(self.session, name, SETTING_LABELS[name], old, new))
