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
