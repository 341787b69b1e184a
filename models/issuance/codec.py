"""An IssuancePlan as JSON and back, exactly: the snapshot format of frozen versions.

Decimals are written as strings (``"7.75"`` stays ``Decimal("7.75")``, trailing zeros
included), dates as ISO strings, tuples as lists, the frozenset of 阻害要因 as a sorted
list. Decoding follows the dataclasses' type hints, so a field added later (with a default)
simply takes its default when an older snapshot lacks it. The output is canonical (sorted
keys, no spaces), so the same plan always gives the same text.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from models.issuance.records import IssuancePlan

__all__ = ["FORMAT", "plan_from_dict", "plan_from_json", "plan_to_dict", "plan_to_json"]

FORMAT = 1  # bump when the meaning of a stored field changes


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(_encode(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    raise TypeError(f"cannot encode {type(value).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(options[0], value)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_decode(item, v) for v in value)
    if origin is frozenset:
        item = typing.get_args(hint)[0]
        return frozenset(_decode(item, v) for v in value)
    if hint is Decimal:
        return Decimal(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"not an integer: {value!r}")
    if isinstance(hint, type) and is_dataclass(hint):
        return _decode_dataclass(hint, value)
    return value


def _decode_dataclass(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    known = {f.name for f in fields(cls)}
    values = {name: _decode(hints[name], v) for name, v in data.items() if name in known}
    return cls(**values)


def plan_to_dict(plan: IssuancePlan) -> dict[str, Any]:
    encoded = _encode(plan)
    assert isinstance(encoded, dict)
    return {"format": FORMAT, "plan": encoded}


def plan_from_dict(data: dict[str, Any]) -> IssuancePlan:
    if not isinstance(data, dict) or not isinstance(data.get("plan"), dict):
        raise ValueError("not an issuance plan snapshot")
    if int(data.get("format", 0)) > FORMAT:
        raise ValueError(f"snapshot format {data.get('format')} is newer than {FORMAT}")
    plan = _decode_dataclass(IssuancePlan, data["plan"])
    assert isinstance(plan, IssuancePlan)
    return plan


def plan_to_json(plan: IssuancePlan) -> str:
    """Canonical JSON of ``plan`` (sorted keys, compact, non-ASCII kept)."""
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def plan_from_json(text: str) -> IssuancePlan:
    """The plan written by :func:`plan_to_json` (``ValueError`` for anything else)."""
    return plan_from_dict(json.loads(text))
