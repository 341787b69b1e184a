"""The bundled demo town (架空の「みどり町」), marked as a sample wherever it is shown."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from models.issuance.demo import demo_plan
from models.issuance.repository import IssuanceRepository
from models.procedures.demo import demo_checklist
from models.procedures.repository import ChecklistRepository
from models.resources import resource_path
from models.store.database import Store
from models.store.settings_repository import MetaRepository
from models.store.town_repository import TownRepository
from models.telework.demo import demo_plan as demo_telework_plan
from models.telework.repository import TeleworkRepository
from models.town import FIELD_BY_NAME, FieldKind, TownProfile


def demo_profile() -> TownProfile:
    data = json.loads(resource_path("demo", "demo_town.json").read_text(encoding="utf-8"))
    values: dict[str, Any] = {}
    for name, value in data["profile"].items():
        if FIELD_BY_NAME[name].kind is FieldKind.DATE and value:
            value = date.fromisoformat(value)
        values[name] = value
    return TownProfile(**values)


def create_demo(store: Store) -> None:
    """Fill an empty database with the demo town (profile, issuance plan and online
    procedure checklist, telework rollout) and mark it as a sample, in one transaction."""
    with store.atomic():
        TownRepository(store).replace_all(demo_profile())
        IssuanceRepository(store).save(demo_plan())
        ChecklistRepository(store).replace_all(demo_checklist())
        TeleworkRepository(store).save(demo_telework_plan())
        MetaRepository(store).set("is_sample", "1")
