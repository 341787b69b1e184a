"""Domain settings: stored in the database so they travel with backups and hand-over files."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DomainSettings:
    show_seireki: bool = False  # 西暦併記: 「令和6年(2024年)4月1日」
    backup_generations: int = 14  # automatic backups kept beside the database
    # capacity check of the issuance plan (PRODUCT.md §2.3)
    issuance_minutes_per_card: Decimal = Decimal(15)  # minutes one issuance takes at a terminal
    issuance_utilisation: Decimal = Decimal("0.8")  # share of open time a terminal is in use
    issuance_weekend_hours: Decimal = Decimal(4)  # hours of one extra weekend opening
    # 様式番号 printed top-left on each form (e.g. 「様式第1号」「資料1-1」)
    form_label_issuance: str = "様式1"
    form_label_procedures: str = "様式2"
    form_label_procedures_publication: str = "様式3"


SETTING_LABELS = {
    "show_seireki": "和暦に西暦を併記する",
    "backup_generations": "自動バックアップの保存世代数",
    "issuance_minutes_per_card": "交付1件あたりの所要時間（分）",
    "issuance_utilisation": "統合端末の稼働率",
    "issuance_weekend_hours": "土日開庁1日あたりの開庁時間",
    "form_label_issuance": "様式番号（交付円滑化計画）",
    "form_label_procedures": "様式番号（行政手続のオンライン化 取組状況）",
    "form_label_procedures_publication": "様式番号（情報通信技術の利用に関する状況の公表）",
}
DECIMAL_RANGES = {
    "issuance_minutes_per_card": (Decimal(1), Decimal(120)),
    "issuance_utilisation": (Decimal("0.1"), Decimal(1)),
    "issuance_weekend_hours": (Decimal("0.5"), Decimal(12)),
}
FORM_LABEL_MAX_LENGTH = 20
BACKUP_GENERATIONS_RANGE = (3, 100)


def validate_setting(name: str, value: object) -> None:
    """Raise ``ValidationError`` (Japanese) when a setting's value is out of range."""
    from models.errors import ValidationError

    if name == "backup_generations":
        low, high = BACKUP_GENERATIONS_RANGE
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValidationError(
                f"{SETTING_LABELS[name]}は{low}〜{high}の整数で指定してください。", field=name
            )
    elif name in DECIMAL_RANGES:
        low_d, high_d = DECIMAL_RANGES[name]
        if not isinstance(value, Decimal) or not value.is_finite() or not low_d <= value <= high_d:
            raise ValidationError(
                f"{SETTING_LABELS[name]}は{low_d}〜{high_d}の範囲で指定してください。", field=name
            )
    elif name.startswith("form_label_"):
        if not isinstance(value, str) or not value.strip() or len(value) > FORM_LABEL_MAX_LENGTH:
            raise ValidationError(
                f"{SETTING_LABELS[name]}は1〜{FORM_LABEL_MAX_LENGTH}文字で指定してください。", field=name
            )
    elif name == "show_seireki" and not isinstance(value, bool):
        raise ValidationError(f"{SETTING_LABELS[name]}の値が正しくありません。", field=name)
