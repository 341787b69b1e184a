"""Domain settings: stored in the database so they travel with backups and hand-over files."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DomainSettings:
    show_seireki: bool = False  # 西暦併記: 「令和6年(2024年)4月1日」
    backup_generations: int = 14  # automatic backups kept beside the database


SETTING_LABELS = {
    "show_seireki": "和暦に西暦を併記する",
    "backup_generations": "自動バックアップの保存世代数",
}
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
    elif name == "show_seireki" and not isinstance(value, bool):
        raise ValidationError(f"{SETTING_LABELS[name]}の値が正しくありません。", field=name)
